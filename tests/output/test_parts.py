"""What the reports read from their input: an Analysis, its document, or a bare Article."""

import pytest

from slant.doc.analysis import Analysis
from slant.errors import SlantError
from slant.output.parts import analysis_parts
from slant.version import __version__


def test_an_analysis_without_a_model_record_names_the_models_of_its_findings(bridge_article, make_analysis):
    article, notes, provenance, summary = analysis_parts(make_analysis(bridge_article, ["from analysis"]))
    assert article is bridge_article and notes == ["from analysis"]
    assert provenance["slant_version"] == __version__
    assert provenance["models"] == {"techniques-test": "unknown", "genre-test": "unknown", "frames-test": "unknown"}
    assert summary["verdict"].startswith("Heavily loaded")


def test_explicit_arguments_win_and_a_bare_article_gets_its_summary_here(bridge_article):
    bridge_article.provenance = {"reader": "text"}
    article, notes, provenance, summary = analysis_parts(
        bridge_article, ["a note"], {"slant_version": "9.9", "models": {"techniques-test": "v1"}})
    assert notes == ["a note"]
    assert provenance == {"slant_version": "9.9", "models": {"techniques-test": "v1"}, "reader": {"reader": "text"}}
    assert summary["finding_count"] == 9


def test_an_analysis_document_is_read_back(bridge_article, make_analysis):
    analysis = make_analysis(bridge_article, ["n"], {"slant_version": "0.1.0", "models": {"techniques": "t"}})
    article, notes, provenance, summary = analysis_parts(analysis.to_dict())
    assert article.text == bridge_article.text and notes == ["n"]
    assert provenance["models"] == {"techniques": "t"} and summary == analysis.summary


def test_a_bare_analysis_without_summary_is_summarised_here(bridge_article):
    *_, summary = analysis_parts(Analysis(bridge_article))
    assert summary["finding_count"] == 9


def test_anything_else_is_refused_saying_what_to_pass():
    with pytest.raises(SlantError, match="pass the Analysis that slant.analyze"):
        analysis_parts(["not", "an", "analysis"])
    with pytest.raises(SlantError, match="schema_version"):
        analysis_parts({"text": "not an analysis document"})
