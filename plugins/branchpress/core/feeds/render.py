"""Feeds for subscribers: RSS 2.0 and Atom 1.0 (feedgen) and JSON Feed 1.1, from one item model.

Everything here is deterministic: dates come from records, never from the clock,
so two builds of the same content write byte-identical feeds.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import RecordStore
from branchpress.core.site.listings import tag_url, type_url

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "BranchPress"


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime_type: str


@dataclass(frozen=True)
class FeedItem:
    id: str  # the permalink: stable across builds
    url: str
    title: str
    summary: str
    content_html: str  # every href and src absolute
    published: datetime
    updated: datetime
    categories: tuple[str, ...]
    enclosure: Enclosure | None = None
    author: str | None = None  # when not the feed's (a portal's items credit their branch)


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    home_url: str  # the HTML page this feed mirrors
    rss_url: str
    atom_url: str
    json_url: str | None
    author: str
    language: str
    logo_url: str | None
    items: tuple[FeedItem, ...]
    # For a feed with no items (a type nobody has written about yet): the site's newest date.
    fallback_updated: datetime
    stylesheet_url: str | None = None
    image_url: str | None = None  # the RSS channel <image>: a PNG rendition of the logo

    @property
    def updated(self) -> datetime:
        """The newest change among the items; the channel date never comes from the clock."""
        return max((item.updated for item in self.items), default=self.fallback_updated)


def feed_item(
    record: Record,
    site_url: str,
    content_html: str,
    enclosure: Enclosure | None = None,
) -> FeedItem:
    url = urljoin(site_url, record.url)
    return FeedItem(
        id=url,
        url=url,
        title=record.title,
        summary=record.summary,
        content_html=absolutize(content_html, url),
        published=record.date,
        updated=record.last_modified,
        categories=(record.type_label, *record.tags),
        enclosure=enclosure,
    )


def latest(records: Iterable[Record], limit: int) -> list[Record]:
    """The newest published records; the store is already ordered newest first."""
    return [r for r in records if r.is_published][:limit]


_SRCSET_ENTRY = re.compile(r"\s*([^\s,]+)(\s+[^,]+)?\s*(?:,|$)")


def absolutize(html: str, base_url: str) -> str:
    """Resolve every href, src and srcset in an HTML fragment against the page's URL.

    Feed readers show content outside the site, where relative links break.
    """
    if not html.strip():
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base_url, resolve_base_href=False)
    for element in root.iter():
        srcset = element.get("srcset") if isinstance(element.tag, str) else None
        if srcset:
            parts = [
                urljoin(base_url, match.group(1)) + (match.group(2) or "")
                for match in _SRCSET_ENTRY.finditer(srcset)
                if match.group(1)
            ]
            element.set("srcset", ", ".join(parts))
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner


class _EnclosureExtension(BaseExtension):
    """Feed-level half of the extension below; it adds nothing to the channel."""

    def extend_ns(self):
        return {}


class _EnclosureEntryExtension(BaseEntryExtension):
    """Writes enclosures itself, for both formats.

    feedgen 1.0.0 drops rel, type and length from Atom entry links (feedgen issues
    135 and 143: the loop variable shadows the link dict), which would turn an
    enclosure into a second alternate link. So entry.enclosure() is never called.
    """

    def __init__(self) -> None:
        self.value: Enclosure | None = None

    def extend_atom(self, entry):
        if self.value is not None:
            etree.SubElement(
                entry,
                "link",
                {
                    "href": self.value.url,
                    "rel": "enclosure",
                    "type": self.value.mime_type,
                    "length": str(self.value.length),
                },
            )
        return entry

    def extend_rss(self, item):
        if self.value is not None:
            etree.SubElement(
                item,
                "enclosure",
                {"url": self.value.url, "length": str(self.value.length), "type": self.value.mime_type},
            )
        return item


def _generator(feed: Feed, self_url: str, self_type: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("branchpress", _EnclosureExtension, _EnclosureEntryExtension)
    generator.id(feed.home_url)
    generator.title(feed.title)
    generator.subtitle(feed.description or feed.title)  # also the RSS description
    generator.language(feed.language)
    generator.author({"name": feed.author})
    generator.generator(GENERATOR)
    generator.link(href=self_url, rel="self", type=self_type)
    # RSS takes its <link> from the last link added: the HTML page.
    generator.link(href=feed.home_url, rel="alternate", type="text/html")
    if feed.logo_url:
        generator.logo(feed.logo_url)
    if feed.image_url:
        # RSS 2.0 allows a GIF, JPEG or PNG here, at most 144 pixels wide.
        generator.image(url=feed.image_url, title=feed.title, link=feed.home_url, width="144", height="144")
    # feedgen defaults both to datetime.now(): pin them to the content.
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    for item in feed.items:
        # feedgen prepends by default; append keeps newest first as given.
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(item.published)
        entry.updated(item.updated)
        # RSS readers render <description> as HTML: the plain-text summary is escaped
        # and marked as HTML, so "<b>" in a summary reads as text everywhere.
        entry.summary(html.escape(item.summary or item.title, quote=False), type="html")
        # type="html": feedgen would write CDATA as an (invalid) Atom content type, and CDATA
        # breaks on a body that contains "]]>"; escaped HTML is valid in both formats.
        entry.content(item.content_html, type="html")
        for category in item.categories:
            entry.category(term=category, label=category)
        if item.author:
            entry.author({"name": item.author})
        entry.dc.dc_creator(item.author or feed.author)
        entry.branchpress.value = item.enclosure
    return generator


def _with_stylesheet(xml: bytes, stylesheet_url: str | None) -> bytes:
    """Insert an xml-stylesheet instruction so a browser shows a readable page (core/feeds/browser.py)."""
    if not stylesheet_url:
        return xml
    declaration_end = xml.index(b"?>") + 2
    instruction = f'\n<?xml-stylesheet type="text/css" href="{stylesheet_url}"?>'.encode()
    return xml[:declaration_end] + instruction + xml[declaration_end:]


def render_rss(feed: Feed) -> bytes:
    generator = _generator(feed, feed.rss_url, "application/rss+xml")
    return _with_stylesheet(generator.rss_str(pretty=True), feed.stylesheet_url)


def render_atom(feed: Feed) -> bytes:
    generator = _generator(feed, feed.atom_url, "application/atom+xml")
    return _with_stylesheet(generator.atom_str(pretty=True), feed.stylesheet_url)


def render_json(feed: Feed) -> bytes:
    """JSON Feed 1.1, written from the same items (feedgen has no JSON Feed)."""
    document: dict = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.json_url,
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": feed.author}],
    }
    if feed.logo_url:
        document["icon"] = feed.logo_url
    document["items"] = [_json_item(item) for item in feed.items]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict:
    entry = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "tags": list(item.categories),
    }
    if item.author:
        entry["authors"] = [{"name": item.author}]
    if item.enclosure is not None:
        entry["image"] = item.enclosure.url
        entry["attachments"] = [
            {
                "url": item.enclosure.url,
                "mime_type": item.enclosure.mime_type,
                "size_in_bytes": item.enclosure.length,
            }
        ]
    return entry


@dataclass(frozen=True)
class FeedPlan:
    """Which records one feed carries and where its files go (site-relative paths)."""

    key: str  # "site", "type:<key>" or "tag:<tag>"
    title: str
    home_path: str  # the HTML listing it mirrors, e.g. activities/volunteer/
    rss_path: str
    atom_path: str
    json_path: str | None
    records: tuple[Record, ...]


def plan_feeds(
    store: RecordStore,
    settings: SiteSettings,
    site_name: str,
    *,
    limit: int,
    type_feeds: bool,
    tag_feeds: bool,
    json_feed: bool,
) -> list[FeedPlan]:
    plans = [
        FeedPlan(
            "site",
            site_name,
            "",
            "feed.xml",
            "atom.xml",
            "feed.json" if json_feed else None,
            tuple(latest(store.records, limit)),
        )
    ]
    if type_feeds:
        for key, label in settings.types.items():
            base = type_url(key)
            records = tuple(latest(store.by_type.get(key, ()), limit))
            plans.append(
                FeedPlan(
                    f"type:{key}",
                    f"{site_name} · {label}",
                    base,
                    base + "feed.xml",
                    base + "atom.xml",
                    None,
                    records,
                )
            )
    if tag_feeds:
        for tag, tagged in store.by_tag.items():
            base = tag_url(store, tag)
            records = tuple(latest(tagged, limit))
            plans.append(
                FeedPlan(
                    f"tag:{tag}",
                    f"{site_name} · #{tag}",
                    base,
                    base + "feed.xml",
                    base + "atom.xml",
                    None,
                    records,
                )
            )
    return plans
