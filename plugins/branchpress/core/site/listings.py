"""Listing pages built from the store: news, types, tags and years, paginated.

A listing is described here as plain data (title, URL, the page's records);
the pages plugin turns each into a generated page rendered by the theme.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import RecordStore

from . import urls


@dataclass(frozen=True)
class ListingPage:
    """One page of a paginated list of records."""

    kind: str  # news | type | tag | year
    key: str  # the type key, tag or year; "" for news
    title: str
    base_url: str  # URL of page 1, e.g. news/
    number: int
    count: int  # number of pages
    total: int  # number of records in the whole list
    records: tuple[Record, ...]

    @property
    def url(self) -> str:
        return self.page_url(self.number)

    @property
    def page_title(self) -> str:
        return self.title if self.number == 1 else f"{self.title}（第 {self.number} 页）"

    def page_url(self, number: int) -> str:
        return urls.page(self.base_url, number)

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.number + 1) if self.number < self.count else None


@dataclass(frozen=True)
class IndexPage:
    """A page that lists groups rather than records: all tags, all years."""

    kind: str  # tags | archive
    title: str
    url: str


def paginate(
    kind: str, key: str, title: str, base_url: str, records: tuple[Record, ...], size: int
) -> list[ListingPage]:
    """Split a list into pages of `size`; an empty list still gets one (empty) page."""
    count = max(1, math.ceil(len(records) / size))
    return [
        ListingPage(
            kind=kind,
            key=key,
            title=title,
            base_url=base_url,
            number=number,
            count=count,
            total=len(records),
            records=records[(number - 1) * size : number * size],
        )
        for number in range(1, count + 1)
    ]


def type_url(type_key: str) -> str:
    return urls.activity_type(type_key)


def tag_url(store: RecordStore, tag: str) -> str:
    return urls.tag(store.tag_slugs[tag])


def year_url(year: int) -> str:
    return urls.year(year)


def build_listings(store: RecordStore, settings: SiteSettings, size: int) -> list[ListingPage | IndexPage]:
    """Every listing page of the site, in a stable order."""
    pages: list[ListingPage | IndexPage] = []
    pages += paginate("news", "", "新闻动态", urls.NEWS, store.records, size)
    for key, label in settings.types.items():
        pages += paginate("type", key, label, type_url(key), store.by_type.get(key, ()), size)
    pages.append(IndexPage("tags", "标签", urls.TAGS))
    for tag, records in store.by_tag.items():
        pages += paginate("tag", tag, f"标签：{tag}", tag_url(store, tag), records, size)
    pages.append(IndexPage("archive", "归档", urls.ARCHIVE))
    for year in store.years:
        pages += paginate("year", str(year), f"{year} 年", year_url(year), store.by_year[year], size)
    return pages
