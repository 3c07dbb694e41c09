"""The record store: loading a folder, ordering, indexes, URLs and collisions."""

from __future__ import annotations

from pathlib import Path

from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import load_records
from branchpress.core.site.listings import build_listings
from helpers.records import NOW, write


def make_site(root: Path) -> None:
    write(
        root,
        "2025/2025-03-05-a.md",
        "title: A\ndate: 2025-03-05\ntype: volunteer\ntags: [志愿者]\n"
        "volunteers: [张三, 张 三, {name: 李四, hours: 3}]\nhours: 2",
    )
    write(root, "2025/2025-03-20-a.md", "title: A2\ndate: 2025-03-20\ntype: meeting\nmeeting: 党课\nslug: a")
    write(
        root,
        "2024/2024-07-01-b.md",
        "title: B\ndate: 2024-07-01\ntype: honor\nfeatured: true\ntags: [志愿者, 荣誉]",
    )
    write(root, "2025/2025-11-10-draft.md", "title: D\ndate: 2025-11-10\ntype: news\ndraft: true")
    write(root, "2026/2026-01-01-later.md", "title: L\ndate: 2026-01-01\ntype: news")


def test_store_orders_indexes_and_hides_unpublished(tmp_path):
    make_site(tmp_path)
    result = load_records(tmp_path, SiteSettings(now=NOW))
    store = result.store
    assert [r.title for r in store] == ["A2", "A", "B"]
    assert len(result.all_records) == 5
    assert set(store.by_type) == {"volunteer", "meeting", "honor"}
    assert [r.title for r in store.by_tag["志愿者"]] == ["A", "B"]
    assert store.years == (2025, 2024)
    assert store.older(store.by_source["activities/2025/2025-03-20-a.md"]).title == "A"
    assert store.newer(store.records[0]) is None
    assert store.tag_slugs["荣誉"] == "rong-yu"


def test_slug_collision_is_resolved_by_date_and_reported(tmp_path):
    make_site(tmp_path)
    result = load_records(tmp_path, SiteSettings(now=NOW))
    urls = {r.title: r.url for r in result.store}
    assert urls["A"] == "activities/2025/03/a/"
    assert urls["A2"] == "activities/2025/03/a-2/"
    assert [p.field for p in result.warnings] == ["slug"]
    assert result.errors == ()


def test_preview_includes_drafts_and_scheduled(tmp_path):
    make_site(tmp_path)
    store = load_records(tmp_path, SiteSettings(now=NOW, include_unpublished=True)).store
    assert {r.title for r in store} == {"A", "A2", "B", "D", "L"}


def test_listings_paginate(tmp_path):
    make_site(tmp_path)
    settings = SiteSettings(now=NOW)
    store = load_records(tmp_path, settings).store
    pages = build_listings(store, settings, size=2)
    news = [p for p in pages if getattr(p, "kind", "") == "news"]
    assert [p.url for p in news] == ["news/", "news/page/2/"]
    assert [len(p.records) for p in news] == [2, 1]
    assert news[1].previous_url == "news/" and news[0].next_url == "news/page/2/"
    urls = {p.url for p in pages}
    assert {"activities/meeting/", "activities/theme_day/", "tags/", "archive/", "archive/2024/"} <= urls
    assert "tags/zhi-yuan-zhe/" in urls
