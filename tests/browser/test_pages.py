"""The demo site in real Chromium, on a phone (390×844) and a desktop (1280×800).

These tests check behaviour, not pixels: the theme's look may change freely. Screenshots are
kept under test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from . import harness
from .harness import RECORD_URL, VIEWPORTS, Visit

PAGES = ["home", "listing", "record", "volunteers", "culture", "404"]
# A word in record bodies (not only in titles), so a hit proves the full text is searched.
SEARCH_WORD = "禾丰村"
FIRST_VIEW_BUDGET = 300 * 1024
# The phone's navigation drawer is open: slid fully into the viewport, its transitions over.
DRAWER_OPEN = (
    "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
    f" && ({harness.SETTLED})()"
)


def open_named(open_page, site_pages: dict[str, str], name: str, viewport: str) -> Visit:
    return open_page(site_pages[name], viewport, expect_status=404 if name == "404" else 200)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly(open_page, site_pages, name: str, viewport: str) -> None:
    visit = open_named(open_page, site_pages, name, viewport)
    visit.screenshot(f"{name}-{viewport}")
    assert visit.page.locator("h1").first.is_visible(), "the page shows no heading"
    assert visit.foreign_requests() == [], "requests left 127.0.0.1"
    assert visit.failed == [], "requests failed"
    assert visit.bad_status == [], "responses with an error status"
    assert visit.console_errors == [], "console errors"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:300]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_accessibility(open_page, site_pages, axe_script, name: str, viewport: str) -> None:
    visit = open_named(open_page, site_pages, name, viewport)
    visit.page.add_script_tag(path=str(axe_script))
    result = visit.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    others = [v for v in violations if v not in blocking]
    if others:
        harness.report(f"axe, {name} at {viewport}: minor/moderate only\n{describe(others)}")
    assert not blocking, f"serious or critical axe violations:\n{describe(blocking)}"


def click_through(visit: Visit, link: object) -> str:
    """Click a link to another page of the site; return the URL path it led to."""
    href = link.get_attribute("href")
    target = urlsplit(visit.page.evaluate("href => new URL(href, location.href).href", href)).path
    with visit.page.expect_navigation():
        link.click()
    visit.settle()
    assert urlsplit(visit.page.url).path == target
    return target


def other_page_link(visit: Visit, selector: str) -> object:
    """The first visible link matched by selector that leads to another page."""
    here = urlsplit(visit.page.url).path
    links = visit.page.locator(selector)
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        if not link.is_visible() or href.startswith(("#", "http:", "https:")):
            continue
        if urlsplit(visit.page.evaluate("h => new URL(h, location.href).href", href)).path != here:
            return link
    raise AssertionError(f"no visible link to another page matches {selector}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_navigation(open_page, site_pages, viewport: str) -> None:
    visit = open_page(site_pages["home"], viewport)
    if viewport == "desktop":
        # Material's tabs, shown on wide screens.
        link = other_page_link(visit, "[data-md-component=tabs] a[href]")
    else:
        # On a phone the site navigation lives in the drawer behind the header's menu button.
        menu = visit.page.locator("header label[for=__drawer]")
        assert menu.is_visible(), "no menu button in the header"
        menu.click()
        drawer = visit.page.locator(".md-sidebar--primary nav")
        drawer.first.wait_for(state="visible")
        harness.wait_for(visit.page, DRAWER_OPEN, "the navigation drawer never finished sliding in")
        link = other_page_link(visit, ".md-sidebar--primary a[href]")
    target = click_through(visit, link)
    visit.screenshot(f"navigation-{viewport}")
    assert target != site_pages["home"]
    assert visit.page.locator("h1").first.is_visible()
    assert visit.bad_status == [] and visit.failed == [] and visit.console_errors == []
    assert visit.foreign_requests() == []


def search_requests(visit: Visit) -> list[str]:
    worker = json.loads(visit.page.locator("#__config").text_content())["search"]
    return visit.requested("search/search_index.json") + visit.requested(worker.rsplit("/", 1)[-1])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search(open_page, site_pages, viewport: str) -> None:
    visit = open_page(site_pages["record"], viewport)
    # The index holds every page's text and grows with every record: a first view must not pay
    # for it (branchpress/material loads it when the visitor opens search).
    assert search_requests(visit) == [], "search index or worker loaded before search was opened"

    query = visit.page.locator("[data-md-component=search-query]")
    if viewport == "mobile":
        button = visit.page.locator("header label[for=__search]").first
        assert button.is_visible(), "no search button in the header"
        button.click()
        query.wait_for(state="visible")
    query.click()
    visit.page.keyboard.type(SEARCH_WORD)
    # Chinese arrives through an input method, which ends in a key press (Material searches on keyup).
    visit.page.keyboard.press("End")
    results = visit.page.locator("[data-md-component=search-result] a[href]")
    results.first.wait_for(state="visible", timeout=15_000)
    visit.screenshot(f"search-{viewport}", full_page=False)
    assert len(search_requests(visit)) == 2, "search did not load its index and worker"

    hrefs = [results.nth(index).get_attribute("href") for index in range(results.count())]
    records = [href for href in hrefs if RECORD_URL.match(urlsplit(href).path)]
    assert records, f"no search result for {SEARCH_WORD} links to a record page: {hrefs}"
    link = next(
        results.nth(index)
        for index in range(results.count())
        if RECORD_URL.match(urlsplit(results.nth(index).get_attribute("href")).path)
    )
    with visit.page.expect_navigation():
        link.click()
    visit.settle()
    assert RECORD_URL.match(urlsplit(visit.page.url).path)
    assert SEARCH_WORD in visit.page.locator("main").inner_text()
    assert visit.bad_status == [] and visit.failed == [] and visit.console_errors == []
    assert visit.foreign_requests() == []


def test_first_view_bytes(open_page, site_pages) -> None:
    """What a phone downloads to show the home page the first time (empty cache)."""
    visit = open_page(site_pages["home"], "mobile")
    rows = []
    for request in visit.finished:
        sizes = request.sizes()
        response = request.response()
        decoded = len(response.body()) if response is not None else 0
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        rows.append((wire, decoded, visit.path(request.url)))
    transferred = sum(row[0] for row in rows)
    decoded = sum(row[1] for row in rows)
    table = "\n".join(f"{wire:>9,} {body:>9,}  {path}" for wire, body, path in sorted(rows, reverse=True))
    summary = (
        f"first view of the home page at 390x844: {transferred:,} bytes transferred "
        f"({transferred / 1024:.1f} KiB; gzip, as a real host serves text), {decoded:,} bytes "
        f"uncompressed, in {len(rows)} requests\n"
        f"{'wire':>9} {'decoded':>9}  URL\n{table}"
    )
    harness.report(summary)
    print(summary)
    assert transferred <= FIRST_VIEW_BUDGET, summary
