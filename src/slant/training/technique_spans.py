"""Train the technique span head (``slant train technique-spans``): which tokens carry each of
the 23 techniques, tagged from the shipped technique encoder's int8 pass (the vectors inference
reads), fitted on the SemEval-2023 span labels of the train split of every language, scored on
the dev split through the inference code (:class:`slant.components.techniques.TechniqueTagger`).

The encoder's own token head is one linear layer over its last layer; this head reads two
layers and sees a few tokens either side (:class:`slant.training.token_head.HeadShape`). It
decides only where a span runs: which paragraphs carry which technique is still the paragraph
head's call, so paragraph labels do not change with it.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import numpy as np

from slant.components.encoded import ArticleState
from slant.components.techniques import TechniqueTagger, span_words
from slant.components.token_head import TokenHead
from slant.doc.article import Article, Span
from slant.formats.scorers import score_spans
from slant.runtime.encoder import Encoder
from slant.training.data import TrainingDoc, data_fingerprint, is_dev, load_docs
from slant.training.token_head import HeadShape, fit_token_head, window_targets, write_head_meta

log = logging.getLogger(__name__)

SHAPE = HeadShape(hidden_units=128, convolutions=2, width=5, neighbours=False)
EPOCHS = 4
# A token carries a technique at this probability or more. On the dev split in the run that chose
# the head (2026-12-02) span F1 was flat from 0.25 to 0.4 in every language.
THRESHOLD = 0.3
# None: a technique's runs in one paragraph make one span. Annotators mark the whole rhetorical
# move; with this head, binary span F1 on the dev split rose with the gap up to 1,000 characters
# and was the same for the whole paragraph.
RUN_GAP_CHARS: int | None = None
ENCODE_BATCH = 8


# A span shorter than all but this share of a technique's annotated spans (the six languages
# pooled) is widened to its sentence (slant.components.techniques.widen_short_spans). On the dev
# split (2026-12-04) binary and labelled span F1 moved by at most 0.006 in any language at shares
# of 0.01, 0.02 and 0.05: the measure hardly sees it; a reader sees an argument quoted as one word.
SHORT_SPAN_SHARE = 0.01


def shortest_span_words(docs: list[TrainingDoc], labels: list[str], share: float = SHORT_SPAN_SHARE) -> dict[str, int]:
    """Per technique, the fewest words of its annotated spans once the shortest ``share`` of them
    is left out; only techniques whose spans run to two words or more."""
    lengths: dict[str, list[int]] = {}
    for doc in docs:
        for technique, start, end in doc.spans:
            lengths.setdefault(technique, []).append(span_words(doc.text[start:end]))
    floors = {}
    for technique in labels:
        counts = sorted(lengths.get(technique, []))
        if counts and counts[int(share * len(counts))] >= 2:
            floors[technique] = counts[int(share * len(counts))]
    return floors


def as_article(doc: TrainingDoc) -> Article:
    """The article with its official paragraphs, as ``slant semeval predict`` reads it."""
    article = Article(doc.text, language=doc.language)
    article.set_layer("paragraphs", [Span(start, end, attrs={"paragraph": line}) for start, end, line in doc.paragraphs])
    return article


def training_windows(encoder: Encoder, docs: list[TrainingDoc], labels: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    windows_out = []
    index_of = {label: i for i, label in enumerate(labels)}
    for first in range(0, len(docs), ENCODE_BATCH):
        batch = docs[first:first + ENCODE_BATCH]
        for doc, encoded in zip(batch, encoder.encode([as_article(doc) for doc in batch], token_vectors=True),
                                strict=True):
            inside = np.zeros((len(labels), len(doc.text) + 1), dtype=np.float32)
            for technique, start, end in doc.spans:
                if technique in index_of:
                    inside[index_of[technique], start:end] = 1.0
            for window, vectors in zip(encoded.windows, encoded.token_vectors, strict=True):
                windows_out.append((vectors.astype(np.float16), window_targets(window, inside)))
    return windows_out


def evaluate(encoder: Encoder, taggers: dict[str, TechniqueTagger], head: TokenHead, docs: list[TrainingDoc]) -> dict:
    """Binary and labelled partial-overlap span F1 per language of each tagger, on ``docs``;
    the encoder runs ``head`` as the pipeline does."""
    predicted: dict[str, dict[str, dict[str, list[Span]]]] = {name: {} for name in taggers}
    gold: dict[str, dict[str, list[Span]]] = {}
    for first in range(0, len(docs), ENCODE_BATCH):
        batch = docs[first:first + ENCODE_BATCH]
        encoded = encoder.encode([as_article(doc) for doc in batch], heads={"techniques": head})
        for name, tagger in taggers.items():
            articles = [as_article(doc) for doc in batch]
            tagger(articles, [ArticleState(encoded=one) for one in encoded])
            for doc, article in zip(batch, articles, strict=True):
                predicted[name].setdefault(doc.language, {})[doc.article_id] = list(article.layers.get("techniques", []))
        for doc in batch:
            gold.setdefault(doc.language, {})[doc.article_id] = [Span(s, e, t) for t, s, e in doc.spans]
    scores: dict = {}
    for language, language_gold in sorted(gold.items()):
        scores[language] = {"articles": len(language_gold)}
        for name in taggers:
            binary = score_spans(language_gold, predicted[name][language], binary=True)
            labelled = score_spans(language_gold, predicted[name][language])
            scores[language][name] = {"binary_precision": round(binary.precision, 4),
                                      "binary_recall": round(binary.recall, 4), "binary_f1": round(binary.f1, 4),
                                      "labelled_f1": round(labelled.f1, 4)}
    return scores


def train_technique_spans(data: Path, out: Path, technique_model: Path, languages: tuple[str, ...],
                          epochs: int = EPOCHS, seed: int = 13, shape: HeadShape = SHAPE,
                          limit_docs: int | None = None) -> dict:
    """``data``: the semeval2023 folder; the head is fitted on the train split's articles of
    ``languages`` and scored on their dev split (``limit_docs``: the first N train and N // 4 + 1
    dev articles of each language, for a quick check)."""
    started = time.time()
    labels = list(json.loads((technique_model / "config.json").read_text())["labels"])
    docs = load_docs(data, list(languages))
    train = [doc for doc in docs if not is_dev(doc.article_id)]
    dev = [doc for doc in docs if is_dev(doc.article_id)]
    if limit_docs:
        train = [doc for language in languages for doc in [d for d in train if d.language == language][:limit_docs]]
        dev = [doc for language in languages for doc in [d for d in dev if d.language == language][:limit_docs // 4 + 1]]
    encoder = Encoder(technique_model)
    windows = training_windows(encoder, train, labels)
    log.info("%d training articles, %d windows (%.0f s)", len(train), len(windows), time.time() - started)
    arrays = fit_token_head(windows, len(labels), "sigmoid", epochs, seed, shape=shape)
    del windows
    arrays = {name: array.astype(np.float16) for name, array in arrays.items()}  # stored and scored as shipped
    out.mkdir(parents=True, exist_ok=True)
    # An earlier run's meta.json names its encoder; the tagger scoring this head would read it.
    (out / "meta.json").unlink(missing_ok=True)
    np.savez(out / "weights.npz", **arrays)
    config = {"kind": "technique-spans", "labels": labels, "threshold": THRESHOLD, "run_gap_chars": RUN_GAP_CHARS,
              "min_span_words": shortest_span_words(train, labels), **shape.config(),
              "encoder_model": technique_model.name}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    head = TokenHead(labels, arrays, output="sigmoid", neighbours=shape.neighbours)
    taggers = {"encoder_token_head": TechniqueTagger(technique_model),
               "span_head": TechniqueTagger(technique_model, span_head_dir=out)}
    dev_scores = evaluate(encoder, taggers, head, dev) if dev else {}
    log.info("dev: %s", dev_scores)
    meta = write_head_meta(
        out, "technique-spans", technique_model,
        data={"path": data.name, "languages": list(languages), "sha256": data_fingerprint(data, list(languages)),
              "train_articles": len(train), "dev_articles": len(dev)},
        settings={"epochs": epochs, "seed": seed, "threshold": THRESHOLD, "run_gap_chars": RUN_GAP_CHARS,
                  **shape.config()},
        dev=dev_scores, started=started)
    write_card(out)
    return meta


def write_card(out: Path) -> None:
    meta = json.loads((out / "meta.json").read_text())
    settings = meta["settings"]
    rows = ""
    for language, scores in meta["dev"].items():
        old, new = scores["encoder_token_head"], scores["span_head"]
        rows += (f"| {language} | {scores['articles']} | {old['binary_f1']:.3f} | {new['binary_f1']:.3f} "
                 f"({new['binary_precision']:.3f} / {new['binary_recall']:.3f}) | {old['labelled_f1']:.3f} | "
                 f"{new['labelled_f1']:.3f} |\n")
    gap = settings["run_gap_chars"]
    joined = ("all runs of one technique in a paragraph make one span" if gap is None
              else f"runs of one technique at most {gap} characters apart make one span")
    card = f"""# Technique span head (`technique-spans`)

Marks which tokens carry each of the 23 persuasion techniques, each technique on its own
(sigmoid), from the technique encoder's own int8 pass (`{meta['encoder']['model']}`, adapter
`{meta['encoder']['adapter_sha256_16']}`, ONNX recipe `{meta['encoder']['onnx_recipe']}`):
{HeadShape.from_settings(settings).describe()}, then the 23 techniques. It runs in the encoder's
threads as each window is encoded; no second encoder pass.

It decides only where a span runs. Which paragraphs carry which technique stays the technique
model's paragraph decision, so paragraph labels are the same with it or without it. In a
paragraph the technique model accepts, the tokens at probability {settings['threshold']} or more form the
span ({joined}); where none reaches it, the strongest run is kept. A span with fewer words than
all but {SHORT_SPAN_SHARE:.0%} of its technique's annotated spans (`min_span_words` in config.json, counted on the
train split, the languages pooled) is widened to its sentence.

Trained {meta['trained_at']} with `slant train technique-spans --data ../shared/data/semeval2023
--out src/slant/models/technique-spans` (seed {settings['seed']}, {settings['epochs']} epochs), {meta['seconds']:.0f} s on the CPU,
on the span labels of the {meta['data']['train_articles']} train-split articles of {', '.join(meta['data']['languages'])}
(data SHA-256 `{meta['data']['sha256'][:16]}…`).

## Data and terms

SemEval-2023 Task 3 (Piskorski et al., 2023), subtask 3 span labels. The articles belong to
their publishers: **research use only, and so is this head.** None of the data is distributed
with slant.

## Dev figures

The dev split ({meta['data']['dev_articles']} articles, the same articles for every slant model),
partial-overlap span F1 (Da San Martino et al., 2019), as `python bench/quality.py` scores it:
binary (any technique) and labelled (the technique must match). "Encoder token head": the
technique encoder's own linear token head, with its per-technique token thresholds and runs
joined within 400 characters, as slant read spans before this head. The threshold and the
joining were chosen on these articles.

| language | articles | binary F1, encoder token head | binary F1, this head (P / R) | labelled F1, encoder token head | labelled F1, this head |
|---|---|---|---|---|---|
{rows}"""
    (out / "MODEL_CARD.md").write_text(card)
