"""Organization life in the core: meeting keys, periods, the ledger's rules and its JSON."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.organization.kinds import resolve_kind
from branchpress.core.organization.ledger import build_ledger, due_now, fails_quorum, reminder
from branchpress.core.organization.periods import Frequency, Period, period_of
from branchpress.core.organization.rules import Organization, OrganizationError, organization_from_options
from branchpress.core.problems import Severity
from branchpress.core.records.settings import SettingsError, SiteSettings, settings_from_options
from branchpress.core.records.validation import validate_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
GROUPS = Organization(groups=("第一党小组", "第二党小组"))


def settings(now: str = "2025-12-01 12:00", organization: Organization = GROUPS) -> SiteSettings:
    return SiteSettings(now=datetime.fromisoformat(now).replace(tzinfo=SHANGHAI), organization=organization)


def record(front: str, source: str = "activities/2025/x.md", at: SiteSettings | None = None):
    text = f"---\ntitle: 会议\n{front.strip()}\n---\n\n正文。\n"
    found, problems = validate_text(source, text, at or settings(), lambda path: True)
    return found, problems


def sitting(date: str, front: str = "type: meeting\nmeeting: 支部委员会", at: SiteSettings | None = None):
    found, problems = record(f"date: {date}\n{front}", f"activities/{date[:10]}-{hash(front) % 997}.md", at)
    assert found is not None, problems
    return found


# --- the keys --------------------------------------------------------------------------------


def test_meeting_kinds_are_read_from_keys_labels_and_short_forms():
    assert [resolve_kind(t) for t in ("general", "支部党员大会", "党员大会", "支委会", "党课")] == [
        "general",
        "general",
        "general",
        "committee",
        "lecture",
    ]
    found = sitting("2025-03-02", "type: 三会一课\nmeeting: [支部党员大会, 党课, 党员大会]")
    assert found.sitting.kinds == ("general", "lecture")


def test_every_meeting_key_is_read_and_the_public_fields_are_kept():
    found = sitting(
        "2025-03-02 14:30",
        """
type: meeting
meeting: group
group: 第二党小组
expected: 8
present: 6
absent: [{name: 王五, reason: 出差}, 赵六]
chair: 张三
recorder: 李四
lecturer: 孙七
agenda: [学习党章, 交流体会]
internal: true
""",
    )
    meeting = found.sitting
    assert (meeting.kinds, meeting.group, meeting.expected, meeting.present) == (
        ("group",),
        "第二党小组",
        8,
        6,
    )
    assert [(a.name, a.reason) for a in meeting.absent] == [("王五", "出差"), ("赵六", "")]
    assert (meeting.chair, meeting.recorder, meeting.lecturer) == ("张三", "李四", "孙七")
    assert meeting.agenda == ("学习党章", "交流体会")
    assert found.internal and not found.is_published and found.is_held


@pytest.mark.parametrize(
    ("front", "field", "words"),
    [
        ("type: meeting\nmeeting: 茶话会", "meeting", "未知的会议类别“茶话会”"),
        (
            "type: meeting\nmeeting: group\ngroup: 第九党小组",
            "group",
            "不在 mkdocs.yml 的 organization → groups",
        ),
        ("type: meeting\nmeeting: general\ngroup: 第一党小组", "group", "group 只用于党小组会"),
        (
            "type: meeting\nmeeting: general\nexpected: 30\npresent: 31",
            "present",
            "实到人数 31 多于应到人数 30",
        ),
        ("type: meeting\nmeeting: general\nexpected: -3", "expected", ""),
        ("type: meeting\nmeeting: general\npresent: 2.5", "present", ""),
        ("type: meeting\nmeeting: general\nabsent: [{reason: 出差}]", "absent", "第 1 位缺席人员没有姓名"),
        ("type: meeting\nmeeting: general\nabsent: [{name: 王五, why: 出差}]", "absent", "未知项：why"),
        ("type: meeting\nmeeting: general\nabsent: 王五", "absent", "absent 应该是缺席人员的列表"),
        ("type: theme_day\nmeeting: general", "meeting", "meeting 只用于三会一课记录"),
        ("type: volunteer\nmeeting: general", "meeting", "只用于三会一课和主题党日记录"),
        ("type: volunteer\nexpected: 30", "expected", "只用于三会一课和主题党日记录"),
    ],
)
def test_wrong_meeting_keys_are_errors_naming_the_field_and_line(front, field, words):
    found, problems = record(f"date: 2025-03-02\n{front}")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert found is None and errors, problems
    assert any(p.field == field and words in p.message and p.line and p.fix for p in errors), errors


def test_a_meeting_without_a_kind_is_a_warning_and_still_a_record():
    found, problems = record("date: 2025-03-02\ntype: meeting")
    assert found is not None and found.sitting.kinds == ()
    assert [(p.field, p.severity) for p in problems] == [("meeting", Severity.WARNING)]
    assert "不会计入组织生活台账" in problems[0].message


def test_a_group_meeting_without_its_group_is_a_warning_when_groups_are_configured():
    _, problems = record("date: 2025-03-02\ntype: meeting\nmeeting: 党小组会")
    assert [(p.field, p.severity) for p in problems] == [("group", Severity.WARNING)]
    _, none = record(
        "date: 2025-03-02\ntype: meeting\nmeeting: 党小组会", at=settings(organization=Organization())
    )
    assert none == []


def test_absentees_that_do_not_add_up_are_a_warning():
    _, problems = record(
        "date: 2025-03-02\ntype: meeting\nmeeting: general\nexpected: 10\npresent: 7\nabsent: [王五]"
    )
    assert [(p.field, p.severity) for p in problems] == [("absent", Severity.WARNING)]


# --- configuration -----------------------------------------------------------------------------


def test_rules_default_to_the_regulations_and_can_be_changed_or_turned_off():
    default = {rule.key: rule.frequency for rule in GROUPS.rules}
    assert default == {
        "general": Frequency.QUARTER,
        "committee": Frequency.MONTH,
        "group:第一党小组": Frequency.MONTH,
        "group:第二党小组": Frequency.MONTH,
        "theme_day": Frequency.MONTH,
        "lecture": Frequency.QUARTER,
        "life": Frequency.YEAR,
        "appraisal": Frequency.YEAR,
    }
    changed = organization_from_options(
        {"rules": {"党课": "每月", "appraisal": "off", "主题党日": "quarter"}}
    )
    rules = {rule.key: rule.frequency for rule in changed.rules}
    assert rules["lecture"] is Frequency.MONTH and rules["theme_day"] is Frequency.QUARTER
    assert "appraisal" not in rules and "group" not in str(list(rules))  # no groups: no group rows


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"groups": "第一党小组"}, "groups 应该是党小组名称的列表"),
        ({"groups": ["一组", "一组"]}, "“一组”重复了"),
        ({"rules": {"茶话会": "month"}}, "“茶话会”不是会议类别"),
        ({"rules": {"general": "weekly"}}, "频率“weekly”无法识别"),
        ({"members": 3}, "未知项：members"),
        ("groups", "应写成 groups: 和 rules: 两项"),
    ],
)
def test_wrong_organization_options_say_how_to_write_them(options, words):
    with pytest.raises(OrganizationError, match=words):
        organization_from_options(options)
    with pytest.raises(SettingsError, match=words):
        settings_from_options(
            timezone="Asia/Shanghai",
            types={"meeting": "三会一课"},
            activities_dir="activities",
            now=None,
            privacy_allow=[],
            preview=False,
            organization=options,
        )


# --- periods and the ledger ------------------------------------------------------------------


def test_periods_follow_the_site_time_zone_at_month_and_quarter_boundaries():
    late = datetime(2025, 3, 31, 23, 30, tzinfo=SHANGHAI)
    assert period_of(late, Frequency.MONTH, SHANGHAI).key == "2025-03"
    assert period_of(late, Frequency.QUARTER, SHANGHAI).key == "2025-Q1"
    # 16:30 UTC on 31 March is already 1 April in Shanghai.
    utc = datetime(2025, 3, 31, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert period_of(utc, Frequency.QUARTER, SHANGHAI).key == "2025-Q2"
    assert Period(2025, 10, Frequency.QUARTER).has_ended(datetime(2026, 1, 1, tzinfo=SHANGHAI), SHANGHAI)
    assert not Period(2025, 10, Frequency.QUARTER).has_ended(late.replace(year=2025, month=12), SHANGHAI)
    assert [Period(2025, m, Frequency.QUARTER).label for m in (1, 4, 7, 10)] == [
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
    ]


def test_the_ledger_json_has_every_rule_and_never_calls_an_unended_period_missing():
    at = settings("2025-11-15 10:00")
    records = [
        sitting(
            "2025-03-31 23:30", "type: meeting\nmeeting: [支部党员大会, 党课]\nexpected: 30\npresent: 20", at
        ),
        sitting("2025-05-10", "type: meeting\nmeeting: committee\nexpected: 5\npresent: 2", at),
        sitting("2025-05-20", "type: meeting\nmeeting: group\ngroup: 第一党小组", at),
        sitting("2025-06-01", "type: theme_day", at),
        sitting("2025-01-12", "type: meeting\nmeeting: [life, appraisal]\ninternal: true", at),
        sitting("2025-08-08", "type: meeting\nmeeting: general\ndraft: true", at),
        sitting("2025-11-20", "type: meeting\nmeeting: committee", at),  # scheduled: after `now`
        sitting("2024-12-30", "type: meeting\nmeeting: committee", at),  # another year
        sitting("2025-07-01", "type: study", at),  # not a sitting
    ]
    ledger = build_ledger(records, at, 2025)
    data = ledger.as_json()
    assert list(data) == ["year", "meetings", "missing", "quorum"]
    assert data["year"] == 2025 and data["meetings"] == 5
    months = [f"2025-{m:02d}" for m in range(1, 11)]  # November has not ended on 15 November
    assert data["missing"] == {
        "general": ["2025-Q2", "2025-Q3"],
        "committee": [m for m in months if m != "2025-05"],
        "group:第一党小组": [m for m in months if m != "2025-05"],
        "group:第二党小组": months,
        "theme_day": [m for m in months if m != "2025-06"],
        "lecture": ["2025-Q2", "2025-Q3"],
        "life": [],
        "appraisal": [],
    }
    # 20 of 30 is a quorum; 2 of 5 is not.
    assert data["quorum"] == [records[1].source]
    assert not fails_quorum(records[0]) and fails_quorum(records[1])


def test_a_past_year_has_every_period_ended_and_a_future_year_none():
    at = settings("2026-02-01 00:00")
    past = build_ledger([], at, 2025).as_json()
    assert len(past["missing"]["committee"]) == 12 and past["missing"]["life"] == ["2025"]
    future = build_ledger([], at, 2027).as_json()
    assert all(periods == [] for periods in future["missing"].values())


def test_the_reminder_names_what_is_due_this_month_and_quarter():
    at = settings("2025-05-20 09:00")
    records = [
        sitting("2025-04-03", "type: meeting\nmeeting: general", at),
        sitting("2025-05-06", "type: meeting\nmeeting: committee", at),
    ]
    line = reminder(due_now(records, at))
    assert line == ("提醒：本月尚未召开第一党小组会议、第二党小组会议，尚未开展主题党日；本季度尚未上党课。")
    assert reminder(()) == ""
