"""``slant semeval predict``: official-format prediction files for a folder of SemEval articles.

Paragraphs are the official template rows (every non-blank line), so every paragraph of the
template gets a line; span offsets index the article files as given.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .article import Article, SlantError, Span
from .evaluation import semeval
from .pipeline import Pipeline

log = logging.getLogger(__name__)

COMPONENTS_FOR = {"1": ["techniques", "genre"], "2": ["techniques", "frames"], "3": ["techniques"], "spans": ["techniques"]}


def prepare_article(article: Article, language: str | None) -> Article:
    """Give a SemEval article its official paragraphs and a language, ready for the pipeline."""
    article.set_layer("paragraphs", semeval.template_paragraphs(semeval.semeval_id(article), article.text))
    if language:
        article.language = language
    elif article.language is None:
        from .language import detect

        article.language = detect(article.text)[0]
    return article


def predict(articles_dir: Path, subtask: str, language: str | None = None, model: Path | None = None,
            batch_size: int = 16) -> dict:
    """Predictions keyed by article id, in the shape the SemEval writers take."""
    pipeline = Pipeline(COMPONENTS_FOR[subtask], models=model)
    articles = [prepare_article(a, language) for a in semeval.iter_articles(articles_dir, language)]
    if not articles:
        raise SlantError(f"{articles_dir}: no article*.txt files found")
    predictions: dict = {}
    for first in range(0, len(articles), batch_size):
        batch = articles[first : first + batch_size]
        for analysis in pipeline.analyse_articles(batch):
            article = analysis.article
            article_id = semeval.semeval_id(article)
            for note in analysis.notes:
                log.warning("%s: %s", article_id, note)
            if subtask == "1":
                genre = article.labels.get("genre")
                predictions[article_id] = genre["label"] if genre else "reporting"
            elif subtask == "2":
                frames = article.labels.get("frames")
                predictions[article_id] = [f["label"] for f in frames["labels"]] if frames else []
            elif subtask == "3":
                by_paragraph: dict[int, list[str]] = {p.attrs["paragraph"]: [] for p in article.paragraphs}
                for finding in article.layers.get("paragraph_techniques", []):
                    index = article.paragraph_of(finding.start)
                    if index is not None:
                        by_paragraph[article.paragraphs[index].attrs["paragraph"]].append(finding.label)
                predictions[article_id] = by_paragraph
            else:
                predictions[article_id] = [Span(s.start, s.end, s.label) for s in article.layers.get("techniques", [])]
    return predictions


def run(args) -> int:
    subtask = str(args.subtask)
    predictions = predict(Path(args.articles_dir), subtask, getattr(args, "language", None), getattr(args, "model", None))
    output = Path(args.output)
    if subtask == "1":
        semeval.write_genre_predictions(output, predictions)
    elif subtask == "2":
        semeval.write_frame_predictions(output, predictions)
    elif subtask == "3":
        semeval.write_paragraph_predictions(output, predictions)
    else:
        semeval.write_span_predictions(output, predictions)
    log.info("wrote %d articles' predictions to %s", len(predictions), output)
    return 0
