"""Every spelling that once slipped past the off-host check (issue 23) stops a real build and
`branchpress check`: the rule reads each page's rendered HTML as a browser reads it
(core/site/page_loads.py), so each family below is reported on the line that wrote it, with
the fix, all of them in one run, and no page is written.

One site holds one page per family, built once for the module; each family is its own case.
"""

from __future__ import annotations

import pytest
from helpers.cli import problem_lines, run_cli
from helpers.sites import SiteBuilder

EVIL = "evil.example.com"
IMG = "图片要从另一个网站 evil.example.com 加载"
SCRIPT = "网页里直接写的脚本"
HANDLER = "事件脚本属性"
BAIDU = """<script>
var _hmt = _hmt || [];
(function() {
  var hm = document.createElement("script");
  hm.src = "https://hm.baidu.com/hm.js?0123456789abcdef";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
</script>"""

# (page name, payload, line of the file it is reported on, what the message says)
FAMILIES = [
    ("baidu-tongji", BAIDU, 6, SCRIPT),
    ("onerror", '<img src="data:," onerror="alert(document.domain)">', 5, HANDLER),
    ("onclick", '<p onclick="steal()">点这里报名</p>', 5, HANDLER),
    ("javascript-link", "[报名表](javascript:alert(1))", 5, "javascript: 链接"),
    ("javascript-entity", '<a href="jav&#x09;ascript:alert(1)">报名</a>', 5, "javascript: 链接"),
    ("base-href", '<base href="https://evil.example.com/">', 5, "<base> 标签"),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0; url=https://evil.example.com/">',
        5,
        "自动带到别处",
    ),
    ("entity-scheme", '<img src="&#104;ttps://evil.example.com/a.png">', 5, IMG),
    # Markdown expands a typed tab to spaces (a relative URL then); written as an entity it stays a tab.
    ("tab-in-https", '<img src="ht&#9;tps://evil.example.com/a.png">', 5, IMG),
    ("newline-in-https", '<img src="https:&#10;//evil.example.com/a.png">', 5, IMG),
    ("backslash-host", '<img src="\\\\evil.example.com/a.png">', 5, IMG),
    ("backslash-scheme", '<img src="https:\\\\evil.example.com/a.png">', 5, IMG),
    ("bang-comment", '<!-- 旧图 --!><img src="https://evil.example.com/a.png"><!-- -->', 5, IMG),
    ("attr-list-src", '![图](logo.png){: src="https://evil.example.com/a.png" }', 5, IMG),
    ("attr-list-srcset", '![图](logo.png){: srcset="https://evil.example.com/a.png 2x" }', 5, IMG),
    ("indented-reference", "- 现场：\n\n    ![图][p]\n\n    [p]: https://evil.example.com/a.png", 9, IMG),
    ("svg-image", '<svg width="10" height="10"><image href="https://evil.example.com/a.png"/></svg>', 5, IMG),
    ("svg-use", '<svg width="10" height="10"><use href="https://evil.example.com/s.svg#i"/></svg>', 5, IMG),
    ("image-tag", "<image src=https://evil.example.com/a.png>", 5, IMG),
    ("unquoted-style-url", "<p style=background:url(https://evil.example.com/a.png)>活动</p>", 5, IMG),
    (
        "image-set",
        "<p style=\"background-image: image-set('https://evil.example.com/a.png' 1x)\">活动</p>",
        5,
        IMG,
    ),
    (
        "background-attribute",
        '<table background="https://evil.example.com/a.png"><tr><td>表</td></tr></table>',
        5,
        IMG,
    ),
    ("link-preconnect", '<link rel="preconnect" href="https://evil.example.com">', 5, "预先连接"),
    ("link-prerender", '<link rel="prerender" href="https://evil.example.com/p">', 5, "预先连接"),
    ("link-apple-touch-icon", '<link rel="apple-touch-icon" href="https://evil.example.com/i.png">', 5, IMG),
    ("iframe-srcdoc", '<iframe srcdoc="<img src=https://evil.example.com/a.png>"></iframe>', 5, IMG),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = SiteBuilder(tmp_path_factory.mktemp("bypasses") / "site-src")
    site.config["markdown_extensions"] = ["attr_list", "md_in_html"]
    site.write_bytes("culture/logo.png", b"")  # attr_list's own src= replaces it
    for name, payload, _, _ in FAMILIES:
        site.write(f"culture/{name}.md", "")
        (site.root / "content" / "culture" / f"{name}.md").write_text(
            f"# 活动\n\n说明。\n\n{payload}\n\n后文。\n", encoding="utf-8"
        )
    return site, site.build()


@pytest.mark.parametrize(("name", "payload", "line", "said"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_spelling_stops_the_build_on_its_line_with_the_fix(built, name, payload, line, said):
    site, result = built
    assert result.returncode == 1 and "Traceback" not in result.output, result.output
    mine = [row for row in result.output.splitlines() if f"culture/{name}.md " in row]
    assert mine, f"{name} passed:\n{result.output}"
    assert f"culture/{name}.md 第 {line} 行，字段 正文：" in mine[0], mine
    assert said in mine[0] and "修改方法：" in mine[0], mine
    assert not (site.root / "site" / "culture" / name / "index.html").exists()


def test_all_spellings_in_one_run_and_check_says_the_same(built):
    site, result = built
    assert f"内容检查发现 {len(FAMILIES)} 个错误" in result.output, result.output
    checked = run_cli(site, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert problem_lines(checked.stdout) == problem_lines(result.output)


def test_materials_own_pages_and_a_plain_link_to_another_host_build(site: SiteBuilder):
    site.write("culture/ok.md", f"# 活动\n\n[原文]({'https://' + EVIL}/a)\n\n![标志](logo.png)\n")
    site.write_bytes("culture/logo.png", b"")
    result = site.build()
    assert result.returncode == 0, result.output
    assert result.html("culture/ok/").select_one(f'a[href="https://{EVIL}/a"]') is not None
