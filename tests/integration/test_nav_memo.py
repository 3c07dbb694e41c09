"""The navigation and tabs rendered once for the pages outside the navigation (nav_memo.py) are,
on every page, what Material renders for that page itself: a site built with the memo and one
built without it (the theme's overrides of partials/nav.html and tabs.html left out) write the
same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.sites import THEME_DIR, SiteBuilder

pytestmark = pytest.mark.slow


def _site(root: Path, theme: str) -> SiteBuilder:
    site = SiteBuilder(root)
    site.config["theme"]["custom_dir"] = theme
    site.config["theme"]["features"] = ["navigation.tabs"]
    site.config["nav"] = [
        {"首页": "index.md"},
        {"支部": ["about/index.md", "about/rules.md"]},
        # A page of the navigation inside the folder of a page outside it (notes/).
        {"说明": "notes/how/index.md"},
    ]
    site.write("about/index.md", "# 支部简介\n\n简介。\n")
    site.write("about/rules.md", "# 制度\n\n制度。\n")
    site.write("notes/index.md", "# 笔记\n\n不在导航里的页面。\n")
    site.write("notes/how/index.md", "# 怎样投稿\n\n投稿。\n")
    site.write("notes/other.md", "# 另一篇笔记\n\n也不在导航里。\n")
    # Two records in one month's folder, one in another month, one in another year.
    for relative, day in [
        ("2025/2025-03-05-a.md", "2025-03-05"),
        ("2025/2025-03-20-b.md", "2025-03-20"),
        ("2025/2025-04-05-c.md", "2025-04-05"),
        ("2024/2024-11-01-d.md", "2024-11-01"),
    ]:
        site.record(relative, f"title: 活动{day}\ndate: {day}\ntype: news")
    return site


def test_every_page_has_the_navigation_material_renders_for_it(tmp_path) -> None:
    plain_theme = tmp_path / "plain-theme"
    shutil.copytree(THEME_DIR, plain_theme)
    (plain_theme / "partials/nav.html").unlink()
    (plain_theme / "partials/tabs.html").unlink()
    with_memo = _site(tmp_path / "memo", THEME_DIR).build("--strict")
    without = _site(tmp_path / "plain", str(plain_theme)).build("--strict")
    assert with_memo.returncode == 0, with_memo.output
    assert without.returncode == 0, without.output
    pages = sorted(path.relative_to(without.site) for path in without.site.rglob("*.html"))
    assert len(pages) > 10
    assert sorted(path.relative_to(with_memo.site) for path in with_memo.site.rglob("*.html")) == pages
    for page in pages:
        expected = (without.site / page).read_text(encoding="utf-8")
        assert (with_memo.site / page).read_text(encoding="utf-8") == expected, f"{page} differs"
    # The navigation is there on a record's page, its links leading where they should.
    record_page = sorted(with_memo.site.glob("activities/2025/03/*/index.html"))[0]
    record = with_memo.html(str(record_page.relative_to(with_memo.site)))
    links = {a["href"] for a in record.select("nav.md-nav--primary a.md-nav__link")}
    assert "../../../../notes/how/" in links, sorted(links)
