"""Split a record file into YAML front matter and Markdown body, keeping line numbers.

Dates are left as strings (the YAML timestamp resolver is removed) so that an
impossible date such as 2025-02-30 reaches validation as text and gets a clear
message instead of a YAML exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ten times faster on 10,000 records; fall back when it is absent.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without implicit timestamps."""


_RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

# YAML aliases (`*name`) repeat a node without copying it, so nine levels of nine aliases
# make 9**9 values from 90 lines: `branchpress check` ran for minutes and printed 2.8 GB.
# Real front matter has a few dozen values; an alias repeating more than this is refused.
MOST_VALUES = 5_000

_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class FrontMatterError(Exception):
    """The front matter is missing or is not valid YAML; carries a line number."""

    def __init__(self, message: str, fix: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.line = line


@dataclass(frozen=True)
class ParsedFile:
    data: dict[str, Any]
    # 1-based line of each top-level key in the file, for messages.
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    # (key, line) of keys written a second time; YAML keeps only the last value.
    duplicates: tuple[tuple[str, int], ...] = ()


def has_front_matter(text: str) -> bool:
    """Whether a page opens a front matter and closes it, as MkDocs would read one: a page
    need not have one, and a page opening with a lone `---` rule and no closing has none."""
    opening = _OPENING.match(text)
    return opening is not None and _CLOSING.search(text, opening.end()) is not None


def split_record(text: str) -> ParsedFile:
    """Parse a record's text; raise FrontMatterError with a line number when it cannot."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not _OPENING.match(text):
        raise FrontMatterError(
            "文件开头没有 front matter（以 --- 开始、以 --- 结束的信息区）。",
            "在文件第一行写 ---，接着写 title、date、type 等字段，再用一行 --- 结束。",
            line=1,
        )
    start = _OPENING.match(text).end()  # type: ignore[union-attr]
    closing = _CLOSING.search(text, start)
    if closing is None:
        raise FrontMatterError(
            "front matter 没有结束标记。",
            "在最后一个字段之后单独写一行 ---，再写正文。",
            line=1,
        )
    yaml_text = text[start : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    data, key_lines, duplicates = _load_mapping(yaml_text, line_offset=2)
    return ParsedFile(
        data=data,
        key_lines=key_lines,
        body=text[body_start:],
        body_line=body_line,
        duplicates=tuple(duplicates),
    )


def _load_mapping(
    yaml_text: str, line_offset: int
) -> tuple[dict[str, Any], dict[str, int], list[tuple[str, int]]]:
    try:
        loader = _RecordLoader(yaml_text)
    except yaml.reader.ReaderError:  # a control character, refused before parsing starts
        raise FrontMatterError(
            "front matter 里有无法识别的控制字符（常见于从网页或聊天软件复制的文字）。",
            "删掉这一部分里看不见的字符后重新输入。",
            line=None,
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}, []
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                "front matter 必须是“字段: 值”的列表。",
                "每行写一个字段，例如 title: 支部召开专题组织生活会。",
                line=node.start_mark.line + line_offset,
            )
        if _expanded_size(node) > MOST_VALUES:
            raise FrontMatterError(
                f"front matter 用别名（& 和 *）重复的内容展开后超过 {MOST_VALUES} 项。",
                "不要用 & 和 * 引用别处的内容：每个字段直接写出它的值，例如 tags: [社区服务, 志愿者]。",
                line=None,
            )
        key_lines: dict[str, int] = {}
        duplicates: list[tuple[str, int]] = []
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key, line = str(key_node.value), key_node.start_mark.line + line_offset
                if key in key_lines:
                    duplicates.append((key, line))
                else:
                    key_lines[key] = line
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + line_offset if mark is not None else None
        detail = error.problem or "无法解析"
        raise FrontMatterError(
            f"front matter 不是合法的 YAML（{detail}）。",
            "检查这一行及上一行：冒号后要有空格，缩进要用空格对齐，引号要成对；"
            "标题里有冒号时请用引号把整个标题括起来。",
            line=line,
        ) from None
    except yaml.reader.ReaderError:  # libyaml refuses them while reading
        raise _control_character() from None
    except yaml.YAMLError as error:
        raise FrontMatterError(
            f"front matter 不是合法的 YAML（{error}）。",
            "检查冒号、缩进和引号。",
            line=None,
        ) from None
    except ValueError:  # Python refuses to read an integer of thousands of digits
        raise FrontMatterError(
            "front matter 里有一个长得无法读取的数字。",
            "检查是否误粘贴了一长串数字；数字请写成 12 或 2.5 这样的形式。",
            line=None,
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):  # pragma: no cover - guarded by the node check above
        data = {}
    return data, key_lines, duplicates


def _expanded_size(root: yaml.Node) -> int:
    """How many values the front matter holds once every alias is written out, counted on
    the composed nodes (an alias is the same node object again) without expanding anything:
    each node's size is computed once, without recursion (nesting may be hundreds deep). A
    node that contains itself counts as too many."""
    too_many = MOST_VALUES + 1
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = min(too_many, 1 + sum(sizes[id(child)] for child in children))
            continue
        if key in sizes:
            continue
        if key in open_nodes:  # a recursive alias: endless once written out
            return too_many
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _control_character() -> FrontMatterError:
    return FrontMatterError(
        "front matter 里有无法识别的控制字符（常见于从网页或聊天软件复制的文字）。",
        "删掉这一部分里看不见的字符后重新输入。",
        line=None,
    )
