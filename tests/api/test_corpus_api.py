"""The corpus over HTTP: adding one article or a batch (a job with progress and failures),
searching, one article's analysis, and the corpus views (501 while this version lacks one)."""

from __future__ import annotations

import gzip
import json
import sys
import types

import pytest

from .conftest import ARTICLE, wait_for_job


def story(title: str, word: str = "hooligans") -> str:
    return f"{title}\n\nThe {word} gathered at the harbour on Monday, the police said.\n\nThe mayor asked for calm."


def test_adding_one_article_stores_it_once(client):
    first = client.post("/api/v1/articles", json={"text": ARTICLE, "url": "https://north.example/a"})
    assert first.status_code == 201, first.text
    added = first.json()
    assert added["added"] is True
    article = added["article"]
    assert (article["site"], article["status"], article["title"]) == ("north.example", "analysed",
                                                                      "Hooligans wreck the square")
    assert first.headers["location"] == f"/api/v1/articles/{article['id']}"
    again = client.post("/api/v1/articles", files={"file": ("copy.txt", ARTICLE.encode())})
    assert again.status_code == 200 and again.json()["added"] is False
    assert again.json()["article"]["id"] == article["id"]
    assert client.get("/healthz").json()["articles"] == 1


def test_a_stored_analysis_is_the_analyze_document(client):
    analysed = client.post("/api/v1/analyze", json={"text": ARTICLE}).json()
    article_id = client.post("/api/v1/articles", json={"text": ARTICLE}).json()["article"]["id"]
    assert client.get(f"/api/v1/articles/{article_id}").json() == analysed
    assert client.get(f"/api/v1/articles/{article_id[:6]}").json()["id"] == article_id
    report = client.get(f"/api/v1/articles/{article_id}?format=html")
    assert report.headers["content-type"].startswith("text/html") and "Hooligans wreck the square" in report.text
    missing = client.get("/api/v1/articles/ffffffff")
    assert missing.status_code == 404 and "no article 'ffffffff'" in missing.json()["message"]
    assert client.get("/api/v1/articles/not-an-id").status_code == 422


def test_a_batch_is_a_job_with_progress_and_failures(client):
    response = client.post("/api/v1/articles/batch", json={"articles": [
        {"text": story("Harbour one"), "url": "https://north.example/1"},
        {"html": "<html><body><script>only()</script></body></html>"},
        {"text": story("Harbour two", "shameful crowd"), "url": "https://south.example/2", "lang": "en"},
        {"text": story("Harbour one"), "url": "https://north.example/1"},
    ]})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["total"] == 4 and job["status"] in ("queued", "running", "done")
    job = wait_for_job(client, response.headers["location"])
    assert (job["status"], job["processed"], job["added"], job["skipped"], job["failed"]) == ("done", 4, 2, 1, 1)
    assert job["failures"][0]["source"] == "<request>#2"
    assert "found no article text" in job["failures"][0]["error"]
    assert [listed["id"] for listed in client.get("/api/v1/jobs").json()["jobs"]] == [job["id"]]
    assert client.get("/api/v1/articles").json()["total"] == 2


def test_a_batch_of_uploaded_files(client):
    jsonl = "".join(json.dumps({"text": story(f"Record {n}"), "url": f"https://records.example/{n}"}) + "\n"
                    for n in range(3))
    response = client.post("/api/v1/articles/batch", files=[
        ("files", ("records.jsonl.gz", gzip.compress(jsonl.encode()), "application/gzip")),
        ("files", ("page.txt", story("A page").encode(), "text/plain")),
        ("files", ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "image/png")),
    ])
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.headers["location"])
    assert (job["status"], job["total"], job["added"], job["failed"]) == ("done", 5, 4, 1)
    assert job["failures"][0]["source"] == "photo.png" and "binary" in job["failures"][0]["error"]
    sources = {item["source"] for item in client.get("/api/v1/articles").json()["items"]}
    assert sources == {"records.jsonl.gz#1", "records.jsonl.gz#2", "records.jsonl.gz#3", "page.txt"}


def test_bad_batches(client):
    assert client.post("/api/v1/articles/batch", json={"articles": []}).status_code == 422
    bad = client.post("/api/v1/articles/batch", json={"articles": [{"text": "ok"}, {"txt": "typo"}]})
    assert bad.status_code == 422
    assert [problem["field"] for problem in bad.json()["problems"]] == ["articles.1.txt"]
    assert client.post("/api/v1/articles/batch", content=b"x", headers={"content-type": "text/csv"}).status_code == 415
    assert client.get("/api/v1/jobs/" + "0" * 32).status_code == 404


def test_a_job_of_another_process_is_answered_from_the_store(client, service):
    run = service.store.start_run(options={"job": "a" * 32, "total": 3})
    service.store.finish_run(run)
    job = client.get("/api/v1/jobs/" + "a" * 32).json()
    assert (job["status"], job["total"], job["processed"]) == ("done", 3, 0)


def test_search_filters(client):
    batch = client.post("/api/v1/articles/batch", json={"articles": [
        {"html": f"<html><head><meta property='article:published_time' content='2026-03-0{n}'></head><body>"
                 f"<h1>Harbour {n}</h1><p>The {word} gathered at the harbour on Monday, the police said today.</p>"
                 f"<p>The mayor asked everyone for calm and patience.</p></body></html>",
         "url": f"https://{site}/{n}"}
        for n, word, site in ((1, "hooligans", "north.example"), (2, "shameful crowd", "south.example"),
                              (3, "quiet crowd", "north.example"))]})
    wait_for_job(client, batch.headers["location"])

    def found(**params) -> list[str]:
        response = client.get("/api/v1/articles", params=params)
        assert response.status_code == 200, response.text
        return [item["title"] for item in response.json()["items"]]

    assert found() == ["Harbour 3", "Harbour 2", "Harbour 1"]
    assert found(site="north.example") == ["Harbour 3", "Harbour 1"]
    assert found(technique="Loaded_Language") == ["Harbour 2"]
    assert found(q="quiet") == ["Harbour 3"]
    assert found(published_from="2026-03-02", published_to="2026-03-02") == ["Harbour 2"]
    assert found(language="de") == []
    assert found(limit=1, offset=1) == ["Harbour 2"]
    assert client.get("/api/v1/articles", params={"technique": "Nope"}).status_code == 422
    assert client.get("/api/v1/articles", params={"published_from": "March"}).status_code == 422
    assert client.get("/api/v1/articles", params={"q": "a\x00b"}).status_code == 422


@pytest.mark.parametrize("path, what", [("/api/v1/outlets", "outlet profiles"), ("/api/v1/stories", "stories"),
                                        ("/api/v1/syndication", "syndication groups")])
def test_a_view_this_version_lacks_is_501(client, monkeypatch, path, what):
    from slant.api.routes import VIEWS

    name = path.rsplit("/", 1)[1]
    monkeypatch.setitem(VIEWS, name, ("slant.corpus.not_here", "nothing", what))
    response = client.get(path)
    assert response.status_code == 501
    assert response.json()["message"] == f"{what} are not available in this version"
    module, function = {"outlets": ("slant.corpus.outlets", "outlet_profiles"),
                           "stories": ("slant.corpus.stories", "find_stories"),
                           "syndication": ("slant.corpus.syndication", "store_syndication_groups")}[name]
    monkeypatch.setitem(VIEWS, name, (module, "no_such_function", what))
    assert client.get(path).status_code == 501


class Item:
    def __init__(self, **fields) -> None:
        self.fields = fields

    def to_dict(self) -> dict:
        return dict(self.fields)


@pytest.fixture
def fake_views(monkeypatch):
    """Small stand-ins for the corpus views, each a module with the function the service looks up."""
    calls = []
    views = {}
    for name, function, items in (
        ("outlets", "outlet_profiles", [Item(site="north.example", articles=2,
                                             categories={"attack_on_reputation": 0.5, "justification": 0.25})]),
        ("stories", "find_stories", [Item(title="Harbour unrest", articles=[
            {"id": "a" * 16, "title": "Second", "published": "2026-03-05", "site": "south.example"},
            {"id": "b" * 16, "title": "First", "published": "2026-03-01", "site": "north.example"}])]),
        ("groups", "store_syndication_groups", [Item(members=["a" * 16, "b" * 16], original="a" * 16, pairs=[],
                                                     changes=[{"kind": "headline", "a": "Old", "b": "New"}])]),
    ):
        module = types.ModuleType(f"fake_{name}")

        def view(store, items=items, name=name):
            calls.append(name)
            return items

        setattr(module, function, view)
        sys.modules[module.__name__] = module
        monkeypatch.setitem(sys.modules, module.__name__, module)
        views[name] = (module.__name__, function)
    from slant.api.routes import VIEWS

    monkeypatch.setitem(VIEWS, "outlets", (*views["outlets"], "outlet profiles"))
    monkeypatch.setitem(VIEWS, "stories", (*views["stories"], "stories"))
    monkeypatch.setitem(VIEWS, "syndication", (*views["groups"], "syndication groups"))
    return calls


def test_views_return_what_the_corpus_modules_give(client, fake_views):
    outlets = client.get("/api/v1/outlets").json()["items"]
    assert outlets == [{"site": "north.example", "articles": 2,
                        "categories": {"attack_on_reputation": 0.5, "justification": 0.25}}]
    assert client.get("/api/v1/stories").json()["items"][0]["title"] == "Harbour unrest"
    assert client.get("/api/v1/syndication").json()["items"][0]["original"] == "a" * 16
    assert fake_views == ["outlets", "stories", "groups"]


def test_syndication_pairs(client):
    text = story("Same story everywhere", "hooligans") + "\n\nA fourth sentence that both copies carry along too."
    for site in ("north.example", "south.example"):
        client.post("/api/v1/articles", json={"text": text + f"\n\nFiled for {site} readers.",
                                              "url": f"https://{site}/x"})
    pairs = client.get("/api/v1/syndication/pairs").json()["items"]
    assert [(pair["a"], pair["b"]) for pair in pairs] == [("https://north.example/x", "https://south.example/x")]
    assert pairs[0]["relation"] in ("copy", "partial") and pairs[0]["evidence"]
