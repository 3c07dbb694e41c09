"""Member content made safe to publish: plain-text titles and summaries, sanitised HTML.

A member's feed is untrusted: a compromised or careless site could carry `<script>`,
`onerror=` or `javascript:` links, and images from anywhere. nh3 (the Rust ammonia
sanitiser) turns titles and summaries into plain text (templates escape them again)
and keeps a small set of harmless tags in the content; images are taken out of it,
since the portal shows only its own copy of the first image (images.py).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

import nh3

from branchpress.core.feeds.render import absolutize

from .feeds import Entry
from .members import Member, is_http_url

TITLE_LENGTH = 120
SUMMARY_LENGTH = 140
# Content longer than this is left out of the network feeds (the summary stands in).
CONTENT_LENGTH = 50_000
# Pictures, maps and embedded media would load from the member's host in a reader.
CONTENT_TAGS = nh3.ALLOWED_TAGS - {"img", "area", "map"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
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


def safe_items(member: Member, entries: Iterable[Entry]) -> tuple[list[PortalItem], int]:
    """The member's entries as safe items, its first of each id only; and how many had no date."""
    items: list[PortalItem] = []
    seen: set[str] = set()
    undated = 0
    for entry in entries:
        published = entry.published or entry.updated
        if published is None:
            undated += 1
            continue
        link = entry.link if is_http_url(entry.link) else member.site
        identity = entry.id.strip() or link
        if identity in seen:
            continue
        seen.add(identity)
        content = safe_html(entry.content or entry.summary, link)
        summary = plain_text(entry.summary or entry.content, SUMMARY_LENGTH)
        title = plain_text(entry.title, TITLE_LENGTH) or plain_text(summary, 30) or "（无标题）"
        image = entry.image if entry.image and is_http_url(entry.image) else None
        items.append(
            PortalItem(
                member=member.slug,
                id=identity,
                url=link,
                title=title,
                summary=summary,
                content_html=content if len(content) <= CONTENT_LENGTH else "",
                published=published,
                updated=max(entry.updated or published, published),
                image=image,
            )
        )
    return items, undated
