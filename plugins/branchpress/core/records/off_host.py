"""Content that would make every visitor's browser load something from another host.

Staff paste what they find: `![现场](https://img.example.com/a.jpg)` from a news site,
the `<iframe>` a video site offers, a counter's `<script>`. Each builds fine and then
every visitor's browser fetches from that host: blocked or slow in mainland China,
and a third party learns who reads the page (docs/architecture.md, Nothing loads from
another host). So a record body or a hand-written page that loads an image, a
frame, a script or a stylesheet from another host is an error, on its line, with
the way out: an image is saved beside the page; a frame or script is removed, or
its host allowed in mkdocs.yml (a video player the branch decided to trust).
Links a reader clicks are fine, and so is text inside code, which is only shown.

The Markdown source is read, not the rendered page, so `branchpress check` finds
the same problems as the build without rendering anything.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from branchpress.core.problems import Problem


class Load(enum.Enum):
    """What the browser fetches, as staff are told; a kind decides the way out."""

    IMAGE = "图片"
    MEDIA = "音视频"
    FRAME = "内嵌网页（iframe 等）"
    SCRIPT = "脚本"
    STYLESHEET = "样式"

    @property
    def may_be_allowed(self) -> bool:
        """Frames and scripts may come from a host the branch trusts; pictures are saved locally."""
        return self in (Load.FRAME, Load.SCRIPT)


@dataclass(frozen=True)
class OffHostLoad:
    kind: Load
    host: str
    start: int  # position in the text that was scanned


# Code is shown, never loaded: fenced blocks, inline code spans and HTML comments are blanked
# (newlines kept, so positions and lines stay those of the file).
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)

_MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)")
_MD_IMAGE_REF = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[([^\]]*)\])?")
_MD_DEFINITION = re.compile(r"^[ \t]{0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*<?(\S+?)>?(?=\s|$)", re.M)
_TAG = re.compile(
    r"<(img|iframe|frame|embed|object|script|video|audio|source|track|input|link)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.I,
)
_ATTRIBUTE = re.compile(r"([^\s=\"'/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)(?:</style\s*>|\Z)", re.I | re.S)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)

_TAG_KINDS = {
    "img": Load.IMAGE,
    "input": Load.IMAGE,  # <input type=image src=...>
    "video": Load.MEDIA,
    "audio": Load.MEDIA,
    "source": Load.MEDIA,  # in <picture> an image, in <video> a clip: saved locally either way
    "track": Load.MEDIA,
    "iframe": Load.FRAME,
    "frame": Load.FRAME,
    "embed": Load.FRAME,
    "object": Load.FRAME,
    "script": Load.SCRIPT,
    "link": Load.STYLESHEET,
}
_URL_ATTRIBUTES = ("src", "data", "poster", "href")
# <link> elements that make the browser fetch (rel=alternate, canonical, author... do not).
_FETCHING_LINKS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "manifest", "import"}


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _shown_only(text: str) -> str:
    """The text with code and comments blanked out, same length and lines."""
    for pattern in (_FENCE, _COMMENT, _CODE_SPAN):
        text = pattern.sub(_blank, text)
    return text


def off_host(url: str, own_hosts: Collection[str]) -> str | None:
    """The other host a URL loads from (lower case), or None for this site or a relative URL."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    elif not url.lower().startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or host in own_hosts:
        return None
    return host


def find_off_host_loads(text: str, own_hosts: Collection[str] = ()) -> list[OffHostLoad]:
    """Everything in a Markdown text that a browser would load from another host, in order."""
    if "//" not in text:
        return []  # no absolute URL at all: most records
    shown = _shown_only(text)
    found: list[OffHostLoad] = []

    def add(kind: Load, url: str, start: int) -> None:
        host = off_host(url, own_hosts)
        if host is not None:
            found.append(OffHostLoad(kind, host, start))

    for match in _MD_IMAGE.finditer(shown):
        add(Load.IMAGE, match.group(1), match.start())
    definitions = {_label(m.group(1)): m.group(2) for m in _MD_DEFINITION.finditer(shown)}
    if definitions:
        for match in _MD_IMAGE_REF.finditer(shown):
            if shown[match.end() : match.end() + 1] == "(":
                continue  # an inline image, found above
            url = definitions.get(_label(match.group(2) or match.group(1)))
            if url is not None:
                add(Load.IMAGE, url, match.start())
    for match in _TAG.finditer(shown):
        name, attributes = match.group(1).lower(), _attributes(match.group(2))
        kind = _TAG_KINDS[name]
        if name == "link" and not _FETCHING_LINKS & set(attributes.get("rel", "").lower().split()):
            continue
        if name == "input" and attributes.get("type", "").lower() != "image":
            continue
        for attribute in _URL_ATTRIBUTES:
            if attribute in attributes and (attribute != "href" or name == "link"):
                add(kind, attributes[attribute], match.start())
        for candidate in attributes.get("srcset", "").split(","):
            if candidate.strip():
                add(kind, candidate.split()[0], match.start())
    for match in re.finditer(r"\bstyle\s*=\s*(\"[^\"]*\"|'[^']*')", shown, re.I):
        for url in _CSS_URL.finditer(match.group(1)):
            add(Load.IMAGE, url.group(1), match.start())
    for block in _STYLE_BLOCK.finditer(shown):
        for url in _CSS_URL.finditer(block.group(1)):
            add(Load.STYLESHEET, url.group(1), block.start())
    unique = {(load.start, load.kind, load.host): load for load in found}
    return sorted(unique.values(), key=lambda load: load.start)


def _label(text: str) -> str:
    """Markdown reference labels match case-insensitively, with whitespace collapsed."""
    return " ".join(text.split()).lower()


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((group for group in match.groups()[1:] if group is not None), "")
        found.setdefault(name, value)
    return found


def off_host_problems(
    source: str,
    text: str,
    first_line: int,
    own_hosts: Collection[str],
    allowed_hosts: Collection[str],
    *,
    is_record: bool,
) -> list[Problem]:
    """A Problem (field 正文) for every off-host load in `text`, which starts on `first_line`
    of `source`; frames and scripts from `allowed_hosts` are let through."""
    problems = []
    for load in find_off_host_loads(text, own_hosts):
        if load.kind.may_be_allowed and load.host in allowed_hosts:
            continue
        line = first_line + text.count("\n", 0, load.start)
        problems.append(Problem(source, line, "正文", _message(load), _fix(load, is_record)))
    return problems


def _message(load: OffHostLoad) -> str:
    return (
        f"这里的{load.kind.value}要从另一个网站 {load.host} 加载：每位访客打开页面时，浏览器都会去那里取"
        "（在国内可能被拦截或很慢，对方也能记录谁在看）。"
    )


def _fix(load: OffHostLoad, is_record: bool) -> str:
    folder = "本记录所在的文件夹（例如 photos/ 里）" if is_record else "content/ 中本页旁边的文件夹"
    if load.kind is Load.IMAGE:
        return f"把图片下载保存到{folder}，再用相对路径引用，例如 ![现场照片](photos/现场.jpg)。"
    if load.kind is Load.MEDIA:
        return f"把文件下载保存到{folder}并用相对路径引用，或者删掉它、改成一个供读者点击的链接。"
    if load.kind is Load.STYLESHEET:
        return "删掉它：网站的样式写在 theme/ 文件夹的样式表里，不从别的网站加载。"
    return (
        f"删掉它，或改成一个供读者点击的链接。如果支部确实信任这个网站（例如视频播放器），"
        f"把它加进 mkdocs.yml 中 branchpress/records 的 allowed_hosts 列表，例如 allowed_hosts: [{load.host}]。"
    )
