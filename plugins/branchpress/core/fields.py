"""Say once what each hand-written field may hold; get every wrong value back as a Problem.

Staff write three kinds of YAML by hand: a record's front matter, the volunteer
roster and the brand options in mkdocs.yml. All three answer mistakes the same
way (docs/records.md, Errors): every wrong value becomes a `Problem` naming the file,
line and field in Chinese with the fix, all of them at once, and nothing raises
for content. So each validator declares its fields (`Field`, gathered in a
`Schema`) and lets a `FieldCheck` read them; only what no declaration can say
(a photo that must exist, a volunteer's own hours) stays hand-written beside it.

Plain Python on purpose: the core never imports MkDocs.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from branchpress.core.problems import Problem, Severity
from branchpress.core.records.dates import DATE_FORMAT_HINT, YEAR_RANGE_HINT, parse_date


class Kind(enum.Enum):
    """What a field holds: each kind reads a value one way and tells a wrong one one way."""

    TEXT = enum.auto()
    FLAG = enum.auto()  # true or false
    COUNT = enum.auto()  # a number of people: whole, not negative
    NUMBER = enum.auto()  # hours: may have a fraction, not negative
    TEXTS = enum.auto()  # a list of texts; one text stands for a list of one
    DATE = enum.auto()  # 2026-05-12 or 2026-05-12 14:30, read as (moment, has_time)
    OWN = enum.auto()  # declared so the key is known; its validator reads it by hand


@dataclass(frozen=True, slots=True)
class Field:
    """One key staff may write: what it holds and what they are told when it is wrong."""

    name: str
    kind: Kind
    required: bool = False
    fix: str = ""
    """How to write a good value, shown when the written one is wrong; each kind has a default."""
    missing: str = ""
    """The message when a required field has no value; default 缺少必填字段 <name>。"""
    missing_fix: str = ""
    """How to add it, shown with `missing`."""
    shown_as: str = ""
    """Where the text is published (标题): `FieldCheck.screen` looks at it."""
    item: str = "文字"
    """TEXTS: what one item is called in messages (标签)."""
    item_fix: str = ""
    """TEXTS: how to write one item; default `fix`."""
    default: Any = None
    """FLAG: the value when the key is not written."""
    blank_is_wrong: bool = False
    """An empty value is checked like any other instead of counting as not written: where a
    blank must stop the build (a volunteer's consent, a brand colour)."""
    parse: Callable[[Any], Any] | None = None
    """Turns the written value into what the site uses, or None when it cannot (a colour, a
    filing number); for TEXT it gets the stripped text."""
    wrong: str = ""
    """The message when `parse` gives None; {value} is what was written (a text stripped)."""


class Schema:
    """The fields of one kind of mapping, in the order the "可用字段" hint lists them."""

    def __init__(
        self,
        *fields: Field,
        also_known: Iterable[str] = (),
        unknown: Severity = Severity.WARNING,
        whose: str = "",
    ) -> None:
        self.fields = fields
        self.names = tuple(field.name for field in fields)
        # Keys accepted without being read (Material's own page keys on a record).
        self.known = frozenset((*self.names, *also_known))
        # A record ignores a key it does not know; a roster entry with one stops the build.
        self.unknown = unknown
        # Whose keys these are in messages ("同一位志愿者"); default "字段 <key>".
        self.whose = whose
        self.required = tuple(field for field in fields if field.required)
        # (name, field, its kind's reader, its value when not written), found once, not per record.
        self.read = tuple(
            (field.name, field, _READERS[field.kind], _not_written(field))
            for field in fields
            if field.kind is not Kind.OWN
        )
        self._by_name = {field.name: field for field in fields}

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]


class FieldCheck:
    """Reads the declared fields of one mapping, keeping a Problem for every wrong value."""

    def __init__(
        self,
        source: str,
        lines: Mapping[str, int] | None = None,
        *,
        line: int | None = None,
        prefix: str = "",
        timezone: tzinfo | None = None,
    ) -> None:
        self.source = source
        self.lines = lines if lines is not None else {}
        # Where a field without a line of its own is reported (the roster entry's line).
        self.fallback_line = line
        # Put before every field name in problems ("branchpress/brand.").
        self.prefix = prefix
        self.timezone = timezone
        self.problems: list[Problem] = []

    @property
    def failed(self) -> bool:
        return any(problem.is_error for problem in self.problems)

    def line(self, field: str | None) -> int | None:
        return self.lines.get(field, self.fallback_line) if field else self.fallback_line

    def report(
        self,
        field: str | None,
        message: str,
        fix: str,
        severity: Severity = Severity.ERROR,
        line: int | None = None,
    ) -> None:
        at = self.line(field) if line is None else line
        name = f"{self.prefix}{field}" if field else field
        self.problems.append(Problem(self.source, at, name, message, fix, severity))

    def error(self, field: str | None, message: str, fix: str) -> None:
        self.report(field, message, fix)

    def warn(self, field: str | None, message: str, fix: str) -> None:
        self.report(field, message, fix, Severity.WARNING)

    def screen(self, field: str | None, value: Any, where: str) -> bool:
        """A text about to be published; True when it may not be. Nothing is screened here:
        a check of published text overrides this (see `personal_numbers`)."""
        return False

    def duplicates(
        self, schema: Schema, duplicates: Iterable[tuple[str, int]], *, later_wins: bool = True
    ) -> None:
        """Keys written a second time, at `line`; `later_wins`: the later value is the one read."""
        for key, line in duplicates:
            whose = f"{schema.whose}的 {key}" if schema.whose else f"字段 {key}"
            which = "，只有后一个会生效" if later_wins else ""
            self.report(
                key,
                f"{whose} 写了两次（第 {self.lines.get(key)} 行和第 {line} 行）{which}。",
                "删掉其中一行，只保留正确的那个。",
                line=line,
            )

    def keys(self, schema: Schema, data: Mapping[Any, Any]) -> None:
        """Unknown keys, with a guess at the one meant, and required keys without a value."""
        for key in data:
            if key in schema.known:
                continue
            close = difflib.get_close_matches(str(key), schema.names, n=1, cutoff=0.6)
            hint = f"是不是想写 {close[0]}？" if close else f"可用字段：{'、'.join(schema.names)}。"
            ignored = "，它不会被使用" if schema.unknown is Severity.WARNING else ""
            self.report(
                str(key), f"未知字段“{key}”{ignored}。", f"{hint}不需要就删除这一行。", schema.unknown
            )
        for field in schema.required:
            value = data.get(field.name)
            if value is None or value == "":
                message = field.missing or f"缺少必填字段 {field.name}。"
                self.error(field.name, message, field.missing_fix or f"填写 {field.name}。")

    def values(self, schema: Schema, data: Mapping[Any, Any]) -> dict[str, Any]:
        """Every declared field but the OWN ones, read from `data`: None, () or the flag's default
        where a key is not written or its value is wrong."""
        found = {}
        for name, field, read, absent in schema.read:
            value = data.get(name, _NOT_WRITTEN)
            found[name] = absent if value is _NOT_WRITTEN else read(self, field, value)
        return found

    def value(self, field: Field, value: Any) -> Any:
        return _READERS[field.kind](self, field, value)

    def number(self, field: str, value: Any, *, whole: bool, label: str, fix: str = "") -> float | int | None:
        """A number that is not negative (and whole for counts of people); `label` names it."""
        try:
            usable = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        except OverflowError:  # an int too long for a float: YAML reads 400 digits as one
            usable = False
        kind = "整数" if whole else "数字"
        if not usable:
            example = "12" if whole else "2.5"
            self.error(
                field,
                f"{label} 必须是{kind}，现在是“{value}”。",
                fix or f"只写{kind}，不带单位，例如 {example}。",
            )
            return None
        if value < 0:
            self.error(field, f"{label} 不能是负数（现在是 {value}）。", f"改成 0 或正{kind}。")
            return None
        if whole and value != int(value):
            self.error(field, f"{label} 必须是整数（现在是 {value}）。", "人数请写整数。")
            return None
        return int(value) if whole else float(value)

    def _text(self, field: Field, value: Any) -> Any:
        if (value is None or value == "") and not field.blank_is_wrong:
            return None
        name = field.name
        if value is None or isinstance(value, (bool, list, dict)):
            self.error(
                name, f"{name} 应该是一段文字。", field.fix or f"把 {name} 改成一行文字，例如 {name}: …"
            )
            return None
        text = str(value).strip()
        if not text:
            if field.required:
                self.error(name, field.missing or f"{name} 不能为空。", field.missing_fix or f"填写 {name}。")
                return None
            if not field.blank_is_wrong:
                return None
        if field.parse is not None:
            return self._parsed(field, field.parse, text, text)
        if field.shown_as:
            self.screen(name, text, field.shown_as)
        return text

    def _flag(self, field: Field, value: Any) -> bool:
        if value is None and not field.blank_is_wrong:
            return bool(field.default)
        if not isinstance(value, bool):
            name = field.name
            self.error(
                name,
                f"{name} 只能是 true 或 false，现在是“{value}”。",
                field.fix or f"写成 {name}: true 或删除这一行。",
            )
            return bool(field.default)
        return value

    def _amount(self, field: Field, value: Any) -> float | int | None:
        if (value is None or value == "") and not field.blank_is_wrong:
            return None
        return self.number(field.name, value, whole=field.kind is Kind.COUNT, label=field.name, fix=field.fix)

    def _texts(self, field: Field, value: Any) -> tuple[str, ...]:
        if value is None and not field.blank_is_wrong:
            return ()
        name = field.name
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = [value]  # one text (or number) stands for a list of one, as it does in a list
        if not isinstance(value, list):
            self.error(
                name, f"{name} 应该是一组{field.item}。", field.fix or f"写成 {name}: [第一项, 第二项]。"
            )
            return ()
        texts: list[str] = []
        for item in value:
            if item is None or isinstance(item, (dict, list, bool)) or not str(item).strip():
                self.error(name, f"{field.item}“{item}”不是一段文字。", field.item_fix or field.fix)
                continue
            text = str(item).strip()
            if field.shown_as and self.screen(name, text, field.shown_as):
                continue
            if text not in texts:
                texts.append(text)
        return tuple(texts)

    def _date(self, field: Field, value: Any) -> Any:
        if (value is None or value == "") and not field.blank_is_wrong:
            return None
        if field.parse is not None:
            return self._parsed(field, field.parse, value, value.strip() if isinstance(value, str) else value)
        moment, has_time, problem = parse_date(str(value), self.timezone)
        if problem == "format":
            self.error(field.name, f"日期“{value}”格式无法识别。", field.fix or f"{DATE_FORMAT_HINT}。")
        elif problem == "impossible":
            self.error(
                field.name,
                f"日期“{value}”不存在（例如 2 月没有 30 日，小时须在 0–23 之间）。",
                f"改成日历上真实存在的日期，{DATE_FORMAT_HINT}。",
            )
        elif problem == "range":
            self.error(field.name, f"日期“{value}”的年份超出范围。", f"{YEAR_RANGE_HINT}。")
        return None if moment is None else (moment, has_time)

    def _parsed(self, field: Field, parse: Callable[[Any], Any], written: Any, value: Any) -> Any:
        parsed = parse(value)
        if parsed is None:
            self.error(field.name, field.wrong.format(value=written), field.fix)
        return parsed


_NOT_WRITTEN = object()  # a key absent from the mapping: not written, even where a blank is wrong


def _not_written(field: Field) -> Any:
    if field.kind is Kind.FLAG:
        return bool(field.default)
    return () if field.kind is Kind.TEXTS else None


_READERS: dict[Kind, Callable[[FieldCheck, Field, Any], Any]] = {
    Kind.TEXT: FieldCheck._text,
    Kind.FLAG: FieldCheck._flag,
    Kind.COUNT: FieldCheck._amount,
    Kind.NUMBER: FieldCheck._amount,
    Kind.TEXTS: FieldCheck._texts,
    Kind.DATE: FieldCheck._date,
}
