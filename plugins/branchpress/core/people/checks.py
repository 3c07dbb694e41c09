"""Warnings about volunteer lists, read from the records as staff wrote them, and the roster.

None of them stops the build: hours left out, one person listed twice, a name that
is probably a slip of a roster name (a homophone typed with a pinyin keyboard, or a
Latin name a letter off), and roster entries no published record lists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from branchpress.core.problems import Problem, Severity
from branchpress.core.records.model import Record

from .names import normalize_name
from .roster import Roster


def check_volunteers(records: Iterable[Record], roster: Roster) -> list[Problem]:
    """Every warning about the published records' volunteer lists and the roster."""
    sounds = _sounds(roster)
    lookalikes: dict[str, str | None] = {}  # pinyin is slow enough to work out once per name
    listed: set[str] = set()
    problems: list[Problem] = []
    for record in records:
        if record.is_published and record.volunteers:
            problems += _record_warnings(record, roster, sounds, lookalikes, listed)
    return problems + _unlisted_members(roster, listed)


def _record_warnings(
    record: Record, roster: Roster, sounds: dict, lookalikes: dict[str, str | None], listed: set[str]
) -> list[Problem]:
    line = record.field_lines.get("volunteers")
    problems: list[Problem] = []

    def warn(message: str, fix: str) -> None:
        problems.append(Problem(record.source, line, "volunteers", message, fix, Severity.WARNING))

    unpaid = [e.name for e in record.volunteers if e.hours is None and record.hours is None]
    if unpaid:
        warn(
            f"志愿者 {'、'.join(unpaid)} 没有服务时长（既没有单独写 hours，记录也没有 hours），按 0 小时计。",
            "在信息区加一行 hours: 每人服务小时数，或把姓名写成 {name: 张三, hours: 3}。",
        )
    seen: dict[str, str] = {}
    for entry in record.volunteers:
        member = roster.find(entry.name)
        key = normalize_name(member.name) if member else normalize_name(entry.name)
        listed.add(key)
        if key in seen:
            warn(
                f"“{seen[key]}”和“{entry.name}”是同一位志愿者，在名单里写了两次，只计一次。", "删掉其中一个。"
            )
        seen.setdefault(key, entry.name)
        if entry.name not in lookalikes:
            lookalikes[entry.name] = None if member else _looks_like(entry.name, sounds, roster)
        if like := lookalikes[entry.name]:
            warn(
                f"“{entry.name}”不在名册里，但与名册中的“{like}”很像，可能是错别字。",
                f"如果是同一个人，把姓名改成“{like}”，或在 {roster.source} 里把“{entry.name}”"
                f"加到“{like}”的 aliases；如果是另一个人，把他（她）也加入名册。",
            )
    return problems


def _unlisted_members(roster: Roster, listed: set[str]) -> list[Problem]:
    return [
        Problem(
            roster.source,
            member.line,
            "name",
            f"名册中的“{member.name}”在已发布的记录里没有出现。",
            "检查姓名是否与记录里写的一致（可把记录里的写法加到 aliases），或删除这一条。",
            Severity.WARNING,
        )
        for member in roster.members
        if normalize_name(member.name) not in listed
    ]


_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+$")


def _sounds(roster: Roster) -> dict[tuple[str, ...], str]:
    """Roster names by how they are typed with a pinyin keyboard, where homophone slips happen."""
    sounds: dict[tuple[str, ...], str] = {}
    for member in roster.members:
        for form in (member.name, *member.aliases):
            key = normalize_name(form)
            if _HAN.match(key):
                sounds.setdefault(tuple(lazy_pinyin(key)), member.name)
    return sounds


def _looks_like(name: str, sounds: dict[tuple[str, ...], str], roster: Roster) -> str | None:
    """The roster name that `name` is probably a slip of: a homophone, or a Latin name a letter off."""
    if not roster.members:
        return None
    key = normalize_name(name)
    if _HAN.match(key):
        return sounds.get(tuple(lazy_pinyin(key)))
    latin = {normalize_name(m.name): m.name for m in roster.members if not _HAN.match(normalize_name(m.name))}
    close = difflib.get_close_matches(key, list(latin), n=1, cutoff=0.85)
    return latin[close[0]] if close else None
