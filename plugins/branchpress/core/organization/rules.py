"""How often each sitting is due, and the branch's 党小组 (`branchpress/records` → `organization:`).

Defaults follow 《中国共产党支部工作条例（试行）》: 支部党员大会 each quarter, 支部委员会,
党小组会 and 主题党日 each month, 党课 each quarter, 组织生活会 and 民主评议党员 each
year. A branch overrides single rules (`lecture: month`) or turns one off (`off`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .kinds import RULE_LABELS, THEME_DAY, resolve_kind
from .periods import Frequency

DEFAULT_FREQUENCIES: Mapping[str, Frequency] = MappingProxyType(
    {
        "general": Frequency.QUARTER,
        "committee": Frequency.MONTH,
        "group": Frequency.MONTH,
        THEME_DAY: Frequency.MONTH,
        "lecture": Frequency.QUARTER,
        "life": Frequency.YEAR,
        "appraisal": Frequency.YEAR,
    }
)
_FREQUENCY_WORDS = {
    "month": Frequency.MONTH,
    "monthly": Frequency.MONTH,
    "每月": Frequency.MONTH,
    "quarter": Frequency.QUARTER,
    "quarterly": Frequency.QUARTER,
    "每季度": Frequency.QUARTER,
    "year": Frequency.YEAR,
    "yearly": Frequency.YEAR,
    "每年": Frequency.YEAR,
}
_OFF_WORDS = {"off", "none", "不检查"}


class OrganizationError(ValueError):
    """An `organization:` option that cannot be used, with the fix (Chinese)."""


@dataclass(frozen=True)
class Rule:
    kind: str  # a meeting kind, or theme_day
    frequency: Frequency
    group: str = ""  # for `group`: one rule (one row of the grid) per 党小组

    @property
    def key(self) -> str:
        """The rule's key in the ledger's JSON: `general`, `group:第一党小组`."""
        return f"group:{self.group}" if self.group else self.kind

    @property
    def label(self) -> str:
        return self.group or RULE_LABELS[self.kind]


@dataclass(frozen=True)
class Organization:
    groups: tuple[str, ...] = ()
    frequencies: Mapping[str, Frequency] = field(default_factory=lambda: DEFAULT_FREQUENCIES)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule the ledger checks, in the order of its grid; `group` once per 党小组."""
        rules: list[Rule] = []
        for kind, frequency in self.frequencies.items():
            if kind == "group":
                rules.extend(Rule(kind, frequency, group) for group in self.groups)
            else:
                rules.append(Rule(kind, frequency))
        return tuple(rules)


def organization_from_options(options: object) -> Organization:
    """The organization settings from `organization:`; raises OrganizationError."""
    if options is None:
        return Organization()
    if not isinstance(options, Mapping):
        raise OrganizationError(
            "branchpress/records 的 organization 应写成 groups: 和 rules: 两项，例如\n"
            "organization:\n  groups: [第一党小组, 第二党小组]\n  rules: {lecture: month}"
        )
    unknown = set(options) - {"groups", "rules"}
    if unknown:
        raise OrganizationError(
            f"branchpress/records 的 organization 里有未知项：{'、'.join(map(str, sorted(unknown, key=str)))}；只能写 groups 和 rules。"
        )
    return Organization(_groups(options.get("groups")), _frequencies(options.get("rules")))


def _groups(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(g, str) and g.strip() for g in value):
        raise OrganizationError(
            "organization 的 groups 应该是党小组名称的列表，例如 groups: [第一党小组, 第二党小组]。"
        )
    groups = tuple(g.strip() for g in value)
    repeated = sorted({g for g in groups if groups.count(g) > 1})
    if repeated:
        raise OrganizationError(
            f"organization 的 groups 里“{'、'.join(repeated)}”重复了，每个党小组只写一次。"
        )
    return groups


def _frequencies(value: object) -> Mapping[str, Frequency]:
    frequencies = dict(DEFAULT_FREQUENCIES)
    if value is None:
        return MappingProxyType(frequencies)
    if not isinstance(value, Mapping):
        raise OrganizationError(
            "organization 的 rules 应写成“会议类别: 频率”，例如 rules: {lecture: month, life: year}。"
        )
    choices = "、".join(f"{key}（{label}）" for key, label in RULE_LABELS.items())
    for written, how_often in value.items():
        kind = THEME_DAY if written in (THEME_DAY, RULE_LABELS[THEME_DAY]) else resolve_kind(str(written))
        if kind is None:
            raise OrganizationError(f"organization 的 rules 里“{written}”不是会议类别；可写：{choices}。")
        word = str(how_often).strip().lower() if how_often is not False else "off"
        if word in _OFF_WORDS:
            frequencies.pop(kind, None)
        elif word in _FREQUENCY_WORDS:
            frequencies[kind] = _FREQUENCY_WORDS[word]
        else:
            raise OrganizationError(
                f"organization 的 rules 里 {written} 的频率“{how_often}”无法识别；"
                "写 month（每月）、quarter（每季度）、year（每年），不检查写 off。"
            )
    return MappingProxyType(frequencies)
