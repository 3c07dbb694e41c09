"""What every BranchPress plugin shares, so each plugin module only routes MkDocs events.

- `records_of`: the records plugin, which holds the store, the roster and the build's outputs;
  a plugin listed without it gets one clear Chinese error.
- `plugin_of`: typed access to another plugin's service (never `hasattr`/`getattr` into it).
- `stop_on_problems`: log every problem, then stop the build with one Chinese summary.
- `Outputs`: generated pages and every other file of a build, one producer per path,
  through the one writer (core/site/output.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .core.problems import Problem, Severity
from .core.site.output import LastBuild, OutputConflict, OutputWriter, WithheldNameInOutput

if TYPE_CHECKING:
    from .core.records.store import LoadResult, RecordStore
    from .records.plugin import RecordsPlugin

RECORDS = "branchpress/records"
T = TypeVar("T")


def records_of(config: MkDocsConfig, user: str) -> RecordsPlugin:
    """The records plugin of this site; `user` names the plugin that needs it, for the error."""
    from .records.plugin import RecordsPlugin  # imported here: that module uses this one

    plugin = config.plugins.get(RECORDS)
    if not isinstance(plugin, RecordsPlugin):
        raise PluginError(f"{user} 需要 {RECORDS}：请在 mkdocs.yml 的 plugins 里加上它，写在 {user} 之前。")
    return plugin


def plugin_of(config: MkDocsConfig, name: str, kind: type[T]) -> T | None:
    """Another plugin of this site, when it is enabled (and is what its name promises)."""
    plugin = config.plugins.get(name)
    return plugin if isinstance(plugin, kind) else None


def project_path(config: MkDocsConfig, relative: str) -> Path:
    """A path given relative to mkdocs.yml (cache folders, font files)."""
    return Path(config.config_file_path or ".").resolve().parent / relative


def site_url_of(config: MkDocsConfig, user: str, why: str) -> str:
    """site_url with a final slash; plugins that write absolute links cannot do without it."""
    if not config.site_url:
        raise PluginError(
            f"{user} 需要网站的完整网址：请在 mkdocs.yml 里写 site_url，"
            f"例如 site_url: https://dangjian.example.cn/ 。{why}"
        )
    return config.site_url if config.site_url.endswith("/") else config.site_url + "/"


def stop_on_problems(log: logging.Logger, problems: Iterable[Problem], summary: str) -> None:
    """Log every problem (errors and warnings); stop with `summary` when there is an error.

    `summary` may use {errors} and {warnings}.
    """
    problems = list(problems)
    for problem in problems:
        (log.error if problem.severity is Severity.ERROR else log.warning)(str(problem))
    errors = sum(1 for p in problems if p.is_error)
    if errors:
        raise PluginError(summary.format(errors=errors, warnings=len(problems) - errors))


class Outputs:
    """Generated pages and files of one build; a path has one producer."""

    def __init__(
        self, config: MkDocsConfig, withheld: tuple[str, ...], last: LastBuild | None = None
    ) -> None:
        self._config = config
        self.writer = OutputWriter(config.site_dir, withheld, last)

    def add_page(
        self, files: Files, src_uri: str, producer: str, inclusion=InclusionLevel.NOT_IN_NAV
    ) -> File:
        """A page rendered through the theme; staff's own file of the same name is refused."""
        if src_uri in files:
            url = src_uri.removesuffix("index.md")
            raise PluginError(
                f"content/{src_uri} 与自动生成的页面同名（网址 /{url}，由 {producer} 生成）。"
                "请给这个文件改名或移到其他文件夹。"
            )
        file = File.generated(self._config, src_uri, content="", inclusion=inclusion)
        self.claim(file.dest_uri, producer)
        files.append(file)
        return file

    def add_file(
        self,
        files: Files,
        path: str,
        producer: str,
        *,
        content: str | bytes | None = None,
        abs_src_path: str | None = None,
        dest_uri: str | None = None,
    ) -> File:
        """A static file that MkDocs copies into the site (a stylesheet, a rendition)."""
        file = File.generated(
            self._config,
            path,
            content=content,
            abs_src_path=abs_src_path,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        if dest_uri is not None:
            file.dest_uri = file.url = dest_uri
        self.claim(file.dest_uri, producer)
        if content is not None:
            data = content.encode("utf-8") if isinstance(content, str) else content
            self._guard(lambda: self.writer.check(file.dest_uri, producer, data))
        files.append(file)
        return file

    def write(self, path: str, data: bytes | str, producer: str) -> Path:
        """A file written after the pages (feeds, the search index)."""
        return self._guard(lambda: self.writer.write(path, data, producer))

    def place(self, path: str, source: Path, producer: str) -> Path:
        """A finished file from a cache (share images), linked into the site."""
        return self._guard(lambda: self.writer.place(path, source, producer))

    def claim(self, path: str, producer: str) -> None:
        """Reserve a path written later (a PDF printed after its page), so a second producer
        is refused before anything is written."""
        self._guard(lambda: self.writer.claim(path, producer))

    def check(self, path: str, producer: str, text: str) -> None:
        """Refuse the source of an output the writer cannot read (a PDF's HTML) if it spells a
        withheld name."""
        self._guard(lambda: self.writer.check(path, producer, text.encode("utf-8")))

    @staticmethod
    def _guard(action):
        try:
            return action()
        except (OutputConflict, WithheldNameInOutput) as error:
            raise PluginError(str(error)) from None


def pages_to_check(files: Files, records: frozenset[str]) -> list[tuple[str, str]]:
    """(source, text) of every hand-written Markdown page that will be published besides records."""
    return [
        (file.src_uri, file.content_string)
        for file in files.documentation_pages()
        if file.generated_by is None and file.src_uri not in records
    ]


def keep_private_files(files: Files, result: LoadResult, roster: str) -> None:
    """Unpublished records, photos only they use, and the roster never reach the site."""
    published = {p.path for r in result.store for p in r.pictures}
    for record in result.all_records:
        if record.source in result.store.by_source:
            continue
        for path in [record.source, *(p.path for p in record.pictures if p.path not in published)]:
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
    # The roster holds names some volunteers asked not to publish, whichever plugins are on.
    if (file := files.get_file_from_path(roster)) is not None:
        files.remove(file)


def point_record_files(files: Files, store: RecordStore, use_directory_urls: bool) -> None:
    """Each published record's file becomes its page at its public URL, with its public body."""
    for record in store:
        file = files.get_file_from_path(record.source)
        if file is None:  # pragma: no cover - excluded by exclude_docs
            continue
        # Records are reached through listings, never the nav (a nav of N records is O(N^2)).
        file.inclusion = InclusionLevel.NOT_IN_NAV
        file.dest_uri = record.url + "index.html"
        file.url = record.url if use_directory_urls else file.dest_uri
        # The public body; MkDocs would otherwise read and parse the front matter again.
        file.content_string = record.body
