"""The studio's 发布 (studio/publish.py): the real `mkdocs build` and `branchpress deploy` of a small
site, published to a `file://` folder, with the state staff see while it runs and after."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from branchpress.studio.publish import Publisher
from helpers.sites import SiteBuilder

TIMEOUT = 180


def publisher_for(site: SiteBuilder) -> Publisher:
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    return Publisher(site.root / "mkdocs.yml")


@pytest.fixture
def branch(site: SiteBuilder) -> SiteBuilder:
    site.record("2025/2025-03-05-zhi-yuan.md", "title: 社区志愿服务\ndate: 2025-03-05\ntype: news", "正文。")
    return site


def test_publishing_builds_the_site_and_deploys_it_to_the_folder(branch: SiteBuilder, tmp_path: Path):
    target = tmp_path / "www" / "dangjian"
    target.parent.mkdir()  # the web server's folder
    branch.plugin_options("branchpress/records")["deploy"] = {"target": f"file://{target}/"}
    publisher = publisher_for(branch)
    assert publisher.state().step is None
    assert publisher.start() is True
    assert publisher.start() is False, "one run at a time"
    running = publisher.state()
    assert running.running and running.step in ("build", "deploy") and running.ok is None
    done = publisher.wait(TIMEOUT)
    assert done.ok is True and done.step == "done" and not done.running, done
    assert done.message.startswith("已发布：上传 "), done.message
    assert done.finished_at >= done.started_at
    assert "$ mkdocs build" in done.lines and "$ branchpress deploy" in done.lines
    page = target / "activities" / "2025" / "03" / "zhi-yuan" / "index.html"
    assert "社区志愿服务" in page.read_text(encoding="utf-8")
    assert (target / "index.html").is_file()

    # A second run publishes what changed only; the state starts afresh.
    assert publisher.start() is True
    again = publisher.wait(TIMEOUT)
    assert again.ok and "上传 0 个、删除 0 个" in again.message, again.message
    assert again.lines.count("$ mkdocs build") == 1


def test_without_a_deploy_target_the_site_is_built_and_staff_are_told(branch: SiteBuilder):
    publisher = publisher_for(branch)
    assert publisher.start()
    done = publisher.wait(TIMEOUT)
    assert done.ok is True and done.step == "done", done
    assert done.message.startswith("已生成网站（未配置发布目标"), done.message
    assert "$ branchpress deploy" not in done.lines
    assert (branch.root / "site" / "activities" / "2025" / "03" / "zhi-yuan" / "index.html").is_file()


def test_a_content_error_stops_before_deploying_and_says_why(branch: SiteBuilder, tmp_path: Path):
    target = tmp_path / "www"
    branch.plugin_options("branchpress/records")["deploy"] = {"target": f"file://{target}/"}
    branch.record("2025/2025-04-01-cuo.md", "title: 写错的记录\ndate: 2025-04-01\ntype: nonsense")
    publisher = publisher_for(branch)
    assert publisher.start()
    failed = publisher.wait(TIMEOUT)
    assert failed.ok is False and failed.step == "failed", failed
    assert failed.message.startswith("网站没有生成，所以没有发布：[错误] activities/2025/2025-04-01-cuo.md")
    assert "未知的活动类型“nonsense”" in failed.message
    assert "$ branchpress deploy" not in failed.lines
    assert not target.exists()


def test_a_deploy_refused_says_the_deploy_commands_reason(branch: SiteBuilder):
    # A target in the content folder: deploying would delete the records that the site lacks.
    content = branch.root / "content"
    branch.plugin_options("branchpress/records")["deploy"] = {"target": f"file://{content}/"}
    publisher = publisher_for(branch)
    assert publisher.start()
    failed = publisher.wait(TIMEOUT)
    assert failed.ok is False and failed.step == "failed", failed
    assert failed.message.startswith("deploy 的 target 文件夹"), failed.message
    assert "$ branchpress deploy" in failed.lines
    assert not (content / "index.html").exists() and (content / "index.md").is_file()
