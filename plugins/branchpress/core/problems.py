"""Problems found in content, reported to staff in Chinese with the file, line and fix."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# A message quotes what staff wrote (“…”); a value pasted by mistake (a whole article in
# `type`) would fill the terminal. A quoted value is cut past LONGEST_QUOTE characters, and
# any message past LONGEST_MESSAGE.
LONGEST_QUOTE = 60
LONGEST_MESSAGE = 1000
_LONG_QUOTE = re.compile(f"“([^”]{{{LONGEST_QUOTE + 1},}})”")


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
        message = _LONG_QUOTE.sub(lambda m: f"“{m.group(1)[:LONGEST_QUOTE]}…”", self.message)
        if len(message) > LONGEST_MESSAGE:
            message = f"{message[:LONGEST_MESSAGE]}…（过长，已截断）"
        return f"[{self.severity.value}] {where}{field}：{message} 修改方法：{self.fix}"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file and line so that reports read top to bottom, each once (a
    check that runs on two views of one file must not say the same thing twice)."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
