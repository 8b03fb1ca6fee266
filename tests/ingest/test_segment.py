from __future__ import annotations

import re

import pytest

from slant.doc.article import Article, Span
from slant.ingest.segment import (
    CHUNK_CHARS,
    _chunk_starts,
    _compiled,
    _move_opening_quotes,
    _segmenter,
    paragraph_spans,
    pysbd_language,
    segment,
    sentence_spans,
)


def texts(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in spans]


def sentences_of(text: str, language: str | None = None) -> list[str]:
    return texts(text, sentence_spans(text, paragraph_spans(text), language))


def assert_well_formed(text: str, paragraphs: list[Span], sentences: list[Span]) -> None:
    """Sentences are trimmed, inside one paragraph each, and cover every non-space character."""
    for sentence in sentences:
        piece = text[sentence.start : sentence.end]
        assert piece and piece == piece.strip(), repr(piece)
        assert sum(p.contains(sentence) for p in paragraphs) == 1, repr(piece)
    covered = set()
    for sentence in sentences:
        covered.update(range(sentence.start, sentence.end))
    for paragraph in paragraphs:
        for offset in range(paragraph.start, paragraph.end):
            if not text[offset].isspace():
                assert offset in covered, f"char {offset} {text[offset]!r} not in any sentence"


# -- paragraphs -------------------------------------------------------------------------------
def test_paragraphs_are_trimmed_non_blank_lines():
    text = "  Title  \n\n \t \nFirst line.\r\nSecond line\n"
    spans = paragraph_spans(text)
    assert texts(text, spans) == ["Title", "First line.", "Second line"]
    assert spans[0] == Span(2, 7)


def test_paragraphs_of_empty_and_blank_text():
    assert paragraph_spans("") == []
    assert paragraph_spans(" \n\n\t\n") == []


# -- sentences --------------------------------------------------------------------------------
def test_sentences_are_split_and_trimmed():
    text = "He left early.  She stayed. Then it rained."
    assert sentences_of(text, "en") == ["He left early.", "She stayed.", "Then it rained."]


def test_repeated_sentences_get_their_own_offsets():
    # Looking each sentence up from the paragraph start would put all three on the first "Yes."
    text = "Yes. Yes. Yes."
    spans = sentence_spans(text, paragraph_spans(text), "en")
    assert [(s.start, s.end) for s in spans] == [(0, 4), (5, 9), (10, 14)]


def test_sentences_never_cross_paragraphs():
    text = "A title without a full stop\nThe body starts here. It goes on"
    assert sentences_of(text) == ["A title without a full stop", "The body starts here.", "It goes on"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "We met Dr. Smith today. He was late.", ["We met Dr. Smith today.", "He was late."]),
        (
            "pl",
            "Byli tam m.in. ministrowie. Dr. Kowalski przyszedł.",
            ["Byli tam m.in. ministrowie.", "Dr. Kowalski przyszedł."],
        ),
        ("ru", "Это, т.е. вот так. Хорошо.", ["Это, т.е. вот так.", "Хорошо."]),
        (
            "it",
            "Lo ha detto il dr. Rossi ieri. Poi è uscito.",
            ["Lo ha detto il dr. Rossi ieri.", "Poi è uscito."],
        ),
    ],
)
def test_no_split_after_abbreviations(language, text, expected):
    assert sentences_of(text, language) == expected


def test_abbreviation_that_ends_a_sentence_still_splits():
    # "т.д." before an upper-case word may end the sentence: the split stays.
    assert sentences_of("Яблоки, груши и т.д. Потом всё.", "ru") == ["Яблоки, груши и т.д.", "Потом всё."]


def test_closing_quote_split_off_by_pysbd_goes_back():
    # pysbd cuts after "?" and starts the next sentence with the closing quote.
    text = "Wyszedł. „Dlaczego?” – zapytał. Dobrze."
    assert sentences_of(text, "pl") == ["Wyszedł.", "„Dlaczego?” – zapytał.", "Dobrze."]


def test_german_closing_guillemet_stays_with_its_sentence():
    # German quotes »like this«: the « closes, and pysbd would start the next sentence with it.
    text = "Er fragte: »Warum?« Mit Hinblick darauf ging er."
    assert sentences_of(text, "de") == ["Er fragte: »Warum?«", "Mit Hinblick darauf ging er."]


def test_polish_abbreviations_before_lower_case_words():
    text = "Wzrost o 5 proc. w skali roku. To jest tzw. reforma."
    assert sentences_of(text, "pl") == ["Wzrost o 5 proc. w skali roku.", "To jest tzw. reforma."]


def test_opening_quote_left_at_sentence_end_moves_forward():
    piece = 'He left. "Why?" she asked.'
    quote = piece.index('"')
    # pysbd's mistake, simulated: the next sentence starts after the opening quote.
    assert _move_opening_quotes(piece, [0, quote + 1]) == [0, quote]
    # a closing quote (no space before it) stays where it is
    closing = 'She said "no." Then left.'
    cut = closing.index("Then")
    assert _move_opening_quotes(closing, [0, cut]) == [0, cut]


def test_opening_quotes_start_their_sentence():
    assert sentences_of('It ended. "Why?" he asked. «Да».', "ru") == [
        "It ended.",
        '"Why?" he asked.',
        "«Да».",
    ]


def test_unknown_language_falls_back_to_english():
    assert pysbd_language("ka") == "en"
    assert pysbd_language("de-AT") == "de"
    assert pysbd_language(None) == "en"
    assert sentences_of("One here. Two here.", "ka") == ["One here.", "Two here."]


def test_long_paragraph_is_chunked_and_fully_covered():
    sentence = "The committee reviewed the proposal in detail and found several problems. "
    text = "Title\n" + sentence * 200 + "Unfinished tail"
    paragraphs = paragraph_spans(text)
    body = text[paragraphs[1].start : paragraphs[1].end]
    cuts = _chunk_starts(body)
    assert len(cuts) > 1 and all(
        b - a <= CHUNK_CHARS for a, b in zip(cuts, [*cuts[1:], len(body)], strict=True)
    )
    assert all(body[cut - 2 : cut] == ". " for cut in cuts[1:]), "chunks are cut after a sentence end"
    sentences = sentence_spans(text, paragraphs, "en")
    assert_well_formed(text, paragraphs, sentences)
    assert len(sentences) == 1 + 200 + 1


def test_chunking_without_sentence_ends_cuts_at_spaces():
    body = "word " * 1000
    cuts = _chunk_starts(body.strip())
    assert len(cuts) > 1 and all(body[cut - 1] == " " for cut in cuts[1:])


def test_segment_sets_both_layers_and_covers_content():
    text = (
        "Mayor Promises Cleaner Streets\n\n"
        '  The mayor said on Monday that the streets will be cleaner. "Only a fool would doubt us," she said.  \n'
        "   \n"
        "Critics, e.g. Mr. Jones, called it a disaster!? We will see. Maybe\n"
    )
    article = segment(Article(text=text, language="en"))
    assert texts(text, article.paragraphs)[1].startswith("The mayor")
    assert len(article.paragraphs) == 3
    assert_well_formed(text, article.paragraphs, article.sentences)
    assert texts(text, article.sentences)[3:] == [
        "Critics, e.g. Mr. Jones, called it a disaster!?",
        "We will see.",
        "Maybe",
    ]


def test_pysbd_gets_the_bigger_regex_cache_without_changing_results():
    import pysbd.abbreviation_replacer

    text = "Lo ha detto il sig. Rossi ieri. Poi è uscito. Il prof. Bianchi no."
    expected = ["Lo ha detto il sig. Rossi ieri.", "Poi è uscito.", "Il prof. Bianchi no."]
    assert sentences_of(text, "it") == expected
    assert pysbd.abbreviation_replacer.re is re  # pysbd itself is left as it was
    replacer = _segmenter("it").language_module.AbbreviationReplacer
    assert issubclass(replacer, pysbd.abbreviation_replacer.AbbreviationReplacer)
    assert replacer.replace_period_of_abbr is not pysbd.abbreviation_replacer.AbbreviationReplacer.replace_period_of_abbr
    before = _compiled.cache_info()
    assert sentences_of(text, "it") == expected  # second call: patterns come from the cache
    after = _compiled.cache_info()
    assert after.hits > before.hits and after.misses == before.misses


def test_a_text_over_the_analysis_limit_is_split_at_punctuation_without_pysbd(monkeypatch):
    import slant.ingest.segment as segment_module

    text = ('Police said: "Go home." Then they left. It cost $5.5 million, Mr. smith said.\n\n'
            "«Да!» Он ушёл... и вернулся. 3 men died in the clashes on Tuesday night")
    expected = ['Police said: "Go home."', "Then they left.", "It cost $5.5 million, Mr. smith said.",
                "«Да!»", "Он ушёл... и вернулся.", "3 men died in the clashes on Tuesday night"]

    def no_pysbd(piece, language):
        raise AssertionError("pysbd must not run on a text over the analysis limit")

    with monkeypatch.context() as patched:
        patched.setattr(segment_module, "_pysbd_sentences", no_pysbd)
        patched.setenv("SLANT_MAX_CHARS", "100")
        article = segment(Article(text=text, language="en"))
    assert_well_formed(text, article.paragraphs, article.sentences)
    assert texts(text, article.sentences) == expected
    assert article.provenance["sentences"] == segment_module.PUNCTUATION_SENTENCES
    # where the limit is raised for the analysis, pysbd finds the sentences again
    segment_module.resegment_sentences(article)
    assert "sentences" not in article.provenance
    assert texts(text, article.sentences)[2] == "It cost $5.5 million, Mr. smith said."
    assert_well_formed(text, article.paragraphs, article.sentences)


def test_a_long_run_of_dots_is_one_sentence_end():
    from slant.ingest.segment import _split_at_punctuation

    piece = "It ended" + "." * 50_000 + " Then it began again."
    assert [piece[a:b] for a, b in _split_at_punctuation(piece)] == ["It ended" + "." * 50_000, "Then it began again."]
    assert _split_at_punctuation("Он сказал. и ушёл. Żółw. żółw") == [(0, 18), (19, 29)]  # no cut before lower case
