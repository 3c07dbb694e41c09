"""The `branchpress` command: `new` writes a record that fits its type, `check` validates without a build.

Every run goes through the installed console script in a fixture site, like staff
would type it, and asserts the exit status and the Chinese messages.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from branchpress.cli import main
from branchpress.core.records.frontmatter import split_record
from branchpress.core.records.model import Status
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.validation import validate_text
from helpers import REPO
from helpers.cli import COMMAND, problem_lines, run_cli, write_config
from helpers.sites import DESIGN_TYPES, SiteBuilder

# The fields docs/records.md (Activity types) gives each default type beyond title, date and type.
TYPE_FIELDS = {
    "meeting": {"meeting", "expected", "present", "chair"},
    "theme_day": {"participants"},
    "study": {"participants"},
    "volunteer": {"volunteers", "hours", "beneficiaries"},
    "welfare": {"volunteers", "hours", "beneficiaries"},
    "industry": {"participants", "beneficiaries"},
    "honor": {"milestone"},
    "news": set(),
}
COMMON_FIELDS = {"title", "date", "type", "summary", "location", "tags", "draft"}


def assert_no_traceback(process: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in process.stdout + process.stderr, process.stdout + process.stderr


def records_in(site: SiteBuilder) -> list[Path]:
    return sorted((site.root / "content/activities").rglob("*.md"))


# --- branchpress new ------------------------------------------------------------------------


@pytest.mark.parametrize("type_key", list(TYPE_FIELDS))
def test_new_writes_a_draft_with_the_fields_of_its_type(site: SiteBuilder, type_key: str):
    title = "支部活动：“数字助老” #1 [第二期]"
    process = run_cli(site, "new", "--type", DESIGN_TYPES[type_key], "--title", title, "--date", "2025-05-12")
    assert process.returncode == 0, process.stderr
    stem = "2025-05-12-zhi-bu-huo-dong-shu-zi-zhu-lao-1-di-er-qi"
    path = site.root / f"content/activities/2025/{stem}.md"
    assert records_in(site) == [path]
    assert (site.root / f"content/activities/2025/{stem}").is_dir()  # the photo folder
    assert f"content/activities/2025/{stem}.md" in process.stdout and "draft" in process.stdout

    text = path.read_text(encoding="utf-8")
    parsed = split_record(text)
    assert set(parsed.data) == COMMON_FIELDS | TYPE_FIELDS[type_key]
    assert parsed.data["title"] == title and parsed.data["type"] == type_key
    assert parsed.data["date"] == "2025-05-12" and parsed.data["draft"] is True
    # A new record is valid as it stands: no problem, not even a warning, and it is a draft.
    record, problems = validate_text(
        f"activities/2025/{stem}.md", text, SiteSettings(), photo_exists=lambda path: False
    )
    assert problems == [] and record is not None and record.status is Status.DRAFT
    assert f"{stem}/" in parsed.body  # the body's hints point at the photo folder


def test_a_new_record_builds_and_is_published_once_the_draft_line_is_gone(site: SiteBuilder):
    process = run_cli(
        site,
        "new",
        "-t",
        "volunteer",
        "--title",
        "学雷锋志愿服务",
        "-d",
        "2025-03-05 09:30",
        "--slug",
        "lei-feng",
    )
    assert process.returncode == 0, process.stderr
    path = site.root / "content/activities/2025/2025-03-05-lei-feng.md"
    assert split_record(path.read_text(encoding="utf-8")).data["date"] == "2025-03-05 09:30"
    assert run_cli(site, "check", "--strict").returncode == 0

    draft = site.build("--strict")
    assert draft.returncode == 0, draft.output
    assert not draft.exists("activities/2025/03/lei-feng/")

    text = path.read_text(encoding="utf-8").replace("（在这里写第一段。）", "3月5日，党员志愿者走进社区。")
    path.write_text(re.sub(r"^draft: true.*\n", "", text, flags=re.MULTILINE), encoding="utf-8")
    published = site.build("--strict")
    assert published.returncode == 0, published.output
    page = published.html("activities/2025/03/lei-feng/")
    assert page.select_one("article h1").get_text() == "学雷锋志愿服务"
    # The body's hints are HTML comments: nothing of them shows on the page.
    assert "按时间顺序" not in page.select_one(".bp-record__body").get_text()
    assert "3月5日，党员志愿者走进社区。" in published.html("news/").get_text()


def test_new_never_overwrites_a_record(site: SiteBuilder):
    args = ("new", "--type", "news", "--title", "党员进企业", "--date", "2025-06-18")
    assert run_cli(site, *args).returncode == 0
    path = site.root / "content/activities/2025/2025-06-18-dang-yuan-jin-qi-ye.md"
    path.write_text("已经写好的记录", encoding="utf-8")

    again = run_cli(site, *args)
    assert again.returncode == 1
    assert_no_traceback(again)
    assert "已经存在" in again.stderr and "--slug" in again.stderr
    assert path.read_text(encoding="utf-8") == "已经写好的记录"

    other = run_cli(site, *args, "--slug", "qi-ye-2")
    assert other.returncode == 0, other.stderr
    assert len(records_in(site)) == 2


def test_new_dates_a_record_today_in_the_site_time_zone(site: SiteBuilder):
    # UTC+14: for most of the day its date is not the date in UTC or on this machine.
    zone = "Pacific/Kiritimati"
    site.plugin_options("branchpress/records")["timezone"] = zone
    before = datetime.now(ZoneInfo(zone)).date()
    process = run_cli(site, "new", "--type", "meeting", "--title", "支部委员会")
    after = datetime.now(ZoneInfo(zone)).date()
    assert process.returncode == 0, process.stderr
    [path] = records_in(site)
    assert path.name in {f"{day.isoformat()}-zhi-bu-wei-yuan-hui.md" for day in (before, after)}
    assert path.parent.name == path.name[:4]


class _Terminal(io.StringIO):
    """Typed answers, on what looks like a terminal (MkDocs also peeks at stdin.buffer)."""

    buffer = io.BytesIO()

    def isatty(self) -> bool:
        return True


def test_new_asks_at_a_terminal_for_what_was_not_given(site: SiteBuilder, monkeypatch, capsys):
    write_config(site)
    monkeypatch.chdir(site.root)
    # An unknown answer is asked again; then type by number... here by label; title; Enter = today.
    monkeypatch.setattr(sys, "stdin", _Terminal("志愿\n志愿服务\n春晖社区“手机课堂”\n\n"))
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert main(["new"]) == 0
    out = capsys.readouterr().out
    assert "1. 三会一课（meeting）" in out and "4. 志愿服务（volunteer）" in out
    assert "未知的活动类型“志愿”" in out and "是不是想写 志愿服务" in out
    [path] = records_in(site)
    assert path.name == f"{today.isoformat()}-chun-hui-she-qu-shou-ji-ke-tang.md"
    assert split_record(path.read_text(encoding="utf-8")).data["type"] == "volunteer"

    monkeypatch.setattr(sys, "stdin", _Terminal("2\n主题党日\n2025-07-01\n"))
    assert main(["new"]) == 0
    assert (site.root / "content/activities/2025/2025-07-01-zhu-ti-dang-ri.md").is_file()


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["--type", "volunteer"], ["缺少标题", "--title"]),
        (["--title", "标题"], ["缺少活动类型", "--type"]),
        (
            ["--type", "volunter", "--title", "标题"],
            [
                "未知的活动类型“volunter”",
                "是不是想写 volunteer",
                *[f"{k}（{v}）" for k, v in DESIGN_TYPES.items()],
            ],
        ),
        (
            ["--type", "news", "--title", "标题", "--date", "2025-02-30"],
            ["日期“2025-02-30”不存在", "2026-05-12"],
        ),
        (["--type", "news", "--title", "标题", "--date", "5月12日"], ["格式无法识别"]),
        (["--type", "news", "--title", "  "], ["标题不能为空"]),
        (["--type", "news", "--title", "请联系 138 1234 5678"], ["标题里有手机号码 138****5678"]),
    ],
    ids=["no-title", "no-type", "unknown-type", "impossible-date", "date-format", "empty-title", "phone"],
)
def test_new_refuses_bad_input_with_a_fix_and_writes_nothing(site: SiteBuilder, args, expect):
    process = run_cli(site, "new", *args)
    assert process.returncode == 2, process.stdout + process.stderr
    assert_no_traceback(process)
    for fragment in expect:
        assert fragment in process.stderr, f"{fragment!r} not in {process.stderr}"
    assert "修改方法" in process.stderr
    assert "138 1234 5678" not in process.stderr
    assert not (site.root / "content/activities").exists()


# --- branchpress check ----------------------------------------------------------------------

GOOD = "title: 支部召开三月主题党日活动\ndate: 2025-03-04\ntype: theme_day\nparticipants: 18"


def test_check_passes_a_clean_site(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", GOOD)
    process = run_cli(site, "check", "--strict")
    assert process.returncode == 0, process.stdout
    assert "检查了 1 篇记录（可发布 1 篇）和 1 个其他页面：0 个错误，0 个警告。" in process.stdout


def test_check_reports_every_problem_like_the_build(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", GOOD)
    site.record("2025/2025-03-05-a.md", "title: 标题: 还有冒号\ndate: 2025-03-05\ntype: news")
    site.record("2025/2025-03-06-b.md", "title: 支部学习\ndate: 2025-02-30\ntype: 学习")
    site.record("2025/2025-03-07-c.md", "date: 2025-03-07\ntype: news\ntitel: 标题\nparticipant: 3")
    process = run_cli(site, "check")
    build = site.build()
    assert process.returncode == 1 and build.returncode == 1
    assert_no_traceback(process)
    lines = problem_lines(process.stdout)
    assert lines == problem_lines(build.output)
    assert len(lines) == 6, process.stdout
    assert "4 个错误，2 个警告" in process.stdout
    text = "\n".join(lines)
    for fragment in (
        "2025-03-05-a.md 第 2 行：front matter 不是合法的 YAML",
        "2025-03-06-b.md 第 3 行，字段 date：日期“2025-02-30”不存在",
        # An unknown type: the closest label, then every key with its label.
        "2025-03-06-b.md 第 4 行，字段 type：未知的活动类型“学习”。 修改方法：是不是想写 学习教育？可用的类型："
        + "、".join(f"{k}（{v}）" for k, v in DESIGN_TYPES.items()),
        "2025-03-07-c.md，字段 title：缺少必填字段 title",
        # Unknown keys: "did you mean" the closest known key.
        "2025-03-07-c.md 第 4 行，字段 titel：未知字段“titel”，它不会被使用。 修改方法：是不是想写 title？",
        "2025-03-07-c.md 第 5 行，字段 participant：未知字段“participant”，它不会被使用。 修改方法：是不是想写 participants？",
    ):
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def test_check_strict_fails_on_warnings_only_when_asked(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", f"{GOOD}\nsumary: 一句话")
    plain = run_cli(site, "check")
    assert plain.returncode == 0, plain.stdout
    assert "是不是想写 summary？" in plain.stdout and "0 个错误，1 个警告" in plain.stdout
    strict = run_cli(site, "check", "--strict")
    assert strict.returncode == 1 and problem_lines(strict.stdout) == problem_lines(plain.stdout)


def test_every_message_is_chinese_and_names_the_fix(site: SiteBuilder):
    bad = [
        "title: [列表]\ndate: 2025-13-01\ntype: 不存在的类型",
        "title: 标题\ndate: 明天\ntype: news\nparticipants: -3\nhours: 两小时\nfeatured: 是",
        "title: 标题\ndate: 2025-03-05\ntype: news\ntags: {a: 1}\nslug: '!!!'\nupdated: 2025-01-01",
        "title: 标题\ndate: 2025-03-05\ntype: volunteer\nvolunteers: [{name: 张三, age: 3}, {hours: 2}, 12345]",
        "title: 标题\ndate: 2025-03-05\ntype: news\ncover: ../外面.jpg\nphotos: [/abs.jpg, 缺失.jpg, {src: a.jpg, x: 1}]",
    ]
    for number, front_matter in enumerate(bad):
        site.record(f"2025/2025-03-0{number + 1}-bad.md", front_matter)
    site.write("activities/2025/2025-03-09-raw.md", "没有信息区\n")
    process = run_cli(site, "check")
    assert process.returncode == 1
    assert_no_traceback(process)
    lines = problem_lines(process.stdout)
    assert len(lines) == 18, process.stdout
    for line in lines:
        message, _, fix = line.partition(" 修改方法：")
        assert re.search(r"[\u4e00-\u9fff]", message) and re.search(r"[\u4e00-\u9fff]", fix), line
        assert re.search(r"activities/2025/2025-03-0\d-(bad|raw)\.md", message), line


def test_check_reads_plugins_written_as_a_mapping(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", f"{GOOD}\nsummary: 热线 13912345678")
    site.config["plugins"] = {
        "search": {},
        "branchpress/records": {"now": "2025-12-01", "privacy_allow": ["13912345678"]},
        "branchpress/pages": {},
    }
    process = run_cli(site, "check", "--strict")
    assert process.returncode == 0, process.stdout + process.stderr


def test_check_explains_a_site_it_cannot_read(site: SiteBuilder):
    site.record("2025/2025-03-04-good.md", GOOD)
    write_config(site)
    missing = subprocess.run(
        [*COMMAND, "check", "-f", "nowhere.yml"], cwd=site.root, capture_output=True, text=True
    )
    assert missing.returncode == 2 and "无法读取配置 nowhere.yml" in missing.stderr
    assert_no_traceback(missing)

    site.config["plugins"] = ["search"]
    without = run_cli(site, "check")
    assert without.returncode == 2 and "没有启用 branchpress/records" in without.stderr
    assert_no_traceback(without)

    site.config["plugins"] = [{"branchpress/records": {"timezone": "Mars/Olympus"}}]
    zone = run_cli(site, "check")
    assert zone.returncode == 2 and "不是有效的时区" in zone.stderr
    assert_no_traceback(zone)


def test_check_reads_a_site_of_1000_records(tmp_path: Path):
    """The benchmark's generated site (bench/bench.py): every record valid and counted. How long
    it takes is measured by the benchmarks, not asserted here."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import bench
    finally:
        sys.path.remove(str(REPO / "bench"))
    bench.write_full_site(tmp_path, bench.make_records(1000))
    process = subprocess.run(
        [*COMMAND, "check", "--strict"], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8"
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "检查了 1000 篇记录（可发布 1000 篇）" in process.stdout
    assert "0 个错误，0 个警告" in process.stdout
    shutil.rmtree(tmp_path / "content")
