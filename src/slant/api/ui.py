"""The web UI: server-rendered pages (Jinja2, every value escaped) over the same service as the
API, with one small script of its own (``static/app.js``: a job's live progress) and nothing
loaded from elsewhere, so it works without internet access.

Pages: analyse a text or file (the report comes back), the corpus (search, filters, each
article's report), syndication (groups, and two articles side by side), outlet profiles,
stories and jobs; a sign-in page when the service has a token.
"""

from __future__ import annotations

import hmac
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from slant.api.errors import ApiError, FeatureUnavailable
from slant.api.guards import TOKEN_COOKIE, sign_in_cookie
from slant.api.routes import (
    form_article,
    read_form,
    service,
    start_batch,
    stored_document,
    view_items,
)
from slant.api.views import (
    evidence_of,
    heading_of,
    label_of,
    render_value,
    side_by_side,
    timeline,
    timeline_of,
)
from slant.doc.analysis import Analysis
from slant.doc.taxonomy import TECHNIQUES
from slant.version import __version__

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_SIZE = 25
_ID = re.compile(r"[0-9a-f]{16,64}")
NAV = (("/", "Analyse"), ("/articles", "Corpus"), ("/syndication", "Syndication"), ("/outlets", "Outlets"),
       ("/stories", "Stories"), ("/jobs", "Jobs"))

_environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                  trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
_environment.globals.update(nav=NAV, version=__version__, render_value=render_value, label_of=label_of,
                            heading_of=heading_of)


def page(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
         **context: Any) -> HTMLResponse:
    path = request.url.path
    current = next((href for href, _ in NAV if href != "/" and path.startswith(href)), "/" if path == "/" else "")
    html = _environment.get_template(template).render(current=current, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    return page(request, "error.html", status=status, headers=headers, status_code=status, message=message)


def report_page(analysis: Analysis) -> HTMLResponse:
    """The self-contained report, with a way back to the service's pages."""
    from slant.output.html import CONTENT_SECURITY_POLICY, render_html

    html = render_html(analysis)
    links = " \u00b7 ".join(f'<a href="{href}">{name}</a>' for href, name in NAV[:2])
    nav = (f'<nav class="wrap" aria-label="slant" style="padding:.5rem 1rem;font-size:.95rem">{links}</nav>\n')
    skip = 'Skip to the article</a>\n'
    html = html.replace(skip, skip + nav, 1) if skip in html else html.replace("<body>\n", "<body>\n" + nav, 1)
    return HTMLResponse(html, headers={"content-security-policy": CONTENT_SECURITY_POLICY})


# -- analyse -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return page(request, "analyse.html", fields={}, error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyse_form(request: Request) -> Response:
    form = await read_form(request)
    fields = {name: value for name in ("text", "url", "title", "lang") if isinstance(value := form.get(name), str)}
    try:
        article = await form_article(form)
        analysis = await service(request).analyser.analyse(article)
    except ApiError as exc:
        return page(request, "analyse.html", status=exc.status, fields=fields, error=exc.message)
    return report_page(analysis)


# -- corpus ----------------------------------------------------------------------------------------


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ApiError(422, f"{name} {value!r} is not a date; use YYYY-MM-DD") from None


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request) -> HTMLResponse:
    params = request.query_params
    filters = {name: params.get(name, "").strip() for name in ("q", "site", "language", "technique", "from", "to",
                                                                "status")}
    store = service(request).store
    try:
        page_number = max(1, int(params.get("page", "1") or 1))
    except ValueError:
        page_number = 1
    error = None
    try:
        if filters["technique"] and filters["technique"] not in {t.id for t in TECHNIQUES}:
            raise ApiError(422, f"unknown technique {filters['technique']!r}; pick one from the list")
        if any("\x00" in value for value in filters.values()):
            raise ApiError(422, "a filter contains a NUL character; remove it")
        result = store.search(text=filters["q"] or None, site=filters["site"] or None,
                              language=filters["language"] or None, technique=filters["technique"] or None,
                              published_from=_date(filters["from"], "from"), published_to=_date(filters["to"], "to"),
                              status=filters["status"] or None, limit=PAGE_SIZE,
                              offset=min(page_number - 1, 10_000_000) * PAGE_SIZE)
    except ApiError as exc:
        error, result = exc.message, None
    status = 422 if error else 200
    kept = {name: value for name, value in filters.items() if value}

    def link(number: int) -> str:
        return "/articles?" + urlencode({**kept, "page": number})

    pages = None
    if result is not None:
        last = max(1, -(-result.total // PAGE_SIZE))
        pages = {"number": page_number, "last": last,
                 "previous": link(page_number - 1) if page_number > 1 else None,
                 "next": link(page_number + 1) if page_number < last else None}
    return page(request, "articles.html", status=status, filters=filters, result=result, error=error, pages=pages,
                sites=store.sites(), languages=store.languages(), techniques=TECHNIQUES)


@router.get("/articles/{key}", response_class=HTMLResponse)
def article(request: Request, key: str) -> Response:
    if not (4 <= len(key) <= 64 and all(c in "0123456789abcdefABCDEF" for c in key)):
        raise ApiError(404, f"no article {key!r}: an article id is 4 to 64 hexadecimal characters")
    return report_page(Analysis.from_dict(stored_document(request, key)))


# -- corpus views --------------------------------------------------------------------------------


def _titles(request: Request, ids: list[str]) -> dict[str, str]:
    store = service(request).store
    titles = {}
    for article_id in ids:
        try:
            row = store.article(article_id)
        except Exception:  # a member the store no longer has is shown by its id
            continue
        titles[article_id] = row.title or row.url or row.source
    return titles


@router.get("/syndication", response_class=HTMLResponse)
def syndication(request: Request) -> HTMLResponse:
    by_key = _ids_by_key(request)
    try:
        groups = view_items(request, "syndication")
        unavailable = None
    except FeatureUnavailable as exc:
        groups, unavailable = [], exc.message
    pairs: list[dict[str, Any]] = []
    if unavailable:  # the pairs are there in every version: show them instead
        from slant.corpus.syndication import store_syndication

        pairs = [pair.to_dict() for pair in store_syndication(service(request).store)]
        for pair in pairs:
            pair["a_id"], pair["b_id"] = by_key.get(pair["a"]), by_key.get(pair["b"])
    def article_id(member: Any) -> str | None:
        """The id of a group member, named by its id, url or source."""
        key = str(member)
        return by_key.get(key) or (key if _ID.fullmatch(key) else None)

    shown = []
    for group in groups:
        original = group.get("original")
        shown.append({
            "original": article_id(original) if original is not None else None,
            "members": [(article_id(member), str(member)) for member in group.get("members") or []],
            "changes": group.get("changes"),
            "rest": {key: value for key, value in group.items() if key not in ("members", "original", "pairs", "changes")},
        })
    ids = {pair[key] for pair in pairs for key in ("a_id", "b_id") if pair[key]}
    ids |= {article_id for group in shown for article_id, _ in group["members"] if article_id}
    return page(request, "syndication.html", groups=shown, pairs=pairs, unavailable=unavailable,
                titles=_titles(request, sorted(ids)))


def _ids_by_key(request: Request) -> dict[str, str]:
    """Article ids by every name syndication may give an article: its url, its source, its id."""
    found: dict[str, str] = {}
    for row in service(request).store.iter_articles():
        for key in (row.id, row.source, row.url):
            if key:
                found.setdefault(key, row.id)
    return found


def _names(document: dict[str, Any]) -> set[str]:
    metadata = document.get("metadata") or {}
    return {str(value) for value in (document.get("id"), document.get("source"), metadata.get("url")) if value}


def _oriented(pair: dict[str, Any], names_a: set[str], names_b: set[str]):
    """The pair's evidence with A's spans first, or None when the pair is not of these two articles."""
    evidence = evidence_of(pair)
    if str(pair.get("a")) in names_a and str(pair.get("b")) in names_b:
        return evidence
    if str(pair.get("a")) in names_b and str(pair.get("b")) in names_a:
        return [(b, a) for a, b in evidence]
    return None


@router.get("/syndication/compare", response_class=HTMLResponse)
async def compare(request: Request) -> HTMLResponse:
    a_key, b_key = request.query_params.get("a", ""), request.query_params.get("b", "")
    for key in (a_key, b_key):
        if not (4 <= len(key) <= 64 and all(c in "0123456789abcdefABCDEF" for c in key)):
            raise ApiError(422, "compare needs two article ids: /syndication/compare?a=ID&b=ID")
    document_a = await run_in_threadpool(stored_document, request, a_key)
    document_b = await run_in_threadpool(stored_document, request, b_key)
    names_a, names_b = _names(document_a), _names(document_b)
    group, evidence, relation = None, None, None
    try:
        groups = await run_in_threadpool(view_items, request, "syndication")
    except FeatureUnavailable:
        groups = []
    for candidate in groups:
        members = {str(member) for member in candidate.get("members") or []}
        if members & names_a and members & names_b:
            group = candidate
            for pair in candidate.get("pairs") or []:
                if isinstance(pair, dict) and (found := _oriented(pair, names_a, names_b)) is not None:
                    evidence, relation = found, pair.get("relation")
                    break
            break
    if evidence is None:
        from slant.corpus.syndication import find_syndication

        for pair in await run_in_threadpool(find_syndication, [document_a, document_b]):
            found = _oriented(pair.to_dict(), names_a, names_b)
            if found is not None:
                evidence, relation = found, pair.relation
    rows = side_by_side(document_a, document_b, evidence or [])
    changes = [change for change in (group or {}).get("changes") or []] if group else []
    return page(request, "compare.html", a=document_a, b=document_b, rows=rows, relation=relation,
                aligned=len(evidence or []), changes=changes, group=group)


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> HTMLResponse:
    try:
        profiles, unavailable = view_items(request, "outlets"), None
    except FeatureUnavailable as exc:
        profiles, unavailable = [], exc.message
    return page(request, "outlets.html", status=501 if unavailable else 200, profiles=profiles,
                unavailable=unavailable)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request) -> HTMLResponse:
    try:
        found, unavailable = view_items(request, "stories"), None
    except FeatureUnavailable as exc:
        found, unavailable = [], exc.message
    shown = []
    for story in found:
        key, entries = timeline_of(story)
        rest = {name: value for name, value in story.items() if name != key}
        shown.append({"heading": heading_of(story, "story"), "timeline": timeline(entries) if entries else None,
                      "rest": rest})
    return page(request, "stories.html", status=501 if unavailable else 200, stories=shown, unavailable=unavailable)


# -- jobs ------------------------------------------------------------------------------------------


@router.get("/jobs", response_class=HTMLResponse)
def jobs(request: Request) -> HTMLResponse:
    return page(request, "jobs.html", jobs=service(request).jobs.list(), error=None)


@router.post("/jobs")
async def add_job(request: Request) -> Response:
    from slant.api.routes import MAX_UPLOADS

    try:
        form = await read_form(request, max_files=MAX_UPLOADS)
        job = await start_batch(request, form)
    except ApiError as exc:
        return page(request, "jobs.html", status=exc.status, jobs=service(request).jobs.list(), error=exc.message)
    return RedirectResponse(f"/jobs/{job['id']}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str) -> HTMLResponse:
    found = service(request).jobs.get(job_id) if len(job_id) == 32 and job_id.isalnum() else None
    if found is None:
        raise ApiError(404, f"no job {job_id}; the jobs page lists them")
    return page(request, "job.html", job=found)


# -- signing in ------------------------------------------------------------------------------------


def _local(target: str | None) -> str:
    """``target`` when it is a path of this site, else ``/``: the sign-in page never sends a
    browser elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    return page(request, "login.html", next=_local(request.query_params.get("next")), error=None,
                needed=service(request).options.token is not None)


@router.post("/login")
async def login_form(request: Request) -> Response:
    form = await read_form(request)
    token = service(request).options.token
    given = form.get("token")
    target = _local(form.get("next") if isinstance(form.get("next"), str) else None)
    if token is None:
        return RedirectResponse(target, status_code=303)
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), token.encode()):
        return page(request, "login.html", status=401, next=target, error="That is not the service's token.",
                    needed=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(TOKEN_COOKIE, sign_in_cookie(token), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response

