"""The web UI's pages as served (no browser): forms, the corpus list, the views, the token,
and untrusted text always escaped. tests/api/test_browser.py drives the same pages in Chromium."""

from __future__ import annotations

import pytest

from .conftest import ARTICLE, open_service, wait_for_job
from .test_corpus_api import fake_views  # noqa: F401  (a fixture)

HOSTILE_TITLE = '</title><script>window.__fired=1</script><img src=x onerror="window.__fired=2">'


def hostile_text(payloads) -> str:
    return (f"{HOSTILE_TITLE}\n\nShameful hooligans {payloads.script} met at "
            f'<a href="javascript:window.__fired=3">the square</a> {payloads.img}.\n\n'
            f"They said {payloads.attr} and left.")


def add(client, text: str, url: str | None = None, title: str | None = None) -> str:
    fields = {"text": text, **({"url": url} if url else {}), **({"title": title} if title else {})}
    response = client.post("/api/v1/articles", json=fields)
    assert response.status_code in (200, 201), response.text
    return response.json()["article"]["id"]


def raw_markup(html: str) -> list[str]:
    """Elements and attributes in ``html`` that could run code: scripts other than the service's
    own, images, event handlers and javascript: links (text that only looks like them is fine)."""
    from html.parser import HTMLParser

    from slant.output.html import SCRIPT

    found: list[str] = []

    class Finder(HTMLParser):
        in_script = False

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "script":
                self.in_script = attributes.get("src") != "/static/app.js"
            elif tag in ("img", "iframe", "object", "embed"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"{tag} {name}={value}")

        def handle_endtag(self, tag):
            self.in_script = False if tag == "script" else self.in_script

        def handle_data(self, data):
            if self.in_script and data != SCRIPT:
                found.append(f"script {data[:60]}")

    Finder().feed(html)
    return found


def test_every_page_answers_with_the_policy(client):
    for path in ("/", "/articles", "/syndication", "/outlets", "/stories", "/jobs", "/login"):
        response = client.get(path)
        assert response.status_code in (200, 501), (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
        assert '<script src="/static/app.js" defer></script>' in response.text
        assert 'name="viewport"' in response.text
    assert "use strict" in client.get("/static/app.js").text


def test_the_form_gives_the_report(client):
    page = client.get("/")
    assert '<textarea id="text" name="text"' in page.text and 'type="file"' in page.text
    response = client.post("/analyze", data={"text": ARTICLE, "lang": "auto"})
    assert response.status_code == 200
    assert 'data-technique="Name_Calling-Labeling"' in response.text
    assert '<a href="/articles">Corpus</a>' in response.text  # the way back
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    upload = client.post("/analyze", files={"file": ("story.txt", ARTICLE.encode())}, data={"text": ""})
    assert upload.status_code == 200 and "Hooligans wreck the square" in upload.text


def test_a_bad_form_comes_back_with_the_message_and_the_text(client, payloads):
    response = client.post("/analyze", data={"text": "   "})
    assert response.status_code == 422
    assert 'give the document as "text"' in response.text.replace("&#34;", '"')
    binary = client.post("/analyze", files={"file": ("x.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)},
                         data={"text": payloads.script})
    assert binary.status_code == 415 and "looks like binary data" in binary.text
    assert payloads.script not in binary.text and "&lt;script&gt;" in binary.text  # the text is kept, escaped


def test_hostile_text_is_escaped_on_every_page(client, payloads, fake_views):  # noqa: F811
    first = add(client, hostile_text(payloads), "javascript:window.__fired=5", HOSTILE_TITLE)
    second = add(client, hostile_text(payloads) + "\n\nOne more line.", "https://south.example/copy", HOSTILE_TITLE)
    pages = [client.get(path).text for path in (
        "/articles", f"/articles/{first}", f"/articles?q={payloads.script}", "/outlets", "/stories",
        f"/syndication/compare?a={first}&b={second}", "/jobs")]
    for html in pages:
        assert raw_markup(html) == [], raw_markup(html)
    listing = pages[0]
    assert "&lt;/title&gt;&lt;script&gt;" in listing


def test_corpus_list_filters_and_pages(client):
    job = client.post("/api/v1/articles/batch", json={"articles": [
        {"text": f"Story {n}\n\nThe {'shameful' if n % 2 else 'calm'} crowd met on day {n} at the harbour.",
         "url": f"https://{'north' if n % 3 else 'south'}.example/{n}"} for n in range(30)]})
    wait_for_job(client, job.headers["location"])
    first = client.get("/articles")
    assert "30 articles, page 1 of 2." in first.text
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    second = client.get("/articles?page=2")
    assert second.text.count('<td data-label="Article">') == 5 and 'rel="prev"' in second.text
    loaded = client.get("/articles", params={"technique": "Loaded_Language", "site": "north.example"})
    assert "10 articles." in loaded.text
    assert '<option value="north.example" selected>' in loaded.text
    bad = client.get("/articles", params={"from": "yesterday"})
    assert bad.status_code == 422 and "is not a date" in bad.text


def test_views_render_the_dicts_they_are_given(client, fake_views):  # noqa: F811
    outlets = client.get("/outlets").text
    assert "north.example" in outlets
    assert '<svg class="bars" role="img"' in outlets and "Attack on reputation" in outlets
    stories = client.get("/stories").text
    assert stories.index("First") < stories.index("Second")  # the timeline is in time order
    assert '<ol class="timeline">' in stories and f'href="/articles/{"b" * 16}"' in stories
    groups = client.get("/syndication").text
    assert "original" in groups and f"/syndication/compare?a={'a' * 16}&amp;b={'b' * 16}" in groups
    assert "headline" in groups


def test_views_this_version_lacks_say_so(client, monkeypatch):
    from slant.api.routes import VIEWS

    monkeypatch.setitem(VIEWS, "outlets", ("slant.corpus.not_here", "x", "outlet profiles"))
    response = client.get("/outlets")
    assert response.status_code == 501 and "outlet profiles are not available in this version" in response.text
    monkeypatch.setitem(VIEWS, "syndication", ("slant.corpus.not_here", "x", "syndication groups"))
    page = client.get("/syndication")
    assert page.status_code == 200 and "syndication groups are not available in this version" in page.text


def test_side_by_side_aligns_sentences_and_marks_changes(client):
    lead = ("Hooligans wreck the harbour market\n\nShameful hooligans wrecked the market square on Saturday night. "
            "The police arrested four men near the old fish market. Traders counted the damage on Sunday morning.")
    first = add(client, lead + "\n\nThe mayor promised new lights.", "https://north.example/a")
    second = add(client, lead.replace("four men", "five men") + "\n\nRead more on our site today please.",
                 "https://south.example/b")
    page = client.get(f"/syndication/compare?a={first}&b={second}")
    assert page.status_code == 200
    assert "aligned sentence" in page.text
    assert "<del>four</del>" in page.text and "<ins>five</ins>" in page.text
    assert 'class="compare-row only"' in page.text and "The mayor promised new lights." in page.text
    assert client.get(f"/syndication/compare?a={first}&b=zz").status_code == 422


def test_the_jobs_page_adds_and_follows(client):
    response = client.post("/jobs", data={"text": ARTICLE}, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    job = wait_for_job(client, "/api/v1" + location)
    page = client.get(location).text
    assert f'data-job="/api/v1{location}"' in page and job["status"] == "done"
    assert "Recent jobs" in client.get("/jobs").text
    nothing = client.post("/jobs", data={"text": ""})
    assert nothing.status_code == 422 and "nothing to add" in nothing.text


def test_posts_from_other_sites_are_refused(client):
    response = client.post("/analyze", data={"text": ARTICLE}, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert client.post("/analyze", data={"text": ARTICLE}, headers={"origin": "http://testserver"}).status_code == 200


@pytest.fixture
def guarded(tmp_path, fake_models):
    from fastapi.testclient import TestClient

    from slant.api.app import create_app

    service = open_service(tmp_path / "corpus.db", token="correct-horse-battery")
    with TestClient(create_app(service)) as test_client:
        yield test_client


def test_with_a_token_every_route_needs_it(guarded):
    api = guarded.post("/api/v1/analyze", json={"text": ARTICLE})
    assert api.status_code == 401 and api.headers["www-authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in api.json()["message"]
    assert guarded.get("/openapi.json").status_code == 401
    page = guarded.get("/articles?q=x", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Farticles%3Fq%3Dx"
    assert guarded.get("/healthz").status_code == 200 and guarded.get("/static/app.css").status_code == 200
    wrong = guarded.post("/api/v1/analyze", json={"text": ARTICLE}, headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = guarded.post("/api/v1/analyze", json={"text": ARTICLE},
                         headers={"authorization": "Bearer correct-horse-battery"})
    assert right.status_code == 200


def test_signing_in_sets_a_cookie_for_the_pages(guarded):
    refused = guarded.post("/login", data={"token": "nope", "next": "/articles"})
    assert refused.status_code == 401 and "not the service" in refused.text
    signed = guarded.post("/login", data={"token": "correct-horse-battery", "next": "//evil.example/"},
                          follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/"  # never to another site
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "correct-horse-battery" not in cookie
    assert guarded.get("/articles").status_code == 200  # the client keeps the cookie
    assert guarded.get("/api/v1/articles").status_code == 200
