"""The pipeline with stand-in components: registry, order checks, batching, notes, limits."""

import sys
import types
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from slant.components import base
from slant.components.base import BUILTIN_COMPONENTS, ENTRY_POINT_GROUP, Component, check_order
from slant.doc.article import Article, Span
from slant.errors import BadInputError, ConfigError, SlantError
from slant.runtime.pipeline import Pipeline

FAKE_MODULE = "slant_test_fake_components"


class FakeTechniques(Component):
    """Marks every occurrence of 'thugs' as name calling, like the real component would."""

    name = "techniques"
    requires = ("paragraphs", "language")
    assigns = ("techniques", "paragraph_techniques")

    def __init__(self, options=None):
        self.calls = 0

    def __call__(self, articles, states):
        self.calls += 1
        for article, state in zip(articles, states, strict=True):
            if article.language not in {"en", "ru"}:
                state.notes.append(f"techniques not analysed for language {article.language}")
                continue
            start = article.text.find("thugs")
            spans = [Span(start, start + 5, "Name_Calling-Labeling", 0.9)] if start >= 0 else []
            spans.append(Span(0, 3, "Loaded_Language", 0.2))
            article.set_layer("techniques", spans)


class Refusing(FakeTechniques):
    def __call__(self, articles, states):
        if any("explode" in article.text for article in articles):
            raise BadInputError("cannot analyse an exploding article")
        super().__call__(articles, states)


class Shouting(Component):
    """A third-party component: labels an article by how much of it is in capitals."""

    name = "shouting"
    requires = ("techniques",)
    assigns = ("shouting",)

    def __init__(self, options=None):
        self.options = options

    def __call__(self, articles, states):
        for article in articles:
            letters = [c for c in article.text if c.isalpha()]
            share = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
            article.labels["shouting"] = {"score": round(share, 4), "findings": len(article.layers["techniques"])}

    def model_version(self):
        return "shouting 1.0"


@pytest.fixture
def registry(monkeypatch):
    """The component registry holding only the stand-ins (a module of factories, as a package
    would register them); restored, in its order, afterwards."""
    module = types.ModuleType(FAKE_MODULE)
    module.techniques = FakeTechniques
    module.refusing = Refusing
    module.shouting = Shouting
    monkeypatch.setitem(sys.modules, FAKE_MODULE, module)
    saved = dict(BUILTIN_COMPONENTS)
    BUILTIN_COMPONENTS.clear()
    BUILTIN_COMPONENTS["techniques"] = f"{FAKE_MODULE}:techniques"
    monkeypatch.setattr(base, "entry_points", lambda group: [])
    yield BUILTIN_COMPONENTS
    BUILTIN_COMPONENTS.clear()
    BUILTIN_COMPONENTS.update(saved)


def _article(text, language="en"):
    article = Article(text, language=language)
    article.set_layer("paragraphs", [Span(0, len(text))])
    return article


def test_pipeline_runs_components_and_filters_by_confidence(registry):
    pipe = Pipeline(min_confidence=0.5)
    assert pipe.encoder is None  # no component reads the encoder: none is built
    analysis = pipe(_article("The thugs attacked."))
    assert [(analysis.article.span_text(s), s.label) for s in analysis.findings] == [("thugs", "Name_Calling-Labeling")]
    assert analysis.provenance["slant_version"] and analysis.provenance["models"] == {}
    assert analysis.summary["finding_count"] == 1  # the pipeline gives the summary, after the filter
    assert set(analysis.to_dict()["provenance"]) == {"slant_version", "models", "reader"}


def test_models_load_once_for_many_articles(registry):
    pipe = Pipeline()
    analyses = list(pipe.pipe([_article(f"thugs {i}") for i in range(10)], batch_size=4))
    assert len(analyses) == 10
    assert pipe.component("techniques").calls == 3


def test_unsupported_language_is_reported_not_guessed(registry):
    analysis = Pipeline()(_article("Los matones atacaron.", language="es"))
    assert analysis.findings == []
    assert any("not analysed for language es" in note for note in analysis.notes)


def test_language_override_applies(registry):
    analysis = Pipeline(language="ru")(_article("thugs", language="es"))
    assert analysis.article.language == "ru" and analysis.findings


def test_too_long_text_is_refused_naming_the_flag(registry):
    with pytest.raises(SlantError, match="--max-chars"):
        Pipeline(max_chars=10)(_article("x" * 11))


def test_an_empty_article_gets_a_note_not_an_error(registry):
    analysis = Pipeline()(_article("   "))
    assert analysis.notes == ["the article has no text to analyse"]
    assert "techniques" not in analysis.article.layers


def test_a_batch_reports_an_article_over_the_limit_and_analyses_the_others(registry):
    too_long = _article("thugs " * 5)
    too_long.source = "long.txt"
    analyses, failures = Pipeline(max_chars=20).analyse_batch([_article("thugs"), too_long, _article("the thugs")])
    assert [a.article.text for a in analyses] == ["thugs", "the thugs"]
    assert all(a.findings for a in analyses)
    assert len(failures) == 1 and failures[0].source == "long.txt" and "--max-chars" in failures[0].error


def test_a_batch_isolates_an_article_a_component_refuses(registry):
    registry["techniques"] = f"{FAKE_MODULE}:refusing"
    analyses, failures = Pipeline().analyse_batch([_article("thugs"), _article("explode"), _article("the thugs")])
    assert [a.article.text for a in analyses] == ["thugs", "the thugs"]
    assert [f.error for f in failures] == ["cannot analyse an exploding article"]


def test_stream_yields_failures_in_place_and_goes_on(registry):
    from slant.ingest.reader import ReadFailure

    unreadable = ReadFailure("broken.html", "not a document")
    results = list(Pipeline().stream([_article("thugs"), unreadable, _article("the thugs")], batch_size=1))
    assert [r.article.text if hasattr(r, "article") else r.source for r in results] == ["thugs", "broken.html", "the thugs"]


def test_a_url_string_is_content_and_never_fetched(registry):
    analysis = Pipeline()("https://example.com/news/1")
    assert analysis.article.text == "https://example.com/news/1"
    assert analysis.article.source == "<string>"


def test_unknown_component_is_an_error():
    with pytest.raises(ConfigError, match="unknown pipeline component 'sentiment'.*available: techniques, genre, frames"):
        Pipeline(["techniques", "sentiment"])


# -- the order check and the registry --------------------------------------------------------


def test_a_component_without_its_requirement_is_refused_naming_it():
    with pytest.raises(ConfigError, match=r"'genre' requires 'technique_probs'.*no component assigns 'technique_probs'"):
        Pipeline(["genre"])
    with pytest.raises(ConfigError, match=r"'frames' requires 'technique_probs'"):
        Pipeline(["frames", "techniques"])  # in the wrong order
    assert Pipeline(["techniques", "genre"]).component_names == ["techniques", "genre"]


def test_check_order_names_the_component_that_would_provide_the_requirement():
    shouting = Shouting()
    with pytest.raises(ConfigError, match=r"'shouting' requires 'techniques'.*add 'techniques' before it"):
        check_order([shouting, FakeTechniques()])
    check_order([FakeTechniques(), shouting])


def test_a_component_registered_in_the_registry_runs_in_a_pipeline(registry):
    registry["shouting"] = f"{FAKE_MODULE}:shouting"
    pipe = Pipeline(["techniques", "shouting"])
    assert isinstance(pipe.component("shouting").options, base.ComponentOptions)
    analysis = pipe(_article("THUGS thugs"))
    assert analysis.article.labels["shouting"] == {"score": 0.5, "findings": 2}
    assert analysis.provenance["models"] == {"shouting": "shouting 1.0"}
    assert analysis.to_dict()["labels"]["shouting"]["score"] == 0.5


def test_a_component_from_another_package_registers_through_an_entry_point(registry, monkeypatch):
    entry = EntryPoint(name="shouting", value=f"{FAKE_MODULE}:shouting", group=ENTRY_POINT_GROUP)
    shadowing = EntryPoint(name="techniques", value="elsewhere:create", group=ENTRY_POINT_GROUP)
    monkeypatch.setattr(base, "entry_points",
                        lambda group: [entry, shadowing] if group == ENTRY_POINT_GROUP else [])
    assert base.available_components() == {"techniques": f"{FAKE_MODULE}:techniques",
                                           "shouting": f"{FAKE_MODULE}:shouting"}  # built-ins win
    analysis = Pipeline(["techniques", "shouting"])(_article("thugs"))
    assert analysis.article.labels["shouting"] == {"score": 0.0, "findings": 2}


def test_a_registered_component_that_cannot_be_loaded_says_so(registry):
    registry["broken"] = f"{FAKE_MODULE}:missing_factory"
    with pytest.raises(ConfigError, match="'broken' is registered as .*cannot be loaded"):
        Pipeline(["techniques", "broken"])


def test_components_can_be_left_out_and_named_ones_take_their_place(tmp_path):
    import slant
    from slant.components.base import default_components
    from slant.runtime.pipeline import Pipeline

    assert default_components() == ["techniques", "genre", "frames", "entities", "attributions"]
    without = Pipeline(without_components=["entities"])
    assert without.component_names == ["techniques", "genre", "frames", "attributions"]
    # the attribution head reads the token vectors too; the rules alone do not
    assert without.token_vectors and Pipeline().token_vectors
    # so does the technique span head; without its folder, techniques read the encoder's own head
    assert Pipeline(without_components=["entities", "attributions"]).token_vectors
    for folder in ("techniques", "genre", "frames"):
        (tmp_path / folder).symlink_to(Path(slant.__file__).parent / "models" / folder)
    assert not Pipeline(without_components=["entities", "attributions"], models=tmp_path).token_vectors
    again = Pipeline(["techniques", "attributions"], with_components=["entities"])
    assert again.component_names == ["techniques", "entities", "attributions"]
    with pytest.raises(ConfigError, match="cannot leave out nothing"):
        Pipeline(without_components=["nothing"])


def test_a_raised_limit_gets_pysbd_sentences_for_a_text_over_the_default(registry, monkeypatch):
    from slant.ingest.reader import read

    text = "Thugs came. Dr. Smith said the thugs left at 5 p.m. on Monday. Police came too.\n\nMore thugs came."
    monkeypatch.setenv("SLANT_MAX_CHARS", "40")
    article = read(text, language="en")
    assert article.provenance["sentences"].startswith("split at punctuation")
    with pytest.raises(SlantError, match="over the analysis limit of 40"):
        Pipeline()(article)
    analysis = Pipeline(max_chars=1_000)(article)
    sentences = [analysis.article.span_text(s) for s in analysis.article.sentences]
    assert "Dr. Smith said the thugs left at 5 p.m. on Monday." in sentences
    assert "sentences" not in analysis.article.provenance


@pytest.mark.slow
def test_heads_run_by_the_encoder_tag_as_the_kept_vectors_do():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "port-city-unrest.txt"
    by_encoder = Pipeline(["techniques", "entities", "attributions"])
    heads, keep_vectors = by_encoder._token_heads()
    assert set(heads) == {"techniques", "entities", "attributions"} and not keep_vectors
    from_vectors = Pipeline(["techniques", "entities", "attributions"])
    from_vectors._token_heads = lambda: ({}, True)  # the components run their heads on kept vectors
    layers = ("techniques", "entities", "attributions", "attribution_sources", "attribution_cues")
    found = []
    for pipeline in (by_encoder, from_vectors):
        article = pipeline.analyse_articles([pipeline.read(example)])[0].article
        found.append({layer: [(s.start, s.end, s.label, round(s.score or 0.0, 4)) for s in article.layers[layer]]
                      for layer in layers})
    assert found[0]["entities"] and found[0]["attributions"]
    assert found[0] == found[1]
