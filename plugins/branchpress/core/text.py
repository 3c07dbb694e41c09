"""Text helpers for Chinese pages: dates, reading time and summaries."""

from __future__ import annotations

import html
import math
import re
from datetime import datetime

import markdown
from markupsafe import Markup

CHARACTERS_PER_MINUTE = 400

# Han ideographs (with extension A and compatibility), kana and hangul count one each.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")
_TAGS = re.compile(r"<[^>]+>")
_MORE = "<!-- more -->"
_SPACES = re.compile(r"\s+")
_MARKUP_LINE = re.compile(r"^\s*(?:#|>|[-*+] |\d+\. |!\[|\||```|<)")


def format_date(value: datetime) -> str:
    """2026年5月12日 — the form Chinese readers expect, without leading zeros."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_datetime(value: datetime) -> str:
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}"


def format_number(value: float | int | None) -> str:
    """3.0 -> 3, 2.5 -> 2.5, 12000 -> 12,000: figures as a reader expects them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}".removesuffix(".0")


def reading_minutes(markdown_text: str) -> int:
    """Minutes to read: Chinese characters at about 400 a minute, a Latin word counts as one."""
    text = _TAGS.sub(" ", markdown_text)
    count = len(_CJK.findall(text)) + len(_LATIN_WORD.findall(text))
    return max(1, math.ceil(count / CHARACTERS_PER_MINUTE))


# One converter, reset between uses: building a Markdown instance costs more than converting
# a paragraph, and this runs once per record.
_CONVERTER = markdown.Markdown()


def markdown_to_text(markdown_text: str) -> str:
    """Plain text of a short Markdown fragment (for summaries and descriptions)."""
    rendered = _CONVERTER.reset().convert(markdown_text)
    return _SPACES.sub(" ", html.unescape(_TAGS.sub("", rendered))).strip()


def summary_source(body: str) -> str:
    """The Markdown that stands for the summary: before <!-- more -->, else the first paragraph."""
    if _MORE in body:
        return body.split(_MORE, 1)[0].strip()
    paragraph: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            if paragraph:
                break
            continue
        if not paragraph and _MARKUP_LINE.match(line):
            continue  # headings, quotes, lists and images are not a summary
        paragraph.append(line)
    return "\n".join(paragraph)


def summarize(body: str) -> str:
    return markdown_to_text(summary_source(body))


def plain_text(value) -> str:
    """Page titles are escaped Markup for Material's templates; cards and tags want the text."""
    if value is None:
        return ""
    return str(value.unescape()) if isinstance(value, Markup) else str(value)
