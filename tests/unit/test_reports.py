"""Annual reports in the core: changes, same-period comparison, parts, organization life as numbers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from branchpress.core.organization.rules import Organization
from branchpress.core.organization.summary import summarize_sittings
from branchpress.core.people.tally import VolunteerTally
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.store import RecordStore
from branchpress.core.records.validation import validate_text
from branchpress.core.reports.annual import Change, build_report

SHANGHAI = ZoneInfo("Asia/Shanghai")
SETTINGS = SiteSettings(now=datetime(2025, 6, 30, 12, 0, tzinfo=SHANGHAI), organization=Organization())


def record(name: str, front: str):
    found, problems = validate_text(
        f"activities/{name}.md", f"---\n{front}\n---\n\n正文。\n", SETTINGS, lambda p: True
    )
    assert found is not None, problems
    return found


def test_a_change_says_up_down_or_flat_and_nothing_without_a_year_to_compare():
    assert (Change("a", "场", 5, 3).change_text, Change("a", "场", 5, 3).trend) == ("+2", "up")
    assert (Change("a", "场", 2, 3.5).change_text, Change("a", "场", 2, 3.5).trend) == ("−1.5", "down")
    assert Change("a", "场", 3, 3).change_text == "持平"
    assert Change("a", "场", 3, None).change_text == "" and Change("a", "场", 3, None).trend == "flat"


def test_a_running_year_is_compared_with_the_same_part_of_the_year_before():
    records = [
        record("a", "title: 今年一\ndate: 2025-03-01\ntype: news"),
        record("b", "title: 去年上半年\ndate: 2024-06-30\ntype: news"),
        record("c", "title: 去年下半年\ndate: 2024-07-01\ntype: news\nparticipants: 9"),
        record("d", "title: 草稿\ndate: 2025-04-01\ntype: news\ndraft: true"),
    ]
    store = RecordStore(r for r in records if r.is_published)
    report = build_report(2025, store, SETTINGS, VolunteerTally(store), None)
    assert report.as_of == "截至6月30日" and report.compared_with == "2024年同期"
    activities = report.figures[0]
    assert (activities.value, activities.previous) == (1, 1)  # 1 July 2024 is after 30 June
    past = build_report(2024, store, SETTINGS, VolunteerTally(store), None)
    assert past.as_of == "" and past.figures[0].value == 2 and past.figures[0].previous is None
    assert past.figures[1].value == 9


def test_each_type_tells_featured_records_in_full_and_the_rest_in_brief():
    records = [
        record("a", "title: 一\ndate: 2025-01-05\ntype: volunteer"),
        record("b", "title: 二\ndate: 2025-02-05\ntype: volunteer\nfeatured: true"),
        record("c", "title: 三\ndate: 2025-03-05\ntype: news"),
    ]
    store = RecordStore(records)
    report = build_report(2025, store, SETTINGS, VolunteerTally(store), None)
    parts = {part.key: part for part in report.parts}
    assert list(parts) == ["volunteer", "news"]
    assert [r.title for r in parts["volunteer"].in_full] == ["二"]
    assert [r.title for r in parts["volunteer"].in_brief] == ["一"]
    assert [r.title for r in report.records] == ["一", "二", "三"]


def test_organization_life_is_numbers_and_regularity_only_where_meetings_were_kept():
    sparse = [
        record("m1", "title: 组织生活会\ndate: 2025-01-10\ntype: meeting\nmeeting: [life, appraisal]"),
        record("m2", "title: 支委会\ndate: 2025-02-10\ntype: meeting\nmeeting: committee\ninternal: true"),
        record("m3", "title: 主题党日\ndate: 2025-03-10\ntype: theme_day"),
        record("m4", "title: 草稿\ndate: 2025-03-11\ntype: meeting\nmeeting: general\ndraft: true"),
    ]
    summary = summarize_sittings(sparse, SETTINGS, 2025)
    assert (summary.total, summary.internal, summary.public) == (3, 1, 2)
    assert summary.by_kind == (("支部委员会", 1), ("组织生活会", 1), ("民主评议党员", 1), ("主题党日", 1))
    # Four of the six rules have a sitting: the regularity is shown (Q2 and June not ended yet).
    assert [(r.label, r.held, r.due) for r in summary.regularity][:2] == [
        ("支部党员大会", 0, 1),
        ("支部委员会", 1, 5),
    ]
    only_one = summarize_sittings(sparse[:1], SETTINGS, 2025)
    assert only_one.regularity == ()  # a year not kept in the records shows counts only
    assert not any(hasattr(summary, name) for name in ("records", "sittings", "titles"))
