"""Member content made safe to publish: plain-text titles and summaries, sanitised HTML.

A member's feed is untrusted: a compromised or careless site could carry `<script>`,
`onerror=` or `javascript:` links, and images from anywhere. nh3 (the Rust ammonia
sanitiser) turns titles and summaries into plain text (templates escape them again)
and keeps a small set of harmless tags in the content; images are taken out of it,
since the portal shows only its own copy of the first image (images.py).

One bad item never costs the member its other items, nor the build: an item whose date
lies outside 1970–2100 (a year 1 or 9999 date cannot even be shown in every time zone),
or whose fields cannot be read, is left out with its reason for the build's warning. Only
the newest `max_items` are kept, so a member with 46,000 items is not 2,300 pages.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import nh3

from branchpress.core.feeds.render import absolutize

from .feeds import UNREADABLE, Entry
from .members import Member, is_http_url

TITLE_LENGTH = 120
SUMMARY_LENGTH = 140
# Content longer than this is left out of the network feeds (the summary stands in).
CONTENT_LENGTH = 50_000
# Pictures, maps and embedded media would load from the member's host in a reader.
CONTENT_TAGS = nh3.ALLOWED_TAGS - {"img", "area", "map"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
# Dates a portal item may carry (the records' own dates end with 2100 too).
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PortalItem:
    """One item of a member's news, safe to show."""

    member: str  # the member's slug
    id: str  # the member's own id for it
    url: str  # the item on the member's own site: http(s)
    title: str  # plain text
    summary: str  # plain text
    content_html: str  # sanitised, links absolute, no images; "" when too long
    published: datetime
    updated: datetime
    image: str | None  # where its first image is, to be copied (never linked)

    @property
    def key(self) -> str:
        """Short, stable and unique within the network: the anchor of the network feeds' ids."""
        return hashlib.sha256(f"{self.member}\n{self.id}".encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat()
        data["updated"] = self.updated.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> PortalItem:
        return cls(
            **{
                **data,
                "published": datetime.fromisoformat(data["published"]),
                "updated": datetime.fromisoformat(data["updated"]),
            }
        )


def plain_text(markup: str, limit: int) -> str:
    """Text of an HTML fragment, whitespace folded, cut at `limit` characters with an ellipsis."""
    text = _SPACES.sub(" ", html.unescape(nh3.clean(markup or "", tags=set()))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_html(markup: str, base_url: str) -> str:
    """Sanitised HTML with every link absolute; nothing in it loads from another host."""
    if not markup.strip():
        return ""
    return nh3.clean(
        absolutize(markup, base_url), tags=CONTENT_TAGS, url_schemes=URL_SCHEMES, link_rel=LINK_REL
    ).strip()


def is_shown_date(moment: datetime) -> bool:
    """A date the portal can show and sort in any time zone: from 1970 to 2100."""
    return EARLIEST <= moment <= LATEST


@dataclass
class Kept:
    """What a member's feed gives the portal."""

    items: list[PortalItem] = field(default_factory=list)  # newest first, at most max_items
    undated: int = 0  # entries without a date
    rejected: list[str] = field(default_factory=list)  # why each unusable entry was left out
    beyond_cap: int = 0  # older items left out by the cap


def safe_items(member: Member, entries: Iterable[Entry], max_items: int = 200) -> Kept:
    """The member's entries as safe items: the first of each id, the newest `max_items`."""
    kept = Kept()
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if entry.problem:
            kept.rejected.append(f"第 {position} 条{entry.problem}")
            continue
        published = entry.published or entry.updated
        if published is None:
            kept.undated += 1
            continue
        if not is_shown_date(published):
            kept.rejected.append(f"第 {position} 条的日期 {published.isoformat()} 不在 1970 至 2100 年之间")
            continue
        try:
            item = _safe_item(member, entry, published)
        except (ValueError, TypeError, OverflowError):  # a link lxml or urllib cannot parse
            kept.rejected.append(f"第 {position} 条{UNREADABLE}")
            continue
        if item.id not in seen:
            seen.add(item.id)
            kept.items.append(item)
    kept.items, kept.beyond_cap = newest(kept.items, max_items)
    return kept


def newest(items: Iterable[PortalItem], limit: int) -> tuple[list[PortalItem], int]:
    """The newest `limit` items, newest first (the feed's order among equal dates), and how
    many older ones were left out."""
    ordered = sorted(items, key=lambda item: item.published, reverse=True)
    return ordered[:limit], max(0, len(ordered) - limit)


def _safe_item(member: Member, entry: Entry, published: datetime) -> PortalItem:
    link = entry.link if is_http_url(entry.link) else member.site
    content = safe_html(entry.content or entry.summary, link)
    summary = plain_text(entry.summary or entry.content, SUMMARY_LENGTH)
    title = plain_text(entry.title, TITLE_LENGTH) or plain_text(summary, 30) or "（无标题）"
    updated = entry.updated if entry.updated and is_shown_date(entry.updated) else published
    return PortalItem(
        member=member.slug,
        id=entry.id.strip() or link,
        url=link,
        title=title,
        summary=summary,
        content_html=content if len(content) <= CONTENT_LENGTH else "",
        published=published,
        updated=max(updated, published),
        image=entry.image if entry.image and is_http_url(entry.image) else None,
    )
