"""The request and response bodies of the API. These pydantic models are the schemas the
OpenAPI document (``/openapi.json``) publishes; the analysis document itself is described by
slant's JSON Schema (``slant/doc/schema/analysis.schema.json``), which the document embeds."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_BATCH = 10_000
LANGUAGE = re.compile(r"^(?:auto|[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})?)$")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(value: str | None, what: str) -> str | None:
    """``value`` unless it holds characters no document can: NUL or a lone UTF-16 surrogate."""
    if value is None:
        return None
    if "\x00" in value:
        raise ValueError(f"{what} contains a NUL character; remove it")
    if _LONE_SURROGATE.search(value):
        raise ValueError(f"{what} contains a lone UTF-16 surrogate (not valid Unicode); send valid UTF-8 text")
    return value


class ArticleInput(BaseModel):
    """One document: its plain text or its HTML page (exactly one of them), with what is known about it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "Council cronies strike again\n\nThe so-called experts have done it again."}]})

    text: str | None = Field(None, min_length=1, description="the article as plain text (a scrape or a copy)")
    html: str | None = Field(None, min_length=1, description="the article's web page, as HTML")
    url: str | None = Field(None, max_length=4096, description="where the article was published (kept as "
                            "metadata; slant never fetches it)")
    title: str | None = Field(None, max_length=2000, description="the headline, when the text lacks it")
    lang: str | None = Field(None, max_length=16, description="language code (en, ru, de, fr, it, pl are "
                             "analysed); default: detected")

    @field_validator("text", "html", "url", "title")
    @classmethod
    def _valid_unicode(cls, value: str | None, info) -> str | None:
        return check_text(value, info.field_name)

    @field_validator("lang")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not LANGUAGE.match(value):
            raise ValueError("is not a language code; use a code such as en, ru, de, fr, it or pl (or auto)")
        return value

    @model_validator(mode="after")
    def _one_document(self) -> ArticleInput:
        if self.text is None and self.html is None:
            raise ValueError('give the document as "text" (plain text) or "html" (a web page)')
        if self.text is not None and self.html is not None:
            raise ValueError('give "text" or "html", not both')
        return self

    @property
    def language(self) -> str | None:
        return None if self.lang in (None, "", "auto") else self.lang


class BatchInput(BaseModel):
    """Many documents to add to the corpus, as one job."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleInput] = Field(min_length=1, max_length=MAX_BATCH)


class StoredArticleOut(BaseModel):
    """A stored article, without its analysis document."""

    id: str
    url: str | None
    source: str
    site: str | None
    language: str | None
    title: str | None
    published: str | None
    status: Literal["analysed", "not analysed"]
    added_at: datetime


class ArticlePage(BaseModel):
    total: int = Field(description="articles that match, in all")
    limit: int
    offset: int
    items: list[StoredArticleOut]


class AddedArticle(BaseModel):
    added: bool = Field(description="false when the same text was stored before (nothing was written)")
    article: StoredArticleOut


class JobFailure(BaseModel):
    source: str
    error: str


class JobOut(BaseModel):
    """A batch of articles being added to the corpus."""

    id: str
    status: Literal["queued", "running", "done", "failed", "interrupted"]
    total: int | None = Field(description="documents in the batch (null until the uploaded files are read)")
    processed: int = Field(description="documents done so far: added, skipped or failed")
    added: int
    skipped: int = Field(description="already in the corpus (or twice in the batch)")
    failed: int
    failures: list[JobFailure]
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    message: str | None = Field(description="why the job stopped, when it failed or was interrupted")


class JobList(BaseModel):
    jobs: list[JobOut]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    articles: int = Field(description="articles in the corpus")
    models: dict[str, str] = Field(description="the model version each component runs")


class ItemList(BaseModel):
    """A corpus view (syndication, outlet profiles, stories): one object per item, as the corpus module gives it."""

    items: list[dict[str, Any]]
