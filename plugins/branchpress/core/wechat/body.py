"""A record's body HTML made fit for the 公众号 editor.

The editor keeps no link that leaves WeChat, drops scripts, styles and forms, and
resets list styles. So, as Markdown-to-WeChat tools (doocs/md, mdnice) do, every
link outside mp.weixin.qq.com becomes its text with a numbered note, the notes
listed at the end; list markers become text; images point at the published
photo renditions by absolute URL (the editor fetches and re-hosts them).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from branchpress.core.imaging.views import PhotoView

WECHAT_HOST = "mp.weixin.qq.com"
# Elements the editor drops or that would load or run something: removed with their content.
_DROPPED = {
    "script",
    "style",
    "link",
    "meta",
    "base",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "noscript",
    "template",
    "source",
    "track",
}
# Anchors that only make sense on the site (MkDocs' heading permalinks, footnote back-links).
_SITE_ONLY_LINKS = {"headerlink", "footnote-backref"}


@dataclass(frozen=True)
class Note:
    number: int
    text: str
    url: str

    @property
    def shows_url_only(self) -> bool:
        """A bare URL written as its own link text is not repeated."""
        return self.text.strip() in ("", self.url)


@dataclass
class Notes:
    """The article's numbered notes; a URL linked twice keeps its first number."""

    items: list[Note] = field(default_factory=list)

    def add(self, text: str, url: str) -> int:
        for note in self.items:
            if note.url == url:
                return note.number
        note = Note(len(self.items) + 1, text, url)
        self.items.append(note)
        return note.number


@dataclass(frozen=True)
class Place:
    """Where a body is published, to resolve what it links: the record file and the site."""

    source: str  # the record's docs path
    page_url: str  # absolute URL of the record page
    site_url: str  # with a final slash
    photo_at: Callable[[str], PhotoView | None]  # docs path -> processed photo
    page_of: Callable[[str], str]  # docs path of a Markdown file -> its site-relative URL

    def docs_path(self, reference: str) -> str | None:
        """The docs path a relative reference names, or None when it leaves the docs folder."""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), reference))
        return None if path.startswith("../") or path == ".." else path

    def link_url(self, href: str) -> str:
        """An href as an absolute URL, the way the site resolves it."""
        parts = urlsplit(href)
        if parts.scheme or href.startswith("/"):
            return urljoin(self.page_url, href)
        path = self.docs_path(parts.path)
        if path is None:
            return urljoin(self.page_url, href)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if path.endswith(".md"):
            return urljoin(self.site_url, self.page_of(path)) + fragment
        photo = self.photo_at(path)
        return urljoin(self.site_url, photo.largest if photo else path) + fragment

    def image_url(self, src: str) -> str:
        """An image's absolute URL: a record photo's rendition (the JPEG the site's <img> loads)."""
        if urlsplit(src).scheme or src.startswith("/"):
            return urljoin(self.page_url, src)
        path = self.docs_path(urlsplit(src).path)
        photo = self.photo_at(path) if path else None
        if photo is not None:
            return urljoin(self.site_url, photo.fallback)
        return urljoin(self.site_url, path) if path else urljoin(self.page_url, src)


def prepare_body(html: str, place: Place, notes: Notes) -> str:
    """The body fit for the editor: links as notes, images absolute, lists with text markers."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    _drop_unsafe(root)
    for anchor in list(root.iter("a")):
        _relink(anchor, place, notes)
    for picture in list(root.iter("picture")):
        _unwrap(picture)
    for image in root.iter("img"):
        image.set("src", place.image_url(image.get("src", "")))
        for attribute in ("srcset", "sizes", "loading", "decoding", "fetchpriority"):
            image.attrib.pop(attribute, None)
    _figures(root)
    _list_markers(root)
    for element in root.iter("div"):
        element.tag = "section"  # the editor is at home with <section>; <div> is sometimes merged
    return _inner(root)


def _drop_unsafe(root) -> None:
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments and processing instructions
            if element.getparent() is not None:
                element.drop_tree()
            continue
        if element.tag in _DROPPED or _SITE_ONLY_LINKS & set(element.get("class", "").split()):
            element.drop_tree()
            continue
        for name in list(element.attrib):
            if name.lower().startswith("on"):
                del element.attrib[name]


def _relink(anchor, place: Place, notes: Notes) -> None:
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith("#"):
        _unwrap(anchor)
        return
    url = place.link_url(href)
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.hostname == WECHAT_HOST:
        anchor.attrib.clear()
        anchor.set("href", url)
        return
    shown = url.removeprefix("mailto:").removeprefix("tel:")
    number = notes.add(anchor.text_content().strip(), shown)
    marker = etree.Element("sup")
    marker.set("class", "note-ref")
    marker.text = f"[{number}]"
    anchor.addnext(marker)
    marker.tail, anchor.tail = anchor.tail, None
    _unwrap(anchor)


def _unwrap(element) -> None:
    """Keep an element's content, without the element (drop_tag keeps text and tail in place)."""
    element.drop_tag()


def _figures(root) -> None:
    """An image alone in its paragraph is a photo with its description below, as on the site."""
    for paragraph in list(root.iter("p")):
        children = list(paragraph)
        if len(children) != 1 or children[0].tag != "img":
            continue
        image = children[0]
        if (paragraph.text or "").strip() or (image.tail or "").strip():
            continue
        paragraph.tag = "figure"
        paragraph.text = image.tail = None
        paragraph.set("class", "photo")
        alt = image.get("alt", "").strip()
        if alt:
            caption = etree.SubElement(paragraph, "figcaption")
            caption.text = alt


def _list_markers(root) -> None:
    """List markers as text: the editor resets list-style, and numbers would vanish with it."""
    for listing in list(root.iter("ul", "ol")):
        depth = sum(1 for a in listing.iterancestors() if a.tag in ("ul", "ol"))
        start = int(listing.get("start", "1")) if listing.get("start", "1").isdigit() else 1
        for index, item in enumerate((c for c in listing if c.tag == "li"), start=start):
            marker = f"{index}. " if listing.tag == "ol" else ("• " if depth == 0 else "◦ ")
            _prefix(item, marker)


def _prefix(item, marker: str) -> None:
    target = item
    first = item[0] if len(item) else None
    if not (item.text or "").strip() and first is not None and first.tag == "p":
        target = first  # a loose list: the marker goes into its first paragraph
    span = etree.Element("span")
    span.set("class", "marker")
    span.text = marker
    span.tail = target.text
    target.text = None
    target.insert(0, span)


def _inner(root) -> str:
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
