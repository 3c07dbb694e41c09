"""Off-host content: what a page's rendered HTML makes a visitor's browser load from another host,
or run (core/site/page_loads.py), and how it is told on the line of the file that wrote it
(core/records/off_host.py). The Markdown is converted by Python-Markdown with the site's
extensions, as the build converts it. Real builds and `branchpress check` runs are in
tests/integration/test_off_host_builds.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import markdown
import pytest
from branchpress.core.records.off_host import off_host_problems
from branchpress.core.records.settings import SettingsError, SiteSettings, settings_from_options
from branchpress.core.site.page_loads import Load, page_loads

SETTINGS = SiteSettings(
    now=datetime(2025, 12, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    own_hosts=frozenset({"dangjian.example.cn"}),
)
SOURCE = "activities/2025/2025-03-05-x.md"
VALID = "title: 社区志愿服务\ndate: 2025-03-05\ntype: volunteer"
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]  # MkDocs + demo


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def loads(text: str) -> list[tuple[Load, str]]:
    return [(load.kind, load.host) for load in page_loads(rendered(text), "a/b/", SETTINGS.own_hosts)]


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


def problems_of(text: str, settings: SiteSettings = SETTINGS, *, body_line: int = 1, is_record=True):
    found = page_loads(rendered(text), "a/b/", settings.own_hosts)
    return off_host_problems(
        SOURCE, text, found, settings.allowed_hosts, body_line=body_line, is_record=is_record
    )


def test_a_record_body_reports_each_load_on_its_line_of_the_file_with_the_fix():
    text = f"---\n{VALID}\n---\n\n第一段。\n\n![现场](https://img.example.com/a.jpg)\n\n<iframe src='https://player.example.com/v/1'></iframe>\n"
    problems = problems_of(text, body_line=6)
    assert [(p.line, p.field, p.is_error) for p in problems] == [(9, "正文", True), (11, "正文", True)]
    image, frame = problems
    assert "图片" in image.message and "img.example.com" in image.message
    assert "本记录所在的文件夹" in image.fix and "allowed_hosts" not in image.fix
    assert "player.example.com" in frame.message
    assert "allowed_hosts: [player.example.com]" in frame.fix and "mkdocs.yml" in frame.fix


def test_allowed_hosts_let_frames_and_scripts_through_but_never_images_or_inline_scripts():
    settings = SiteSettings(now=SETTINGS.now, allowed_hosts=frozenset({"player.example.com"}))
    body = (
        "<iframe src='https://player.example.com/v/1'></iframe>\n"
        "<script src='https://player.example.com/api.js'></script>\n"
        "![封面](https://player.example.com/cover.jpg)\n\n"
        "<iframe src='https://other.example.com/v/1'></iframe>\n"
        "<script>player.start()</script>\n"
    )
    problems = problems_of(body, settings)
    assert [(p.line, "player.example.com" in p.message) for p in problems] == [
        (3, True),
        (5, False),
        (6, False),
    ]


def test_a_page_is_told_to_keep_its_files_beside_it_and_the_front_matter_is_not_taken_for_the_body():
    text = "---\ntitle: 加入我们\nlink: https://img.example.com/a.jpg\n---\n\n# 加入我们\n\n<img src='https://img.example.com/a.jpg'>\n"
    problems = problems_of(text, body_line=5, is_record=False)
    assert [(p.line, p.field) for p in problems] == [(8, "正文")]
    assert "content/ 中本页旁边的文件夹" in problems[0].fix


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


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<img src="ht\ttps://x.example.com/a.png">', Load.IMAGE),  # a tab the browser drops
        ('<img src="https:\\\\x.example.com/a.png">', Load.IMAGE),
        ('<img src="\\\\x.example.com/a.png">', Load.IMAGE),
        ('<img src=" &#104;ttps://x.example.com/a.png">', Load.IMAGE),
        ("<!-- a --!><img src=//x.example.com/a.png>", Load.IMAGE),
        ("<svg><use xlink:href='https://x.example.com/s.svg#i'/></svg>", Load.IMAGE),
        ("<p style=background:url(https://x.example.com/a.png)>x</p>", Load.IMAGE),
        ("<style>p { background: image-set('https://x.example.com/a.png' 1x) }</style>", Load.STYLESHEET),
        ('<link rel="dns-prefetch" href="//x.example.com">', Load.CONNECTION),
        ('<link rel="modulepreload" href="https://x.example.com/m.js">', Load.SCRIPT),
        (
            '<iframe srcdoc="&lt;script src=https://x.example.com/a.js&gt;&lt;/script&gt;"></iframe>',
            Load.SCRIPT,
        ),
    ],
)
def test_html_spellings_resolve_to_the_host_the_browser_fetches(html, kind):
    assert [(load.kind, load.host) for load in page_loads(html, "a/", SETTINGS.own_hosts)] == [
        (kind, "x.example.com")
    ]


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ("<script>var _hmt = _hmt || [];</script>", Load.INLINE_SCRIPT),
        ('<svg><script href="a.js"></script></svg>', None),  # a file of the site: not inline
        ("<img src=x onerror=alert(1)>", Load.HANDLER),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', Load.SCRIPT_LINK),
        ('<base href="/">', Load.BASE),
        ('<meta http-equiv="REFRESH" content="0">', Load.REFRESH),
        ('<script type="application/ld+json">{}</script>', None),
    ],
)
def test_scripts_base_and_refresh_are_refused_wherever_they_point(html, kind):
    found = [load.kind for load in page_loads(html, "a/", SETTINGS.own_hosts)]
    assert found == ([kind] if kind else [])
