"""The document form round-trips: Span ids and links, Article and Analysis documents, documents
of a newer minor version (kept as read), and layers that register their own document key."""

import copy
import json

import pytest

import slant
from slant.doc import article as article_module
from slant.doc.analysis import Analysis
from slant.doc.article import SCHEMA_VERSION, Article, LayerCodec, Link, Removed, Span, register_layer
from slant.doc.document import document_errors, validate_document
from slant.errors import BadInputError

PROVENANCE = {"slant_version": "0.1.0", "models": {"techniques": "techniques (trained 2026-01-01)"}}


def _fields(span: Span) -> tuple:
    return span.start, span.end, span.label, span.score, span.attrs, span.id, span.links


def test_span_id_and_links_round_trip():
    span = Span(4, 9, "quote", 0.5, {"model": "m"}, id="q1", links=(Link("speaker", "s1"), Link("source", "s2")))
    data = span.to_dict()
    assert data == {"start": 4, "end": 9, "label": "quote", "score": 0.5, "id": "q1",
                    "links": [{"type": "speaker", "target": "s1"}, {"type": "source", "target": "s2"}],
                    "attrs": {"model": "m"}}
    again = Span.from_dict(json.loads(json.dumps(data)))
    assert _fields(again) == _fields(span)
    assert again.linked("speaker") == ["s1"] and again.linked("original") == []
    plain = Span(0, 3)
    assert plain.to_dict() == {"start": 0, "end": 3}  # no id, no links: nothing written
    assert _fields(Span.from_dict(plain.to_dict())) == _fields(plain)


def test_article_document_round_trips(bridge_article):
    bridge_article.provenance = {"reader": "text", "encoding": "utf-8"}
    bridge_article.set_layer("sentences", [Span(0, 41), Span(43, 99, id="s2", links=(Link("next", "s3"),))])
    data = bridge_article.to_dict()
    assert data["kind"] == "slant.article" and data["schema_version"] == SCHEMA_VERSION
    assert "summary" not in data and "notes" not in data
    validate_document(data)
    again = Article.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data
    assert again.title == bridge_article.title and again.removed == bridge_article.removed
    assert again.provenance == bridge_article.provenance
    assert _fields(again.layers["sentences"][1]) == _fields(bridge_article.layers["sentences"][1])
    assert [_fields(s) for s in again.layers["techniques"]] == [_fields(s) for s in bridge_article.layers["techniques"]]


def test_analysis_document_round_trips(bridge_article, make_analysis):
    bridge_article.provenance = {"reader": "html", "extractor": "trafilatura"}
    analysis = make_analysis(bridge_article, ["techniques: a note"], PROVENANCE)
    data = analysis.to_dict()
    assert data["findings"] and data["labels"]["genre"] and data["title"] and data["removed"]
    validate_document(data)
    again = Analysis.from_dict(data)
    assert again.to_dict() == data
    assert Analysis.from_json(analysis.to_json()).to_dict() == data
    assert again.summary == analysis.summary and again.notes == analysis.notes
    assert again.provenance == PROVENANCE and again.article.provenance == bridge_article.provenance
    assert again.extra == {}
    assert [_fields(s) for s in again.findings] == [_fields(s) for s in analysis.findings]
    assert [_fields(s) for s in again.paragraph_findings] == [_fields(s) for s in analysis.paragraph_findings]


def test_an_article_without_findings_round_trips_without_findings_keys(build_article, make_analysis):
    article = build_article(["Title", "Des mots."], [], language="es")
    del article.layers["techniques"], article.layers["paragraph_techniques"]
    data = make_analysis(article, ["not analysed for language es"], PROVENANCE).to_dict()
    assert "findings" not in data and "paragraph_findings" not in data
    again = Analysis.from_dict(data)
    assert "techniques" not in again.article.layers
    assert again.to_dict() == data


def _newer_minor(document):
    doc = copy.deepcopy(document)
    doc["schema_version"] = "2.7"
    doc["claims"] = [{"start": 0, "end": 6, "checked": False}]  # a top-level key of 2.7
    doc["layers"]["quotations"] = [{"start": 0, "end": 6, "label": "ORG", "id": "e1"}]  # a layer of 2.7
    doc["labels"]["stance"] = {"label": "against"}
    doc["provenance"]["runtime"] = {"threads": 2}
    return doc


def test_a_newer_minor_version_validates_and_round_trips_its_extra_keys(bridge_article, make_analysis):
    doc = _newer_minor(make_analysis(bridge_article, [], PROVENANCE).to_dict())
    assert validate_document(doc) is doc
    analysis = Analysis.from_dict(doc)
    assert analysis.extra == {"claims": doc["claims"]}
    assert [(s.start, s.end, s.label, s.id) for s in analysis.article.layers["quotations"]] == [(0, 6, "ORG", "e1")]
    again = analysis.to_dict()
    # This version writes what it read, under its own version number.
    assert again == {**doc, "schema_version": SCHEMA_VERSION}
    assert Analysis.from_dict(again).to_dict() == again
    validate_document(again)


@pytest.mark.parametrize("version", ["3.0", "1.0", "", "two"])
def test_another_major_version_is_refused_with_a_clear_error(version, bridge_article, make_analysis):
    doc = make_analysis(bridge_article, [], PROVENANCE).to_dict()
    doc["schema_version"] = version
    for read in (Analysis.from_dict, Article.from_dict, slant.Analysis.from_dict):
        with pytest.raises(BadInputError, match=rf"schema_version '{version}'.*reads 2\.x.*[Rr]e-run"):
            read(doc)
    assert any(error.startswith("schema_version:") for error in document_errors(doc))


def test_a_document_that_is_not_a_slant_document_is_refused():
    with pytest.raises(BadInputError, match="'text' field"):
        Analysis.from_dict({"schema_version": "2.0"})
    with pytest.raises(BadInputError, match="'text' field"):
        Article.from_dict(["not", "a", "dict"])


# -- a layer with its own document key ------------------------------------------------------


def _encode_quote(article: Article, span: Span) -> dict | None:
    speakers = {s.id: s for s in article.layers.get("speakers", [])}
    item = {"id": span.id, "start": span.start, "end": span.end}
    for target in span.linked("speaker"):
        speaker = speakers[target]
        item["speaker"] = {"id": speaker.id, "start": speaker.start, "end": speaker.end}
    return item


def _decode_quote(item: dict):
    links = ()
    if "speaker" in item:
        speaker = item["speaker"]
        links = (Link("speaker", speaker["id"]),)
        yield "speakers", Span(speaker["start"], speaker["end"], "speaker", id=speaker["id"])
    yield "quotes", Span(item["start"], item["end"], "quote", id=item["id"], links=links)


@pytest.fixture
def quotes_codec():
    codec = LayerCodec("quotes", "quotes", _encode_quote, _decode_quote, also_covers=("speakers",))
    register_layer(codec)
    yield codec
    article_module.unregister_layer("quotes")


def test_a_registered_layer_codec_round_trips_ids_and_links(quotes_codec, build_article, make_analysis):
    assert quotes_codec in article_module.layer_codecs()
    paragraphs = ["Quotes", "Mara Vint said: \u201cthe toll pays for the arches\u201d. Tom Lee said \u201cno\u201d."]
    article = build_article(paragraphs, [], removed=[Removed("Share", "share widget", 3)])
    text = article.text

    def at(phrase):
        start = text.index(phrase)
        return start, start + len(phrase)

    article.set_layer("speakers", [Span(*at("Mara Vint"), "speaker", id="s1"), Span(*at("Tom Lee"), "speaker", id="s2")])
    article.set_layer("quotes", [
        Span(*at("the toll pays for the arches"), "quote", id="q1", links=(Link("speaker", "s1"),)),
        Span(*at("no"), "quote", id="q2", links=(Link("speaker", "s2"),)),
    ])
    data = make_analysis(article, [], PROVENANCE).to_dict()
    assert "quotes" not in data["layers"] and "speakers" not in data["layers"]  # written under their own key
    quote_start, quote_end = at("the toll pays for the arches")
    speaker_start, speaker_end = at("Mara Vint")
    assert data["quotes"][0] == {"id": "q1", "start": quote_start, "end": quote_end,
                                 "speaker": {"id": "s1", "start": speaker_start, "end": speaker_end}}
    validate_document(data)
    again = Analysis.from_dict(json.loads(json.dumps(data)))
    assert again.extra == {}
    assert again.to_dict() == data
    quotes, speakers = again.article.layers["quotes"], {s.id: s for s in again.article.layers["speakers"]}
    assert [again.article.span_text(q) for q in quotes] == ["the toll pays for the arches", "no"]
    assert [again.article.span_text(speakers[q.linked("speaker")[0]]) for q in quotes] == ["Mara Vint", "Tom Lee"]


def test_without_its_codec_a_layer_key_is_kept_as_an_extra_key(quotes_codec, build_article, make_analysis):
    article = build_article(["Quotes", "He said \u201cno\u201d."], [])
    article.set_layer("quotes", [Span(article.text.index("no"), article.text.index("no") + 2, "quote", id="q1")])
    data = make_analysis(article, [], PROVENANCE).to_dict()
    article_module.unregister_layer("quotes")  # a reader that does not know the layer
    again = Analysis.from_dict(data)
    assert "quotes" not in again.article.layers and again.extra == {"quotes": data["quotes"]}
    assert again.to_dict() == data
