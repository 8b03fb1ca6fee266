import copy
import json

import pytest

from analysis_fixtures import MODEL, FakeAnalysis, bridge_article, hostile_article
from slant.errors import SlantError
from slant.doc.document import analysis_document, document_errors, schema, validate_document

PROVENANCE = {"slant_version": "0.1.0", "models": {MODEL: "techniques-test@abc123"}}


def test_schema_is_versioned_draft_2020_12():
    doc_schema = schema()
    assert doc_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "/1.0/" in doc_schema["$id"]
    assert doc_schema["properties"]["schema_version"] == {"const": "1.0"}


@pytest.mark.parametrize("make", [bridge_article, hostile_article])
def test_documents_from_fixtures_are_valid_and_round_trip_json(make):
    doc = analysis_document(make(), ["a note"], PROVENANCE)
    assert validate_document(doc) is doc
    assert json.loads(json.dumps(doc)) == doc


def test_findings_are_exact_offsets_with_paragraph_and_no_copied_text():
    article = bridge_article()
    doc = analysis_document(article, [], PROVENANCE)
    assert len(doc["findings"]) == len(article.layers["techniques"])
    for finding, span in zip(doc["findings"], article.layers["techniques"], strict=True):
        assert "text" not in finding
        words = doc["text"][finding["start"]:finding["end"]]
        assert words and words == article.span_text(span)
        paragraph = doc["layers"]["paragraphs"][finding["paragraph"]]
        assert paragraph["start"] <= finding["start"] < finding["end"] <= paragraph["end"]
        assert finding["model"] == MODEL
    doubt = next(f for f in doc["findings"] if f["technique"] == "Doubt")
    assert doc["text"][doubt["start"]:doubt["end"]] == "so-called experts"
    assert doubt == {"start": doubt["start"], "end": doubt["end"], "technique": "Doubt",
                     "category": "attack_on_reputation", "confidence": 0.83, "model": MODEL, "paragraph": 1}
    assert "techniques" not in doc["layers"] and "paragraphs" in doc["layers"]
    assert len(doc["paragraph_findings"]) == len(article.layers["paragraph_techniques"])


def test_document_carries_labels_summary_removed_metadata_provenance_notes():
    doc = analysis_document(bridge_article(), ["techniques: note"], PROVENANCE)
    assert doc["labels"]["genre"]["label"] == "opinion"
    assert doc["summary"]["finding_count"] == 9
    assert doc["removed"][0] == {"text": "Home | News | Local", "reason": "navigation", "line": 1}
    assert doc["metadata"]["url"] == "https://news.example/bridge"
    assert doc["provenance"]["models"] == {MODEL: "techniques-test@abc123"}
    assert doc["notes"] == ["techniques: note"]
    assert doc["title"] == "Bridge fury: council cronies strike again"


def test_analysis_objects_are_read_duck_typed_and_gaps_filled():
    analysis = FakeAnalysis(bridge_article(), notes=["from analysis"])
    doc = analysis_document(analysis)
    assert doc["notes"] == ["from analysis"]
    assert doc["provenance"]["slant_version"]
    assert set(doc["provenance"]["models"]) == {MODEL, "genre-test", "frames-test"}
    assert doc["summary"]["verdict"].startswith("Heavily loaded")
    validate_document(doc)
    with pytest.raises(SlantError, match="pass an Article or the Analysis"):
        analysis_document({"text": "not an article"})


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d.pop("text"), "'text' is a required property"),
        (lambda d: d.update(schema_version="2.0"), "schema_version"),
        (lambda d: d["findings"][0].update(technique="Made_Up"), "findings/0/technique"),
        (lambda d: d["findings"][0].update(confidence=1.5), "findings/0/confidence"),
        (lambda d: d["findings"][0].update(text="copied words"), "Additional properties"),
        (lambda d: d["findings"][0].update(end=10_000), "past the text end"),
        (lambda d: d["findings"][0].update(end=d["findings"][0]["start"]), "is empty"),
        (lambda d: d["findings"][0].update(category="call"), "is not the category of"),
        (lambda d: d["findings"][0].update(paragraph=99), "there are 5 paragraphs"),
    ],
)
def test_invalid_documents_fail_with_a_pointer_to_the_problem(break_it, message):
    doc = copy.deepcopy(analysis_document(bridge_article(), [], PROVENANCE))
    break_it(doc)
    assert any(message in error for error in document_errors(doc)), document_errors(doc)
    with pytest.raises(SlantError, match="not a valid slant analysis document"):
        validate_document(doc)
