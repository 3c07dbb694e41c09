"""Checks of the pages staff write by hand besides records (home, culture pages).

Such a page is published as it is, so a personal number in it must stop the
build like one in a record (off-host loads are read from the rendered page,
core/site/page_loads.py). A page need not have front matter; when it has, the
problem names the key whose value carries the number.
"""

from __future__ import annotations

from branchpress.core.problems import Problem

from .frontmatter import FrontMatterError, ParsedFile, split_record
from .personal_numbers import BODY, number_problem
from .privacy import find_personal_numbers, line_of
from .settings import SiteSettings


def check_page(source: str, text: str, settings: SiteSettings) -> list[Problem]:
    """Personal numbers in a hand-written page, with the line and front-matter key."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    findings = find_personal_numbers(text, settings.privacy_allow)
    if not findings:
        return []
    try:
        parsed: ParsedFile | None = split_record(text)
    except FrontMatterError:
        parsed = None  # pages need no front matter; then every line is body
    problems = []
    for finding in findings:
        line = line_of(text, finding.start) + 1
        field = _page_field(parsed, line)
        where = BODY if field == BODY else f"front matter 的 {field}" if field else "页面"
        problems.append(number_problem(source, line, field, where, finding))
    return problems


def _page_field(parsed: ParsedFile | None, line: int) -> str | None:
    if parsed is None or line >= parsed.body_line:
        return BODY
    keys = [(key_line, key) for key, key_line in parsed.key_lines.items() if key_line <= line]
    return max(keys)[1] if keys else None
