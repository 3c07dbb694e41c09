"""Unit tests of the pure core: front matter, validation, slugs, text helpers, the store."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.records.frontmatter import FrontMatterError, split_record
from branchpress.core.records.model import Status
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.slugs import slug_from_filename, slugify
from branchpress.core.records.validation import validate_text
from branchpress.core.text import format_date, format_number, reading_minutes, summarize

SHANGHAI = ZoneInfo("Asia/Shanghai")
SETTINGS = SiteSettings(now=datetime(2025, 12, 1, 12, 0, tzinfo=SHANGHAI))
SOURCE = "activities/2025/2025-03-05-lei-feng.md"


def check(text: str, exists=lambda path: True, settings=SETTINGS, source=SOURCE):
    return validate_text(source, text, settings, exists)


def fm(lines: str, body: str = "正文第一段。\n") -> str:
    return f"---\n{lines.strip()}\n---\n\n{body}"


def test_front_matter_keeps_key_lines_and_body_line():
    parsed = split_record("---\ntitle: 标题\ndate: 2025-02-30\n---\n\n正文\n")
    assert parsed.key_lines == {"title": 2, "date": 3}
    assert parsed.data["date"] == "2025-02-30"  # no YAML timestamp: validation sees the text
    assert parsed.body_line == 5


def test_front_matter_errors_carry_line_numbers():
    with pytest.raises(FrontMatterError) as error:
        split_record("---\ntitle: 好\ndate: 2025-01-01\ntags: [a, b\n---\n")
    assert error.value.line is not None and error.value.line >= 4
    with pytest.raises(FrontMatterError):
        split_record("没有信息区\n")
    with pytest.raises(FrontMatterError):
        split_record("---\ntitle: 未结束\n")


def test_valid_record_with_every_field():
    record, problems = check(
        fm(
            """
title: 学雷锋志愿服务
date: 2025-03-05 09:30
type: 志愿服务
summary: 一句话摘要
location: 春晖社区
cover: cover.jpg
photos: [a.jpg, {src: b.jpg, caption: 合影, alt: 党员合影}]
volunteers: [张三, {name: 李四, hours: 4}]
hours: 2.5
beneficiaries: 40
participants: 12
tags: [志愿者, 社区服务, 志愿者]
featured: true
milestone: false
slug: lei-feng-2025
updated: 2025-03-06
"""
        )
    )
    assert problems == []
    assert record.type == "volunteer" and record.type_label == "志愿服务"
    assert record.date == datetime(2025, 3, 5, 9, 30, tzinfo=SHANGHAI) and record.has_time
    assert record.cover.path == "activities/2025/cover.jpg"
    assert [p.path for p in record.photos] == ["activities/2025/a.jpg", "activities/2025/b.jpg"]
    assert record.photos[1].caption == "合影" and record.photos[1].alt == "党员合影"
    assert record.volunteer_hours == 2.5 + 4
    assert record.tags == ("志愿者", "社区服务")
    assert record.slug == "lei-feng-2025"
    assert record.own_summary and record.summary == "一句话摘要"
    assert record.status is Status.PUBLISHED


def test_problems_are_collected_together_with_lines_and_fixes():
    record, problems = check(fm("title: 标题\ndate: 2025-02-30\ntype: 开会\nhours: -1\nfeatured: 是"))
    assert record is None
    fields = {p.field: p for p in problems}
    assert set(fields) >= {"date", "type", "hours", "featured"}
    assert fields["date"].line == 3 and "不存在" in fields["date"].message
    assert "meeting（三会一课）" in fields["type"].fix
    assert "负数" in fields["hours"].message
    assert all(p.fix for p in problems)


@pytest.mark.parametrize("missing", ["title", "date", "type"])
def test_missing_required_field(missing):
    lines = {"title": "title: 标题", "date": "date: 2025-03-05", "type": "type: news"}
    del lines[missing]
    record, problems = check(fm("\n".join(lines.values())))
    assert record is None
    assert [p.field for p in problems if p.is_error] == [missing]


def test_photo_outside_folder_and_missing_photo():
    record, problems = check(
        fm("title: t\ndate: 2025-03-05\ntype: news\ncover: ../../x.jpg\nphotos: [gone.jpg]"),
        exists=lambda path: path != "activities/2025/gone.jpg",
    )
    assert record is None
    messages = " ".join(p.message for p in problems)
    assert "之外" in messages and "找不到照片" in messages


def test_unknown_key_is_a_warning_with_a_suggestion():
    record, problems = check(fm("title: t\ndate: 2025-03-05\ntype: news\nsumary: 错字"))
    assert record is not None
    assert len(problems) == 1 and not problems[0].is_error
    assert "summary" in problems[0].fix and problems[0].line == 5


def test_draft_and_scheduled_status():
    draft, _ = check(fm("title: t\ndate: 2025-03-05\ntype: news\ndraft: true"))
    scheduled, _ = check(fm("title: t\ndate: 2025-12-01 12:01\ntype: news"))
    assert draft.status is Status.DRAFT
    assert scheduled.status is Status.SCHEDULED


def test_slugs_from_file_names_and_pinyin():
    assert slug_from_filename("2025-06-18-党员进企业") == "dang-yuan-jin-qi-ye"
    assert slug_from_filename("2025-03-05-lei-feng-day") == "lei-feng-day"
    assert slugify("2025年 Q3 党课！") == "2025-nian-q3-dang-ke"
    assert len(slugify("很" * 200)) <= 60


def test_text_helpers():
    assert format_date(datetime(2026, 5, 12)) == "2026年5月12日"
    assert reading_minutes("字" * 400) == 1 and reading_minutes("字" * 401) == 2
    assert reading_minutes("word " * 10 + "字" * 795) == 3
    assert summarize("# 标题\n\n第一段**重点**。\n第一段续。\n\n第二段。") == "第一段重点。 第一段续。"
    assert summarize("前言。\n\n<!-- more -->\n\n后文。") == "前言。"
    assert format_number(12.0) == "12" and format_number(2.5) == "2.5" and format_number(12000) == "12,000"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("title: 响铃\x07测试\ndate: 2025-03-05\ntype: news", "控制字符"),
        ("title: 长数字\ndate: 2025-03-05\ntype: news\nparticipants: " + "9" * 5000, "长得无法读取的数字"),
    ],
)
def test_unreadable_front_matter_is_a_problem_not_a_traceback(front_matter: str, expected: str) -> None:
    record, problems = validate_text(
        "activities/x.md", f"---\n{front_matter}\n---\n\n正文。\n", SiteSettings(), lambda _: True
    )
    assert record is None and len(problems) == 1 and expected in problems[0].message


def test_a_roster_with_a_control_character_is_a_problem_not_a_traceback() -> None:
    from branchpress.core.people.roster import parse_roster

    roster, problems = parse_roster("- name: 张三\x07\n")
    assert len(roster) == 0 and len(problems) == 1 and problems[0].is_error
    assert "控制字符" in str(problems[0]) and str(problems[0]).startswith("[错误] volunteers.yml")
