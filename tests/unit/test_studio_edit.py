"""Editing a hand-written record through the studio's form changes only what the form changed.

Each edit below is checked against the exact text expected: the original with only the edited
key's lines replaced, in LF, CRLF and byte-order-marked files alike.
"""

from __future__ import annotations

import difflib

import pytest
import yaml
from branchpress.core.records.frontmatter import split_record
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.validation import validate_text
from branchpress.core.studio.form_fields import FIELD_KINDS
from branchpress.core.studio.record_edit import edited_text, form_values
from branchpress.core.studio.yaml_values import EditRefused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RECORD = """---
title: "党员志愿服务队：走进春晖社区"   # 标题里有冒号，要加引号
date: 2026-03-05 09:30
type: volunteer  # 志愿服务
location: 春晖社区党群服务中心
summary:          # 选填：一句话摘要；不写时取正文第一段
volunteers:
  - 张三
  - {name: 李四, hours: 4}   # 单独计时
hours: 2.5
tags: [社区服务, 志愿者]
photos:
  - 2026-03-05-lei-feng/合影.jpg

source_note: '社区提供照片'   # 表单不显示的字段
draft: true        # 草稿不会发布；写完并检查无误后删掉这一行
---

3月5日，支部党员走进春晖社区。

<!-- more -->

## 服务过程
"""
VARIANTS = {
    "lf": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "bom+crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
}
EDITS = [
    ({"location": "东湖区春晖社区"}, "location: 春晖社区党群服务中心\n", "location: 东湖区春晖社区\n"),
    # The hint stays in its column (a Chinese character is two columns wide).
    ({"summary": "义诊"}, "summary:          # 选填", "summary: 义诊     # 选填"),
    ({"title": "第二期：走进社区"}, '"党员志愿服务队：走进春晖社区"   #', "第二期：走进社区   #"),
    ({"title": "第二期: 走进社区"}, '"党员志愿服务队：走进春晖社区"   #', "'第二期: 走进社区'   #"),
    ({"tags": ["社区服务"]}, "tags: [社区服务, 志愿者]\n", "tags: [社区服务]\n"),
    (
        {"volunteers": [{"name": "张三", "hours": None}, {"name": "王五", "hours": "3"}]},
        "  - {name: 李四, hours: 4}   # 单独计时\n",
        "  - {name: 王五, hours: 3}\n",
    ),
    ({"draft": False}, "draft: true        # 草稿不会发布；写完并检查无误后删掉这一行\n", ""),
    ({"hours": None}, "hours: 2.5\n", ""),
    ({"hours": ""}, "hours: 2.5\n", ""),
    ({"beneficiaries": "86"}, "hours: 2.5\n", "hours: 2.5\nbeneficiaries: 86\n"),
    ({"photos": []}, "photos:\n  - 2026-03-05-lei-feng/合影.jpg\n", ""),
    ({"type": "welfare"}, "type: volunteer  # 志愿服务\n", "type: welfare\n"),
    ({"date": "2026-03-06"}, "date: 2026-03-05 09:30\n", "date: 2026-03-06\n"),
    # A new key follows the key before it in the form's order (featured: after tags).
    ({"featured": True}, "tags: [社区服务, 志愿者]\n", "tags: [社区服务, 志愿者]\nfeatured: true\n"),
    ({"featured": False, "internal": False, "title": "党员志愿服务队：走进春晖社区"}, "", ""),
]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("changes", "old", "new"), EDITS)
def test_an_edit_changes_only_the_lines_of_the_keys_it_changed(variant, changes, old, new) -> None:
    assert old in RECORD
    convert = VARIANTS[variant]
    assert edited_text(convert(RECORD), changes, None) == convert(RECORD.replace(old, new, 1))


def test_the_form_reads_the_hand_written_record() -> None:
    read = form_values(RECORD.replace("\n", "\r\n"))
    assert read.readable and read.unknown_keys == ("source_note",)
    values = read.values
    assert values["title"] == "党员志愿服务队：走进春晖社区" and values["date"] == "2026-03-05 09:30"
    assert values["volunteers"] == [{"name": "张三", "hours": None}, {"name": "李四", "hours": 4}]
    assert values["photos"] == [{"src": "2026-03-05-lei-feng/合影.jpg", "caption": "", "alt": ""}]
    assert (values["summary"], values["hours"], values["draft"], values["featured"]) == ("", 2.5, True, False)
    assert read.body.startswith("\n3月5日") and "\r" not in read.body


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_body_is_kept_byte_for_byte_or_replaced_in_the_files_line_ends(variant) -> None:
    odd_body = "\n正文里有 --- 和 title: x\r\n混合的行尾\n\n没有结尾换行"
    original = VARIANTS[variant](RECORD.split("---\n\n")[0] + "---\n") + odd_body
    newline = "\r\n" if "crlf" in variant else "\n"
    edited = edited_text(original, {"location": "新地点"}, None)
    assert edited.endswith(f"---{newline}{odd_body}")
    replaced = edited_text(original, {}, "新的正文\r\n第二段\n")
    assert replaced == original.replace(odd_body, f"新的正文{newline}第二段{newline}")


def test_a_file_ending_at_its_closing_line_gets_a_line_end_before_a_new_body() -> None:
    assert edited_text("---\ntitle: 标题\n---", {}, "正文\n") == "---\ntitle: 标题\n---\n正文\n"
    assert edited_text("---\ntitle: 标题\n---", {"title": "新"}, None) == "---\ntitle: 新\n---"


def test_block_scalars_indented_keys_duplicates_and_flow_lists_are_handled() -> None:
    text = "---\ntitle: 标题\nsummary: |\n  第一行\n\n  # 这是正文不是注释\n\n# 真注释\ntags: [a]\n---\n"
    edited = edited_text(text, {"summary": "新摘要"}, None)
    assert edited == "---\ntitle: 标题\nsummary: 新摘要\n\n# 真注释\ntags: [a]\n---\n"
    indented = "---\n  title: 标题\n  date: 2026-01-01\n---\n"
    assert edited_text(indented, {"location": "社区"}, None) == (
        "---\n  title: 标题\n  date: 2026-01-01\n  location: 社区\n---\n"
    )
    twice = "---\ntitle: 甲\ntags: [a]\ntitle: 乙\n---\n"
    assert edited_text(twice, {"title": "丙"}, None) == "---\ntags: [a]\ntitle: 丙\n---\n"
    block = "---\ntitle: 标题\nagenda:\n  - 一\n  - 二   # 注释\n# 后面的注释\n---\n"
    assert edited_text(block, {"agenda": "三\n四\n"}, None) == (
        "---\ntitle: 标题\nagenda:\n  - 三\n  - 四\n# 后面的注释\n---\n"
    )
    meeting = "---\nmeeting: 支部党员大会  # 类别\n---\n"
    assert edited_text(meeting, {"meeting": ["general", "lecture"]}, None) == (
        "---\nmeeting: [general, lecture]  # 类别\n---\n"
    )


def test_an_empty_front_matter_gets_the_keys_in_order() -> None:
    assert edited_text("---\n---\n正文\n", {"type": "news", "title": "标题"}, None) == (
        "---\ntitle: 标题\ntype: news\n---\n正文\n"
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("---\ntitle: [未闭合\n---\n", "无法读取"),
        ("没有信息区\n", "无法读取"),
        ("---\n{title: 一行写完, date: 2026-01-01}\n---\n", "一行"),
        ("---\ntitle: &t 标题\nlocation: *t\n---\n", "无法在不改动其他内容"),
    ],
)
def test_what_cannot_be_edited_safely_is_refused_in_chinese_and_nothing_is_lost(text, why) -> None:
    with pytest.raises(EditRefused) as refused:
        edited_text(text, {"title": "新标题"}, None)
    assert why in refused.value.message and "编辑原文" in refused.value.fix


def test_an_unreadable_front_matter_is_reported_by_form_values_not_raised() -> None:
    read = form_values("---\ntitle: 标题\ndate: [2026\n---\n正文\n")
    assert not read.readable and read.line == 4 and "YAML" in read.problem and read.fix
    assert read.values == {} and read.body == ""


def test_a_key_the_form_does_not_know_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        edited_text(RECORD, {"source_note": "x"}, None)


# Front matter written by hand in any style: each key dumped on its own, flow or block, quoted
# or not, with comments after it and between keys. Editing one key must leave every other
# line where it was and every other value as it was read.
KEYS = ["title", "location", "summary", "tags", "agenda", "chair", "hide", "note", "volunteers"]
leaves = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=12)
values = st.one_of(
    leaves, st.integers(), st.lists(leaves, max_size=3), st.dictionaries(leaves, leaves, max_size=2)
)


@st.composite
def hand_written(draw) -> tuple[str, list[tuple[str, int, int]]]:
    lines, spans = ["---"], []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True)):
        value, style = draw(values), draw(st.sampled_from([None, "'", '"']))
        if isinstance(value, (list, dict)) and draw(st.booleans()):  # a flow collection after the key
            flow = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, default_style=style)
            dumped = f"{key}: {flow.strip()}".splitlines()
        else:
            dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_style=style).splitlines()
        if len(dumped) == 1 and draw(st.booleans()):
            dumped[0] += "   # 注释"
        spans.append((key, len(lines), len(lines) + len(dumped)))
        lines += dumped + draw(st.sampled_from([[], [""], ["# 说明"], ["  # 缩进的说明", ""]]))
    return "\n".join([*lines, "---", "正文"]) + "\n", spans


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(written=hand_written(), key=st.sampled_from(["title", "location", "tags", "chair"]), new=leaves)
def test_editing_one_key_of_any_hand_written_front_matter_leaves_the_rest_alone(written, key, new) -> None:
    text, spans = written
    value = [new] if FIELD_KINDS[key] == "list" else new
    edited = edited_text(text, {key: value}, None)
    before, after = split_record(text).data, split_record(edited).data
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}
    assert after.get(key, "" if key != "tags" else []) == (value if new.strip() or key != "tags" else [])
    inside = {line for k, start, end in spans if k == key for line in range(start, end)}
    matcher = difflib.SequenceMatcher(None, text.splitlines(), edited.splitlines(), autojunk=False)
    for tag, first, last, _, _ in matcher.get_opcodes():
        assert tag == "equal" or set(range(first, last)) <= inside, (tag, first, last, text, edited)


def test_a_cleared_checkbox_says_false_where_the_file_had_the_key_but_a_published_draft_loses_its_line() -> (
    None
):
    text = "---\ntitle: 标题\nfeatured: true   # 首页推荐\ndraft: true\n---\n"
    assert edited_text(text, {"featured": False, "draft": False}, None) == (
        "---\ntitle: 标题\nfeatured: false   # 首页推荐\n---\n"
    )


def test_numbers_are_written_as_numbers_and_anything_else_is_left_for_the_validator_to_name() -> None:
    text = "---\ntitle: 标题\ndate: 2026-03-05\ntype: volunteer\n---\n"
    edited = edited_text(text, {"participants": "18", "hours": "1.50", "beneficiaries": "十八"}, None)
    assert split_record(edited).data == {
        **split_record(text).data,
        "participants": 18,
        "hours": 1.5,
        "beneficiaries": "十八",
    }
    record, problems = validate_text(
        "activities/a.md", edited, SiteSettings(), photo_exists=lambda path: True
    )
    assert record is None and [p.field for p in problems] == ["beneficiaries"]
    assert "必须是整数" in problems[0].message
