"""Unit tests of the field-spec helper that records, the roster and the brand share."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from branchpress.core.fields import Field, FieldCheck, Kind, Schema
from branchpress.core.problems import Severity
from hypothesis import given, settings
from hypothesis import strategies as st

SHANGHAI = ZoneInfo("Asia/Shanghai")

ENTRY = Schema(
    Field("name", Kind.TEXT, required=True, missing="没有写名称。", missing_fix="加一行 name: 名称。"),
    Field("when", Kind.DATE),
    Field("people", Kind.COUNT),
    Field("hours", Kind.NUMBER),
    Field("tags", Kind.TEXTS, item="标签", fix="写成 tags: [甲, 乙]。"),
    Field("open", Kind.FLAG, default=True, blank_is_wrong=True, fix="写 open: false 或删除这一行。"),
    Field(
        "code",
        Kind.TEXT,
        parse=re.compile(r"^\d{4}$").match,
        wrong="“{value}”不是四位数字。",
        fix="例如 0571。",
    ),
    Field("photos", Kind.OWN),
    also_known=("hide",),
)
LINES = {"name": 2, "when": 3, "people": 4, "hours": 5, "tags": 6, "open": 7, "code": 8, "naem": 9}


def read(data, **options):
    lines = {key: line for key, line in LINES.items() if key in data}  # as a YAML parser finds them
    check = FieldCheck("entry.yml", lines, timezone=SHANGHAI, **options)
    check.keys(ENTRY, data)
    return check, check.values(ENTRY, data)


def test_good_values_are_read_into_what_the_site_uses():
    check, values = read(
        {
            "name": " 甲 ",
            "when": "2025-03-05 09:30",
            "people": 12,
            "hours": 2,
            "tags": ["a", "b", "a", 2025],
            "open": False,
            "code": "0571",
            "photos": ["x.jpg"],
            "hide": ["toc"],
        }
    )
    assert check.problems == []
    assert values["name"] == "甲"
    assert values["when"] == (datetime(2025, 3, 5, 9, 30, tzinfo=SHANGHAI), True)
    assert values["people"] == 12 and isinstance(values["hours"], float)
    assert values["tags"] == ("a", "b", "2025")
    assert values["open"] is False and values["code"].group(0) == "0571"
    assert "photos" not in values  # an OWN field is read by its validator


def test_keys_not_written_read_as_empty_or_default():
    check, values = read({"name": "甲"})
    assert check.problems == []
    assert values == {
        "name": "甲",
        "when": None,
        "people": None,
        "hours": None,
        "tags": (),
        "open": True,
        "code": None,
    }


def test_every_wrong_value_is_reported_at_once_with_its_line_and_fix():
    check, _ = read(
        {
            "when": "2025-02-30",
            "people": 2.5,
            "hours": -1,
            "tags": [None],
            "open": "是",
            "code": "57",
            "naem": "x",
        }
    )
    found = {(p.field, p.line): p for p in check.problems}
    assert set(found) == {
        ("naem", 9),
        ("name", None),
        ("when", 3),
        ("people", 4),
        ("hours", 5),
        ("tags", 6),
        ("open", 7),
        ("code", 8),
    }
    assert check.failed and all(p.fix for p in check.problems)
    assert found[("name", None)].message == "没有写名称。"
    assert "不存在" in found[("when", 3)].message
    assert found[("people", 4)].message == "people 必须是整数（现在是 2.5）。"
    assert "负数" in found[("hours", 5)].message
    assert found[("tags", 6)].message == "标签“None”不是一段文字。"
    assert found[("open", 7)].message == "open 只能是 true 或 false，现在是“是”。"
    assert found[("code", 8)].message == "“57”不是四位数字。"


def test_an_unknown_key_gets_a_guess_and_the_schema_decides_its_severity():
    check, _ = read({"name": "甲", "naem": "x"})
    (problem,) = check.problems
    assert problem.severity is Severity.WARNING and problem.line == 9
    assert problem.message == "未知字段“naem”，它不会被使用。"
    assert problem.fix == "是不是想写 name？不需要就删除这一行。"

    strict = Schema(*ENTRY.fields, unknown=Severity.ERROR)
    check = FieldCheck("entry.yml", LINES)
    check.keys(strict, {"name": "甲", "zzz": 1})
    (problem,) = check.problems
    assert problem.is_error and problem.message == "未知字段“zzz”。"
    assert problem.fix.startswith("可用字段：name、when、")


def test_a_key_written_twice_names_both_lines():
    check = FieldCheck("entry.yml", {"name": 2})
    check.duplicates(ENTRY, [("name", 5)])
    check.duplicates(Schema(*ENTRY.fields, whose="同一项"), [("name", 6)], later_wins=False)
    assert [(p.line, p.message) for p in check.problems] == [
        (5, "字段 name 写了两次（第 2 行和第 5 行），只有后一个会生效。"),
        (6, "同一项的 name 写了两次（第 2 行和第 6 行）。"),
    ]


def test_one_text_or_number_stands_for_a_list_of_one():
    check, values = read({"name": "甲", "tags": 2025})
    assert check.problems == [] and values["tags"] == ("2025",)
    check, values = read({"name": "甲", "tags": True})
    assert [p.message for p in check.problems] == ["tags 应该是一组标签。"] and values["tags"] == ()


def test_a_number_too_long_for_a_float_is_reported_not_raised():
    check, values = read({"name": "甲", "hours": 10**400, "people": -(10**400)})
    assert values["hours"] is None and values["people"] is None
    assert [p.field for p in check.problems] == ["people", "hours"]
    assert check.problems[1].message.startswith("hours 必须是数字")


def test_a_blank_counts_as_not_written_unless_the_field_says_it_is_wrong():
    check, values = read({"name": "甲", "people": "", "tags": None, "open": None})
    assert [(p.field, p.message) for p in check.problems] == [
        ("open", "open 只能是 true 或 false，现在是“None”。")
    ]
    assert values["people"] is None and values["tags"] == ()


def test_fields_without_a_line_use_the_fallback_line_and_the_prefix():
    check = FieldCheck("mkdocs.yml", line=12, prefix="branchpress/brand.")
    assert check.value(ENTRY["code"], " 12 ") is None
    (problem,) = check.problems
    assert (problem.line, problem.field, problem.message) == (
        12,
        "branchpress/brand.code",
        "“12”不是四位数字。",
    )


def test_published_texts_pass_through_the_screen():
    class NoDigits(FieldCheck):
        def screen(self, field, value, where):
            if any(ch.isdigit() for ch in str(value)):
                self.error(field, f"{where}里有数字。", "删掉数字。")
                return True
            return False

    schema = Schema(Field("title", Kind.TEXT, shown_as="标题"), Field("tags", Kind.TEXTS, shown_as="标签"))
    check = NoDigits("x.md", {"title": 2, "tags": 3})
    values = check.values(schema, {"title": "第1次", "tags": ["a1", "b"]})
    assert values == {"title": "第1次", "tags": ("b",)}  # a refused tag is left out
    assert [p.message for p in check.problems] == ["标题里有数字。", "标签里有数字。"]


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=3), children)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.dictionaries(st.sampled_from([*ENTRY.names, "x", "hide"]) | st.text(max_size=6), values, max_size=8)
)
def test_no_value_makes_the_check_raise(data):
    check, read_values = read(data)
    assert set(read_values) == set(ENTRY.names) - {"photos"}
    for problem in check.problems:
        assert problem.file == "entry.yml" and problem.message and problem.fix
