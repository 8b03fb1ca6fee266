"""CoNLL entity files: both layouts, gzip, document breaks, IOB1 input, exact-match scoring,
token <-> character offsets, and the held-out split."""

from __future__ import annotations

import gzip
import random

import pytest

from slant.errors import BadInputError
from slant.formats import conll
from slant.formats.conll import (
    AlignmentError,
    Sentence,
    entities,
    format_conll,
    is_dev_sentence,
    parse_conll,
    read_conll,
    score,
    sentence_chunks,
    sentence_text,
    spans_from_tags,
    tags_from_spans,
    to_iob2,
)

INDEXED = (
    "0\t-DOCSTART-\tO\n"
    "\n"
    "0\tWest\tB-MISC\n"
    "1\tIndian\tI-MISC\n"
    "2\tPhil\tB-PER\n"
    "3\tSimmons\tI-PER\n"
    "4\ttook\tO\n"
    "\n"
    "0\tLONDON\tB-LOC\n"
    "1\t1996-08-30\tO\n"
    "\n"
    "0\t-DOCSTART-\tO\n"
    "\n"
    "0\tEU\tB-ORG\n"
    "1\trejects\tO\n"
    "2\tGerman\tB-MISC\n"
    "3\tcall\tO\n"
)

PLAIN = (
    "#DOCSTART\n"
    "\n"
    "Debata\tO\n"
    "Komisji\tB-ORG\n"
    "Europejskiej\tI-ORG\n"
    "o\tO\n"
    "Polsce\tB-LOC\n"
    "\n"
    "Unia\tB-LOC\n"
    "zajęła\tO\n"
    "\n"
)

# IOB1: entities start with I-; B- only where two entities of one type touch.
IOB1 = (
    "Peter\tI-PER\n"
    "Blackburn\tI-PER\n"
    "met\tO\n"
    "Anna\tI-PER\n"
    "Bob\tB-PER\n"
    "in\tO\n"
    "Bonn\tI-LOC\n"
)


def test_indexed_layout_reads_sentences_and_keeps_document_breaks(tmp_path):
    path = tmp_path / "en.conll"
    path.write_text(INDEXED, encoding="utf-8")
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [
        ["West", "Indian", "Phil", "Simmons", "took"],
        ["LONDON", "1996-08-30"],
        ["EU", "rejects", "German", "call"],
    ]
    assert sentences[0].tags == ["B-MISC", "I-MISC", "B-PER", "I-PER", "O"]
    assert sentences[0].indices == ["0", "1", "2", "3", "4"]
    assert [s.starts_document for s in sentences] == [True, False, True]
    assert [s.line for s in sentences] == [3, 9, 14]
    assert format_conll(sentences) == INDEXED


def test_plain_layout_gzip_and_hash_document_lines(tmp_path):
    path = tmp_path / "pl.conllu.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(PLAIN)
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [["Debata", "Komisji", "Europejskiej", "o", "Polsce"], ["Unia", "zajęła"]]
    assert sentences[0].indices is None and sentences[0].starts_document
    assert format_conll(sentences) == PLAIN  # the final blank line too


def test_gzip_is_found_by_content_not_name(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(gzip.compress(INDEXED.encode("utf-8")))
    assert len(read_conll(path)) == 3


def test_writer_puts_new_tags_in_the_last_column():
    sentences = parse_conll(INDEXED)
    new = [["O"] * len(s) for s in sentences]
    new[1] = ["B-LOC", "O"]
    text = format_conll(sentences, new)
    assert text.splitlines()[2] == "0\tWest\tO"
    assert "0\tLONDON\tB-LOC\n1\t1996-08-30\tO\n" in text
    assert text.count("-DOCSTART-") == 2 and text.count("\n\n") == 4
    with pytest.raises(ValueError, match="sentence 2: 3 tags for 2 tokens"):
        format_conll(sentences, [new[0], ["O", "O", "O"], new[2]])
    with pytest.raises(ValueError):
        format_conll(sentences, [["X-PER"] * len(s) for s in sentences])


def test_windows_newlines_and_byte_order_mark_are_read(tmp_path):
    path = tmp_path / "crlf.conll"
    path.write_bytes(("\ufeff" + PLAIN).replace("\n", "\r\n").encode("utf-8"))
    sentences = read_conll(path)
    assert sentences[0].tokens[0] == "Debata" and sentences[1].tags == ["B-LOC", "O"]


def test_iob1_input_is_normalised_to_iob2():
    (sentence,) = parse_conll(IOB1)
    assert sentence.tags == ["B-PER", "I-PER", "O", "B-PER", "B-PER", "O", "B-LOC"]
    assert entities([sentence]) == {(0, 0, 2, "PER"), (0, 3, 4, "PER"), (0, 4, 5, "PER"), (0, 6, 7, "LOC")}
    assert to_iob2(sentence.tags) == sentence.tags


def test_malformed_lines_are_reported_with_their_line(tmp_path):
    with pytest.raises(BadInputError, match="line 2: tag 'PER'"):
        parse_conll("a\tO\nb\tPER\n", source="x")
    with pytest.raises(BadInputError, match="line 1: 4 tab-separated"):
        parse_conll("0\ta\tNN\tO\n")
    with pytest.raises(BadInputError, match="first \\('NN'\\) is not a token index"):
        parse_conll("NN\ta\tO\n")
    with pytest.raises(BadInputError, match="line 2: 2 columns inside a sentence of 3-column lines"):
        parse_conll("0\ta\tO\nb\tO\n")
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="no sentences"):
        read_conll(empty)
    latin = tmp_path / "latin.conll"
    latin.write_bytes("Köln\tB-LOC\n".encode("latin-1"))
    with pytest.raises(BadInputError, match="not UTF-8"):
        read_conll(latin)


# -- entities and scoring -------------------------------------------------------------------------
def test_entities_follow_conlleval():
    assert sentence_chunks(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "I-ORG", "B-ORG", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 5, "LOC"),  # I- after O starts an entity
        (5, 6, "ORG"),  # I- after another type starts one
        (6, 8, "ORG"),
    ]
    assert entities(["O", "B-MISC"]) == {(0, 1, 2, "MISC")}  # a flat list is one sentence
    assert entities([["B-PER"], ["O"], ["I-LOC"]]) == {(0, 0, 1, "PER"), (2, 0, 1, "LOC")}


GOLD = [
    ["B-PER", "I-PER", "O", "B-LOC", "O"],
    ["B-ORG", "I-ORG", "I-ORG", "O"],
    ["O", "B-MISC", "O"],
]


def test_score_exact_match_only():
    result = score(GOLD, GOLD)
    assert result.overall.f1 == 1.0 and result.overall.gold == result.overall.correct == 4
    assert result.token_accuracy == 1.0 and result.sentences == 3 and result.tokens == 12


def test_score_type_and_boundary_mismatches_count_as_both_errors():
    pred = [
        ["B-PER", "I-PER", "O", "B-ORG", "O"],  # LOC predicted as ORG: one FP (ORG), one FN (LOC)
        ["B-ORG", "I-ORG", "O", "O"],  # boundary too short: FP and FN
        ["O", "B-MISC", "O"],
    ]
    result = score(GOLD, pred)
    assert (result.overall.gold, result.overall.predicted, result.overall.correct) == (4, 4, 2)
    assert result.precision == result.recall == result.f1 == 0.5
    assert result.per_label["LOC"].recall == 0.0 and result.per_label["LOC"].predicted == 0
    org = result.per_label["ORG"]
    assert (org.gold, org.predicted, org.correct, org.precision) == (1, 2, 0, 0.0)
    assert result.per_label["PER"].f1 == 1.0
    assert result.token_accuracy == pytest.approx(10 / 12)


def test_score_reads_i_after_o_as_an_entity_start():
    gold = [["O", "B-PER", "I-PER"]]
    assert score(gold, [["O", "I-PER", "I-PER"]]).f1 == 1.0  # same entity, IOB1 spelling
    result = score(gold, [["I-PER", "O", "I-PER"]])  # two entities, neither matches
    assert (result.overall.predicted, result.overall.correct) == (2, 0)


def test_score_hand_made_counts_and_label_restriction():
    gold = [["B-PER", "O", "B-LOC", "B-MISC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "B-MISC"]]
    result = score(gold, pred)
    # gold 4 (PER LOC MISC ORG), predicted 4, correct 3: P = R = F1 = 0.75
    assert (result.precision, result.recall, result.f1) == (0.75, 0.75, 0.75)
    misc = result.per_label["MISC"]
    assert (misc.gold, misc.predicted, misc.correct, misc.f1) == (1, 1, 0, 0.0)
    restricted = score(gold, pred, labels=["PER", "ORG", "LOC"])
    assert restricted.f1 == 1.0 and "MISC" not in restricted.per_label and restricted.labels == ["LOC", "ORG", "PER"]


def test_score_with_no_entities_is_zero_not_an_error():
    result = score([["O", "O"]], [["O", "O"]])
    assert result.f1 == 0.0 and result.per_label == {} and result.token_accuracy == 1.0


def test_misaligned_inputs_name_the_sentence():
    gold = parse_conll(INDEXED)
    pred = parse_conll(INDEXED.replace("1996-08-30", "1996-08-31"))
    with pytest.raises(AlignmentError, match=r"sentence 2 \(gold line 9, prediction line 9\): token 2 is '1996-08-30'"):
        score(gold, pred)
    with pytest.raises(AlignmentError, match="sentence 1: 2 tokens in gold, 1 in prediction"):
        score([["O", "O"]], [["O"]])
    with pytest.raises(AlignmentError, match="3 sentences in gold, 2 in prediction"):
        score(gold, gold[:2])


def test_scorer_agrees_with_seqeval_default_mode():
    seqeval = pytest.importorskip("seqeval.metrics", reason="seqeval is not installed (not a dependency)")
    from seqeval.metrics.sequence_labeling import get_entities

    rng = random.Random(7)
    tags = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    gold = [[rng.choice(tags) for _ in range(rng.randint(1, 15))] for _ in range(400)]
    pred = [[t if rng.random() < 0.8 else rng.choice(tags) for t in sentence] for sentence in gold]
    for sentence in gold:
        assert sorted((label, start, end - 1) for start, end, label in sentence_chunks(sentence)) == sorted(
            get_entities(sentence)
        )
    result = score(gold, pred)
    assert result.precision == pytest.approx(seqeval.precision_score(gold, pred))
    assert result.recall == pytest.approx(seqeval.recall_score(gold, pred))
    assert result.f1 == pytest.approx(seqeval.f1_score(gold, pred))


# -- character offsets ----------------------------------------------------------------------------
def test_sentence_text_and_spans_round_trip():
    tokens = ["Anna", "Schmidt", "visited", "New", "York", "."]
    text, offsets = sentence_text(tokens)
    assert text == "Anna Schmidt visited New York ."
    assert all(text[start:end] == token for (start, end), token in zip(offsets, tokens, strict=True))
    tags = ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O"]
    spans = spans_from_tags(offsets, tags)
    assert spans == [(0, 12, "PER"), (21, 29, "LOC")]
    assert [text[s:e] for s, e, _ in spans] == ["Anna Schmidt", "New York"]
    assert tags_from_spans(offsets, spans) == tags


def test_tags_from_spans_overlap_adjacency_and_span_objects():
    from slant.doc.article import Span

    text, offsets = sentence_text(["Berlin-based", "Siemens", "AG", "and", "Bosch"])
    # a span covering part of a token takes the whole token; Span objects work too
    assert tags_from_spans(offsets, [Span(0, 6, "LOC")]) == ["B-LOC", "O", "O", "O", "O"]
    # two adjacent spans of one label stay two entities
    assert tags_from_spans(offsets, [(13, 20, "ORG"), (21, 23, "ORG")]) == ["O", "B-ORG", "B-ORG", "O", "O"]
    # competing spans: the earlier (then longer) one keeps the token
    assert tags_from_spans(offsets, [(13, 23, "ORG"), (16, 23, "PER")]) == ["O", "B-ORG", "I-ORG", "O", "O"]
    # a span over the space between tokens touches neither; empty span list gives all O
    assert tags_from_spans(offsets, [(12, 13, "MISC")]) == ["O"] * 5
    assert tags_from_spans(offsets, []) == ["O"] * 5
    with pytest.raises(ValueError, match="no label"):
        tags_from_spans(offsets, [(0, 6, None)])


# -- held-out split -------------------------------------------------------------------------------
def test_dev_split_is_fixed_and_about_a_fifth():
    import hashlib

    digest = hashlib.sha256(b"slant-ner-dev-v1:wikiann:en:0").digest()
    assert is_dev_sentence("wikiann", "en", 0) == (int.from_bytes(digest[:4], "big") % 100 < 20)
    share = sum(is_dev_sentence("wikineural", "de", i) for i in range(5000)) / 5000
    assert 0.18 < share < 0.22
    # pinned: the entity model's trainer holds out exactly these sentences
    assert [i for i in range(40) if is_dev_sentence("conll2003", "en", i)] == [0, 6, 8, 10, 15, 18, 19, 31, 33]
    assert [i for i in range(40) if is_dev_sentence("wikineural", "ru", i)] == [1, 6, 8, 13, 15, 17, 18, 34, 39]
    assert conll.DEV_SHARE_PERCENT == 20


def test_sentence_is_a_plain_dataclass():
    sentence = Sentence(["a"], ["O"])
    assert len(sentence) == 1 and sentence.indices is None and not sentence.starts_document


def test_document_numbers_follow_breaks_and_cap_long_documents(monkeypatch):
    from slant.formats import conll

    def sentence(break_before: bool) -> conll.Sentence:
        return conll.Sentence(["x"], ["O"], before=["0\t-DOCSTART-\tO", ""] if break_before else [""])

    assert conll.document_numbers([sentence(False) for _ in range(3)]) == [0, 1, 2]  # no breaks: each alone
    flags = [True, False, False, True, False]
    assert conll.document_numbers([sentence(flag) for flag in flags]) == [0, 0, 0, 1, 1]
    header = conll.Sentence(["x"], ["O"], before=["# produced by a tagger", ""])
    assert conll.document_numbers([header, sentence(False), sentence(False)]) == [0, 1, 2]  # a comment is no break
    newdoc = conll.Sentence(["x"], ["O"], before=["# newdoc id = a", ""])
    assert conll.document_numbers([newdoc, sentence(False), newdoc]) == [0, 0, 1]
    monkeypatch.setattr(conll, "MAX_DOCUMENT_SENTENCES", 2)
    assert conll.document_numbers([sentence(flag) for flag in flags]) == [0, 0, 1, 2, 2]
