"""Build the demo site, serve it on 127.0.0.1 like a real static host, find the programs the
browser tests need (Debian's Chromium, Node.js packages in the repository's node_modules/), and
record what the browser reports while a page is open.

Shared by conftest.py, the tests and lighthouse.py (also a command-line script).
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("BRANCHPRESS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
RECORD_URL = re.compile(r"^/activities/\d{4}/\d{2}/[^/]+/$")

VIEWPORTS = {
    # iPhone 12–15: the commonest phone width in mainland China's WeChat traffic.
    "mobile": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}

# Flags from the issue. Background networking, component updates and sync would make Chromium
# call Google's hosts by itself; the host resolver rule makes sure that no request the page makes
# can reach any host but 127.0.0.1 (tests never touch the network), while the tests still see
# and report such a request.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]

# A page has settled when it and its fonts have loaded, Material's bundle has wired the page (its
# last statement publishes component$ on window) and no finite CSS transition or animation is
# still running. Checked instead of waiting a fixed time for Material's start-up.
SETTLED = """() => document.readyState === "complete"
    && document.fonts.status === "loaded"
    && window.component$ !== undefined
    && document.getAnimations().every(animation => animation.playState !== "running"
        || animation.effect === null || animation.effect.getComputedTiming().endTime === Infinity)"""

# CI sets this: every missing program then fails the browser tests instead of skipping them.
REQUIRE_ENV = "BRANCHPRESS_REQUIRE_BROWSER"


# Figures the tests measured (bytes, scores, minor findings): appended to this file by every
# worker of the run, printed at its end (tests/conftest.py).
REPORT_FILE = ARTIFACTS / "browser-report.txt"


def report(text: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with REPORT_FILE.open("a", encoding="utf-8") as out:
        out.write(text.rstrip("\n") + "\n\n")


def wait_for(page: object, condition: str, message: str, timeout_ms: int = 15_000) -> None:
    """Wait until the JavaScript function condition returns true in page; fail with message."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=timeout_ms)
    except PlaywrightTimeout:
        raise AssertionError(f"{message} (waited {timeout_ms / 1000:g} s, at {page.url})") from None


def settle(page: object) -> None:
    """Wait until the network is quiet and the page has settled (SETTLED)."""
    page.wait_for_load_state("networkidle")
    wait_for(page, SETTLED, "the page never settled: Material not set up, fonts or animations pending")


def page_errors(page: object) -> list[str]:
    """Console errors and uncaught exceptions of a page from now on, as they come."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def browser_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def require(reason: str | None) -> None:
    """Skip (or, with BRANCHPRESS_REQUIRE_BROWSER=1, fail) when reason says something is missing.

    Only the absence of a program or package skips; a build error, a crash or a failed
    assertion always fails.
    """
    if reason is None:
        return
    if browser_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: CI runs every browser test)", pytrace=False)
    # Skipping is right only here: a machine without Chromium or Node cannot run the test, and
    # README's test command must pass anywhere; CI installs both and turns this into a failure.
    pytest.skip(reason)


def missing_chromium() -> str | None:
    """Why Chromium cannot run here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"Chromium not found at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium fonts-noto-cjk), as .ci/run does"
        )
    return None


def missing_node_package(path: Path, package: str) -> str | None:
    """Why a Node.js package from package.json is unavailable, or None."""
    if not path.exists():
        return f"{path.relative_to(REPO)} not found: run `npm ci` in the repository root to install {package}"
    return None


def missing_node() -> str | None:
    if shutil.which("node") is None:
        return "Node.js (`node`) not found: Lighthouse runs on Node.js 20 or newer"
    return None


def build_demo(destination: Path) -> Path:
    """`mkdocs build` of the repository's own mkdocs.yml (the demo) into destination."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(destination)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build of the demo failed:\n{proc.stdout}{proc.stderr}")
    return destination


def first_record(site: Path) -> str:
    """The newest record on the news listing (a URL path such as /activities/2026/05/x/)."""
    soup = BeautifulSoup((site / "news" / "index.html").read_text(encoding="utf-8"), "lxml")
    for link in soup.select("main a[href]"):
        path = urlsplit(urljoin("http://host/news/", link["href"])).path
        if RECORD_URL.match(path):
            return path
    raise AssertionError("the news listing links to no record page")


# Text types a real host (nginx `gzip on`, GitHub Pages, object storage with compression) sends
# gzip-compressed; images and fonts are already compressed.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/manifest+json",
    "image/svg+xml",
)
EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
}


def content_type(path: Path) -> str:
    kind = EXTRA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/xml", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


class StaticHost(BaseHTTPRequestHandler):
    """What a static host does with a built MkDocs site, and nothing more.

    `/dir` redirects to `/dir/`, `/dir/` serves `dir/index.html`, anything missing gets
    `404.html` with status 404, and text is gzip-compressed when the browser accepts it and
    `compress` is on (object storage without a CDN serves files as they are).
    """

    protocol_version = "HTTP/1.1"
    root: Path
    compress: bool
    cache: dict[Path, bytes]
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def resolve(self) -> tuple[HTTPStatus, Path | None, str | None]:
        """(status, file to send, Location header)."""
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return HTTPStatus.NOT_FOUND, self.root / "404.html", None
        if target.is_dir():
            if not path.endswith("/"):
                return HTTPStatus.MOVED_PERMANENTLY, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return HTTPStatus.OK, target, None
        return HTTPStatus.NOT_FOUND, self.root / "404.html", None

    def gzipped(self, path: Path) -> bytes:
        with self.lock:
            if path not in self.cache:
                self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return self.cache[path]

    def respond(self, body: bool) -> None:
        status, path, location = self.resolve()
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path is None or not path.is_file():
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        kind = content_type(path)
        data = path.read_bytes()
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.compress and accepts_gzip and kind.startswith(COMPRESSIBLE):
            data = self.gzipped(path)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """A browser that closes a connection it no longer needs (Lighthouse does, between runs) is
    not an error of the site: it is not printed as a traceback."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class SiteServer:
    """A threaded http.server on 127.0.0.1 (random free port) serving a built site, its text
    gzip-compressed unless `compress` is False."""

    root: Path
    compress: bool = True

    def __post_init__(self) -> None:
        handler = type(
            "Host",
            (StaticHost,),
            {"root": self.root.resolve(), "compress": self.compress, "cache": {}, "lock": threading.Lock()},
        )
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@dataclass
class Visit:
    """One page opened in a fresh browser context, and everything the browser reported meanwhile."""

    base: str
    page: object
    requests: list[str] = field(default_factory=list)
    finished: list[object] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def path(self, url: str) -> str:
        return url[len(self.base) - 1 :] if url.startswith(self.base) else url

    def requested(self, suffix: str) -> list[str]:
        return [url for url in self.requests if urlsplit(url).path.endswith(suffix)]

    def foreign_requests(self) -> list[str]:
        """Requests to anything but 127.0.0.1 (data: and blob: URLs never leave the page)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
        ]

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page, scale="css", animations="disabled")
        return path

    def settle(self) -> None:
        """Wait until the network is quiet and the page has settled (SETTLED)."""
        settle(self.page)
