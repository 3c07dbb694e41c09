"""The organization-life keys of a record: which sitting it was, and who came.

The keys and their meaning: docs/records.md, Organization life.

Only types that hold sittings take `meeting`; a 主题党日 counts as one by its type.
The other keys (应到/实到, 主持人, 议题...) belong to those two kinds of record too.
A 三会一课 record without `meeting` is a warning, not an error: it still builds, but
counts for no rule of the ledger, and staff should know why (a draft is not told yet).
"""

from __future__ import annotations

from typing import Any

from branchpress.core.fields import FieldCheck
from branchpress.core.organization.kinds import kind_choices, resolve_kind

from .activity_types import SITTINGS, THEME_DAYS, activity_type
from .model import Absence, Sitting
from .settings import SiteSettings

SITTING_KEYS = (
    "meeting",
    "group",
    "expected",
    "present",
    "absent",
    "chair",
    "recorder",
    "lecturer",
    "agenda",
)


def read_sitting(
    check: FieldCheck,
    data: dict[str, Any],
    read: dict[str, Any],
    type_key: str | None,
    settings: SiteSettings,
) -> Sitting | None:
    """The sitting a 三会一课 or 主题党日 record describes; None for other types."""
    if type_key is None:
        return None
    kind = activity_type(type_key, settings.label(type_key))
    written = [key for key in SITTING_KEYS if data.get(key) not in (None, "", [])]
    if not (kind.plays(SITTINGS) or kind.plays(THEME_DAYS)):
        for key in written:
            check.error(
                key,
                f"{key} 只用于三会一课和主题党日记录，这条记录的类型是“{kind.label}”。",
                "删除这一行；如果这是一次会议，把 type 改为 meeting（三会一课）。",
            )
        return None
    kinds: tuple[str, ...] = ()
    # A draft counts for no rule anyway: it is told what is missing once it is to be published.
    finished = not read["draft"]
    if kind.plays(SITTINGS):
        kinds = _kinds(check, data.get("meeting"), finished)
    elif "meeting" in written:
        check.error(
            "meeting",
            f"meeting 只用于三会一课记录，这条记录的类型是“{kind.label}”。",
            "主题党日记录不写 meeting；如果同时召开了支部党员大会，另写一条 type: meeting 的记录。",
        )
    sitting = Sitting(
        kinds=kinds,
        group=_group(check, data.get("group"), kinds, settings, finished),
        expected=read["expected"],
        present=read["present"],
        absent=_absent(check, data.get("absent")),
        chair=read["chair"] or "",
        recorder=read["recorder"] or "",
        lecturer=read["lecturer"] or "",
        agenda=read["agenda"],
    )
    _check_attendance(check, sitting)
    return sitting


def _kinds(check: FieldCheck, value: Any, finished: bool) -> tuple[str, ...]:
    if value is None or value == "" or value == []:
        if not finished:
            return ()
        check.warn(
            "meeting",
            "三会一课记录没有写 meeting（会议类别），它不会计入组织生活台账的规律性检查。",
            f"加一行 meeting: 支部党员大会；一次会议算几种就写成 meeting: [支部党员大会, 党课]。可写：{kind_choices()}。",
        )
        return ()
    items = value if isinstance(value, list) else [value]
    kinds: list[str] = []
    for item in items:
        key = resolve_kind(str(item)) if isinstance(item, (str, int)) else None
        if key is None:
            check.error("meeting", f"未知的会议类别“{item}”。", f"可写：{kind_choices()}。")
        elif key not in kinds:
            kinds.append(key)
    return tuple(kinds)


def _group(
    check: FieldCheck, value: Any, kinds: tuple[str, ...], settings: SiteSettings, finished: bool
) -> str:
    groups = settings.organization.groups
    if value is None or value == "":
        if "group" in kinds and groups and finished:
            check.warn(
                "group",
                "党小组会没有写 group（哪个党小组），它不会计入任何党小组的规律性检查。",
                f"加一行 group: {groups[0]}。可写：{'、'.join(groups)}。",
            )
        return ""
    name = str(value).strip()
    if "group" not in kinds:
        check.error(
            "group",
            "group 只用于党小组会。",
            "把 meeting 写成 党小组会（或 group），或者删除 group 这一行。",
        )
    elif name not in groups:
        where = f"可写：{'、'.join(groups)}。" if groups else "mkdocs.yml 里还没有配置党小组。"
        check.error(
            "group",
            f"党小组“{name}”不在 mkdocs.yml 的 organization → groups 里。",
            f"{where}新的党小组请先加到 branchpress/records → organization → groups。",
        )
    return name


def _absent(check: FieldCheck, value: Any) -> tuple[Absence, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, list):
        check.error(
            "absent",
            "absent 应该是缺席人员的列表。",
            "每行写一人：- 王五 或 - {name: 王五, reason: 因公出差}。",
        )
        return ()
    found: list[Absence] = []
    for position, item in enumerate(value, start=1):
        name, reason = (item.get("name"), item.get("reason")) if isinstance(item, dict) else (item, None)
        if isinstance(item, dict) and set(item) - {"name", "reason"}:
            check.error(
                "absent",
                f"第 {position} 位缺席人员有未知项：{'、'.join(map(str, set(item) - {'name', 'reason'}))}。",
                "只能写 name 和 reason，例如 {name: 王五, reason: 因公出差}。",
            )
            continue
        if not isinstance(name, (str, int)) or isinstance(name, bool) or not str(name).strip():
            check.error(
                "absent",
                f"第 {position} 位缺席人员没有姓名。",
                "写成 - 王五 或 - {name: 王五, reason: 因公出差}。",
            )
            continue
        found.append(Absence(str(name).strip(), "" if reason is None else str(reason).strip()))
    return tuple(found)


def _check_attendance(check: FieldCheck, sitting: Sitting) -> None:
    expected, present = sitting.expected, sitting.present
    if expected is None or present is None:
        return
    if present > expected:
        check.error(
            "present",
            f"实到人数 {present} 多于应到人数 {expected}。",
            "核对人数：present（实到）不能多于 expected（应到）；列席人员不计入实到。",
        )
    elif sitting.absent and len(sitting.absent) != expected - present:
        check.warn(
            "absent",
            f"缺席人员写了 {len(sitting.absent)} 人，但应到 {expected} 减实到 {present} 是 {expected - present} 人。",
            "核对 absent、expected 和 present，让三者对得上。",
        )
