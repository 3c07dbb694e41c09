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
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from .script import SCRIPT

BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
MARKER = "data-branchpress-material"
DIALOG = re.compile(r'<div class="md-search" data-md-component="search" role="dialog"(?=>)')
QUERY_LABEL = re.compile(r'<input [^>]*data-md-component="search-query"[^>]*>')
ARIA_LABEL = re.compile(r'aria-label="([^"]+)"')


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


def correct(html: str) -> str:
    return inject_script(name_search_dialog(html))


class MaterialPlugin(BasePlugin):
    supports_multiple_instances = False

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return correct(output)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return correct(output_content) if template_name.endswith(".html") else output_content
