"""What every BranchPress plugin shares, so each plugin module only routes MkDocs events.

- `records_of`: the build context of branchpress/records (the project, the store, the
  roster's withholding, the build's outputs); a plugin listed without it gets one clear
  Chinese error.
- `service_of`: what another plugin offers, found by its type in services.py (never by
  importing that plugin, never `hasattr`/`getattr` into it).
- `stop_on_problems`: log every problem, then stop the build with one Chinese summary.
- `Outputs` (outputs.py): generated pages and every other file of a build, one producer per
  path, through the one writer (core/site/output.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from .core.problems import Problem, Severity
from .outputs import Outputs
from .services import RecordsContext

if TYPE_CHECKING:
    from .core.records.store import LoadResult, RecordStore

__all__ = ["Outputs", "records_of", "records_or_none", "service_of", "stop_on_problems"]

RECORDS = "branchpress/records"
T = TypeVar("T")


def records_of(config: MkDocsConfig, user: str) -> RecordsContext:
    """The build context of this site; `user` names the plugin that needs it, for the error."""
    context = records_or_none(config)
    if context is None:
        raise PluginError(f"{user} 需要 {RECORDS}：请在 mkdocs.yml 的 plugins 里加上它，写在 {user} 之前。")
    return context


def records_or_none(config: MkDocsConfig) -> RecordsContext | None:
    """The build context, for a plugin that also works on a site without branchpress/records."""
    plugin = config.plugins.get(RECORDS)
    return plugin if isinstance(plugin, RecordsContext) else None


def service_of(config: MkDocsConfig, kind: type[T]) -> T | None:
    """The enabled plugin that offers `kind` (an interface of services.py), or None."""
    for plugin in config.plugins.values():
        if isinstance(plugin, kind):
            return plugin
    return None


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


def text_settings(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(key path, text) of every text setting that may reach a page: the site's own and every
    BranchPress plugin's options, for the personal-number check."""
    found: list[tuple[str, str]] = []

    def walk(key: str, value) -> None:
        if isinstance(value, str):
            found.append((key, value))
        elif isinstance(value, dict) or hasattr(value, "items"):
            for name, inner in value.items():
                walk(f"{key} → {name}" if key else str(name), inner)
        elif isinstance(value, list | tuple):
            for index, inner in enumerate(value, 1):
                walk(f"{key} 第 {index} 项", inner)

    for key in ("site_name", "site_description", "site_author", "copyright"):
        walk(key, config.get(key))
    walk("extra", config.get("extra"))
    for name, plugin in config.plugins.items():
        if name.startswith("branchpress/"):
            walk(f"plugins → {name}", dict(plugin.config))
    return found


def pages_to_check(files: Files, records: frozenset[str]) -> list[tuple[str, bytes]]:
    """(source, bytes) of every hand-written Markdown page that will be published besides records;
    bytes, because one not in UTF-8 must become a problem, not a UnicodeDecodeError."""
    return [
        (file.src_uri, file.content_bytes)
        for file in files.documentation_pages()
        if file.generated_by is None and file.src_uri not in records
    ]


def content_file_paths(files: Files, records: frozenset[str], docs_dir: str) -> list[str]:
    """The content/ path of every staff file that will be published under its own name (records
    are published under their slug; theme files are not staff's)."""
    return [
        file.src_uri
        for file in files
        if file.generated_by is None and file.src_uri not in records and file.src_dir == docs_dir
    ]


def keep_private_files(files: Files, result: LoadResult, private: Iterable[str]) -> None:
    """Unpublished records, photos only they use, and the roster never reach the site."""
    published = {p.path for r in result.store for p in r.pictures}
    for record in result.all_records:
        if record.source in result.store.by_source:
            continue
        for path in [record.source, *(p.path for p in record.pictures if p.path not in published)]:
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
    # The roster holds names some volunteers asked not to publish, whichever plugins are on.
    for path in private:
        if (file := files.get_file_from_path(path)) is not None:
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
