"""Training examples from the SemEval-2023 Task 3 layout, and the project's fixed dev split."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# Folder codes of the shared data and the ISO 639-1 codes slant uses.
LANGUAGE_FOLDERS = {"en": "en", "fr": "fr", "de": "ge", "it": "it", "pl": "po", "ru": "ru"}
DEV_SHARE_PERCENT = 20
SPLIT_SALT = "slant-dev-split-v1"


def is_dev(article_id: str) -> bool:
    """The held-out split, by article, fixed for every model: ~20% of each language."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{article_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE_PERCENT


@dataclass
class TrainingDoc:
    article_id: str
    language: str
    text: str
    paragraphs: list[tuple[int, int, int]]  # (start, end, 1-based line number)
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)
    paragraph_labels: dict[int, set[str]] = field(default_factory=dict)  # line number -> techniques
    genre: str | None = None
    frames: list[str] | None = None


def data_fingerprint(root: Path, languages: list[str]) -> str:
    """SHA-256 over the files training reads, so meta.json can say which data built a model."""
    digest = hashlib.sha256()
    for language in languages:
        folder = root / LANGUAGE_FOLDERS[language]
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.endswith(".template"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def load_docs(root: Path, languages: list[str], subtask_folder: str = "train-articles-subtask-3") -> list[TrainingDoc]:
    from slant.formats import semeval

    docs: list[TrainingDoc] = []
    for language in languages:
        folder = root / LANGUAGE_FOLDERS[language]
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} not found: pass --data pointing at the semeval2023 folder")
        data = semeval.load_language(root, LANGUAGE_FOLDERS[language])
        genres = data.genres
        frames = data.frames
        paragraph_labels = data.paragraph_labels
        span_labels = {key: [(s.label, s.start, s.end) for s in spans] for key, spans in data.span_labels.items()}
        # The SemEval reader keeps the text byte-exact (no newline translation) and skips the
        # macOS "._" files; template rows are the official paragraphs.
        for path in semeval.article_paths(folder / subtask_folder):
            article_id = semeval.article_id_from_path(path)
            text = semeval.read_article(path, language).text
            paragraphs = [(p.start, p.end, p.attrs["paragraph"]) for p in semeval.template_paragraphs(article_id, text)]
            docs.append(
                TrainingDoc(
                    article_id=article_id,
                    language=language,
                    text=text,
                    paragraphs=paragraphs,
                    spans=[(t, s, e) for t, s, e in span_labels.get(article_id, [])],
                    paragraph_labels={int(k): set(v) for k, v in paragraph_labels.get(article_id, {}).items()},
                    genre=genres.get(article_id),
                    frames=frames.get(article_id),
                )
            )
    log.info("loaded %d articles in %s", len(docs), ",".join(languages))
    return docs
