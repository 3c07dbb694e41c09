"""`branchpress/material` in Chromium, on a small site served at its own site_url (as deployed).

The demo tests serve the demo away from its site_url; here the host is the site's own, so a
request Material makes to the site itself is seen as a request, not as one that left 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import pytest

from . import harness
from .harness import VIEWPORTS


@pytest.fixture
def deployed(site) -> Iterator[str]:
    """A site with feeds (each a <link rel=alternate> on every page) at its own site_url."""
    with harness.SiteServer(site.root / "site") as server:
        site.config["site_url"] = server.url
        site.config["plugins"] += [{"branchpress/feeds": {"limit": 5}}, "branchpress/material"]
        site.record(
            "2025/2025-03-05-lei-feng.md",
            "title: 学雷锋志愿服务\ndate: 2025-03-05\ntype: volunteer\ntags: [志愿者]",
            "志愿者走进春晖社区，教老人使用智能手机。",
        )
        site.record(
            "2025/2025-04-10-lesson.md",
            "title: 支部书记讲党课\ndate: 2025-04-10\ntype: meeting\nmeeting: 党课",
        )
        result = site.build()
        assert result.returncode == 0, result.output
        yield server.url


@pytest.mark.parametrize("path", ["", "activities/volunteer/"])
def test_no_sitemap_look_ups_for_feed_links(browser, deployed: str, path: str) -> None:
    context = browser.new_context(**VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(urljoin(deployed, path), wait_until="load")
        # Material looks alternates' sitemaps up as it sets the page up: once settled, it has.
        harness.settle(page)
        assert page.locator("link[rel=alternate]").count() >= 2, "the page advertises no feeds"
        assert [url for url in requests if url.endswith("sitemap.xml")] == []
        assert [url for url in requests if "search" in url] == [], "search loaded before it was opened"
    finally:
        context.close()


def test_keyboard_shortcut_opens_search(browser, deployed: str) -> None:
    context = browser.new_context(**VIEWPORTS["desktop"])
    try:
        page = context.new_page()
        errors = harness.page_errors(page)
        page.goto(deployed, wait_until="load")
        harness.settle(page)  # Material listens for its shortcuts once it has set the page up
        page.keyboard.press("/")  # Material's shortcut focuses the search box
        page.keyboard.type("春晖社区")
        page.keyboard.press("End")
        results = page.locator("[data-md-component=search-result] a[href]")
        results.first.wait_for(state="visible", timeout=15_000)
        hrefs = [results.nth(index).get_attribute("href") for index in range(results.count())]
        assert any("/activities/2025/03/lei-feng/" in href for href in hrefs), hrefs
        assert errors == []
    finally:
        context.close()
