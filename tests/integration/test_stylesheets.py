"""What a first view waits for: one BranchPress stylesheet, page-specific CSS only on its pages,
no Material palette stylesheet that styles nothing, and Material's main stylesheet trimmed to what
the site uses (core/site/unused_css.py). Lighthouse measures the effect in tests/browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from branchpress.theme import TEMPLATES
from helpers.sites import SiteBuilder

MATERIAL_CSS = next(
    (Path(__import__("material").__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css")
)
CUSTOM = {"scheme": "default", "primary": "custom", "accent": "custom"}


def stylesheets(result, url_path: str) -> list[str]:
    return [link["href"] for link in result.html(url_path).select('link[rel="stylesheet"]')]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = SiteBuilder(tmp_path_factory.mktemp("styles") / "src")
    site.config["theme"]["palette"] = CUSTOM
    site.config["markdown_extensions"] = ["admonition"]
    site.write(
        "assets/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>',
    )
    site.config["plugins"] += [
        "branchpress/material",
        {"branchpress/brand": {"name": "测试支部", "logo": "assets/logo.svg"}},
        "branchpress/images",
        "branchpress/share",
        "branchpress/volunteers",
    ]
    site.record(
        "2025/2025-03-05-a.md",
        "title: 学雷锋\ndate: 2025-03-05\ntype: volunteer\nvolunteers: [张三]\nhours: 2",
    )
    site.record(
        "2025/2025-04-05-b.md",
        "title: 党课\ndate: 2025-04-05\ntype: meeting\nmeeting: lecture",
        '!!! note "提示"\n\n    带上党员证。',
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize("page", ["", "news/", "activities/2025/03/a/", "404.html"])
def test_every_page_waits_for_materials_stylesheet_and_one_of_ours(built, page: str):
    links = stylesheets(built, page)
    assert len(links) == 2, links
    assert links[0].endswith(".min.css") and "stylesheets/main." in links[0]
    assert links[1].endswith("assets/branchpress/branchpress.css")


def test_the_parts_are_in_the_one_stylesheet_and_not_published_alone(built):
    css = (built.site / "assets/branchpress/branchpress.css").read_text(encoding="utf-8")
    for part in ("pages.css", "images.css", "share.css", "brand.css"):
        assert f"/* {part} */" in css
        assert not (built.site / "assets/branchpress" / part).exists(), part
    assert ".bp-crew" in css  # a record's volunteers are on record pages, not only /volunteers/
    assert "/* volunteers.css */" not in css


def test_volunteer_pages_alone_add_their_own_stylesheet_after_ours(built):
    links = stylesheets(built, "volunteers/")
    assert links[-2:] == ["../assets/branchpress/branchpress.css", "../assets/branchpress/volunteers.css"]
    assert (built.site / "assets/branchpress/volunteers.css").is_file()
    assert not any("volunteers.css" in href for href in stylesheets(built, "news/"))


def test_materials_stylesheet_keeps_what_the_pages_use_and_drops_the_rest(built):
    original = MATERIAL_CSS.read_text(encoding="utf-8")
    trimmed = (built.site / "assets/stylesheets" / MATERIAL_CSS.name).read_text(encoding="utf-8")
    assert len(trimmed) < 0.7 * len(original)
    assert ".md-header{" in trimmed and ".md-search__input" in trimmed  # header, search (built by script)
    assert ".md-typeset .admonition" in trimmed  # one record has a note
    assert ".md-post" in original and ".md-post" not in trimmed  # blog posts: no page has one
    assert "sourceMappingURL" not in trimmed


def test_a_palette_stylesheet_that_styles_nothing_is_not_linked(built, site: SiteBuilder):
    assert not any("palette." in href for href in stylesheets(built, ""))
    site.config["theme"]["palette"] = {"scheme": "default", "primary": "indigo", "accent": "custom"}
    site.config["plugins"].append("branchpress/material")
    named = site.build("--strict")
    assert named.returncode == 0, named.output
    assert any("palette." in href for href in stylesheets(named, ""))


def test_a_theme_override_of_a_part_is_what_the_one_stylesheet_holds(site: SiteBuilder, tmp_path: Path):
    theme = tmp_path / "theme"
    (theme / "assets/branchpress").mkdir(parents=True)
    (theme / "assets/branchpress/pages.css").write_text(".site-own { color: green; }\n", encoding="utf-8")
    site.config["theme"]["custom_dir"] = str(theme)
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    css = (result.site / "assets/branchpress/branchpress.css").read_text(encoding="utf-8")
    assert ".site-own" in css and ".bp-card" not in css
    assert (TEMPLATES / "assets/branchpress/pages.css").is_file()
