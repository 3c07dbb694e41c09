"""Problems found in content, reported to staff in Chinese with the file, line and fix."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: what, where and how to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str
    fix: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file} 第 {self.line} 行"
        field = f"，字段 {self.field}" if self.field else ""
        return f"[{self.severity.value}] {where}{field}：{self.message} 修改方法：{self.fix}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file and line so that reports read top to bottom."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
