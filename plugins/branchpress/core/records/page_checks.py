"""Checks of the pages staff write by hand besides records (home, culture pages).

Such a page is published as it is, so a personal number in it must stop the
build like one in a record (off-host loads are read from the rendered page,
core/site/page_loads.py). A page need not have front matter; when it has, the problem names the
key whose value carries the number.

Its front matter is read by MkDocs, which silently takes YAML it cannot parse
for the start of the body: the text would land in the page (and in the annual
report's PDF) as a heading. So a page that opens a front matter must hold a
valid one, and it is read here with the records' own reader. A page that is not
UTF-8 (Chinese Windows Notepad saves GBK) gets the message a record gets.
"""

from __future__ import annotations

import re

from branchpress.core.problems import Problem

from .frontmatter import FrontMatterError, ParsedFile, has_front_matter, split_record
from .personal_numbers import BODY, number_problem
from .privacy import find_personal_numbers, line_of
from .settings import SiteSettings

# The annual report's own text: content/reports/YYYY.md (branchpress/reports, HAND_WRITTEN).
_REPORTS = re.compile(r"^reports/[^/]+\.md$")
_REPORT_YEAR = re.compile(r"^reports/\d{4}\.md$")
NOT_UTF8 = ("文件不是 UTF-8 编码，无法读取。", "用编辑器把文件另存为 UTF-8 编码。")


def check_page(source: str, content: str | bytes, settings: SiteSettings) -> list[Problem]:
    """Problems of a hand-written page: its encoding, its front matter, its file name under
    reports/, and personal numbers and off-host loads, with the line and front-matter key."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            return [Problem(source, None, None, *NOT_UTF8)]
    text = content.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [*_shape_problems(source, text), *_content_problems(source, text, settings)]


def _shape_problems(source: str, text: str) -> list[Problem]:
    problems = []
    if _REPORTS.match(source) and not _REPORT_YEAR.match(source):
        problems.append(
            Problem(
                source,
                None,
                None,
                "reports 文件夹里的页面是某一年的年度报告正文，文件名必须是四位年份。",
                "把文件改名为年份，例如 reports/2026.md；不是年度报告的页面请移出 reports 文件夹。",
            )
        )
    if has_front_matter(text):
        try:
            parsed = split_record(text)
        except FrontMatterError as error:
            problems.append(Problem(source, error.line, None, error.message, error.fix))
        else:
            problems.extend(
                Problem(source, line, key, f"字段 {key} 写了两次，只有最后一次有效。", "删掉多余的一行。")
                for key, line in parsed.duplicates
            )
    return problems


def _content_problems(source: str, text: str, settings: SiteSettings) -> list[Problem]:
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
