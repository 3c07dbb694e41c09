"""The search index in shards (core/site/search_shards.py): what a query's characters find."""

from __future__ import annotations

import json
import re

from branchpress.core.site.search_shards import (
    PAGES,
    TERMS,
    cached_shard_index,
    decode_postings,
    encode_postings,
    shard_index,
    shard_of,
    terms_of,
)

SEPARATOR = "[\\s\\u200b\\-]"
ZW = "\u200b"


def entry(location: str, title: str, text: str, tags: tuple[str, ...] = ()) -> dict:
    found = {"location": location, "title": title, "text": text}
    if tags:
        found["tags"] = list(tags)
    return found


def test_postings_come_back_as_written() -> None:
    postings = [(0, True), (1, False), (37, True), (5000, False)]
    encoded = encode_postings(postings)
    assert encoded == "1,2,21,7nq"  # gaps 0, 1, 36, 4963; doubled, plus one in a title
    assert decode_postings(encoded) == postings
    assert decode_postings("") == []


def test_terms_are_split_as_materials_search_splits_them() -> None:
    pattern = re.compile(SEPARATOR)
    text = f"{ZW}春晖{ZW}社区{ZW}，Python-Day {ZW}志愿者{ZW}"
    assert terms_of(text, pattern) == {"春晖", "社区", "python", "day", "志愿者"}


def test_every_word_lives_in_the_shard_of_its_first_character() -> None:
    entries = [
        entry("a/", f"{ZW}学雷锋{ZW}", f"{ZW}春晖{ZW}社区{ZW}"),
        entry("b/", f"{ZW}党课{ZW}", f"{ZW}春晖{ZW}大道{ZW}", ("数字助老",)),
    ]
    # Words of their own on every page: an index big enough for several shards.
    entries += [entry(f"p{n}/", f"word{n}", f"other{n}") for n in range(3000)]
    index = shard_index(entries, SEPARATOR, 50)
    count = index.manifest["terms"]
    assert count > 1
    assert index.manifest["pages"] == 3002 and index.manifest["limit"] == 50
    shards = {n: json.loads(index.files[f"{TERMS}/{n}.json"]) for n in range(count)}
    for word in ("春晖", "社区", "学雷锋", "党课", "大道", "数字助老"):
        assert word in shards[shard_of(word, count)], word
        assert all(word not in shard for n, shard in shards.items() if n != shard_of(word, count))
    chunhui = decode_postings(shards[shard_of("春晖", count)]["春晖"])
    assert [page for page, _ in chunhui] == [0, 1]
    assert not any(in_title for _, in_title in chunhui)
    lesson = decode_postings(shards[shard_of("党课", count)]["党课"])
    assert lesson == [(1, True)]
    assert decode_postings(shards[shard_of("word7", count)]["word7"]) == [(9, True)]
    assert json.loads(index.files[f"{PAGES}/1.json"]) == entries[1]


def test_the_version_changes_with_any_page() -> None:
    one = shard_index([entry("a/", "标题", "正文")], SEPARATOR, 50)
    same = shard_index([entry("a/", "标题", "正文")], SEPARATOR, 50)
    other = shard_index([entry("a/", "标题", "正文改了")], SEPARATOR, 50)
    assert one.manifest["version"] == same.manifest["version"] != other.manifest["version"]


def test_unchanged_entries_are_read_back_from_the_cache(tmp_path) -> None:
    cache = tmp_path / "shards.json"
    entries = [entry("a/", "标题", "正文")]
    first = cached_shard_index(entries, SEPARATOR, 50, cache)
    assert first == shard_index(entries, SEPARATOR, 50)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["manifest"]["marker"] = "from the cache"
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert cached_shard_index(entries, SEPARATOR, 50, cache).manifest["marker"] == "from the cache"
    changed = cached_shard_index([entry("a/", "标题", "正文改了")], SEPARATOR, 50, cache)
    assert "marker" not in changed.manifest and changed.files[f"{PAGES}/0.json"].endswith('"正文改了"}')
    cache.write_text("{not json", encoding="utf-8")
    assert cached_shard_index(entries, SEPARATOR, 50, cache) == first
