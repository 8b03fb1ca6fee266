"""What sharing the technique encoder's pass costs the entity tagger, against a tagger with its
own adapters.

    python bench/entity_adapters.py                  # 300 training sentences per file, 2 epochs
    python bench/entity_adapters.py --per-file 1000  # closer to the shipped training (slower)

Both taggers learn from the same sentences (a fixed sample of each file in
``../shared/data/entities``, outside the held-out sentences) and are scored on the same held-out
sentences with the inference decoder, exact-match PER/ORG/LOC micro-F1 per file:

  shared : the shipped design, a token head (slant.training.entities.SHAPE) over the vectors of
           the technique encoder's pass, which the analysis computes anyway;
  own    : the base e5-small encoder with its own LoRA adapters (rank ``--rank``) on every
           projection and a linear tag layer, fitted end to end: a second encoder pass per
           window at analysis time.

The torch encoder runs at float32 here; the shipped int8 encoder's vectors feed the shared head.
The sample is small so that both fit on a laptop CPU; the shipped head trains on up to 5,000
sentences per file, so the shared row here is below the shipped model's figures. Needs the
``train`` extra.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "entities"
CORE = ("PER", "ORG", "LOC")
log = logging.getLogger("entity_adapters")


def core_tags(tags: list[str]) -> list[str]:
    return [tag if tag == "O" or tag[2:] in CORE else "O" for tag in tags]


def score_file(texts, offsets, sentences, windows, owners, window_probs, labels, allowed) -> float:
    from slant.components.entities import decode_window
    from slant.formats import conll

    spans: list[list] = [[] for _ in sentences]
    for window, owner, probs in zip(windows, owners, window_probs, strict=True):
        spans[owner].extend(decode_window(texts[owner], window, probs, labels, allowed))
    gold = [core_tags(s.tags) for s in sentences]
    predicted = [core_tags(conll.tags_from_spans(o, [(x.start, x.end, x.label) for x in found]))
                 for o, found in zip(offsets, spans, strict=True)]
    return conll.score(gold, predicted).f1


def own_adapter_tagger(train: list[tuple], epochs: int, rank: int, seed: int):
    """e5-small with LoRA on every projection and a linear tag layer, fitted on ``train``
    ((window, labels, class mask) triples); returns a function from windows to probabilities."""
    import torch

    from slant.runtime.windows import batches_by_length, pad_batch
    from slant.training.entities import LABELS
    from slant.training.model import build_technique_model

    torch.manual_seed(seed)
    model = build_technique_model(len(LABELS), rank=rank, alpha=2.0 * rank)
    trainable = [p for name, p in model.named_parameters() if "lora_" in name or name.startswith("token_head")]
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for parameter in trainable:
        parameter.requires_grad_(True)
    optimiser = torch.optim.AdamW(trainable, lr=1e-3, weight_decay=1e-4)
    windows = [window for window, _, _ in train]
    batches = [list(batch) for batch in batches_by_length(windows, max_tokens_per_batch=2048, max_batch=32)]
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(batches)
        model.train()
        total, started = 0.0, time.time()
        for batch in batches:
            ids, mask = pad_batch([windows[i] for i in batch])
            targets = np.full(ids.shape, -1, dtype=np.int64)
            class_mask = np.zeros((len(batch), 1, len(LABELS)), dtype=np.float32)
            for row, index in enumerate(batch):
                targets[row, : len(train[index][1])] = train[index][1]
                class_mask[row, 0] = np.where(train[index][2], 0.0, -1e4)
            token_logits, _, _ = model(torch.from_numpy(ids), torch.from_numpy(mask))
            logits = token_logits + torch.from_numpy(class_mask)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)),
                                                     torch.from_numpy(targets).reshape(-1), ignore_index=-1)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach())
        log.info("own adapters, epoch %d: loss %.4f (%.0f s)", epoch + 1, total / max(1, len(batches)),
                 time.time() - started)
    model.eval()

    def probabilities(eval_windows) -> list[np.ndarray]:
        out: list[np.ndarray | None] = [None] * len(eval_windows)
        with torch.no_grad():
            for batch in batches_by_length(eval_windows, max_tokens_per_batch=4096, max_batch=64):
                batch = list(batch)
                ids, mask = pad_batch([eval_windows[i] for i in batch])
                token_logits, _, _ = model(torch.from_numpy(ids), torch.from_numpy(mask))
                probs = torch.softmax(token_logits, dim=-1).numpy()
                for row, index in enumerate(batch):
                    out[index] = probs[row, : len(eval_windows[index].ids)]
        return out  # type: ignore[return-value]

    return probabilities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-file", type=int, default=300, help="training sentences per corpus file")
    parser.add_argument("--dev-per-file", type=int, default=200, help="held-out sentences scored per file")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.data.exists():
        print(f"no entity data at {args.data}: pass --data", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO / "src"))
    import torch

    from slant.components.entities import EntityHead, transition_mask
    from slant.runtime.encoder import Encoder
    from slant.training.entities import (
        LABELS,
        PARTIALLY_ANNOTATED,
        SHAPE,
        _sentences,
        encode_sentences,
        entity_files,
        fit_head,
        subword_labels,
        unlabelled_words,
    )

    torch.set_num_threads(2)
    started = time.time()
    encoder = Encoder(REPO / "src" / "slant" / "models" / "techniques")
    misc = [LABELS.index("B-MISC"), LABELS.index("I-MISC")]
    train, shared_windows, shared_masks, dev = [], [], [], {}
    for file in entity_files(args.data):
        chosen = [s for _, s in _sentences(file, dev=False, limit=args.per_file, seed=args.seed)]
        class_mask = np.ones(len(LABELS), dtype=bool)
        if not file.has_misc:
            class_mask[misc] = False
        _, offsets, windows, owners, vectors = encode_sentences(encoder, chosen)
        partial = file.corpus in PARTIALLY_ANNOTATED
        for window, owner, window_vectors in zip(windows, owners, vectors, strict=True):
            unlabelled = unlabelled_words(chosen[owner]) if partial else frozenset()
            labels = subword_labels(window, offsets[owner], chosen[owner].tags, unlabelled)
            if not file.has_misc:
                labels = np.where(np.isin(labels, misc), 0, labels)
            train.append((window, labels, class_mask))
            shared_windows.append((window_vectors.astype(np.float16), labels))
            shared_masks.append(class_mask)
        held_out = [s for _, s in _sentences(file, dev=True, limit=args.dev_per_file, seed=args.seed)]
        if held_out:
            dev[f"{file.corpus} {file.language}"] = (held_out, *encode_sentences(encoder, held_out))
    log.info("%d training windows, %d dev files (%.0f s)", len(train), len(dev), time.time() - started)

    fitted = time.time()
    head = EntityHead(LABELS, fit_head(shared_windows, shared_masks, args.epochs, args.seed, SHAPE),
                      neighbours=SHAPE.neighbours)
    shared_seconds = time.time() - fitted
    fitted = time.time()
    own = own_adapter_tagger(train, args.epochs, args.rank, args.seed)
    own_seconds = time.time() - fitted

    allowed = transition_mask(LABELS)
    rows = {}
    for name, (sentences, texts, offsets, windows, owners, vectors) in dev.items():
        shared_probs = [head.probabilities(head.features(v)) for v in vectors]
        started_own = time.time()
        own_probs = own(windows)
        rows[name] = {
            "sentences": len(sentences),
            "shared": round(score_file(texts, offsets, sentences, windows, owners, shared_probs, list(LABELS), allowed), 3),
            "own": round(score_file(texts, offsets, sentences, windows, owners, own_probs, list(LABELS), allowed), 3),
            "own_pass_seconds": round(time.time() - started_own, 2),
        }
    print(f"training: {len(train)} windows ({args.per_file} sentences per file), {args.epochs} epochs; "
          f"fitting took {shared_seconds:.0f} s (shared head) and {own_seconds:.0f} s (own adapters)")
    print(f"{'file':18s} {'sentences':>9s} {'shared':>7s} {'own':>7s} {'own - shared':>12s}")
    for name, row in rows.items():
        print(f"{name:18s} {row['sentences']:9d} {row['shared']:7.3f} {row['own']:7.3f} {row['own'] - row['shared']:+12.3f}")
    mean_shared = sum(r["shared"] for r in rows.values()) / len(rows)
    mean_own = sum(r["own"] for r in rows.values()) / len(rows)
    print(f"{'mean':18s} {'':9s} {mean_shared:7.3f} {mean_own:7.3f} {mean_own - mean_shared:+12.3f}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "mean_shared": mean_shared, "mean_own": mean_own,
                                         "settings": vars(args) | {"data": str(args.data), "json": str(args.json)}},
                                        indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
