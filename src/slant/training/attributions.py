"""Train the attribution head (``slant train attributions``): source, cue and content tokens
tagged from the shipped technique encoder's int8 pass (the vectors inference reads), fitted on
PolNeAR's English training texts, scored on its dev texts through the inference code.

The head's cues add attributions where the rules found none (see
:mod:`slant.components.attributions`); the rules stay the first reading. Thresholds are one
figure for all three labels, fixed in :data:`THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from pathlib import Path

import numpy as np

from slant.components.attributions import HEAD_LABELS, annotate, attributions_of, learned_spans
from slant.components.token_head import TokenHead
from slant.doc.article import Article, Span
from slant.formats.brat import ATTRIBUTION_TYPES, polnear_texts, read_spans
from slant.formats.scorers import score_spans
from slant.ingest.segment import segment
from slant.runtime.encoder import Encoder
from slant.training.token_head import HeadShape, fit_token_head, window_targets, write_head_meta

log = logging.getLogger(__name__)

SHAPE = HeadShape(hidden_units=128, convolutions=2, width=5, neighbours=False)
EPOCHS = 4
# A token is tagged at this probability or more. On the dev split in the run that chose the head
# (2026-12-01) cue F1 was flat between 0.4 and 0.5 and fell below 0.3 and above 0.6.
THRESHOLD = 0.4


def read_split(split_dir: Path) -> list[tuple[str, Article, list[Span]]]:
    """(name, segmented article, gold spans) per text of a PolNeAR split folder."""
    out = []
    for name, (text_path, ann_path) in sorted(polnear_texts(split_dir).items()):
        article = segment(Article(text_path.read_text(encoding="utf-8"), language="en"))
        out.append((name, article, read_spans(ann_path, ATTRIBUTION_TYPES)))
    return out


def encode(encoder: Encoder, article: Article):
    """The article's windows and their token vectors, as the pipeline's encoder pass gives them."""
    encoded = encoder.encode([article], token_vectors=True)[0]
    return encoded.windows, encoded.token_vectors


def training_windows(encoder: Encoder, texts) -> list[tuple[np.ndarray, np.ndarray]]:
    windows_out = []
    for _, article, gold in texts:
        inside = np.zeros((len(HEAD_LABELS), len(article.text) + 1), dtype=np.float32)
        for span in gold:
            inside[HEAD_LABELS.index(span.label), span.start:span.end] = 1.0
        windows, vectors = encode(encoder, article)
        for window, window_vectors in zip(windows, vectors, strict=True):
            windows_out.append((window_vectors.astype(np.float16), window_targets(window, inside)))
    return windows_out


def predicted_spans(article: Article, min_confidence: float = 0.0) -> list[Span]:
    """The attribution layers of an annotated article as labelled spans, as the bench scores them
    (attributions under ``min_confidence`` left out)."""
    spans = []
    for content, source, cue in attributions_of(article):
        if (content.score or 0.0) < min_confidence:
            continue
        spans.append(Span(content.start, content.end, "content"))
        if source is not None:
            spans.append(Span(source.start, source.end, "source"))
        if cue is not None:
            spans.append(Span(cue.start, cue.end, "cue"))
    return spans


def evaluate(encoder: Encoder, head: TokenHead | None, texts, threshold: float = THRESHOLD) -> dict:
    """Partial-overlap P/R/F1 per label of the rules (``head`` None) or the rules with the head."""
    gold, predicted = {}, {}
    for name, article, gold_spans in texts:
        learned = None
        if head is not None:
            windows, vectors = encode(encoder, article)
            learned = learned_spans(article.text, windows, vectors, head, {label: threshold for label in HEAD_LABELS})
        annotate(article, learned=learned)
        gold[name], predicted[name] = gold_spans, predicted_spans(article)
    score = score_spans(gold, predicted, labels=list(HEAD_LABELS))
    return {label: {"precision": round(score.per_label[label].precision, 4),
                    "recall": round(score.per_label[label].recall, 4), "f1": round(score.per_label[label].f1, 4)}
            for label in HEAD_LABELS}


def data_fingerprint(data: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in data.rglob("*") if p.is_file() and p.parent.name in ("text", "attributions")):
        digest.update(str(path.relative_to(data)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train_attributions(data: Path, out: Path, technique_model: Path, epochs: int = EPOCHS, seed: int = 13,
                       shape: HeadShape = SHAPE) -> dict:
    """``data``: the PolNeAR folder (``train/`` and ``dev/``)."""
    started = time.time()
    if not (data / "train").is_dir():
        raise FileNotFoundError(f"no PolNeAR train/ folder under {data}")
    encoder = Encoder(technique_model)
    train = read_split(data / "train")
    windows = training_windows(encoder, train)
    log.info("%d training texts, %d windows (%.0f s)", len(train), len(windows), time.time() - started)
    arrays = fit_token_head(windows, len(HEAD_LABELS), "sigmoid", epochs, seed, shape=shape)
    arrays = {name: array.astype(np.float16) for name, array in arrays.items()}  # stored and scored as shipped
    del windows
    head = TokenHead(HEAD_LABELS, arrays, output="sigmoid", neighbours=shape.neighbours)
    dev_texts = read_split(data / "dev") if (data / "dev").is_dir() else []
    dev = {}
    if dev_texts:
        dev = {"rules": evaluate(encoder, None, dev_texts), "rules_and_head": evaluate(encoder, head, dev_texts),
               "texts": len(dev_texts)}
        log.info("dev: %s", dev)
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "weights.npz", **arrays)
    config = {"kind": "attributions", "labels": list(HEAD_LABELS), "thresholds": {label: THRESHOLD for label in HEAD_LABELS},
              **shape.config(), "encoder_model": technique_model.name}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    meta = write_head_meta(
        out, "attributions", technique_model,
        data={"path": data.name, "sha256": data_fingerprint(data), "train_texts": len(train)},
        settings={"epochs": epochs, "seed": seed, "threshold": THRESHOLD, **shape.config()},
        dev=dev, started=started)
    write_card(out)
    return meta


def write_card(out: Path) -> None:
    meta = json.loads((out / "meta.json").read_text())
    settings = meta["settings"]
    rows = ""
    if meta["dev"]:
        for name, title in (("rules", "rules alone"), ("rules_and_head", "rules and head (shipped)")):
            scores = meta["dev"][name]
            rows += f"| {title} | " + " | ".join(
                f"{scores[label]['precision']:.3f} / {scores[label]['recall']:.3f} / {scores[label]['f1']:.3f}"
                for label in HEAD_LABELS) + " |\n"
    card = f"""# Attribution head (`attributions`)

Tags each token as part of a source (who says), a cue (the reporting words) or a content (what
is said), each label on its own (sigmoid), from the technique encoder's own int8 pass
(`{meta['encoder']['model']}`, adapter `{meta['encoder']['adapter_sha256_16']}`, ONNX recipe
`{meta['encoder']['onnx_recipe']}`): {HeadShape.from_settings(settings).describe()}, then the
three labels; a token is tagged at probability {settings['threshold']} or more. The sourcing component
keeps its rules' attributions and adds one for each cue the head finds that no rule found,
with the head's nearest content and source spans. No second encoder pass.

Trained {meta['trained_at']} with `slant train attributions --data ../shared/data/attribution/polnear
--out src/slant/models/attributions` (seed {settings['seed']}, {settings['epochs']} epochs), {meta['seconds']:.0f} s on the CPU,
on {meta['data']['train_texts']} PolNeAR training texts (data SHA-256 `{meta['data']['sha256'][:16]}…`).

## Data and terms

PolNeAR (Newell, Margolin and Ruths, 2018): US news articles of 2016, annotated for
attribution; the first annotator's file per text. The article texts belong to their publishers:
**research use only, and so is this head.** None of the data is distributed with slant.

English only was trained and measured. The encoder is multilingual, so the head also reads
Russian, German, French, Italian and Polish text; nothing here measures how well it does there.

## Dev figures

PolNeAR dev ({meta['dev'].get('texts', 0)} texts), partial-overlap precision / recall / F1 (Da San Martino et al.),
the same measure as `python bench/attribution.py`. The threshold was chosen on these texts.

| | source | cue | content |
|---|---|---|---|
{rows}"""
    (out / "MODEL_CARD.md").write_text(card)
