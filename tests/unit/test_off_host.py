"""Off-host content: what in a record body or page makes a visitor's browser load from another
host (core/records/off_host.py). Real builds and `branchpress check` runs are in
tests/integration/test_off_host_builds.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from branchpress.core.records.off_host import Load, find_off_host_loads
from branchpress.core.records.page_checks import check_page
from branchpress.core.records.settings import SettingsError, SiteSettings, settings_from_options
from branchpress.core.records.validation import validate_text

SETTINGS = SiteSettings(
    now=datetime(2025, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    own_hosts=frozenset({"dangjian.example.cn"}),
)
SOURCE = "activities/2025/2025-03-05-x.md"
VALID = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"


def loads(text: str) -> list[tuple[Load, str]]:
    return [(load.kind, load.host) for load in find_off_host_loads(text, SETTINGS.own_hosts)]


@pytest.mark.parametrize(
    ("text", "kind", "host"),
    [
        ("![现场](https://img.example.com/a.jpg)", Load.IMAGE, "img.example.com"),
        ('![现场](<https://img.example.com/a b.jpg> "标题"){ loading=lazy }', Load.IMAGE, "img.example.com"),
        ("![现场](HTTP://IMG.Example.com/a.jpg)", Load.IMAGE, "img.example.com"),
        ("![现场][照片]\n\n[照片]: https://ref.example.com/a.jpg", Load.IMAGE, "ref.example.com"),
        ("![照片]\n\n[照片]: <//ref.example.com/a.jpg>", Load.IMAGE, "ref.example.com"),
        ('<img alt="x" src="https://img.example.com/a.jpg">', Load.IMAGE, "img.example.com"),
        ("<IMG SRC=//img.example.com/a.jpg>", Load.IMAGE, "img.example.com"),
        (
            '<img src="a.jpg" srcset="a.jpg 1x, https://hi.example.com/a.jpg 2x">',
            Load.IMAGE,
            "hi.example.com",
        ),
        ('<picture><source srcset="https://p.example.com/a.webp"></picture>', Load.MEDIA, "p.example.com"),
        ('<input type="image" src="https://btn.example.com/b.png">', Load.IMAGE, "btn.example.com"),
        ("<p style=\"background:url('https://bg.example.com/a.png')\">x</p>", Load.IMAGE, "bg.example.com"),
        ('<video src="https://v.example.com/a.mp4" controls></video>', Load.MEDIA, "v.example.com"),
        ('<video poster="https://v.example.com/p.jpg"></video>', Load.MEDIA, "v.example.com"),
        ('<audio><source src="https://a.example.com/a.mp3"></audio>', Load.MEDIA, "a.example.com"),
        (
            '<iframe src="https://player.example.com/v/1" allowfullscreen></iframe>',
            Load.FRAME,
            "player.example.com",
        ),
        ('<embed src="https://e.example.com/x.swf">', Load.FRAME, "e.example.com"),
        ('<object data="https://o.example.com/x.pdf"></object>', Load.FRAME, "o.example.com"),
        ('<script src="https://cdn.example.com/count.js"></script>', Load.SCRIPT, "cdn.example.com"),
        ("<script async src='//cdn.example.com/count.js'></script>", Load.SCRIPT, "cdn.example.com"),
        ('<link rel="stylesheet" href="https://css.example.com/a.css">', Load.STYLESHEET, "css.example.com"),
        ('<style>@import "https://css.example.com/a.css";</style>', Load.STYLESHEET, "css.example.com"),
    ],
)
def test_every_way_of_loading_from_another_host_is_found(text, kind, host):
    assert loads(f"前文。\n\n{text}\n") == [(kind, host)]


@pytest.mark.parametrize(
    "text",
    [
        "[原文链接](https://news.example.com/a.html)",
        "<https://news.example.com/a.jpg>",
        '<a href="https://news.example.com/"><img src="photos/a.jpg"></a>',
        '<link rel="alternate" href="https://news.example.com/feed.xml">',
        "![本地照片](photos/a.jpg) ![同站](https://dangjian.example.cn/assets/a.png) ![根](/assets/a.png)",
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '```html\n<iframe src="https://player.example.com/v/1"></iframe>\n```',
        "~~~\n![x](https://img.example.com/a.jpg)\n~~~",
        '写法是 `<script src="https://cdn.example.com/x.js"></script>`，不要这样写。',
        "<!-- ![旧图](https://img.example.com/a.jpg) -->",
        "网址 https://img.example.com/a.jpg 只是文字。",
        '<input type="text" src="https://img.example.com/a.jpg">',
    ],
)
def test_links_own_files_and_code_load_nothing_from_elsewhere(text):
    assert loads(f"前文。\n\n{text}\n后文。\n") == []


def check(body: str, settings: SiteSettings = SETTINGS):
    text = f"---\n{VALID}\n---\n\n{body}"
    return validate_text(SOURCE, text, settings, lambda path: True)


def test_a_record_body_reports_each_load_on_its_line_of_the_file_with_the_fix():
    body = "第一段。\n\n![现场](https://img.example.com/a.jpg)\n\n<iframe src='https://player.example.com/v/1'></iframe>\n"
    record, problems = check(body)
    assert record is None
    # ---, 3 keys, --- (line 5), a blank line; the body starts on line 7.
    assert [(p.line, p.field, p.is_error) for p in problems] == [(9, "正文", True), (11, "正文", True)]
    image, frame = problems
    assert "图片" in image.message and "img.example.com" in image.message
    assert "本记录所在的文件夹" in image.fix and "allowed_hosts" not in image.fix
    assert "player.example.com" in frame.message
    assert "allowed_hosts: [player.example.com]" in frame.fix and "mkdocs.yml" in frame.fix


def test_allowed_hosts_let_frames_and_scripts_through_but_never_images():
    settings = SiteSettings(now=SETTINGS.now, allowed_hosts=frozenset({"player.example.com"}))
    body = (
        "<iframe src='https://player.example.com/v/1'></iframe>\n"
        "<script src='https://player.example.com/api.js'></script>\n"
        "![封面](https://player.example.com/cover.jpg)\n"
        "<iframe src='https://other.example.com/v/1'></iframe>\n"
    )
    record, problems = check(body, settings)
    assert [(p.line, "player" in p.message) for p in problems] == [(9, True), (10, False)]


def test_hand_written_pages_are_checked_too_with_the_front_matter_left_alone():
    text = "---\ntitle: 加入我们\nlink: https://img.example.com/a.jpg\n---\n\n# 加入我们\n\n<img src='https://img.example.com/a.jpg'>\n"
    problems = check_page("culture/join.md", text, SETTINGS)
    assert [(p.line, p.field) for p in problems] == [(8, "正文")]
    assert "content/ 中本页旁边的文件夹" in problems[0].fix
    assert check_page("index.md", "![图](//img.example.com/a.jpg)\n", SETTINGS)[0].line == 1


def options(**changes):
    base = dict(timezone="Asia/Shanghai", types={"news": "支部动态"}, activities_dir="activities")
    return settings_from_options(**base, now=None, privacy_allow=[], preview=False, **changes)


def test_allowed_hosts_and_the_sites_own_host_are_read_from_the_options():
    settings = options(
        allowed_hosts=["Player.Example.com", "https://v.example.com/embed/"],
        site_url="https://a.example.cn/x/",
    )
    assert settings.allowed_hosts == {"player.example.com", "v.example.com"}
    assert settings.own_hosts == {"a.example.cn"}
    assert options().allowed_hosts == frozenset() and options().own_hosts == frozenset()


@pytest.mark.parametrize("entry", ["", "播放器", "https://", 12])
def test_an_allowed_host_that_is_no_host_name_is_a_settings_error(entry):
    with pytest.raises(SettingsError, match="allowed_hosts"):
        options(allowed_hosts=[entry])
