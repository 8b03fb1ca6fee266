import copy
import json

import pytest

import slant
from slant.doc.analysis import Analysis
from slant.doc.article import Span
from slant.doc.document import document_errors, schema, validate_document
from slant.errors import BadInputError, SlantError

PROVENANCE = {"slant_version": "0.1.0", "models": {"techniques-test": "techniques-test@abc123"}}


@pytest.fixture
def bridge_document(bridge_article, make_analysis):
    return make_analysis(bridge_article, [], PROVENANCE).to_dict()


def test_schema_is_versioned_draft_2020_12():
    doc_schema = schema()
    assert doc_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "/2/" in doc_schema["$id"]
    assert doc_schema["properties"]["schema_version"]["pattern"] == r"^2\.[0-9]+$"
    assert doc_schema["properties"]["kind"] == {"enum": ["slant.article", "slant.analysis"]}


@pytest.mark.parametrize("fixture", ["bridge_article", "hostile_article"])
def test_documents_from_fixtures_are_valid_and_round_trip_json(fixture, request, make_analysis):
    doc = make_analysis(request.getfixturevalue(fixture), ["a note"], PROVENANCE).to_dict()
    assert doc["schema_version"] == "2.2" and doc["kind"] == "slant.analysis"
    assert validate_document(doc) is doc
    assert json.loads(json.dumps(doc)) == doc


def test_findings_are_exact_offsets_with_paragraph_and_no_copied_text(bridge_article, bridge_document, technique_model):
    article, doc = bridge_article, bridge_document
    assert len(doc["findings"]) == len(article.layers["techniques"])
    for finding, span in zip(doc["findings"], article.layers["techniques"], strict=True):
        assert "text" not in finding
        words = doc["text"][finding["start"]:finding["end"]]
        assert words and words == article.span_text(span)
        paragraph = doc["layers"]["paragraphs"][finding["paragraph"]]
        assert paragraph["start"] <= finding["start"] < finding["end"] <= paragraph["end"]
        assert finding["model"] == technique_model
    doubt = next(f for f in doc["findings"] if f["technique"] == "Doubt")
    assert doc["text"][doubt["start"]:doubt["end"]] == "so-called experts"
    assert doubt == {"start": doubt["start"], "end": doubt["end"], "technique": "Doubt",
                     "category": "attack_on_reputation", "confidence": 0.83, "model": technique_model, "paragraph": 1}
    assert "techniques" not in doc["layers"] and "paragraphs" in doc["layers"]
    assert "paragraph_techniques" not in doc["layers"]
    assert len(doc["paragraph_findings"]) == len(article.layers["paragraph_techniques"])


def test_findings_keys_appear_only_when_the_layer_exists(bridge_article, make_analysis):
    del bridge_article.layers["techniques"], bridge_article.layers["paragraph_techniques"]
    doc = make_analysis(bridge_article, [], PROVENANCE).to_dict()
    assert "findings" not in doc and "paragraph_findings" not in doc
    validate_document(doc)
    article_doc = bridge_article.to_dict()
    assert article_doc["kind"] == "slant.article" and "findings" not in article_doc and "summary" not in article_doc
    validate_document(article_doc)


def test_document_carries_labels_summary_removed_metadata_provenance_notes(bridge_article, make_analysis):
    bridge_article.provenance = {"reader": "text", "encoding": "utf-8"}
    doc = make_analysis(bridge_article, ["techniques: note"], PROVENANCE).to_dict()
    assert doc["labels"]["genre"]["label"] == "opinion"
    assert doc["summary"]["finding_count"] == 9
    assert doc["removed"][0] == {"text": "Home | News | Local", "reason": "navigation", "line": 1}
    assert doc["metadata"]["url"] == "https://news.example/bridge"
    assert doc["provenance"] == {"slant_version": "0.1.0", "models": {"techniques-test": "techniques-test@abc123"},
                                 "reader": {"reader": "text", "encoding": "utf-8"}}
    assert doc["notes"] == ["techniques: note"]
    assert doc["title"] == "Bridge fury: council cronies strike again"


def test_a_bare_analysis_is_written_but_the_schema_says_what_it_lacks(bridge_article, make_analysis):
    doc = Analysis(bridge_article, notes=["from analysis"]).to_dict()
    assert doc["notes"] == ["from analysis"]
    assert doc["provenance"] == {"slant_version": slant.__version__, "models": {}, "reader": {}}
    assert doc["summary"] == {}  # the pipeline gives the summary; a bare Analysis has none
    errors = document_errors(doc)
    assert any(e.startswith("summary:") for e in errors), errors
    as_the_pipeline_makes_it = make_analysis(bridge_article, ["from analysis"]).to_dict()
    assert set(as_the_pipeline_makes_it["provenance"]) == {"slant_version", "models", "reader"}
    validate_document(as_the_pipeline_makes_it)
    with pytest.raises(SlantError, match="not a slant document"):
        Analysis.from_dict({"txt": "not an article"})
    with pytest.raises(BadInputError, match="schema_version"):
        Analysis.from_dict({"text": "not an article"})


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda d: d.pop("text"), "'text' is a required property"),
        (lambda d: d.update(schema_version="3.0"), "schema_version"),
        (lambda d: d.update(schema_version="1.0"), "schema_version"),
        (lambda d: d.update(kind="slant.summary"), "kind"),
        (lambda d: d["findings"][0].update(technique="Made_Up"), "findings/0/technique"),
        (lambda d: d["findings"][0].update(confidence=1.5), "findings/0/confidence"),
        (lambda d: d["findings"][0].update(text="copied words"), "should not be valid"),
        (lambda d: d["findings"][0].update(end=10_000), "past the text end"),
        (lambda d: d["findings"][0].update(end=d["findings"][0]["start"]), "is empty"),
        (lambda d: d["findings"][0].update(category="call"), "is not the category of"),
        (lambda d: d["findings"][0].update(paragraph=99), "there are 5 paragraphs"),
        (lambda d: d["findings"][0].update(focus={"start": d["findings"][0]["end"], "end": d["findings"][0]["end"] + 1}),
         "findings/0/focus"),
        (lambda d: d["layers"]["paragraphs"][0].update(end=10_000), "past the text end"),
    ],
)
def test_invalid_documents_fail_with_a_pointer_to_the_problem(break_it, message, bridge_document):
    doc = copy.deepcopy(bridge_document)
    break_it(doc)
    assert any(message in error for error in document_errors(doc)), document_errors(doc)
    with pytest.raises(BadInputError, match="not a valid slant analysis document"):
        validate_document(doc)


def test_a_finding_focus_round_trips_and_stays_inside_the_finding(bridge_article, make_analysis):
    finding = bridge_article.layers["techniques"][0]
    focused = Span(finding.start, finding.end, finding.label, finding.score,
                   {**finding.attrs, "focus": (finding.start, finding.start + 3)})
    bridge_article.layers["techniques"][0] = focused
    doc = validate_document(make_analysis(bridge_article).to_dict())
    assert doc["findings"][0]["focus"] == {"start": finding.start, "end": finding.start + 3}
    assert "focus" not in doc["findings"][1]
    again = Analysis.from_dict(doc)
    assert again.findings[0].attrs["focus"] == (finding.start, finding.start + 3)
    assert again.to_dict() == doc
