"""Text from staff is untrusted: whatever they type is read back by the build exactly as typed,
or refused with a Chinese message naming the field (control characters the loader rejects)."""

from __future__ import annotations

import pytest
from branchpress.core.records.frontmatter import split_record
from branchpress.core.studio.record_edit import edited_text, form_values
from branchpress.core.studio.yaml_values import EditRefused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TINY = "---\ntitle: 旧标题\ndate: 2026-03-05\ntype: news\n---\n正文\n"
HOSTILE = [
    "标题: 含冒号",
    "# 开头是井号",
    "[开头是方括号",
    "{{ site.name }}",
    "*别名",
    "&锚点",
    "!标签",
    "%指令",
    "@at",
    "`反引号",
    "|竖线",
    ">大于号",
    "- 像列表",
    "? 像键",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "123",
    "0o17",
    "1.5e3",
    "2026-05-12",
    "---",
    "...",
    "第一行\n---\n第三行",
    "结尾换行\n",
    "\t制表符\t",
    "  前后空格  ",
    "'单引号'",
    '"双引号"',
    "反斜杠 \\n 不是换行",
    "行分隔\u2028段分隔\u2029下一行\x85",
    "中间有\ufeff字节序标记",
    "很长" * 3000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_read_back_exactly(value: str) -> None:
    changes = {"title": value, "location": value, "summary": value, "chair": value, "tags": [value, "普通"]}
    text = edited_text(TINY, changes, None)
    data = split_record(text).data
    assert [data[key] for key in ("title", "location", "summary", "chair", "tags")] == [
        value,
        value,
        value,
        value,
        [value, "普通"],
    ]
    assert split_record(text).body == "正文\n"
    assert form_values(text).values["title"] == value


@pytest.mark.parametrize("value", ["\x00", "响铃\x07", "\x1b[31m红色", "\x7f", "\x9b", "\ud800", "\ufffe"])
def test_control_characters_are_refused_in_chinese_naming_the_field(value: str) -> None:
    with pytest.raises(EditRefused) as refused:
        edited_text(TINY, {"location": f"春晖社区{value}"}, None)
    assert refused.value.field == "location" and "地点里有无法识别的控制字符" in refused.value.message
    with pytest.raises(EditRefused) as refused:
        edited_text(None, {"photos": [{"src": "a.jpg", "caption": value}]}, "")
    assert refused.value.field == "photos" and "照片" in str(refused.value)


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff")
    | st.sampled_from("\n\r\t")
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    title=texts.filter(str.strip),
    location=texts,
    summary=texts,
    tags=st.lists(texts.filter(str.strip), max_size=4),
)
def test_any_text_round_trips_through_the_build_loader(title, location, summary, tags) -> None:
    changes = {"title": title, "location": location, "summary": summary, "tags": tags}
    parsed = split_record(edited_text(TINY, changes, None))
    assert parsed.data["title"] == title
    assert parsed.data.get("location", "") == location and parsed.data.get("summary", "") == summary
    assert parsed.data.get("tags", []) == tags
    assert (parsed.data["date"], parsed.data["type"], parsed.body) == ("2026-03-05", "news", "正文\n")
