"""A compact search index for phones, with Chinese word segmentation done once and cached.

Material's search plugin indexes every section of every page in full and runs
jieba over all of it on every build. For a branch with thousands of records
that is the largest single cost of a build and a multi-megabyte download on a
phone. Instead each page becomes one entry: its title, and for records the
summary, type, place and tags first, then the body text up to a limit. Chinese
runs are split into words with jieba (zero-width spaces between words, the form
Material's search expects); the result is cached by the text's hash, so a warm
build never loads jieba's dictionary.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path

from branchpress.core.records.model import Record

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)
_SPACES = re.compile(r"\s+")
ZWSP = "\u200b"


def html_to_text(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


def record_text(record: Record, body_text: str, limit: int) -> str:
    """What a visitor may search a record by, most telling first, the body cut at `limit` characters."""
    head = " ".join(
        part for part in (record.summary, record.type_label, record.location, " ".join(record.tags)) if part
    )
    body = body_text if len(body_text) <= limit else body_text[:limit] + "…"
    return f"{head} {body}".strip()


class Segmenter:
    """jieba, loaded only when a text has not been segmented before; results cached on disk.

    One instance can serve several builds (`mkdocs serve` keeps it): `begin` starts a
    build's count of what it used, and everything segmented stays in memory.
    """

    def __init__(self, cache_file: Path | None) -> None:
        self.file = cache_file
        self._cache: dict[str, str] = self._load()
        self._used: dict[str, str] = {}
        self.computed = 0  # this build
        self.unsaved = 0  # since the cache file was written

    def _load(self) -> dict[str, str]:
        if self.file is None:
            return {}
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def begin(self) -> None:
        self._used, self.computed = {}, 0

    def segment(self, text: str) -> str:
        key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = _HAN.sub(self._split, text)
            self.computed += 1
            self.unsaved += 1
        self._used[key] = cached
        return cached

    @staticmethod
    def _split(match: re.Match) -> str:
        return _split_run(match.group(0))

    def save(self, prune: bool = True) -> None:
        """With `prune`, keep only what this build used, so the cache does not grow with
        deleted pages; without it (a build that segmented only some pages), keep all."""
        if self.file is None:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        data = self._used if prune else self._cache
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        temporary.replace(self.file)
        self.unsaved = 0


@lru_cache(maxsize=1 << 16)
def _split_run(run: str) -> str:
    """One run of Han characters in words. jieba segments each run on its own, so a run met
    again (dates' 月 and 日, a listing's 共有…人参与, phrases pages share) is looked up, not
    segmented again; the bound keeps memory flat at 10,000 records."""
    return ZWSP + ZWSP.join(_jieba().cut(run)) + ZWSP


@lru_cache(maxsize=1)
def _jieba():
    import jieba  # noqa: PLC0415 - its dictionary costs a second; only load it when needed

    jieba.setLogLevel(60)  # its "Building prefix dict" chatter is not for staff
    return jieba
