"""Core: the roster, the volunteer tally, its checks, name masking, redaction and the SVG chart."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.people.checks import check_volunteers
from branchpress.core.people.names import ANONYMOUS, mask_name, redact
from branchpress.core.people.public import Withholding
from branchpress.core.people.roster import Member, Roster, parse_roster, withheld_in_urls
from branchpress.core.people.tally import Totals, VolunteerTally
from branchpress.core.records.model import Record, Status, VolunteerEntry
from branchpress.core.site.chart import Bar, bar_chart
from lxml import etree

ZONE = ZoneInfo("Asia/Shanghai")


def record(source: str, when: str, *entries, hours=None, status=Status.PUBLISHED, **fields) -> Record:
    volunteers = tuple(
        VolunteerEntry(e, None) if isinstance(e, str) else VolunteerEntry(e[0], e[1]) for e in entries
    )
    return Record(
        source=source,
        title=fields.pop("title", source),
        date=datetime.fromisoformat(when).replace(tzinfo=ZONE),
        has_time=False,
        type=fields.pop("type", "volunteer"),
        type_label=fields.pop("type_label", "志愿服务"),
        slug=source,
        body="",
        body_line=5,
        volunteers=volunteers,
        hours=hours,
        status=status,
        field_lines={"volunteers": 6},
        **fields,
    )


ROSTER = Roster(
    [
        Member("张三", ("小张",), "社区服务队", line=1),
        Member("李四", (), "社区服务队", line=4),
        Member("赵六", (), "", public=False, line=6),
        Member("孙八", (), "", line=8),
    ]
)

RECORDS = [
    record("a.md", "2025-03-05", "张三", ("李四", 4), "王\u3000五", hours=2, beneficiaries=40, featured=True),
    record(
        "b.md",
        "2025-06-10",
        ("小张", 3),
        ("赵六", 5),
        "钱七",
        beneficiaries=100,
        type="welfare",
        type_label="公益行动",
    ),
    record("c.md", "2024-09-01", "张三", "李四", "赵六", hours=4, beneficiaries=20),
    record("e.md", "2024-12-01", "李肆", hours=1),
    record("draft.md", "2025-05-01", ("张三", 100), beneficiaries=999, status=Status.DRAFT),
    record("later.md", "2026-01-15", ("李四", 200), beneficiaries=888, status=Status.SCHEDULED),
    record("meeting.md", "2025-04-10", participants=30, type="meeting"),
]


@pytest.fixture
def tally() -> VolunteerTally:
    return tally_of(RECORDS)


def tally_of(records: list[Record], mask: bool = False) -> VolunteerTally:
    """The tally the site builds: over the public views of the records."""
    withholding = Withholding(ROSTER, mask)
    return VolunteerTally([withholding.record(r)[0] for r in records])


def test_only_published_records_that_list_volunteers_count(tally: VolunteerTally) -> None:
    assert [r.source for r in tally.activities] == ["b.md", "a.md", "e.md", "c.md"]
    assert tally.years == (2025, 2024)


def test_people_merge_by_normalised_name_and_alias(tally: VolunteerTally) -> None:
    people = sorted((v.name, v.hours, v.activities) for v in tally.volunteers)
    assert people == sorted(
        [
            ("张三", 9, 3),  # 2 + 3 (as 小张) + 4
            ("李四", 8, 2),
            (ANONYMOUS, 9, 2),  # 赵六 withheld their name: counted, never named
            ("王五", 2, 1),  # written with a full-width space
            ("李肆", 1, 1),
            ("钱七", 0, 1),  # listed without any hours: the activity counts, the hours are zero
        ]
    )
    zhang = next(v for v in tally.volunteers if v.name == "张三")
    assert zhang.team == "社区服务队" and zhang.public
    assert zhang.first.date().isoformat() == "2024-09-01" and zhang.last.date().isoformat() == "2025-06-10"
    assert zhang.types == ("志愿服务", "公益行动")  # most often first
    withheld = next(v for v in tally.volunteers if v.name == ANONYMOUS)
    assert not withheld.public and "赵六" not in withheld.key and withheld.team == ""


def test_the_public_view_masks_every_name_when_the_site_asks(tally: VolunteerTally) -> None:
    masked = tally_of(RECORDS, mask=True)
    assert sorted(v.name for v in masked.volunteers) == sorted(["张*", "李*", ANONYMOUS, "王*", "李*", "钱*"])
    assert masked.totals() == tally.totals()  # masking changes names, never the counting


def test_totals_per_year_month_and_all_time(tally: VolunteerTally) -> None:
    assert tally.totals() == Totals(6, 29, 4, 160)
    assert tally.totals(2025) == Totals(5, 16, 2, 140)
    assert tally.totals(2024) == Totals(4, 13, 2, 20)
    assert tally.totals(2025, 6) == Totals(3, 8, 1, 100)
    assert tally.totals(2025, 5) == Totals(0, 0, 0, 0)  # only the draft
    until = datetime(2025, 9, 30, tzinfo=ZONE)
    assert tally.totals(2024, until=until) == Totals(3, 12, 1, 20)  # the same part of the year before
    months = tally.recent_months(datetime(2025, 11, 20, tzinfo=ZONE))  # December 2024 to November 2025
    assert [(m.year, m.month) for m in months][:2] == [(2024, 12), (2025, 1)]
    assert [m.totals.hours for m in months] == [1, 0, 0, 8, 0, 0, 8, 0, 0, 0, 0, 0]
    assert [m.totals.hours for m in tally.months(2025)] == [0, 0, 8, 0, 0, 8, 0, 0, 0, 0, 0, 0]


def test_leaderboard_ranks_public_people_by_hours_with_shared_ranks(tally: VolunteerTally) -> None:
    def board(year=None, size=10):
        return [(s.rank, s.volunteer.name, s.hours) for s in tally.leaderboard(year, size)]

    # 赵六 has 9 hours too but withheld their name; 钱七 has no hours.
    assert board() == [(1, "张三", 9), (2, "李四", 8), (3, "王五", 2), (4, "李肆", 1)]
    assert board(2024) == [(1, "张三", 4), (1, "李四", 4), (3, "李肆", 1)]
    assert board(2025, size=2) == [(1, "张三", 5), (2, "李四", 4)]


def test_display_names_respect_consent_and_masking() -> None:
    assert Withholding(ROSTER).display_name("小张") == "张三"
    assert Withholding(ROSTER).display_name("赵六") == ANONYMOUS
    assert Withholding(ROSTER, mask=True).display_name("赵六") == ANONYMOUS
    assert Withholding(ROSTER, mask=True).display_name("王 五") == "王*"
    assert [mask_name(n) for n in ("张三明", "张三", "欧阳娜娜", "张")] == ["张*明", "张*", "欧**娜", "张"]


def test_a_person_listed_twice_on_one_record_counts_once() -> None:
    records = [record("x.md", "2025-01-01", ("张三", 2), ("小张", 5))]
    assert tally_of(records).totals() == Totals(1, 5, 1, 0)
    problems = check_volunteers(records, ROSTER)
    assert any("写了两次" in p.message for p in problems)


def test_checks_warn_about_hours_typos_and_unmatched_roster_entries(tally: VolunteerTally) -> None:
    problems = [str(p) for p in check_volunteers(RECORDS, ROSTER)]
    assert all(p.startswith("[警告]") for p in problems), problems
    hourless = [p for p in problems if "钱七" in p]
    assert hourless and "b.md 第 6 行，字段 volunteers" in hourless[0] and "按 0 小时计" in hourless[0]
    typo = [p for p in problems if "李肆" in p]
    assert typo and "“李四”" in typo[0] and "aliases" in typo[0]
    unmatched = [p for p in problems if "孙八" in p]
    assert unmatched and unmatched[0].startswith("[警告] volunteers.yml 第 8 行")
    assert len(problems) == 3


ROSTER_TEXT = """\
# 名册
- name: 张三
  aliases: [小张, 张 三]
  team: 社区服务队
- name: 赵六
  public: false
- 王五
"""


def test_roster_parses_names_aliases_teams_and_consent() -> None:
    roster, problems = parse_roster(ROSTER_TEXT)
    assert problems == []
    assert [(m.name, m.aliases, m.team, m.public, m.line) for m in roster.members] == [
        ("张三", ("小张", "张 三"), "社区服务队", True, 2),
        ("赵六", (), "", False, 5),
        ("王五", (), "", True, 7),
    ]
    assert roster.find("张\u3000三").name == "张三"
    assert roster.withheld_names() == ("赵六",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- name: 张三\n  team: [a\n", ["第 3 行", "不是合法的 YAML"]),
        ("name: 张三\n", ["第 1 行", "一列志愿者"]),
        ("- name: 张三\n  pubilc: false\n", ["第 2 行，字段 pubilc", "未知字段", "是不是想写 public"]),
        ("- name: 张三\n  public: 否\n", ["第 2 行，字段 public", "true 或 false", "否"]),
        ("- team: 社区服务队\n", ["字段 name", "没有写姓名"]),
        ("- name: 张三\n- name: 张 三\n", ["第 2 行", "“张三”已经是第 1 行"]),
        ("- name: 张三\n  name: 李四\n", ["第 2 行", "写了两次"]),
        ("- [张三]\n", ["第 1 行", "不是一位志愿者"]),
    ],
)
def test_roster_problems_name_the_line_and_never_raise(text: str, expected: list[str]) -> None:
    roster, problems = parse_roster(text)
    assert problems and all(p.is_error for p in problems)
    message = str(problems[0])
    assert message.startswith("[错误] volunteers.yml")
    for fragment in expected:
        assert fragment in message, message


def test_all_roster_problems_are_reported_together() -> None:
    _, problems = parse_roster("- name: 张三\n  public: 是\n- team: 队\n- name: 李四\n  tema: 队\n")
    assert [p.line for p in problems] == [2, 3, 5]


def test_redact_replaces_withheld_names_longest_first() -> None:
    names = Roster([Member("赵六", ("老赵六",), public=False)]).withheld_names()
    assert names == ("老赵六", "赵六")
    assert redact("老赵六和赵六", names) == (f"{ANONYMOUS}和{ANONYMOUS}", 2)
    assert redact("没有人", names) == ("没有人", 0)


def test_chart_is_accessible_xml_with_the_figures_it_was_given() -> None:
    bars = [Bar("1月", 0, "2025年1月", "2025"), Bar("2月", 12.5, "2025年2月"), Bar("3月", 1234, "2025年3月")]
    svg = bar_chart(bars, chart_id="c1", title="每月时长 <测试>", description="说明 & 数据", unit="小时")
    root = etree.fromstring(svg.encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("s:title", ns).text == "每月时长 <测试>"
    assert root.find("s:desc", ns).text == "说明 & 数据"
    groups = root.findall("s:g", ns)
    assert [g.get("data-value") for g in groups] == ["0", "12.5", "1,234"]
    assert [g.find("s:title", ns).text for g in groups][1] == "2025年2月：12.5 小时"
    assert groups[0].find("s:rect", ns) is None  # nothing to draw for zero
    heights = [float(g.find("s:rect", ns).get("height")) for g in groups[1:]]
    assert heights[0] < heights[1]
    assert bar_chart(bars, chart_id="c1", title="t", description="d", unit="小时") == bar_chart(
        bars, chart_id="c1", title="t", description="d", unit="小时"
    )


def test_a_url_that_spells_a_withheld_name_is_warned_about() -> None:
    roster = Roster([Member("周建国", public=False)])
    named = record("2025/2025-02-10-周建国写春联.md", "2025-02-10", title="写春联")
    named = dataclasses.replace(named, slug="zhou-jian-guo-xie-chun-lian", url="activities/2025/02/x/")
    # 建国 alone is no name: a slug must spell the whole name to be warned about.
    other = dataclasses.replace(record("other.md", "2025-02-11"), slug="jian-guo-76-zhou-nian")
    problems = withheld_in_urls([named, other, *RECORDS], roster)
    assert [p.file for p in problems] == ["2025/2025-02-10-周建国写春联.md"]
    assert "周建国" in problems[0].message and "slug" in problems[0].fix
    assert not problems[0].is_error
