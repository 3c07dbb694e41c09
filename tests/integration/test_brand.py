"""Brand config, palette contrast, footer filings, culture pages, self-hosting and Chinese search."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from branchpress.core.brand.colour import AA, Palette, contrast, parse
from helpers.sites import SiteBuilder, assert_clean_failure
from PIL import Image

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<circle cx="32" cy="32" r="30" fill="#c8102e"/><circle cx="32" cy="32" r="12" fill="#e6b422"/></svg>'
)


def with_brand(site: SiteBuilder, **options) -> SiteBuilder:
    site.write("assets/brand/logo.svg", LOGO)
    brand = {
        "name": "测试行业协会党支部",
        "slogan": "党建引领 · 服务行业",
        "logo": "assets/brand/logo.svg",
        "founded": "2016-07-01",
        "contact": {"address": "测试市高新区一号楼", "email": "dangjian@example.org.cn"},
        "icp": "京ICP备2026000001号-1",
        "police": "京公网安备11010502000001号",
    }
    brand.update(options)
    site.config["plugins"].insert(2, {"branchpress/brand": brand})
    return site


def populate(site: SiteBuilder) -> None:
    site.record(
        "2024/2024-07-01-first.md", "title: 第一个里程碑\ndate: 2024-07-01\ntype: theme_day\nmilestone: true"
    )
    site.record(
        "2025/2025-06-27-award.md", "title: 荣获五星级党组织\ndate: 2025-06-27\ntype: honor\nmilestone: true"
    )
    site.record(
        "2025/2025-08-01-draft.md",
        "title: 草稿里程碑\ndate: 2025-08-01\ntype: honor\nmilestone: true\ndraft: true",
    )
    site.record(
        "2025/2025-03-05-phone.md",
        "title: 手机课堂开课\ndate: 2025-03-05\ntype: volunteer",
        "老人们在春晖社区学会了用智能手机挂号。",
    )
    site.write("culture/story.md", "---\ntitle: 品牌故事\nsummary: 由来\n---\n\n故事。\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = with_brand(SiteBuilder(tmp_path_factory.mktemp("brand") / "src"))
    populate(site)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return result


def test_palette_meets_aa_for_every_pairing():
    for primary, accent in [
        ("#c8102e", "#e6b422"),
        ("#f4c430", "#0055aa"),
        ("#7fdbff", "#ffffff"),
        ("#777777", "#888"),
    ]:
        palette = Palette.from_brand(primary, accent)
        assert contrast(palette.on_primary, palette.primary) >= AA
        assert contrast(palette.link, "#ffffff") >= AA
        assert contrast(palette.link_hover, "#ffffff") >= AA
        assert contrast(palette.accent_on_primary, palette.primary) >= AA
        # 大字版's high-contrast scheme: white on the header, and links on white or the grey tint.
        assert contrast(palette.strong, "#ffffff") >= 7 and contrast(palette.strong, "#f0f0f0") >= 7
    assert Palette.from_brand("#f4c430", "#000").on_primary == "#1a1a1a"  # dark text on a light brand
    assert parse("C12") == "#cc1122"


def test_brand_colours_reach_the_one_branchpress_stylesheet_last(built):
    css = (built.site / "assets/branchpress/branchpress.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#c8102e;" in css and "--md-primary-bg-color:#ffffff;" in css
    # After every other part, so the brand's colours win.
    assert css.rindex("/* brand.css */") > css.rindex("/* pages.css */")
    assert not (built.site / "assets/branchpress/brand.css").exists()
    page = built.html("")
    links = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert [href for href in links if "branchpress" in href] == ["assets/branchpress/branchpress.css"]


def test_footer_carries_filings_contact_and_subscription(built):
    footer = built.html("news/").select_one(".bp-footer")
    icp = footer.find("a", string="京ICP备2026000001号-1")
    assert icp["href"] == "https://beian.miit.gov.cn/"
    police = footer.select_one(".bp-footer__police")
    assert police["href"] == "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"
    assert "京公网安备11010502000001号" in police.get_text()
    badge = police.img["src"]
    assert not badge.startswith("http") and (built.site / "news" / badge).resolve().is_file()
    text = footer.get_text(" ", strip=True)
    assert "测试市高新区一号楼" in text and "dangjian@example.org.cn" in text
    assert "© 2016–2025 测试行业协会党支部" in text
    assert footer.find("a", string="订阅本站")


def test_timeline_has_founding_and_published_milestones_oldest_first(built):
    page = built.html("culture/timeline/")
    items = [(li.time.get_text(), li.strong.get_text()) for li in page.select(".bp-timeline li")]
    assert items == [
        ("2016年7月1日", "测试行业协会党支部成立"),
        ("2024年7月1日", "第一个里程碑"),
        ("2025年6月27日", "荣获五星级党组织"),
    ]


def test_culture_page_has_honours_wall_and_brand_kit(built):
    culture = built.html("culture/")
    assert [s.get_text(strip=True) for s in culture.select(".bp-honors strong")] == ["荣获五星级党组织"]
    kit = built.html("culture/brand/")
    downloads = [a["href"] for a in kit.select(".bp-kit__downloads a")]
    assert len(downloads) == 4  # three PNG sizes and the SVG
    for size in (256, 512, 1024):
        with Image.open(built.site / f"assets/brand/kit/logo-{size}.png") as image:
            assert image.size == (size, size) and image.mode == "RGBA"
    assert "#C8102E" in kit.get_text()


def test_no_page_requests_another_host(built):
    own = urlsplit("https://example.org/branch/").netloc
    resource = re.compile(
        r'<(?:script|img|source|link|iframe)\b[^>]*?\b(?:src|href|srcset)="(https?:)?//([^/"]+)'
    )
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 10, pages  # home, listings, records, culture pages, 404
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for tag in re.finditer(r"<(?:script|img|source|iframe)\b[^>]*>|<link\b[^>]*>", html):
            text = tag.group(0)
            if text.startswith("<link") and not re.search(
                r'rel="(?:stylesheet|icon|preload|modulepreload|manifest|apple-touch-icon)"', text
            ):
                continue  # rel=alternate, canonical: links, not requests
            match = resource.search(text)
            assert match is None or match.group(2) == own, (path, text)
    stylesheets = sorted(built.site.rglob("*.css"))
    assert any(path.name == "branchpress.css" for path in stylesheets), stylesheets
    for path in stylesheets:
        for url in re.findall(r"url\(\s*['\"]?(https?://[^'\")]+)", path.read_text(encoding="utf-8")):
            assert urlsplit(url).netloc == own, (path, url)


def test_search_index_is_segmented_for_chinese(built):
    doc = next(d for d in built.search_entries if d["location"].startswith("activities/2025/03/phone/"))
    # jieba puts zero-width spaces between words; the separator splits on them.
    assert "\u200b智能手机\u200b" in doc["text"] or "\u200b手机\u200b" in doc["text"]
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    assert not any("草稿里程碑" in d["title"] + d["text"] for d in built.search_entries)


def test_404_page_is_chinese_and_branded(built):
    page = built.html("404.html")
    assert page.select_one(".bp-notfound h1").get_text() == "没有找到这个页面"
    assert page.select_one(".bp-footer")


@pytest.mark.parametrize(
    ("options", "fragments"),
    [
        ({"primary_color": "红色"}, ["branchpress/brand.primary_color", "不是颜色"]),
        ({"logo": "assets/brand/missing.svg"}, ["branchpress/brand.logo", "找不到文件"]),
        ({"icp": "备案123"}, ["branchpress/brand.icp", "ICP"]),
        ({"police": "公安备案"}, ["branchpress/brand.police", "14 位数字"]),
        ({"founded": "2016-13-01"}, ["branchpress/brand.founded", "不是有效日期"]),
        ({"contact": {"email": "not-an-email"}}, ["branchpress/brand.contact.email", "电子邮箱"]),
    ],
    ids=["colour", "logo", "icp", "police", "founded", "email"],
)
def test_bad_brand_values_fail_clearly(site: SiteBuilder, options, fragments):
    with_brand(site, **options)
    populate(site)
    assert_clean_failure(site.build(), *fragments, "修改方法")


def test_all_brand_problems_reported_together(site: SiteBuilder):
    with_brand(site, primary_color="nope", accent_color="#12", icp="x")
    result = site.build()
    assert_clean_failure(result, "primary_color", "accent_color", "icp", "3 处错误")
