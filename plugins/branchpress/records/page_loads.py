"""The off-host rule at build time: every page's rendered body is read as it is converted
(core/site/page_loads.py), the problems of all pages are collected, and the build stops
before anything is written (on_env runs after every page is converted and before MkDocs
copies a file or writes a page), so a refused page never reaches `site/`.

`branchpress check` renders the same Markdown with the site's own extensions (`render_body`),
so it reports the same problems without building.
"""

from __future__ import annotations

from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig

from ..core.problems import Problem
from ..core.records.config_checks import material_problems
from ..core.records.frontmatter import FrontMatterError, split_record
from ..core.records.off_host import off_host_problems
from ..core.records.settings import SiteSettings
from ..core.site.page_loads import other_host, page_loads


def body_problems(
    source: str, source_text: str, html: str, page_url: str, settings: SiteSettings, *, is_record: bool
) -> list[Problem]:
    """The off-host problems of one page's rendered body, on the lines of its file."""
    loads = page_loads(html, page_url, settings.own_hosts)
    if not loads:
        return []
    return off_host_problems(
        source,
        source_text,
        loads,
        settings.allowed_hosts,
        body_line=_body_line(source_text),
        is_record=is_record,
    )


def source_text(abs_src_path: str | None) -> str:
    """The file as staff wrote it (a record's page is handed its public body instead)."""
    try:
        return Path(abs_src_path or "").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def render_body(config: MkDocsConfig, text: str) -> str:
    """A page's Markdown as the build converts it: the site's extensions and their options."""
    try:
        body = split_record(text).body if text.startswith("---") else text
    except FrontMatterError:
        body = text
    converter = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
    )
    return converter.convert(body)


def _body_line(text: str) -> int:
    """Where the body starts, so that a host named in the front matter is not taken for it."""
    if not text.startswith("---"):
        return 1
    try:
        return split_record(text).body_line
    except FrontMatterError:
        return 1


def config_load_problems(config: MkDocsConfig, settings: SiteSettings, config_text: str) -> list[Problem]:
    """mkdocs.yml settings that make Material load from another host (core/records/config_checks.py)."""
    values = {
        "theme.font": config.theme.get("font"),
        "theme.logo": config.theme.get("logo"),
        "theme.favicon": config.theme.get("favicon"),
        "extra.analytics": (config.extra or {}).get("analytics"),
        "repo_url": config.repo_url,
        "extra_javascript": [str(getattr(script, "path", script)) for script in config.extra_javascript],
        "extra_css": [str(path) for path in config.extra_css],
    }
    return material_problems(values, lambda url: other_host(url, settings.own_hosts), config_text)
