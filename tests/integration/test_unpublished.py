"""Drafts, scheduled and internal records leave no trace in a real `mkdocs build`.

The fixture site has published records in 2024 and 2025 (types meeting, volunteer,
study), one draft (2023, honor), one scheduled record (2026, industry, dated
after the pinned clock 2025-12-01 12:00) and one internal 支委会 (2025). Each
unpublished record carries words, a tag, a location and a name found nowhere
else, so any leak into any output file — HTML, sitemap (plain and gzipped),
search index — is visible. The published meeting's absentees and recorder, which
only the ledger may print, carry unique words too.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml
from helpers.imaging import phone_jpeg
from helpers.sites import BuildResult, SiteBuilder, readable_forms

PUBLISHED = [
    {
        "file": "2025/2025-03-05-spring-meeting.md",
        "url": "activities/2025/03/spring-meeting/",
        "title": "春季党员大会",
        "date": "2025-03-05",
        "type": "meeting",
        "meeting": "支部党员大会",
        "location": "支部活动室",
        "participants": 30,
        "expected": 32,
        "present": 30,
        "absent": [{"name": "墨玉缺席甲", "reason": "墨玉原因 zqxjetreason"}, "墨玉缺席乙"],
        "recorder": "墨玉记录人",
        "chair": "主持人老周",
        "tags": ["学习"],
        "body": "全体党员参加春季党员大会。",
    },
    {
        "file": "2025/2025-06-10-community-service.md",
        "url": "activities/2025/06/community-service/",
        "title": "社区清洁志愿服务",
        "date": "2025-06-10 09:00",
        "type": "volunteer",
        "participants": 12,
        "beneficiaries": 120,
        "volunteers": ["张三", "李四"],
        "hours": 3,
        "tags": ["社区服务"],
        "cover": "community-cover.jpg",
        "body": "党员志愿者清扫社区公共区域。",
    },
    {
        "file": "2025/2025-09-01-elder-visit.md",
        "url": "activities/2025/09/elder-visit/",
        "title": "走访慰问老党员",
        "date": "2025-09-01",
        "type": "volunteer",
        "participants": 8,
        "volunteers": [{"name": "赵六", "hours": 4}],
        "tags": ["社区服务"],
        "body": "走访慰问辖区内的老党员。",
    },
    {
        "file": "2024/2024-11-20-theory-study.md",
        "url": "activities/2024/11/theory-study/",
        "title": "理论学习专题会",
        "date": "2024-11-20",
        "type": "study",
        "participants": 25,
        "beneficiaries": 40,
        "volunteers": [{"name": "王五", "hours": 2.5}],
        "body": "集中学习党的创新理论。",
    },
]

DRAFT = {
    "file": "2023/2023-07-01-amber-whale-draft.md",
    "url": "activities/2023/07/amber-whale-draft/",
    "title": "琥珀鲸鱼表彰草稿 zqxamberwhale",
    "date": "2023-07-01",
    "type": "honor",
    "draft": True,
    "featured": True,
    "milestone": True,
    "summary": "琥珀鲸鱼摘要 zqxambersummary",
    "location": "琥珀鲸鱼礼堂 zqxamberhall",
    "participants": 777,
    "beneficiaries": 888,
    "volunteers": [{"name": "琥珀志愿者甲", "hours": 99}],
    "tags": ["琥珀鲸鱼标签", "zqxambertag", "社区服务"],
    "cover": "amber-cover.jpg",
    "body": "琥珀鲸鱼正文内容 zqxamberbody。",
}

SCHEDULED = {
    "file": "2026/2026-01-15-jade-peacock-plan.md",
    "url": "activities/2026/01/jade-peacock-plan/",
    "title": "翡翠孔雀行业服务预告 zqxjadepeacock",
    "date": "2026-01-15 09:30",
    "type": "industry",
    "location": "翡翠孔雀大厅 zqxjadehall",
    "participants": 555,
    "beneficiaries": 666,
    "volunteers": ["翡翠志愿者乙"],
    "hours": 50,
    "tags": ["翡翠孔雀标签", "zqxjadetag", "社区服务"],
    "cover": "jade-cover.jpg",
    "body": "翡翠孔雀正文内容 zqxjadebody。",
}

INTERNAL = {
    "file": "2025/2025-10-09-agate-committee.md",
    "url": "activities/2025/10/agate-committee/",
    "title": "玛瑙支委会 zqxagate",
    "date": "2025-10-09",
    "type": "meeting",
    "meeting": ["支部委员会"],
    "internal": True,
    "summary": "玛瑙摘要 zqxagatesummary",
    "location": "玛瑙会议室 zqxagatehall",
    "participants": 5,
    "expected": 5,
    "present": 4,
    "absent": [{"name": "玛瑙缺席人", "reason": "出差"}],
    "chair": "玛瑙主持人",
    "recorder": "玛瑙记录人",
    "agenda": ["玛瑙议题 zqxagateagenda"],
    "tags": ["玛瑙标签", "学习"],
    "cover": "agate-cover.jpg",
    "body": "玛瑙支委会纪要 zqxagatebody。",
}

# Words (and URL pieces: slugs, tag slugs in pinyin) that only the unpublished records contain.
UNIQUE = {
    "draft": ["琥珀", "鲸鱼", "zqxamber", "amber-whale", "hu-po-jing-yu"],
    "scheduled": ["翡翠", "孔雀", "zqxjade", "jade-peacock", "fei-cui-kong-que"],
    "internal": ["玛瑙", "zqxagate", "agate-committee", "ma-nao"],
    "private keys": ["墨玉", "zqxjet"],
}
UNPUBLISHED_TAGS = {"琥珀鲸鱼标签": "hu-po-jing-yu-biao-qian", "翡翠孔雀标签": "fei-cui-kong-que-biao-qian"}
LATER = "2026-02-01 12:00"  # a clock after the scheduled record's date
PHOTO = phone_jpeg((32, 24))  # a real photo: validation opens every photo


def _populate(site: SiteBuilder) -> SiteBuilder:
    for record in [*PUBLISHED, DRAFT, SCHEDULED, INTERNAL]:
        fields = {k: v for k, v in record.items() if k not in {"file", "url", "body"}}
        front_matter = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        site.record(record["file"], front_matter, body=record["body"])
        if "cover" in record:
            folder = Path(record["file"]).parent.as_posix()
            site.write_bytes(f"activities/{folder}/{record['cover']}", PHOTO)
    return site


def _build(site: SiteBuilder) -> BuildResult:
    result = site.build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return _build(_populate(SiteBuilder(tmp_path_factory.mktemp("unpublished") / "site-src")))


def _files_containing(result: BuildResult, word: str) -> list[str]:
    found = []
    for path in sorted(result.site.rglob("*")):
        relative = path.relative_to(result.site).as_posix()
        if word.lower() in relative.lower():
            found.append(f"{relative} (in its path)")
        elif path.is_file() and any(word.lower() in form.lower() for form in readable_forms(path)):
            found.append(relative)
    return found


def _card_titles(result: BuildResult, url: str) -> list[str]:
    return [a.get_text(strip=True) for a in result.html(url).select(".bp-card .bp-card__title a")]


def _figures(result: BuildResult) -> list[str]:
    return [b.get_text(strip=True) for b in result.html("").select(".bp-figures b")]


def _number(value: float) -> str:
    value = int(value) if float(value).is_integer() else value
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _volunteer_hours(record: dict) -> float:
    entries = record.get("volunteers", [])
    return sum((e.get("hours") if isinstance(e, dict) else None) or record.get("hours", 0) for e in entries)


# --- the build with the pinned clock (2025-12-01 12:00) ---------------------------------------


def test_search_helpers_find_published_words(built: BuildResult) -> None:
    """The leak search below can fail: it finds a published record's words in the same places."""
    found = _files_containing(built, "春季党员大会")
    assert any(path.startswith("search/pages/") for path in found), found
    assert "activities/2025/03/spring-meeting/index.html" in found, found
    assert "spring-meeting" in gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()).decode()
    assert "spring-meeting" in (built.site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["draft", "scheduled", "internal", "private keys"])
def test_unique_words_appear_in_no_output_file(built: BuildResult, which: str) -> None:
    leaks = {word: _files_containing(built, word) for word in UNIQUE[which]}
    assert not any(leaks.values()), f"{which} record leaked: {leaks}"


@pytest.mark.parametrize("record", [DRAFT, SCHEDULED, INTERNAL], ids=["draft", "scheduled", "internal"])
def test_no_page_and_no_link_for_unpublished_records(built: BuildResult, record: dict) -> None:
    assert not built.exists(record["url"])
    assert not (built.site / record["url"]).exists()
    assert not [d["location"] for d in built.search_entries if record["url"] in d["location"]]
    assert record["url"] not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    for published in PUBLISHED:
        assert built.exists(published["url"]), published["url"]


def test_no_year_archive_for_years_with_only_unpublished_records(built: BuildResult) -> None:
    assert not built.exists("archive/2023/")
    assert not built.exists("archive/2026/")
    assert built.exists("archive/2025/") and built.exists("archive/2024/")
    years = [a.get_text(strip=True) for a in built.html("archive/").select(".bp-year h2 a")]
    assert years == ["2025 年", "2024 年"]
    counts = [s.get_text(strip=True) for s in built.html("archive/").select(".bp-year h2 small")]
    assert counts == ["3 篇", "1 篇"]


def test_no_tag_page_for_unpublished_tags(built: BuildResult) -> None:
    for slug in UNPUBLISHED_TAGS.values():
        assert not built.exists(f"tags/{slug}/"), slug
    for tag in ("zqxambertag", "zqxjadetag"):
        assert not built.exists(f"tags/{tag}/"), tag
    # A tag shared with published records counts only the published ones.
    assert built.exists("tags/she-qu-fu-wu/")
    assert sorted(_card_titles(built, "tags/she-qu-fu-wu/")) == sorted(["社区清洁志愿服务", "走访慰问老党员"])
    cloud = {
        a.contents[0].strip(): a.find("small").get_text(strip=True)
        for a in built.html("tags/").select(".bp-tagcloud a")
    }
    assert cloud == {"#社区服务": "2", "#学习": "1"}


def test_listings_and_type_tiles_count_only_published(built: BuildResult) -> None:
    assert built.html("news/").select_one(".bp-listing__count").get_text(strip=True).startswith("共 4 篇")
    news = _card_titles(built, "news/") + _card_titles(built, "news/page/2/")
    assert news == ["走访慰问老党员", "社区清洁志愿服务", "春季党员大会", "理论学习专题会"]
    for type_key in ("honor", "industry"):
        assert built.exists(f"activities/{type_key}/")
        assert _card_titles(built, f"activities/{type_key}/") == []
        count = built.html(f"activities/{type_key}/").select_one(".bp-listing__count").get_text(strip=True)
        assert count.startswith("共 0 篇"), count
    tiles = {
        t.find("strong").get_text(strip=True): t.find("small").get_text(strip=True)
        for t in built.html("").select(".bp-tile--type")
    }
    assert tiles["荣誉表彰"] == "0 篇" and tiles["行业服务"] == "0 篇", tiles
    assert tiles["志愿服务"] == "2 篇" and tiles["三会一课"] == "1 篇", tiles
    # The draft is featured, but nothing published is: no featured section at all.
    assert built.html("").select_one("#bp-featured-title") is None


def test_home_figures_count_only_published(built: BuildResult) -> None:
    this_year = [r for r in PUBLISHED if r["date"].startswith("2025")]
    expected_year = [
        _number(len(this_year)),
        _number(sum(r.get("participants", 0) for r in this_year)),
        _number(sum(_volunteer_hours(r) for r in this_year)),
        _number(sum(r.get("beneficiaries", 0) for r in this_year)),
    ]
    assert expected_year == ["3", "50", "10", "120"]  # the fixture's arithmetic, spelled out
    assert built.html("").select_one("#bp-figures-title").get_text(strip=True) == "2025 年工作数据"
    assert _figures(built) == expected_year

    total = built.html("").select_one(".bp-figures__total").get_text(strip=True)
    activities = _number(len(PUBLISHED))
    hours = _number(sum(_volunteer_hours(r) for r in PUBLISHED))
    beneficiaries = _number(sum(r.get("beneficiaries", 0) for r in PUBLISHED))
    assert (activities, hours, beneficiaries) == ("4", "12.5", "160")
    assert total == f"累计开展活动 {activities} 场，志愿服务 {hours} 小时，服务群众 {beneficiaries} 人。"


def test_photos_of_unpublished_records_are_not_copied(built: BuildResult) -> None:
    """A draft's photo would otherwise be public at a guessable address."""
    assert (built.site / "activities/2025/community-cover.jpg").is_file()  # a published record's photo
    assert not (built.site / "activities/2023/amber-cover.jpg").exists()
    assert not (built.site / "activities/2026/jade-cover.jpg").exists()
    assert not (built.site / "activities/2025/agate-cover.jpg").exists()


def test_a_published_meeting_shows_its_kind_and_attendance_but_not_who_was_absent(built) -> None:
    page = built.html(PUBLISHED[0]["url"])
    facts = {
        item.dt.get_text(strip=True): item.dd.get_text(strip=True) for item in page.select(".bp-facts__item")
    }
    assert facts["会议类别"] == "支部党员大会"
    assert facts["应到 / 实到"] == "32 人 / 30 人"
    assert facts["主持人"] == "主持人老周"
    assert "记录人" not in facts and "缺席" not in page.get_text()


# --- the clock moves past the scheduled date ---------------------------------------------------


def test_scheduled_record_is_published_once_the_clock_passes_its_date(site: SiteBuilder) -> None:
    _populate(site)
    before = _build(site)
    assert not before.exists(SCHEDULED["url"])

    site.plugin_options("branchpress/records")["now"] = LATER
    after = _build(site)

    page = after.html(SCHEDULED["url"])
    assert page.find("h1").get_text(strip=True) == SCHEDULED["title"]
    assert "翡翠孔雀正文内容" in page.select_one(".bp-record__body").get_text()
    assert page.select_one(".bp-banner") is None  # published, not a preview

    assert _card_titles(after, "news/")[0] == SCHEDULED["title"]
    assert after.html("news/").select_one(".bp-listing__count").get_text(strip=True).startswith("共 5 篇")
    assert _card_titles(after, "activities/industry/") == [SCHEDULED["title"]]
    assert after.exists("archive/2026/")
    assert _card_titles(after, "archive/2026/") == [SCHEDULED["title"]]
    assert _card_titles(after, f"tags/{UNPUBLISHED_TAGS['翡翠孔雀标签']}/") == [SCHEDULED["title"]]
    assert SCHEDULED["url"] in (after.site / "sitemap.xml").read_text(encoding="utf-8")
    assert any(d["location"].startswith(SCHEDULED["url"]) for d in after.search_entries)
    assert (after.site / "activities/2026/jade-cover.jpg").is_file()

    # The home page's year is the clock's year: 2026 now holds just the scheduled record.
    assert after.html("").select_one("#bp-figures-title").get_text(strip=True) == "2026 年工作数据"
    assert _figures(after) == ["1", "555", "50", "666"]

    # The draft stays unpublished whatever the clock says.
    assert not after.exists(DRAFT["url"])
    assert not after.exists("archive/2023/")
    assert not _files_containing(after, "zqxamber")


def test_the_roster_is_never_published_even_without_the_volunteers_plugin(site) -> None:
    site.write("volunteers.yml", "- name: 保密的名字\n  public: false\n")
    site.record("2025/2025-03-05-a.md", "title: 活动\ndate: 2025-03-05\ntype: news")
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    assert not (result.site / "volunteers.yml").exists()
    assert not any("保密的名字" in text for text in result.all_text_files().values())
