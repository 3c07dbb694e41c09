"""One published record as a 公众号 article: built from its public view, styled inline.

The article is rendered from an overridable Jinja template whose <style> holds the
brand's look; css-inline then writes every rule into `style` attributes (the
editor drops <style>, classes and ids), and classes and ids are stripped.
Everything the article says comes from the public view of the record (withheld
volunteers are 志愿者), never from the record as written.
"""

from __future__ import annotations

import html as html_escape
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import css_inline
import lxml.html
from jinja2 import Template
from markupsafe import Markup

from branchpress.core.brand.colour import WHITE, Palette, mix
from branchpress.core.imaging.views import PhotoView
from branchpress.core.problems import Problem
from branchpress.core.records.model import Record, Status
from branchpress.core.site.context import record_facts
from branchpress.core.text import format_date, format_datetime, format_number

from .body import Note, Notes, Place, prepare_body

TEMPLATE = "branchpress/wechat/article.html"
# The editor's limits: 20,000 characters of text, and under 1 MB of HTML (decimal, to be safe).
TEXT_LIMIT = 20_000
SIZE_LIMIT = 1_000_000
_SPACES = re.compile(r"\s+")
_STRIPPED = ("class", "id")
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


class ArticleRefused(Exception):
    """A record that cannot become an article, with what to do (a Problem naming the record)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Masthead:
    """The brand as the article shows it: header, colours and footer."""

    name: str
    slogan: str
    logo_url: str | None  # an absolute URL of a published PNG (the editor takes no SVG)
    palette: Palette
    site_address: str  # the site's address as text, e.g. dangjian.example.cn

    @property
    def tint(self) -> str:
        """A pale wash of the brand colour behind the lead and the figures."""
        return mix(self.palette.primary, WHITE, 0.93)


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str
    caption: str


@dataclass(frozen=True)
class ArticleView:
    """What the template shows, every text already public and formatted."""

    masthead: Masthead
    title: str
    type_label: str
    date: str
    location: str
    cover: Picture | None
    lead: str
    body: Markup
    photos: tuple[Picture, ...]
    facts: tuple[tuple[str, str], ...]
    volunteers: tuple[str, ...]
    tags: tuple[str, ...]
    notes: tuple[Note, ...]
    url: str


@dataclass(frozen=True)
class Article:
    record: Record  # the public view it was built from
    title: str
    html: str  # what is pasted into the editor: inline styles only
    url: str  # the record's public page, for the editor's 原文链接 field
    cover_url: str | None
    text_length: int
    size: int  # bytes of `html` in UTF-8

    def document(self) -> str:
        """The export file: the article in a plain page that a browser opens for copying."""
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html_escape.escape(self.title)}</title>\n</head>\n"
            f'<body style="margin: 0; background: #ffffff;">\n{self.html}\n</body>\n</html>\n'
        )


def refusal(record: Record) -> Problem | None:
    """Why a record as written may not go to the 公众号, or None when it may."""
    if record.internal:
        return Problem(
            record.source,
            record.field_lines.get("internal"),
            "internal",
            "这是内部记录（internal: true），内部记录不对外发布，不能导出为公众号文章。",
            "内部记录只记入台账；如需对外宣传，请另写一篇公开的活动记录。",
        )
    if record.status is Status.DRAFT:
        return Problem(
            record.source,
            record.field_lines.get("draft"),
            "draft",
            "这是草稿（draft: true），草稿不对外发布，不能导出为公众号文章。",
            "写完后删掉 draft 这一行，运行 branchpress check 检查、发布网站后再导出。",
        )
    if record.status is Status.SCHEDULED:
        return Problem(
            record.source,
            record.field_lines.get("date"),
            "date",
            f"这篇记录定时于 {format_date(record.date)} 发布，现在还没有发布，不能导出为公众号文章。",
            "到发布日期、网站重新生成并发布后再导出；如果日期写错了，请改正 date。",
        )
    return None


class Edition:
    """Articles of one site: its address, brand, template and how it publishes photos and pages."""

    def __init__(
        self,
        *,
        site_url: str,
        masthead: Masthead,
        template: Template,
        convert: Callable[[str], str],
        photo_at: Callable[[str], PhotoView | None],
        page_of: Callable[[str], str],
    ) -> None:
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.masthead = masthead
        self._template = template
        self._convert = convert
        self._photo_at = photo_at
        self._page_of = page_of

    def article(self, record: Record) -> Article:
        """The article of a record's public view; ArticleRefused when it may not be published."""
        problem = refusal(record)
        if problem is not None:
            raise ArticleRefused(problem)
        url = urljoin(self.site_url, record.url)
        notes = Notes()
        place = Place(record.source, url, self.site_url, self._photo_at, self._page_of)
        body = prepare_body(self._convert(record.body), place, notes)
        cover = self._picture(record.cover.path, record.title, "") if record.cover else None
        photos = tuple(
            picture
            for photo in record.photos
            if (picture := self._picture(photo.path, photo.alt or photo.caption, photo.caption))
        )
        view = ArticleView(
            masthead=self.masthead,
            title=record.title,
            type_label=record.type_label,
            date=format_datetime(record.date) if record.has_time else format_date(record.date),
            location=record.location,
            cover=cover,
            lead=record.summary if record.own_summary else "",
            body=Markup(body),
            photos=photos,
            facts=tuple(record_facts(record, place=False)),
            volunteers=volunteer_names(record),
            tags=record.tags,
            notes=tuple(notes.items),
            url=url,
        )
        fragment = inline_styles(self._template.render(article=view))
        text_length = len(_SPACES.sub(" ", _text(fragment)).strip())
        size = len(fragment.encode("utf-8"))
        if text_length > TEXT_LIMIT:
            raise ArticleRefused(
                Problem(
                    record.source,
                    None,
                    None,
                    f"文章有 {format_number(text_length)} 字，超过公众号每篇 {format_number(TEXT_LIMIT)} 字的上限。",
                    "删减正文，或把内容分成几篇记录分别发布。",
                )
            )
        if size > SIZE_LIMIT:
            raise ArticleRefused(
                Problem(
                    record.source,
                    None,
                    None,
                    f"文章的网页代码有 {size / 1_000_000:.1f} MB，超过公众号每篇 1 MB 的上限（多半是正文里的大表格或大段 HTML）。",
                    "精简正文里的表格和 HTML，或把内容分成几篇记录分别发布。",
                )
            )
        return Article(record, record.title, fragment, url, cover.url if cover else None, text_length, size)

    def _picture(self, path: str, alt: str, caption: str) -> Picture | None:
        photo = self._photo_at(path)
        if photo is None:
            return None
        return Picture(urljoin(self.site_url, photo.fallback), alt, caption)


def volunteer_names(record: Record) -> tuple[str, ...]:
    """The names the record page lists: each person once, in the order staff wrote them."""
    first: dict[str, str] = {}
    for entry in record.volunteers:
        first.setdefault(entry.person or entry.name, entry.name)
    return tuple(first.values())


def site_address(site_url: str) -> str:
    """The site's address as readers type it: host and path, without the scheme."""
    parts = urlsplit(site_url)
    return (parts.netloc + parts.path).rstrip("/")


def inline_styles(document: str) -> str:
    """The body of a rendered document with every CSS rule inline and no class, id or <style>."""
    inlined = _INLINER.inline(document)
    root = lxml.html.document_fromstring(inlined)
    for element in list(root.iter("style", "script", "link")):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str):
            for attribute in _STRIPPED:
                element.attrib.pop(attribute, None)
    body = root.find("body")
    if body is None:
        return ""
    return ((body.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in body)).strip()


def _text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    return lxml.html.fragment_fromstring(fragment, create_parent="div").text_content()
