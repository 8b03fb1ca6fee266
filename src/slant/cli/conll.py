"""``slant conll {score,predict}``: named entities in token-per-line (CoNLL) files."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slant.cli.common import missing_subcommand
from slant.errors import ConfigError, SlantError

if TYPE_CHECKING:
    from slant.formats.conll import EntityScore, Sentence
    from slant.runtime.pipeline import Pipeline

log = logging.getLogger(__name__)

COMPONENT = "entities"
DEFAULT_BATCH = 64  # sentences analysed together (whole documents: a longer one goes alone)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "conll",
        help="named entities in CoNLL files: scoring, prediction",
        description="Tools for token-per-line named-entity files (index<TAB>token<TAB>tag or "
        "token<TAB>tag, a blank line between sentences, IOB tags; .gz read too).",
    )
    commands = parser.add_subparsers(dest="conll_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda args: missing_subcommand(parser))

    score = commands.add_parser(
        "score",
        help="exact-match entity precision, recall and F1 of a prediction file",
        description="Score PRED against GOLD as conlleval does: an entity counts when its start, end "
        "and type all match; micro-averaged overall. IOB1 tags are read as IOB2. The two files must "
        "hold the same tokens in the same sentences.",
    )
    score.add_argument("gold", type=Path, metavar="GOLD", help="gold CoNLL file")
    score.add_argument("pred", type=Path, metavar="PRED", help="predicted CoNLL file")
    score.add_argument("--per-label", action="store_true", help="a row per entity type too")
    score.add_argument("--json", action="store_true", help="print the full result as JSON")
    score.set_defaults(handler=run_score)

    predict = commands.add_parser(
        "predict",
        help="tag a CoNLL file's sentences with slant's entity component",
        description="Tag every sentence of FILE with the 'entities' pipeline component and write the "
        "same file with the predicted tags (IOB2) in the last column. The sentences between two "
        "document breaks (-DOCSTART-) are read together as one article, as slant reads news; a file "
        "without breaks is read a sentence at a time.",
    )
    predict.add_argument("file", type=Path, metavar="FILE", help="CoNLL file to tag (its tags are ignored)")
    predict.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="file to write")
    predict.add_argument(
        "--language", default=None, help="ISO code of the file's language (default: detected from its text)"
    )
    predict.add_argument("--models", type=Path, default=None, help="model folder (default: the bundled one)")
    predict.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, metavar="N",
                         help=f"sentences analysed together (default {DEFAULT_BATCH})")
    predict.set_defaults(handler=run_predict)



# -- score --------------------------------------------------------------------------------------
def run_score(args) -> int:
    from slant.formats import conll

    gold = conll.read_conll(_existing(args.gold, "gold"))
    pred = conll.read_conll(_existing(args.pred, "prediction"))
    result = conll.score(gold, pred, names=("GOLD", "PRED"))
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_score(result, per_label=args.per_label))
    return 0


def _existing(path: Path, role: str) -> Path:
    if not path.is_file():
        raise SlantError(f"{role} file {str(path)!r} does not exist")
    return path


def format_score(result: EntityScore, per_label: bool = True) -> str:
    header = f"{'label':10s} {'P':>7s} {'R':>7s} {'F1':>7s} {'gold':>7s} {'pred':>7s} {'correct':>7s}"
    rows = list(result.per_label.values()) if per_label else []
    lines = [header]
    for item in [*rows, result.overall]:
        lines.append(
            f"{item.label:10s} {item.precision:7.4f} {item.recall:7.4f} {item.f1:7.4f} "
            f"{item.gold:7d} {item.predicted:7d} {item.correct:7d}"
        )
    lines.append(
        f"exact-match entities, micro-averaged; {result.sentences} sentences, {result.tokens} tokens, "
        f"token accuracy {result.token_accuracy:.4f}"
    )
    return "\n".join(lines)


# -- predict ------------------------------------------------------------------------------------
def load_entity_pipeline(models: Path | None = None) -> Pipeline:
    """A pipeline of the entity component alone (a ConfigError names it when it is missing)."""
    from slant.runtime.pipeline import Pipeline

    return Pipeline([COMPONENT], models=models)


def detect_language(sentences: Sequence[Sentence], source: str = "the file") -> str:
    """The language of a file's sentences, from their text (py3langid, as slant reads articles)."""
    from slant.formats.conll import sentence_text
    from slant.ingest.language import SAMPLE_CHARS, detect

    sample: list[str] = []
    size = 0
    for sentence in sentences:
        text = sentence_text(sentence.tokens)[0]
        sample.append(text)
        size += len(text) + 1
        if size >= SAMPLE_CHARS:
            break
    language, confidence = detect("\n".join(sample))
    if language is None:
        raise ConfigError(f"cannot tell the language of {source}; pass --language")
    log.info("%s: language %s (%.2f)", source, language, confidence)
    return language


def predict_tags(pipeline: Pipeline, sentences: Sequence[Sentence], language: str,
                 batch_size: int = DEFAULT_BATCH, source: str = "<sentences>",
                 documents: Sequence[int] | None = None) -> tuple[list[list[str]], Counter]:
    """IOB2 tags for every sentence from the pipeline's ``entities`` layer, and a count of the
    notes the pipeline left (per sentence, e.g. a language it does not cover).

    The sentences of one document (``documents``: a number per sentence, by default
    :func:`slant.formats.conll.document_numbers`) are read as one article, a paragraph and a
    sentence each, as slant reads a news article: a name's mentions then agree on one label and
    a weak mention stands where the article has it surely elsewhere. Each sentence is its tokens
    joined by single spaces; the entity spans found over it become token tags.
    """
    from slant.doc.article import Article, Span
    from slant.formats.conll import document_numbers, sentence_text, tags_from_spans

    if documents is None:
        documents = document_numbers(sentences)
    if len(documents) != len(sentences):
        raise ValueError(f"{len(documents)} document numbers for {len(sentences)} sentences")
    runs: list[list[int]] = []  # sentence indices, one run per document
    for index, number in enumerate(documents):
        if runs and documents[runs[-1][-1]] == number:
            runs[-1].append(index)
        else:
            runs.append([index])
    tags: list[list[str]] = [[] for _ in sentences]
    notes: Counter = Counter()
    first = 0
    while first < len(runs):
        batch, size = [], 0
        while first < len(runs) and (not batch or size + len(runs[first]) <= max(1, batch_size)):
            batch.append(runs[first])
            size += len(runs[first])
            first += 1
        articles, layouts = [], []
        for run in batch:
            texts, layout, position = [], [], 0
            for index in run:
                text, token_offsets = sentence_text(sentences[index].tokens)
                texts.append(text)
                layout.append((index, position, token_offsets))
                position += len(text) + 2
            text = "\n\n".join(texts)
            article = Article(text=text, language=language, source=f"{source}:{sentences[run[0]].line}")
            spans = [Span(start, start + len(piece)) for (_, start, _), piece in zip(layout, texts, strict=True)]
            article.set_layer("paragraphs", spans)
            article.set_layer("sentences", list(spans))
            articles.append(article)
            layouts.append(layout)
        for analysis, layout in zip(pipeline.analyse_articles(articles), layouts, strict=True):
            for note in analysis.notes:
                notes[note] += len(layout)
            found = [s for s in analysis.article.layers.get(COMPONENT, []) if s.label]
            for index, start, token_offsets in layout:
                end = start + len(" ".join(sentences[index].tokens))
                local = [Span(s.start - start, s.end - start, s.label, s.score) for s in found
                         if start <= s.start and s.end <= end]
                tags[index] = tags_from_spans(token_offsets, local)
    return tags, notes


def run_predict(args) -> int:
    from slant.formats import conll
    from slant.output.files import write_text_atomic

    source = _existing(args.file, "input")
    if args.output.suffix == ".gz":
        raise SlantError(f"{args.output}: `slant conll predict` writes plain text; name the output without .gz "
                         "and compress it afterwards")
    if args.batch_size < 1:
        raise SlantError("--batch-size must be at least 1")
    sentences = conll.read_conll(source)
    language = args.language or detect_language(sentences, str(source))
    pipeline = load_entity_pipeline(args.models)
    tags, notes = predict_tags(pipeline, sentences, language, args.batch_size, str(source))
    for note, count in notes.most_common():
        log.warning("%s: %d of %d sentences: %s", source, count, len(sentences), note)
    write_text_atomic(args.output, conll.format_conll(sentences, tags))
    found = sum(len(conll.sentence_chunks(t)) for t in tags)
    print(f"{args.output}: {len(sentences)} sentences ({language}), {found} entities", file=sys.stderr)
    return 0
