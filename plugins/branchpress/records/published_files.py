"""Only what the site needs is published from content/ (core/records/screening.py).

Runs in on_env: every page is converted by then, so the files their bodies link are known
(collected with the off-host check), and MkDocs has not copied a file yet.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..adapter import text_settings
from ..core.imaging.stripped import stripped_copy
from ..core.problems import Problem
from ..core.records.screening import ContentFile, Decision, screen


def screen_files(files: Files, config: MkDocsConfig, linked: set[str], cache: Path) -> list[Problem]:
    """Drop what no published page needs, publish photos without metadata; the problems."""
    docs = Path(config.docs_dir).resolve()
    originals: dict[str, File] = {}
    found: list[ContentFile] = []
    for file in files:
        if file.generated_by is not None or file.is_documentation_page() or not file.abs_src_path:
            continue
        source = Path(file.abs_src_path)
        if not _inside(source.absolute(), docs):
            continue  # the theme's own files
        originals[file.src_uri] = file
        outside = not _inside(source.resolve(), docs)
        found.append(ContentFile(file.src_uri, urllib.parse.unquote(file.url).lstrip("/"), outside))
    needed = linked | _named_in_config(config)
    decisions, problems = screen(found, needed, lambda path: (docs / path).read_bytes())
    for path, decision in decisions.items():
        file = originals[path]
        if decision is Decision.DROP:
            files.remove(file)
        elif decision is Decision.STRIP:
            copy, problem = stripped_copy(Path(file.abs_src_path), cache, path)
            if problem is not None:
                problems.append(problem)
            elif copy is not None:
                file.abs_src_path = str(copy)  # the same URL, the picture without its metadata
    return problems


def _inside(path: Path, folder: Path) -> bool:
    return os.path.commonpath([path, folder]) == str(folder)


def _named_in_config(config: MkDocsConfig) -> set[str]:
    """Files mkdocs.yml names (the logo, the favicon, extra_css): needed though no page links them."""
    named = {value.strip().lstrip("/") for _, value in text_settings(config)}
    for key in ("logo", "favicon"):
        if isinstance(config.theme.get(key), str):
            named.add(config.theme[key].lstrip("/"))
    named |= {str(getattr(entry, "path", entry)).lstrip("/") for entry in config.extra_javascript}
    named |= {str(entry).lstrip("/") for entry in config.extra_css}
    return named
