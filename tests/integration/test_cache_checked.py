"""A cached share card, poster, icon, brand-kit logo, print typeface or PDF cut short is made
again, not published.

A cache filled on a full disk or restored from a broken CI cache holds truncated files; they
used to be copied into the site as they were, broken, without a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers.sites import SiteBuilder
from PIL import Image

from integration.test_brand import with_brand
from integration.test_share import populate


def _cut_every_file(folder: Path, suffixes: set[str]) -> int:
    cut = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in suffixes:
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
            cut += 1
    return cut


def _decodes(path: Path) -> bool:
    try:
        with Image.open(path) as image:
            image.load()
    except OSError:
        return False
    return True


def test_truncated_share_images_in_the_cache_are_rendered_again(tmp_path: Path):
    site = populate(SiteBuilder(tmp_path / "src"), posters="all")
    first = site.build("--strict")
    assert first.returncode == 0, first.output
    assert _cut_every_file(site.root / ".cache/branchpress/share", {".jpg", ".png", ".ico"}) >= 5
    again = site.build("--strict")
    assert again.returncode == 0, again.output
    published = [
        *(again.site / "assets/cards").rglob("*.jpg"),
        *(again.site / "assets/posters").rglob("*.jpg"),
        again.site / "favicon.ico",
        again.site / "favicon-32.png",
        again.site / "apple-touch-icon.png",
    ]
    assert len(published) >= 5
    broken = [p.relative_to(again.site) for p in published if not _decodes(p)]
    assert not broken, f"published broken: {broken}"
    for path in published:  # the same bytes as the first build made
        assert path.read_bytes() == (first.site / path.relative_to(again.site)).read_bytes(), path


def test_a_truncated_brand_kit_logo_in_the_cache_is_made_again(site: SiteBuilder):
    with_brand(site)
    site.record(
        "2025/2025-03-04-good.md", "title: 主题党日\ndate: 2025-03-04\ntype: theme_day\nparticipants: 9"
    )
    first = site.build("--strict")
    assert first.returncode == 0, first.output
    assert _cut_every_file(site.root / ".cache/branchpress/brand", {".png"}) >= 1
    again = site.build("--strict")
    assert again.returncode == 0, again.output
    kit = sorted((again.site / "assets/brand/kit").glob("*.png"))
    assert kit and all(_decodes(path) for path in kit), kit


@pytest.mark.usefixtures("pango")
@pytest.mark.slow
def test_truncated_typefaces_and_pdfs_in_the_cache_are_printed_again(tmp_path: Path):
    site = _report_site(SiteBuilder(tmp_path / "src"))
    first = site.build("--strict")
    assert first.returncode == 0, first.output
    pdf = first.site / "reports/2025/annual-report-2025.pdf"
    whole = pdf.read_bytes()
    cache = site.root / ".cache/branchpress/reports"
    assert _cut_every_file(cache, {".otf", ".pdf"}) >= 3  # both weights' instances and the PDF
    again = site.build("--strict")
    assert again.returncode == 0, again.output
    assert "Traceback" not in again.output, again.output
    assert (again.site / "reports/2025/annual-report-2025.pdf").read_bytes() == whole
    # The instances kept now are whole again: a third build prints from them alike.
    for font in (cache / "fonts" / "instances").glob("*.otf"):
        TTFont(font).getBestCmap()


def _report_site(site: SiteBuilder) -> SiteBuilder:
    site.config["plugins"] += ["branchpress/reports"]
    site.record("2025/2025-07-01-party-day.md", "title: 七一主题党日\ndate: 2025-07-01\ntype: theme_day")
    site.record("2025/2025-09-20-class.md", "title: 手机课堂民主评议\ndate: 2025-09-20\ntype: volunteer")
    return site
