"""Activity types: what each kind of record is, in one place.

A site configures its types as key -> label (`branchpress/records` → `types:`); keys
are stable because they appear in URLs. What else a type means — the fields a new
record of it asks for, the headings its body starts with, and the part it plays on
the site (the 荣誉墙 of the culture page, the link from /volunteers/) — is known
for the default keys and looked up here by key, so a renamed label keeps its role
and a site's own type gets sensible defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

HONOURS = "honours"  # records shown on the culture page's 荣誉墙
VOLUNTEERING = "volunteering"  # the type /volunteers/ links to for "all volunteer service"
SITTINGS = "sittings"  # 三会一课: records that say which meeting kinds they were (`meeting`)
THEME_DAYS = "theme_days"  # 主题党日: each counts for the monthly theme-day rule


@dataclass(frozen=True)
class ActivityType:
    key: str
    label: str
    # Optional fields a new record of this type asks for, beyond summary and location.
    fields: tuple[str, ...] = ()
    # The two headings a new record's body starts with.
    sections: tuple[str, str] = ("活动过程", "活动成效")
    roles: frozenset[str] = frozenset()

    def plays(self, role: str) -> bool:
        return role in self.roles


_KNOWN: Mapping[str, ActivityType] = MappingProxyType(
    {
        t.key: t
        for t in (
            ActivityType(
                "meeting",
                "三会一课",
                ("meeting", "expected", "present", "chair"),
                ("会议内容", "下一步工作"),
                frozenset({SITTINGS}),
            ),
            ActivityType(
                "theme_day",
                "主题党日",
                ("participants",),
                ("活动过程", "活动收获"),
                frozenset({THEME_DAYS}),
            ),
            ActivityType("study", "学习教育", ("participants",), ("学习内容", "交流体会")),
            ActivityType(
                "volunteer",
                "志愿服务",
                ("volunteers", "hours", "beneficiaries"),
                ("服务过程", "服务成效"),
                frozenset({VOLUNTEERING}),
            ),
            ActivityType(
                "welfare", "公益行动", ("volunteers", "hours", "beneficiaries"), ("活动过程", "帮扶成效")
            ),
            ActivityType("industry", "行业服务", ("participants", "beneficiaries"), ("服务内容", "企业反馈")),
            ActivityType("honor", "荣誉表彰", ("milestone",), ("获奖情况", "经验做法"), frozenset({HONOURS})),
            ActivityType("news", "支部动态", (), ("详细内容", "下一步打算")),
        )
    }
)

# Keys are stable (they appear in URLs); labels are what staff and visitors read.
DEFAULT_TYPES: Mapping[str, str] = MappingProxyType({key: t.label for key, t in _KNOWN.items()})


def activity_type(key: str, label: str | None = None) -> ActivityType:
    """The type of `key` with the site's label; a key BranchPress does not know gets defaults."""
    known = _KNOWN.get(key)
    if known is None:
        return ActivityType(key, label or key)
    return (
        known
        if label in (None, known.label)
        else ActivityType(key, label, known.fields, known.sections, known.roles)
    )


def activity_types(configured: Mapping[str, str]) -> tuple[ActivityType, ...]:
    """The site's types in its order, each with what BranchPress knows of its key."""
    return tuple(activity_type(key, label) for key, label in configured.items())
