"""`branchpress/feeds`: RSS, Atom and JSON Feed for the site, each type and (optionally) each tag.

Items carry the record pages' rendered HTML, so feeds are written in
`on_post_build`, after MkDocs has rendered every page; the plan of which feeds
exist is made in `on_files`, early enough for the subscribe page and the nav.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_of, service_of, site_url_of
from ..core.brand.logo import LogoError, load_logo_file, stored_logo_png
from ..core.feeds.browser import feed_stylesheet
from ..core.feeds.publish import Channel, FeedLink, build_feed, plan_links, render
from ..core.feeds.render import FeedPlan, plan_feeds
from ..core.records.model import Record
from ..core.site import urls
from ..services import PhotoLibrary
from ..theme import register_templates
from .config import FeedsConfig

NAME = "branchpress/feeds"
SUBSCRIBE_PAGE = urls.source(urls.SUBSCRIBE)
STYLESHEET = "assets/branchpress/feed.css"
# RSS 2.0 allows only GIF, JPEG or PNG as the channel image: other logos get a PNG rendition.
CHANNEL_IMAGE = "assets/branchpress/feed-logo.png"
RSS_IMAGE_TYPES = (".png", ".gif", ".jpg", ".jpeg")


class FeedsPlugin(BasePlugin[FeedsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._site_url = ""
        self._plans: list[FeedPlan] = []
        self._files: Files | None = None
        self._head_cache: dict[str, str] = {}
        self._env = None
        self._image: str | None = None
        # Rendered record content by source, kept across `mkdocs serve` rebuilds, which do
        # not render unchanged records again (records/incremental.py).
        self._contents: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance (and its contents) across serve rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records_of(config, NAME)
        self._site_url = site_url_of(config, NAME, "订阅源里的链接必须是完整网址。")
        if self.config.limit < 1:
            raise PluginError(f"{NAME} 的 limit 必须是正整数。")
        register_templates(config)
        return config

    @event_priority(stages.ADD_PAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        options = self.config
        self._plans = plan_feeds(
            records.store,
            records.settings,
            config.site_name,
            limit=options.limit,
            type_feeds=options.type_feeds,
            tag_feeds=options.tag_feeds,
            json_feed=options.json_feed,
        )
        self._head_cache = {}
        records.outputs.add_page(files, SUBSCRIBE_PAGE, NAME)
        if options.stylesheet:
            css = feed_stylesheet(config.site_name, urljoin(self._site_url, urls.SUBSCRIBE))
            records.outputs.add_file(files, STYLESHEET, NAME, content=css)
        self._image = self._channel_image(config, files)
        self._files = files
        return files

    def _channel_image(self, config: MkDocsConfig, files: Files) -> str | None:
        """The logo as the RSS channel image, a PNG rendition where it is not a raster."""
        logo = self._logo(config)
        if not logo or logo.lower().endswith(RSS_IMAGE_TYPES):
            return logo
        path = Path(config.docs_dir, logo)
        if not path.is_file():
            return None
        try:
            loaded = load_logo_file(path)
        except LogoError as error:
            raise PluginError(f"{NAME} 的 logo：{error}") from None
        records = records_of(config, NAME)
        cache = records.cache_dir / "brand"
        records.outputs.add_file(files, CHANNEL_IMAGE, NAME, content=stored_logo_png(loaded, 144, cache))
        return CHANNEL_IMAGE

    def _logo(self, config: MkDocsConfig) -> str | None:
        # The favicon is the coloured mark; theme.logo is often a white variant for the header.
        return self.config.logo or config.theme.get("favicon") or config.theme.get("logo")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == SUBSCRIBE_PAGE:
            page.meta.update(title="订阅", template="branchpress/subscribe.html", hide=["toc"])
        return markdown

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self._env = env
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        if page.file.src_uri == SUBSCRIBE_PAGE:
            context["feed_groups"] = [(plan, plan_links(plan, self._site_url)) for plan in self._plans]
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Add autodiscovery links to <head>: the site's feeds, plus a type's own on its listings.

        Injected here rather than through a `main.html` block so that a site overriding
        main.html keeps them; the links come from an overridable template all the same.
        """
        plans = [self._plans[0]]
        listing = _plan_for_listing(self._plans, page.file.src_uri)
        if listing is not None:
            plans.append(listing)
        key = "|".join(plan.key for plan in plans)
        if key not in self._head_cache:
            template = self._env.get_template("branchpress/partials/feed-links.html")
            links: list[FeedLink] = [link for plan in plans for link in plan_links(plan, self._site_url)]
            self._head_cache[key] = template.render(links=links)
        head_end = output.find("</head>")
        if head_end == -1:
            return output
        return output[:head_end] + self._head_cache[key] + output[head_end:]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        records = records_of(config, NAME)
        for record in records.store:
            file = self._files.get_file_from_path(record.source) if self._files else None
            if file is not None and file.page is not None and file.page.content is not None:
                self._contents[record.source] = file.page.content
        channel = Channel.with_defaults(
            site_url=self._site_url,
            site_name=config.site_name,
            site_description=config.site_description,
            author=self.config.author,
            description=self.config.description,
            logo=self._logo(config),
            image=self._image,
            stylesheet=STYLESHEET if self.config.stylesheet else None,
            timezone=records.settings.timezone,
            published=records.store.records,
        )
        images = service_of(config, PhotoLibrary)
        for plan in self._plans:
            feed = build_feed(plan, channel, self._contents, lambda r: _enclosure(r, images, config))
            for path, data in render(plan, feed):
                records.outputs.write(path, data, NAME)


def _plan_for_listing(plans: list[FeedPlan], src_uri: str) -> FeedPlan | None:
    for plan in plans[1:]:
        if plan.home_path and src_uri.startswith(plan.home_path):
            rest = src_uri[len(plan.home_path) :]
            if rest == "index.md" or rest.startswith("page/"):
                return plan
    return None


def _enclosure(record: Record, images: PhotoLibrary | None, config: MkDocsConfig) -> tuple[str, Path] | None:
    """The cover a feed item encloses: with branchpress/images the processed (resized,
    metadata-free) JPEG; without it, the file as it lies in the docs folder."""
    if record.cover is None:
        return None
    published = images.published_file(record.cover.path) if images is not None else None
    return published or (record.cover.path, Path(config.docs_dir, record.cover.path))
