"""Annual reports on a real build: /reports/, a page per year and its A4 PDF, read back.

The site is the volunteer fixture (test_volunteers.populate: known sums, roster aliases,
a withheld volunteer, a draft and a scheduled record; clock 2025-12-01 12:00), plus
organization life (an internal 支委会 with words found nowhere else), a featured record
with a phone photo, and staff's own text for 2025 in content/reports/2025.md.
"""

from __future__ import annotations

import re
import subprocess

import pymupdf
import pytest
from helpers.cli import write_config
from helpers.imaging import phone_jpeg
from helpers.sites import MKDOCS, BuildResult, SiteBuilder, readable_forms
from pypdf import PdfReader

from integration.test_volunteers import WITHHELD, populate

INTERNAL = ["绿松石支委会", "zqxturquoise"]
UNPUBLISHED = ["草稿", "定时", *INTERNAL, WITHHELD]
WRITTEN = """\
---
title: 2025年度党建工作报告（测试支部）
summary: 一年来，支部围绕服务社区开展工作。
---

## 存在问题

党员教育的形式还比较单一。

## 下一步打算

办好“手机课堂”第二期。
"""


def _populate(site: SiteBuilder) -> SiteBuilder:
    populate(site)
    site.config["plugins"] += ["branchpress/images", "branchpress/reports"]
    site.plugin_options("branchpress/records")["organization"] = {"groups": ["第一党小组"]}
    site.record(
        "2025/2025-07-08-committee.md",
        f"title: {INTERNAL[0]} {INTERNAL[1]}\ndate: 2025-07-08\ntype: meeting\nmeeting: 支委会\ninternal: true\n"
        "expected: 5\npresent: 5\nrecorder: 绿松石记录人",
    )
    site.record(
        "2025/2025-08-01-theme.md",
        "title: 八一主题党日\ndate: 2025-08-01\ntype: theme_day\nparticipants: 12\nfeatured: true\ncover: theme/cover.jpg",
    )
    site.write_bytes("activities/2025/theme/cover.jpg", phone_jpeg((1600, 1200), seed=7))
    site.write("reports/2025.md", WRITTEN)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = _populate(SiteBuilder(tmp_path_factory.mktemp("reports") / "site-src")).build()
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output, result.output
    return result


def _texts(nodes) -> list[str]:
    return [n.get_text(" ", strip=True) for n in nodes]


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_index_lists_every_year_with_published_records_newest_first(built: BuildResult) -> None:
    years = _texts(built.html("reports/").select(".bp-report__years strong"))
    assert years == ["2025年度党建工作报告", "2024年度党建工作报告"]  # 2026 holds only a scheduled record
    assert not built.exists("reports/2026/")
    assert built.html("").select_one('a[href="reports/"]') is not None  # the home page links here
    culture = built.html("culture/")  # the culture section: a tile, and the report in its nav
    assert culture.select_one('.bp-tile[href="../reports/"]') is not None
    assert culture.select_one('nav a[href="../reports/"]') is not None


def test_figures_equal_the_sites_and_change_against_the_same_part_of_last_year(built: BuildResult) -> None:
    page = built.html("reports/2025/")
    assert "截至12月1日" in page.select_one(".bp-report__cover").get_text()
    # 2025: A, B and the meeting (3); 30 took part; 5 volunteers (小张 is 张三) served 16 hours; 140
    # served. 2024 up to 1 December: C and E; 4 volunteers, 13 hours, 20 served.
    assert _texts(page.select(".bp-report__figures li")) == [
        "4 开展活动（场） +2",
        "42 参加人次（人次） +42",
        "5 参与志愿者（人） +1",
        "16 志愿服务时长（小时） +3",
        "140 服务群众（人） +120",
    ]
    home = _texts(built.html("").select(".bp-figures b"))
    assert home == ["4", "42", "16", "140"]  # the home page's figures of the same year
    rows = {
        r.th.get_text(): _texts(r.select("td"))
        for r in page.select(".bp-report__table")[0].select("tbody tr")
    }
    assert (
        rows["志愿服务"] == ["1", "2"] and rows["主题党日"] == ["1", "0"] and rows["公益行动"] == ["1", "0"]
    )


def test_organization_life_counts_internal_sittings_as_a_number_only(built: BuildResult) -> None:
    section = built.html("reports/2025/").select_one('[aria-labelledby="bp-report-organization"]')
    text = section.get_text(" ", strip=True)
    # The meeting of 10 April, the internal 支委会 and the 主题党日.
    assert "召开、开展组织生活 3 次（其中支部内部会议 1 次）" in text
    assert "支部委员会 1 次" in text and "主题党日 1 次" in text
    for word in INTERNAL:
        assert word not in built.html("reports/2025/").get_text()


def test_the_report_has_each_part_staffs_text_and_every_activity(built: BuildResult) -> None:
    page = built.html("reports/2025/")
    assert page.select_one("h1").get_text() == "2025年度党建工作报告（测试支部）"
    assert "一年来，支部围绕服务社区开展工作。" in page.select_one(".bp-report__cover").get_text()
    written = page.select_one(".bp-report__written")
    assert _texts(written.select("h2")) == ["存在问题", "下一步打算"]
    parts = _texts(page.select('[aria-labelledby="bp-report-work"] h3'))
    assert parts[:4] == ["三会一课（1 场）", "主题党日（1 场）", "志愿服务（1 场）", "公益行动（1 场）"]
    assert "志愿服务之星" in parts
    # The featured record is told in full, with its cover; the rest in brief.
    story = page.select_one(".bp-report__story")
    assert story.h4.get_text() == "八一主题党日" and story.select_one("picture img") is not None
    board = _texts(page.select('[aria-labelledby="bp-report-work"] table tbody tr'))
    assert board[0].startswith("1 张三") and not any(WITHHELD in line for line in board)
    listed = _texts(page.select(".bp-report__all tbody td:nth-child(3)"))
    assert listed == ["学雷锋进社区", "党员大会", "夏日送清凉", "八一主题党日"]
    chart = page.select_one(".bp-report__chart svg")
    assert chart.select_one("title").get_text() == "2025年每月开展活动场次"
    assert [g["data-value"] for g in chart.select(".bp-chart__bar")] == [
        "0",
        "0",
        "1",
        "1",
        "0",
        "1",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
    ]


@pytest.mark.usefixtures("pango")
def test_the_pdf_is_a4_with_embedded_fonts_extractable_text_and_no_unpublished_trace(
    built: BuildResult,
) -> None:
    path = built.site / "reports/2025/annual-report-2025.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _pdf_text(path)
    for words in (
        "2025年度党建工作报告（测试支部）",
        "截至12月1日",
        "存在问题",
        "八一主题党日",
        "第 2 页",
        "测试支部",
    ):
        assert words in text, words
    assert not re.search("[\u2e80-\u2fdf]", text)  # no look-alike radicals
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    for word in UNPUBLISHED:
        assert word not in text, word
    # Every font, the chart's labels' included (they are in a form of their own), is one BranchPress
    # embeds: not DejaVu, not a Japanese face from the machine.
    with pymupdf.open(path) as document:
        faces = {font[3] for page in document for font in page.get_fonts(full=True)}
    assert faces and all("BranchPress" in face for face in faces), faces
    assert any(
        "/Image" in str(x.get_object().get("/Subtype"))
        for p in reader.pages
        for x in p["/Resources"].get("/XObject", {}).values()
    )


def test_no_output_file_carries_an_internal_title_or_a_withheld_name(built: BuildResult) -> None:
    leaks = []
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            forms = readable_forms(path)
            leaks += [(path.name, w) for w in [*INTERNAL, "绿松石记录人"] if any(w in form for form in forms)]
    assert leaks == []


@pytest.mark.usefixtures("pango")
def test_a_rebuild_gives_byte_identical_pdfs_from_the_cache(built: BuildResult) -> None:
    site = built.site
    before = {p.name: p.read_bytes() for p in site.glob("reports/*/*.pdf")}
    cached = sorted((built.root / ".cache/branchpress/reports").glob("*.pdf"))
    stamps = [p.stat().st_mtime_ns for p in cached]
    process = subprocess.run([*MKDOCS, "build"], cwd=built.root, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    after = {p.name: p.read_bytes() for p in site.glob("reports/*/*.pdf")}
    assert after == before and len(after) == 2
    assert [p.stat().st_mtime_ns for p in cached] == stamps  # laid out once, then reused


@pytest.mark.slow  # about 12 s: fifty records with photos printed
@pytest.mark.usefixtures("pango")
def test_fifty_records_with_photos_print_under_ten_megabytes(tmp_path) -> None:
    site = SiteBuilder(tmp_path / "site-src")
    site.config["plugins"] += ["branchpress/images", "branchpress/reports"]
    for n in range(50):
        folder = f"2025/p{n:02d}"
        site.write_bytes(f"activities/{folder}/cover.jpg", phone_jpeg((2000, 1500), seed=n))
        site.record(
            f"2025/2025-{n % 11 + 1:02d}-{n % 27 + 1:02d}-p{n:02d}.md",
            f"title: 活动{n}\ndate: 2025-{n % 11 + 1:02d}-{n % 27 + 1:02d}\ntype: volunteer\n"
            f"cover: p{n:02d}/cover.jpg\nfeatured: {str(n % 5 == 0).lower()}",
        )
    result = site.build()
    assert result.returncode == 0, result.output
    pdf = result.site / "reports/2025/annual-report-2025.pdf"
    assert pdf.stat().st_size < 10_000_000
    images = [x for p in PdfReader(pdf).pages for x in p["/Resources"].get("/XObject", {}).values()]
    assert len(images) >= 12


@pytest.mark.slow  # about 12 s: a warm and a cold build
@pytest.mark.usefixtures("pango")
def test_a_report_printed_with_the_typeface_of_an_earlier_build_is_the_one_a_cold_build_prints(
    tmp_path,
) -> None:
    def site(root, title_2025):
        built = SiteBuilder(root)
        built.config["plugins"] += ["branchpress/reports"]
        built.record("2024/2024-05-04-youth.md", "title: 青年节主题党日\ndate: 2024-05-04\ntype: theme_day")
        built.record("2025/2025-05-04-youth.md", f"title: {title_2025}\ndate: 2025-05-04\ntype: theme_day")
        return built

    def instances(built):
        return sorted(
            p.name for p in (built.root / ".cache/branchpress/reports/fonts/instances").glob("*.otf")
        )

    warm = site(tmp_path / "warm", "青年节主题党日长期坚持")
    assert warm.build().returncode == 0
    first = instances(warm)
    assert len(first) == 2  # both years' characters in one instance per weight
    # 长期坚持 gone: 2025 is printed again, cut from the instance that still holds them, while
    # a cold build of the same records cuts it from an instance without them.
    warm.record("2025/2025-05-04-youth.md", "title: 青年节主题党日\ndate: 2025-05-04\ntype: theme_day")
    result = warm.build()
    assert result.returncode == 0, result.output
    assert instances(warm) == first
    cold = site(tmp_path / "cold", "青年节主题党日")
    fresh = cold.build()
    assert fresh.returncode == 0, fresh.output
    assert instances(cold) != first
    for year in (2024, 2025):
        name = f"reports/{year}/annual-report-{year}.pdf"
        assert (result.site / name).read_bytes() == (fresh.site / name).read_bytes(), name
    assert "长期坚持" not in _pdf_text(fresh.site / "reports/2025/annual-report-2025.pdf")


def _build_without_weasyprint(root, monkeypatch) -> None:
    """`mkdocs build` in this process, with WeasyPrint failing to load as it does without Pango."""
    import builtins

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.chdir(root)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        monkeypatch.setattr(builtins, "__import__", real_import)


def test_without_pango_reports_are_pages_without_a_pdf_and_the_warning_says_what_to_install(
    tmp_path, monkeypatch, caplog
) -> None:
    site = _populate(SiteBuilder(tmp_path / "site-src"))
    write_config(site)
    with caplog.at_level("WARNING"):
        _build_without_weasyprint(site.root, monkeypatch)
    assert "年度报告不生成 PDF" in caplog.text and "libpango-1.0-0" in caplog.text
    page = (site.root / "site/reports/2025/index.html").read_text(encoding="utf-8")
    assert "2025年度党建工作报告" in page and "annual-report-2025.pdf" not in page
    assert not list((site.root / "site").rglob("*.pdf"))


@pytest.mark.usefixtures("pango")
def test_a_build_whose_pdfs_are_all_cached_does_not_need_weasyprint(built: BuildResult, monkeypatch, caplog):
    before = {p.relative_to(built.site).as_posix(): p.read_bytes() for p in built.site.rglob("*.pdf")}
    assert before
    with caplog.at_level("WARNING"):
        _build_without_weasyprint(built.root, monkeypatch)
    assert "年度报告不生成 PDF" not in caplog.text
    after = {p.relative_to(built.site).as_posix(): p.read_bytes() for p in built.site.rglob("*.pdf")}
    assert after == before
    assert "annual-report-2025.pdf" in (built.site / "reports/2025/index.html").read_text(encoding="utf-8")
