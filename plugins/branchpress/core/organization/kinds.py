"""The kinds of sitting a 三会一课 record may be, and the rules that count them.

Keys are English and stable (they are written in records and `mkdocs.yml`); labels are
the names in 《中国共产党支部工作条例（试行）》, which staff may write instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

# Meeting kinds: the `meeting` key of a record.
MEETING_KINDS = MappingProxyType(
    {
        "general": "支部党员大会",
        "committee": "支部委员会",
        "group": "党小组会",
        "lecture": "党课",
        "life": "组织生活会",
        "appraisal": "民主评议党员",
    }
)
# Not a meeting kind: a 主题党日 is its own activity type, and counts for this rule.
THEME_DAY = "theme_day"
RULE_LABELS = MappingProxyType({**MEETING_KINDS, THEME_DAY: "主题党日"})

# Kinds whose decisions need more than half of the members present (quorum).
NEEDS_QUORUM = frozenset({"general", "committee"})

# Short forms staff write for the labels above.
_ALIASES = MappingProxyType(
    {
        "党员大会": "general",
        "支委会": "committee",
        "支部委员会会议": "committee",
        "小组会": "group",
        "党小组会议": "group",
        "上党课": "lecture",
        "民主评议": "appraisal",
    }
)


def resolve_kind(text: str) -> str | None:
    """The meeting kind `text` names, as a key, a label or a short form."""
    text = text.strip()
    if text in MEETING_KINDS:
        return text
    for key, label in MEETING_KINDS.items():
        if text == label:
            return key
    return _ALIASES.get(text)


def kind_choices() -> str:
    return "、".join(f"{key}（{label}）" for key, label in MEETING_KINDS.items())


def labels(kinds: Iterable[str]) -> str:
    """`党员大会 + 党课` style: how a sitting that is several kinds reads."""
    return "、".join(MEETING_KINDS.get(kind, kind) for kind in kinds)


def holding(rule_kind: str, group: str = "") -> tuple[str, str]:
    """(verb, what) of holding a sitting: (召开, 支部党员大会), (上, 党课), (开展, 主题党日)."""
    if rule_kind == THEME_DAY:
        return "开展", "主题党日"
    if rule_kind == "lecture":
        return "上", "党课"
    if rule_kind == "appraisal":
        return "开展", "民主评议党员"
    if rule_kind == "group" and group:
        return "召开", f"{group}会议" if group.endswith("党小组") else f"{group}党小组会"
    return "召开", MEETING_KINDS[rule_kind]
