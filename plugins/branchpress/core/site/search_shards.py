"""The search index in pieces a visitor loads by need: a term index in shards, one file a page.

With every page's text in one `search_index.json`, opening search on a phone downloads
the whole site's text: 31 MB at 10,000 records. Here that file keeps only Material's
search configuration (the manifest); the rest is split so that one query loads little:

- `search/terms/<n>.json`: for every term (a word as Material's search splits it: the
  configured separator, jieba's zero-width spaces, lower case) the pages that hold it,
  as base-36 gaps between page numbers, each gap doubled plus one when the term is in the
  page's title. A term lives in shard `codepoint(first character) % count`, so a query
  needs the shards of its characters only: Material segments a Chinese query greedily
  against the index's words at any position, and appends a wildcard to every word, so
  every word it could match starts with one of the query's characters.
- `search/pages/<n>.json`: one page's entry (location, title, text, tags) as Material's
  worker takes it; a query loads only its best candidates' entries (`limit`).

The browser side is `branchpress/search/worker.py`: a search worker that speaks Material's
protocol, picks the candidates and hands them to Material's own worker to rank and show.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TERMS = "search/terms"
PAGES = "search/pages"
# Average bytes a term shard aims at: small enough that a query of a few characters loads a
# few of them, large enough that a small site is not a thousand tiny files.
SHARD_BYTES = 16_384
# lunr's trimmer takes punctuation off both ends of a word ("，python" is found as "python");
# what is left of a token of punctuation only is never searched.
_TRIM = re.compile(r"^\W+|\W+$")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def terms_of(text: str, separator: re.Pattern) -> set[str]:
    """The words Material's search makes of a field: split at the separator, lower-cased."""
    words = (token if token.isalnum() else _TRIM.sub("", token) for token in set(separator.split(text)))
    return {word.lower() for word in words if word}


def encode_postings(postings: list[tuple[int, bool]]) -> str:
    """Page numbers ascending as base-36 gaps, `gap * 2 + 1` when the term is in the title."""
    return _encode(page * 2 + int(in_title) for page, in_title in postings)


def _encode(numbers) -> str:
    """`page * 2 + in_title` numbers, pages ascending, as encode_postings writes them."""
    parts, last = [], 0
    for number in numbers:
        page = number >> 1
        value = (page - last) << 1 | number & 1
        parts.append(_SMALL[value] if value < len(_SMALL) else _base36(value))
        last = page
    return ",".join(parts)


def decode_postings(encoded: str) -> list[tuple[int, bool]]:
    postings, page = [], 0
    for part in encoded.split(",") if encoded else ():
        value = int(part, 36)
        page += value >> 1
        postings.append((page, bool(value & 1)))
    return postings


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


_SMALL = [_base36(number) for number in range(4096)]  # most gaps: written once, looked up


def shard_of(term: str, count: int) -> int:
    return ord(term[0]) % count


@dataclass(frozen=True)
class ShardedIndex:
    manifest: dict  # goes into search_index.json's `config`, under `shards`
    files: dict[str, str]  # site path -> JSON text


def shard_index(entries: list[dict], separator: str, limit: int) -> ShardedIndex:
    """Split Material-shaped entries (location, title, text, tags) into term shards and pages."""
    pattern = re.compile(separator)
    # `page * 2 + in_title`, 4 bytes each: 10,000 records hold millions of postings.
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    files: dict[str, str] = {}
    for number, entry in enumerate(entries):
        title = terms_of(entry.get("title", ""), pattern)
        other = terms_of(entry.get("text", ""), pattern)
        for tag in entry.get("tags", ()):
            other |= terms_of(tag, pattern)
        for term in sorted(title | other):
            postings[term].append(number * 2 + (term in title))
        files[f"{PAGES}/{number}.json"] = _dumps(entry)
    encoded = {term: _encode(numbers) for term, numbers in postings.items()}
    size = sum(len(term.encode()) + len(value) + 6 for term, value in encoded.items())
    count = max(1, math.ceil(size / SHARD_BYTES))
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for term in sorted(encoded):
        shards[shard_of(term, count)][term] = encoded[term]
    for number, shard in enumerate(shards):
        files[f"{TERMS}/{number}.json"] = _dumps(shard)
    # Browsers may keep these files across builds: the version in every URL tells them apart.
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path].encode())
    manifest = {"terms": count, "pages": len(entries), "limit": limit, "version": digest.hexdigest()[:12]}
    return ShardedIndex(manifest, files)


def cached_shard_index(entries: list[dict], separator: str, limit: int, cache_file: Path | None) -> ShardedIndex:
    """shard_index, kept on disk for the next build: a warm build of unchanged pages (the same
    entries) reads it back instead of splitting every page's text again."""
    key = hashlib.sha1(_dumps([separator, limit, entries]).encode("utf-8")).hexdigest()
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file else None
    except (OSError, ValueError):
        cached = None
    if isinstance(cached, dict) and cached.get("key") == key:
        return ShardedIndex(cached["manifest"], cached["files"])
    index = shard_index(entries, separator, limit)
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_suffix(".tmp")
        temporary.write_text(_dumps({"key": key, "manifest": index.manifest, "files": index.files}), "utf-8")
        temporary.replace(cache_file)
    return index
