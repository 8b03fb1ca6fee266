"""Load each shipped model for real and check a prediction (slow: builds/loads the int8 encoder)."""

from pathlib import Path

import pytest

import slant
from slant.doc.document import validate_document
from slant.doc.taxonomy import category
from slant.formats import semeval
from slant.runtime.encoder import Encoder

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "port-city-unrest.txt"
ALMATY = REPO.parent / "shared" / "examples" / "almaty-scrape.txt"
TECHNIQUES = set(semeval.techniques())


@pytest.fixture(scope="module")
def pipeline():
    return slant.load_pipeline()


def test_bundled_example_gets_techniques_genre_and_frames(pipeline):
    analysis = pipeline(EXAMPLE)
    article = analysis.article
    assert article.language == "en"
    assert analysis.findings, "the slanted example should have findings"
    for finding in analysis.findings:
        assert finding.label in TECHNIQUES
        assert 0.0 < finding.score <= 1.0
        words = article.text[finding.start : finding.end]
        assert words.strip() == words and words, finding
        assert category(finding.label)
    labels = {f.label for f in analysis.findings}
    assert labels & {"Loaded_Language", "Name_Calling-Labeling"}
    assert article.labels["genre"]["label"] in {"reporting", "opinion", "satire"}
    assert isinstance(article.labels["frames"]["labels"], list)
    paragraph_labels = {(p.start, p.label) for p in analysis.paragraph_findings}
    for finding in analysis.findings:  # spans and paragraph labels agree
        paragraph = article.paragraphs[article.paragraph_of(finding.start)]
        assert (paragraph.start, finding.label) in paragraph_labels


def test_neutral_text_gets_few_findings(pipeline):
    text = (
        "The city council met on Tuesday to discuss the budget for next year.\n\n"
        "The proposal includes funds for road repairs and two new libraries. "
        "A vote is expected next month."
    )
    analysis = pipeline(text)
    assert len(analysis.findings) <= 2


def test_a_text_too_short_for_its_language_says_so_and_language_overrides_it(pipeline):
    analysis = pipeline("Riots")
    assert analysis.article.language is None and not analysis.findings
    assert any("too short to tell its language (5 letters)" in note for note in analysis.notes)
    assert not any("too short" in note for note in slant.analyze("Riots", language="en").notes)


@pytest.mark.skipif(not ALMATY.exists(), reason="../shared/examples/almaty-scrape.txt is not here (CI has it)")
def test_almaty_scrape_labels_thugs_and_pogromists(pipeline):
    analysis = pipeline(ALMATY)
    article = analysis.article
    found = {}
    for finding in analysis.findings:
        words = article.text[finding.start : finding.end].lower()
        for target in ("thugs", "pogromists"):
            if target in words:
                found.setdefault(target, set()).add(finding.label)
    wanted = {"Name_Calling-Labeling", "Loaded_Language"}
    assert found.get("thugs", set()) & wanted, found
    assert found.get("pogromists", set()) & wanted, found


def test_an_article_scores_the_same_alone_and_in_a_batch(pipeline):
    """The int8 encoder quantises activations per input tensor, so batched windows once moved
    each other's scores; a window now runs alone."""
    from slant.runtime.windows import cut_windows

    model = pipeline.encoder
    text = EXAMPLE.read_text(encoding="utf-8")
    spans = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    own = cut_windows(text, spans)
    other_text = "A short unrelated note about the weather, which was mild.\n" * 3
    companions = cut_windows(other_text, [(0, len(other_text))])
    alone, _, _ = model.run_windows(own)
    together, _, _ = model.run_windows(companions + own)
    for single, batched in zip(alone, together[len(companions):], strict=True):
        assert (single == batched).all()


def test_windows_run_in_parallel_score_as_run_one_at_a_time(pipeline):
    """Windows run concurrently on single-threaded sessions; each must keep its own scores
    and come back in its own place."""
    from slant.runtime.windows import cut_windows

    shared_model = pipeline.encoder
    text = EXAMPLE.read_text(encoding="utf-8")
    paragraphs, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((start, start + len(line)))
        start += len(line) + 1
    windows = cut_windows(text, paragraphs)
    assert len(windows) > 3
    parallel = Encoder(shared_model.model_dir, threads=3)
    concurrent = parallel.run_windows(windows)
    for index, window in enumerate(windows):  # one window per call runs on the calling thread
        alone = shared_model.run_windows([window])
        for output, alone_output in zip(concurrent, alone, strict=True):
            assert output[index].shape == alone_output[0].shape
            assert (output[index] == alone_output[0]).all()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(EXAMPLE, id="port-city-unrest"),
        pytest.param(ALMATY, id="almaty-scrape", marks=pytest.mark.skipif(
            not ALMATY.exists(), reason="../shared/examples/almaty-scrape.txt is not here (CI has it)")),
    ],
)
def test_a_real_analysis_is_a_valid_document_that_round_trips(pipeline, path):
    analysis = pipeline(path)
    document = analysis.to_dict()
    assert document["kind"] == "slant.analysis" and document["findings"]
    assert set(document["provenance"]) == {"slant_version", "models", "reader"}
    assert set(document["provenance"]["models"]) == {"techniques", "genre", "frames", "entities", "attributions"}
    assert validate_document(document) is document
    assert slant.Analysis.from_dict(document).to_dict() == document
    assert slant.Analysis.from_json(analysis.to_json()).to_dict() == document
