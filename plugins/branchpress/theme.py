"""Where BranchPress's default templates and assets join the theme."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

TEMPLATES = Path(__file__).resolve().parent / "templates"


def register_templates(config: MkDocsConfig) -> None:
    """Append our templates folder to the theme's search path, once.

    Appended last, so the site's custom_dir and Material itself take precedence and
    `theme/branchpress/<name>.html` overrides any of our templates.
    """
    if str(TEMPLATES) not in config.theme.dirs:
        config.theme.dirs.append(str(TEMPLATES))


def add_stylesheet(config: MkDocsConfig, path: str) -> None:
    """Put a stylesheet before the site's own, so the site's brand CSS can override it."""
    if path not in config.extra_css:
        config.extra_css.insert(0, path)
