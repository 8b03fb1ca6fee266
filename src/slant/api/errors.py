"""Errors of the service: every one is JSON (``{"status", "message", "problems"}``) on the API and
a page on the web UI, with a message that says what to fix.

Bad input is never a 500: a body over the limit is 413, an upload slant cannot read 415, bad
fields and malformed JSON 422. A 500 means a fault in slant itself; its message says to look at
the server log, where the traceback is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from slant.errors import BadInputError, ConfigError, InputTooLargeError, ModelError, SlantError

log = logging.getLogger(__name__)


class Problem(BaseModel):
    """One bad field: where it is (``text``, ``articles.2.url``, ``query.limit``) and what is wrong."""

    field: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error response."""

    status: int = Field(description="the HTTP status code again")
    message: str = Field(description="what went wrong and what to do about it")
    problems: list[Problem] = Field(default_factory=list, description="each bad field, for 422")


class ApiError(Exception):
    """An error the service answers with ``status`` and ``message`` (and ``problems``)."""

    def __init__(self, status: int, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)


class UnreadableUpload(ApiError):
    """415: a body or file that is not a text or HTML document slant reads."""

    def __init__(self, message: str) -> None:
        super().__init__(415, message)


class FeatureUnavailable(ApiError):
    """501: a corpus view this version of slant does not have yet."""

    def __init__(self, what: str) -> None:
        super().__init__(501, f"{what} are not available in this version")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "a token is needed (Authorization: Bearer TOKEN)"),
        (413, "the body is over the size limit"),
        (415, "the body or upload is not a document slant reads"),
        (422, "a field is missing or wrong; the message says which"),
    )
}


def _field_name(location: Iterable[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def problems_of(errors: Iterable[dict[str, Any]]) -> list[Problem]:
    """Pydantic's error list as problems: ``text: Value error, give "text" or "html", not both``."""
    problems = []
    for error in errors:
        message = str(error.get("msg", "is not valid"))
        if error.get("type") == "json_invalid":
            detail = (error.get("ctx") or {}).get("error")
            message = f"the body is not valid JSON ({detail or message}); send a JSON object such as {{\"text\": \"...\"}}"
        elif error.get("type") == "extra_forbidden":
            message = "is not a field of this request; check its spelling"
        problems.append(Problem(field=_field_name(error.get("loc", ())), message=message))
    return problems


def validation_error(errors: Iterable[dict[str, Any]]) -> ApiError:
    """A 422 whose message names every bad field."""
    problems = problems_of(errors)
    summary = "; ".join(f"{problem.field}: {problem.message}" for problem in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return ApiError(422, f"fix the request: {summary}{more}", problems)


def from_pydantic(exc: ValidationError) -> ApiError:
    return validation_error(exc.errors(include_url=False))


def from_slant_error(exc: SlantError) -> ApiError:
    """The status of an error slant's library raised while serving a request."""
    if isinstance(exc, InputTooLargeError):
        return ApiError(413, str(exc))
    if isinstance(exc, BadInputError):
        return ApiError(422, str(exc))
    if isinstance(exc, ModelError | ConfigError):
        return ApiError(500, f"the service is misconfigured: {exc}")
    return ApiError(422, str(exc))


def json_error(status: int, message: str, problems: Sequence[Problem] = (),
               headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(status=status, message=message, problems=list(problems))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def wants_json(request: Request) -> bool:
    """API paths answer errors in JSON; the web UI's pages answer with a page."""
    path = request.url.path
    return path.startswith("/api/") or path in ("/healthz", "/openapi.json")


def install(app, error_page: Callable[[Request, int, str, dict[str, str] | None], Response]) -> None:
    """Register the handlers that turn every error into the service's error form: JSON on the
    API, ``error_page(request, status, message, headers)`` on the web UI."""

    async def _render(request: Request, error: ApiError, headers: dict[str, str] | None = None) -> Response:
        if wants_json(request):
            return json_error(error.status, error.message, error.problems, headers)
        return error_page(request, error.status, error.message, headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return await _render(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return await _render(request, validation_error(exc.errors()))

    @app.exception_handler(SlantError)
    async def _slant_error(request: Request, exc: SlantError) -> Response:
        error = from_slant_error(exc)
        if error.status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return await _render(request, error)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}; the API is under /api/v1 (see /openapi.json)"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /openapi.json for its methods"
        return await _render(request, ApiError(exc.status_code, message), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _fault(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return await _render(request, ApiError(500, "slant failed on this request (a bug): the server log has the "
                                                    "details; please report it"))
