"""Share images through real builds: head tags, cards, posters, icons, cache and errors."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import zxingcpp
from branchpress.core.share.fonts import packaged_face
from helpers import REPO
from helpers.imaging import phone_jpeg
from helpers.sites import SiteBuilder, assert_clean_failure
from PIL import Image, ImageFont

SITE = "https://example.org/branch/"
LOGO = REPO / "content" / "assets" / "brand" / "logo.svg"
RECORD = "activities/2025/03/lei-feng/"
PLAIN = "activities/2025/04/lesson/"


def populate(site: SiteBuilder, **options) -> SiteBuilder:
    site.config["site_description"] = "党建引领 · 数字向善"
    site.config["theme"]["favicon"] = "assets/brand/logo.svg"
    plugins = site.config["plugins"]
    plugins.insert(2, {"branchpress/images": {"workers": 1}})
    plugins.append({"branchpress/share": {"color": "#c8102e", "accent": "#e6b422", **options}})
    site.write_bytes("assets/brand/logo.svg", LOGO.read_bytes())
    site.write_bytes("activities/2025/photos/cover.jpg", phone_jpeg((1600, 1200), seed=5))
    site.record(
        "2025/2025-03-05-lei-feng.md",
        """
        title: 学雷锋志愿服务进社区：为老人讲解智能手机使用
        date: 2025-03-05 09:30
        type: volunteer
        cover: photos/cover.jpg
        summary: 二十名党员志愿者走进槐树里社区，手把手教老人用手机挂号、缴费。
        """,
    )
    site.record("2025/2025-04-10-lesson.md", "title: 讲党课\ndate: 2025-04-10\ntype: meeting\nmeeting: 党课")
    site.record("2025/2025-04-20-amp.md", "title: 党建 & 业务“双融合”<示范>\ndate: 2025-04-20\ntype: news")
    for day in range(11, 16):
        site.record(
            f"2025/2025-05-{day}-study-{day}.md",
            f"title: 专题学习第{day}期\ndate: 2025-05-{day}\ntype: study",
        )
    site.write("culture/story.md", "---\ntitle: 品牌故事\n---\n\n# 品牌故事\n\n支部的故事。\n")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = populate(SiteBuilder(tmp_path_factory.mktemp("share") / "src"), posters="all")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return site, result


def meta(result, path: str) -> dict[str, str]:
    soup = result.html(path)
    found = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.find_all("meta")
        if tag.get("content")
    }
    return found


def local(result, url: str) -> Path:
    assert url.startswith(SITE), url
    return result.site / url[len(SITE) :]


def test_record_page_head_has_open_graph_and_twitter_tags(built):
    _, result = built
    tags = meta(result, RECORD)
    assert tags["og:title"] == "学雷锋志愿服务进社区：为老人讲解智能手机使用"
    assert tags["og:description"].startswith("二十名党员志愿者")
    assert tags["og:url"] == SITE + RECORD
    assert tags["og:type"] == "article"
    assert tags["twitter:card"] == "summary_large_image"
    card = local(result, tags["og:image"])
    image = Image.open(card)
    assert image.size == (1200, 630) and image.format == "JPEG"
    assert card.stat().st_size < 200_000


@pytest.mark.parametrize(
    "path",
    [
        "",
        "news/",
        "news/page/2/",
        "activities/study/",
        "archive/2025/",
        "tags/",
        "culture/",
        "culture/story/",
    ],
)
def test_every_listing_and_culture_page_has_a_card(built, path):
    _, result = built
    tags = meta(result, path)
    assert tags["og:url"] == SITE + path
    assert local(result, tags["og:image"]).is_file()
    assert {"og:title", "og:image", "og:url", "twitter:card"} <= set(tags)


def test_titles_reach_the_tags_as_written_escaped_once(built):
    _, result = built
    assert meta(result, "activities/2025/04/amp/")["og:title"] == "党建 & 业务“双融合”<示范>"
    assert "&amp;amp;" not in (result.site / "activities/2025/04/amp/index.html").read_text(encoding="utf-8")


def test_pages_of_a_listing_share_its_card_and_different_pages_do_not(built):
    _, result = built
    assert meta(result, "news/")["og:image"] == meta(result, "news/page/2/")["og:image"]
    assert meta(result, "news/")["og:image"] != meta(result, "activities/study/")["og:image"]
    assert meta(result, RECORD)["og:image"] != meta(result, PLAIN)["og:image"]


def test_poster_button_opens_a_poster_whose_qr_code_is_the_record_url(built):
    _, result = built
    soup = result.html(RECORD)
    button = soup.select_one(".bp-share a.bp-share__button")
    assert button is not None and "分享海报" in button.get_text()
    poster = (result.site / RECORD / button["href"]).resolve()
    image = Image.open(poster)
    assert image.size == (1080, 1920) and image.format == "JPEG"
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [SITE + RECORD]


def button(result, path: str):
    link = result.html(path).select_one(".bp-share a.bp-share__button")
    return link.get_text(strip=True), (result.site / path / link["href"]).resolve()


def test_by_default_recent_and_featured_records_get_posters_and_older_ones_their_card(tmp_path):
    site = populate(SiteBuilder(tmp_path / "src"))
    # The clock is 2025-12-01 12:00: 90 days back is 2025-09-02 12:00.
    site.record("2025/2025-11-20-recent.md", "title: 近期活动\ndate: 2025-11-20\ntype: news")
    site.record("2025/2025-09-02-edge.md", "title: 九十天前\ndate: 2025-09-02 12:00\ntype: news")
    site.record("2025/2025-09-01-older.md", "title: 九十一天前\ndate: 2025-09-01\ntype: news")
    site.record("2024/2024-06-01-star.md", "title: 重点推荐\ndate: 2024-06-01\ntype: honor\nfeatured: true")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    posters = {path.resolve() for path in (result.site / "assets/posters").iterdir()}
    for path in ("activities/2025/11/recent/", "activities/2025/09/edge/", "activities/2024/06/star/"):
        label, image = button(result, path)
        assert label == "分享海报" and image in posters, path
        assert Image.open(image).size == (1080, 1920)
    assert len(posters) == 3
    for path in ("activities/2025/09/older/", RECORD, PLAIN):
        label, image = button(result, path)
        card = local(result, meta(result, path)["og:image"]).resolve()
        assert label == "分享卡片" and image == card, path
        assert Image.open(image).size == (1200, 630)
    assert "打开分享卡片" in result.html(RECORD).select_one(".bp-share__hint").get_text()


def test_posters_for_records_of_a_configured_number_of_days(tmp_path):
    site = populate(SiteBuilder(tmp_path / "src"), poster_days=300)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert button(result, RECORD)[0] == "分享海报"  # 2025-03-05: within 300 days
    assert len(list((result.site / "assets/posters").iterdir())) == 8


@pytest.mark.parametrize(
    ("options", "fragment"),
    [({"posters": "sometimes"}, "posters“sometimes”无效"), ({"poster_days": -1}, "poster_days“-1”无效")],
)
def test_a_bad_poster_option_is_named(site: SiteBuilder, options, fragment):
    populate(site, **options)
    assert_clean_failure(site.build(), fragment)


def test_icons_are_generated_from_the_logo_and_linked(built):
    _, result = built
    soup = result.html(RECORD)
    touch = soup.find("link", rel="apple-touch-icon")
    assert touch is not None
    assert Image.open((result.site / RECORD / touch["href"]).resolve()).size == (180, 180)
    assert Image.open(result.site / "favicon.ico").info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    assert soup.find("link", rel="icon", type="image/png") is not None


def test_no_page_requests_another_host(built):
    _, result = built
    pages = {path: text for path, text in result.all_text_files().items() if path.suffix == ".html"}
    assert result.site / RECORD / "index.html" in pages
    for text in pages.values():
        for match in re.finditer(r'<(?:img|script|link)\b[^>]*(?:src|href)="(https?://[^"]+)"', text):
            assert (
                match.group(1).startswith(SITE)
                or 'rel="alternate"' in match.group(0)
                or 'rel="canonical"' in match.group(0)
            ), match.group(0)


def test_warm_build_renders_nothing_and_cold_builds_are_byte_identical(built, tmp_path):
    site, result = built
    assert "新生成 0 张" not in result.output
    images = sorted(
        p.relative_to(result.site)
        for folder in ("assets/cards", "assets/posters")
        for p in (result.site / folder).iterdir()
    )
    cache = {p: p.read_bytes() for p in (site.root / ".cache/branchpress/share").rglob("*.*")}
    warm = site.build("--strict")
    assert warm.returncode == 0, warm.output
    assert "卡片" in warm.output and warm.output.count("新生成 0 张") == 2, warm.output
    assert {p: p.read_bytes() for p in (site.root / ".cache/branchpress/share").rglob("*.*")} == cache
    # A second site from the same sources, built cold elsewhere, makes the same bytes.
    copy = SiteBuilder(tmp_path / "again")
    copy.config = site.config
    shutil.copytree(site.root / "content", copy.root / "content", dirs_exist_ok=True)
    again = copy.build("--strict")
    assert again.returncode == 0, again.output
    assert "新生成 0 张" not in again.output
    for relative in images:
        assert (again.site / relative).read_bytes() == (result.site / relative).read_bytes(), relative
    assert (again.site / "favicon.ico").read_bytes() == (result.site / "favicon.ico").read_bytes()


def test_a_changed_title_makes_a_new_card_and_only_that(tmp_path):
    site = populate(SiteBuilder(tmp_path / "src"), posters=False)
    first = site.build("--strict")
    assert first.returncode == 0, first.output
    site.record(
        "2025/2025-04-10-lesson.md", "title: 讲专题党课\ndate: 2025-04-10\ntype: meeting\nmeeting: 党课"
    )
    second = site.build("--strict")
    assert second.returncode == 0, second.output
    assert "新生成 1 张" in second.output, second.output
    assert not (second.site / "assets/posters").exists()
    assert second.html(PLAIN).select_one(".bp-share") is None


def test_without_a_logo_cards_are_made_and_no_icons(site: SiteBuilder):
    populate(site)
    del site.config["theme"]["favicon"]
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert local(result, meta(result, RECORD)["og:image"]).is_file()
    assert not (result.site / "apple-touch-icon.png").exists()
    assert result.html(RECORD).find("link", rel="apple-touch-icon") is None


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"color": "大红"}, ["color", "大红", "不是颜色"]),
        ({"accent": "#12345"}, ["accent", "#12345", "不是颜色"]),
        ({"logo": "assets/brand/missing.svg"}, ["logo", "missing.svg", "不存在"]),
        ({"font": "fonts/missing.ttf"}, ["font", "fonts/missing.ttf", "不存在"]),
    ],
)
def test_bad_brand_settings_are_clear_chinese_errors(site: SiteBuilder, options, words):
    populate(site, **options)
    assert_clean_failure(site.build(), *words)


def test_a_font_without_chinese_is_refused(site: SiteBuilder):
    populate(site, font="latin.ttf")
    # Pillow's own default font stands in for any Latin-only font.
    (site.root / "latin.ttf").write_bytes(ImageFont.load_default(size=20).path.getvalue())
    assert_clean_failure(site.build(), "latin.ttf", "不含中文字形")


def test_a_font_file_named_in_the_config_is_used(site: SiteBuilder, built):
    populate(site, font="brand.ttc")
    shutil.copyfile(packaged_face().path, site.root / "brand.ttc")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    card = Image.open(local(result, meta(result, RECORD)["og:image"])).convert("RGB")
    # Face 0 of the collection is Noto Sans CJK JP: other glyph forms, so other pixels.
    _, packaged = built
    reference = Image.open(local(packaged, meta(packaged, RECORD)["og:image"])).convert("RGB")
    assert card.tobytes() != reference.tobytes()


def test_site_url_is_required(site: SiteBuilder):
    populate(site)
    del site.config["site_url"]
    assert_clean_failure(site.build(), "site_url")


def test_card_type_in_the_head_matches_the_file(built):
    _, result = built
    tags = meta(result, "news/")
    data = local(result, tags["og:image"]).read_bytes()
    assert Image.open(io.BytesIO(data)).get_format_mimetype() == tags["og:image:type"] == "image/jpeg"
