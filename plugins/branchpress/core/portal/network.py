"""The portal's pages and feeds as plain data: branches, the combined news, the home page.

Items dated after the build's clock are held back until their date, as scheduled records
are (a member's clock or a careless date must not pin an item to the top). Everything is
ordered by date, then member and id, so the same cache builds the same pages and feeds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup, escape

from branchpress.core.feeds.publish import enclosure
from branchpress.core.feeds.render import Feed, FeedItem
from branchpress.core.imaging.photos import ProcessedPhoto
from branchpress.core.imaging.views import PhotoView
from branchpress.core.site import urls
from branchpress.core.site.chart import Bar, bar_chart
from branchpress.core.site.listings import ListingPage, paginate

from .items import PortalItem
from .members import Member

RECENT_MONTHS = 12
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}


@dataclass(frozen=True)
class Branch:
    member: Member
    items: tuple[PortalItem, ...]  # shown, newest first
    recent: int  # items in the last 12 months
    tone: int  # one of the eight colour tones, for covers without an image

    @property
    def url(self) -> str:
        return urls.branch(self.member.slug)

    @property
    def name(self) -> str:
        return self.member.name

    @property
    def latest(self) -> PortalItem | None:
        return self.items[0] if self.items else None


@dataclass(frozen=True)
class PortalHome:
    year: int
    year_total: int  # items this year, across members
    year_items: tuple[PortalItem, ...]  # the newest of them
    active: tuple[Branch, ...]  # the most active branches in the last 12 months
    reporting: int  # branches with an item in the last 12 months
    chart: Markup
    months: tuple[tuple[str, int], ...]  # (2026年3月, items) for the table beside the chart


class Network:
    """The branches and their items as this build shows them; `portal` in templates."""

    def __init__(
        self,
        members: Sequence[Member],
        items: Mapping[str, Sequence[PortalItem]],
        photos: Mapping[str, ProcessedPhoto],
        now: datetime,
        timezone: tzinfo,
    ) -> None:
        self.now = now.astimezone(timezone)
        self._photos = photos
        since = _months_before(self.now, RECENT_MONTHS)
        branches = []
        for index, member in enumerate(members):
            shown = [
                _local(item, timezone) for item in items.get(member.slug, ()) if item.published <= self.now
            ]
            shown.sort(key=_newest_first)
            recent = sum(1 for item in shown if item.published >= since)
            # Neighbours far apart on the palette: its first two tones are both reds.
            branches.append(Branch(member, tuple(shown), recent, index * 3 % 8))
        self.branches = tuple(branches)
        self.by_slug = {branch.member.slug: branch for branch in self.branches}
        self.items = tuple(sorted((i for b in self.branches for i in b.items), key=_newest_first))

    def branch_of(self, item: PortalItem) -> Branch:
        return self.by_slug[item.member]

    def photo(self, item: PortalItem) -> PhotoView | None:
        """The portal's copy of the item's first image, for templates."""
        photo = self._photos.get(item.image) if item.image else None
        return PhotoView(photo) if photo is not None else None

    def pages(self, size: int) -> list[ListingPage]:
        """/network/, /network/page/2/, ...: listing pages whose `records` are members' items."""
        return paginate("network", "", "行业动态", urls.NETWORK, self.items, size)

    def home(self, latest: int, active: int) -> PortalHome:
        year = self.now.year
        this_year = [item for item in self.items if item.published.year == year]
        busy = sorted((b for b in self.branches if b.recent), key=lambda b: (-b.recent, b.member.slug))
        months = self._months()
        return PortalHome(
            year=year,
            year_total=len(this_year),
            year_items=tuple(this_year[:latest]),
            active=tuple(busy[:active]),
            reporting=len(busy),
            chart=self._chart(months),
            months=tuple((f"{y}年{m}月", n) for (y, m), n in months),
        )

    def _months(self) -> list[tuple[tuple[int, int], int]]:
        """(year, month) -> items, for the last 12 months up to this one, oldest first."""
        counts = Counter((item.published.year, item.published.month) for item in self.items)
        year, month = self.now.year, self.now.month
        keys = []
        for _ in range(RECENT_MONTHS):
            keys.append((year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return [(key, counts.get(key, 0)) for key in reversed(keys)]

    def _chart(self, months: list[tuple[tuple[int, int], int]]) -> Markup:
        bars = [
            Bar(f"{m}月", n, f"{y}年{m}月", note=str(y) if m == 1 or index == 0 else "")
            for index, ((y, m), n) in enumerate(months)
        ]
        total = sum(n for _, n in months)
        description = (
            f"柱状图：{bars[0].caption}至{bars[-1].caption}各成员支部每月发布的动态条数，共 {total} 条。"
            "数据见图下的表格。"
        )
        svg = bar_chart(
            bars, chart_id="bp-chart-network", title="近 12 个月行业动态", description=description, unit="条"
        )
        return Markup(svg)

    def feed(
        self,
        *,
        site_url: str,
        title: str,
        description: str,
        limit: int,
        stylesheet_url: str | None,
        image_file: Callable[[PortalItem], tuple[str, Path] | None],
    ) -> Feed:
        """The network feed: each item credits its branch; ids are stable per member and item."""
        home = urljoin(site_url, urls.NETWORK)
        items = []
        for item in self.items[:limit]:
            branch = self.branch_of(item)
            published = image_file(item)
            attached = enclosure(site_url, published)
            items.append(
                FeedItem(
                    id=f"{urljoin(site_url, branch.url)}#{item.key}",
                    url=item.url,
                    title=item.title,
                    summary=item.summary,
                    content_html=_feed_content(item, branch, site_url, attached.url if attached else None),
                    published=item.published,
                    updated=item.updated,
                    categories=(branch.name,),
                    enclosure=attached,
                    author=branch.name,
                )
            )
        newest = self.items[0].updated if self.items else datetime(2000, 1, 1, tzinfo=self.now.tzinfo)
        return Feed(
            title=title,
            description=description,
            home_url=home,
            rss_url=urljoin(home, FEED_FILES["rss"]),
            atom_url=urljoin(home, FEED_FILES["atom"]),
            json_url=urljoin(home, FEED_FILES["json"]),
            author=title,
            language="zh-CN",
            logo_url=None,
            items=tuple(items),
            fallback_updated=newest,
            stylesheet_url=stylesheet_url,
        )


def _feed_content(item: PortalItem, branch: Branch, site_url: str, image_url: str | None) -> str:
    """The item's sanitised content (or summary), its copied image, and whose it is."""
    parts = []
    if image_url:
        parts.append(f'<p><img src="{escape(image_url)}" alt=""></p>')
    parts.append(item.content_html or f"<p>{escape(item.summary)}</p>")
    branch_page = urljoin(site_url, branch.url)
    parts.append(
        f'<p>来源：<a href="{escape(branch_page)}">{escape(branch.name)}</a> · '
        f'<a href="{escape(item.url)}">阅读原文</a></p>'
    )
    return "\n".join(parts)


def _local(item: PortalItem, timezone: tzinfo) -> PortalItem:
    return replace(
        item, published=item.published.astimezone(timezone), updated=item.updated.astimezone(timezone)
    )


def _newest_first(item: PortalItem) -> tuple:
    return (-item.published.timestamp(), item.member, item.id)


def _months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` months earlier (the 1st when that month is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    try:
        return moment.replace(year=year, month=month + 1)
    except ValueError:
        return moment.replace(year=year, month=month + 1, day=1)
