"""What each file of the site is stored with: Content-Type, Cache-Control, compression.

The extensions are those the site writes (pages, feeds, the sitemap, Material's and our
assets, photo renditions, cards, posters, PDFs, search shards, icons) plus what staff may put
beside a record. Content-addressed files (a hash in the name, or a folder of renditions named
by their content key) never change under their name: they are cached for a year. Everything
else may change under the same name and is cached briefly, so a deploy shows within minutes.
"""

from __future__ import annotations

import gzip
import io
import mimetypes
import re
from dataclasses import dataclass
from enum import IntEnum

UTF8 = "; charset=utf-8"
TYPES = {
    ".html": "text/html" + UTF8,
    ".htm": "text/html" + UTF8,
    ".css": "text/css" + UTF8,
    ".js": "text/javascript" + UTF8,
    ".mjs": "text/javascript" + UTF8,
    ".json": "application/json" + UTF8,
    ".map": "application/json" + UTF8,
    # RSS and Atom as application/xml: a browser then shows the feed with its stylesheet
    # (core/feeds/browser.py) instead of downloading it; readers do not mind.
    ".xml": "application/xml" + UTF8,
    ".xsl": "application/xml" + UTF8,
    ".svg": "image/svg+xml" + UTF8,
    ".txt": "text/plain" + UTF8,
    ".md": "text/markdown" + UTF8,
    ".csv": "text/csv" + UTF8,
    ".webmanifest": "application/manifest+json" + UTF8,
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Text compresses; everything else here is compressed already (images, PDFs, fonts, .gz).
COMPRESSIBLE = frozenset(ext for ext, kind in TYPES.items() if UTF8 in kind) | {".ico"}

SHORT = "public, max-age=300"
"""Pages, feeds, the sitemap and any file whose name does not change with its content."""
LONG = "public, max-age=31536000, immutable"
"""Files whose name changes with their content."""

# Material's bundles (`bundle.a5f9d56c.min.js`, `main.57a0d79d.min.css` and their maps) and
# any other file with a hash of 8 or more hex digits as a part of its name.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?[a-z0-9]+(?:\.map)?$")
# Folders whose files are named by their content key: photo renditions (core/imaging/views.py),
# share cards and posters (core/share/batch.py).
CONTENT_FOLDERS = ("assets/photos/", "assets/cards/", "assets/posters/")
FEED_NAMES = frozenset({"feed.xml", "atom.xml", "feed.json"})
SITEMAPS = frozenset({"sitemap.xml", "sitemap.xml.gz"})


class Kind(IntEnum):
    """The order of a deploy: what a page needs goes up before the page, links to it after."""

    ASSET = 0
    PAGE = 1
    FEED = 2
    """Feeds and the sitemap: they announce pages, so they go up once the pages are there."""


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    gzip: bool

    @property
    def encoding(self) -> str | None:
        return "gzip" if self.gzip else None


def kind_of(path: str) -> Kind:
    """`path` relative to the site folder, with "/" separators."""
    name = path.rpartition("/")[2]
    if name.endswith((".html", ".htm")):
        return Kind.PAGE
    if name in FEED_NAMES or path in SITEMAPS:
        return Kind.FEED
    return Kind.ASSET


def content_type(path: str) -> str:
    suffix = "." + path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path, strict=False)
    if guessed is None:
        return "application/octet-stream"
    return guessed + UTF8 if guessed.startswith("text/") else guessed


def content_addressed(path: str) -> bool:
    return path.startswith(CONTENT_FOLDERS) or bool(HASHED_NAME.search(path.rpartition("/")[2]))


def headers_of(path: str, compress: bool) -> Headers:
    """The headers of the site file at `path`; `compress` is `deploy: gzip`."""
    suffix = "." + path.rpartition(".")[2].lower()
    cache = LONG if content_addressed(path) and kind_of(path) is Kind.ASSET else SHORT
    return Headers(content_type(path), cache, compress and suffix in COMPRESSIBLE)


def deterministic_gzip(data: bytes) -> bytes:
    """gzip with no timestamp and no file name, so the same bytes always compress alike and a
    re-deploy of an unchanged file is recognised (and would upload the same object anyway)."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=out, mtime=0) as stream:
        stream.write(data)
    return out.getvalue()
