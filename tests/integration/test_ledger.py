"""`branchpress ledger`: the private 三会一课 ledger as HTML, PDF and JSON, read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.cli import run_cli, write_config
from helpers.sites import SiteBuilder
from pypdf import PdfReader

# The fixture clock (helpers.sites): 2025-12-01 12:00, so December and Q4 have not ended.
SITTINGS = {
    "2025/2025-03-28-general.md": """
        title: 第一季度支部党员大会暨党课
        date: 2025-03-28 14:30
        type: meeting
        meeting: [支部党员大会, 党课]
        location: 支部活动室
        expected: 30
        present: 28
        absent: [{name: 缺席甲, reason: 因公出差}, {name: 缺席乙, reason: 病假}]
        chair: 主持甲
        recorder: 记录甲
        lecturer: 授课甲
        agenda: [传达学习上级精神, 民主评议党员测评]
    """,
    "2025/2025-05-12-committee.md": """
        title: 五月支委会
        date: 2025-05-12
        type: meeting
        meeting: 支委会
        internal: true
        expected: 5
        present: 2
        absent: [缺席丙, 缺席丁, 缺席戊]
        chair: 主持甲
        recorder: 记录乙
    """,
    "2025/2025-06-18-group.md": """
        title: 第一党小组六月学习
        date: 2025-06-18
        type: meeting
        meeting: 党小组会
        group: 第一党小组
        internal: true
    """,
    "2025/2025-07-01-theme-day.md": """
        title: 七一主题党日
        date: 2025-07-01
        type: theme_day
        location: 纪念馆
    """,
    "2025/2025-08-01-draft.md": """
        title: 八月支委会草稿
        date: 2025-08-01
        type: meeting
        meeting: committee
        draft: true
    """,
}


def _site(root: Path) -> SiteBuilder:
    site = SiteBuilder(root)
    site.plugin_options("branchpress/records")["organization"] = {"groups": ["第一党小组"]}
    site.config["plugins"].append({"branchpress/brand": {"name": "测试行业协会党支部"}})
    for path, front in SITTINGS.items():
        site.record(path, front)
    return site


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory):
    site = _site(tmp_path_factory.mktemp("ledger") / "site-src")
    process = run_cli(site, "ledger", "--year", "2025", "--json")
    assert process.returncode == 0, process.stdout + process.stderr
    return site, process


def test_json_is_exactly_the_documented_object_on_stdout(ledger):
    _, process = ledger
    data = json.loads(process.stdout)  # nothing but the object on stdout
    months = [f"2025-{m:02d}" for m in range(1, 12)]
    assert data == {
        "year": 2025,
        "meetings": 4,
        "missing": {
            "general": ["2025-Q2", "2025-Q3"],
            "committee": [m for m in months if m != "2025-05"],
            "group:第一党小组": [m for m in months if m != "2025-06"],
            "theme_day": [m for m in months if m != "2025-07"],
            "lecture": ["2025-Q2", "2025-Q3"],
            "life": [],
            "appraisal": [],
        },
        "quorum": ["activities/2025/2025-05-12-committee.md"],
    }
    assert "ledger/2025.html" in process.stderr


def test_the_html_grid_links_held_cells_and_marks_missing_and_pending_ones(ledger):
    site, _ = ledger
    page = BeautifulSoup((site.root / "ledger/2025.html").read_text(encoding="utf-8"), "lxml")
    rows = {row.th.contents[0].strip(): row for row in page.select("table.grid tbody tr")}
    assert list(rows) == [
        "支部党员大会",
        "支部委员会",
        "第一党小组",
        "主题党日",
        "党课",
        "组织生活会",
        "民主评议党员",
    ]
    general = rows["支部党员大会"].select("td")
    assert [td["class"][0] for td in general] == ["held", "missing", "missing", "pending"]
    assert all(td.get("colspan") == "3" for td in general)
    link = general[0].a
    assert link.get_text() == "3/28" and page.select_one(link["href"]).name == "article"
    committee = rows["支部委员会"].select("td")
    assert len(committee) == 12 and committee[-1]["class"] == ["pending"]
    assert committee[4].a["class"] == ["quorum"]  # 2 of 5 came
    # The year has not ended on 1 December: a yearly sitting is not missing yet.
    assert [td.get_text() for td in rows["组织生活会"].select("td")] == ["—"]
    assert rows["组织生活会"].td["colspan"] == "12"


def test_every_sitting_is_listed_with_all_its_fields_and_a_working_file_link(ledger):
    site, _ = ledger
    page = BeautifulSoup((site.root / "ledger/2025.html").read_text(encoding="utf-8"), "lxml")
    sittings = page.select("article.sitting")
    assert [s.h3.get_text(" ", strip=True).split("：", 1)[1].split(" ")[0] for s in sittings] == [
        "第一季度支部党员大会暨党课",
        "五月支委会",
        "第一党小组六月学习",
        "七一主题党日",
    ]
    first = {
        dt.get_text(): dd.get_text(" ", strip=True)
        for dt, dd in zip(sittings[0].select("dt"), sittings[0].select("dd"), strict=True)
    }
    assert first["主持人"] == "主持甲" and first["记录人"] == "记录甲" and first["授课人"] == "授课甲"
    assert first["出席"] == "应到 30 人，实到 28 人"
    assert first["缺席及原因"] == "缺席甲（因公出差） 缺席乙（病假）"
    assert first["议题"] == "传达学习上级精神 民主评议党员测评"
    assert "支部党员大会、党课" in sittings[0].h3.get_text()
    assert first["记录文件"].startswith("activities/2025/2025-03-28-general.md")
    assert "网页： https://example.org/branch/activities/2025/03/general/" in first["记录文件"]
    href = sittings[0].select_one(".file a")["href"]
    assert (site.root / "ledger" / href).resolve() == (
        site.root / "content/activities/2025/2025-03-28-general.md"
    )
    internal = sittings[1]
    assert internal.select_one(".flag.internal") and internal.select_one(".flag.quorum")
    assert "网页" not in internal.select_one(".file").get_text()  # internal: no public page
    assert "八月支委会草稿" not in page.get_text()


@pytest.mark.usefixtures("pango")
def test_the_pdf_has_a_cover_numbered_pages_embedded_fonts_and_text_as_written(ledger):
    site, _ = ledger
    reader = PdfReader(site.root / "ledger/2025.pdf")
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in (
        "测试行业协会党支部",
        "2025年度组织生活台账",
        "第一季度支部党员大会暨党课",
        "缺席甲（因公出差）",
        "民主评议党员",
        "第 2 页",
    ):
        assert words in text, words
    # No look-alike radicals (⺠ for 民, ⻓ for 长): text searches and copies as written.
    assert not re.search("[\u2e80-\u2fdf]", text)
    assert "第 1 页" not in reader.pages[0].extract_text()  # the cover has no number
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts.append(
                (font["/BaseFont"], any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            )
    assert fonts and all(embedded for _, embedded in fonts), fonts
    # Subsets (ABCDEF+Name), never the whole 30 MB face.
    assert all(re.match(r"/[A-Z]{6}\+", str(name)) for name, _ in fonts)
    assert (site.root / "ledger/2025.pdf").stat().st_size < 2_000_000


@pytest.mark.usefixtures("pango")
def test_the_same_records_give_byte_identical_files(ledger, tmp_path):
    site, _ = ledger
    again = _site(tmp_path / "again")
    assert run_cli(again, "ledger", "--year", "2025").returncode == 0
    for name in ("2025.html", "2025.pdf"):
        assert (again.root / "ledger" / name).read_bytes() == (site.root / "ledger" / name).read_bytes(), name


def test_without_pango_the_html_is_written_and_the_message_says_what_to_install(
    tmp_path, monkeypatch, capsys
):
    import builtins

    from branchpress.cli import main

    site = _site(tmp_path / "site-src")
    write_config(site)
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.chdir(site.root)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    assert main(["ledger", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert (site.root / "ledger/2025.html").is_file() and not (site.root / "ledger/2025.pdf").exists()
    assert "没有生成 PDF" in out and "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in out


def test_records_with_errors_stop_the_ledger_with_the_problems(tmp_path):
    site = _site(tmp_path / "site-src")
    site.record("2025/2025-09-09-bad.md", "title: 坏记录\ndate: 2025-09-09\ntype: meeting\nmeeting: 茶话会")
    process = run_cli(site, "ledger", "--year", "2025")
    assert process.returncode == 1
    assert "未知的会议类别“茶话会”" in process.stdout and "台账没有生成" in process.stdout
    assert "Traceback" not in process.stdout + process.stderr
    assert not (site.root / "ledger").exists()


def test_check_reminds_of_what_is_due_this_month_and_quarter(tmp_path):
    site = _site(tmp_path / "site-src")
    process = run_cli(site, "check")
    assert process.returncode == 0, process.stdout
    # The clock is 2025-12-01: nothing is held in December or in Q4 yet.
    assert process.stdout.strip().splitlines()[-1] == (
        "提醒：本月尚未召开支部委员会、第一党小组会议，尚未开展主题党日；本季度尚未召开支部党员大会，尚未上党课；"
        "今年尚未召开组织生活会，尚未开展民主评议党员。"
    )
