"""Readers and writers for the SemEval-2023 Task 3 data layout.

The layout, per language folder (``en fr ge it po ru``; ``ge`` is German, ``po`` Polish)::

    <lang>/train-articles-subtask-{1,2,3}/article<ID>.txt       one article per file, UTF-8
    <lang>/train-labels-subtask-1.txt                            ID <TAB> genre
    <lang>/train-labels-subtask-2.txt                            ID <TAB> frame,frame,...
    <lang>/train-labels-subtask-3.txt                            ID <TAB> paragraph <TAB> tech,tech,...
    <lang>/train-labels-subtask-3/article<ID>-labels-subtask-3.txt[.template]   the same, per article
    <lang>/train-labels-subtask-3-spans/article<ID>-labels-subtask-3.txt        ID <TAB> tech <TAB> start <TAB> end
    <lang>/train-labels-subtask-3.template                       ID <TAB> paragraph <TAB> paragraph text

Paragraphs are the lines of the file (split on ``"\\n"``), numbered from 1; whitespace-only lines
keep their number but are left out, and a paragraph's template text is the line exactly as it is
(trailing spaces included). This reproduces every per-article ``.template`` file of the training
data byte for byte. The official merged ``train-labels-subtask-3.template`` is the per-article
files concatenated in article-id string order; where a per-article file lacks a final newline,
its last row and the next article's first row end up on one line. :func:`read_template` repairs
those rows.

Span offsets are half-open character offsets into the article text exactly as decoded (no
newline translation or other normalisation), so the readers never change the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from slant.doc.article import Article, Span
from slant.errors import SlantError

log = logging.getLogger(__name__)

# Folder code of the SemEval data -> ISO 639-1 code slant uses.
FOLDER_TO_LANGUAGE = {
    "en": "en",
    "fr": "fr",
    "ge": "de",
    "it": "it",
    "po": "pl",
    "ru": "ru",
    # surprise test languages of the task
    "es": "es",
    "gr": "el",
    "ka": "ka",
}
LANGUAGE_TO_FOLDER = {iso: folder for folder, iso in FOLDER_TO_LANGUAGE.items()}

GENRES = ("opinion", "reporting", "satire")
SUBTASKS = ("1", "2", "3")

_ID_IN_NAME = re.compile(r"(\d+)")


# -- label lists ------------------------------------------------------------------------------
def _bundled_list(name: str) -> list[str]:
    text = resources.files("slant").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@cache
def _techniques() -> tuple[str, ...]:
    return tuple(_bundled_list("techniques.txt"))


@cache
def _frames() -> tuple[str, ...]:
    return tuple(_bundled_list("frames.txt"))


def techniques() -> list[str]:
    """The 23 persuasion techniques of subtask 3, as spelled in the official files."""
    return list(_techniques())


def frames() -> list[str]:
    """The 14 frames of subtask 2, as spelled in the official files."""
    return list(_frames())


def genres() -> list[str]:
    """The three genres of subtask 1."""
    return list(GENRES)


# -- articles ---------------------------------------------------------------------------------
def article_id_from_path(path: str | Path) -> str:
    """The numeric id in an article or label file name: ``article123-labels-subtask-3.txt`` -> ``123``."""
    match = _ID_IN_NAME.search(Path(path).name)
    if not match:
        raise SlantError(
            f"no numeric article id in file name {str(path)!r}; SemEval files are named article<ID>.txt"
        )
    return match.group(1)


def language_of_path(path: str | Path) -> str | None:
    """ISO language from the SemEval folder code above a file: ``ge/train-articles-subtask-3/x.txt`` -> ``de``.

    Only the parent and grandparent folders count, as in the official layout, so that an unrelated
    folder higher up (``/home/it/...``) is not taken for a language.
    """
    for folder in Path(path).resolve().parents[:2]:
        if folder.name in FOLDER_TO_LANGUAGE:
            return FOLDER_TO_LANGUAGE[folder.name]
    return None


def _read_text(path: Path, any_encoding: bool) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SlantError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from exc
    try:
        # bytes.decode never translates newlines, so offsets in the label files stay valid.
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not any_encoding:
            raise SlantError(
                f"{str(path)!r} is not UTF-8 ({exc.reason} at byte {exc.start}); SemEval files are UTF-8"
            ) from exc
    from slant.ingest.encoding import decode

    try:
        text, encoding = decode(data)
    except SlantError as exc:
        raise SlantError(f"{str(path)!r}: {exc}") from exc
    if encoding == "utf-8":  # mostly UTF-8: decode() has logged the bytes it replaced
        log.warning("%s is not valid UTF-8 as SemEval files are; its invalid bytes were replaced", path)
    else:
        log.warning("%s is not UTF-8 as SemEval files are; read it as %s (offsets count its characters)", path, encoding)
    return text


def read_article(path: str | Path, language: str | None = None, any_encoding: bool = False) -> Article:
    """One SemEval article; ``text`` is the file content exactly, so gold offsets index into it.

    SemEval files are UTF-8, and a file that is not is an error, unless ``any_encoding`` (for
    prediction, where no gold offsets depend on it): then a legacy encoding (cp1251, latin-1) is
    detected and decoded with a warning. Binary data is an error either way.
    """
    path = Path(path)
    article_id = article_id_from_path(path)
    text = _read_text(path, any_encoding)
    return Article(
        text=text,
        source=str(path),
        language=language or language_of_path(path),
        provenance={"reader": "semeval2023", "semeval_id": article_id},
    )


def _id_sort_key(article_id: str) -> str:
    # The official files are ordered by id as a string ("2310" before "23100" before "2311").
    return article_id


def _visible_files(directory: Path, pattern: str) -> list[Path]:
    # Skips hidden files: the Italian and Russian folders carry macOS "._article….txt" resource
    # forks, which are binary and not articles.
    return sorted(p for p in directory.glob(pattern) if not p.name.startswith(".") and p.is_file())


def article_paths(directory: str | Path) -> list[Path]:
    """``*.txt`` files with a numeric id in the name, in official (id string) order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SlantError(f"{str(directory)!r} is not a directory of SemEval articles (article<ID>.txt files)")
    paths = [p for p in _visible_files(directory, "*.txt") if _ID_IN_NAME.search(p.name)]
    return sorted(paths, key=lambda p: _id_sort_key(article_id_from_path(p)))


def iter_articles(directory: str | Path, language: str | None = None) -> Iterator[Article]:
    """Every article of ``directory`` in official order (see :func:`read_article`)."""
    for path in article_paths(directory):
        yield read_article(path, language)


def semeval_id(article: Article) -> str:
    """The SemEval id of an article read by :func:`read_article`."""
    try:
        return str(article.provenance["semeval_id"])
    except KeyError:
        raise SlantError(
            f"article from {article.source!r} has no SemEval id; read it with slant.formats.semeval.read_article"
        ) from None


# -- paragraphs / templates -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One paragraph as the official ``.template`` files list it.

    ``paragraph`` is the 1-based line number; ``span`` covers the whole line (``text``), not trimmed.
    """

    article_id: str
    paragraph: int
    text: str
    span: Span


def template_rows(article_id: str, text: str) -> list[TemplateRow]:
    """The official paragraphs of ``text``: every non-blank line with its 1-based line number."""
    rows: list[TemplateRow] = []
    line_start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            rows.append(TemplateRow(article_id, number, line, Span(line_start, line_start + len(line))))
        line_start += len(line) + 1
    return rows


def template_paragraphs(article_id: str, text: str) -> list[Span]:
    """The template's paragraphs as trimmed spans, ``attrs["paragraph"]`` their official number."""
    spans = []
    for row in template_rows(article_id, text):
        start = row.span.start + (len(row.text) - len(row.text.lstrip()))
        spans.append(Span(start, start + len(row.text.strip()), attrs={"paragraph": row.paragraph}))
    return spans


def paragraph_technique_labels(article: Article) -> list[list[str]]:
    """The techniques of each of ``article.paragraphs`` (its ``paragraph_techniques`` layer),
    as subtask 3 lists them."""
    by_paragraph: list[list[str]] = [[] for _ in article.paragraphs]
    for finding in article.layers.get("paragraph_techniques", []):
        index = article.paragraph_of(finding.start)
        if index is not None:
            by_paragraph[index].append(finding.label or "")
    return by_paragraph


def article_template_rows(article: Article) -> list[TemplateRow]:
    return template_rows(semeval_id(article), article.text)


def render_template(rows: Iterable[TemplateRow], final_newline: bool = True) -> str:
    """Template lines ``id<TAB>paragraph<TAB>text``, each ending in a newline.

    ``final_newline=False`` drops the last newline, as the official per-article files do when the
    article's last line is not blank (see :func:`official_template_text`).
    """
    text = "".join(f"{row.article_id}\t{row.paragraph}\t{row.text}\n" for row in rows)
    if not final_newline and text.endswith("\n"):
        text = text[:-1]
    return text


def official_template_text(article_id: str, text: str) -> str:
    """The per-article ``.template`` file exactly as the organisers wrote it.

    Their files end with a newline only when the article's last line is blank (the article ends in
    a newline, or in a whitespace-only line): the rows are the article's lines joined by newlines.
    """
    last_line_blank = not text.split("\n")[-1].strip()
    return render_template(template_rows(article_id, text), final_newline=last_line_blank)


def _split_glued_row(fields: list[str], next_ids: set[str]) -> list[list[str]]:
    """Undo rows the merged template glued together: ``id, n, text+id2, n2, text2, ...``."""
    rows = [fields[:2]]
    rest = fields[2:]
    while len(rest) >= 3:
        glued, number = rest[0], rest[1]
        digits = re.search(r"\d+$", glued)
        if not digits or not number.isdigit():
            break
        run = digits.group(0)
        # The glued id is a suffix of the trailing digit run; prefer one that reappears as an id
        # on a later row (articles with several paragraphs), else the longest without a leading 0.
        candidates = [run[i:] for i in range(len(run)) if run[i] != "0"]
        known = [c for c in candidates if c in next_ids]
        chosen = known[0] if known else (candidates[0] if candidates else None)
        if chosen is None:
            break
        if not known:
            log.warning("merged template: guessed article id %s for a glued row (%r)", chosen, glued[-40:])
        rows[-1].append(glued[: len(glued) - len(chosen)])
        rows.append([chosen, number])
        rest = rest[2:]
    rows[-1].append("\t".join(rest))
    return rows


def read_template(path: str | Path) -> dict[str, list[TemplateRow]]:
    """A ``.template`` file, or a directory of them, as rows per article id (file order).

    A file does not say where a row lies in its article, so each row's ``span`` is just
    ``Span(0, len(text))``; :func:`template_rows` on the article text gives the real offsets.
    """
    path = Path(path)
    files = _visible_files(path, "*.template") if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise SlantError(f"no *.template files in {str(path)!r}")
    out: dict[str, list[TemplateRow]] = {}
    for file in files:
        lines = [line for line in _read_text(file, any_encoding=False).split("\n") if line]
        # ids of rows that are not glued: these let us tell a glued id from digits in the text.
        plain_ids = {line.split("\t", 1)[0] for line in lines if line.count("\t") == 2}
        for line_no, line in enumerate(lines, start=1):
            fields = line.split("\t")
            if len(fields) < 3 or not fields[0].isdigit() or not fields[1].isdigit():
                raise SlantError(
                    f"{file}:{line_no}: expected 'article_id<TAB>paragraph<TAB>text', got {line[:80]!r}"
                )
            pieces = _split_glued_row(fields, plain_ids) if len(fields) > 3 else [fields]
            for article_id, number, text in pieces:
                out.setdefault(article_id, []).append(
                    TemplateRow(article_id, int(number), text, Span(0, len(text)))
                )
    return out


# -- gold labels ------------------------------------------------------------------------------
def _label_files(path: Path, kind: str) -> list[Path]:
    if path.is_dir():
        files = _visible_files(path, "*.txt")
        if not files:
            raise SlantError(f"no *.txt {kind} files in {str(path)!r}")
        return files
    if not path.is_file():
        raise SlantError(f"{kind} file {str(path)!r} does not exist")
    return [path]


def _rows(path: str | Path, kind: str, min_fields: int) -> Iterator[tuple[Path, int, list[str]]]:
    for file in _label_files(Path(path), kind):
        for line_no, line in enumerate(_read_text(file, any_encoding=False).split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) < min_fields or not fields[0].isdigit():
                raise SlantError(
                    f"{file}:{line_no}: not a {kind} line ({min_fields} tab-separated fields): {line[:80]!r}"
                )
            yield file, line_no, fields


def _label_list(field_text: str) -> list[str]:
    return [label.strip() for label in field_text.split(",") if label.strip()]


def _warn_unknown(found: Iterable[str], known: Iterable[str], what: str, path: str | Path) -> None:
    # Kept as read (the English gold has one misspelt technique); scorers reject unknown
    # labels in predictions, not in gold.
    unknown = sorted(set(found) - set(known))
    if unknown:
        log.warning("%s: %s not in the official list: %s", path, what, ", ".join(map(repr, unknown)))


def read_genre_labels(path: str | Path) -> dict[str, str]:
    """Subtask 1 file (``id<TAB>genre``) -> {article id: genre}."""
    labels: dict[str, str] = {}
    for file, line_no, fields in _rows(path, "subtask-1 label", 2):
        if fields[1] not in GENRES:
            raise SlantError(f"{file}:{line_no}: genre {fields[1]!r} is not one of {', '.join(GENRES)}")
        labels[fields[0]] = fields[1]
    return labels


def read_frame_labels(path: str | Path) -> dict[str, list[str]]:
    """Subtask 2 file (``id<TAB>frame,frame``) -> {article id: frames}; an article may have none."""
    labels: dict[str, list[str]] = {}
    for _file, _line_no, fields in _rows(path, "subtask-2 label", 1):
        labels[fields[0]] = _label_list(fields[1]) if len(fields) > 1 else []
    _warn_unknown((f for values in labels.values() for f in values), _frames(), "frames", path)
    return labels


def read_paragraph_labels(path: str | Path) -> dict[str, dict[int, list[str]]]:
    """Subtask 3 file or directory (``id<TAB>paragraph<TAB>tech,tech``) -> {id: {paragraph: techniques}}."""
    labels: dict[str, dict[int, list[str]]] = {}
    for file, line_no, fields in _rows(path, "subtask-3 label", 2):
        if not fields[1].isdigit():
            raise SlantError(f"{file}:{line_no}: paragraph number {fields[1]!r} is not a number")
        labels.setdefault(fields[0], {})[int(fields[1])] = _label_list(fields[2]) if len(fields) > 2 else []
    found = (t for paragraphs in labels.values() for values in paragraphs.values() for t in values)
    _warn_unknown(found, _techniques(), "techniques", path)
    return labels


def read_span_labels(path: str | Path) -> dict[str, list[Span]]:
    """Span file or directory (``id<TAB>technique<TAB>start<TAB>end``) -> {id: spans labelled by technique}."""
    labels: dict[str, list[Span]] = {}
    for file, line_no, fields in _rows(path, "span label", 4):
        try:
            span = Span(int(fields[2]), int(fields[3]), fields[1])
        except ValueError as exc:
            raise SlantError(
                f"{file}:{line_no}: bad span offsets {fields[2]!r}, {fields[3]!r}: {exc}"
            ) from exc
        labels.setdefault(fields[0], []).append(span)
    if Path(path).is_dir():
        # An article without spans has an empty gold file: it still belongs to the gold data,
        # so predictions on it count as false positives.
        for file in _label_files(Path(path), "span label"):
            if _ID_IN_NAME.search(file.name):
                labels.setdefault(article_id_from_path(file), [])
    for spans in labels.values():
        spans.sort(key=lambda s: (s.start, s.end, s.label or ""))
    _warn_unknown(
        (s.label or "" for spans in labels.values() for s in spans), _techniques(), "techniques", path
    )
    return labels


# -- prediction writers -----------------------------------------------------------------------
def _write(path: str | Path, lines: Iterable[str]) -> None:
    text = "".join(f"{line}\n" for line in lines)
    try:
        Path(path).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise SlantError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc


def _check_labels(labels: Iterable[str], allowed: Iterable[str], what: str) -> None:
    allowed_set = set(allowed)
    unknown = sorted(set(labels) - allowed_set)
    if unknown:
        raise SlantError(
            f"unknown {what} {', '.join(map(repr, unknown))}; use the official names ({what} list)"
        )


def format_genre_predictions(predictions: Mapping[str, str]) -> list[str]:
    _check_labels(predictions.values(), GENRES, "genre")
    return [
        f"{article_id}\t{predictions[article_id]}" for article_id in sorted(predictions, key=_id_sort_key)
    ]


def format_frame_predictions(predictions: Mapping[str, Iterable[str]]) -> list[str]:
    lines = []
    for article_id in sorted(predictions, key=_id_sort_key):
        labels = list(dict.fromkeys(predictions[article_id]))
        _check_labels(labels, _frames(), "frame")
        lines.append(f"{article_id}\t{','.join(labels)}")
    return lines


def format_paragraph_predictions(
    predictions: Mapping[str, Mapping[int, Iterable[str]]],
    templates: Mapping[str, list[TemplateRow]] | None = None,
) -> list[str]:
    """Subtask 3 lines; with ``templates``, one line for every template paragraph (empty list allowed)."""
    lines = []
    article_ids = sorted(set(predictions) | set(templates or {}), key=_id_sort_key)
    for article_id in article_ids:
        by_paragraph = predictions.get(article_id, {})
        if templates is not None:
            numbers = [row.paragraph for row in templates.get(article_id, [])]
            extra = sorted(set(by_paragraph) - set(numbers))
            if extra:
                raise SlantError(
                    f"predictions for article {article_id} name paragraphs {extra} that its template does not have"
                )
        else:
            numbers = sorted(by_paragraph)
        for number in numbers:
            labels = list(dict.fromkeys(by_paragraph.get(number, ())))
            _check_labels(labels, _techniques(), "technique")
            lines.append(f"{article_id}\t{number}\t{','.join(labels)}")
    return lines


def format_span_predictions(predictions: Mapping[str, Iterable[Span]]) -> list[str]:
    lines = []
    for article_id in sorted(predictions, key=_id_sort_key):
        spans = sorted(predictions[article_id], key=lambda s: (s.start, s.end, s.label or ""))
        _check_labels((s.label or "" for s in spans), _techniques(), "technique")
        lines.extend(f"{article_id}\t{s.label}\t{s.start}\t{s.end}" for s in spans)
    return lines


def write_genre_predictions(path: str | Path, predictions: Mapping[str, str]) -> None:
    """Subtask 1 prediction file: ``id<TAB>genre``."""
    _write(path, format_genre_predictions(predictions))


def write_frame_predictions(path: str | Path, predictions: Mapping[str, Iterable[str]]) -> None:
    """Subtask 2 prediction file: ``id<TAB>frame,frame`` (empty list allowed)."""
    _write(path, format_frame_predictions(predictions))


def write_paragraph_predictions(
    path: str | Path,
    predictions: Mapping[str, Mapping[int, Iterable[str]]],
    templates: Mapping[str, list[TemplateRow]] | None = None,
) -> None:
    """Subtask 3 prediction file: ``id<TAB>paragraph<TAB>tech,tech``; pass ``templates`` to list every paragraph."""
    _write(path, format_paragraph_predictions(predictions, templates))


def write_span_predictions(path: str | Path, predictions: Mapping[str, Iterable[Span]]) -> None:
    """Span prediction file: ``id<TAB>technique<TAB>start<TAB>end``."""
    _write(path, format_span_predictions(predictions))


# -- one language -----------------------------------------------------------------------------
@dataclass(slots=True)
class SemEvalLanguage:
    """The gold data of one language and split. Articles differ a little between the subtask
    folders (some English files exist in several versions), so they are read per subtask."""

    folder: str  # code of the SemEval folder: en fr ge it po ru
    language: str  # ISO 639-1: en fr de it pl ru
    root: Path  # the language folder
    split: str = "train"
    genres: dict[str, str] = field(default_factory=dict)
    frames: dict[str, list[str]] = field(default_factory=dict)
    paragraph_labels: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    span_labels: dict[str, list[Span]] = field(default_factory=dict)
    templates: dict[str, list[TemplateRow]] = field(default_factory=dict)
    _articles: dict[str, dict[str, Article]] = field(default_factory=dict, repr=False)

    def articles_dir(self, subtask: str | int = 3) -> Path:
        return self.root / f"{self.split}-articles-subtask-{subtask}"

    def articles(self, subtask: str | int = 3) -> dict[str, Article]:
        """{id: Article} of one subtask's article folder (read once, then cached)."""
        key = str(subtask)
        if key not in SUBTASKS:
            raise SlantError(f"subtask {subtask!r} does not exist; use 1, 2 or 3")
        if key not in self._articles:
            directory = self.articles_dir(key)
            self._articles[key] = (
                {semeval_id(a): a for a in iter_articles(directory, self.language)}
                if directory.is_dir()
                else {}
            )
        return self._articles[key]


def _language_folder(data_root: Path, lang: str) -> tuple[str, Path]:
    folder = lang if lang in FOLDER_TO_LANGUAGE else LANGUAGE_TO_FOLDER.get(lang, lang)
    for candidate in (data_root / folder, data_root / "data" / folder):
        if candidate.is_dir():
            return folder, candidate
    raise SlantError(
        f"no SemEval folder for language {lang!r} under {str(data_root)!r}; "
        f"expected {folder}/ with train-articles-subtask-3/ etc. (codes: {', '.join(FOLDER_TO_LANGUAGE)})"
    )


def load_language(data_root: str | Path, lang: str, split: str = "train") -> SemEvalLanguage:
    """Labels and templates of one language (folder code ``ge`` or ISO ``de`` both work).

    Label files absent for the split (e.g. test data) are left empty, with a log line.
    """
    folder, root = _language_folder(Path(data_root), lang)
    data = SemEvalLanguage(
        folder=folder, language=FOLDER_TO_LANGUAGE.get(folder, folder), root=root, split=split
    )

    def optional(name: str, reader: Callable[[Path], Any], target: str) -> None:
        path = root / name
        if path.exists():
            setattr(data, target, reader(path))
        else:
            log.info("%s: no %s; leaving %s empty", root, name, target)

    optional(f"{split}-labels-subtask-1.txt", read_genre_labels, "genres")
    optional(f"{split}-labels-subtask-2.txt", read_frame_labels, "frames")
    optional(f"{split}-labels-subtask-3.txt", read_paragraph_labels, "paragraph_labels")
    optional(f"{split}-labels-subtask-3-spans", read_span_labels, "span_labels")
    per_article_templates = root / f"{split}-labels-subtask-3"
    if per_article_templates.is_dir() and _visible_files(per_article_templates, "*.template"):
        data.templates = read_template(per_article_templates)
    else:
        optional(f"{split}-labels-subtask-3.template", read_template, "templates")
    return data


def attach_gold(article: Article, data: SemEvalLanguage) -> Article:
    """Put the gold labels of ``article`` on it: ``labels["genre"]``, ``labels["frames"]``, layers
    ``paragraph_techniques`` (one span per template paragraph and technique, the whole line, with
    ``attrs["paragraph"]`` its number) and ``techniques`` (the gold spans)."""
    article_id = semeval_id(article)
    if article_id in data.genres:
        article.labels["genre"] = data.genres[article_id]
    if article_id in data.frames:
        article.labels["frames"] = list(data.frames[article_id])
    if article_id in data.paragraph_labels:
        rows = {row.paragraph: row for row in article_template_rows(article)}
        spans = []
        for number, labels in data.paragraph_labels[article_id].items():
            if number not in rows:
                raise SlantError(
                    f"gold labels of article {article_id} name paragraph {number}, a blank or missing line"
                )
            spans.extend(
                Span(rows[number].span.start, rows[number].span.end, label, attrs={"paragraph": number})
                for label in labels
            )
        article.set_layer("paragraph_techniques", spans)
    if article_id in data.span_labels:
        article.set_layer(
            "techniques", clip_spans(data.span_labels[article_id], len(article.text), article_id)
        )
    return article


def clip_spans(spans: Iterable[Span], text_length: int, article_id: str = "?") -> list[Span]:
    """Cut gold spans back to the text: 1-2% of the non-English gold spans end past the end of
    their article (a few start past it too), apparently offsets of a slightly longer version of
    the text. Spans left empty are dropped; both are logged."""
    kept: list[Span] = []
    for span in spans:
        if span.end <= text_length:
            kept.append(span)
        elif span.start < text_length:
            log.debug(
                "article %s: gold span %s..%s cut to the text end %s",
                article_id,
                span.start,
                span.end,
                text_length,
            )
            kept.append(Span(span.start, text_length, span.label, span.score, dict(span.attrs)))
        else:
            log.warning(
                "article %s: gold span %s..%s (%s) starts past the text end %s; dropped",
                article_id,
                span.start,
                span.end,
                span.label,
                text_length,
            )
    return kept
