"""Browser tests: the demo site built once, served on 127.0.0.1, driven in Debian's Chromium.

Each test opens its page in a fresh browser context (no cache, no cookies: a first view) and
gets a `Visit` that recorded every request, failed request, error response and console error.

Where a program the tests need is missing, they skip with one reason per missing thing, unless
BRANCHPRESS_REQUIRE_BROWSER=1 (set by .ci/run), which turns every such skip into a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from . import harness
from .harness import VIEWPORTS, Visit, require

HERE = Path(__file__).parent


# First, so that -m selects by the marker (pytest deselects in its own modifyitems hook).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder is a `browser` test (markers: pyproject.toml). The hook sees the
    whole session's items, so it marks only those collected from here."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return harness.build_demo(tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def server(demo_site: Path) -> Iterator[harness.SiteServer]:
    with harness.SiteServer(demo_site) as running:
        yield running


@pytest.fixture(scope="session")
def site_pages(demo_site: Path) -> dict[str, str]:
    """The pages under test, by name: URL paths on the served site.

    The demo must have every one of them (it enables branchpress/volunteers): a page missing
    from its build fails the tests that open it (HTTP 404), it is never skipped.
    """
    return {
        "home": "/",
        "listing": "/news/",
        "record": harness.first_record(demo_site),
        "volunteers": "/volunteers/",
        "culture": "/culture/",
        "404": "/no-such-page/",
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require(harness.missing_chromium())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(harness.CHROMIUM), args=harness.CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: object, server: harness.SiteServer) -> Iterator[object]:
    """open_page(path, viewport_name, expect_status=200) -> Visit, in a fresh browser context."""
    contexts = []

    def open_(path: str, viewport: str, expect_status: int = 200) -> Visit:
        context = browser.new_context(**VIEWPORTS[viewport], locale="zh-CN", service_workers="block")
        contexts.append(context)
        page = context.new_page()
        visit = Visit(base=server.url, page=page)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("requestfinished", lambda request: visit.finished.append(request))
        page.on("requestfailed", lambda request: visit.failed.append(f"{request.url}: {request.failure}"))

        def on_response(response: object) -> None:
            expected = response.request.is_navigation_request() and response.status == expect_status
            if response.status >= 400 and not expected:
                visit.bad_status.append(f"{response.status} {response.url}")

        def on_console(message: object) -> None:
            if message.type != "error":
                return
            location = message.location.get("url", "")
            # Chromium logs the 404 page's own status as a console error; that one is expected.
            if expect_status == 404 and location == page.url and "404" in message.text:
                return
            visit.console_errors.append(f"{message.text} ({location})")

        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
        response = page.goto(urljoin(server.url, path), wait_until="load")
        assert response is not None and response.status == expect_status, (
            f"{path}: HTTP {response.status if response else 'no response'}, expected {expect_status}"
        )
        visit.settle()
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(harness.missing_node_package(harness.AXE_SCRIPT, "axe-core"))
    return harness.AXE_SCRIPT
