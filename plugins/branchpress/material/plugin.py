"""`branchpress/material`: corrections to what Material for MkDocs does in the visitor's browser.

Applied to every HTML page MkDocs writes: pages (`on_post_page`) and static templates such as
404.html (`on_post_template`). A page without Material's bundle (another theme) is left as is.

- The script of `script.py` is inlined right before Material's bundle (a plain `<script src>`
  near the end of `<body>`), so it runs first and costs no request: Material's search index and
  worker then load only when the visitor opens search, and Material no longer looks up a
  sitemap beside every feed link.
- Material's search dialog (`<div class="md-search" role="dialog">`) has no accessible name,
  which axe-core and Lighthouse report as a serious violation (aria-dialog-name); it is given
  the label Material already uses, in the site's language, for the search box.
- Stylesheets that block the first paint are kept to what the site uses. Material's palette
  stylesheet holds its named colours and the dark scheme only; with the brand's custom colours
  on the default scheme it styles nothing, so its `<link>` is dropped. Material's main
  stylesheet is rewritten at the end of `mkdocs build` without the rules no page or script of
  the site can use (core/site/unused_css.py): 138 KB become about 70. `mkdocs serve` keeps it
  whole, since a preview renders only some pages.
- Material's templates indent their HTML deeply: a fifth of a page is spaces at the start of
  lines, which a host that does not compress sends as they are. They are dropped outside
  <pre>, <textarea>, <code>, <script> and <style>; line breaks stay, so text renders the same.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_or_none
from ..core.site.names_memo import NamesMemo
from ..core.site.unused_css import UsedNames
from ..services import RecordsContext
from .script import SCRIPT

NAME = "branchpress/material"
BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
MARKER = "data-branchpress-material"
DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?=>)')
QUERY_LABEL = re.compile(r'<input [^>]*data-md-component="search-query"[^>]*>')
ARIA_LABEL = re.compile(r'aria-label="([^"]+)"')
PALETTE_LINK = re.compile(
    r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/palette\.[0-9a-f]+\.min\.css">'
)
MAIN_STYLESHEET = re.compile(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css")
KEEP_SPACES = re.compile(r"<(pre|textarea|code|script|style)\b.*?</\1\s*>", re.I | re.S)
INDENTATION = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def strip_indentation(html: str) -> str:
    """Spaces at the start of lines and blank lines out, where HTML does not keep them."""
    parts, last = [], 0
    for kept in KEEP_SPACES.finditer(html):
        parts.append(INDENTATION.sub("\n", html[last : kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(INDENTATION.sub("\n", html[last:]))
    return "".join(parts)


def name_search_dialog(html: str) -> str:
    """Give Material's search dialog the search box's own (translated) label."""
    query = QUERY_LABEL.search(html)
    label = ARIA_LABEL.search(query.group(0)) if query else None
    if label is None:
        return html
    return DIALOG.sub(lambda match: f'{match.group(0)} aria-label="{label.group(1)}"', html, count=1)


def inject_script(html: str) -> str:
    """Insert the script once, right before Material's bundle."""
    match = BUNDLE.search(html)
    if match is None or MARKER in html:
        return html
    tag = f"<script {MARKER}>{SCRIPT}</script>"
    return html[: match.start()] + tag + html[match.start() :]


def correct(html: str, drop_palette: bool = False) -> str:
    html = inject_script(name_search_dialog(strip_indentation(html)))
    return PALETTE_LINK.sub("", html, count=1) if drop_palette else html


def palette_styles_nothing(palette: object) -> bool:
    """True when Material's palette stylesheet has no rule for this palette: one scheme, the
    default, with custom primary and accent colours (the brand's, from branchpress/brand)."""
    if isinstance(palette, list):
        if len(palette) != 1:
            return False  # a palette toggle switches schemes: the stylesheet is needed
        palette = palette[0]
    if not isinstance(palette, dict):
        return False
    return (
        palette.get("scheme", "default") == "default"
        and palette.get("primary") == "custom"
        and palette.get("accent") == "custom"
    )


class MaterialPlugin(BasePlugin):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._serving = False
        self._drop_palette = False
        self._stylesheet: File | None = None
        # Classes used by the pages of this build, and the scripts each page loads.
        self._used: UsedNames | None = None
        self._memo: NamesMemo | None = None
        self._sources: dict[Path, list[str]] = {}
        self._records: RecordsContext | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._drop_palette = palette_styles_nothing(config.theme.get("palette"))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Material's main stylesheet is written trimmed after the pages, by the one writer."""
        self._stylesheet, self._used, self._memo = None, None, None
        if self._serving or records_or_none(config) is None:
            return files
        for file in files.css_files():
            if MAIN_STYLESHEET.fullmatch(file.src_uri) and file.abs_src_path:
                self._stylesheet = file
                files.remove(file)
        if self._stylesheet is not None:
            self._records = records = records_or_none(config)
            self._used, self._sources = UsedNames(), {}
            self._memo = NamesMemo(records.cache_dir / "css" / "names.json")
        return files

    def _correct_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return correct(output, self._drop_palette)

    @event_priority(stages.READ_CLASSES)
    def _read_classes(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Last of all: the classes of the page as written (a kept page's too), read here rather
        than from the file afterwards; the pages' HTML is by far most of what is read."""
        if self._used is None or self._memo is None or self._records is None:
            return output
        target = Path(page.file.abs_dest_path).resolve()
        # A page kept from the last build has no output here: it is known by its digest, or its
        # file is read in on_post_build like any other.
        digest = None if output else self._records.kept_page_digest(page)
        sources = self._memo.add_html(self._used, output) if output else None
        if digest is not None:
            sources = self._memo.add_known_html(self._used, digest)
        if sources is not None:
            self._sources[target] = sources
        return output

    on_post_page = CombinedEvent(_correct_page, _read_classes)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return correct(output_content, self._drop_palette)

    @event_priority(stages.TRIM_STYLESHEET)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        records = records_or_none(config)
        used, memo = self._used, self._memo
        if self._stylesheet is None or records is None or used is None or memo is None:
            return
        site = Path(config.site_dir).resolve()
        # 404.html links its scripts from the site's root path, as it is served at any depth.
        root = urlsplit(config.site_url or "/").path or "/"
        scripts: set[Path] = set()
        for page in site.rglob("*.html"):
            page = page.resolve()
            sources = self._sources.get(page)
            if sources is None:  # not a page: a template or a file copied from docs
                sources = memo.add_html(used, page.read_text(encoding="utf-8", errors="replace"))
            for source in sources:
                path = urlsplit(source).path
                if "//" in source:
                    continue  # a script from another host is never the site's
                folder = page.parent
                if path.startswith(root):
                    folder, path = site, path[len(root) :]
                scripts.add((folder / path).resolve())
        for script in sorted(path for path in scripts if path.is_file() and site in path.parents):
            memo.add_script(used, script.read_text(encoding="utf-8", errors="replace"))
        for other in site.rglob("*.css"):
            if other.name != Path(self._stylesheet.dest_uri).name:
                used.add_stylesheet(other.read_text(encoding="utf-8", errors="replace"))
        css = Path(self._stylesheet.abs_src_path).read_text(encoding="utf-8")
        records.outputs.write(self._stylesheet.dest_uri, memo.trim(css, used), NAME)
        memo.save()
