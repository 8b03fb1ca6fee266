"""Bench: the ``attributions`` component (who says so) against PolNeAR (Newell, Margolin and
Ruths, 2018), English news annotated for attribution: Source, Cue and Content spans.

Data: ``../shared/data/attribution/polnear/{train,dev}`` (brat standoff; see its README). Where
a text has several annotators' files, the first annotator's file (sorted by annotator id, the
order of ``metadata.tsv``) is the gold; the others are ignored. A discontinuous gold span
(``start end;start end``) counts as one gold span per piece. Every Source, Cue and Content span
counts, whether or not an ``E`` line links it.

Score: precision, recall and F1 with partial-overlap credit (Da San Martino et al., 2019), as
:func:`slant.formats.scorers.score_spans` computes it for technique spans, with three labels:
``source``, ``cue`` and ``content``. Overlapping spans of one label are merged first, in gold
and in predictions.

The text is segmented as slant segments any text (paragraphs are lines, sentences from pysbd),
on the file's own characters so that offsets match the annotation. With the ``attributions``
model folder installed, the learned head runs on the technique encoder's token vectors as in
``slant analyze``; ``--rules-only`` scores the rules without it.

Run::

    python bench/attribution.py                 # dev split (84 texts)
    python bench/attribution.py --split train   # the texts the rules were developed on
    python bench/attribution.py --errors 20     # also print missed and spurious spans
    python bench/attribution.py --min-confidence 0.3   # only what the reports show
    python bench/attribution.py --rules-only    # the rules without the learned head
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from slant.components.attributions import REPORT_CONFIDENCE, annotate, learned_spans
from slant.components.attributions import create as create_attributions
from slant.components.base import ComponentOptions
from slant.doc.article import Article, Span
from slant.formats.brat import ATTRIBUTION_TYPES, polnear_texts, read_spans
from slant.formats.scorers import score_spans
from slant.ingest.segment import segment
from slant.training.attributions import predicted_spans

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "attribution" / "polnear"
LABELS = ("source", "cue", "content")
CACHE = Path("/tmp/slant-bench-attribution-segments.pkl")


def gold_files(split_dir: Path) -> dict[str, Path]:
    """text name -> the first annotator's .ann file."""
    return {name: ann for name, (_, ann) in polnear_texts(split_dir).items()}


def read_gold(path: Path) -> list[Span]:
    return read_spans(path, ATTRIBUTION_TYPES)


class Head:
    """The shipped attribution head and the encoder it reads, as the pipeline runs them."""

    def __init__(self) -> None:
        from slant.runtime.encoder import Encoder
        from slant.settings import get_settings

        models = get_settings().models_dir
        self.finder = create_attributions(ComponentOptions(models))
        self.encoder = Encoder(models / self.finder.encoder_model) if self.finder.model_dir else None

    def spans(self, article: Article):
        if self.encoder is None:
            return None
        encoded = self.encoder.encode([article], token_vectors=True)[0]
        if not encoded.windows:
            return None
        return learned_spans(article.text, encoded.windows, encoded.token_vectors, self.finder.head,
                             self.finder.thresholds)


def _segmented(texts: dict[str, str]) -> dict[str, tuple[list[Span], list[Span]]]:
    """Paragraphs and sentences per text, cached between runs (pysbd is the slow part)."""
    cache: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    if CACHE.exists():
        try:
            cache = pickle.loads(CACHE.read_bytes())
        except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
            cache = {}
    out = {}
    changed = False
    for name, text in texts.items():
        key = hashlib.sha256(text.encode()).hexdigest()
        if key not in cache:
            article = segment(Article(text, language="en"))
            cache[key] = ([(p.start, p.end) for p in article.paragraphs], [(s.start, s.end) for s in article.sentences])
            changed = True
        paragraphs, sentences = cache[key]
        out[name] = ([Span(*p) for p in paragraphs], [Span(*s) for s in sentences])
    if changed:
        CACHE.write_bytes(pickle.dumps(cache))
    return out


def predict(text: str, paragraphs: list[Span], sentences: list[Span], min_confidence: float = 0.0,
            head: Head | None = None) -> list[Span]:
    article = Article(text, language="en")
    article.set_layer("paragraphs", paragraphs)
    article.set_layer("sentences", sentences)
    annotate(article, learned=head.spans(article) if head is not None else None)
    return predicted_spans(article, min_confidence)


def run(split: str, errors: int = 0, limit: int | None = None, seed: int = 0, min_confidence: float = 0.0,
        head: Head | None = None) -> dict:
    split_dir = DATA / split
    files = gold_files(split_dir)
    names = sorted(files)[:limit] if limit else sorted(files)
    texts = {name: (split_dir / "text" / f"{name}.txt").read_text(encoding="utf-8") for name in names}
    started = time.perf_counter()
    segmented = _segmented(texts)
    gold = {name: read_gold(files[name]) for name in names}
    predicted = {name: predict(texts[name], *segmented[name], min_confidence, head) for name in names}
    seconds = time.perf_counter() - started
    score = score_spans(gold, predicted, labels=list(LABELS))
    result = {
        "split": split,
        "texts": len(names),
        "min_confidence": min_confidence,
        "head": head is not None and head.encoder is not None,
        "seconds": round(seconds, 1),
        "labels": {
            label: {
                "precision": round(score.per_label[label].precision, 4),
                "recall": round(score.per_label[label].recall, 4),
                "f1": round(score.per_label[label].f1, 4),
                "gold": score.per_label[label].support,
                "predicted": score.per_label[label].predicted,
            }
            for label in LABELS
            if label in score.per_label
        },
    }
    if errors:
        _show_errors(texts, gold, predicted, errors, seed)
    return result


def _show_errors(texts: dict[str, str], gold: dict[str, list[Span]], predicted: dict[str, list[Span]], count: int,
                 seed: int) -> None:
    missed: dict[str, list[str]] = defaultdict(list)
    spurious: dict[str, list[str]] = defaultdict(list)
    for name, gold_spans in gold.items():
        text = texts[name]
        for span in gold_spans:
            if not any(p.label == span.label and p.overlaps(span) for p in predicted[name]):
                missed[span.label].append(f"{name}: {text[span.start:span.end][:120]!r}  <<{_context(text, span)}>>")
        for span in predicted[name]:
            if not any(g.label == span.label and g.overlaps(span) for g in gold_spans):
                spurious[span.label].append(f"{name}: {text[span.start:span.end][:120]!r}  <<{_context(text, span)}>>")
    rng = random.Random(seed)
    for title, table in (("missed", missed), ("spurious", spurious)):
        for label in LABELS:
            rows = table[label]
            print(f"\n== {title} {label}: {len(rows)}")
            for row in rng.sample(rows, min(count, len(rows))):
                print("  ", row)


def _context(text: str, span: Span) -> str:
    left = text[max(0, span.start - 60) : span.start].replace("\n", " ")
    right = text[span.end : span.end + 60].replace("\n", " ")
    return f"{left}[{text[span.start:span.end][:80]}]{right}".replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "train", "both"], default="dev")
    parser.add_argument("--errors", type=int, default=0, help="print this many missed and spurious spans per label")
    parser.add_argument("--limit", type=int, help="only the first N texts (for a quick look)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--rules-only", action="store_true", help="without the learned head")
    parser.add_argument("--min-confidence", type=float, default=0.0,
                        help="score only attributions at or above this confidence (the reports show those "
                             f"at or above {REPORT_CONFIDENCE})")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"PolNeAR not found at {DATA}", file=sys.stderr)
        return 2
    splits = ["train", "dev"] if args.split == "both" else [args.split]
    head = None if args.rules_only else Head()
    for split in splits:
        result = run(split, args.errors, args.limit, min_confidence=args.min_confidence, head=head)
        if args.json:
            print(json.dumps(result))
            continue
        shown = f", confidence >= {args.min_confidence}" if args.min_confidence else ""
        reading = "rules and learned head" if result["head"] else "rules only"
        print(f"PolNeAR {split}: {result['texts']} texts, first annotator's file per text{shown}, {reading}, "
              f"{result['seconds']} s")
        print(f"  {'':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}")
        for label, row in result["labels"].items():
            print(f"  {label:8} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['gold']:6d} {row['predicted']:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
