"""The volunteer roster (`volunteers.yml`): canonical names, aliases, teams and consent.

```yaml
- name: 张三
  aliases: [张 三, 小张]   # other ways records write the same person
  team: 数字助老服务队
  public: false            # counted in totals, never named on the site
```

Loading never raises for bad content: every problem names the file, line and
field in Chinese, with the fix. Errors are strict on purpose: a mistyped
`public` must stop the build rather than publish a name someone withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from branchpress.core.fields import Field, FieldCheck, Kind, Schema
from branchpress.core.problems import Problem, Severity
from branchpress.core.records.model import Record
from branchpress.core.records.slugs import slugify

from .exposure import pinyin_of, spells_pinyin
from .names import normalize_name

DEFAULT_ROSTER = "volunteers.yml"
# The other usual spelling of YAML's extension: a roster saved so is read just the same.
ROSTER_SPELLINGS = (DEFAULT_ROSTER, "volunteers.yaml")
EXAMPLE = "- name: 张三\n  aliases: [小张]\n  team: 数字助老服务队"


@dataclass(frozen=True)
class Member:
    """One person on the roster."""

    name: str
    aliases: tuple[str, ...] = ()
    team: str = ""
    public: bool = True
    line: int | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every normalised form under which records may list this person."""
        return tuple(dict.fromkeys(normalize_name(n) for n in (self.name, *self.aliases)))


class Roster:
    """Members by every normalised name and alias."""

    def __init__(self, members: Iterable[Member] = (), source: str = "volunteers.yml") -> None:
        self.source = source
        self.members: tuple[Member, ...] = tuple(members)
        by_key: dict[str, Member] = {}
        for member in self.members:
            for key in member.keys:
                by_key.setdefault(key, member)
        self.by_key: Mapping[str, Member] = MappingProxyType(by_key)

    # Equal by content: a roster read again from an unchanged file withholds the same names
    # (mkdocs serve keeps public views while it is unchanged, core/records/store.py ViewMemo).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Roster) and (self.source, self.members) == (other.source, other.members)

    def __hash__(self) -> int:
        return hash((self.source, self.members))

    def __len__(self) -> int:
        return len(self.members)

    def find(self, name: str) -> Member | None:
        return self.by_key.get(normalize_name(name))

    def withheld_names(self) -> tuple[str, ...]:
        """Every written form of the names of members who are not public, longest first.

        Longest first, so that replacing them one after another never leaves half a name.
        """
        forms = {form for m in self.members if not m.public for form in (m.name, *m.aliases) if form}
        return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def load_roster(docs_dir: Path, source: str = "volunteers.yml") -> tuple[Roster, list[Problem]]:
    """Read the roster beside the records; a missing file is an empty roster."""
    path = Path(docs_dir) / source
    if not path.is_file():
        return Roster(source=source), []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return Roster(source=source), [
            Problem(
                source, None, None, "文件不是 UTF-8 编码，无法读取。", "用编辑器把文件另存为 UTF-8 编码。"
            )
        ]
    except OSError as error:
        return Roster(source=source), [
            Problem(source, None, None, f"无法读取文件（{error.strerror}）。", "检查文件权限。")
        ]
    return parse_roster(text, source)


def parse_roster(text: str, source: str = "volunteers.yml") -> tuple[Roster, list[Problem]]:
    problems: list[Problem] = []
    try:
        loader = yaml.SafeLoader(text.lstrip("\ufeff"))
    except yaml.YAMLError as error:  # PyYAML refuses control characters before parsing starts
        return Roster(source=source), [_unreadable(source, error)]
    try:
        node = loader.get_single_node()
        if node is None:
            return Roster(source=source), []
        if not isinstance(node, yaml.SequenceNode):
            problems.append(
                Problem(
                    source,
                    _line(node),
                    None,
                    "名册应该是一列志愿者，每人以“- name:”开头。",
                    f"按这个格式写：\n{EXAMPLE}",
                )
            )
            return Roster(source=source), problems
        members = [m for item in node.value if (m := _member(loader, item, source, problems)) is not None]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.append(
            Problem(
                source,
                mark.line + 1 if mark is not None else None,
                None,
                f"名册不是合法的 YAML（{error.problem or '无法解析'}）。",
                "检查这一行及上一行：冒号后要有空格，缩进要用空格对齐，每位志愿者以“- ”开头。",
            )
        )
        return Roster(source=source), problems
    except yaml.YAMLError as error:
        problems.append(
            Problem(source, None, None, f"名册不是合法的 YAML（{error}）。", "检查冒号、缩进和引号。")
        )
        return Roster(source=source), problems
    finally:
        loader.dispose()
    problems.extend(_clashes(members, source))
    return Roster(members, source), problems


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


# One roster entry. A blank `public:` stops the build: it may be a "false" left half-written.
MEMBER = Schema(
    Field(
        "name",
        Kind.TEXT,
        required=True,
        missing="这位志愿者没有写姓名。",
        missing_fix="加一行 name: 姓名（与记录里写的一致）。",
    ),
    Field("aliases", Kind.TEXTS, item="别名", fix="写成 aliases: [小张, 张 三]。"),
    Field("team", Kind.TEXT, fix="写成 team: 数字助老服务队。"),
    Field(
        "public",
        Kind.FLAG,
        default=True,
        blank_is_wrong=True,
        fix="不愿公开姓名写 public: false；愿意公开就删除这一行。",
    ),
    unknown=Severity.ERROR,
    whose="同一位志愿者",
)


def _member(loader: yaml.SafeLoader, node: yaml.Node, source: str, problems: list[Problem]) -> Member | None:
    line = _line(node)
    if isinstance(node, yaml.ScalarNode):  # "- 张三": a name and nothing else
        name = _text(loader.construct_object(node))
        if not name:
            problems.append(Problem(source, line, "name", "这一项是空的。", "写上姓名，或删除这一行。"))
            return None
        return Member(name, line=line)
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(source, line, None, "这一项不是一位志愿者。", f"每位志愿者写成：\n{EXAMPLE}"))
        return None

    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, value_node in node.value:
        key, key_line = str(key_node.value), _line(key_node)
        if key in lines:
            duplicates.append((key, key_line))
            continue
        lines[key] = key_line
        data[key] = loader.construct_object(value_node, deep=True)

    check = FieldCheck(source, lines, line=line)
    check.keys(MEMBER, data)
    read = check.values(MEMBER, data)
    # A key written twice stops the build, but the entry keeps its first value and still
    # counts, so that a name it shares with another entry is reported too.
    doubled = FieldCheck(source, lines)
    doubled.duplicates(MEMBER, duplicates, later_wins=False)
    problems.extend(doubled.problems + check.problems)
    if check.failed:
        return None
    return Member(read["name"], read["aliases"], read["team"] or "", read["public"], line)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    return str(value).strip() or None


def _clashes(members: list[Member], source: str) -> list[Problem]:
    """A name or alias claimed by two members would merge two people (and their consent)."""
    problems: list[Problem] = []
    owner: dict[str, Member] = {}
    for member in members:
        for key in member.keys:
            first = owner.setdefault(key, member)
            if first is not member:
                problems.append(
                    Problem(
                        source,
                        member.line,
                        "name",
                        f"“{key}”已经是第 {first.line} 行“{first.name}”的姓名或别名，两人会被当成同一个人。",
                        "同一个人只写一条；不同的人请用能区分的姓名（例如加上所在单位）。",
                    )
                )
    return problems


def withheld_in_urls(records: Iterable[Record], roster: Roster) -> list[Problem]:
    """A record's URL is pinyin of its file name: 周建国讲党课.md would spell out a withheld name,
    and no replacement can reach a URL that subscribers and search engines already hold."""
    # zhoujianguo-shufa spells 周建国 as well as zhou-jian-guo-shufa does (see spells_pinyin).
    spelled = {pinyin_of(name): name for name in roster.withheld_names() if slugify(name)}
    problems = []
    for record in records:
        for pinyin, name in spelled.items():
            if spells_pinyin(record.slug, pinyin):
                problems.append(
                    Problem(
                        record.source,
                        record.field_lines.get("slug"),
                        "slug",
                        f"这篇记录的网址 /{record.url} 含有不公开姓名的志愿者“{name}”的拼音。",
                        "在信息区写一个不含姓名的 slug，例如 slug: spring-couplets。",
                        Severity.WARNING,
                    )
                )
    return problems


def _unreadable(source: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    return Problem(
        source,
        mark.line + 1 if mark is not None else None,
        None,
        "名册里有无法识别的控制字符（常见于从网页或聊天软件复制的文字）。",
        "删掉这一行里看不见的字符后重新输入，或用编辑器把文件另存为 UTF-8 编码。",
    )
