"""From a feed plan to the files subscribers fetch: channel defaults, items, links, rendering.

The channel's defaults (author and description from the site, the logo from the
favicon) are decided here, so the plugin only passes the site's options in.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from branchpress.core.records.model import Record

from .render import Enclosure, Feed, FeedPlan, feed_item, render_atom, render_json, render_rss

LANGUAGE = "zh-CN"


@dataclass(frozen=True)
class FeedLink:
    """One feed as pages advertise it: in <head> and on the subscribe page."""

    title: str
    kind: str  # RSS, Atom, JSON Feed
    mime_type: str
    href: str


@dataclass(frozen=True)
class Channel:
    """What every feed of the site shares."""

    site_url: str
    author: str
    description: str
    logo_url: str | None
    stylesheet_url: str | None
    # For a feed with no items: the site's newest date, never "now" (builds stay identical).
    fallback_updated: datetime
    image_url: str | None = None  # RSS allows GIF, JPEG or PNG only: a PNG of the logo

    @classmethod
    def with_defaults(
        cls,
        *,
        site_url: str,
        site_name: str,
        site_description: str | None,
        author: str | None,
        description: str | None,
        logo: str | None,
        stylesheet: str | None,
        timezone: tzinfo,
        image: str | None = None,
        published: Sequence[Record],
    ) -> Channel:
        """Records are the branch's, not a person's: the author is the site unless set."""
        newest = next((r for r in published if r.is_published), None)
        return cls(
            site_url=site_url,
            author=author or site_name,
            description=description or site_description or "",
            logo_url=urljoin(site_url, logo) if logo else None,
            stylesheet_url=urlsplit(site_url).path + stylesheet if stylesheet else None,
            fallback_updated=newest.last_modified if newest else datetime(2000, 1, 1, tzinfo=timezone),
            image_url=urljoin(site_url, image) if image else None,
        )


def plan_links(plan: FeedPlan, site_url: str) -> list[FeedLink]:
    links = [
        FeedLink(plan.title, "RSS", "application/rss+xml", urljoin(site_url, plan.rss_path)),
        FeedLink(plan.title, "Atom", "application/atom+xml", urljoin(site_url, plan.atom_path)),
    ]
    if plan.json_path:
        links.append(
            FeedLink(plan.title, "JSON Feed", "application/feed+json", urljoin(site_url, plan.json_path))
        )
    return links


def enclosure(site_url: str, published: tuple[str, Path] | None) -> Enclosure | None:
    """(site path, file on disk) of a cover as an enclosure, with its real size and type."""
    if published is None:
        return None
    site_path, path = published
    mime_type = mimetypes.guess_type(path.name)[0]
    if mime_type is None or not path.is_file():
        return None
    return Enclosure(urljoin(site_url, site_path), path.stat().st_size, mime_type)


def build_feed(
    plan: FeedPlan,
    channel: Channel,
    contents: Mapping[str, str],
    cover_of: Callable[[Record], tuple[str, Path] | None],
) -> Feed:
    """One feed of rendered record contents (by source); covers as enclosures."""
    items = tuple(
        feed_item(r, channel.site_url, contents.get(r.source, ""), enclosure(channel.site_url, cover_of(r)))
        for r in plan.records
    )
    return Feed(
        title=plan.title,
        description=channel.description or plan.title,
        home_url=urljoin(channel.site_url, plan.home_path),
        rss_url=urljoin(channel.site_url, plan.rss_path),
        atom_url=urljoin(channel.site_url, plan.atom_path),
        json_url=urljoin(channel.site_url, plan.json_path) if plan.json_path else None,
        author=channel.author,
        language=LANGUAGE,
        logo_url=channel.logo_url,
        items=items,
        fallback_updated=channel.fallback_updated,
        stylesheet_url=channel.stylesheet_url,
        image_url=channel.image_url,
    )


def render(plan: FeedPlan, feed: Feed) -> list[tuple[str, bytes]]:
    """(site path, bytes) of each file of one feed."""
    files = [(plan.rss_path, render_rss(feed)), (plan.atom_path, render_atom(feed))]
    if plan.json_path:
        files.append((plan.json_path, render_json(feed)))
    return files
