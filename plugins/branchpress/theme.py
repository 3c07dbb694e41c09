"""Where BranchPress's default templates and assets join the theme.

Each plugin adds its stylesheet under `assets/branchpress/` (the brand's is generated from
mkdocs.yml); `join_stylesheets` then makes them one file, `assets/branchpress/branchpress.css`,
so a first view waits for one BranchPress request instead of one per plugin (each a separate
render-blocking request). CSS only some pages need (the volunteer pages') is linked by those
pages' templates instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .core.site.compact_css import compact

if TYPE_CHECKING:
    from .adapter import Outputs

TEMPLATES = Path(__file__).resolve().parent / "templates"
OURS = "branchpress/"
ASSETS = "assets/branchpress/"
STYLESHEET = ASSETS + "branchpress.css"


def register_templates(config: MkDocsConfig) -> None:
    """Append our templates folder to the theme's search path, once.

    Appended last, so the site's custom_dir and Material itself take precedence and
    `theme/branchpress/<name>.html` overrides any of our templates.
    """
    if str(TEMPLATES) not in config.theme.dirs:
        config.theme.dirs.append(str(TEMPLATES))


def escape_ours(env: Environment) -> Environment:
    """Autoescape every template named `branchpress/...` in this environment: ours, and the
    site's overrides of them in `theme/branchpress/`, which cannot forget it.

    MkDocs makes the theme's environment without autoescape and Material's templates rely
    on that, so it is decided by template name: Material's own templates (and the parts of
    a page they render) stay as they are, while in ours a record's title, summary, place,
    names and captions are text wherever they appear. Trusted HTML (the rendered body, a
    chart) is passed as `Markup` or marked `|safe`, deliberately, in one place each.
    """
    previous = env.autoescape
    if getattr(previous, "branchpress", False):
        return env

    def autoescape(name: str | None) -> bool:
        if name is not None and name.startswith(OURS):
            return True
        return bool(previous(name) if callable(previous) else previous)

    autoescape.branchpress = True  # type: ignore[attr-defined]
    env.autoescape = autoescape
    return env


def template_env(config: MkDocsConfig) -> Environment:
    """The theme's environment for rendering one of our templates outside a build's pages
    (a body photo, a 公众号 article, the ledger): our templates registered and escaped."""
    register_templates(config)
    return escape_ours(config.theme.get_env())


def add_stylesheet(config: MkDocsConfig, path: str) -> None:
    """Put a stylesheet before the site's own, so the site's brand CSS can override it."""
    if path not in config.extra_css:
        config.extra_css.insert(0, path)


def join_stylesheets(config: MkDocsConfig, files: Files, outputs: Outputs, producer: str) -> None:
    """Make BranchPress's stylesheets in `extra_css` one, in their order (the brand's last).

    Each part is read from the file MkDocs would have copied (so `theme/` still overrides a
    part) or generated (the brand's), sent without comments and indentation, and is not
    published on its own.
    """
    parts = [path for path in config.extra_css if path.startswith(ASSETS) and path != STYLESHEET]
    sources = [(path, files.get_file_from_path(path)) for path in parts]
    sources = [(path, file) for path, file in sources if file is not None]
    if not sources:
        return
    position = config.extra_css.index(sources[0][0])
    css = []
    for path, file in sources:
        css.append(f"/* {path.removeprefix(ASSETS)} */\n{compact(file.content_string)}")
        files.remove(file)
        config.extra_css.remove(path)
    config.extra_css.insert(position, STYLESHEET)
    outputs.add_file(files, STYLESHEET, producer, content="\n".join(css))
