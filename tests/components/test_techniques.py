import numpy as np
import pytest

from slant.components.encoded import Window
from slant.components.techniques import _merge_touching, decode_spans
from slant.doc.article import Span

LABELS = ["Loaded_Language", "Name_Calling-Labeling"]


def _window(text, words, paragraph=0, position=0):
    starts, ends = [-1], [-1]
    for word in words:
        start = text.index(word, position)
        starts.append(start)
        ends.append(start + len(word))
        position = start + len(word)
    starts.append(-1)
    ends.append(-1)
    ids = np.arange(len(starts))
    return Window(paragraph, ids, np.array(starts), np.array(ends))


def test_spans_follow_token_scores_and_agree_with_paragraph_labels():
    text = "The same thugs smash ambulances"
    words = ["The", "same", "thugs", "smash", "ambulances"]
    window = _window(text, words)
    token_probs = np.zeros((len(words) + 2, 2))
    token_probs[3, 1] = 0.9  # "thugs" as name calling
    token_probs[4, 0] = 0.8  # "smash" as loaded language (but the paragraph head says no)
    paragraph_probs = np.array([[0.1, 0.9]])
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], paragraph_probs, LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert [(text[s.start:s.end], s.label) for s in spans] == [("thugs", "Name_Calling-Labeling")]
    assert 0 < spans[0].score <= 1


def test_accepted_paragraph_without_confident_tokens_keeps_its_strongest_run():
    text = "They call it a peaceful protest"
    words = text.split()
    window = _window(text, words)
    token_probs = np.zeros((len(words) + 2, 2))
    token_probs[5, 0] = 0.3  # "peaceful"
    token_probs[6, 0] = 0.25  # "protest"
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], np.array([[0.8, 0.0]]), LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert [text[s.start:s.end] for s in spans] == ["peaceful protest"]


def test_runs_of_one_technique_close_together_are_one_span():
    from slant.components.techniques import RUN_GAP_CHARS

    filler = " and so on" * (RUN_GAP_CHARS // 10 + 1)
    text = "Corrupt thugs, as we all know, are traitors" + filler + " and cowards."
    words = text.replace(",", "").replace(".", "").split()
    window = _window(text, words)
    token_probs = np.zeros((len(words) + 2, 2))
    for word in ("Corrupt", "traitors", "cowards"):
        token_probs[1 + words.index(word), 0] = 0.9
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], np.array([[0.8, 0.0]]), LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    # "Corrupt" and "traitors" are a few words apart; "cowards" is past the gap.
    assert [text[s.start:s.end] for s in spans] == ["Corrupt thugs, as we all know, are traitors", "cowards"]
    first, second = spans
    assert text[first.attrs["focus"][0]:first.attrs["focus"][1]] == "Corrupt"  # the first of equal runs
    assert "focus" not in second.attrs  # one run: the span is its own quote


def test_without_a_run_gap_every_run_of_a_technique_in_a_paragraph_is_one_span():
    filler = " and so on" * 60
    text = "Corrupt thugs" + filler + " and cowards."
    words = text.replace(".", "").split()
    window = _window(text, words)
    token_probs = np.zeros((len(words) + 2, 2))
    for word in ("Corrupt", "cowards"):
        token_probs[1 + words.index(word), 0] = 0.9
    args = (text, [(0, len(text))], [window], [token_probs], np.array([[0.8, 0.0]]), LABELS,
            np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert [text[s.start:s.end] for s in decode_spans(*args)] == ["Corrupt", "cowards"]
    assert [text[s.start:s.end] for s in decode_spans(*args, run_gap=None)] == [text[:-1]]


def test_a_joined_span_keeps_its_strongest_run_as_focus_for_quotes():
    text = "Corrupt thugs, as we all know, are traitors to the nation."
    words = text.replace(",", "").replace(".", "").split()
    window = _window(text, words)
    token_probs = np.zeros((len(words) + 2, 2))
    token_probs[1 + words.index("Corrupt"), 0] = 0.6
    token_probs[1 + words.index("are"), 0] = 0.75
    token_probs[1 + words.index("traitors"), 0] = 0.95
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], np.array([[0.8, 0.0]]), LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert len(spans) == 1
    (span,) = spans
    assert text[span.start:span.end] == "Corrupt thugs, as we all know, are traitors"
    assert text[span.attrs["focus"][0]:span.attrs["focus"][1]] == "are traitors"


def test_subword_spans_grow_to_whole_words_and_touching_spans_merge():
    text = "pogromists and thugs"
    spans = _merge_touching(text, [Span(0, 5, "Name_Calling-Labeling", 0.7), Span(5, 10, "Name_Calling-Labeling", 0.6)])
    assert [(s.start, s.end, s.score) for s in spans] == [(0, 10, 0.7)]
    assert spans[0].attrs["focus"] == (0, 5)  # the stronger part is what a quote shows


def test_lexicon_counts_only_where_the_model_already_leans_that_way():
    from slant.components.techniques import apply_lexicon, lexicon_hits

    text = "The thugs and the police"
    assert [(text[s:e], t) for s, e, t in lexicon_hits(text, 0, len(text), "en")] == [("thugs", "Name_Calling-Labeling")]
    words = text.split()
    window = _window(text, words)
    paragraph_probs = np.zeros((1, 2))
    weak = [np.zeros((len(words) + 2, 2))]
    assert apply_lexicon(text, [(0, len(text))], [window], weak, paragraph_probs, LABELS, "en") == []
    assert paragraph_probs[0, 1] == 0
    leaning = [np.zeros((len(words) + 2, 2))]
    leaning[0][2, 1] = 0.3  # "thugs"
    used = apply_lexicon(text, [(0, len(text))], [window], leaning, paragraph_probs, LABELS, "en")
    assert used == [(4, 9, "Name_Calling-Labeling")]
    assert paragraph_probs[0, 1] >= 0.6 and leaning[0][2, 1] >= 0.6
    assert lexicon_hits(text, 0, len(text), "es") == []


def test_an_elision_inside_a_span_closes_no_quotation():
    from slant.components.techniques import expand_to_words

    text = "“Aucune agence n’exige son retrait"
    assert text[slice(*expand_to_words(text, 0, len(text), 0, len(text), joined_words=True))] == text[1:]


def test_span_does_not_start_on_an_unclosed_opening_quote():
    from slant.components.techniques import expand_to_words

    text = "setting up their “camps” there"
    start = text.index("“")
    assert text[slice(*expand_to_words(text, start, start + 5, 0, len(text)))] == "camps"
    quoted = 'a "so-called" truce'
    q = quoted.index('"')
    assert quoted[slice(*expand_to_words(quoted, q, q + 11, 0, len(quoted)))] == '"so-called"'


def test_the_tagger_rescores_paragraphs_in_context_but_article_classifiers_get_the_raw_scores():
    from pathlib import Path

    import slant
    from slant.components.encoded import ArticleState, EncodedArticle
    from slant.components.paragraph_context import CONTEXT_FEATURES, ContextHead
    from slant.components.techniques import TechniqueTagger
    from slant.doc.article import Article

    tagger = TechniqueTagger(Path(slant.__file__).parent / "models" / "techniques", use_lexicon=False)
    count = len(tagger.labels)
    text = "A title here\n\nThe first paragraph.\n\nThe second paragraph."
    article = Article(text, language="en")
    article.set_layer("paragraphs", [Span(0, 12), Span(14, 34), Span(36, len(text))])

    def encoded():  # the encoder's output: technique 0 weak in the title, strong elsewhere
        windows = [_window(text, text[p.start:p.end].split(), i, p.start) for i, p in enumerate(article.paragraphs)]
        paragraph_probs = [np.where(np.arange(count) == 0, 0.3 if w.paragraph == 0 else 0.9, 0.01) for w in windows]
        return EncodedArticle(windows, paragraph_probs, [np.zeros((len(w.ids), count)) for w in windows],
                              [np.zeros(384) for _ in windows])

    weight = np.zeros((count, len(CONTEXT_FEATURES)))
    weight[:, 0] = weight[:, 1] = 1.0  # own logit plus the other paragraphs' mean logit
    tagger.context_head = ContextHead(weight, np.zeros(count))
    tagger.paragraph_thresholds = np.full(count, 0.5, dtype=np.float32)
    state = ArticleState(encoded=encoded())
    tagger([article], [state])
    assert state.technique_probs[0, 0] == pytest.approx(0.3)
    title_findings = [f for f in article.layers["paragraph_techniques"] if f.start == 0]
    assert [f.label for f in title_findings] == [tagger.labels[0]] and title_findings[0].score > 0.5
    tagger.context_head = None  # the paragraph head alone leaves the title unflagged
    tagger([article], [ArticleState(encoded=encoded())])
    assert not [f for f in article.layers["paragraph_techniques"] if f.start == 0]


def test_an_article_the_encoder_did_not_read_is_left_alone():
    from pathlib import Path

    import slant
    from slant.components.encoded import ArticleState
    from slant.components.techniques import TechniqueTagger
    from slant.doc.article import Article

    tagger = TechniqueTagger(Path(slant.__file__).parent / "models" / "techniques")
    article = Article("Ein Titel\n\nWörter.", language="es")
    state = ArticleState()
    tagger([article], [state])
    assert "techniques" not in article.layers and state.technique_probs is None


def test_slant_threads_sets_how_many_windows_run_at_once(monkeypatch):
    from slant.errors import ConfigError
    from slant.settings import get_settings

    monkeypatch.setenv("SLANT_THREADS", "3")
    assert get_settings().resolved_threads() == 3
    for unset in ("", "0"):
        monkeypatch.setenv("SLANT_THREADS", unset)
        assert 1 <= get_settings().resolved_threads() <= 4
    for wrong in ("-1", "two"):
        monkeypatch.setenv("SLANT_THREADS", wrong)
        with pytest.raises(ConfigError, match="SLANT_THREADS"):
            get_settings()


def _span_head_folder(folder, labels, threshold=0.3, run_gap=None):
    """A technique-spans model folder whose head marks technique 0 on tokens whose vector's first
    dimension is set (a head of the shipped shape over 4-dimensional vectors)."""
    import json

    count = len(labels)
    hidden = 4
    w1 = np.zeros((hidden, 4), dtype=np.float32)
    w1[0, 0] = 10.0
    w2 = np.full((count, hidden), 0.0, dtype=np.float32)
    w2[0, 0] = 2.0
    b2 = np.full(count, -5.0, dtype=np.float32)
    np.savez(folder / "weights.npz", w1=w1, b1=np.zeros(hidden, np.float32), w2=w2, b2=b2)
    (folder / "config.json").write_text(json.dumps({
        "kind": "technique-spans", "labels": labels, "threshold": threshold, "run_gap_chars": run_gap,
        "neighbours": False, "hidden_units": hidden, "convolutions": 0, "convolution_width": 5,
        "encoder_model": "techniques"}))
    (folder / "meta.json").write_text(json.dumps({"name": "technique-spans", "trained_at": "2026-12-02T00:00:00Z"}))
    return folder


def test_a_span_head_sets_where_spans_run_but_not_which_paragraphs_carry_a_technique(tmp_path):
    from pathlib import Path

    import slant
    from slant.components.base import TOKEN_VECTORS
    from slant.components.encoded import ArticleState, EncodedArticle
    from slant.components.techniques import TechniqueTagger
    from slant.doc.article import Article

    models = Path(slant.__file__).parent / "models" / "techniques"
    plain = TechniqueTagger(models, use_lexicon=False)
    labels = plain.labels
    with_head = TechniqueTagger(models, use_lexicon=False, span_head_dir=_span_head_folder(tmp_path, labels))
    assert TOKEN_VECTORS in with_head.requires and TOKEN_VECTORS not in plain.requires
    assert with_head.token_head() is with_head.span_head and plain.token_head() is None
    assert "spans:" in with_head.model_version()

    text = "They are corrupt thugs and liars, all of them.\n\nNothing to see here."
    words = ["They", "are", "corrupt", "thugs", "and", "liars", "all", "of", "them"]
    paragraphs = [Span(0, 46), Span(48, len(text))]

    def run(tagger):
        article = Article(text, language="en")
        article.set_layer("paragraphs", paragraphs)
        windows = [_window(text, words, 0), _window(text, ["Nothing", "to", "see", "here"], 1, 48)]
        token_probs = [np.zeros((len(w.ids), len(labels))) for w in windows]
        token_probs[0][3, 0] = 0.9  # the encoder's token head: "corrupt" alone
        vectors = [np.zeros((len(w.ids), 4), dtype=np.float16) for w in windows]
        for position in (3, 6):  # the span head's input: "corrupt" and "liars"
            vectors[0][position, 0] = 1.0
        paragraph_probs = [np.where(np.arange(len(labels)) == 0, 0.95 if w.paragraph == 0 else 0.01, 0.0)
                           for w in windows]
        tagger.paragraph_thresholds = np.full(len(labels), 0.5, dtype=np.float32)
        tagger.context_head = None
        encoded = EncodedArticle(windows, paragraph_probs, token_probs, [np.zeros(384) for _ in windows], vectors)
        tagger([article], [ArticleState(encoded=encoded)])
        return article

    before, after = run(plain), run(with_head)
    assert [text[s.start:s.end] for s in before.layers["techniques"]] == ["corrupt"]
    assert [text[s.start:s.end] for s in after.layers["techniques"]] == ["corrupt thugs and liars"]
    assert before.layers["paragraph_techniques"] == after.layers["paragraph_techniques"]
    # Confidence keeps the encoder token head's scale (--min-confidence means what it meant).
    assert after.layers["techniques"][0].score == before.layers["techniques"][0].score == pytest.approx(
        np.sqrt(0.95 * 0.9), abs=1e-4)


def test_a_span_head_for_other_labels_is_refused(tmp_path):
    from pathlib import Path

    import slant
    from slant.components.techniques import TechniqueTagger
    from slant.errors import ConfigError

    models = Path(slant.__file__).parent / "models" / "techniques"
    folder = _span_head_folder(tmp_path, ["Loaded_Language"])
    with pytest.raises(ConfigError, match="slant train technique-spans"):
        TechniqueTagger(models, span_head_dir=folder)


def test_lexicon_hits_raise_the_span_heads_tokens_too():
    from slant.components.techniques import raise_lexicon_hits

    text = "Those traitors again"
    words = text.split()
    window = _window(text, words)
    probs = [np.zeros((len(words) + 2, 2))]
    raise_lexicon_hits([window], probs, [(6, 14, "Name_Calling-Labeling")], LABELS)
    assert probs[0][2, 1] == pytest.approx(0.6) and probs[0][:, 0].max() == 0
    assert probs[0][[1, 3], 1].max() == 0


def test_the_factory_reads_a_span_head_beside_the_technique_model(tmp_path):
    from pathlib import Path

    import slant
    from slant.components.base import ComponentOptions
    from slant.components.techniques import create

    (tmp_path / "techniques").symlink_to(Path(slant.__file__).parent / "models" / "techniques")
    assert create(ComponentOptions(tmp_path)).span_head_dir is None
    techniques = create(ComponentOptions(tmp_path)).labels
    _span_head_folder((tmp_path / "technique-spans").mkdir() or tmp_path / "technique-spans", techniques)
    assert create(ComponentOptions(tmp_path)).span_head_dir == tmp_path / "technique-spans"


def test_a_span_head_fitted_on_another_encoder_is_left_aside_with_a_warning(tmp_path, caplog):
    import json
    import logging
    import pickle
    from pathlib import Path

    import slant
    from slant.components.techniques import TechniqueTagger

    models = Path(slant.__file__).parent / "models" / "techniques"
    labels = TechniqueTagger(models).labels
    folder = _span_head_folder(tmp_path, labels)
    fitted = TechniqueTagger(models, span_head_dir=folder)
    assert fitted.span_head_dir == folder
    copy = pickle.loads(pickle.dumps(fitted))  # the head is read again from its folder
    assert copy._span_head is None and copy.span_head.labels == labels
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "encoder": {"adapter_sha256_16": "0" * 16}}))
    with caplog.at_level(logging.WARNING, logger="slant.components.techniques"):
        stale = TechniqueTagger(models, span_head_dir=folder)
    assert stale.span_head_dir is None and "slant train technique-spans" in caplog.text


def test_articles_encoded_without_the_span_heads_input_fall_back_with_a_warning(tmp_path, caplog):
    import logging
    from pathlib import Path

    import slant
    from slant.components.encoded import ArticleState, EncodedArticle
    from slant.components.techniques import TechniqueTagger
    from slant.doc.article import Article

    models = Path(slant.__file__).parent / "models" / "techniques"
    tagger = TechniqueTagger(models, use_lexicon=False)
    tagger = TechniqueTagger(models, use_lexicon=False, span_head_dir=_span_head_folder(tmp_path, tagger.labels))
    tagger.context_head = None
    tagger.paragraph_thresholds = np.full(len(tagger.labels), 0.5, dtype=np.float32)
    text = "They are corrupt thugs."
    article = Article(text, language="en")
    article.set_layer("paragraphs", [Span(0, len(text))])
    window = _window(text, ["They", "are", "corrupt", "thugs"])
    token_probs = np.zeros((len(window.ids), len(tagger.labels)))
    token_probs[3, 0] = 0.9
    paragraph_probs = np.where(np.arange(len(tagger.labels)) == 0, 0.95, 0.0)
    encoded = EncodedArticle([window], [paragraph_probs], [token_probs], [np.zeros(384)])  # no vectors, no head
    with caplog.at_level(logging.WARNING, logger="slant.components.techniques"):
        tagger([article], [ArticleState(encoded=encoded)])
    assert "1 of 1 articles" in caplog.text
    assert [text[s.start:s.end] for s in article.layers["techniques"]] == ["corrupt"]


def test_an_adapters_digest_is_read_again_when_the_file_changes(tmp_path):
    import hashlib
    import os

    from slant.components.base import adapter_digest

    adapter = tmp_path / "adapter.safetensors"
    adapter.write_bytes(b"first weights")
    assert adapter_digest(tmp_path) == hashlib.sha256(b"first weights").hexdigest()[:16]
    adapter.write_bytes(b"other weights, longer")
    os.utime(adapter, ns=(1, 1))
    assert adapter_digest(tmp_path) == hashlib.sha256(b"other weights, longer").hexdigest()[:16]


def test_a_span_ends_on_whole_words_joined_by_an_apostrophe_or_hyphen():
    text = "Aucune agence n’exige son retrait, dit Jean-Marc."
    pieces = ["Aucune", "agence", "n", "’", "exige", "son", "retrait", ",", "dit", "Jean", "-", "Marc", "."]
    window = _window(text, pieces)
    token_probs = np.zeros((len(pieces) + 2, 2))
    token_probs[1 + pieces.index("agence"), 0] = 0.9
    token_probs[1 + pieces.index("n"), 0] = 0.9  # the run stops on the "n" of "n’exige"
    token_probs[1 + pieces.index("Jean"), 1] = 0.9
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], np.array([[0.8, 0.8]]), LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert [text[s.start:s.end] for s in spans] == ["agence n’exige", "Jean-Marc"]


def test_a_span_does_not_end_on_a_function_word_or_a_comma_unless_it_is_a_negation():
    from slant.components.techniques import span_end_words, trim_function_words

    def trimmed(text, language):
        return text[slice(*trim_function_words(text, 0, len(text), span_end_words(language)))]

    assert trimmed("une multinationale de", "fr") == "une multinationale"
    assert trimmed("Ce cynisme est,", "fr") == "Ce cynisme"
    assert trimmed("il ne faut pas", "fr") == "il ne faut pas"  # a negation keeps its sense
    assert trimmed("Das ist viel zu", "de") == "Das ist viel zu"
    assert trimmed("il governo si è rivolto alle", "it") == "il governo si è rivolto"  # "alle" is "to the" here
    assert trimmed("это позор для", "ru") == "это позор"
    assert trimmed("une honte d’", "fr") == "une honte"
    assert trimmed('He called them "traitors"', "en") == 'He called them "traitors"'  # a straight quote closes
    assert trimmed("“de la", "fr") == "“de"  # the first word stays
    assert trimmed("of the", "en") == "of"
    assert trimmed("une multinationale de", "es") == "une multinationale de"  # no list, nothing trimmed
    assert trimmed("une multinationale de", "FR-fr") == "une multinationale"
    assert trimmed("la crisi dell’", "it") == "la crisi"
    assert trimmed('the so-called "', "en") == "the so-called"


def test_decoded_spans_end_on_whole_words_and_no_function_word():
    from slant.components.techniques import span_end_words

    text = "Ils accusent la multinationale de l’agrochimie."
    pieces = ["Ils", "accusent", "la", "multinationale", "de", "l", "’", "agrochimie", "."]
    window = _window(text, pieces)
    token_probs = np.zeros((len(pieces) + 2, 2))
    token_probs[1 + pieces.index("multinationale"), 1] = 0.9
    token_probs[1 + pieces.index("de"), 1] = 0.9
    spans = decode_spans(text, [(0, len(text))], [window], [token_probs], np.array([[0.0, 0.8]]), LABELS,
                         np.array([0.5, 0.5]), np.array([0.5, 0.5]), function_words=span_end_words("fr"))
    assert [text[s.start:s.end] for s in spans] == ["multinationale"]


def test_a_span_shorter_than_its_technique_is_ever_marked_is_widened_to_its_sentence():
    from slant.components.techniques import widen_short_spans

    text = "The mayor wants us to cycle. Yet she is driven to work every day. Shameful hypocrites, all of them."
    sentences = [(0, 28), (29, 65), (66, len(text))]
    def at(words, label, **attrs):
        start = text.index(words)
        return Span(start, start + len(words), label, 0.6, attrs)
    floors = {"Appeal_to_Hypocrisy": 3}
    yet = at("driven", "Appeal_to_Hypocrisy", focus=(text.index("driven"), text.index("driven") + 3))
    loaded = at("Shameful", "Loaded_Language")
    widened = widen_short_spans(text, [yet, loaded], sentences, floors)
    assert [(text[s.start:s.end], s.label) for s in widened] == [
        ("Yet she is driven to work every day.", "Appeal_to_Hypocrisy"), ("Shameful", "Loaded_Language")]
    assert "focus" not in widened[0].attrs  # the sentence is what a quote shows
    # a span across two sentences takes both; two spans of one technique in one sentence merge
    across = Span(text.index("cycle"), text.index("Yet") + 3, "Appeal_to_Hypocrisy", 0.6)
    assert [(s.start, s.end) for s in widen_short_spans(text, [across], sentences, floors)] == [(0, 65)]
    merged = widen_short_spans(text, [at("driven", "Appeal_to_Hypocrisy"), at("every", "Appeal_to_Hypocrisy")],
                               sentences, floors)
    assert [(s.start, s.end) for s in merged] == [(29, 65)]
    # a long span keeps its bounds; a one-word focus in it becomes its sentence, within the span
    focus_start = text.index("cycle")
    long_span = Span(0, 65, "Appeal_to_Hypocrisy", 0.6, {"focus": (focus_start, focus_start + 5)})
    (kept,) = widen_short_spans(text, [long_span], sentences, floors)
    assert (kept.start, kept.end) == (0, 65) and kept.attrs["focus"] == (0, 28)
    # left as they are: a span long enough, a span in no sentence, a focus outside its span, and
    # any span where the head has no floors or a floor of one word
    enough = at("she is driven to work", "Appeal_to_Hypocrisy")
    assert widen_short_spans(text, [enough], sentences, floors) == [enough]
    assert widen_short_spans(text, [yet], sentences[:1], floors) == [yet]
    stray = Span(0, 65, "Appeal_to_Hypocrisy", 0.6, {"focus": (70, 74)})
    assert widen_short_spans(text, [stray], sentences, floors)[0].attrs["focus"] == (70, 74)
    assert widen_short_spans(text, [yet], sentences, {}) == [yet]
    assert widen_short_spans(text, [yet], sentences, {"Appeal_to_Hypocrisy": 1}) == [yet]


@pytest.mark.slow
def test_the_tagger_widens_short_spans_with_the_span_heads_floors():
    import json

    from slant.runtime.pipeline import Pipeline

    pipeline = Pipeline(["techniques"])
    tagger = pipeline.component("techniques")
    floors = json.loads((tagger.span_head_dir / "config.json").read_text())["min_span_words"]
    assert tagger.span_min_words == floors and floors["Appeal_to_Hypocrisy"] >= 2
    text = ("The minister preaches thrift to pensioners, yet he flies to his holiday home in a government jet every "
            "weekend. What a hypocrite! These corrupt traitors and liars are destroying our country.\n\n"
            "They lecture us about saving energy while their own palaces glow all night long. Shameful!")
    article = pipeline(text).article
    sentences = [(s.start, s.end) for s in article.layers["sentences"]]
    assert article.layers["techniques"]
    for span in article.layers["techniques"]:
        assert len(article.text[span.start:span.end].split()) >= floors.get(span.label, 0), span
    # with a floor no loaded-language span reaches, each is widened to whole sentences
    tagger.span_min_words = {**floors, "Loaded_Language": 50}
    article = pipeline(text).article
    loaded = [span for span in article.layers["techniques"] if span.label == "Loaded_Language"]
    assert loaded
    starts, ends = {a for a, _ in sentences}, {b for _, b in sentences}
    assert all(span.start in starts and span.end in ends for span in loaded), loaded
