"""`mkdocs serve` shows drafts, scheduled and internal records with a banner (the build hides them)."""

from __future__ import annotations

import os
import subprocess

import yaml
from bs4 import BeautifulSoup
from helpers.serve import free_port, wait_for_page
from helpers.sites import MKDOCS, SiteBuilder


def test_serve_shows_unpublished_records_with_banner(site: SiteBuilder):
    site.record("2025/2025-03-05-published.md", "title: 已发布\ndate: 2025-03-05\ntype: news")
    site.record("2025/2025-11-20-draft.md", "title: 草稿记录\ndate: 2025-11-20\ntype: news\ndraft: true")
    site.record("2026/2026-01-10-later.md", "title: 定时记录\ndate: 2026-01-10\ntype: news")
    site.record(
        "2025/2025-10-09-committee.md",
        "title: 十月支委会\ndate: 2025-10-09\ntype: meeting\nmeeting: 支委会\ninternal: true",
    )
    port = free_port()
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=site.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/branch/"
        # The first page waits for the first build; the others are then served at once.
        draft, later, internal, news, news2 = (
            BeautifulSoup(wait_for_page(base + path, what="mkdocs serve", timeout=60), "lxml")
            for path in (
                "activities/2025/11/draft/",
                "activities/2026/01/later/",
                "activities/2025/10/committee/",
                "news/",
                "news/page/2/",
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert draft.select_one(".bp-banner").get_text().startswith("草稿")
    assert later.select_one(".bp-banner").get_text().startswith("定时发布")
    assert internal.select_one(".bp-banner").get_text().startswith("内部记录，不会发布")
    flags = [f.get_text() for page in (news, news2) for f in page.select(".bp-flag")]
    assert sorted(flags) == ["内部记录", "定时发布", "草稿"]
