"""Search in Chromium with the index in shards: Material's search box, a Chinese query, and what
the page downloads for it (branchpress/search, core/site/search_shards.py)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from . import harness
from .harness import VIEWPORTS

# Distinct from every other record's text, so the right answer is one record.
NEEDLE = "春晖社区"
OTHERS = 40


@pytest.fixture
def searchable(site) -> Iterator[tuple[str, int]]:
    """A site of 41 records, one of them about 春晖社区, served as a host that does not compress;
    also the bytes of every search file written (what a visitor once downloaded whole)."""
    site.config["plugins"][0] = {"search": {"lang": "zh", "separator": "[\\s\\u200b\\-]"}}
    site.config["plugins"] += ["branchpress/material"]
    site.record(
        "2025/2025-03-05-lei-feng.md",
        "title: 学雷锋志愿服务进社区\ndate: 2025-03-05\ntype: volunteer\ntags: [志愿者]",
        "志愿者走进春晖社区，手把手教老人使用智能手机。",
    )
    for number in range(OTHERS):
        day = 1 + number % 28
        site.record(
            f"2024/2024-{1 + number // 28:02d}-{day:02d}-r{number}.md",
            f"title: 支部学习教育第{number}期\ndate: 2024-{1 + number // 28:02d}-{day:02d}\ntype: study",
            "支部党员集中学习党的二十大精神，交流学习体会，讨论如何把学习成果转化为服务企业的实际行动。" * 8,
        )
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    files = result.site / "search"
    total = sum(path.stat().st_size for path in files.rglob("*.json"))
    with harness.SiteServer(result.site, compress=False) as server:
        yield server.url, total


def test_a_chinese_query_finds_its_record_and_loads_a_small_part_of_the_index(browser, searchable) -> None:
    url, total = searchable
    context = browser.new_context(**VIEWPORTS["mobile"], locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        errors = harness.page_errors(page)
        page.goto(url, wait_until="load")
        harness.settle(page)
        responses: list = []  # read once search has answered: not from inside the event
        context.on("response", lambda response: responses.append(response))
        page.locator("label[for=__search]").first.click()
        # Material reads the box on keyup; Chinese arrives as text input (as from an IME), which
        # has no keyup here, so a key that types nothing follows, as in test_material.
        page.locator("[data-md-component=search-query]").fill(NEEDLE)
        page.keyboard.press("End")
        results = page.locator("[data-md-component=search-result] a[href]")
        results.first.wait_for(state="visible", timeout=15_000)
        paths = [urlsplit(results.nth(index).get_attribute("href")).path for index in range(results.count())]
        assert paths == ["/activities/2025/03/lei-feng/"], paths
        assert page.locator("[data-md-component=search-result] mark").first.inner_text() in NEEDLE
        fetched = {
            urlsplit(response.url).path: len(response.body())
            for response in responses
            if any(part in response.url for part in ("/search/", "/workers/", "/lunr/"))
        }
        search_bytes = sum(size for path, size in fetched.items() if "/search/" in path)
        harness.report(
            f"search for {NEEDLE} at {OTHERS + 1} records: {search_bytes:,} bytes of the index's {total:,}"
            f" ({len([p for p in fetched if '/search/pages/' in p])} pages), worker and lunr"
            f" {sum(size for path, size in fetched.items() if '/search/' not in path):,} bytes"
        )
        assert any("/search/terms/" in path for path in fetched), fetched
        # The one page that holds the query's words, not the other forty.
        assert len([path for path in fetched if "/search/pages/" in path]) == 1, fetched
        assert search_bytes < total / 4, (search_bytes, total)
        assert errors == []
    finally:
        context.close()


def test_chinese_committed_by_an_input_method_searches_without_a_key_event(browser, searchable) -> None:
    """A phone's input method may commit 春晖社区 as text input with no keyup, on which alone
    Material reads the search box; branchpress/material's script makes the input count."""
    url, _total = searchable
    context = browser.new_context(**VIEWPORTS["mobile"], locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        harness.settle(page)
        page.locator("label[for=__search]").first.click()
        box = page.locator("[data-md-component=search-query]")
        box.fill("学习")  # a first query typed with keys, once search is loaded
        page.keyboard.press("End")
        page.locator("[data-md-component=search-result] a[href*='/2024/']").first.wait_for(timeout=15_000)
        box.fill(NEEDLE)  # then only an input event, no key
        lei_feng = page.locator("[data-md-component=search-result] a[href*='lei-feng']")
        lei_feng.first.wait_for(timeout=15_000)
        assert page.locator("[data-md-component=search-result] a[href*='/2024/']").count() == 0
    finally:
        context.close()
