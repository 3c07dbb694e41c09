"""branchpress/search: one compact, segmented entry per page; jieba only for new text."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from helpers.sites import SiteBuilder


def index_of(result) -> dict:
    return {"docs": result.search_entries}


def test_one_entry_per_page_with_the_record_facts_first(site: SiteBuilder):
    site.config["plugins"][-1] = {"branchpress/search": {"text_limit": 40}}
    site.record(
        "2025/2025-03-05-phone.md",
        "title: 手机课堂开课\ndate: 2025-03-05\ntype: volunteer\nsummary: 教老人用手机\n"
        "location: 春晖社区\ntags: [数字助老]",
        "老人们学会了用智能手机挂号。" + "很长的正文。" * 40 + "末尾独有词语",
    )
    site.record("2025/2025-04-01-news.md", "title: 支部动态\ndate: 2025-04-01\ntype: news")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    docs = index_of(result)["docs"]
    locations = [d["location"] for d in docs]
    assert sorted(locations) == sorted(["", "activities/2025/03/phone/", "activities/2025/04/news/"])
    phone = next(d for d in docs if d["location"] == "activities/2025/03/phone/")
    text = phone["text"].replace("\u200b", "")
    assert text.startswith("教老人用手机 志愿服务 春晖社区 数字助老 老人们学会了用智能手机挂号。")
    assert "末尾独有词语" not in text  # past the 40-character limit
    assert "\u200b智能手机\u200b" in phone["text"]  # segmented into words for Material's separator
    assert phone["tags"] == ["数字助老"]
    assert "新分词 " in result.output and "新分词 0 段" not in result.output
    warm = site.build("--strict")
    assert "新分词 0 段" in warm.output  # a warm build never loads jieba
    assert index_of(warm) == index_of(result)


def test_search_index_is_a_manifest_and_pages_name_our_worker(site: SiteBuilder):
    site.record("2025/2025-03-05-phone.md", "title: 手机课堂开课\ndate: 2025-03-05\ntype: volunteer")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    index = json.loads((result.site / "search/search_index.json").read_text(encoding="utf-8"))
    manifest = index["config"]["shards"]
    assert index["docs"] == [] and manifest["pages"] == len(result.search_entries) == 2
    assert manifest["limit"] == 50
    for number in range(manifest["terms"]):
        assert (result.site / f"search/terms/{number}.json").is_file()
    for page in ("", "activities/2025/03/phone/", "404.html"):
        config = json.loads(result.html(page).select_one("#__config").get_text())
        worker = result.site / urljoin("https://example.org/branch/" + page, config["search"]).removeprefix(
            "https://example.org/branch/"
        )
        assert worker.name.startswith("branchpress-search."), config["search"]
        script = worker.read_text(encoding="utf-8")
        # It runs Material's own worker, which is beside it in the site.
        material = re.search(r'importScripts\("([^"]+)"\)', script).group(1)
        assert (worker.parent / material).is_file() and material.startswith("search.")
