"""Who may talk to the studio: its own Host only, a code from other machines, CSRF tokens.

- Host: a browser sends the name it typed. A page on another site can make a name of its
  own resolve to 127.0.0.1 (DNS rebinding) and then read the studio as "same origin"; so
  a request is served only when its Host is an IP address or `localhost`, on the studio's
  port — names nobody else can point here.
- Access code: on 127.0.0.1 only this computer reaches the studio. Started with another
  `--host` (a phone on the office Wi-Fi), every other machine must first give the code the
  studio printed (in the QR code's address); it then holds it as an HttpOnly cookie.
- CSRF: every request that changes something carries the studio's token (a form field or
  the X-CSRF-Token header), which a page of another site cannot read; and a browser that
  says the request comes from another site (Sec-Fetch-Site, Origin) is refused outright.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

ACCESS_COOKIE = "branchpress_studio"
# Shown to another machine without the code: one field, sent back to the same address.
LOGIN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>输入访问码 · BranchPress 工作室</title>
<link rel="stylesheet" href="/static/studio.css"></head><body class="login"><main>
<h1>输入访问码</h1><p>访问码显示在启动工作室的电脑上；用手机扫二维码打开时不需要输入。</p>
<form method="get"><label for="code">访问码</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">进入工作室</button></form></main></body></html>"""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Nothing from another host, no framing by another site, no referrer to other sites (same-origin keeps the Origin header that the CSRF rule reads: under no-referrer a form sends Origin: null).
STUDIO_POLICY = (
    b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    b"script-src 'self'; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; "
    b"form-action 'self'; base-uri 'none'; object-src 'none'"
)
# The preview is the site as built: Material's pages carry inline scripts, so those may run;
# still nothing may come from, or be sent to, another host.
PREVIEW_POLICY = (
    b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    b"script-src 'self' 'unsafe-inline'; connect-src 'self'; worker-src 'self' blob:; "
    b"frame-ancestors 'self'; form-action 'self'; object-src 'none'"
)
PREVIEW_PREFIX = "/preview/"
# Paths any machine may fetch without the code: the studio's own stylesheet for the code page.
OPEN_PATHS = ("/static/studio.css",)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


@dataclass
class Guard:
    """The studio's secrets for one run: its port, the access code and the CSRF token."""

    port: int
    open_to_others: bool
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10**6):06d}")
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def host_allowed(self, host: str) -> bool:
        name, _, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
        if not name or port != str(self.port):
            return False
        name = name.strip("[]").lower()
        if name == "localhost":
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.csrf.encode())

    def code_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.strip().encode(), self.code.encode())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _is_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return True  # in-process clients (tests) have no peer address
    try:
        return ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return client[0] in ("testclient", "localhost")


def _cross_site(scope: Scope) -> bool:
    """A browser's word that the request comes from a page of another site."""
    fetch_site = _header(scope, b"sec-fetch-site")
    if fetch_site not in (None, "same-origin", "none"):
        return True
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != _header(scope, b"host")


class StudioGuard:
    """ASGI middleware: Host, access code, cross-site requests, and the headers of every reply."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is None and self._needs_code(scope):
            refusal = self._login(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        policy = PREVIEW_POLICY if scope.get("path", "").startswith(PREVIEW_PREFIX) else STUDIO_POLICY

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *HEADERS, (b"content-security-policy", policy)]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

    def _refusal(self, scope: Scope):
        host = _header(scope, b"host") or ""
        if not self.guard.host_allowed(host):
            return PlainTextResponse(
                "这个地址不是工作室自己的地址，请求已拒绝。请用工作室启动时显示的地址打开。", status_code=421
            )
        if scope["method"] not in SAFE_METHODS and _cross_site(scope):
            return PlainTextResponse("来自其他网站的请求，已拒绝。", status_code=403)
        return None

    def _needs_code(self, scope: Scope) -> bool:
        if not self.guard.open_to_others or _is_loopback(scope) or scope.get("path") in OPEN_PATHS:
            return False
        cookies = SimpleCookie(_header(scope, b"cookie") or "")
        held = cookies.get(ACCESS_COOKIE)
        return not (held and hmac.compare_digest(held.value.encode(), self.guard.cookie.encode()))

    def _login(self, scope: Scope):
        """Without the cookie: the code in the address (from the QR code) lets the phone in."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if scope["method"] == "GET" and self.guard.code_ok((query.get("code") or [None])[0]):
            response = RedirectResponse(scope.get("path", "/") or "/", status_code=303)
            response.set_cookie(ACCESS_COOKIE, self.guard.cookie, httponly=True, samesite="strict")
            return response
        return HTMLResponse(LOGIN_PAGE, status_code=401)
