"""Which files of content/ other than pages reach the site: only what a published page needs.

MkDocs copies every file of the docs folder into the site. For a branch that is how a sign-in
sheet (`签到表.csv`, names and mobiles) lying beside a draft, a culture page's phone photo with
its GPS position, or an `.svg` whose `<script>` runs on the site's origin get published. So a
file is published only when a published page links or shows it (or mkdocs.yml names it, as the
logo); a photo then without its metadata; HTML files are refused (a page is written in
Markdown), an SVG only when it holds nothing that runs or loads; and a symbolic link that
leads outside content/ is refused, so that nothing outside the site's folder is published.
Scripts, stylesheets and fonts are the site's own assets and are left as they are.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from branchpress.core.problems import Problem

# Every extension a photo arrives with: phones (.heic), Windows saving WeChat images (.jfif).
PHOTO_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".jpe",
        ".jfif",
        ".png",
        ".webp",
        ".avif",
        ".heic",
        ".heif",
        ".gif",
        ".tif",
        ".tiff",
        ".bmp",
    }
)
MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"})
ASSET_SUFFIXES = frozenset({".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico"})
_SVG_LOADING = ("href", "{http://www.w3.org/1999/xlink}href", "src")


class Decision(enum.Enum):
    PUBLISH = "publish"
    STRIP = "publish without metadata"
    DROP = "not published"


@dataclass(frozen=True)
class ContentFile:
    path: str  # relative to content/, as in problems
    url: str  # where the site serves it, unquoted
    outside: bool  # a symbolic link leading outside content/


def screen(
    files: list[ContentFile], needed: set[str], read: Callable[[str], bytes]
) -> tuple[dict[str, Decision], list[Problem]]:
    """What becomes of each file, and the problems: `needed` holds the site paths published pages
    link or mkdocs.yml names; `read(path)` gives a file's bytes (for SVG screening)."""
    decisions: dict[str, Decision] = {}
    problems: list[Problem] = []
    for file in files:
        suffix = "." + file.path.rsplit(".", 1)[-1].lower() if "." in file.path else ""
        if file.outside:
            problems.append(
                Problem(
                    file.path,
                    None,
                    None,
                    "这个文件是一个指向 content/ 文件夹之外的快捷方式（符号链接）：网站只发布 content/ 里的文件。",
                    "把它指向的文件本身复制到 content/ 里这个位置（删掉快捷方式），或者删掉它。",
                )
            )
            decisions[file.path] = Decision.DROP
        elif suffix in ASSET_SUFFIXES:
            decisions[file.path] = Decision.PUBLISH
        elif file.url not in needed and file.path not in needed:
            decisions[file.path] = Decision.DROP  # no published page needs it
        elif suffix in MARKUP_SUFFIXES:
            problems.append(
                Problem(
                    file.path,
                    None,
                    None,
                    "网页文件（.html）会原样发布，其中的脚本会在本网站上运行，也不经过任何内容检查。",
                    "把内容写成 Markdown 页面（.md），或把它另存为 PDF 再链接；然后删掉这个 .html 文件。",
                )
            )
            decisions[file.path] = Decision.DROP
        elif suffix == ".svg":
            found = svg_problems(file.path, read(file.path))
            problems += found
            decisions[file.path] = Decision.DROP if found else Decision.PUBLISH
        elif suffix in PHOTO_SUFFIXES:
            decisions[file.path] = Decision.STRIP
        else:
            decisions[file.path] = Decision.PUBLISH  # a PDF or a sheet a published page links
    return decisions, problems


def svg_problems(path: str, data: bytes) -> list[Problem]:
    """An SVG opened on its own runs its scripts on the site's origin: it may hold none, no
    event attribute, no embedded HTML, and load nothing but its own fragments and data: URLs."""
    fix = "用图片软件把它导出为 PNG 再引用；或去掉其中的脚本、事件属性和外部链接后再放回。"
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        )
    except etree.XMLSyntaxError as error:
        return [Problem(path, error.lineno, None, "这个 SVG 文件无法解析，不能检查其中有没有脚本。", fix)]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        name = etree.QName(element).localname.lower()
        why = None
        if name in ("script", "foreignobject", "iframe", "embed", "object"):
            why = f"<{name}> 元素"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                why = why or f"事件属性 {local}="
            if attribute in _SVG_LOADING and not value.strip().startswith(("#", "data:")):
                why = why or f"外部链接 {value.strip()[:60]}"
        if why:
            return [
                Problem(
                    path,
                    element.sourceline,
                    None,
                    f"这个 SVG 文件里有{why}：单独打开它时会在本网站上运行或从别处加载。",
                    fix,
                )
            ]
    return []
