"""The studio's form: the controls a type asks for, and new records made from them.

A record made from the form must be read by the build exactly as the form meant it, for every
default type, and read back into the same form values.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.organization.kinds import MEETING_KINDS, resolve_kind
from branchpress.core.organization.rules import Organization
from branchpress.core.records.activity_types import DEFAULT_TYPES
from branchpress.core.records.scaffold import FIELD_HINTS, record_text
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.validation import validate_text
from branchpress.core.studio.form_fields import FIELD_KINDS, KINDS, fields_for
from branchpress.core.studio.record_edit import edited_text, form_values

SHANGHAI = ZoneInfo("Asia/Shanghai")
SETTINGS = SiteSettings(
    now=datetime(2026, 6, 1, tzinfo=SHANGHAI), organization=Organization(groups=("第一党小组", "第二党小组"))
)
SOURCE = "activities/2026/2026-03-05-lei-feng.md"
FIRST = ("标题", "日期", "类型", "地点", "摘要")
LAST = ("正文", "照片", "封面", "标签", "首页推荐", "大事记", "草稿", "内部记录", "网址名", "更正日期")
MEETING_LABELS = (
    "会议类别",
    "党小组",
    "应到人数",
    "实到人数",
    "缺席人员",
    "主持人",
    "记录人",
    "授课人",
    "议题",
)
THEME_DAY_LABELS = ("应到人数", "实到人数", "缺席人员", "主持人", "记录人", "授课人", "议题")
TYPE_LABELS = {
    "meeting": MEETING_LABELS,
    "theme_day": ("参加人数", *THEME_DAY_LABELS),
    "study": ("参加人数",),
    "volunteer": ("志愿者", "服务时长", "服务人数"),
    "welfare": ("志愿者", "服务时长", "服务人数"),
    "industry": ("参加人数", "服务人数"),
    "honor": (),
    "news": (),
}
PHOTOS = [
    {"src": "2026-03-05-lei-feng/合影.jpg", "caption": "全体合影", "alt": "二十名党员在社区门口合影"},
    {"src": "2026-03-05-lei-feng/现场.jpg", "caption": "", "alt": ""},
]
COMMON = {
    "title": "学雷锋：党员走进春晖社区 #3",
    "date": "2026-03-05 09:30",
    "location": "东湖区春晖社区党群服务中心",
    "summary": "支部党员为居民义诊、修家电。",
    "photos": PHOTOS,
    "cover": "2026-03-05-lei-feng/封面.jpg",
    "tags": ["社区服务", "志愿者"],
    "featured": True,
    "milestone": False,
    "draft": False,
    "internal": False,
}
SITTING = {
    "expected": 20,
    "present": 18,
    "absent": [{"name": "王五", "reason": "因公出差"}, {"name": "赵六", "reason": ""}],
    "chair": "张书记",
    "recorder": "李委员",
    "lecturer": "王老师",
    "agenda": ["传达学习上级会议精神", "研究下季度工作"],
}
VOLUNTEERING = {
    "volunteers": [{"name": "张三", "hours": None}, {"name": "李四", "hours": 4}],
    "hours": 2.5,
    "beneficiaries": 86,
}
TYPE_VALUES = {
    "meeting": {"meeting": ["general", "lecture"], **SITTING},
    "theme_day": {"participants": 18, **SITTING},
    "study": {"participants": 32},
    "volunteer": VOLUNTEERING,
    "welfare": VOLUNTEERING,
    "industry": {"participants": 12, "beneficiaries": 40},
    "honor": {"milestone": True},
    "news": {},
}


def labels(type_key: str) -> tuple[str, ...]:
    return tuple(f.label for f in fields_for(type_key, SETTINGS))


@pytest.mark.parametrize("type_key", list(DEFAULT_TYPES))
def test_every_default_type_asks_for_its_own_fields_only(type_key: str) -> None:
    assert labels(type_key) == (*FIRST, *TYPE_LABELS[type_key], *LAST)
    fields = fields_for(type_key, SETTINGS)
    assert all(f.kind in KINDS for f in fields)
    assert [f.name for f in fields if f.required] == ["title", "date", "type"]
    assert dict(next(f for f in fields if f.name == "type").choices) == dict(DEFAULT_TYPES)


def test_a_relabelled_meeting_type_keeps_its_meeting_keys_and_a_site_type_gets_the_common_ones() -> None:
    relabelled = SiteSettings(types={"meeting": "组织生活", "salon": "读书沙龙"})
    assert labels_of(fields_for("meeting", relabelled))[5:14] == MEETING_LABELS
    assert labels_of(fields_for("salon", relabelled)) == (*FIRST, *LAST)


def labels_of(fields) -> tuple[str, ...]:
    return tuple(f.label for f in fields)


def test_meeting_kinds_and_groups_are_what_the_validator_accepts() -> None:
    fields = {f.name: f for f in fields_for("meeting", SETTINGS)}
    kinds = fields["meeting"].choices
    assert [resolve_kind(value) for value, _ in kinds] == list(MEETING_KINDS)
    assert [resolve_kind(label) for _, label in kinds] == list(MEETING_KINDS)
    assert fields["group"].choices == (("第一党小组", "第一党小组"), ("第二党小组", "第二党小组"))
    assert fields["group"].shown_when == ("meeting", "group")
    assert [part for part, _ in fields["absent"].parts] == ["name", "reason"]
    assert [part for part, _ in fields["photos"].parts] == ["src", "caption", "alt"]


def test_the_form_gives_the_hints_branchpress_new_writes() -> None:
    scaffolds = "".join(
        record_text(key, label, "标题", "2026-03-05", "2026-03-05-x") for key, label in DEFAULT_TYPES.items()
    )
    shared = [f for key in DEFAULT_TYPES for f in fields_for(key, SETTINGS) if f.name in FIELD_HINTS]
    assert {f.name for f in shared} >= {"summary", "location", "volunteers", "meeting", "recorder", "draft"}
    for f in shared:
        if FIELD_HINTS[f.name] != f.label:  # a hint that only repeats the label is not shown
            assert f.hint == FIELD_HINTS[f.name] and f.hint in scaffolds, f.name


def test_every_record_key_has_a_control() -> None:
    from branchpress.core.records.record_fields import FIELDS

    assert set(FIELD_KINDS) == set(FIELDS)


@pytest.mark.parametrize("type_key", list(DEFAULT_TYPES))
def test_a_new_record_from_the_form_is_read_by_the_build_as_the_form_meant(type_key: str) -> None:
    values = {**COMMON, "type": type_key, **TYPE_VALUES[type_key]}
    text = edited_text(None, values, "3月5日，支部党员走进社区。\n")
    record, problems = validate_text(SOURCE, text, SETTINGS, photo_exists=lambda path: True)
    assert problems == [] and record is not None, problems
    assert (record.title, record.type, record.location, record.summary) == (
        COMMON["title"],
        type_key,
        COMMON["location"],
        COMMON["summary"],
    )
    assert record.date == datetime(2026, 3, 5, 9, 30, tzinfo=SHANGHAI) and record.has_time
    assert record.tags == ("社区服务", "志愿者") and record.featured and not record.internal
    assert [(p.src, p.caption, p.alt) for p in record.photos] == [tuple(p.values()) for p in PHOTOS]
    assert record.cover is not None and record.cover.src == COMMON["cover"]
    assert record.milestone is (type_key == "honor")
    if "volunteers" in values:
        assert [(v.name, v.hours) for v in record.volunteers] == [("张三", None), ("李四", 4)]
        assert (record.hours, record.beneficiaries) == (2.5, 86)
    if "expected" in values:
        sitting = record.sitting
        assert sitting is not None and (sitting.expected, sitting.present) == (20, 18)
        assert [(a.name, a.reason) for a in sitting.absent] == [("王五", "因公出差"), ("赵六", "")]
        assert (sitting.chair, sitting.recorder, sitting.lecturer) == ("张书记", "李委员", "王老师")
        assert sitting.agenda == ("传达学习上级会议精神", "研究下季度工作")
        assert sitting.kinds == (("general", "lecture") if type_key == "meeting" else ())
    read = form_values(text, SETTINGS)
    assert read.readable and read.unknown_keys == () and read.body == "3月5日，支部党员走进社区。\n"
    assert {key: read.values[key] for key in values} == values


def test_a_group_meeting_names_its_group_and_a_single_kind_is_written_as_one_value() -> None:
    text = edited_text(
        None,
        {"title": "第一党小组会", "date": "2026-05-12", "type": "meeting", "meeting": ["group"]}
        | {"group": "第一党小组"},
        "",
    )
    assert "meeting: group\ngroup: 第一党小组\n" in text
    record, problems = validate_text(SOURCE, text, SETTINGS, photo_exists=lambda path: True)
    assert problems == [] and record is not None and record.sitting is not None
    assert (record.sitting.kinds, record.sitting.group, record.has_time) == (("group",), "第一党小组", False)


def test_a_new_record_is_written_in_a_stable_order_without_the_keys_left_empty() -> None:
    text = edited_text(
        None,
        {"draft": True, "tags": [], "type": "news", "summary": "", "date": "2026-05-12T14:30"}
        | {"featured": False, "title": "支部动态"},
        "正文\r\n第二行\r\n",
    )
    assert (
        text == "---\ntitle: 支部动态\ndate: 2026-05-12 14:30\ntype: news\ndraft: true\n---\n正文\n第二行\n"
    )
