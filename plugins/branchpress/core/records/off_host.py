"""Off-host loads and scripts found in a page's rendered HTML (core/site/page_loads.py), told
to staff as problems on the line of the record or page file that wrote them, with the fix.

The rule reads the HTML, so the line is found by looking for what was written: the other
host's name, the attribute (`onerror=`) or the tag (`<base`). A spelling that hides even that
(the host written with entities) is reported on the first line of the body.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from branchpress.core.problems import Problem
from branchpress.core.site.page_loads import Load, PageLoad

BODY = "正文"


def off_host_problems(
    source: str,
    source_text: str,
    loads: Iterable[PageLoad],
    allowed_hosts: Collection[str],
    *,
    body_line: int = 1,
    is_record: bool,
) -> list[Problem]:
    """A Problem (field 正文) for every load of a page, on the line of `source_text` (the file
    as written) that holds it; frames and scripts from `allowed_hosts` are let through."""
    lines = source_text.replace("\r\n", "\n").split("\n")
    problems: dict[tuple[int, Load, str], Problem] = {}
    for load in loads:
        if load.kind.may_be_allowed and load.host in allowed_hosts:
            continue
        line = _line_of(lines, load.needles, body_line)
        key = (line, load.kind, load.host)
        problems.setdefault(key, Problem(source, line, BODY, _message(load), _fix(load, is_record)))
    return list(problems.values())


def _line_of(lines: list[str], needles: tuple[str, ...], body_line: int) -> int:
    """The first body line holding the most telling needle (they come most telling first)."""
    for needle in needles:
        needle = needle.strip().lower()
        if not needle:
            continue
        for number, text in enumerate(lines[body_line - 1 :], body_line):
            if needle in text.lower():
                return number
    return body_line


def _message(load: PageLoad) -> str:
    if load.kind is Load.BASE:
        return "这里的 <base> 标签会改变页面上所有相对链接的指向（连网站自己的样式和脚本也会从别处加载）。"
    if load.kind is Load.REFRESH:
        return "这里的 <meta http-equiv=refresh> 会让访客一打开页面就被自动带到别处。"
    if load.kind.always_refused:
        return (
            f"这里有{load.kind.value}：访客打开页面时它会在本网站上运行"
            "（统计代码就是这样在运行时从别的网站加载、记录谁在看的）。"
        )
    return (
        f"这里的{load.kind.value}要从另一个网站 {load.host} 加载：每位访客打开页面时，浏览器都会去那里取"
        "（在国内可能被拦截或很慢，对方也能记录谁在看）。"
    )


def _fix(load: PageLoad, is_record: bool) -> str:
    folder = "本记录所在的文件夹（例如 photos/ 里）" if is_record else " content/ 中本页旁边的文件夹"
    if load.kind is Load.IMAGE:
        return f"把图片下载保存到{folder}，再用相对路径引用，例如 ![现场照片](photos/现场.jpg)。"
    if load.kind is Load.MEDIA:
        return f"把文件下载保存到{folder}并用相对路径引用，或者删掉它、改成一个供读者点击的链接。"
    if load.kind in (Load.STYLESHEET, Load.CONNECTION):
        return "删掉它：网站的样式和字体都在网站自己里面（theme/ 文件夹），不从别的网站加载。"
    if load.kind is Load.BASE:
        return "删掉这个 <base> 标签；要链接到别处，直接写完整的链接地址即可。"
    if load.kind is Load.REFRESH:
        return "删掉这个 <meta> 标签，改成一个供读者点击的链接，例如 [前往新页面](https://…)。"
    if load.kind is Load.SCRIPT_LINK:
        return "删掉这个链接，或改成指向一个网页地址（https://…）的普通链接。"
    if load.kind.always_refused:
        return (
            "删掉它：本网站的页面不运行自己写入的脚本，网站也不使用第三方统计代码（访问情况可看服务器日志）。"
        )
    return (
        f"删掉它，或改成一个供读者点击的链接。如果支部确实信任这个网站（例如视频播放器），"
        f"把它加进 mkdocs.yml 中 branchpress/records 的 allowed_hosts 列表，例如 allowed_hosts: [{load.host}]。"
    )
