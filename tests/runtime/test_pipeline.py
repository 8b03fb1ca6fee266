import pytest

from slant.runtime import pipeline as pipeline_module
from slant.doc.article import Article, Span
from slant.errors import SlantError
from slant.runtime.pipeline import Pipeline


class FakeTechniques:
    """Marks every occurrence of 'thugs' as name calling, like the real component would."""

    def __init__(self, models, options):
        self.calls = 0

    def __call__(self, articles, context):
        self.calls += 1
        for article in articles:
            if article.language not in {"en", "ru"}:
                context.setdefault("skipped", {})[article.id] = f"techniques not analysed for language {article.language}"
                continue
            start = article.text.find("thugs")
            spans = [Span(start, start + 5, "Name_Calling-Labeling", 0.9)] if start >= 0 else []
            spans.append(Span(0, 3, "Loaded_Language", 0.2))
            article.set_layer("techniques", spans)


@pytest.fixture()
def fake_components(monkeypatch):
    monkeypatch.setattr(pipeline_module, "COMPONENTS", {"techniques": FakeTechniques})


def _article(text, language="en"):
    article = Article(text, language=language)
    article.set_layer("paragraphs", [Span(0, len(text))])
    return article


def test_pipeline_runs_components_and_filters_by_confidence(fake_components):
    pipe = Pipeline(min_confidence=0.5)
    analysis = pipe(_article("The thugs attacked."))
    assert [(analysis.article.span_text(s), s.label) for s in analysis.findings] == [("thugs", "Name_Calling-Labeling")]
    assert analysis.provenance["slant_version"]


def test_models_load_once_for_many_articles(fake_components):
    pipe = Pipeline()
    analyses = list(pipe.pipe([_article(f"thugs {i}") for i in range(10)], batch_size=4))
    assert len(analyses) == 10
    assert pipe.component("techniques").calls == 3


def test_unsupported_language_is_reported_not_guessed(fake_components):
    analysis = Pipeline()(_article("Los matones atacaron.", language="es"))
    assert analysis.findings == []
    assert any("not analysed for language es" in note for note in analysis.notes)


def test_language_override_applies(fake_components):
    analysis = Pipeline(language="ru")(_article("thugs", language="es"))
    assert analysis.article.language == "ru" and analysis.findings


def test_too_long_text_is_refused_naming_the_flag(fake_components):
    with pytest.raises(SlantError, match="--max-chars"):
        Pipeline(max_chars=10)(_article("x" * 11))


def test_a_batch_reports_an_article_over_the_limit_and_analyses_the_others(fake_components):
    too_long = _article("thugs " * 5)
    too_long.source = "long.txt"
    analyses, failures = Pipeline(max_chars=20).analyse_batch([_article("thugs"), too_long, _article("the thugs")])
    assert [a.article.text for a in analyses] == ["thugs", "the thugs"]
    assert all(a.findings for a in analyses)
    assert len(failures) == 1 and failures[0]["source"] == "long.txt" and "--max-chars" in failures[0]["error"]


def test_a_batch_isolates_an_article_a_component_refuses(fake_components, monkeypatch):
    class Refusing(FakeTechniques):
        def __call__(self, articles, context):
            if any("explode" in article.text for article in articles):
                raise SlantError("cannot analyse an exploding article")
            super().__call__(articles, context)

    monkeypatch.setattr(pipeline_module, "COMPONENTS", {"techniques": Refusing})
    analyses, failures = Pipeline().analyse_batch([_article("thugs"), _article("explode"), _article("the thugs")])
    assert [a.article.text for a in analyses] == ["thugs", "the thugs"]
    assert [f["error"] for f in failures] == ["cannot analyse an exploding article"]


def test_web_urls_are_refused_offline(fake_components):
    with pytest.raises(SlantError, match="offline"):
        Pipeline()("https://example.com/news/1")


def test_unknown_component_is_an_error():
    with pytest.raises(SlantError, match="unknown pipeline component"):
        Pipeline(["techniques", "sentiment"])
