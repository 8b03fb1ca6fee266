"""Train the entity head (``slant train entities``): token features from the shipped technique
encoder's int8 pass (the vectors inference reads), IOB2 labels from the CoNLL-style files in the
entity data folder, a two-layer perceptron fitted with torch, scored on held-out sentences with
the inference code.

Which sentences train: every sentence of a corpus's ``train`` file; for corpora with only a
``val`` file here (WikiNEuRal, BSNLP), its sentences outside the held-out ~20%
(:func:`slant.formats.conll.is_dev_sentence`). Dev figures: the held-out sentences of every
file, ``val`` files of corpora that have a train file included, none of them ever trained on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.components.entities import EntityHead, decode_window
from slant.formats import conll
from slant.runtime.encoder import Encoder
from slant.runtime.windows import cut_windows
from slant.training.token_head import HeadShape, fit_token_head, write_head_meta

log = logging.getLogger(__name__)

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
# The convolutions see each token's neighbours, so the first layer reads the token's own vectors.
SHAPE = HeadShape(hidden_units=128, convolutions=2, width=5, neighbours=False)
# Training sentences taken from each corpus file (all of a smaller file).
PER_FILE = 5000
# Russian organisations are the weakest class of any language here (WikiNEuRal ru ORG F1 0.56 with
# 5,000 sentences a file); Russian files give up to twice as many (docs/experiments.md).
PER_FILE_BY_LANGUAGE = {"ru": 10000}
# CoNLL-2003 is the one gold newswire set in English and German, the register slant reads, and
# its English test sentences are harder than its validation ones: every sentence of it trains.
PER_FILE_BY_CORPUS = {"conll2003": 15000}
# Corpora whose O tags cannot be trusted on capitalised words: BSNLP marks a name in one sentence
# and leaves it unmarked in the next (in its Russian file, 54 % of the occurrences of capitalised
# words it tags somewhere are untagged; WikiNEuRal Russian: 3 %). Trained as O, those words taught
# the head that "Европейская комиссия" is no entity (bench/entities/README.md, docs/experiments.md).
PARTIALLY_ANNOTATED = frozenset({"bsnlp"})


@dataclass
class EntityFile:
    corpus: str
    language: str
    path: Path
    split: str  # "train": every sentence trains; "val": held-out sentences are dev, the rest train
    has_misc: bool


def entity_files(root: Path) -> list[EntityFile]:
    files = []
    for corpus_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for language_dir in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
            for split in ("train", "val"):
                path = language_dir / f"{split}.conllu.gz"
                if path.exists():
                    files.append(EntityFile(corpus_dir.name, language_dir.name, path, split,
                                            has_misc=corpus_dir.name != "wikiann"))
    if not files:
        raise FileNotFoundError(f"no <corpus>/<language>/<split>.conllu.gz files under {root}")
    return files


def unlabelled_words(sentence: conll.Sentence) -> frozenset[int]:
    """Words of a partially annotated sentence whose O tag says nothing: each capitalised word
    tagged O, and a lower-case word right after one ("Европейская комиссия" unmarked). The
    sentence's first word keeps its O: a capital there is no sign of a name, and headlines open
    with capitalised common words."""
    unlabelled: set[int] = set()
    for index, (token, tag) in enumerate(zip(sentence.tokens, sentence.tags, strict=True)):
        if index == 0 or tag != "O" or not token[:1].isupper():
            continue
        unlabelled.add(index)
        following = index + 1
        if following < len(sentence.tokens) and sentence.tags[following] == "O" and sentence.tokens[following][:1].islower():
            unlabelled.add(following)
    return frozenset(unlabelled)


def subword_labels(window, token_offsets: list[tuple[int, int]], tags: list[str],
                   unlabelled: frozenset[int] = frozenset()) -> np.ndarray:
    """One label id per window position (-1 for <s> and </s>, and for the words in
    ``unlabelled``): a word's tag on its first subword, I- of the same type on the rest of a B-
    word."""
    index = {label: i for i, label in enumerate(LABELS)}
    labels = np.full(len(window.ids), -1, dtype=np.int64)
    word = 0
    previous_word = -1
    for position in range(1, len(window.ids) - 1):
        start = int(window.char_starts[position])
        while word < len(token_offsets) and token_offsets[word][1] <= start:
            word += 1
        if word >= len(token_offsets):
            break
        tag = tags[word] if tags[word] in index else "O"
        if tag.startswith("B-") and word == previous_word:
            tag = "I-" + tag[2:]
        labels[position] = -1 if word in unlabelled else index[tag]
        previous_word = word
    return labels


def _sentences(file: EntityFile, dev: bool, limit: int, seed: int) -> list[tuple[int, conll.Sentence]]:
    sentences = conll.read_conll(file.path)
    if file.split == "train":
        chosen = [] if dev else list(enumerate(sentences))
    else:
        held_out = [(i, s) for i, s in enumerate(sentences) if conll.is_dev_sentence(file.corpus, file.language, i)]
        chosen = held_out if dev else [(i, s) for i, s in enumerate(sentences)
                                       if not conll.is_dev_sentence(file.corpus, file.language, i)]
    chosen = [(i, s) for i, s in chosen if s.tokens]
    if limit and len(chosen) > limit:
        chosen = random.Random(f"{seed}:{file.path}").sample(chosen, limit)
        chosen.sort(key=lambda item: item[0])
    return chosen


def encode_sentences(encoder: Encoder, sentences: list[conll.Sentence]):
    """Per sentence: its text, token offsets, windows and token vectors."""
    texts, offsets, windows, owners = [], [], [], []
    for number, sentence in enumerate(sentences):
        text, token_offsets = conll.sentence_text(sentence.tokens)
        texts.append(text)
        offsets.append(token_offsets)
        for window in cut_windows(text, [(0, len(text))]):
            windows.append(window)
            owners.append(number)
    _, _, _, vectors = encoder.run_windows(windows, token_vectors=True)
    return texts, offsets, windows, owners, vectors


def windows_and_labels(encoder: Encoder, sentences: list[conll.Sentence],
                       partially_annotated: bool = False) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per window: its token vectors (float16) and a label id per position (-1 where none;
    with ``partially_annotated``, also on the words :func:`unlabelled_words` names)."""
    _, offsets, windows, owners, vectors = encode_sentences(encoder, sentences)
    unlabelled = [unlabelled_words(s) if partially_annotated else frozenset() for s in sentences]
    return [(window_vectors.astype(np.float16),
             subword_labels(window, offsets[owner], sentences[owner].tags, unlabelled[owner]))
            for window, owner, window_vectors in zip(windows, owners, vectors, strict=True)]


def fit_head(windows: list[tuple[np.ndarray, np.ndarray]], class_masks: list[np.ndarray], epochs: int, seed: int,
             shape: HeadShape = SHAPE) -> dict[str, np.ndarray]:
    """The entity head's arrays: a softmax over the IOB2 tags. ``windows``: (token vectors, tag
    ids, -1 for none); ``class_masks``: per window, the tags its corpus annotates (WikiANN has no
    MISC)."""
    return fit_token_head(windows, len(LABELS), "softmax", epochs, seed, shape=shape, class_masks=class_masks)


def evaluate(encoder: Encoder, head: EntityHead, sentences: list[conll.Sentence], has_misc: bool) -> dict:
    """Exact-match entity F1 of the inference decoder on ``sentences`` (MISC left out where the
    corpus does not annotate it)."""
    texts, offsets, windows, owners, vectors = encode_sentences(encoder, sentences)
    spans_by_sentence: list[list] = [[] for _ in sentences]
    for window, owner, window_vectors in zip(windows, owners, vectors, strict=True):
        probs = head.probabilities(head.features(window_vectors))
        spans_by_sentence[owner].extend(decode_window(texts[owner], window, probs, head.labels, head.allowed))
    gold, predicted = [], []
    for sentence, token_offsets, spans in zip(sentences, offsets, spans_by_sentence, strict=True):
        keep = (lambda label: True) if has_misc else (lambda label: label != "MISC")
        gold.append([t if t == "O" or keep(t[2:]) else "O" for t in sentence.tags])
        tags = conll.tags_from_spans(token_offsets, [(s.start, s.end, s.label) for s in spans if keep(s.label)])
        predicted.append(tags)
    result = conll.score(gold, predicted)
    return {"f1": round(result.f1, 4), "precision": round(result.precision, 4), "recall": round(result.recall, 4),
            "sentences": len(sentences),
            "per_label": {label: round(score.f1, 4) for label, score in result.per_label.items()}}


def data_fingerprint(files: list[EntityFile]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(str(file.path.relative_to(file.path.parents[2])).encode())
        digest.update(file.path.read_bytes())
    return digest.hexdigest()


def train_entities(data: Path, out: Path, technique_model: Path, per_file: int = PER_FILE, dev_per_file: int = 500,
                   epochs: int = 4, seed: int = 13, shape: HeadShape = SHAPE,
                   per_file_by_language: dict[str, int] | None = None,
                   per_file_by_corpus: dict[str, int] | None = None) -> dict:
    started = time.time()
    files = entity_files(data)
    encoder = Encoder(technique_model)
    windows: list[tuple[np.ndarray, np.ndarray]] = []
    masks: list[np.ndarray] = []
    misc = [LABELS.index("B-MISC"), LABELS.index("I-MISC")]
    by_language = PER_FILE_BY_LANGUAGE if per_file_by_language is None else per_file_by_language
    by_corpus = PER_FILE_BY_CORPUS if per_file_by_corpus is None else per_file_by_corpus
    for file in files:
        limit = max(by_language.get(file.language, per_file), by_corpus.get(file.corpus, per_file))
        chosen = [s for _, s in _sentences(file, dev=False, limit=limit, seed=seed)]
        if not chosen:
            continue
        mask = np.ones(len(LABELS), dtype=bool)
        if not file.has_misc:
            mask[misc] = False
        for vectors, labels in windows_and_labels(encoder, chosen, file.corpus in PARTIALLY_ANNOTATED):
            windows.append((vectors, labels if file.has_misc else np.where(np.isin(labels, misc), 0, labels)))
            masks.append(mask)
        log.info("%s/%s %s: %d sentences, %d windows so far (%.0f s)", file.corpus, file.language, file.split,
                 len(chosen), len(windows), time.time() - started)
    weights = fit_head(windows, masks, epochs, seed, shape)
    weights = {name: array.astype(np.float16) for name, array in weights.items()}  # stored and scored as shipped
    head = EntityHead(LABELS, weights, neighbours=shape.neighbours)
    dev: dict[str, dict] = {}
    for file in files:
        held_out = [s for _, s in _sentences(file, dev=True, limit=dev_per_file, seed=seed)] if file.split == "val" else []
        if held_out:
            dev[f"{file.corpus}/{file.language}"] = evaluate(encoder, head, held_out, file.has_misc)
            log.info("dev %s/%s: %s", file.corpus, file.language, dev[f"{file.corpus}/{file.language}"])
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "weights.npz", **weights)
    config = {"kind": "entities", "labels": list(LABELS), **shape.config(), "encoder_model": technique_model.name}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return write_head_meta(
        out, "entities", technique_model,
        data={"path": data.name, "sha256": data_fingerprint(files),
              "files": [f"{f.corpus}/{f.language}/{f.split}" for f in files]},
        settings={"per_file": per_file, "partially_annotated": sorted(PARTIALLY_ANNOTATED),
                  "per_file_by_language": by_language, "per_file_by_corpus": by_corpus, "dev_per_file": dev_per_file,
                  "epochs": epochs, "seed": seed, **shape.config()},
        dev=dev, started=started)


def _exceptions(settings: dict) -> str:
    overrides = {**settings.get("per_file_by_language", {}), **settings.get("per_file_by_corpus", {})}
    return "".join(f", {limit} for {name}" for name, limit in sorted(overrides.items()))


def _partial(settings: dict) -> str:
    corpora = settings.get("partially_annotated") or []
    if not corpora:
        return ""
    return (f" Partially annotated ({', '.join(corpora)}): these files mark a name in one sentence and"
            " leave it unmarked in the next, so in their sentences an O tag on a capitalised word other"
            " than the first, or on the lower-case word right after one, trains nothing"
            " (`unlabelled_words`; bench/entities/README.md).")


def write_entity_card(out: Path) -> None:
    """MODEL_CARD.md from meta.json: what the head is, its data and their terms, its dev figures."""
    meta = json.loads((out / "meta.json").read_text())
    rows = "\n".join(
        f"| {name} | {scores['sentences']} | {scores['f1']:.3f} | {scores['precision']:.3f} | {scores['recall']:.3f} | "
        + " · ".join(f"{label} {value:.3f}" for label, value in sorted(scores["per_label"].items())) + " |"
        for name, scores in sorted(meta["dev"].items()))
    shape = HeadShape.from_settings(meta["settings"]).describe()
    card = f"""# Entity head (`entities`)

People (PER), organisations (ORG), places (LOC) and other names (MISC) as character spans, in
English, Russian, German, French, Italian and Polish. The head reads each token's vectors from
the technique encoder's own int8 pass (a middle layer's and the last layer's; `{meta['encoder']['model']}`,
adapter `{meta['encoder']['adapter_sha256_16']}`, ONNX recipe `{meta['encoder']['onnx_recipe']}`): {shape},
then the tags. Tags are decoded with IOB2 constraints (Viterbi) and spans widened to whole
words. No second encoder pass: the head costs a few small matrix products per token. Weights
are stored at half precision.

Trained {meta['trained_at']} with `slant train entities --data ../shared/data/entities --out src/slant/models/entities`
(seed {meta['settings']['seed']}, {meta['settings']['epochs']} epochs, at most {meta['settings']['per_file']}
sentences a file{_exceptions(meta['settings'])}), {meta['seconds']:.0f} s on the CPU, data SHA-256 `{meta['data']['sha256'][:16]}…`.

## Data and terms

{", ".join(meta['data']['files'])}: WikiNEuRal (CC BY-NC-SA 4.0), WikiANN, CoNLL-2003 and BSNLP
(research use only). **The head inherits those terms: research and non-commercial use only.**
None of the data is distributed with slant. WikiANN does not annotate MISC: its sentences train
the other classes only.{_partial(meta['settings'])}

## Dev figures

Exact-match entity F1 (CoNLL convention) on held-out sentences: ~20 % of each `val` file by a
fixed hash (`slant.formats.conll.is_dev_sentence`), at most {meta['settings']['dev_per_file']} a file,
never trained on; MISC is left out where the corpus has none. These are not the corpora's test
sets. `python bench/entities.py` measures the same through `slant conll predict`.

| corpus/language | sentences | F1 | precision | recall | per label |
|---|---|---|---|---|---|
{rows}
"""
    (out / "MODEL_CARD.md").write_text(card)
