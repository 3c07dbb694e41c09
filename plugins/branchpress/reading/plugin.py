"""`branchpress/reading`: 适老化 reading aids on every page (《互联网网站适老化通用设计规范》).

- 大字版: a control in Material's header sets the text size (100 %, 125 %, 150 %) and a
  high-contrast scheme (body text at least 7:1). The choice is kept in the browser's
  localStorage and applied by a tiny script at the top of <head>, before the first paint,
  so a page never flashes at the old size.
- 朗读: record pages read their title and text aloud with the browser's speech synthesis
  in Mandarin (zh-CN), with pause and stop; the control is shown only where the browser can speak.
- Without JavaScript both stay hidden and the page reads as it is.

The markup comes from overridable templates (`branchpress/partials/reading-controls.html`,
`branchpress/partials/read-aloud.html`, the latter included by record.html); the styles join
the one BranchPress stylesheet; the behaviour (`script.py`, 4 KB) is inlined at the end of the
page: a request of its own would compete with the page's first paint on a slow line. The
control is put into the header's HTML here, after Material rendered it, so Material's header
template stays Material's own.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..theme import add_stylesheet, register_templates
from .script import SCRIPT

STYLESHEET = "assets/branchpress/reading.css"
CONTROLS = "branchpress/partials/reading-controls.html"
# Runs before the first paint: the remembered settings, and whether the controls can work.
HEAD_SCRIPT = (
    "<script>(function(){var h=document.documentElement;h.setAttribute('data-bp-js','');"
    "if(window.speechSynthesis&&window.SpeechSynthesisUtterance)h.setAttribute('data-bp-speech','');"
    "try{var s=JSON.parse(localStorage.getItem('bp-reading')||'{}')||{};"
    "if(s.size==125||s.size==150)h.setAttribute('data-bp-size',String(s.size));"
    "if(s.contrast)h.setAttribute('data-bp-contrast','high')}catch(e){}})();</script>"
)
FIRST_STYLESHEET = re.compile(r'<link rel="stylesheet"')
HEADER_SEARCH = re.compile(r'<label class="md-header__button md-icon" for="__search">')
HEADER_END = re.compile(r"</nav>\s*</header>")


def with_reading_aids(html: str, controls: str) -> str:
    """The page with the head script, the header control and the script that wires it, once."""
    if "data-bp-js" in html or "</head>" not in html:
        return html
    head = FIRST_STYLESHEET.search(html)
    at = head.start() if head is not None and head.start() < html.index("</head>") else html.index("</head>")
    html = html[:at] + HEAD_SCRIPT + html[at:]
    spot = HEADER_SEARCH.search(html) or HEADER_END.search(html)
    if spot is not None:
        html = html[: spot.start()] + controls + html[spot.start() :]
    tag = f"<script>{SCRIPT}</script>"
    end = html.rfind("</body>")
    return html[:end] + tag + html[end:] if end != -1 else html


class ReadingPlugin(BasePlugin):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._controls = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        register_templates(config)
        add_stylesheet(config, STYLESHEET)
        return config

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # A global: record.html asks for it to include 朗读.
        env.globals["bp_reading"] = True
        self._controls = env.get_template(CONTROLS).render()
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return with_reading_aids(output, self._controls)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return with_reading_aids(output_content, self._controls)
