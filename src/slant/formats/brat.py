"""Brat standoff annotations (``.ann`` files) as character spans, and the layout of PolNeAR, the
attribution corpus (``text/NAME.txt`` beside ``attributions/NAME_ANNOTATOR.ann``)."""

from __future__ import annotations

from pathlib import Path

from slant.doc.article import Span

# PolNeAR's span types and the labels slant gives them.
ATTRIBUTION_TYPES = {"Source": "source", "Cue": "cue", "Content": "content"}


def read_spans(path: Path, types: dict[str, str]) -> list[Span]:
    """The text-bound annotations (``T`` lines) of the given types, labelled by ``types``. A
    discontinuous annotation (``start end;start end``) gives one span per piece; empty pieces
    are left out."""
    spans = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if not fields[0].startswith("T") or len(fields) < 2:
            continue
        kind, _, offsets = fields[1].partition(" ")
        label = types.get(kind)
        if label is None:
            continue
        for piece in offsets.split(";"):
            start, end = (int(x) for x in piece.split())
            if end > start:
                spans.append(Span(start, end, label))
    return spans


def polnear_texts(split_dir: Path) -> dict[str, tuple[Path, Path]]:
    """Text name -> (its text file, the first annotator's ``.ann`` file), for one split folder.
    Where a text has several annotators' files, the first by annotator id is the gold."""
    chosen: dict[str, tuple[Path, Path]] = {}
    for path in sorted((Path(split_dir) / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        if name not in chosen:
            chosen[name] = (Path(split_dir) / "text" / f"{name}.txt", path)
    return chosen
