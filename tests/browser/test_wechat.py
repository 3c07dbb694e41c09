"""公众号 articles in Chromium: the exported file as a phone shows it, and the serve-only
复制为公众号文章 button putting text/html on the clipboard.

The article names images on the published site (https://example.org/branch/); the browser
gets them from the fixture's own build through a route, so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from helpers.cli import run_cli
from helpers.serve import free_port, wait_for_page
from helpers.sites import MKDOCS, SiteBuilder
from helpers.wechat import RECORD, SITE_URL, SLUG, site_path, wechat_site

from . import harness
from .harness import VIEWPORTS

PHONE = VIEWPORTS["mobile"]
ALL_IMAGES_LOADED = "() => [...document.images].every(image => image.complete && image.naturalWidth > 0)"


@pytest.fixture
def exported_site(site: SiteBuilder) -> SiteBuilder:
    wechat_site(site)
    process = run_cli(site, "wechat", SLUG)
    assert process.returncode == 0, process.stderr
    built = site.build()
    assert built.returncode == 0, built.output
    return site


def serve_published_site(context: object, site: SiteBuilder, requested: list[str]) -> None:
    """Answer requests for the published site from the fixture's build; refuse any other host."""

    def answer(route: object) -> None:
        url = route.request.url
        requested.append(url)
        path = site.root / "site" / site_path(url)
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="")

    context.route(f"{SITE_URL}**", answer)


def test_the_exported_article_reads_well_on_a_phone(browser, exported_site: SiteBuilder):
    context = browser.new_context(**PHONE, locale="zh-CN")
    requested: list[str] = []
    serve_published_site(context, exported_site, requested)
    page = context.new_page()
    page.goto((exported_site.root / f"exports/wechat/{SLUG}.html").as_uri(), wait_until="load")
    harness.wait_for(page, ALL_IMAGES_LOADED, "the article's images never loaded from the published site")
    harness.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(harness.SCREENSHOTS / "wechat-article-mobile.png"), full_page=True, scale="css")
    assert len(requested) == 4 and all(url.startswith(SITE_URL) for url in requested)
    # Nothing sticks out sideways on a 390 px screen: no horizontal scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
    context.close()


@pytest.fixture
def served(site: SiteBuilder) -> Iterator[str]:
    wechat_site(site)
    site.build()  # writes mkdocs.yml; serve builds again on its own
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    log = site.root / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*MKDOCS, "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=site.root,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/branch/"
    try:
        wait_for_page(base + RECORD, what="mkdocs serve", timeout=120)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "Traceback" not in log.read_text("utf-8", errors="replace")


def test_the_serve_button_puts_the_article_on_the_clipboard_as_rich_text(browser, served: str):
    context = browser.new_context(**PHONE, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + RECORD, wait_until="load")
    harness.settle(page)
    button = page.get_by_role("button", name="复制为公众号文章")
    button.click()
    harness.wait_for(
        page, "() => document.querySelector('.bp-wechat').dataset.copied !== undefined", "no copy"
    )
    assert page.locator(".bp-wechat").get_attribute("data-copied") == "yes"
    clipboard = page.evaluate(
        """async () => {
            const items = await navigator.clipboard.read();
            const item = items[0];
            const html = item.types.includes("text/html") ? await (await item.getType("text/html")).text() : "";
            return {types: item.types, html};
        }"""
    )
    assert "text/html" in clipboard["types"]
    html = clipboard["html"]
    assert "文中链接" in html and "志愿者名单" in html and 'style="' in html
    assert "class=" not in html and "<style" not in html and "<script" not in html
    # The preview shows the same article, its images served by mkdocs serve.
    preview = page.frame_locator(".bp-wechat__frame")
    assert preview.get_by_text("今年的新课").is_visible()
    frame = page.frames[-1]
    harness.wait_for(frame, ALL_IMAGES_LOADED, "the preview's images never loaded from mkdocs serve")
    page.screenshot(path=str(harness.SCREENSHOTS / "wechat-serve-preview-mobile.png"), scale="css")
    # A draft, which serve shows with a banner, says why it cannot be copied instead.
    page.goto(served + "activities/2025/06/draft/", wait_until="load")
    assert page.get_by_role("button", name="复制为公众号文章").count() == 0
    assert "不能复制为公众号文章：这是草稿" in page.locator(".bp-wechat").inner_text()
    context.close()
