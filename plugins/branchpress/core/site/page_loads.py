"""What a page's rendered HTML makes a visitor's browser fetch from another host, or run.

Staff paste what they find: `![现场](https://img.example.com/a.jpg)` from a news site, the
`<iframe>` a video site offers, a counter's 统计代码. Each builds fine and then every visitor's
browser fetches from that host (blocked or slow in mainland China, and a third party learns
who reads the page), or runs a script on the site's origin. DESIGN: "No page makes a request
to another host (links the reader clicks are fine)".

The rule reads the HTML Markdown produced, not the Markdown: what a browser acts on is the
HTML, and every spelling that once slipped past a scan of the source (entities, a tab inside
`https`, backslashes, `--!>` ending a comment, attr_list's `{: src=… }`, an indented reference
definition) is gone once the HTML is parsed the way a browser parses it:
- selectolax (lexbor) is an HTML5-conformant parser: comments, `<image>` read as `<img>`,
  entities in attribute values and SVG's foreign content come out as in a browser; it is also
  fast enough to run over every page of every build (html5lib, as exact, is ~50x slower);
- ada-url resolves each URL against the page's address by the WHATWG URL standard (tabs and
  newlines removed, backslashes as slashes, `//host`), so the host found is the host fetched;
- tinycss2 tokenizes inline `style=` and `<style>` blocks, so `url(…)` unquoted, `image-set()`
  and `@import` are read as CSS reads them.

Scripts written into a page (inline `<script>`, `on…=` handlers, `javascript:` links), `<base>`
(it re-points every relative URL, Material's own bundle included) and `<meta http-equiv=refresh>`
are refused outright: BranchPress pages need none, and the 统计代码 pasted that way adds its
host only when it runs. A frame or a script file from a host listed in `allowed_hosts` is let
through (a video player the branch decided to trust).
"""

from __future__ import annotations

import enum
import urllib.parse
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import ada_url
import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode


class Load(enum.Enum):
    """What the browser does, as staff are told; the kind decides the way out."""

    IMAGE = "图片"
    MEDIA = "音视频"
    FRAME = "内嵌网页（iframe 等）"
    SCRIPT = "脚本"
    STYLESHEET = "样式"
    CONNECTION = "预先连接或预取（<link rel=…>）"
    INLINE_SCRIPT = "网页里直接写的脚本（<script>）"
    HANDLER = "事件脚本属性（onerror=、onclick= 等）"
    SCRIPT_LINK = "javascript: 链接"
    BASE = "<base> 标签"
    REFRESH = "自动跳转（<meta http-equiv=refresh>）"

    @property
    def may_be_allowed(self) -> bool:
        """Frames and script files may come from a host the branch trusts; nothing else may."""
        return self in (Load.FRAME, Load.SCRIPT)

    @property
    def always_refused(self) -> bool:
        """Refused wherever it points: it runs code or re-points the page."""
        return self in (Load.INLINE_SCRIPT, Load.HANDLER, Load.SCRIPT_LINK, Load.BASE, Load.REFRESH)


@dataclass(frozen=True)
class PageLoad:
    kind: Load
    host: str  # the other host, or "" for a kind refused wherever it points
    # Text to look for in the source to tell the line: the host, the attribute, the tag.
    needles: tuple[str, ...]


# Elements and the attributes whose URL the browser fetches as the page loads.
_FETCHED: dict[str, tuple[Load, tuple[str, ...]]] = {
    "img": (Load.IMAGE, ("src", "srcset")),
    "image": (Load.IMAGE, ("href", "xlink:href", "src")),  # SVG's <image>
    "feimage": (Load.IMAGE, ("href", "xlink:href")),
    "use": (Load.IMAGE, ("href", "xlink:href")),
    "source": (Load.MEDIA, ("src", "srcset")),  # in <picture> an image, in <video> a clip
    "video": (Load.MEDIA, ("src", "poster")),
    "audio": (Load.MEDIA, ("src",)),
    "track": (Load.MEDIA, ("src",)),
    "iframe": (Load.FRAME, ("src",)),
    "frame": (Load.FRAME, ("src",)),
    "embed": (Load.FRAME, ("src",)),
    "object": (Load.FRAME, ("data", "codebase")),
    "script": (Load.SCRIPT, ("src", "href", "xlink:href")),
}
# <link> relations that fetch, or open a connection, without a click.
_LINK_KINDS = {
    "stylesheet": Load.STYLESHEET,
    "preload": Load.CONNECTION,
    "prefetch": Load.CONNECTION,
    "preconnect": Load.CONNECTION,
    "dns-prefetch": Load.CONNECTION,
    "prerender": Load.CONNECTION,
    "modulepreload": Load.SCRIPT,
    "import": Load.SCRIPT,
    "icon": Load.IMAGE,
    "shortcut": Load.IMAGE,
    "apple-touch-icon": Load.IMAGE,
    "apple-touch-icon-precomposed": Load.IMAGE,
    "mask-icon": Load.IMAGE,
    "manifest": Load.CONNECTION,
}
# Attributes that navigate on a click: fine to another host, never to javascript:.
_CLICKED = ("href", "xlink:href", "action", "formaction", "src", "data")
# <script type=…> that the browser keeps as data and never runs.
_DATA_SCRIPTS = {"application/json", "application/ld+json", "text/plain", "text/template"}
_URL_FUNCTIONS = {"url", "image-set", "-webkit-image-set", "src", "image"}
_NO_HOST = "branchpress.invalid"


def page_loads(html: str, page_url: str, own_hosts: Collection[str]) -> list[PageLoad]:
    """Everything in a page body that loads from another host or runs a script, in page order.

    `page_url` is the page's path on the site (`activities/2025/03/x/`); relative URLs resolve
    against it, so they are the site's own."""
    own = sorted(own_hosts)
    base = f"https://{own[0] if own else _NO_HOST}/{page_url.lstrip('/')}"
    found: list[PageLoad] = []
    _scan(LexborHTMLParser(html), base, {*own_hosts, _NO_HOST}, found)
    return list(dict.fromkeys(found))


def _scan(tree: LexborHTMLParser, base: str, own: set[str], found: list[PageLoad]) -> None:
    def url_load(kind: Load, value: str, needle: str) -> None:
        host = _other_host(value, base, own)
        if host:
            found.append(PageLoad(kind, host, (value.strip(), host, needle)))

    for node in _elements(tree):
        tag = node.tag.lower()
        attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
        for name in attributes:
            if name.startswith("on"):
                found.append(PageLoad(Load.HANDLER, "", (f"{name}=", name)))
        for name in _CLICKED:
            if name in attributes and _is_script_url(attributes[name]):
                found.append(PageLoad(Load.SCRIPT_LINK, "", ("javascript:", attributes[name].strip(), f"{name}=")))
        if tag in _FETCHED:
            kind, names = _FETCHED[tag]
            for name in names:
                for value in _urls_of(name, attributes.get(name)):
                    url_load(kind, value, f"{name}=")
        if tag == "link":
            rels = attributes.get("rel", "").lower().split()
            kinds = [_LINK_KINDS[rel] for rel in rels if rel in _LINK_KINDS]
            for kind in kinds[:1]:
                for value in [attributes.get("href", ""), *_srcset(attributes.get("imagesrcset", ""))]:
                    if value:
                        url_load(kind, value, "<link")
        if tag == "input" and attributes.get("type", "").lower() == "image":
            url_load(Load.IMAGE, attributes.get("src", ""), "src=")
        if "background" in attributes:
            url_load(Load.IMAGE, attributes["background"], "background=")
        if "style" in attributes:
            for value in _css_urls(attributes["style"], inline=True):
                url_load(Load.IMAGE, value, "style=")
        if tag == "style":
            for value in _css_urls(node.text(deep=True)):
                url_load(Load.STYLESHEET, value, "<style")
        if tag == "script" and not {"src", "href", "xlink:href"} & attributes.keys():
            kind = attributes.get("type", "").strip().lower()
            if kind not in _DATA_SCRIPTS:
                first = next((line.strip() for line in node.text(deep=True).splitlines() if line.strip()), "")
                found.append(PageLoad(Load.INLINE_SCRIPT, "", (first[:40], "<script")))
        if tag == "base":
            found.append(PageLoad(Load.BASE, "", ("<base",)))
        if tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
            found.append(PageLoad(Load.REFRESH, "", ("refresh",)))
        if tag == "iframe" and attributes.get("srcdoc"):
            # The frame's document is HTML of its own, on this site's origin: the same rule.
            _scan(LexborHTMLParser(attributes["srcdoc"]), base, own, found)


def _elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    root = tree.root
    if root is None:
        return
    for node in root.traverse(include_text=False):
        if node.tag and not node.tag.startswith("-"):  # not comments or the document itself
            yield node


def _urls_of(name: str, value: str | None) -> list[str]:
    if not value:
        return []
    return _srcset(value) if name.endswith("srcset") else [value]


def _srcset(value: str) -> list[str]:
    """The URLs of a srcset: candidates split on commas, each URL before its descriptor."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def other_host(url: str, own_hosts: Collection[str]) -> str:
    """The other host an absolute URL loads from, or "" for this site's own or a relative URL."""
    own = sorted(own_hosts)
    return _other_host(url, f"https://{own[0] if own else _NO_HOST}/", {*own_hosts, _NO_HOST})


def _other_host(value: str, base: str, own: set[str]) -> str:
    """The host a URL makes the browser fetch from, when it is not this site; else ""."""
    try:
        resolved = ada_url.URL(ada_url.join_url(base, value))
    except ValueError:
        return ""  # a URL a browser cannot parse fetches nothing
    if resolved.protocol not in ("http:", "https:", "ftp:", "ws:", "wss:"):
        return ""  # data:, blob:, about: … load nothing from a host
    host = resolved.hostname.lower().strip("[]")
    return "" if not host or host in own else host


def _is_script_url(value: str) -> bool:
    try:
        return ada_url.URL(value).protocol in ("javascript:", "vbscript:")
    except ValueError:
        return False  # a relative URL


def _css_urls(css: str, inline: bool = False) -> list[str]:
    """Every URL a piece of CSS fetches: url(), image-set()/src() strings and @import."""
    if inline:
        nodes = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    urls: list[str] = []

    def walk(tokens, in_function: bool) -> None:
        for token in tokens or ():
            kind = getattr(token, "type", "")
            if kind == "url":
                urls.append(token.value)
            elif kind == "string" and in_function:
                urls.append(token.value)
            elif kind == "function":
                walk(token.arguments, token.lower_name in _URL_FUNCTIONS)
            elif kind in ("() block", "[] block", "{} block"):
                walk(token.content, False)
            elif kind in ("declaration",):
                walk(token.value, False)
            elif kind in ("qualified-rule", "at-rule"):
                walk(token.prelude, kind == "at-rule" and token.lower_at_keyword == "import")
                if token.content is not None:
                    inner = tinycss2.parse_blocks_contents(token.content, skip_comments=True)
                    walk(inner, False)

    walk(nodes, False)
    return urls


_LINKING = ("href", "src", "srcset", "data", "poster", "xlink:href", "background", "imagesrcset")


def local_targets(html: str, page_url: str) -> set[str]:
    """The site paths (`culture/签到表.csv`) a page body links or loads: what it needs published."""
    base = f"https://{_NO_HOST}/{page_url.lstrip('/')}"
    found: set[str] = set()
    for node in _elements(LexborHTMLParser(html)):
        for name, value in node.attributes.items():
            name = name.lower()
            if name not in _LINKING or not value:
                continue
            for url in _srcset(value) if name.endswith("srcset") else [value]:
                try:
                    resolved = ada_url.URL(ada_url.join_url(base, url))
                except ValueError:
                    continue
                if resolved.hostname == _NO_HOST:
                    found.add(urllib.parse.unquote(resolved.pathname).lstrip("/"))
    return found
