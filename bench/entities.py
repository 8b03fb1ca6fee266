"""Entity F1 of slant's "entities" component on our held-out part of the named-entity corpora.

    python bench/entities.py                          # every corpus and language
    python bench/entities.py --limit 200              # the first 200 held-out sentences of each file
    python bench/entities.py --corpora wikiann --languages en,de --json

Runs the same path as `slant conll predict` in-process (slant.cli.conll.predict_tags: each
sentence's tokens joined by single spaces, the held-out sentences of one document (CoNLL-2003 and
BSNLP mark documents) read as one article, each other sentence alone, the component's character
spans mapped back to token tags) over the held-out sentences of each corpus file and scores them
with slant.formats.conll.score (exact-match entities, conlleval's convention, micro-averaged).

The held-out sentences are those for which slant.formats.conll.is_dev_sentence(corpus,
language, index) is true, ``index`` being the sentence's 0-based position in the corpus's val
file (about 20%); the entity model's trainer leaves the same sentences out. Data: the folders of
../shared/data/entities (see its README): wikineural (en de fr it pl ru), wikiann (en de pl ru),
conll2003 (en de), bsnlp (pl ru), val split each.

Columns: F1 per type; "PER/ORG/LOC", micro-F1 over those three types (comparable across
corpora, MISC left out on both sides); "all", micro-F1 over every type the corpus annotates.
WikiANN annotates no MISC: its MISC column is "-", and MISC predictions are left out of its
"all" figure (which is then the PER/ORG/LOC figure).

Rows "bsnlp-reviewed": the same predictions as the BSNLP rows, scored against our own review of
their held-out sentences (101 Russian, 113 Polish; bench/entities/README.md), because those
files' gold leaves many of the entities it marks elsewhere unmarked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEFAULT_DATA = REPO.parent / "shared" / "data" / "entities"
# Our own review of held-out sentences whose gold leaves entities unmarked (bench/entities/README.md):
# (corpus, language) -> annotations scored as an extra row, "<corpus>-reviewed", on the same predictions.
REVIEWED = {("bsnlp", language): REPO / "bench" / "entities" / f"bsnlp-{language}-reviewed.tsv" for language in ("pl", "ru")}
SPLIT = "val"
CORE = ("PER", "ORG", "LOC")
ALL = (*CORE, "MISC")
# corpus -> (languages, entity types it annotates)
CORPORA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "wikineural": (("en", "de", "fr", "it", "pl", "ru"), ALL),
    "wikiann": (("en", "de", "pl", "ru"), CORE),
    "conll2003": (("en", "de"), ALL),
    "bsnlp": (("pl", "ru"), ALL),
}


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Entity F1 of the 'entities' component on the held-out sentences (is_dev_sentence) "
        "of the named-entity corpora, per corpus and language.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="MISC: WikiANN annotates none, so its MISC predictions are dropped and its 'all' column "
        "covers PER/ORG/LOC only.",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"entity data folder (default {DEFAULT_DATA})")
    parser.add_argument("--corpora", type=_csv, default=list(CORPORA),
                        help=f"comma-separated corpora (default: {','.join(CORPORA)})")
    parser.add_argument("--languages", type=_csv, default=None, help="comma-separated ISO codes (default: all)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="score only the first N held-out sentences of each file")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N", help="sentences per pipeline call")
    parser.add_argument("--models", type=Path, default=None, help="model folder (default: the bundled one)")
    parser.add_argument("--whole-documents", action="store_true",
                        help="read each held-out sentence with every sentence of its document (most of them "
                        "training sentences of the entity head) and score the held-out ones: the context a whole "
                        "file gives `slant conll predict`, for rules that read the document (CoNLL-2003, BSNLP)")
    parser.add_argument("--keep-sentence-openers", action="store_true",
                        help="keep one-word mentions opening a sentence that the document also writes in lower "
                        "case (to measure what dropping them does; documents only: CoNLL-2003, BSNLP)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.corpora) - set(CORPORA))
    if unknown:
        parser.error(f"unknown corpora {', '.join(unknown)}; known: {', '.join(CORPORA)}")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def held_out(corpus: str, language: str, sentences: list) -> list[int]:
    """Indices of the held-out sentences."""
    from slant.formats.conll import is_dev_sentence

    return [index for index in range(len(sentences)) if is_dev_sentence(corpus, language, index)]


def reviewed_tags(path: Path, data_file: Path, sentences: list, chosen: list[int]) -> list[list[str]]:
    """Per chosen sentence, IOB2 tags from a review file (``sentence first_token end_token
    label`` a line; sentences it does not name have no entities). Refused if the data file's
    sha256 is not the one the review was made on."""
    import hashlib

    from slant.formats.conll import tags_from_chunks

    expected, spans = None, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sha256"):
            expected = line.rsplit(" ", 1)[-1]
        elif line and not line.startswith("#"):
            sentence, first, end, label = line.split("\t")
            spans.setdefault(int(sentence), []).append((int(first), int(end), label))
    actual = hashlib.sha256(data_file.read_bytes()).hexdigest()
    if expected != actual:
        raise SystemExit(f"bench/entities.py: {path.name} reviews a file with sha256 {expected}, "
                         f"but {data_file} has {actual}")
    return [tags_from_chunks(len(sentences[index].tokens), sorted(spans.get(index, []))) for index in chosen]


def evaluate(pipeline, corpus: str, language: str, path: Path, limit: int | None, batch_size: int,
             whole_documents: bool = False) -> list[dict]:
    """The row of one corpus file, and the row of its reviewed annotations where REVIEWED has them."""
    from slant.cli.conll import predict_tags
    from slant.formats.conll import document_numbers, read_conll

    labels = CORPORA[corpus][1]
    sentences = read_conll(path)
    documents = document_numbers(sentences)  # of the whole file: held-out sentences keep their document
    chosen = held_out(corpus, language, sentences)
    if limit is not None:
        chosen = chosen[:limit]
    gold = [sentences[index] for index in chosen]
    started = time.perf_counter()
    if whole_documents:
        read = sorted({index for index, number in enumerate(documents) if number in {documents[i] for i in chosen}})
        every, notes = predict_tags(pipeline, [sentences[i] for i in read], language, batch_size, str(path),
                                    documents=[documents[i] for i in read])
        by_index = dict(zip(read, every, strict=True))
        predicted = [by_index[index] for index in chosen]
    else:
        predicted, notes = predict_tags(pipeline, gold, language, batch_size, str(path),
                                        documents=[documents[index] for index in chosen])
    seconds = time.perf_counter() - started
    rows = [_row(corpus, language, gold, predicted, labels, seconds, notes)]
    if (corpus, language) in REVIEWED:
        reviewed = reviewed_tags(REVIEWED[corpus, language], path, sentences, chosen)
        rows.append(_row(f"{corpus}-reviewed", language, reviewed, predicted, labels, seconds, notes))
    return rows


def _row(corpus: str, language: str, gold, predicted, labels, seconds: float, notes) -> dict:
    from slant.formats.conll import score

    everything = score(gold, predicted, labels=labels)
    core = score(gold, predicted, labels=CORE)
    row = {
        "corpus": corpus,
        "language": language,
        "sentences": len(gold),
        "gold_entities": everything.overall.gold,
        "f1": {label: (round(everything.per_label[label].f1, 4) if label in labels else None) for label in ALL},
        "core_f1": round(core.f1, 4),
        "core_precision": round(core.precision, 4),
        "core_recall": round(core.recall, 4),
        "all_f1": round(everything.f1, 4),
        "labels": list(labels),
        "seconds": round(seconds, 2),
        "sentences_per_second": round(len(gold) / seconds, 1) if seconds else None,
    }
    if notes:
        row["notes"] = dict(notes)
    return row


def render(rows: list[dict]) -> str:
    header = (f"{'corpus':14s} {'lang':4s} {'sents':>6s} {'ents':>6s} " + " ".join(f"{label:>6s}" for label in ALL)
              + f" {'PER/ORG/LOC':>11s} {'all':>6s} {'sent/s':>7s}")
    lines = [header]
    for row in rows:
        cells = " ".join(f"{'-' if row['f1'][label] is None else format(row['f1'][label], '.3f'):>6s}"
                         for label in ALL)
        speed = "-" if row["sentences_per_second"] is None else f"{row['sentences_per_second']:.1f}"
        lines.append(f"{row['corpus']:14s} {row['language']:4s} {row['sentences']:6d} {row['gold_entities']:6d} "
                     f"{cells} {row['core_f1']:11.3f} {row['all_f1']:6.3f} {speed:>7s}")
    lines.append("exact-match entity F1 on the held-out sentences (is_dev_sentence) of each val file; "
                 "PER/ORG/LOC: micro-F1 over those types; all: over every type the corpus annotates")
    without = sorted({row["corpus"] for row in rows if "MISC" not in row["labels"]})
    if without:
        lines.append(f"no MISC in the data of {', '.join(without)}: MISC shown as '-', MISC predictions left out")
    for row in rows:
        for note, count in (row.get("notes") or {}).items():
            lines.append(f"note {row['corpus']}/{row['language']}: {count} sentences: {note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from slant.cli.conll import load_entity_pipeline
    from slant.errors import SlantError

    try:
        pipeline = load_entity_pipeline(args.models)
    except SlantError as exc:
        print(f"bench/entities.py: {exc}", file=sys.stderr)
        return 2
    if args.keep_sentence_openers:
        pipeline.component("entities").drop_sentence_openers = False
    rows = []
    for corpus in args.corpora:
        for language in CORPORA[corpus][0]:
            if args.languages and language not in args.languages:
                continue
            path = args.data / corpus / language / f"{SPLIT}.conllu.gz"
            if not path.is_file():
                print(f"bench/entities.py: {path} is missing; skipped", file=sys.stderr)
                continue
            for row in evaluate(pipeline, corpus, language, path, args.limit, args.batch_size,
                                args.whole_documents):
                rows.append(row)
                print(f"{row['corpus']}/{language}: {row['sentences']} sentences, PER/ORG/LOC F1 "
                      f"{row['core_f1']:.3f} ({row['seconds']:.1f} s)", file=sys.stderr)
    print(json.dumps(rows, indent=2) if args.json else render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
