"""Off-host content in real builds and `branchpress check` runs: an image, frame or script that a
record or page loads from another host stops both, with the file, line and fix (the scanner
itself is unit-tested in tests/unit/test_off_host.py).
"""

from __future__ import annotations

from helpers.cli import problem_lines, run_cli
from helpers.sites import SiteBuilder, assert_clean_failure

VALID = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"
PLAYER = '<iframe src="https://player.example.com/embed/1" title="活动视频"></iframe>'


def test_build_and_check_stop_on_images_frames_and_scripts_from_other_hosts(site: SiteBuilder):
    site.record(
        "2025/2025-03-05-x.md",
        VALID,
        body="第一段。\n\n![现场](https://img.example.com/a.jpg)\n\n"
        + PLAYER
        + "\n\n[原文](https://news.example.com/a)",
    )
    site.write("culture/join.md", '# 加入我们\n\n<script src="https://cdn.example.com/count.js"></script>\n')
    result = site.build()
    assert_clean_failure(
        result,
        "activities/2025/2025-03-05-x.md 第 9 行，字段 正文：这里的图片要从另一个网站 img.example.com 加载",
        "activities/2025/2025-03-05-x.md 第 11 行，字段 正文：这里的内嵌网页（iframe 等）要从另一个网站 player.example.com 加载",
        "culture/join.md 第 3 行，字段 正文：这里的脚本要从另一个网站 cdn.example.com 加载",
        "把图片下载保存到本记录所在的文件夹",
        "allowed_hosts: [player.example.com]",
        "内容检查发现 3 个错误",
    )
    assert "news.example.com" not in result.output  # a link is fine

    checked = run_cli(site, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr
    # The same messages, word for word, as the build printed.
    assert problem_lines(checked.stdout) == problem_lines(result.output)
    assert len(problem_lines(checked.stdout)) == 3


def test_a_host_allowed_in_mkdocs_yml_may_serve_a_frame(site: SiteBuilder):
    site.record("2025/2025-03-05-x.md", VALID, body="活动视频：\n\n" + PLAYER)
    site.plugin_options("branchpress/records")["allowed_hosts"] = ["player.example.com"]
    result = site.build("--strict")
    assert result.returncode == 0, result.output
    frame = result.html("activities/2025/03/x/").select_one("iframe")
    assert frame is not None and frame["src"] == "https://player.example.com/embed/1"
    assert run_cli(site, "check", "--strict").returncode == 0


def test_images_on_the_sites_own_host_are_the_sites_own(site: SiteBuilder):
    # site_url of the fixture sites is https://example.org/branch/
    site.record("2025/2025-03-05-x.md", VALID, body="![标志](https://example.org/branch/assets/logo.png)")
    assert run_cli(site, "check", "--strict").returncode == 0


def test_a_bad_allowed_hosts_entry_is_a_clear_configuration_error(site: SiteBuilder):
    site.record("2025/2025-03-05-x.md", VALID)
    site.plugin_options("branchpress/records")["allowed_hosts"] = ["视频网站"]
    assert_clean_failure(site.build(), "allowed_hosts", "不是网站的主机名")
    checked = run_cli(site, "check")
    assert checked.returncode == 2 and "allowed_hosts" in checked.stderr
    assert "Traceback" not in checked.stderr
