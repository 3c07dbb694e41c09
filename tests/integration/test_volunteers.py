"""Integration: /volunteers/ on a real build, with known sums, consent and a parseable chart.

The clock is pinned at 2025-12-01 12:00. Published volunteer records:

| record            | who (hours)                                          | served |
|-------------------|------------------------------------------------------|--------|
| 2025-03-05 (A)    | 张三 2, 李四 4, 王　五 2 (record hours 2)               | 40     |
| 2025-06-10 (B)    | 小张 3 (= 张三), 赵六 5 (withheld), 钱七 — (no hours)    | 100    |
| 2024-09-01 (C)    | 张三 4, 李四 4, 赵六 4 (record hours 4)                 | 20     |
| 2024-12-01 (E)    | 李肆 1 (a homophone of 李四, not on the roster)         | —      |

A draft (张三 100 h) and a scheduled record (李四 200 h) must not count.
"""

from __future__ import annotations

import pytest
from helpers.sites import BuildResult, SiteBuilder, assert_clean_failure, readable_forms
from lxml import etree

WITHHELD = "赵六"
ROSTER = """\
# 测试名册
- name: 张三
  aliases: [小张]
  team: 社区服务队
- name: 李四
  team: 社区服务队
- name: 赵六
  public: false
- name: 孙八
"""


def populate(site: SiteBuilder, roster: str = ROSTER) -> SiteBuilder:
    # Feeds too: they carry titles and summaries, which must not name anyone withheld either.
    site.config["plugins"] += [{"branchpress/volunteers": {}}, "branchpress/feeds"]
    site.write("volunteers.yml", roster)
    site.record(
        "2025/2025-03-05-a.md",
        """
        title: 学雷锋进社区
        date: 2025-03-05
        type: volunteer
        volunteers: [张三, {name: 李四, hours: 4}, "王\u3000五"]
        hours: 2
        beneficiaries: 40
        featured: true
        """,
    )
    site.record(
        "2025/2025-06-10-b.md",
        """
        title: 夏日送清凉
        date: 2025-06-10
        type: welfare
        summary: 老党员赵六带队送清凉。
        volunteers:
          - {name: 小张, hours: 3}
          - {name: 赵六, hours: 5}
          - 钱七
        beneficiaries: 100
        """,
        "赵六和志愿者们一起为环卫工人送去绿豆汤。",
    )
    site.record(
        "2024/2024-09-01-c.md",
        """
        title: 赵六带队的秋季义诊
        date: 2024-09-01
        type: volunteer
        volunteers: [张三, 李四, 赵六]
        hours: 4
        beneficiaries: 20
        """,
    )
    site.record(
        "2024/2024-12-01-e.md",
        "title: 冬季走访\ndate: 2024-12-01\ntype: volunteer\nvolunteers: [李肆]\nhours: 1",
    )
    site.record(
        "2025/2025-04-10-meeting.md",
        "title: 党员大会\ndate: 2025-04-10\ntype: meeting\nmeeting: 党员大会\nparticipants: 30",
    )
    site.record(
        "2025/2025-05-01-draft.md",
        "title: 草稿\ndate: 2025-05-01\ntype: volunteer\ndraft: true\nvolunteers: [{name: 张三, hours: 100}]\nbeneficiaries: 999",
    )
    site.record(
        "2026/2026-01-15-later.md",
        "title: 定时\ndate: 2026-01-15\ntype: volunteer\nvolunteers: [{name: 李四, hours: 200}]\nbeneficiaries: 888",
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = populate(SiteBuilder(tmp_path_factory.mktemp("volunteers") / "site-src")).build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output, result.output
    return result


def texts(nodes) -> list[str]:
    return [n.get_text(" ", strip=True) for n in nodes]


def test_headline_figures_this_year_against_the_same_part_of_last_year(built: BuildResult) -> None:
    page = built.html("volunteers/")
    assert page.select_one("#bp-vol-figures-title").get_text(strip=True) == "2025 年志愿服务"
    # 2025: 16 hours (A 8 + B 8), 5 people, 2 activities, 140 served; 2024 to 1 December: 13, 4, 2, 20.
    assert texts(page.select(".bp-vol-figures li")) == [
        "16 服务时长（小时） 较去年同期 +3",
        "5 参与志愿者（人） 较去年同期 +1",
        "2 志愿活动（场） 较去年同期 持平",
        "140 服务群众（人） 较去年同期 +120",
    ]
    assert page.select_one(".bp-figures__total").get_text(strip=True) == (
        "累计 6 名志愿者参加志愿活动 4 场，服务 29 小时，服务群众 160 人。"
    )


def board(built: BuildResult, url: str) -> list[str]:
    """The leaderboard as it reads on screen (the words only screen readers hear left out)."""
    page = built.html(url)
    for hidden in page.select(".bp-board .bp-sr"):
        hidden.decompose()
    return texts(page.select(".bp-board li"))


def test_leaderboards_all_time_and_per_year(built: BuildResult) -> None:
    assert "不公开姓名，不列入榜单" in built.html("volunteers/").select_one(".bp-note").get_text()
    # A screen reader hears the rank as a rank.
    assert built.html("volunteers/").select_one(".bp-board__rank").get_text() == "第 1 名"
    # 赵六 served 9 hours (as many as 张三) but is not named; 钱七 has no hours.
    assert board(built, "volunteers/") == [
        "1 张三 社区服务队 9 小时 3 次",
        "2 李四 社区服务队 8 小时 2 次",
        "3 王五 2 小时 1 次",
        "4 李肆 1 小时 1 次",
    ]
    assert board(built, "volunteers/2025/") == [
        "1 张三 社区服务队 5 小时 2 次",
        "2 李四 社区服务队 4 小时 1 次",
        "3 王五 2 小时 1 次",
    ]
    assert board(built, "volunteers/2024/") == [
        "1 张三 社区服务队 4 小时 1 次",
        "1 李四 社区服务队 4 小时 1 次",
        "3 李肆 1 小时 1 次",
    ]
    assert not built.exists("volunteers/2026/")  # only a scheduled record there
    year = built.html("volunteers/2024/")
    # Nothing to compare 2024 with: no change is shown.
    assert texts(year.select(".bp-vol-figures li"))[0] == "13 服务时长（小时）"
    assert [a.get_text(strip=True) for a in year.select(".bp-chips a")] == ["累计", "2025 年", "2024 年"]


def chart_and_table(built: BuildResult, url: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    page = built.html(url)
    svg = page.select_one("svg.bp-chart")
    root = etree.fromstring(str(svg).encode())  # the inline SVG is well-formed XML on its own
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text and root.find("s:desc", ns).text
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find("s:title", ns).get("id") == title_id and root.find("s:desc", ns).get("id") == desc_id
    bars = [(g.find("s:title", ns).text.split("：")[0], g.get("data-value")) for g in root.findall("s:g", ns)]
    rows = [
        (tr.th.get_text(strip=True), tr.td.get_text(strip=True))
        for tr in page.select(".bp-chart-table tbody tr")
    ]
    return bars, rows


def test_monthly_chart_matches_its_table(built: BuildResult) -> None:
    bars, rows = chart_and_table(built, "volunteers/")
    assert bars == rows
    assert rows[0] == ("2025年1月", "0") and rows[-1] == ("2025年12月", "0")
    assert dict(rows)["2025年3月"] == "8" and dict(rows)["2025年6月"] == "8"
    assert dict(rows)["2025年5月"] == "0"  # the draft's 100 hours are not there
    bars, rows = chart_and_table(built, "volunteers/2024/")
    assert bars == rows and dict(rows)["2024年9月"] == "12" and dict(rows)["2024年12月"] == "1"


def test_spotlight_and_latest_activities(built: BuildResult) -> None:
    page = built.html("volunteers/")
    spot = page.select(".bp-spot")
    assert [s.strong.get_text(strip=True) for s in spot] == ["学雷锋进社区"]
    assert texts(spot[0].select(".bp-spot__figure")) == ["8 小时", "3 名志愿者", "40 人受益"]
    latest = [a.get_text(strip=True) for a in page.select(".bp-card__title a")]
    assert latest == [
        "夏日送清凉",
        "学雷锋进社区",
        "冬季走访",
        "赵六带队的秋季义诊".replace(WITHHELD, "志愿者"),
    ]


def test_home_figures_use_the_same_tally(built: BuildResult) -> None:
    home = built.html("")
    figures = [b.get_text(strip=True) for b in home.select(".bp-figures b")]
    assert figures == ["3", "30", "16", "140"]
    total = home.select_one(".bp-figures__total")
    assert "志愿服务 29 小时" in total.get_text() and "6 名志愿者参与服务" in total.get_text()
    assert total.a["href"] == "volunteers/"


def test_record_pages_name_volunteers_with_consent(built: BuildResult) -> None:
    crew = built.html("activities/2025/06/b/").select_one(".bp-crew")
    assert [n.get_text(strip=True) for n in crew.select("span:not(.bp-crew__label):not(.bp-crew__sep)")] == [
        "张三",  # written as the alias 小张
        "志愿者",
        "钱七",
    ]
    crew = built.html("activities/2025/03/a/").select_one(".bp-crew")
    assert "张三、李四、王五" in crew.get_text("", strip=True)


def test_nav_links_the_volunteer_page(built: BuildResult) -> None:
    nav = built.html("news/").select_one("nav.md-nav--primary")
    assert "志愿风采" in [a.get_text(strip=True) for a in nav.select("a")]


def test_the_withheld_name_appears_in_no_output_file(built: BuildResult) -> None:
    leaks = [
        path.relative_to(built.site).as_posix()
        for path in built.site.rglob("*")
        if path.is_file() and any(WITHHELD in form for form in readable_forms(path))
    ]
    assert leaks == []
    assert "老党员志愿者带队送清凉" in (built.site / "feed.xml").read_text(encoding="utf-8")
    assert not (built.site / "volunteers.yml").exists()  # the roster is read, never published
    # Staff prose that names them is printed with 志愿者 instead, and the build says so.
    body = built.html("activities/2025/06/b/").select_one(".bp-record__body").get_text()
    assert "志愿者和志愿者们一起" in body
    assert "activities/2025/2025-06-10-b.md：有 2 处写了名册中不公开姓名" in built.output


def test_volunteer_pages_stay_out_of_the_search_index(built: BuildResult) -> None:
    locations = {doc["location"].split("#")[0] for doc in built.search_entries}
    assert "activities/2025/03/a/" in locations
    assert not any(loc.startswith("volunteers/") for loc in locations)


def test_build_warns_about_hours_typos_and_unmatched_roster_entries(built: BuildResult) -> None:
    out = built.output
    assert "activities/2025/2025-06-10-b.md 第 6 行，字段 volunteers：志愿者 钱七 没有服务时长" in out
    assert "“李肆”不在名册里，但与名册中的“李四”很像" in out
    assert "volunteers.yml 第 9 行，字段 name：名册中的“孙八”在已发布的记录里没有出现" in out


def test_masked_names_and_volunteer_pages(site: SiteBuilder) -> None:
    populate(site)
    site.plugin_options("branchpress/records").update(mask_names=True)
    site.plugin_options("branchpress/volunteers").update(volunteer_pages=True)
    result = site.build()
    assert result.returncode == 0, result.output
    assert "选项已移到" not in result.output  # options in their place: no notice
    assert board(result, "volunteers/")[:2] == [
        "1 张* 社区服务队 9 小时 3 次",
        "2 李* 社区服务队 8 小时 2 次",
    ]
    link = result.html("volunteers/").select_one(".bp-board a")
    assert link["href"] == "zhang/"  # the masked name, in pinyin: the URL gives nothing more away
    person = result.html("volunteers/zhang/")
    assert person.h1.get_text(strip=True) == "张*"
    assert [a.get_text(strip=True) for a in person.select(".bp-card__title a")] == [
        "夏日送清凉",
        "学雷锋进社区",
        "志愿者带队的秋季义诊",
    ]
    crew = result.html("activities/2025/03/a/").select_one(".bp-crew").get_text("", strip=True)
    assert "张*、李*、王*" in crew
    full_names = [p for p, text in result.all_text_files().items() if "张三" in text or "李四" in text]
    assert full_names == []


def test_no_person_pages_by_default(built: BuildResult) -> None:
    assert {p.name for p in (built.site / "volunteers").iterdir()} == {"2024", "2025", "index.html"}


def test_roster_options_written_under_the_volunteers_plugin_still_work_with_a_notice(
    site: SiteBuilder,
) -> None:
    populate(site)
    (site.root / "content" / "volunteers.yml").unlink()
    site.write("people/roster.yml", ROSTER)
    site.plugin_options("branchpress/volunteers").update(mask_names=True, roster="people/roster.yml")
    result = site.build()
    assert result.returncode == 0, result.output
    assert board(result, "volunteers/")[0] == "1 张* 社区服务队 9 小时 3 次"  # the roster's team: it was read
    assert not [p for p, text in result.all_text_files().items() if WITHHELD in text]
    for option, value in (("mask_names", "true"), ("roster", "people/roster.yml")):
        assert f"branchpress/volunteers 的 {option} 选项已移到 branchpress/records" in result.output
        assert (
            f"把“{option}: {value}”从 branchpress/volunteers 下移到 branchpress/records 下" in result.output
        )


def test_a_broken_roster_stops_the_build_with_every_problem(site: SiteBuilder) -> None:
    populate(site, roster="- name: 赵六\n  pubilc: false\n- name: 李四\n  public: 否\n")
    result = site.build()
    assert_clean_failure(
        result,
        "volunteers.yml 第 2 行，字段 pubilc：未知字段",
        "是不是想写 public",
        "volunteers.yml 第 4 行，字段 public：public 只能是 true 或 false",
        "志愿者名册 volunteers.yml 有 2 个错误，网站没有生成",
    )


def test_roster_yaml_errors_name_the_line(site: SiteBuilder) -> None:
    populate(site, roster="- name: 张三\n  aliases: [小张\n- name: 李四\n")
    assert_clean_failure(site.build(), "volunteers.yml 第", "名册不是合法的 YAML")


def test_a_clean_site_builds_strict(site: SiteBuilder) -> None:
    site.config["plugins"].append({"branchpress/volunteers": {}})
    site.record(
        "2025/2025-03-05-a.md",
        "title: 学雷锋\ndate: 2025-03-05\ntype: volunteer\nvolunteers: [张三]\nhours: 2",
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert board(result, "volunteers/") == ["1 张三 2 小时 1 次"]
    assert "不公开姓名" not in result.html("volunteers/").select_one(".bp-note").get_text()
