"""What the card of each page says: records from the store, listings from their definitions.

Listings are described by the core (`build_listings`), so their cards need nothing
from branchpress/pages; every page of a paginated listing shares page 1's card.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from branchpress.core.records.model import Record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import RecordStore
from branchpress.core.site.listings import IndexPage, ListingPage, build_listings
from branchpress.core.text import format_date, format_number

from .cards import MIME_TYPE as CARD_MIME_TYPE
from .cards import CardText
from .poster import PosterText

_PAGE_N = re.compile(r"page/\d+/$")
LISTING_LABELS = {"news": "栏目", "type": "活动分类", "tag": "标签", "year": "归档"}


def record_card(record: Record) -> CardText:
    return CardText(record.type_label, record.title, format_date(record.date))


def record_poster(record: Record, url: str, cover: str) -> PosterText:
    """The poster of a record: its public view, the page's address for the QR code, and the
    identity of the cover rendition (`""` without one)."""
    return PosterText(
        label=record.type_label,
        title=record.title,
        date=format_date(record.date),
        summary=record.summary,
        url=url,
        cover=cover,
    )


class PageSubjects:
    def __init__(
        self, store: RecordStore, settings: SiteSettings, site_name: str, site_url: str, culture_dir: str
    ) -> None:
        self._store = store
        self._site_name = site_name
        self._host = urlsplit(site_url).hostname or ""
        self._culture = culture_dir.strip("/") + "/"
        # One page per list is enough here: only titles and totals are read.
        size = max(1, len(store))
        self._lists = {view.url: view for view in build_listings(store, settings, size)}

    def card(self, src_uri: str, title: str, is_homepage: bool) -> CardText:
        """The card of a page that is not a record, from its source path and title."""
        folder = src_uri.removesuffix("index.md")
        view = self._lists.get(_PAGE_N.sub("", folder))
        if isinstance(view, ListingPage):
            title = view.key if view.kind == "tag" else view.title
            return CardText(LISTING_LABELS[view.kind], title, f"共 {format_number(view.total)} 篇活动记录")
        if isinstance(view, IndexPage):
            count = len(self._store.by_tag) if view.kind == "tags" else len(self._store)
            unit = "个标签" if view.kind == "tags" else "篇活动记录"
            return CardText("栏目", view.title, f"共 {format_number(count)} {unit}")
        if is_homepage:
            return CardText("官方网站", self._site_name, self._host)
        if src_uri == self._culture + "index.md":
            return CardText("栏目", title)
        if src_uri.startswith(self._culture):
            return CardText("支部文化", title)
        return CardText("栏目", title)


def share_tags(
    *, site_name: str, page_url: str, image_url: str, card: CardText, title: str, description: str, record
) -> dict:
    """What the Open Graph and Twitter tags of a page say (templates/…/share-meta.html)."""
    return {
        "type": "article" if record is not None else "website",
        "site_name": site_name,
        "title": title,
        "description": description,
        "url": page_url,
        "image": image_url,
        "image_type": CARD_MIME_TYPE,
        "image_alt": f"{card.label}：{card.title}" if card.label else card.title,
        "published": record.date.isoformat() if record is not None else "",
        "modified": record.updated.isoformat() if record is not None and record.updated else "",
    }
