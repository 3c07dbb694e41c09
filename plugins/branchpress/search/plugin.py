"""`branchpress/search`: one compact, segmented search entry per page, in Material's index.

Material's search plugin stays in charge of the search UI and of writing
`search/search_index.json` (its configuration: language, separator). This plugin
asks it to skip every page (`search: exclude`), then builds its own entries: one per
page, built from the rendered content. Records and pages that were already excluded
(listings, volunteer pages) stay out.

The entries are not put into that one file, which a visitor would download whole on
opening search (31 MB at 10,000 records): they are split into term shards and one file
a page (core/site/search_shards.py), and every page's configuration names our search
worker (worker.py) instead of Material's, which loads what a query needs and lets
Material's own worker rank and show it. `search_index.json` keeps the configuration.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from branchpress.core.site.search import Segmenter, html_to_text, record_text
from branchpress.core.site.search_shards import cached_shard_index

from .. import stages
from ..adapter import records_of
from ..services import RecordsContext
from .config import SearchConfig
from .worker import worker_script

log = get_plugin_logger(__name__)
NAME = "branchpress/search"
INDEX = "search/search_index.json"
WORKERS = "assets/javascripts/workers/"
# Material's page configuration (`__config`) names its search worker; ours takes its place.
MATERIAL_WORKER = re.compile(r'("search":\s*"[^"]*assets/javascripts/workers/)(search\.[0-9a-f]+\.min\.js)"')


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._records: RecordsContext | None = None
        self._pages: list[Page] = []
        self._seen: set[str] = set()
        self._files: Files | None = None
        # Entries of the last build by page source: a `mkdocs serve` rebuild keeps those of
        # the pages it did not render again (records/preview.py).
        self._entries: dict[str, dict] = {}
        self._serving = False
        self._segmenter: Segmenter | None = None
        self._cache_file = Path(".cache/branchpress/search/segments.json")
        self._worker: tuple[str, str] | None = None  # (file name, script)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records = records_of(config, NAME)
        if not any(name in config.plugins for name in ("search", "material/search")):
            raise PluginError(
                "branchpress/search 需要 Material 的 search 插件：请在 plugins 里加上 - search。"
            )
        self._records = records
        self._cache_file = records.cache_dir / "search" / "segments.json"
        self._pages, self._seen = [], set()
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """MkDocs keeps a plugin with this method across serve rebuilds: the entries and the
        segmenter stay in memory, and the segment cache is written once, at shutdown."""
        self._serving = command == "serve"

    def on_shutdown(self) -> None:
        if self._segmenter is not None and self._segmenter.unsaved:
            self._segmenter.save(prune=False)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._files = files
        return files

    @event_priority(stages.INDEX_SEARCH)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._seen.add(page.file.src_uri)
        search = page.meta.get("search") or {}
        if not (isinstance(search, dict) and search.get("exclude")):
            self._pages.append(page)
        # Material indexes nothing itself; this plugin writes the entries.
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
        return markdown

    def _name_our_worker(self, html: str) -> str:
        def ours(match: re.Match) -> str:
            if self._worker is None:
                self._worker = worker_script(match.group(2))
            return f'{match.group(1)}{self._worker[0]}"'

        return MATERIAL_WORKER.sub(ours, html, count=1)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return self._name_our_worker(output)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return self._name_our_worker(output_content) if template_name.endswith(".html") else output_content

    def _entry(self, page: Page, store, segmenter: Segmenter) -> dict:
        record = store.by_source.get(page.file.src_uri) if store else None
        body = html_to_text(page.content or "")
        text = record_text(record, body, self.config.text_limit) if record else body[: self.config.text_limit]
        # Material's search shows entries with innerHTML: everything is HTML-escaped once
        # (titles of records already are: pages/plugin.py passes them as Markup).
        entry = {
            "location": page.url,
            "title": segmenter.segment(str(escape(page.title or ""))),
            "text": segmenter.segment(str(escape(text))),
        }
        if record is not None and record.tags:
            entry["tags"] = [str(escape(tag)) for tag in record.tags]
        return entry

    @event_priority(stages.WRITE_SEARCH_INDEX)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = Path(config.site_dir, INDEX)
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # search disabled or not written: nothing to add to
        store = self._records.store if self._records else None
        if self._segmenter is None or self._segmenter.file != self._cache_file:
            self._segmenter = Segmenter(self._cache_file)
        segmenter = self._segmenter
        segmenter.begin()
        fresh = {page.file.src_uri: self._entry(page, store, segmenter) for page in self._pages}
        entries, reused = {}, 0
        for file in self._files.documentation_pages() if self._files else ():
            if file.src_uri in fresh:
                entries[file.src_uri] = fresh[file.src_uri]
            elif file.src_uri not in self._seen and file.src_uri in self._entries:
                entries[file.src_uri] = self._entries[file.src_uri]  # not rendered again
                reused += 1
        self._entries = entries
        docs = list(entries.values())
        outputs = records_of(config, NAME).outputs
        # A preview keeps the whole index in one file, as Material has it (our worker then leaves
        # everything to Material's): splitting it again after every edit would slow serve down.
        files: dict[str, str] = {}
        if self._serving:
            index["docs"] = docs
        else:
            separator = index.get("config", {}).get("separator") or r"[\s\-]+"
            shards_cache = self._cache_file.with_name("shards.json")
            sharded = cached_shard_index(docs, separator, self.config.results, shards_cache)
            index["config"]["shards"], index["docs"], files = sharded.manifest, [], sharded.files
        # ensure_ascii=False: Chinese as UTF-8 is half the bytes of \\uXXXX escapes.
        outputs.write(INDEX, json.dumps(index, ensure_ascii=False, separators=(",", ":")), NAME)
        for site_path, text in files.items():
            outputs.write(site_path, text, NAME)
        if self._worker is not None:
            outputs.write(WORKERS + self._worker[0], self._worker[1], NAME)
        if not self._serving:  # serve writes the cache once, at shutdown
            segmenter.save(prune=not reused)
        size = sum(len(text.encode("utf-8")) for text in files.values()) or path.stat().st_size
        shards = f"分为 {index['config']['shards']['terms']} 个词表和每页一个文件，" if files else ""
        log.info(f"搜索索引：{len(docs)} 个页面，{size // 1024} KB，{shards}新分词 {segmenter.computed} 段。")
