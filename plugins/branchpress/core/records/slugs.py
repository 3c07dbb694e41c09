"""ASCII slugs for URLs: Chinese becomes pinyin, everything else is folded to a-z0-9-."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pypinyin import Style, lazy_pinyin

_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[-_ ]+|$)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 60


def slugify(text: str) -> str:
    """Turn any text into a URL slug; Chinese characters become toneless pinyin words."""
    # lazy_pinyin keeps non-Chinese runs as they are, so "2025年Q3党课" -> ["2025", "nian", ...]
    words = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    joined = "-".join(words)
    folded = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug


def slug_from_filename(stem: str) -> str:
    """The file name without its YYYY-MM-DD- prefix, as a slug."""
    return slugify(_DATE_PREFIX.sub("", stem))


def is_valid_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug))


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, else base-2, base-3, ...: the first that `taken` says is free."""
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
