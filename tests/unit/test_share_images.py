"""Share cards, posters and icons from the core, without a build: glyphs, QR codes, bytes."""

from __future__ import annotations

import io
import os

import pytest
import zxingcpp
from branchpress.core.brand.logo import load_logo_file
from branchpress.core.share.cache import KEEP_UNUSED, ShareCache
from branchpress.core.share.cards import CardText, render_card
from branchpress.core.share.fonts import custom_face, font, missing_glyphs, packaged_face
from branchpress.core.share.icons import render_icons
from branchpress.core.share.look import ShareBrand, parse_color
from branchpress.core.share.poster import PosterText, render_poster
from helpers import REPO
from helpers.imaging import noisy
from PIL import Image, ImageChops, ImageFont, ImageStat

LOGO = REPO / "content" / "assets" / "brand" / "logo.svg"
URL = "https://dangjian.example.cn/activities/2026/05/shu-zi-zhu-lao/"
TITLE_BAND = (80, 240, 1120, 500)  # where a card's title is set


def brand(face=None, logo=True) -> ShareBrand:
    return ShareBrand(
        color=parse_color("#c8102e"),
        accent=parse_color("#e6b422"),
        logo=load_logo_file(LOGO) if logo else None,
        face=face or packaged_face(),
        site_name="青禾软协党支部",
        slogan="党建引领 · 数字向善",
    )


@pytest.fixture(scope="module")
def latin_face(tmp_path_factory):
    """A font without Chinese: Pillow's own default font, written to a file."""
    default = ImageFont.load_default(size=20)
    if not isinstance(default, ImageFont.FreeTypeFont):  # pragma: no cover - Pillow without FreeType
        # Justified: PyPI's Pillow wheels always have FreeType, so only a hand-built Pillow gets
        # here, and without FreeType no share card can be drawn at all (the build says so).
        pytest.skip("Pillow was built without FreeType")
    path = tmp_path_factory.mktemp("fonts") / "latin.ttf"
    path.write_bytes(default.path.getvalue())
    return custom_face(path)


def card(title: str, face=None) -> Image.Image:
    data = render_card(CardText("志愿服务", title, "2026年5月12日"), brand(face))
    return Image.open(io.BytesIO(data)).convert("RGB")


def difference(a: Image.Image, b: Image.Image, box=TITLE_BAND) -> float:
    """Mean absolute difference of two images in a box, 0..255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.crop(box), b.crop(box))).mean) / 3


def test_the_packaged_font_is_noto_sans_cjk_sc_and_has_every_weight():
    face = packaged_face()
    regular, bold = font(face, 48, "Regular"), font(face, 48, "Bold")
    assert regular.getname()[0] == "Noto Sans CJK SC"
    assert bytes(regular.getmask("党")) != bytes(bold.getmask("党"))  # bold is really bolder
    assert missing_glyphs(face, "青禾软协党支部，数字向善！《》“”2026AI") == ""


def test_card_title_is_set_in_real_chinese_glyphs_not_tofu(latin_face):
    """With a font lacking Chinese every character prints as the same box, so two titles of
    the same length make the same card; with the packaged font they differ, glyph by glyph."""
    assert missing_glyphs(latin_face, "党建引领") == "党建引领"
    ours = font(packaged_face(), 64, "Bold")
    tofu = font(latin_face, 64)
    assert len({bytes(ours.getmask(c)) for c in "党建引领数字向善"}) == 8
    assert len({bytes(tofu.getmask(c)) for c in "党建引领数字向善"}) == 1
    real_a, real_b = card("党建引领数字向善"), card("志愿服务温暖社区")
    tofu_a, tofu_b = card("党建引领数字向善", latin_face), card("志愿服务温暖社区", latin_face)
    assert difference(tofu_a, tofu_b) < 0.5  # boxes, whatever the words
    assert difference(real_a, real_b) > 4
    assert difference(real_a, tofu_a) > 4


def test_card_is_1200_by_630_small_and_deterministic():
    data = render_card(
        CardText("三会一课", "支部召开2025年度组织生活会，年轻党员的“辣味”发言多了", "2026年1月16日"), brand()
    )
    again = render_card(
        CardText("三会一课", "支部召开2025年度组织生活会，年轻党员的“辣味”发言多了", "2026年1月16日"), brand()
    )
    assert data == again
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (1200, 630)
    assert len(data) < 200_000


def test_card_draws_no_box_for_an_emoji():
    with_emoji, without = card("志愿服务温暖社区🎉"), card("志愿服务温暖社区")
    assert difference(with_emoji, without, (0, 0, 1200, 630)) == 0


def test_poster_qr_code_decodes_to_the_record_url_with_and_without_cover(tmp_path):
    cover = tmp_path / "cover.jpg"
    noisy((960, 640), seed=7).save(cover, quality=85)
    text = PosterText(
        "志愿服务", "数字助老进社区", "2026年5月12日", "志愿者手把手教老人用智能手机。", URL, "k/960.jpg"
    )
    for path in (str(cover), None):
        data = render_poster(text, brand(), path)
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and image.size == (1080, 1920)
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [URL]
        assert render_poster(text, brand(), path) == data


def test_icons_from_an_svg_logo():
    icons = render_icons(brand())
    ico = Image.open(io.BytesIO(icons["favicon.ico"]))
    assert ico.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    assert Image.open(io.BytesIO(icons["favicon-32.png"])).size == (32, 32)
    touch = Image.open(io.BytesIO(icons["apple-touch-icon.png"]))
    assert touch.size == (180, 180) and touch.mode == "RGB"  # opaque: iOS would show black
    assert touch.getpixel((2, 2)) == parse_color("#c8102e")  # the brand colour behind the mark
    assert render_icons(brand(logo=False)) == {}


def test_colours_are_parsed_or_refused():
    assert parse_color("#C8102E") == (200, 16, 46)
    assert parse_color("#c12") == (204, 17, 34)
    with pytest.raises(ValueError):
        parse_color("红色")


def test_cache_keeps_what_this_build_or_a_recent_one_used(tmp_path):
    """Preview (mkdocs serve) and publish use different posters; neither deletes the other's."""
    now = 2_000_000_000.0
    cache = ShareCache(tmp_path)
    used = cache.target("card", "aa" + "1" * 22)
    recent, stale = (ShareCache(tmp_path).target("poster", "bb" + c * 22) for c in "23")
    for path, age in ((used, 10 * KEEP_UNUSED), (recent, KEEP_UNUSED / 2), (stale, 2 * KEEP_UNUSED)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"image")
        os.utime(path, (now - age, now - age))
    assert cache.prune(now) == 1
    assert used.is_file() and recent.is_file() and not stale.exists()
    assert used.stat().st_mtime == now  # marked as used by this build
