"""Photos through a real build: renditions, markup, privacy, cache, errors, lightbox."""

from __future__ import annotations

import re

import pytest
from helpers.imaging import bomb_png, cmyk_jpeg, heic, phone_jpeg, truncated_jpeg
from helpers.sites import SiteBuilder, assert_clean_failure
from PIL import Image

RECORD = "activities/2025/2025-03-05-photos.md"
PAGE = "activities/2025/03/photos/"


def with_images(site: SiteBuilder) -> SiteBuilder:
    plugins = site.config["plugins"]
    plugins.insert(2, {"branchpress/images": {"workers": 2}})
    plugins.append({"branchpress/feeds": {}})
    plugins.append("glightbox")
    return site


def populate(site: SiteBuilder) -> dict[str, bytes]:
    originals = {
        "photos/cover.jpg": phone_jpeg((2400, 1800), orientation=6, seed=1),
        "photos/group.jpg": phone_jpeg((1200, 900), seed=2),
        "photos/iphone.heic": heic(),
        "photos/print.jpg": cmyk_jpeg(),
        "photos/small.jpg": phone_jpeg((400, 300), seed=3),
        "photos/unused.jpg": phone_jpeg((800, 600), seed=4),
    }
    for name, data in originals.items():
        site.write_bytes(f"activities/2025/{name}", data)
    site.record(
        "2025/2025-03-05-photos.md",
        """
        title: 照片很多的活动
        date: 2025-03-05
        type: volunteer
        cover: photos/cover.jpg
        photos:
          - {src: photos/group.jpg, caption: 志愿者合影, alt: 二十名志愿者在社区门口合影}
          - {src: photos/iphone.heic, caption: 手机拍的照片}
          - {src: photos/print.jpg, alt: 印刷品扫描}
        """,
        "活动开始。\n\n![现场](photos/small.jpg)\n\n活动结束。",
    )
    site.record("2025/2025-04-01-plain.md", "title: 没有照片\ndate: 2025-04-01\ntype: news")
    return originals


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = with_images(SiteBuilder(tmp_path_factory.mktemp("images") / "src"))
    originals = populate(site)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return site, result, originals


def site_images(result):
    return [
        p for p in result.site.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".webp", ".png", ".heic"}
    ]


def test_no_output_image_carries_metadata_and_no_original_is_published(built):
    _, result, originals = built
    published = [p for p in site_images(result) if "assets/images" not in p.as_posix()]
    assert len(published) > 10
    for path in published:
        data = path.read_bytes()
        assert data not in originals.values(), f"{path} is an original"
        with Image.open(path) as image:
            assert dict(image.getexif()) == {}, path
            assert not {"xmp", "icc_profile", "comment", "exif"} & set(image.info), (path, image.info.keys())
        assert b"BranchPhone" not in data and b"SECRET" not in data
    assert not any(p.name.startswith("unused") for p in result.site.rglob("*"))
    assert not any(p.suffix == ".heic" for p in result.site.rglob("*"))


def test_renditions_in_both_formats_never_upscaled(built):
    _, result, _ = built
    cover = result.html(PAGE).select_one(".bp-cover img")
    webp = result.html(PAGE).select_one(".bp-cover source[type='image/webp']")
    widths = [int(w) for w in re.findall(r" (\d+)w", webp["srcset"])]
    assert widths == [480, 960, 1600]
    assert int(cover["width"]) == 1600 and int(cover["height"]) == 2133  # orientation 6 came out portrait
    for src in re.findall(r"(\S+) \d+w", webp["srcset"] + ", " + cover["srcset"]):
        path = (result.site / PAGE / src).resolve()
        with Image.open(path) as image:
            assert image.format in {"WEBP", "JPEG"}
            assert image.height > image.width
    small = result.html(PAGE).select_one(".bp-record__body figure img")
    assert small["srcset"].count("w") == 1 and int(small["width"]) == 400  # 400 px source: one rendition


def test_every_img_has_dimensions_and_lazy_loading_except_the_cover(built):
    _, result, _ = built
    page = result.html(PAGE)
    images = page.select("article img")
    assert len(images) == 5
    for img in images:
        assert img.get("width") and img.get("height"), img
        assert img.get("alt"), img
    cover = page.select_one(".bp-cover img")
    assert cover.get("fetchpriority") == "high" and cover.get("loading") is None
    assert all(img.get("loading") == "lazy" for img in images if img is not cover)
    sources = page.select("article picture source")
    assert all(s.get("sizes") for s in sources) and all(i.get("sizes") for i in images)


def test_gallery_captions_alt_and_lightbox(built):
    _, result, _ = built
    page = result.html(PAGE)
    figures = page.select(".bp-gallery figure")
    assert [f.figcaption.get_text() if f.figcaption else None for f in figures] == [
        "志愿者合影",
        "手机拍的照片",
        None,
    ]
    assert [f.img["alt"] for f in figures] == ["二十名志愿者在社区门口合影", "手机拍的照片", "印刷品扫描"]
    links = page.select(".bp-gallery a.glightbox")
    assert len(links) == 3 and all((result.site / PAGE / a["href"]).resolve().is_file() for a in links)
    scripts = [s.get("src", "") for s in page.select("script[src]")]
    assert any("glightbox.min.js" in s for s in scripts)
    assert (result.site / "assets/javascripts/glightbox.min.js").is_file()  # self-hosted
    plain = result.html("activities/2025/04/plain/")
    assert not any("glightbox" in (s.get("src") or "") for s in plain.select("script"))


def test_listing_shows_cover_thumbnails(built):
    _, result, _ = built
    news = result.html("news/")
    second = news.select(".bp-card")[1].select_one(".bp-card__cover picture img")
    assert second.get("loading") == "lazy" and "480w" in second["srcset"]
    first = result.html("activities/volunteer/").select_one(".bp-card__cover picture img")
    assert first.get("loading") is None  # the first card of a page loads at once


def test_feed_encloses_the_processed_cover(built):
    _, result, _ = built
    feed = (result.site / "feed.xml").read_text(encoding="utf-8")
    url, length = re.search(r'<enclosure url="([^"]+)" length="(\d+)" type="image/jpeg"', feed).groups()
    path = result.site / url.removeprefix("https://example.org/branch/")
    assert path.stat().st_size == int(length)


def test_warm_build_decodes_nothing_and_stale_entries_are_pruned(built):
    site, result, _ = built
    assert "5 张需要处理" in result.output
    warm = site.build("--strict")
    assert warm.returncode == 0, warm.output
    assert "5 张取自缓存，0 张需要处理" in warm.output
    site.write_bytes("activities/2025/photos/group.jpg", phone_jpeg((1200, 900), seed=9))
    changed = site.build("--strict")
    assert "1 张需要处理" in changed.output and "清理了 1 个" in changed.output


def test_photo_without_alt_or_caption_warns(site: SiteBuilder):
    with_images(site)
    site.write_bytes("activities/2025/a.jpg", phone_jpeg((600, 400)))
    site.record("2025/2025-03-05-x.md", "title: t\ndate: 2025-03-05\ntype: news\nphotos: [a.jpg]")
    assert site.build().returncode == 0
    strict = site.build("--strict")
    assert strict.returncode != 0 and "没有说明文字" in strict.output


@pytest.mark.parametrize(
    ("data", "words"),
    [(truncated_jpeg(), "不完整"), (b"\x00garbage", "无法识别"), (bomb_png(), "太大")],
    ids=["truncated", "corrupt", "bomb"],
)
def test_bad_photos_stop_the_build_naming_record_and_photo(site: SiteBuilder, data, words):
    with_images(site)
    site.write_bytes("activities/2025/bad.jpg", data)
    site.write_bytes("activities/2025/good.jpg", phone_jpeg((600, 400)))
    site.record(
        "2025/2025-03-05-x.md",
        "title: t\ndate: 2025-03-05\ntype: news\ncover: good.jpg\nphotos:\n  - {src: bad.jpg, caption: 坏照片}",
    )
    result = site.build()
    assert_clean_failure(
        result, "activities/2025/2025-03-05-x.md 第 6 行，字段 photos", "照片“bad.jpg”", words, "修改方法"
    )


def test_pixel_limit_comes_from_config(site: SiteBuilder):
    with_images(site)
    site.config["plugins"][2]["branchpress/images"]["max_megapixels"] = 0.5
    site.write_bytes("activities/2025/big.jpg", phone_jpeg((1200, 900)))
    site.record("2025/2025-03-05-x.md", "title: t\ndate: 2025-03-05\ntype: news\ncover: big.jpg")
    assert_clean_failure(site.build(), "字段 cover", "太大", "1 百万像素")
