"""The API: ``/api/v1`` and ``/healthz``.

``POST /api/v1/analyze`` answers the document ``slant analyze --format json`` writes for the
same input (``?format=html``: the self-contained report). The corpus routes add articles (one
at once, or a batch as a job), search them, give one article's analysis, and the corpus views:
syndication, outlet profiles and stories.
"""

from __future__ import annotations

import importlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from slant.api.errors import ERROR_RESPONSES, ApiError, ErrorBody, FeatureUnavailable, UnreadableUpload
from slant.api.inputs import ANALYZE_TYPES, article_input, parse_json, read_input, read_upload, upload_name
from slant.api.models import (
    AddedArticle,
    ArticleInput,
    ArticlePage,
    BatchInput,
    Health,
    ItemList,
    JobList,
    JobOut,
    StoredArticleOut,
)
from slant.doc.analysis import Analysis
from slant.doc.article import Article
from slant.doc.taxonomy import technique_ids
from slant.version import __version__

router = APIRouter()
API = "/api/v1"
FORM_FIELDS = ("text", "html", "url", "title", "lang")
MAX_UPLOADS = 100
TechniqueId = Literal[tuple(technique_ids())]  # type: ignore[valid-type]
ArticleKey = Annotated[str, PathParam(pattern="^[0-9a-fA-F]{4,64}$", description="an article id, or its first 4 or more characters")]

# Corpus views that other parts of slant provide; each is looked up when asked for.
VIEWS = {
    "syndication": ("slant.corpus.syndication", "store_syndication_groups", "syndication groups"),
    "outlets": ("slant.corpus.outlets", "outlet_profiles", "outlet profiles"),
    "stories": ("slant.corpus.stories", "find_stories", "stories"),
}


def service(request: Request):
    return request.app.state.service


def _html_report(analysis: Analysis) -> HTMLResponse:
    from slant.output.html import CONTENT_SECURITY_POLICY, render_html

    return HTMLResponse(render_html(analysis), headers={"content-security-policy": CONTENT_SECURITY_POLICY})


# -- reading a request's document ---------------------------------------------------------------


def _media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()


async def read_form(request: Request, max_files: int = 1) -> FormData:
    """The form of a multipart or url-encoded body (422 when it cannot be parsed)."""
    limit = service(request).options.max_body_bytes
    try:
        return await request.form(max_files=max_files, max_fields=50, max_part_size=limit)
    except StarletteHTTPException as exc:
        raise ApiError(422, f"the form body could not be read ({exc.detail}); send a multipart/form-data body "
                            "with a file field named \"file\" or a \"text\" field") from None


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) and value.strip() else None


async def form_article(form: FormData) -> Article:
    """The document of a form: the uploaded ``file`` when there is one, else the ``text`` or ``html`` field."""
    upload = form.get("file")
    data = b""
    name = None
    media = None
    if isinstance(upload, UploadFile):
        data = await upload.read()
        name, media = upload.filename, (upload.content_type or "").split(";", 1)[0].strip().lower()
    elif isinstance(upload, str):
        data = upload.encode("utf-8")
    if data:
        return await run_in_threadpool(read_upload, data, name, url=_field(form, "url"), language=_field(form, "lang"),
                                       title=_field(form, "title"), media_type=media)
    document = article_input({name: value for name in FORM_FIELDS if (value := _field(form, name)) is not None})
    return await run_in_threadpool(read_input, document)


async def request_article(request: Request) -> Article:
    """The one document of a request: JSON, a form (upload or fields), or a text or HTML body."""
    media = _media_type(request)
    if media == "application/json" or media.endswith("+json"):
        document = article_input(parse_json(await request.body()))
        return await run_in_threadpool(read_input, document)
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await form_article(await read_form(request))
    if media in ("text/plain", "text/html"):
        return await run_in_threadpool(read_upload, await request.body(), None, media_type=media)
    raise UnreadableUpload(f"a body of type {media or '(none given)'} is not read here; send one of "
                           f"{', '.join(ANALYZE_TYPES)} (JSON: {{\"text\": \"...\"}} or {{\"html\": \"...\"}})")


def _document_body(description: str) -> dict[str, Any]:
    """The OpenAPI request body of the routes that take one document."""
    fields = {name: {"type": "string"} for name in FORM_FIELDS}
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ArticleInput"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary", "description": "the article's file (HTML or text)"},
            **fields}}},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
    }}}


def openapi_additions() -> dict[str, Any]:
    """Schemas the document routes name but FastAPI does not see (they read their body themselves)."""
    from slant.api.models import ArticleInput, BatchInput

    schemas: dict[str, Any] = {}
    for model in (ArticleInput, BatchInput):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


# -- routes ----------------------------------------------------------------------------------------


@router.get("/healthz", response_model=Health, tags=["service"])
def healthz(request: Request) -> dict[str, Any]:
    """Whether the service is up: its version, the corpus size and the models it runs."""
    running = service(request)
    return {"status": "ok", "version": __version__, "articles": running.store.count(),
            "models": running.pipeline.model_versions()}


@router.post(
    f"{API}/analyze", tags=["analysis"], openapi_extra=_document_body(
        "the document: JSON {\"text\"} or {\"html\"} (with url, title, lang), a multipart upload (\"file\"), "
        "or the text or page itself as text/plain or text/html"),
    responses={200: {"description": "the analysis document (JSON) or, with format=html, the report", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Analysis"}},
        "text/html": {"schema": {"type": "string"}}}}, **ERROR_RESPONSES},
)
async def analyze(request: Request, format: Annotated[Literal["json", "html"], Query(
        description="json: the analysis document (as `slant analyze -f json`); html: the report page")] = "json",
                  ) -> Response:
    """Analyse one article and answer with its analysis: the same document as `slant analyze --format json`."""
    article = await request_article(request)
    analysis = await service(request).analyser.analyse(article)
    if format == "html":
        return _html_report(analysis)
    return JSONResponse(analysis.to_dict())


@router.get(f"{API}/articles", response_model=ArticlePage, tags=["corpus"], responses=ERROR_RESPONSES)
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="words in the title or text")] = None,
    site: Annotated[str | None, Query(max_length=500)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    technique: Annotated[TechniqueId | None, Query(description="articles with findings of this technique")] = None,
    published_from: Annotated[date | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
    published_to: Annotated[date | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
    status: Annotated[Literal["analysed", "not analysed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Search the stored articles (newest first); every filter given must match."""
    for name, value in (("q", q), ("site", site), ("language", language)):
        if value is not None and "\x00" in value:
            raise ApiError(422, f"{name} contains a NUL character; remove it")
    page = service(request).store.search(
        text=q, site=site, language=language, technique=technique,
        published_from=published_from.isoformat() if published_from else None,
        published_to=published_to.isoformat() if published_to else None,
        status=status, limit=limit, offset=offset)
    return page.to_dict()


@router.post(
    f"{API}/articles", response_model=AddedArticle, status_code=201, tags=["corpus"],
    openapi_extra=_document_body("one document, as for /api/v1/analyze"),
    responses={200: {"model": AddedArticle, "description": "the same text was stored before; nothing written"},
               **ERROR_RESPONSES},
)
async def add_article(request: Request) -> JSONResponse:
    """Analyse one article and store it (201); the same text stored before is a no-op (200)."""
    running = service(request)
    article = await request_article(request)
    if not await run_in_threadpool(running.store.known_ids, [article.id]):
        analysis = await running.analyser.analyse(article)
        result = await run_in_threadpool(_write_one, running, analysis)
        added = result.added == 1
    else:
        added = False
    row = await run_in_threadpool(running.store.article, article.id)
    body = AddedArticle(added=added, article=StoredArticleOut(**row.to_dict()))
    return JSONResponse(body.model_dump(mode="json"), status_code=201 if added else 200,
                        headers={"location": f"{API}/articles/{article.id}"})


def _write_one(running, analysis: Analysis):
    with running.write_lock:
        return running.store.write_batch([analysis])


@router.post(
    f"{API}/articles/batch", response_model=JobOut, status_code=202, tags=["corpus"],
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/BatchInput"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "HTML, text, WARC, JSONL or JSON files (gzipped too)"},
            "lang": {"type": "string"}}}}}}},
    responses=ERROR_RESPONSES,
)
async def add_batch(request: Request) -> JSONResponse:
    """Add many articles as a job (202): poll GET /api/v1/jobs/{id} for its progress and failures."""
    job = await start_batch(request)
    return JSONResponse(JobOut(**job).model_dump(mode="json"), status_code=202,
                        headers={"location": f"{API}/jobs/{job['id']}"})


async def start_batch(request: Request, form: FormData | None = None) -> dict[str, Any]:
    """A job over the request's documents: a JSON batch, or uploaded files (and a text field, from the UI)."""
    from slant.api.jobs import numbered, uploaded_files

    running = service(request)
    if form is None and _media_type(request) == "application/json":
        from pydantic import ValidationError

        from slant.api.errors import from_pydantic

        data = parse_json(await request.body())
        if not isinstance(data, dict):
            raise ApiError(422, 'the body must be a JSON object: {"articles": [{"text": "..."}, ...]}')
        try:
            batch = BatchInput.model_validate(data)
        except ValidationError as exc:
            raise from_pydantic(exc) from None
        documents = batch.articles
        job = running.jobs.submit(lambda: numbered(documents, read_input, "<request>"), total=len(documents),
                                  description=f"{len(documents)} documents sent as JSON")
        return job.to_dict()
    if form is None:
        if _media_type(request) != "multipart/form-data":
            raise UnreadableUpload('send JSON {"articles": [...]} or a multipart/form-data body with "files"')
        form = await read_form(request, max_files=MAX_UPLOADS)
    # A file input left empty still sends a part (no name, no bytes): it is not an upload.
    uploads = [item for item in form.getlist("files") + form.getlist("file")
               if isinstance(item, UploadFile) and (item.filename or item.size)]
    language = _field(form, "lang")
    if language == "auto":
        language = None
    text_document: ArticleInput | None = None
    if _field(form, "text") or _field(form, "html"):
        text_document = article_input({name: value for name in FORM_FIELDS if (value := _field(form, name)) is not None})
    if not uploads and text_document is None:
        raise ApiError(422, 'nothing to add: send files in the "files" field (or a "text" field)')
    folder = Path(tempfile.mkdtemp(prefix="slant-upload-"))
    try:
        saved = []
        for number, upload in enumerate(uploads, start=1):
            name = upload_name(upload.filename)
            path = folder / f"{number:03d}-{name}"
            path.write_bytes(await upload.read())
            saved.append((path, name))
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise

    def items():
        if text_document is not None:
            yield from numbered([text_document], read_input, "<request>")
        yield from uploaded_files(saved, folder, language)

    names = ", ".join(name for _, name in saved[:5]) + (" …" if len(saved) > 5 else "")
    description = f"{len(saved)} uploaded files: {names}" if saved else "a document sent in the form"
    total = 1 if text_document is not None and not saved else None
    job = running.jobs.submit(items, total=total, description=description, cleanup=folder)
    return job.to_dict()


@router.get(f"{API}/articles/{{key}}", tags=["corpus"], responses={
    200: {"description": "the stored analysis document (or, with format=html, the report)", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/Analysis"}},
        "text/html": {"schema": {"type": "string"}}}},
    404: {"model": ErrorBody, "description": "no such article"}, **ERROR_RESPONSES})
def get_article(request: Request, key: ArticleKey,
                format: Annotated[Literal["json", "html"], Query()] = "json") -> Response:
    """One stored article's analysis document, by its id (or the id's first 4 or more characters)."""
    document = stored_document(request, key)
    if format == "html":
        return _html_report(Analysis.from_dict(document))
    return JSONResponse(document)


def stored_document(request: Request, key: str) -> dict[str, Any]:
    from slant.errors import SlantError

    store = service(request).store
    try:
        article_id = store.resolve(key)
    except SlantError as exc:
        raise ApiError(404, str(exc)) from None
    return store.document(article_id)


@router.get(f"{API}/jobs", response_model=JobList, tags=["corpus"])
def list_jobs(request: Request) -> dict[str, Any]:
    """The jobs this process has run or is running, newest first."""
    return {"jobs": service(request).jobs.list()}


@router.get(f"{API}/jobs/{{job_id}}", response_model=JobOut, tags=["corpus"],
            responses={404: {"model": ErrorBody, "description": "no such job"}})
def get_job(request: Request, job_id: Annotated[str, PathParam(pattern="^[0-9a-f]{32}$")]) -> dict[str, Any]:
    """A job's progress: how many documents are done, added, skipped and failed, and each failure."""
    job = service(request).jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"no job {job_id}; GET {API}/jobs lists the jobs")
    return job


def corpus_view(name: str):
    """The function of a corpus view, or 501 when this version of slant lacks it."""
    module_name, function, what = VIEWS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise FeatureUnavailable(what) from None
    found = getattr(module, function, None)
    if found is None:
        raise FeatureUnavailable(what)
    return found


def view_items(request: Request, name: str) -> list[dict[str, Any]]:
    function = corpus_view(name)
    return [item.to_dict() if hasattr(item, "to_dict") else dict(item) for item in function(service(request).store)]


_VIEW_RESPONSES = {501: {"model": ErrorBody, "description": "this version of slant does not have this view"}}


@router.get(f"{API}/syndication", response_model=ItemList, tags=["corpus views"], responses=_VIEW_RESPONSES)
def syndication_groups(request: Request) -> dict[str, Any]:
    """Groups of stored articles that are one story on several sites: members, the original, pairs and changes."""
    return {"items": view_items(request, "syndication")}


@router.get(f"{API}/syndication/pairs", response_model=ItemList, tags=["corpus views"])
def syndication_pairs(request: Request) -> dict[str, Any]:
    """Pairs of stored articles that are copies or partial copies, with their aligned sentences."""
    from slant.corpus.syndication import store_syndication

    return {"items": [pair.to_dict() for pair in store_syndication(service(request).store)]}


@router.get(f"{API}/outlets", response_model=ItemList, tags=["corpus views"], responses=_VIEW_RESPONSES)
def outlets(request: Request) -> dict[str, Any]:
    """A profile of each outlet (site) in the corpus."""
    return {"items": view_items(request, "outlets")}


@router.get(f"{API}/stories", response_model=ItemList, tags=["corpus views"], responses=_VIEW_RESPONSES)
def stories(request: Request) -> dict[str, Any]:
    """Stories: the articles of the corpus that report one event, in time order."""
    return {"items": view_items(request, "stories")}
