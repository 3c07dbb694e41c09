"""Fetching members' feeds and images over HTTP, within limits, with conditional requests.

urllib3 (already installed with MkDocs Material, through requests) speaks HTTP and TLS
and decodes bodies (urllib3 >= 2.6 bounds what one streamed read may decompress, so a
gzip bomb stops at the size cap too). Everything around it is ours, because a member
chooses the URLs:

- only `http` and `https`, on the first request and on every redirect;
- each connection resolves its host itself, checks every address (addresses.py) and
  connects to the checked address, so no later lookup (DNS rebinding) can differ;
  TLS still verifies the name and sends it as SNI, and the Host header keeps it;
- redirects are followed here, at most `MAX_REDIRECTS`, each hop on a new checked
  connection (a fetch is one connection a hop: the pool's reuse bought little and
  would hide which address a request goes to);
- one deadline over the whole fetch, redirects, TLS handshake and headers included:
  each socket wait is bounded by the time left, and a timer shuts the socket down at
  the deadline, which also ends a server that sends its headers one byte a second or
  a body that never ends. Nothing is retried: a member that fails keeps its last good
  items and the next build tries again.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError
from urllib3.response import BaseHTTPResponse

from .addresses import AddressPolicy, Refused

FEED_ACCEPT = (
    "application/feed+json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
IMAGE_ACCEPT = "image/webp, image/jpeg, image/png, image/*;q=0.8"
CHUNK = 64 * 1024
MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
SCHEMES = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Limits:
    """What one member may cost a build."""

    connect: float = 5.0  # seconds to connect
    total: float = 20.0  # seconds for the whole fetch, redirects and headers included
    max_bytes: int = 5_000_000
    max_items: int = 200  # newest items kept of each member

    @property
    def size_text(self) -> str:
        return f"{self.max_bytes / 1_000_000:g} MB"


@dataclass(frozen=True)
class Validators:
    """What the server said identifies this version (for If-None-Match / If-Modified-Since)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes | None  # None: 304, not modified since the validators
    validators: Validators
    content_type: str


class FetchError(Exception):
    """A fetch that failed; the message is the cause, in Chinese, for the build's warning."""


class _Guarded:
    """Mixin for urllib3's connections: the socket goes to an address the policy checked."""

    policy: AddressPolicy
    host: str
    port: int
    timeout: float

    def _new_conn(self) -> socket.socket:
        addresses = self.policy.addresses(self.host, self.port)
        failure: OSError | None = None
        for address in addresses:
            try:
                sock = socket.create_connection((str(address), self.port), timeout=self.timeout)
            except OSError as error:
                failure = error
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        assert failure is not None  # addresses() returns at least one
        raise failure


class _GuardedHTTP(_Guarded, HTTPConnection):
    pass


class _GuardedHTTPS(_Guarded, HTTPSConnection):
    pass


class _Deadline:
    """The one deadline of a fetch: the time left for each wait, and a timer that shuts the
    current connection's socket down when the time is up (ending any read in progress)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._connection: HTTPConnection | None = None
        self._expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    @property
    def left(self) -> float:
        return self.at - time.monotonic()

    @property
    def expired(self) -> bool:
        return self._expired or self.left <= 0

    def watch(self, connection: HTTPConnection | None) -> None:
        with self._lock:
            self._connection = connection
            if self._expired:
                _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            _shut(self._connection)

    def cancel(self) -> None:
        with self._lock:
            self._timer.cancel()
            self._connection = None


def _shut(connection: HTTPConnection | None) -> None:
    sock = connection.sock if connection is not None else None
    if sock is None:
        return
    # The plain socket's shutdown, also under TLS: it ends a blocked read in another thread.
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Fetcher:
    """Fetches for one build; `get` may be called from many threads."""

    def __init__(self, limits: Limits, user_agent: str, policy: AddressPolicy | None = None) -> None:
        self.limits = limits
        self.policy = policy if policy is not None else AddressPolicy()
        self._user_agent = user_agent

    def get(self, url: str, accept: str = FEED_ACCEPT, validators: Validators | None = None) -> Response:
        headers = {"User-Agent": self._user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        deadline = _Deadline(self.limits.total)
        try:
            for hop in range(MAX_REDIRECTS + 1):
                target = _target(url, redirected=hop > 0)
                connection = self._connect(target, deadline)
                try:
                    response = self._exchange(connection, target, headers, deadline)
                    location = response.headers.get("Location")
                    if response.status in REDIRECTS and location:
                        url = urljoin(target.geturl(), location.strip())
                        continue
                    return self._finish(response, deadline)
                finally:  # one connection a hop: nothing stays open between fetches
                    deadline.watch(None)
                    connection.close()
            raise FetchError(f"重定向次数过多（超过 {MAX_REDIRECTS} 次）")
        finally:
            deadline.cancel()

    def _connect(self, target: SplitResult, deadline: _Deadline) -> HTTPConnection:
        host = _ascii_host(target)
        port = target.port or SCHEMES[target.scheme]
        kind = _GuardedHTTPS if target.scheme == "https" else _GuardedHTTP
        connection = kind(host, port, timeout=max(0.01, min(self.limits.connect, deadline.left)))
        connection.policy = self.policy
        deadline.watch(connection)
        try:
            connection.connect()
        except Refused as error:
            connection.close()
            raise FetchError(str(error)) from None
        except (OSError, HTTPError, ValueError) as error:
            connection.close()
            raise FetchError(self._connect_cause(error, host, deadline)) from None
        if deadline.expired:  # the last of several addresses answered, but too late
            connection.close()
            raise FetchError(self._timeout_text)
        return connection

    def _exchange(
        self, connection: HTTPConnection, target: SplitResult, headers: dict, deadline: _Deadline
    ) -> BaseHTTPResponse:
        path = (target.path or "/") + (f"?{target.query}" if target.query else "")
        try:
            connection.timeout = max(0.01, deadline.left)
            connection.request("GET", path, headers=headers, preload_content=False)
            return connection.getresponse()
        except (OSError, http.client.HTTPException, HTTPError, ValueError) as error:  # ValueError: a header
            raise FetchError(self._read_cause(error, deadline)) from None

    def _finish(self, response: BaseHTTPResponse, deadline: _Deadline) -> Response:
        limits = self.limits
        found = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        content_type = response.headers.get("Content-Type", "")
        if response.status == 304:
            return Response(304, None, found, content_type)
        if response.status != 200:
            raise FetchError(f"服务器返回 HTTP {response.status}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limits.max_bytes:
            raise FetchError(f"内容有 {int(length) / 1_000_000:.1f} MB，超过 {limits.size_text} 的上限")
        body = bytearray()
        try:
            for chunk in response.stream(CHUNK, decode_content=True):
                body += chunk
                if len(body) > limits.max_bytes:
                    raise FetchError(f"内容超过 {limits.size_text} 的上限")
                if deadline.expired:
                    raise FetchError(self._timeout_text)
        except (OSError, http.client.HTTPException, HTTPError) as error:
            raise FetchError(self._read_cause(error, deadline)) from None
        if deadline.expired:
            raise FetchError(self._timeout_text)
        return Response(200, bytes(body), found, content_type)

    @property
    def _timeout_text(self) -> str:
        return f"超时（{self.limits.total:g} 秒内没有取完）"

    def _connect_cause(self, error: BaseException, host: str, deadline: _Deadline) -> str:
        if deadline.expired:
            return self._timeout_text
        if isinstance(error, socket.gaierror):
            return f"无法解析域名 {host}"
        if isinstance(error, TimeoutError):
            return f"连接超时（{self.limits.connect:g} 秒内没有连上 {host}）"
        if isinstance(error, (ssl.SSLError, ssl.CertificateError)):
            return f"{host} 的 HTTPS 证书或加密连接有问题"
        return f"无法连接 {host}"

    def _read_cause(self, error: BaseException, deadline: _Deadline) -> str:
        if deadline.expired or isinstance(error, TimeoutError):
            return self._timeout_text
        if isinstance(error, ssl.SSLError):
            return "HTTPS 加密连接中途出错"
        return "连接中途断开"


def _target(url: str, redirected: bool) -> SplitResult:
    """The URL to request, if it is one the portal may fetch at all."""
    try:
        parts = urlsplit(url)
        usable = parts.scheme in SCHEMES and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port out of range, a broken [IPv6] host
        usable = False
    if usable:
        return parts
    shown = url if len(url) <= 80 else url[:79] + "…"
    if redirected:
        raise FetchError(f"服务器重定向到“{shown}”，门户只访问 http 和 https 网址")
    raise FetchError(f"“{shown}”不是 http 或 https 网址，门户不获取")


def _ascii_host(target: SplitResult) -> str:
    """The host as DNS and the Host header want it: a Chinese domain in its xn-- form."""
    host = target.hostname or ""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"域名“{host}”无效") from None


def read_file(path: Path, limits: Limits) -> bytes:
    """A local feed or image, under the same size cap as a fetched one."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise FetchError(f"文件有 {size / 1_000_000:.1f} MB，超过 {limits.size_text} 的上限")
        return path.read_bytes()
    except OSError as error:
        raise FetchError(f"无法读取文件（{error.strerror}）") from None
