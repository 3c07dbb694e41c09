"""Reading a member's feed: RSS 2.0 and Atom 1.0 with feedparser, JSON Feed 1.1 from JSON.

The result is still untrusted text (HTML as the member wrote it); `items.py` makes it
safe. feedparser is always handed a stream: given a string or bytes it would take a
body that looks like a URL or a file name for one and fetch or open it. An item whose
fields cannot be read (a list where text belongs, a URL no parser takes) becomes an
entry with a `problem`, left out with a warning; the feed's other items stand.
"""

from __future__ import annotations

import calendar
import io
import json
import re
import xml.sax
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_JSON_FEED = "https://jsonfeed.org/version/"
# What an RSS or Atom document starts with (after a BOM, white space, comments or a declaration).
_FEED_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)


class NotAFeed(Exception):
    """The body is no feed we can read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Entry:
    """One item as the member's feed has it: HTML unsanitised, links resolved."""

    id: str
    link: str
    title: str  # may contain markup
    summary: str  # HTML
    content: str  # HTML
    published: datetime | None
    updated: datetime | None
    image: str | None  # the first image's URL
    problem: str = ""  # why this item cannot be read (Chinese); its other fields are empty

    @classmethod
    def unreadable(cls, problem: str) -> Entry:
        return cls("", "", "", "", "", None, None, None, problem)


# Why an item is left out when reading it raised (after "第 N 条"), here and in items.py.
UNREADABLE = "的链接或其他字段无法识别"
# Anything a hostile item can raise from reading its fields; caught per item.
_FIELD_ERRORS = (TypeError, ValueError, AttributeError, KeyError, OverflowError)


def _each(read: Callable[[Any, str], Entry], raw: Any, base_url: str) -> Entry:
    try:
        return read(raw, base_url)
    except _FIELD_ERRORS:
        return Entry.unreadable(UNREADABLE)


def parse_feed(data: bytes, base_url: str, content_type: str = "") -> list[Entry]:
    """The entries of an RSS, Atom or JSON Feed document, in the feed's order."""
    if "json" in content_type.lower() or data.lstrip()[:1] == b"{":
        return _json_feed(data, base_url)
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": base_url, "content-type": content_type or "application/xml"},
    )
    broken = parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)
    if broken and _FEED_START.match(data):
        # Not well-formed: a truncated download looks just like this; keep the last good items.
        raise NotAFeed(f"XML 格式错误（{parsed.bozo_exception}）")
    if broken:
        raise NotAFeed("不是 RSS、Atom 或 JSON Feed")
    if not parsed.get("version"):
        raise NotAFeed("不是 RSS、Atom 或 JSON Feed")
    return [_each(_xml_entry, entry, base_url) for entry in parsed.entries]


def _xml_entry(entry: Any, base_url: str) -> Entry:
    content = entry.get("content") or []
    body = next((c.get("value", "") for c in content if "html" in c.get("type", "")), "")
    body = body or (content[0].get("value", "") if content else "")
    summary = entry.get("summary", "")
    link = entry.get("link", "")
    return Entry(
        id=str(entry.get("id") or link or ""),
        link=urljoin(base_url, link) if link else "",
        title=entry.get("title", ""),
        summary=summary if summary != body else "",
        content=body,
        published=_struct_time(_key(entry, "published_parsed") or _key(entry, "updated_parsed")),
        updated=_struct_time(_key(entry, "updated_parsed") or _key(entry, "published_parsed")),
        image=_xml_image(entry, base_url) or _first_img(body or summary, base_url),
    )


def _key(entry: Any, key: str) -> Any:
    """A key as the feed has it: feedparser's own get() maps updated_parsed to published_parsed
    with a DeprecationWarning, which dict.get() bypasses."""
    return dict.get(entry, key)


def _xml_image(entry: Any, base_url: str) -> str | None:
    """An image the item names as such: media:content, media:thumbnail, an image enclosure."""
    for media in entry.get("media_content") or []:
        if media.get("url") and (
            media.get("medium") == "image" or media.get("type", "").startswith("image/")
        ):
            return urljoin(base_url, media["url"])
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("type", "").startswith("image/") and link.get("href"):
            return urljoin(base_url, link["href"])
    for thumbnail in entry.get("media_thumbnail") or []:
        if thumbnail.get("url"):
            return urljoin(base_url, thumbnail["url"])
    return None


def _first_img(html: str, base_url: str) -> str | None:
    match = _IMG_SRC.search(html or "")
    return urljoin(base_url, match.group(1)) if match else None


def _struct_time(value: Any) -> datetime | None:
    """feedparser's dates are UTC struct_times."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _json_feed(data: bytes, base_url: str) -> list[Entry]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise NotAFeed(f"JSON 格式错误（{error}）") from None
    if not (
        isinstance(document, dict)
        and str(document.get("version", "")).startswith(_JSON_FEED)
        and isinstance(document.get("items"), list)
    ):
        raise NotAFeed("不是 RSS、Atom 或 JSON Feed")
    try:
        home = _text(document.get("home_page_url"))
        base = urljoin(base_url, home) if home else base_url
    except ValueError:  # a home page URL no parser takes: links stay relative to the feed
        base = base_url
    return [
        _each(_json_entry, item, base) if isinstance(item, dict) else Entry.unreadable("不是一组字段")
        for item in document["items"]
    ]


def _json_entry(item: dict, base_url: str) -> Entry:
    link = _text(item.get("url") or item.get("external_url"))
    content = _text(item.get("content_html"))
    if not content and item.get("content_text"):
        content = "<p>" + _escape(_text(item.get("content_text"))) + "</p>"
    image = _text(item.get("image") or item.get("banner_image"))
    attachments = item.get("attachments")
    if not image and isinstance(attachments, list):
        image = next(
            (
                _text(a.get("url"))
                for a in attachments
                if isinstance(a, dict) and str(a.get("mime_type", "")).startswith("image/")
            ),
            "",
        )
    published = _iso(item.get("date_published"))
    updated = _iso(item.get("date_modified"))
    return Entry(
        id=_text(item.get("id")) or link,
        link=urljoin(base_url, link) if link else "",
        title=_text(item.get("title")),
        summary=_escape(_text(item.get("summary"))),
        content=content,
        published=published or updated,
        updated=updated or published,
        image=urljoin(base_url, image) if image else _first_img(content, base_url),
    )


def _text(value: Any) -> str:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
