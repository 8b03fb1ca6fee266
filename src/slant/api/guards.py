"""What stands in front of every request: the body size limit, the optional token, a same-origin
check on form posts, and the security headers of every response. Plain ASGI middleware, so a
body over the limit is refused before it is read."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import quote, urlsplit

Scope = dict[str, Any]

TOKEN_COOKIE = "slant_token"
# Paths open without the token: the health check, the sign-in page and the static assets.
OPEN_PATHS = ("/healthz", "/login")
OPEN_PREFIXES = ("/static/",)
UI_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
             "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _send_json(send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"status": status, "message": message, "problems": []}).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), *headers]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 for a request body over ``max_bytes``: at once when its Content-Length says so, else
    as soon as that many bytes have come in (the rest is never read)."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self, size: int | None = None) -> str:
        got = f"{size / 1e6:.1f} MB, " if size is not None else ""
        return (f"the request body is {got}over the limit of {self.max_bytes / 1e6:g} MB; send a smaller "
                "document (the server's limit is SLANT_SERVE_MAX_BODY_BYTES)")

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.strip().isdigit():
                await _send_json(send, 400, "the Content-Length header is not a number")
                return
            if int(length) > self.max_bytes:
                await _send_json(send, 413, self._message(int(length)))
                return
        received = 0
        over = False
        started = False

        async def limited_receive():
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    return {"type": "http.disconnect"}  # the application stops reading here
            return message

        async def guarded_send(message):
            nonlocal started
            if over:
                return  # the 413 below replaces whatever the application answers
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _send_json(send, 413, self._message())


def sign_in_cookie(token: str) -> str:
    """The cookie value that stands for ``token`` in the browser (not the token itself)."""
    return hmac.new(token.encode("utf-8"), b"slant serve sign-in", hashlib.sha256).hexdigest()


class TokenGate:
    """With a token set, every path but the open ones needs ``Authorization: Bearer TOKEN`` or
    the sign-in cookie; the API answers 401, the web UI sends the browser to the sign-in page."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.token = token
        self.cookie = sign_in_cookie(token) if token else None

    def allowed(self, scope: Scope) -> bool:
        assert self.token is not None and self.cookie is not None
        authorization = _header(scope, b"authorization") or ""
        scheme, _, credential = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(credential.strip().encode(), self.token.encode()):
            return True
        for part in (_header(scope, b"cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE and hmac.compare_digest(value.encode(), self.cookie.encode()):
                return True
        return False

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http" or self.token is None:
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES) or self.allowed(scope):
            await self.app(scope, receive, send)
            return
        if path.startswith("/api/") or path == "/openapi.json":
            await _send_json(send, 401, "this service needs its token: send the header Authorization: Bearer TOKEN",
                             [(b"www-authenticate", b'Bearer realm="slant"')])
            return
        target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        location = "/login?next=" + quote(target, safe="")
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


class SameOrigin:
    """A browser's POST from another site (its Origin is not this host) is refused: no page
    elsewhere can make a visitor's browser add articles to the corpus."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") not in ("GET", "HEAD", "OPTIONS"):
            origin = _header(scope, b"origin")
            host = _header(scope, b"host")
            if origin and origin != "null" and host and urlsplit(origin).netloc.lower() != host.lower():
                await _send_json(send, 403, f"requests from {origin} are not accepted; use the service's own pages "
                                            "or a client that sends no Origin header")
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """No sniffing, no referrer, no framing, and (on pages that set none) a policy that runs only
    the service's own script and loads nothing from elsewhere."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {key.lower() for key, _ in headers}
                for key, value in ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                                   (b"x-frame-options", b"DENY"),
                                   (b"content-security-policy", UI_POLICY.encode())):
                    if key not in present:
                        headers.append((key, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
