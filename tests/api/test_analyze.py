"""POST /api/v1/analyze: the command line's analysis document for every kind of body, and a
JSON error with the right status for every bad one; the service keeps serving after each."""

from __future__ import annotations

import gzip
import json

import pytest

from slant.cli.main import main
from slant.doc.document import validate_document

from .conftest import ARTICLE


def cli_document(tmp_path, monkeypatch, capsys, name: str, data: bytes) -> dict:
    """What `slant analyze NAME --format json` prints for a file NAME holding ``data``."""
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["analyze", name, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


TITLE, FIRST, SECOND = ARTICLE.split("\n\n")
PAGE = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1><p>{FIRST}</p><p>{SECOND}</p>"
        "</article></body></html>")


@pytest.mark.parametrize("name, data", [
    ("story.txt", ARTICLE.encode("utf-8")),
    ("page.html", PAGE.encode("utf-8")),
    ("story.txt.gz", gzip.compress(ARTICLE.encode("cp1251", errors="ignore"))),
])
def test_an_upload_gets_the_document_the_command_line_writes(client, tmp_path, monkeypatch, capsys, name, data):
    expected = cli_document(tmp_path, monkeypatch, capsys, name, data)
    response = client.post("/api/v1/analyze", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected
    assert expected["findings"]


def test_json_text_gets_the_command_line_document_but_for_its_source(client, tmp_path, monkeypatch, capsys):
    text = "Хулиганы снова\n\nShameful hooligans wrecked the square again, the police said on Monday."
    expected = cli_document(tmp_path, monkeypatch, capsys, "story.txt", text.encode("utf-8"))
    response = client.post("/api/v1/analyze", json={"text": text})
    assert response.status_code == 200, response.text
    document = response.json()
    validate_document(document)
    assert document["source"] == "<request>"
    assert {**document, "source": "story.txt"} == expected
    found = {document["text"][f["start"]:f["end"]].lower() for f in document["findings"]}
    assert found == {"hooligans", "shameful"}


def test_fields_reach_the_document(client):
    response = client.post("/api/v1/analyze", json={
        "html": "<html><body><p>Shameful hooligans wrecked the market square on Saturday night.</p></body></html>",
        "url": "https://news.example/square", "title": "The square", "lang": "en"})
    assert response.status_code == 200, response.text
    document = response.json()
    assert (document["title"], document["language"]) == ("The square", "en")
    assert document["metadata"]["url"] == "https://news.example/square"
    assert document["metadata"]["site"] == "news.example"


def test_raw_text_and_html_bodies(client):
    for media, body in (("text/plain; charset=utf-8", ARTICLE), ("text/html", PAGE)):
        response = client.post("/api/v1/analyze", content=body.encode(), headers={"content-type": media})
        assert response.status_code == 200, response.text
        assert [f["technique"] for f in response.json()["findings"]][:1] == ["Name_Calling-Labeling"]


def test_html_format_is_the_self_contained_report(client, payloads):
    response = client.post("/api/v1/analyze?format=html", json={"text": f"Title {payloads.script}\n\n{ARTICLE}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert payloads.script not in response.text and "&lt;script&gt;" in response.text
    assert 'data-technique="Name_Calling-Labeling"' in response.text


@pytest.mark.parametrize("body, field, words", [
    ({}, "body", 'give the document as "text"'),
    ({"text": "a", "html": "<p>a</p>"}, "body", 'not both'),
    ({"text": ""}, "text", "at least 1 character"),
    ({"text": 5}, "text", "valid string"),
    ({"text": "fine", "lang": "english!"}, "lang", "not a language code"),
    ({"text": "fine", "colour": "red"}, "colour", "not a field of this request"),
    ({"text": "bad \ud800 surrogate"}, "text", "unicode"),
    ({"text": "nul \x00 here"}, "text", "NUL"),
])
def test_bad_fields_are_422_naming_the_field(client, body, field, words):
    response = client.post("/api/v1/analyze", content=json.dumps(body).encode(), headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["status"] == 422 and words in error["message"]
    assert [problem["field"] for problem in error["problems"]] == [field]


@pytest.mark.parametrize("body", [b"{bad json", b"\xff\xfe\x00", b"", b"[1, 2]", b"\"text\""])
def test_malformed_json_is_422(client, body):
    response = client.post("/api/v1/analyze", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert "JSON" in response.json()["message"]


def test_a_document_without_article_text_is_422(client):
    response = client.post("/api/v1/analyze", json={"html": "<html><body><script>x()</script></body></html>"})
    assert response.status_code == 422
    assert response.json()["message"].startswith("<request>: found no article text")


@pytest.mark.parametrize("name, data", [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
    ("story.txt", bytes(range(256)) * 40),
    ("story.txt.gz", b"\x1f\x8b" + b"not really gzip" * 10),
    ("crawl.warc", b"WARC/1.0\r\n"),
])
def test_an_unreadable_upload_is_415(client, name, data):
    response = client.post("/api/v1/analyze", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 415, response.text
    assert response.json()["message"].startswith(name)
    assert client.post("/api/v1/analyze", json={"text": ARTICLE}).status_code == 200  # still serving


def test_an_unknown_body_type_is_415_saying_what_to_send(client):
    response = client.post("/api/v1/analyze", content=b"\x00\x01", headers={"content-type": "application/octet-stream"})
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]


def test_a_body_over_the_limit_is_413_before_it_is_read(tmp_path, fake_models):
    from fastapi.testclient import TestClient

    from slant.api.app import create_app

    from .conftest import open_service

    service = open_service(tmp_path / "corpus.db", max_body_bytes=1000)
    with TestClient(create_app(service)) as client:
        declared = client.post("/api/v1/analyze", content=b"x" * 5000, headers={"content-type": "text/plain"})
        assert declared.status_code == 413
        assert "over the limit of 0.001 MB" in declared.json()["message"]

        def chunks():  # no Content-Length: the limit counts what comes in
            for _ in range(10):
                yield b"y" * 400

        streamed = client.post("/api/v1/analyze", content=chunks(), headers={"content-type": "text/plain"})
        assert streamed.status_code == 413, streamed.text
        upload = client.post("/api/v1/analyze", files={"file": ("big.txt", b"z" * 4000)})
        assert upload.status_code == 413
        small = client.post("/api/v1/analyze", json={"text": "Shameful hooligans again."})
        assert small.status_code == 200


def test_errors_elsewhere_are_json_too(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and "/api/v1" in missing.json()["message"]
    wrong = client.get("/api/v1/analyze")
    assert wrong.status_code == 405 and "GET is not allowed" in wrong.json()["message"]
    assert client.get("/api/v1/articles", params={"limit": 0}).json()["problems"][0]["field"] == "query.limit"


def test_healthz(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["articles"] == 0
    assert client.get("/healthz").headers["x-content-type-options"] == "nosniff"
