"""Fetching members' feeds and images over HTTP, within limits, with conditional requests.

urllib3 (already installed with MkDocs Material, through requests) does the HTTP: one
thread-safe pool for the whole build, redirects followed, nothing retried (a member
that fails keeps its last good items; the next build tries again). Every fetch has
the same limits: a connect timeout, a deadline for the whole fetch and a size cap on
the decoded body (urllib3 >= 2.6 bounds what one streamed read may decompress, so a
gzip bomb stops at the cap too). A body still arriving at the deadline is cut off
from a timer thread with `HTTPResponse.shutdown()`, which exists for exactly that.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

FEED_ACCEPT = (
    "application/feed+json, application/atom+xml, application/rss+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
IMAGE_ACCEPT = "image/webp, image/jpeg, image/png, image/*;q=0.8"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    connect: float = 5.0  # seconds to connect
    total: float = 20.0  # seconds for the whole fetch
    max_bytes: int = 5_000_000

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


class Fetcher:
    """One pool of connections for a build; `get` may be called from many threads."""

    def __init__(self, limits: Limits, user_agent: str, connections: int = 8) -> None:
        self.limits = limits
        self._user_agent = user_agent
        # Nothing is retried; redirects are followed (a site that moved to https, say).
        self._retries = urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=5)
        self._pool = urllib3.PoolManager(num_pools=64, maxsize=max(1, connections), block=False)

    def get(self, url: str, accept: str = FEED_ACCEPT, validators: Validators | None = None) -> Response:
        limits = self.limits
        deadline = time.monotonic() + limits.total
        headers = {"User-Agent": self._user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        try:
            response = self._pool.request(
                "GET",
                url,
                headers=headers,
                preload_content=False,
                retries=self._retries,
                timeout=urllib3.Timeout(connect=limits.connect, read=limits.total),
            )
        except MaxRetryError as error:
            raise FetchError(self._cause(error.reason or error, url)) from None
        except (HTTPError, ValueError) as error:  # ValueError: a URL urllib3 cannot parse
            raise FetchError(self._cause(error, url)) from None
        try:
            return self._finish(response, deadline)
        finally:
            response.release_conn()

    def _finish(self, response: urllib3.BaseHTTPResponse, deadline: float) -> Response:
        limits = self.limits
        found = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        content_type = response.headers.get("Content-Type", "")
        if response.status == 304:
            response.drain_conn()
            return Response(304, None, found, content_type)
        if response.status != 200:
            response.drain_conn()
            raise FetchError(f"服务器返回 HTTP {response.status}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limits.max_bytes:
            raise FetchError(f"内容有 {int(length) / 1_000_000:.1f} MB，超过 {limits.size_text} 的上限")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"超时（{limits.total:g} 秒内没有取完）")
        watchdog = threading.Timer(remaining, response.shutdown)
        watchdog.daemon = True
        watchdog.start()
        body = bytearray()
        try:
            for chunk in response.stream(CHUNK, decode_content=True):
                body += chunk
                if len(body) > limits.max_bytes:
                    raise FetchError(f"内容超过 {limits.size_text} 的上限")
        except (HTTPError, OSError) as error:
            if time.monotonic() >= deadline:
                raise FetchError(f"超时（{limits.total:g} 秒内没有取完）") from None
            raise FetchError(self._cause(error, "")) from None
        finally:
            watchdog.cancel()
        if time.monotonic() >= deadline:
            raise FetchError(f"超时（{limits.total:g} 秒内没有取完）")
        return Response(200, bytes(body), found, content_type)

    def _cause(self, error: BaseException, url: str) -> str:
        host = urlsplit(url).hostname or url
        if isinstance(error, NameResolutionError):
            return f"无法解析域名 {host}"
        if isinstance(error, NewConnectionError):  # checked first: urllib3 derives it from the next
            return f"无法连接 {host}"
        if isinstance(error, ConnectTimeoutError):
            return f"连接超时（{self.limits.connect:g} 秒内没有连上 {host}）"
        if isinstance(error, ReadTimeoutError):
            return f"超时（{self.limits.total:g} 秒内没有取完）"
        if isinstance(error, SSLError):
            return f"{host} 的 HTTPS 证书或加密连接有问题"
        if isinstance(error, ProtocolError):
            return "连接中途断开"
        if isinstance(error, MaxRetryError) or "redirect" in str(error).lower():
            return "重定向次数过多"
        return f"无法获取（{type(error).__name__}）"

    def close(self) -> None:
        self._pool.clear()


def read_file(path: Path, limits: Limits) -> bytes:
    """A local feed or image, under the same size cap as a fetched one."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise FetchError(f"文件有 {size / 1_000_000:.1f} MB，超过 {limits.size_text} 的上限")
        return path.read_bytes()
    except OSError as error:
        raise FetchError(f"无法读取文件（{error.strerror}）") from None
