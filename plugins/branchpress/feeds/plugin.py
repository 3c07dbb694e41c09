"""`branchpress/feeds`: RSS, Atom and JSON Feed for the site, each type and (optionally) each tag.

Items carry the record pages' rendered HTML, so feeds are written in
`on_post_build`, after MkDocs has rendered every page; the plan of which feeds
exist is made in `on_files`, early enough for the subscribe page and the nav.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from branchpress.core.feeds.render import (
    Enclosure,
    Feed,
    FeedPlan,
    feed_item,
    plan_feeds,
    render_atom,
    render_json,
    render_rss,
)
from branchpress.core.records.model import Record
from branchpress.records.plugin import RecordsPlugin
from branchpress.theme import register_templates

from .config import FeedsConfig

SUBSCRIBE_PAGE = "subscribe/index.md"
STYLESHEET = "assets/branchpress/feed.xsl"
LANGUAGE = "zh-CN"


@dataclass(frozen=True)
class FeedLink:
    """One feed as pages advertise it: in <head> and on the subscribe page."""

    title: str
    kind: str  # RSS, Atom, JSON Feed
    mime_type: str
    href: str


class FeedsPlugin(BasePlugin[FeedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsPlugin | None = None
        self._site_url = ""
        self._plans: list[FeedPlan] = []
        self._files: Files | None = None
        self._head_cache: dict[str, str] = {}
        self._env = None
        # Rendered record content by source, kept across `mkdocs serve` rebuilds, which do
        # not render unchanged records again (records/preview.py).
        self._contents: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its contents) across serve rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records = config.plugins.get("branchpress/records")
        if not isinstance(records, RecordsPlugin):
            raise PluginError(
                "branchpress/feeds 需要 branchpress/records：请在 mkdocs.yml 的 plugins 里加上它。"
            )
        if not config.site_url:
            raise PluginError(
                "branchpress/feeds 需要网站的完整网址：请在 mkdocs.yml 里写 site_url，"
                "例如 site_url: https://dangjian.example.cn/ 。订阅源里的链接必须是完整网址。"
            )
        if self.config.limit < 1:
            raise PluginError("branchpress/feeds 的 limit 必须是正整数。")
        self._records = records
        self._site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        register_templates(config)
        return config

    @event_priority(-40)  # after the store is loaded, before branchpress/pages builds the nav
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self._records is not None
        self._plans = plan_feeds(
            self._records.store,
            self._records.settings,
            config.site_name,
            limit=self.config.limit,
            type_feeds=self.config.type_feeds,
            tag_feeds=self.config.tag_feeds,
            json_feed=self.config.json_feed,
        )
        self._head_cache = {}
        if SUBSCRIBE_PAGE in files:
            raise PluginError(f"content/{SUBSCRIBE_PAGE} 与自动生成的订阅页同名，请给这个文件改名。")
        files.append(File.generated(config, SUBSCRIBE_PAGE, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        self._files = files
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == SUBSCRIBE_PAGE:
            page.meta.update(title="订阅", template="branchpress/subscribe.html", hide=["toc"])
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._env = env
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if page.file.src_uri == SUBSCRIBE_PAGE:
            context["feed_groups"] = [(plan, self._links(plan)) for plan in self._plans]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add autodiscovery links to <head>: the site's feeds, plus a type's own on its listings.

        Injected here rather than through a `main.html` block so that a site overriding
        main.html keeps them; the links come from an overridable template all the same.
        """
        plans = [self._plans[0]]
        listing = self._plan_for_listing(page.file.src_uri)
        if listing is not None:
            plans.append(listing)
        key = "|".join(plan.key for plan in plans)
        if key not in self._head_cache:
            template = self._env.get_template("branchpress/partials/feed-links.html")
            links = [link for plan in plans for link in self._links(plan)]
            self._head_cache[key] = template.render(links=links)
        head_end = output.find("</head>")
        if head_end == -1:
            return output
        return output[:head_end] + self._head_cache[key] + output[head_end:]

    def _plan_for_listing(self, src_uri: str) -> FeedPlan | None:
        for plan in self._plans[1:]:
            if plan.home_path and src_uri.startswith(plan.home_path):
                rest = src_uri[len(plan.home_path) :]
                if rest == "index.md" or rest.startswith("page/"):
                    return plan
        return None

    def _links(self, plan: FeedPlan) -> list[FeedLink]:
        links = [
            FeedLink(plan.title, "RSS", "application/rss+xml", self._absolute(plan.rss_path)),
            FeedLink(plan.title, "Atom", "application/atom+xml", self._absolute(plan.atom_path)),
        ]
        if plan.json_path:
            links.append(
                FeedLink(plan.title, "JSON Feed", "application/feed+json", self._absolute(plan.json_path))
            )
        return links

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self._records is not None and self._files is not None
        store = self._records.store
        published = [r for r in store.records if r.is_published]
        # A site with no published record still needs a fixed channel date, never "now".
        fallback = (
            published[0].last_modified
            if published
            else datetime(2000, 1, 1, tzinfo=self._records.settings.timezone)
        )
        stylesheet = urlsplit(self._site_url).path + STYLESHEET if self.config.stylesheet else None
        for record in store:
            self._remember_content(record)
        items = {}
        for plan in self._plans:
            for record in plan.records:
                if record.source not in items:
                    items[record.source] = feed_item(
                        record, self._site_url, self._content_of(record), self._enclosure_of(record, config)
                    )
            feed = Feed(
                title=plan.title,
                description=self.config.description or config.site_description or plan.title,
                home_url=self._absolute(plan.home_path),
                rss_url=self._absolute(plan.rss_path),
                atom_url=self._absolute(plan.atom_path),
                json_url=self._absolute(plan.json_path) if plan.json_path else None,
                author=self.config.author or config.site_name,
                language=LANGUAGE,
                logo_url=self._logo_url(config),
                items=tuple(items[r.source] for r in plan.records),
                fallback_updated=fallback,
                stylesheet_url=stylesheet,
            )
            _write(config.site_dir, plan.rss_path, render_rss(feed))
            _write(config.site_dir, plan.atom_path, render_atom(feed))
            if plan.json_path:
                _write(config.site_dir, plan.json_path, render_json(feed))

    def _remember_content(self, record: Record) -> None:
        file = self._files.get_file_from_path(record.source) if self._files else None
        if file is not None and file.page is not None and file.page.content is not None:
            self._contents[record.source] = file.page.content

    def _content_of(self, record: Record) -> str:
        return self._contents.get(record.source, "")

    def _enclosure_of(self, record: Record, config: MkDocsConfig) -> Enclosure | None:
        """The cover as an enclosure, with its real size and type.

        With branchpress/images it is the processed (resized, metadata-free) JPEG; without
        it, the file as it lies in the docs folder.
        """
        if record.cover is None:
            return None
        images = config.plugins.get("branchpress/images")
        published = images.published_file(record.cover.path) if hasattr(images, "published_file") else None
        if published is not None:
            site_path, path = published
        else:
            site_path, path = record.cover.path, Path(config.docs_dir, record.cover.path)
        mime_type = mimetypes.guess_type(path.name)[0]
        if mime_type is None or not path.is_file():
            return None
        return Enclosure(self._absolute(site_path), path.stat().st_size, mime_type)

    def _logo_url(self, config: MkDocsConfig) -> str | None:
        # The favicon is the coloured mark; theme.logo is often a white variant for the header.
        logo = self.config.logo or config.theme.get("favicon") or config.theme.get("logo")
        return self._absolute(logo) if logo else None

    def _absolute(self, path: str) -> str:
        return urljoin(self._site_url, path)


def _write(site_dir: str, relative: str, data: bytes) -> None:
    path = os.path.join(site_dir, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
