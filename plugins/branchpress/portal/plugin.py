"""`branchpress/portal`: an association committee's site over its member branches' sites.

`on_config` validates the members (Chinese problems; errors stop the build). `on_files` fetches
every member's feed in parallel (or reads the cache offline), copies the items' first images
through the photo pipeline and adds /branches/, /branches/<slug>/ and /network/ before
branchpress/pages builds the nav; a failing member is a warning, never a failed build.
`on_post_build` writes the network feeds. The work is in core/portal/; this only routes events.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import project_path, records_of, site_url_of, stop_on_problems
from ..core.feeds.render import render_atom, render_json, render_rss
from ..core.imaging.cache import PhotoCache
from ..core.imaging.photos import PhotoSettings
from ..core.imaging.views import rendition_path
from ..core.portal.addresses import AddressPolicy
from ..core.portal.cache import PortalCache
from ..core.portal.fetch import Fetcher, Limits
from ..core.portal.gather import Outcome, gather
from ..core.portal.images import CopiedImages, copy_images
from ..core.portal.items import PortalItem
from ..core.portal.members import Member, build_members
from ..core.portal.network import FEED_FILES, Branch, Network
from ..core.site import urls
from ..core.site.listings import ListingPage
from ..theme import add_stylesheet, register_templates
from .config import PortalConfig

log = get_plugin_logger(__name__)

NAME = "branchpress/portal"
STYLESHEET = "assets/branchpress/portal.css"
FEED_STYLESHEET = "assets/branchpress/feed.xsl"
CHART_STYLESHEET = "assets/branchpress/volunteers.css"
OFFLINE_VARIABLE = "BRANCHPRESS_OFFLINE"
SUMMARY = "门户配置有 {errors} 处错误，网站没有生成。请按上面的修改方法改好 mkdocs.yml。"
BRANCHES = urls.source(urls.BRANCHES)
# Listings repeat members' summaries; the search index would only point at them twice.
NOT_INDEXED = {"exclude": True}


class PortalPlugin(BasePlugin[PortalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._members: tuple[Member, ...] = ()
        self._network: Network | None = None
        self._images = CopiedImages()
        self._photos: PhotoCache | None = None
        self._views: dict[str, Branch | ListingPage | str] = {}
        self._site_url = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records_of(config, NAME)
        self._site_url = site_url_of(config, NAME, "订阅源和图片的链接必须是完整网址。")
        options = self.config
        base_dir = project_path(config, ".")
        members, problems = build_members(options.members, base_dir)
        limits = (options.timeout, options.connect_timeout, options.max_megabytes)
        counts = (options.page_size, options.feed_limit, options.workers, options.max_items_per_member)
        if min(limits) <= 0 or min(counts) < 1:
            raise PluginError(
                f"{NAME} 的 timeout、connect_timeout、max_megabytes 必须是正数，"
                "page_size、feed_limit、workers、max_items_per_member 必须是正整数。"
            )
        stop_on_problems(log, problems, SUMMARY)
        self._members = members
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        # The monthly bar chart and its data table are styled with the volunteer pages'.
        add_stylesheet(config, CHART_STYLESHEET)
        return config

    @property
    def offline(self) -> bool:
        return self.config.offline or os.environ.get(OFFLINE_VARIABLE, "") not in ("", "0")

    @event_priority(stages.ADD_PAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        options = self.config
        limits = Limits(
            options.connect_timeout,
            options.timeout,
            int(options.max_megabytes * 1_000_000),
            options.max_items_per_member,
        )
        cache = PortalCache(records.cache_dir)
        widths = tuple(sorted(set(options.image_widths)))
        self._photos = PhotoCache(cache.root, PhotoSettings(widths=widths))
        policy = AddressPolicy(allow_private_networks=options.allow_private_networks)
        fetcher = None if self.offline else Fetcher(limits, f"BranchPress (+{self._site_url})", policy)
        if fetcher is None:
            log.info("门户离线生成：不下载任何内容，成员支部的动态全部取自缓存。")
        reports = gather(self._members, cache, fetcher, limits, options.workers, _progress)
        self._images = copy_images(reports, cache, self._photos, fetcher, limits, options.workers, log.info)
        for line in self._images.warnings(self._members):
            log.warning(line)
        self._photos.save_index()
        cache.prune_images(set(self._images.files.values()))
        self._photos.prune()
        settings = records.settings
        items = {report.member.slug: report.items for report in reports}
        self._network = Network(
            self._members, items, self._images.photos, settings.current_time(), settings.timezone
        )
        self._add_pages(files, records.outputs)
        return files

    def _add_pages(self, files: Files, outputs) -> None:
        network = self.network
        self._views = {outputs.add_page(files, BRANCHES, NAME).src_uri: "branches"}
        for branch in network.branches:
            self._views[outputs.add_page(files, urls.source(branch.url), NAME).src_uri] = branch
        for view in network.pages(self.config.page_size):
            self._views[outputs.add_page(files, urls.source(view.url), NAME).src_uri] = view
        assert self._photos is not None
        for photo in self._images.photos.values():
            folder = self._photos.folder(photo.key)
            for rendition in photo.renditions:
                target = rendition_path(photo, rendition)
                if target not in files:  # two items may share an image
                    outputs.add_file(files, target, NAME, abs_src_path=str(folder / rendition.name))

    @event_priority(stages.PORTAL_HOME)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        view = self._views.get(page.file.src_uri)
        if view is None:
            if page.is_homepage and self.config.home:
                page.meta.setdefault("template", "branchpress/portal-home.html")
                page.meta.setdefault("hide", ["navigation", "toc"])
            return markdown
        if view == "branches":
            title, template = "成员支部", "portal-branches"
        elif isinstance(view, Branch):
            title, template = view.name, "portal-branch"
        else:
            title, template = view.page_title, "portal-network"
        page.meta.update(
            title=escape(title), template=f"branchpress/{template}.html", hide=["toc"], search=NOT_INDEXED
        )
        return markdown

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        network = self.network
        context["portal"] = network
        context["portal_feeds"] = {kind: urls.NETWORK + name for kind, name in FEED_FILES.items()}
        view = self._views.get(page.file.src_uri)
        if isinstance(view, Branch):
            context["branch"] = view
        elif isinstance(view, ListingPage):
            context["listing"] = view
        elif page.is_homepage and self.config.home:
            context["portal_home"] = network.home(self.config.home_latest, self.config.home_active)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        records = records_of(config, NAME)
        feed = self.network.feed(
            site_url=self._site_url,
            title=f"{config.site_name} · 行业动态",
            description=config.site_description or "各成员支部的最新动态",
            limit=self.config.feed_limit,
            # The theme folder (templates/) brings the stylesheet into every BranchPress site.
            stylesheet_url=urlsplit(self._site_url).path + FEED_STYLESHEET,
            image_file=self._image_file,
        )
        for kind, render in (("rss", render_rss), ("atom", render_atom), ("json", render_json)):
            records.outputs.write(urls.NETWORK + FEED_FILES[kind], render(feed), NAME)

    def _image_file(self, item: PortalItem) -> tuple[str, Path] | None:
        """(site path, cached file) of the widest JPEG of the item's copied image."""
        view = self.network.photo(item)
        if view is None or self._photos is None:
            return None
        largest = view.photo.of_format("jpg")[-1]
        return view.largest, self._photos.folder(view.photo.key) / largest.name

    @property
    def network(self) -> Network:
        if self._network is None:
            raise PluginError(f"{NAME}: the network is read before on_files ran.")
        return self._network


def _progress(report) -> None:
    (log.warning if report.outcome is Outcome.FAILED else log.info)(report.line)
    if report.warning:
        log.warning(report.warning)
