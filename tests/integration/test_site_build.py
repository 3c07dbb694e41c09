"""Integration: build a fixture site with `mkdocs build` and read the pages it wrote."""

from __future__ import annotations

import re

import pytest
from helpers.sites import SiteBuilder


def populate(site: SiteBuilder) -> None:
    site.record(
        "2025/2025-03-05-lei-feng.md",
        """
        title: 学雷锋志愿服务进社区
        date: 2025-03-05 09:30
        type: volunteer
        summary: 党员志愿者走进春晖社区。
        location: 东湖区春晖社区
        volunteers: [张三, {name: 李四, hours: 4}]
        hours: 2
        beneficiaries: 40
        tags: [志愿者, 社区服务]
        featured: true
        """,
        "第一段文字，介绍活动。\n\n## 活动过程\n\n"
        + "字" * 900
        + "\n\n见[党课](2025-04-10-party-lesson.md)。",
    )
    site.record(
        "2025/2025-04-10-party-lesson.md",
        "title: 支部书记讲党课\ndate: 2025-04-10\ntype: 三会一课\nmeeting: 党课\nparticipants: 30\ntags: [党课]",
    )
    site.record(
        "2025/2025-06-18-党员进企业.md",
        "title: 党员进企业\ndate: 2025-06-18\ntype: industry\nparticipants: 12",
    )
    site.record(
        "2024/2024-07-01-anniversary.md",
        "title: 建党纪念日\ndate: 2024-07-01\ntype: theme_day\nparticipants: 25",
    )
    site.record(
        "2024/2024-12-01-award.md",
        "title: 荣获先进\ndate: 2024-12-01\ntype: honor\nmilestone: true\nfeatured: true",
    )
    site.write("culture/story.md", "---\ntitle: 品牌故事\nsummary: 品牌的由来\norder: 2\n---\n\n故事。\n")
    site.write("culture/values.md", "---\ntitle: 支部理念\nsummary: 我们的理念\norder: 1\n---\n\n理念。\n")


@pytest.fixture
def built(site: SiteBuilder):
    populate(site)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return result


def test_record_page_shows_every_part(built):
    page = built.html("activities/2025/03/lei-feng/")
    article = page.select_one("article.bp-record")
    assert article.h1.get_text(strip=True) == "学雷锋志愿服务进社区"
    assert page.title.get_text() == "学雷锋志愿服务进社区 - 测试支部"
    meta = article.select_one(".bp-meta").get_text(" ", strip=True)
    assert "2025年3月5日 09:30" in meta
    assert "阅读约 3 分钟" in meta  # about 920 Chinese characters at 400 a minute
    badge = article.select_one("a.bp-badge")
    assert badge.get_text(strip=True) == "志愿服务"
    assert (built.site / "activities/2025/03/lei-feng" / badge["href"] / "index.html").resolve().is_file()
    assert badge["href"].endswith("volunteer/")
    facts = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(article.select("dt"), article.select("dd"), strict=True)
    }
    assert facts == {"地点": "东湖区春晖社区", "志愿者": "2 人 · 共 6 小时", "服务人数": "40 人"}
    assert article.select_one(".bp-record__lead").get_text(strip=True) == "党员志愿者走进春晖社区。"
    assert article.select_one(".bp-record__body h2").get_text(strip=True) == "活动过程"
    assert [a.get_text(strip=True) for a in article.select(".bp-tags a")] == ["#志愿者", "#社区服务"]
    # A link to another record's file is rewritten to that record's public URL.
    link = article.select_one(".bp-record__body a[href*='party-lesson']")
    assert link["href"] == "../../04/party-lesson/"
    older = article.select_one("a[rel=prev]")
    newer = article.select_one("a[rel=next]")
    assert "荣获先进" in older.get_text() and "支部书记讲党课" in newer.get_text()
    assert page.select_one('meta[name="description"]')["content"] == "党员志愿者走进春晖社区。"


def test_record_urls_follow_the_design(built):
    assert built.exists("activities/2025/06/dang-yuan-jin-qi-ye/")  # Chinese file name -> pinyin
    assert built.exists("activities/2024/12/award/")
    assert not (built.site / "activities/2025/2025-03-05-lei-feng").exists()


def listing_titles(page) -> list[str]:
    return [h.get_text(strip=True) for h in page.select(".bp-card__title")]


def test_news_is_paginated_newest_first(built):
    first = built.html("news/")
    second = built.html("news/page/2/")
    assert listing_titles(first) == ["党员进企业", "支部书记讲党课", "学雷锋志愿服务进社区"]
    assert listing_titles(second) == ["荣获先进", "建党纪念日"]
    assert "共 5 篇 · 第 1 / 2 页" in first.select_one(".bp-listing__count").get_text()
    assert first.select_one("a[rel=next]")["href"] == "page/2/"
    assert second.select_one("a[rel=prev]")["href"] == "../../"
    assert not built.exists("news/page/3/")
    card = first.select(".bp-card")[2]
    assert card.select_one("time").get_text() == "2025年3月5日"
    assert card.select_one(".bp-card__summary").get_text(strip=True) == "党员志愿者走进春晖社区。"
    assert card.select_one(".bp-card__cover")  # the cover slot


def test_type_tag_and_year_listings(built):
    assert listing_titles(built.html("activities/meeting/")) == ["支部书记讲党课"]
    assert listing_titles(built.html("activities/welfare/")) == []
    assert "这里还没有记录" in built.html("activities/welfare/").get_text()
    tags = built.html("tags/")
    assert {a.get_text(" ", strip=True) for a in tags.select(".bp-tagcloud a")} == {
        "#志愿者 1",
        "#社区服务 1",
        "#党课 1",
    }
    assert listing_titles(built.html("tags/dang-ke/")) == ["支部书记讲党课"]
    archive = built.html("archive/")
    years = [h.get_text(" ", strip=True) for h in archive.select(".bp-year h2")]
    assert years == ["2025 年 3 篇", "2024 年 2 篇"]
    assert listing_titles(built.html("archive/2024/")) == ["荣获先进", "建党纪念日"]


def test_home_page_sections(built):
    home = built.html("")
    figures = [li.get_text(" ", strip=True) for li in home.select(".bp-figures li")]
    # The pinned clock is in 2025: three records, 30 + 12 participants, 6 volunteer hours, 40 served.
    assert figures == [
        "3 开展活动（场）",
        "42 参与党员群众（人次）",
        "6 志愿服务（小时）",
        "40 服务群众（人）",
    ]
    featured = home.select_one("#bp-featured-title").find_parent("section")
    assert listing_titles(featured) == ["学雷锋志愿服务进社区", "荣获先进"]
    tiles = [t.strong.get_text() for t in home.select(".bp-tile--type")]
    assert tiles == [
        "三会一课",
        "主题党日",
        "学习教育",
        "志愿服务",
        "公益行动",
        "行业服务",
        "荣誉表彰",
        "支部动态",
    ]
    assert "欢迎访问测试支部" in home.select_one(".bp-hero").get_text()


def test_navigation_is_generated_listings_only(built):
    page = built.html("news/")
    nav = page.select_one("nav.md-nav--primary")
    top = [
        li.find(["a", "label"], class_="md-nav__link").get_text(" ", strip=True)
        for li in nav.select(":scope > ul > li")
    ]
    assert top == ["首页", "新闻动态", "活动分类", "支部文化", "归档"]
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert not any(re.search(r"activities/\d{4}/", h) for h in hrefs), hrefs
    culture = [a.get_text(strip=True) for a in nav.select("a[href*='culture/']")]
    assert culture.index("支部理念") < culture.index("品牌故事")  # `order` decides


def test_sitemap_lists_records(built):
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/branch/activities/2025/03/lei-feng/" in sitemap


def test_theme_override_wins(site: SiteBuilder):
    populate(site)
    override = site.root / "theme" / "branchpress" / "record.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "main.html" %}{% block content %}<p id="own">{{ record.title }}</p>{% endblock %}'
    )
    site.config["theme"]["custom_dir"] = "theme"
    result = site.build()
    assert result.returncode == 0, result.output
    assert result.html("activities/2025/04/party-lesson/").select_one("#own").get_text() == "支部书记讲党课"


def test_generated_page_conflict_is_an_error(site: SiteBuilder):
    populate(site)
    site.write("news/index.md", "# 我的新闻\n")
    result = site.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    assert "news/index.md" in result.output and "同名" in result.output


def test_markup_in_a_title_is_escaped_everywhere(site: SiteBuilder):
    site.record(
        "2025/2025-05-01-xss.md",
        """
        title: '<script>alert(1)</script> "引号" & 符号'
        date: 2025-05-01
        type: news
        tags: ['<b>标签</b>']
        """,
    )
    result = site.build()
    assert result.returncode == 0, result.output
    for path, text in result.all_text_files().items():
        if path.suffix == ".html":
            assert "<script>alert(1)" not in text, path
            assert "<b>标签</b>" not in text, path
    page = result.html("activities/2025/05/xss/")
    assert page.select_one("article h1").get_text() == '<script>alert(1)</script> "引号" & 符号'
    assert page.title.get_text().startswith('<script>alert(1)</script> "引号" & 符号')


def test_search_index_holds_records_not_listings(built):

    locations = {doc["location"].split("#")[0] for doc in built.search_entries}
    assert "activities/2025/03/lei-feng/" in locations
    assert not any(
        loc.startswith(("news/", "tags/", "archive/", "activities/volunteer/")) for loc in locations
    )
