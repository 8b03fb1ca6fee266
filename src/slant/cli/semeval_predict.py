"""``slant semeval predict``: official-format prediction files for a folder of SemEval articles.

Paragraphs are the official template rows (every non-blank line), so every paragraph of the
template gets a line; span offsets index the article files as given. A file that cannot be
read (binary, unreadable) or analysed (over the size limit) is reported and skipped, and the
command exits 1 after writing the others' predictions; a file in a legacy encoding is decoded
with a warning.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from slant.cli.common import failure_summary
from slant.doc.article import Article, Span
from slant.errors import SlantError
from slant.formats import semeval
from slant.ingest.reader import ReadFailure
from slant.output.files import write_text_atomic
from slant.runtime.pipeline import Pipeline

log = logging.getLogger(__name__)

COMPONENTS_FOR = {"1": ["techniques", "genre"], "2": ["techniques", "frames"], "3": ["techniques"], "spans": ["techniques"]}


def prepare_article(article: Article, language: str | None) -> Article:
    """Give a SemEval article its official paragraphs and a language, ready for the pipeline."""
    article.set_layer("paragraphs", semeval.template_paragraphs(semeval.semeval_id(article), article.text))
    if language:
        article.language = language
    elif article.language is None:
        from slant.ingest.language import detect

        article.language = detect(article.text)[0]
    return article


def _read_articles(paths: list[Path], language: str | None) -> Iterator[Article | ReadFailure]:
    for path in paths:
        try:
            yield prepare_article(semeval.read_article(path, language, any_encoding=True), language)
        except SlantError as exc:
            yield ReadFailure(str(path), str(exc))


def predict(articles_dir: Path, subtask: str, language: str | None = None, model: Path | None = None,
            batch_size: int | None = None, output: Path | None = None) -> tuple[dict, list[dict]]:
    """Predictions keyed by article id, in the shape the SemEval writers take, and the articles
    that failed (``{"source", "error"}``): one unreadable, binary or oversized file is recorded
    and the others are predicted. ``output``, if given, is checked writable first."""
    pipeline = Pipeline(COMPONENTS_FOR[subtask], models=model)
    paths = semeval.article_paths(articles_dir)
    if not paths:
        raise SlantError(f"{articles_dir}: no article<ID>.txt files found")
    if output is not None:
        _check_output(output)  # after the folder is known good, before the models run
    predictions: dict = {}
    failures: list[dict] = []
    for result in pipeline.stream(_read_articles(paths, language), batch_size):
        if isinstance(result, ReadFailure):
            failures.append(result.to_dict())
            continue
        article_id = semeval.semeval_id(result.article)
        for note in result.notes:
            log.warning("%s: %s", article_id, note)
        predictions[article_id] = _prediction(result.article, subtask)
    return predictions, failures


def _prediction(article: Article, subtask: str):
    if subtask == "1":
        genre = article.labels.get("genre")
        return genre["label"] if genre else "reporting"
    if subtask == "2":
        frames = article.labels.get("frames")
        return [f["label"] for f in frames["labels"]] if frames else []
    if subtask == "3":
        labels = semeval.paragraph_technique_labels(article)
        return {paragraph.attrs["paragraph"]: labels[index] for index, paragraph in enumerate(article.paragraphs)}
    return [Span(s.start, s.end, s.label) for s in article.layers.get("techniques", [])]


def _check_output(output: Path) -> None:
    """Fail before the models run, not after, when the prediction file cannot be written."""
    if output.is_dir():
        raise SlantError(f"-o {output} is a folder: give the prediction file's path (e.g. {output / 'pred.txt'})")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SlantError(f"cannot create the folder of -o {output}: {exc.strerror or exc}") from exc
    if not os.access(output.parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise SlantError(f"cannot write -o {output}: it or its folder is not writable")


FORMATTERS = {
    "1": semeval.format_genre_predictions,
    "2": semeval.format_frame_predictions,
    "3": semeval.format_paragraph_predictions,
    "spans": semeval.format_span_predictions,
}


def run(args) -> int:
    subtask = str(args.subtask)
    output = Path(args.output)
    predictions, failures = predict(Path(args.articles_dir), subtask, getattr(args, "language", None),
                                    getattr(args, "model", None), output=output)
    lines = FORMATTERS[subtask](predictions)
    write_text_atomic(output, "".join(f"{line}\n" for line in lines))
    log.info("wrote %d articles' predictions to %s", len(predictions), output)
    for failure in failures:
        source, error = failure["source"], failure["error"]
        log.error("%s", error if source in error else f"{source}: {error}")
    if failures:
        summary = failure_summary(len(failures), len(failures) + len(predictions), noun="article",
                                  done_as="predicted")
        log.error("%s in %s", summary, output)
    return 1 if failures else 0
