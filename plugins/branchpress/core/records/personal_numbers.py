"""What staff are told when text they meant to publish carries a personal number.

`privacy.py` finds ID-card and mobile numbers; this module turns each finding
into a Problem on the right line, with the number masked and the way out
(delete it, or allow a number that is meant to be public). Record fields,
record bodies and hand-written pages all report them in these same words.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import tzinfo
from typing import Any

from branchpress.core.fields import FieldCheck
from branchpress.core.problems import Problem, Severity

from .frontmatter import ParsedFile
from .privacy import ID_CARD, LIKELY_ID_CARD, Finding, find_personal_numbers, line_of

BODY = "正文"


def personal_number_message(where: str, finding: Finding) -> str:
    if finding.kind == LIKELY_ID_CARD:
        return (
            f"{where}里有一串数字 {finding.masked}，地区码和出生日期都像身份证号码，只是校验位不对，"
            "很可能是输错了一位的身份证号码：输错的号码同样能认出本人。"
        )
    return f"{where}里有{finding.kind} {finding.masked}。网站上的内容一经发布就会被转载和存档，无法收回。"


def privacy_fix(finding: Finding) -> str:
    if finding.kind == LIKELY_ID_CARD:
        return (
            "删除这个号码，网站上不能出现个人身份证号码，输错的也不行。如果它不是身份证号码（例如合同编号），"
            "把它加进 mkdocs.yml 中 branchpress/records 的 privacy_allow 列表，这条警告就不再出现。"
        )
    if finding.kind == ID_CARD:
        return (
            "删除这个号码，网站上不能出现个人身份证号码。如果它其实不是身份证号码（例如恰好符合校验规则的编号），"
            "把它加进 mkdocs.yml 中 branchpress/records 的 privacy_allow 列表。"
        )
    return (
        "删除这个号码，或换成单位的办公电话；如果它本来就要对外公开（例如服务热线），"
        '把它加进 mkdocs.yml 中 branchpress/records 的 privacy_allow 列表，例如 privacy_allow: ["号码"]。'
    )


def number_problem(source: str, line: int | None, field: str | None, where: str, finding: Finding) -> Problem:
    """An error; a warning for a likely mistyped ID number (the build goes on)."""
    severity = Severity.ERROR if finding.certain else Severity.WARNING
    return Problem(
        source, line, field, personal_number_message(where, finding), privacy_fix(finding), severity
    )


class PublishedFieldCheck(FieldCheck):
    """A field check for text that will be published: it also refuses personal numbers."""

    def __init__(
        self, source: str, lines: dict[str, int], allowed: Collection[str], timezone: tzinfo | None = None
    ) -> None:
        super().__init__(source, lines, timezone=timezone)
        self.allowed = allowed

    def screen(self, field: str | None, value: Any, where: str) -> bool:
        text = value if isinstance(value, str) else str(value)
        findings = find_personal_numbers(text, self.allowed)
        for finding in findings:
            self.problems.append(number_problem(self.source, self.line(field), field, where, finding))
        return any(finding.certain for finding in findings)


def body_problems(source: str, parsed: ParsedFile, allowed: Collection[str]) -> list[Problem]:
    """The body is published as it is; point at the real line of the file, not of the body."""
    return [
        number_problem(source, parsed.body_line + line_of(parsed.body, finding.start), BODY, BODY, finding)
        for finding in find_personal_numbers(parsed.body, allowed)
    ]
