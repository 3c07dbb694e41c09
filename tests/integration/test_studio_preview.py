"""The studio's preview (studio/preview.py): the site's own build in a worker process, warm and
incremental, with drafts shown; content errors reported in Chinese; a dead worker started again.

Each test builds a real small site through a real worker and reads the pages it wrote."""

from __future__ import annotations

import os
import re
import signal
import threading
from pathlib import Path

import pytest
import yaml
from branchpress.studio.preview import PreviewSite
from bs4 import BeautifulSoup
from helpers.sites import SiteBuilder
from helpers.waiting import wait_until

BASE_URL = "http://127.0.0.1:8001/preview/"
RECORD = "activities/2025/05/ke-tang/"
BUILT = re.compile(r"Documentation built in")


def title_line(path: Path, title: str) -> None:
    """What the studio's 保存 does to a title: the file rewritten in place."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")


def page(preview: PreviewSite, url: str) -> BeautifulSoup:
    path = preview.page_path(url)
    assert path is not None, f"{url} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def builds_in_log(preview: PreviewSite) -> int:
    return len(BUILT.findall(preview.log_file.read_text("utf-8", errors="replace")))


@pytest.fixture
def project(site: SiteBuilder):
    records = {
        "study": site.record(
            "2025/2025-05-12-ke-tang.md", "title: 专题党课\ndate: 2025-05-12\ntype: study", "党课正文。"
        ),
        "news": site.record("2025/2025-04-01-dong-tai.md", "title: 支部动态\ndate: 2025-04-01\ntype: news"),
        "draft": site.record(
            "2025/2025-11-20-cao-gao.md", "title: 草稿记录\ndate: 2025-11-20\ntype: news\ndraft: true"
        ),
    }
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    return site, records


@pytest.fixture
def preview(project):
    site, _ = project
    preview = PreviewSite(
        site.root / "mkdocs.yml", site.root / ".cache" / "branchpress" / "studio" / "preview", BASE_URL
    )
    preview.start()
    yield preview
    preview.close()
    assert preview.worker_pid is None


def test_an_edited_title_shows_after_rebuild_and_drafts_have_their_banner(project, preview):
    _, records = project
    first = preview.rebuild()
    assert first.ok and first.ready and not first.building, first
    assert first.built_at is not None and first.seconds is not None
    assert page(preview, RECORD).h1.get_text(strip=True) == "专题党课"
    # The preview's own address, not the site's, is where its links point.
    canonical = page(preview, RECORD).select_one("link[rel=canonical]")["href"]
    assert canonical == BASE_URL + RECORD
    # Preview mode, as in `mkdocs serve`: the draft is built, with its banner.
    assert page(preview, "activities/2025/11/cao-gao/").select_one(".bp-banner").get_text().startswith("草稿")

    title_line(records["study"], "专题党课（已修改）")
    second = preview.rebuild()
    assert second.ok, second.messages
    assert page(preview, RECORD).h1.get_text(strip=True) == "专题党课（已修改）"
    assert second.built_at > first.built_at
    log = preview.log_file.read_text("utf-8")
    # The rebuild was serve's incremental one, not a full build.
    assert re.search(r"预览：只重新生成改动涉及的 \d+ 个页面", log), log
    assert "Traceback" not in log, log


def test_a_content_error_fails_in_chinese_and_a_fixed_edit_builds_again(project, preview):
    _, records = project
    assert preview.rebuild().ok
    good = records["news"].read_text(encoding="utf-8")
    records["news"].write_text(good.replace("type: news", "type: nonsense"), encoding="utf-8")
    failed = preview.rebuild()
    assert failed.ok is False and failed.ready, failed
    errors = [line for line in failed.messages if line.startswith("[错误]")]
    assert len(errors) == 1, failed.messages
    assert "2025-04-01-dong-tai.md" in errors[0] and "未知的活动类型“nonsense”" in errors[0]
    assert any("网站没有生成" in line for line in failed.messages), failed.messages
    assert preview.worker_pid is not None, "the worker lives on after a failed build"
    # The last good preview is still there to look at.
    assert page(preview, RECORD).h1.get_text(strip=True) == "专题党课"

    records["news"].write_text(good.replace("title: 支部动态", "title: 支部动态（改好了）"), encoding="utf-8")
    fixed = preview.rebuild()
    assert fixed.ok and fixed.messages == (), fixed
    assert page(preview, "activities/2025/04/dong-tai/").h1.get_text(strip=True) == "支部动态（改好了）"


def test_a_first_build_with_an_error_is_not_ready_until_fixed(project):
    site, records = project
    good = records["news"].read_text(encoding="utf-8")
    records["news"].write_text(good.replace("date: 2025-04-01", "date: 2025-02-30"), encoding="utf-8")
    preview = PreviewSite(site.root / "mkdocs.yml", site.root / "preview-site", BASE_URL)
    try:
        failed = preview.rebuild()
        assert failed.ok is False and not failed.ready and failed.built_at is None, failed
        assert any("date" in line and line.startswith("[错误]") for line in failed.messages), failed.messages
        records["news"].write_text(good, encoding="utf-8")
        fixed = preview.rebuild()
        assert fixed.ok and fixed.ready, fixed
        assert preview.page_path("activities/2025/04/dong-tai/") is not None
    finally:
        preview.close()


def test_a_killed_worker_is_started_again_with_a_full_build(project, preview):
    _, records = project
    assert preview.rebuild().ok
    killed = preview.worker_pid
    os.kill(killed, signal.SIGKILL)
    title_line(records["study"], "专题党课（重启后）")
    after = preview.rebuild()
    assert after.ok, after.messages
    assert preview.worker_pid not in (None, killed)
    assert page(preview, RECORD).h1.get_text(strip=True) == "专题党课（重启后）"
    log = preview.log_file.read_text("utf-8")
    assert log.count("Cleaning site directory") == 2, "a new worker builds in full"


def test_requests_during_a_build_are_served_by_one_build(project, preview):
    assert preview.rebuild().ok
    before = builds_in_log(preview)
    callers = [threading.Thread(target=preview.rebuild) for _ in range(6)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=120)
    assert not any(caller.is_alive() for caller in callers)
    # One build may have started before the others asked; all the rest share the next one.
    assert 1 <= builds_in_log(preview) - before <= 2
    assert not preview.state().building


def test_page_path_stays_inside_the_preview_folder(preview):
    assert preview.rebuild().ok
    assert preview.page_path("") == preview.site_dir / "index.html"
    assert preview.page_path("activities/2030/01/none/") is None
    assert preview.page_path("../../../content/") is None


def test_warnings_do_not_fail_the_preview_and_are_listed(project, preview):
    _, records = project
    text = records["news"].read_text(encoding="utf-8")
    records["news"].write_text(text.replace("type: news", "type: news\ntitel: 错字"), encoding="utf-8")
    state = preview.rebuild()
    assert state.ok, state
    assert len(state.messages) == 1 and state.messages[0].startswith("[警告]"), state.messages
    assert "未知字段“titel”" in state.messages[0] and "是不是想写 title" in state.messages[0]


def test_closing_during_a_build_stops_the_worker_at_once(project):
    site, _ = project
    preview = PreviewSite(site.root / "mkdocs.yml", site.root / "preview-site", BASE_URL)
    preview.start()
    wait_until(lambda: preview.worker_pid, timeout=30, message="the worker never started")
    worker = preview.worker_pid
    preview.close()
    assert preview.worker_pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)
    # After close, a rebuild returns at once and starts no worker.
    preview.rebuild()
    assert preview.worker_pid is None
