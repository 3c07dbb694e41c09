"""Two things a visitor sees that only a browser shows: the home hero when content/index.md
starts with a `# heading`, and a feed opened in the browser instead of a reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from branchpress.core.brand.colour import contrast

from . import harness
from .harness import VIEWPORTS


def rgb_hex(css_colour: str) -> str:
    red, green, blue = (int(n) for n in re.findall(r"\d+", css_colour)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


@pytest.fixture
def served(site) -> Iterator[str]:
    # Served from the root of the test host, as the site would be at its own domain's root.
    site.config["site_url"] = "https://example.org/"
    site.config["plugins"] += [
        {"branchpress/brand": {"name": "测试支部"}},
        {"branchpress/feeds": {"limit": 5}},
    ]
    site.write(
        "assets/brand/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>',
    )
    site.plugin_options("branchpress/brand")["logo"] = "assets/brand/logo.svg"
    site.write(
        "index.md",
        "---\ntitle: 首页\n---\n\n# 欢迎访问测试支部\n\n我们的**党建品牌**叫「数聚红心」，[了解更多](culture/story.md)。\n\n## 联系我们\n\n电话见页脚。\n",
    )
    site.write("culture/story.md", "---\ntitle: 品牌故事\n---\n\n故事。\n")
    site.record(
        "2025/2025-03-05-lei-feng.md",
        "title: 学雷锋志愿服务\ndate: 2025-03-05\ntype: volunteer\nsummary: 走进社区。",
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    with harness.SiteServer(result.site) as server:
        yield server.url


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_headings_and_links_in_the_hero_take_the_text_colour_on_the_brand(
    browser, served: str, viewport: str
):
    context = browser.new_context(**VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(served, wait_until="load")
        harness.settle(page)
        colours = page.evaluate(
            """() => {
              const hero = document.querySelector('.bp-hero');
              const of = sel => getComputedStyle(hero.querySelector(sel)).color;
              return {text: getComputedStyle(hero).color, h1: of('.bp-hero__intro h1'), h2: of('.bp-hero__intro h2'),
                      a: of('.bp-hero__intro a'), strong: of('.bp-hero__intro strong'),
                      ground: getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color').trim()};
            }"""
        )
        for part in ("h1", "h2", "a", "strong"):
            assert colours[part] == colours["text"], (part, colours)
            assert contrast(rgb_hex(colours[part]), colours["ground"]) >= 4.5
        page.locator(".bp-hero").screenshot(path=str(harness.SCREENSHOTS / f"hero-heading-{viewport}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("path", ["feed.xml", "atom.xml"])
def test_a_feed_opened_in_the_browser_reads_in_chinese_and_points_to_subscribe(
    browser, served: str, path: str
):
    context = browser.new_context(**VIEWPORTS["mobile"])
    try:
        page = context.new_page()
        response = page.goto(urljoin(served, path), wait_until="load")
        assert response is not None and response.status == 200
        note = page.evaluate("() => getComputedStyle(document.documentElement, '::before').content")
        assert "订阅源" in note and "https://example.org/subscribe/" in note
        text = page.evaluate("() => document.documentElement.textContent")
        assert "学雷锋志愿服务" in text and "走进社区" in text
        # The page is styled (no "This XML file does not appear to have any style information").
        assert page.evaluate("() => getComputedStyle(document.documentElement).display") == "block"
        harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(harness.SCREENSHOTS / f"feed-{path.split('.')[0]}.png"))
    finally:
        context.close()
