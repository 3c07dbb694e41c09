"""`mkdocs serve` rebuilds after an edit render only what the edit changed, and stay correct.

A real server runs on a free port with its file watcher; the test edits files the way
staff do and reads pages, feeds and the search index over HTTP until the change shows.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from helpers.serve import free_port, get, wait_for_page
from helpers.sites import MKDOCS, SiteBuilder, search_entries
from helpers.waiting import wait_until

TIMEOUT = 90
PARTIAL = re.compile(r"预览：只重新生成改动涉及的 (\d+) 个页面（共 (\d+) 个）")


def wait_until_shown(url: str, check, what: str) -> str:
    return wait_for_page(url, check, what=what, timeout=TIMEOUT)


def shows(fragment: str):
    return lambda status, text: status == 200 and fragment in text


class Server:
    def __init__(self, site: SiteBuilder) -> None:
        (site.root / "mkdocs.yml").write_text(
            yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8"
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/branch/"
        self.log = site.root / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
        env.pop("BRANCHPRESS_FULL_REBUILD", None)
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [*MKDOCS, "serve", "-a", f"127.0.0.1:{self.port}"],
                cwd=site.root,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def partial_rebuilds(self) -> list[tuple[int, int]]:
        text = self.log.read_text("utf-8", errors="replace")
        return [(int(a), int(b)) for a, b in PARTIAL.findall(text)]

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return self.log.read_text("utf-8", errors="replace")


def title_line(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")


@pytest.fixture
def served(site: SiteBuilder):
    site.config["plugins"].append({"branchpress/feeds": {"limit": 20}})
    paths = {}
    for month in range(1, 9):
        paths[month] = site.record(
            f"2025/2025-{month:02d}-10-r{month}.md",
            f"title: 第{month}次活动\ndate: 2025-{month:02d}-10\ntype: {'volunteer' if month % 2 else 'study'}\n"
            f"tags: [标签{month % 3}]",
            f"第{month}次活动的正文，记录了当天的经过。",
        )
    site.write("culture/story.md", "# 支部故事\n\n支部的故事。\n")
    server = Server(site)
    wait_until_shown(server.base + "activities/2025/01/r1/", shows("第1次活动"), "first build")
    yield site, server, paths
    output = server.stop()
    assert "Traceback" not in output, output


def test_an_edited_record_shows_everywhere_without_rendering_the_whole_site(served):
    site, server, paths = served
    title_line(paths[5], "第5次活动（已修改）")
    record = wait_until_shown(server.base + "activities/2025/05/r5/", shows("（已修改）"), "edited title")
    assert BeautifulSoup(record, "lxml").h1.get_text(strip=True) == "第5次活动（已修改）"
    # Its neighbours link to it by its new title, and the listing page that holds it shows it.
    for neighbour in ("activities/2025/04/r4/", "activities/2025/06/r6/"):
        soup = BeautifulSoup(get(server.base + neighbour)[1], "lxml")
        links = [a.get_text() for a in soup.select(".bp-neighbours__link")]
        assert any("第5次活动（已修改）" in link for link in links), (neighbour, links)
    assert "第5次活动（已修改）" in get(server.base + "news/page/2/")[1]
    assert "第5次活动（已修改）" in get(server.base + "activities/volunteer/")[1]
    # A page the edit does not touch is still there, whole.
    untouched = BeautifulSoup(get(server.base + "activities/2025/01/r1/")[1], "lxml")
    assert untouched.h1.get_text(strip=True) == "第1次活动"
    assert "第1次活动的正文" in untouched.get_text()

    # Feeds keep the full content of the records this rebuild did not render.
    feed = feedparser.parse(get(server.base + "feed.xml")[1])
    contents = {entry.title: entry.content[0].value for entry in feed.entries}
    assert len(contents) == 8
    assert "第5次活动（已修改）" in contents
    for title, content in contents.items():
        assert "的正文" in content, title
    # The search index keeps an entry for every record and has the new title.
    entries = search_entries(lambda path: get(server.base + path)[1])
    titles = [doc["title"].replace("\u200b", "") for doc in entries]
    assert sum(1 for t in titles if re.fullmatch(r"第\d次活动(（已修改）)?", t)) == 8
    assert "第5次活动（已修改）" in titles

    rendered, total = server.partial_rebuilds()[-1]
    assert rendered < total / 2, (rendered, total)


def test_a_deleted_record_leaves_the_preview(served):
    site, server, paths = served
    paths[2].unlink()
    wait_until_shown(server.base + "activities/2025/02/r2/", lambda status, _t: status == 404, "deleted page")
    news = get(server.base + "news/page/2/")[1] + get(server.base + "news/page/3/")[1]
    assert "第2次活动" not in news
    titles = [
        doc["title"].replace("\u200b", "") for doc in search_entries(lambda path: get(server.base + path)[1])
    ]
    assert "第8次活动" in titles and "第2次活动" not in titles
    # A new record appears the same way.
    site.record("2025/2025-09-10-r9.md", "title: 第9次活动\ndate: 2025-09-10\ntype: news", "新的一篇。")
    wait_until_shown(server.base + "activities/2025/09/r9/", shows("第9次活动"), "new record")
    wait_until_shown(server.base + "news/", shows("第9次活动"), "new record in the news")


def test_a_configuration_change_renders_every_page(served):
    site, server, _paths = served
    site.config["site_name"] = "改名后的支部"
    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    for url in ("activities/2025/01/r1/", "activities/2025/08/r8/", "news/page/3/", "culture/story/"):
        wait_until_shown(server.base + url, shows("改名后的支部"), "new site name")
    # A hand-written page changes the navigation of every page: everything is rendered too.
    site.write("culture/story.md", "# 支部新故事\n\n改写后的故事。\n")
    wait_until_shown(server.base + "activities/2025/03/r3/", shows("支部新故事"), "new nav title")


def test_a_content_error_is_reported_and_its_fix_still_rebuilds_only_what_changed(served):
    site, server, paths = served
    text = paths[3].read_text(encoding="utf-8")
    paths[3].write_text(text.replace("date: 2025-03-10", "date: 2025-02-30"), encoding="utf-8")
    wait_until(
        lambda: "2025-02-30" in server.log.read_text("utf-8", errors="replace"),
        timeout=TIMEOUT,
        message="mkdocs serve never reported the impossible date in its log",
    )
    # (MkDocs holds page requests until a build succeeds again.)
    paths[3].write_text(text.replace("title: 第3次活动", "title: 第3次活动（改好了）"), encoding="utf-8")
    wait_until_shown(server.base + "activities/2025/03/r3/", shows("（改好了）"), "fixed record")
    rendered, total = server.partial_rebuilds()[-1]
    assert rendered < total / 2, (rendered, total)
