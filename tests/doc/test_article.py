import json

import pytest

from slant.doc.article import SCHEMA_VERSION, Article, Metadata, Removed, Span, text_id
from slant.errors import SlantError


def _article():
    text = "Title here\n\nThe thugs came. They left."
    article = Article(text, source="x.txt", title_span=Span(0, 10), language="en",
                      metadata=Metadata(url="https://example.com/a", site="example.com", authors=["A. B."]),
                      removed=[Removed("Photo: x", "caption", 3)], provenance={"reader": "text"})
    article.set_layer("paragraphs", [Span(12, len(text)), Span(0, 10)])
    article.set_layer("techniques", [Span(16, 21, "Name_Calling-Labeling", 0.91234, {"model": "m"})])
    article.labels["genre"] = {"label": "opinion", "score": 0.7}
    return article


def test_json_round_trip_keeps_everything():
    article = _article()
    payload = article.to_json()
    data = json.loads(payload)
    assert data["schema_version"] == SCHEMA_VERSION and data["title"] == "Title here"
    again = Article.from_json(payload)
    assert again.id == article.id == text_id(article.text)
    assert again.title == "Title here" and again.metadata == article.metadata
    assert [(s.start, s.end) for s in again.paragraphs] == [(0, 10), (12, len(article.text))]  # kept sorted
    finding = again.layers["techniques"][0]
    assert again.span_text(finding) == "thugs" and finding.score == pytest.approx(0.9123) and finding.attrs == {"model": "m"}
    assert again.removed[0].reason == "caption" and again.removed[0].line == 3
    assert again.labels == article.labels and again.provenance == article.provenance


def test_spans_are_checked_against_the_text():
    article = Article("short")
    with pytest.raises(ValueError, match="past the text end"):
        article.set_layer("paragraphs", [Span(0, 6)])
    with pytest.raises(ValueError):
        Span(3, 2)


def test_tampered_or_foreign_json_is_refused_with_a_reason():
    data = _article().to_dict()
    data["text"] = data["text"] + "!"
    with pytest.raises(SlantError, match="does not match its text"):
        Article.from_dict(data)
    data = _article().to_dict()
    data["schema_version"] = "9.0"
    with pytest.raises(SlantError, match="schema_version"):
        Article.from_dict(data)


def test_paragraph_lookup_by_offset():
    article = _article()
    assert article.paragraph_of(17) == 1 and article.paragraph_of(11) is None


def test_body_is_the_text_without_its_headline():
    text = "Bridge closes\n\nThe council voted on Tuesday.\n\nWork starts in May."
    article = Article(text=text, title_span=Span(0, len("Bridge closes")))
    assert article.body == "The council voted on Tuesday.\n\nWork starts in May."
    assert Article(text=text).body == text
    tagged = Article(text="Kicker line\n\nBridge closes\n\nThe council voted.", title_span=Span(13, 26))
    assert tagged.title == "Bridge closes" and tagged.body == "Kicker line\n\nThe council voted."
