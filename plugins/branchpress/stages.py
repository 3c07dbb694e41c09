"""When each BranchPress plugin acts: the order of the pipeline, written down once.

MkDocs 1.6 runs a build in this order: on_startup, on_config, on_pre_build, on_files,
on_nav; then every page is read and converted (on_pre_page, on_page_markdown,
on_page_content); then on_env; then the theme's static templates; then every page is
templated and written (on_page_context, on_post_page); last on_post_build. Within one
event, handlers run by `event_priority` (higher first), then in the order of `plugins:`
in mkdocs.yml. Every BranchPress handler whose order matters takes its priority from a
constant below, grouped by event in that order; `PIPELINE` says for each which plugin
acts then and why, and tests/unit/test_stages.py holds it against every handler.

Two rules follow from the order and are relied on:
- A page the records plugin keeps from the last `mkdocs build` is not converted again;
  its body is restored in on_page_content at RESTORE_BODIES, after every other
  plugin's on_page_content. Feeds (on_post_build) and search (on_page_markdown and
  on_post_build) read `page.content` only after that, so they see the same body for a
  kept page as for a page rendered now; a new reader of page bodies must read them in
  on_page_context or later (or in on_page_content at a priority below RESTORE_BODIES).
- No withheld name leaves in a page (GUARD_PAGES) before a kept page's file is moved
  back (RESTORE_FILES), and Material's classes are read from the page last of all
  (READ_CLASSES), kept pages included.

Files other than pages are written through one writer (outputs.py), which refuses a
second producer of a path and any output that spells a withheld name.
"""

from __future__ import annotations

from dataclasses import dataclass

# on_files
LOAD_RECORDS = 100
PROCESS_PHOTOS = 90
START_SHARE_IMAGES = 20
ADD_PAGES = -40
BUILD_NAV = -50
# on_nav
PLAN_RENDER = -100
# on_page_markdown
PORTAL_HOME = 10
INDEX_SEARCH = -90
# on_page_content
BODY_PHOTOS = 50
RESTORE_BODIES = -1000
CHECK_PAGE_LOADS = -1010
# on_env
STOP_ON_PAGE_LOADS = 110
ESCAPE_TEMPLATES = 100
START_PRINTING = -100
# on_page_context
PAGE_CONTEXT = -10
# on_post_page
GUARD_PAGES = -100
RESTORE_FILES = -1000
READ_CLASSES = -1100
# on_post_build
WRITE_SEARCH_INDEX = -50
TRIM_STYLESHEET = -200
COLLECT_PRINTS = -300
REMEMBER_BUILD = -1000


@dataclass(frozen=True)
class Stage:
    event: str
    priority: int
    plugins: tuple[str, ...]
    why: str


PIPELINE = (
    Stage("on_files", LOAD_RECORDS, ("records",), "loads the roster and the store (public views of records) and checks pages; every later step reads it"),
    Stage("on_files", PROCESS_PHOTOS, ("images",), "processes photos before anything shows one"),
    Stage("on_files", START_SHARE_IMAGES, ("share",), "starts rendering cards and posters in worker processes while MkDocs renders pages"),
    Stage("on_files", ADD_PAGES, ("brand", "volunteers", "feeds", "reports", "portal"), "add their generated pages, so that the nav can link them (portal: after fetching members' feeds)"),
    Stage("on_files", BUILD_NAV, ("pages",), "adds the listings, builds the nav from every page added so far, joins every plugin's stylesheet into one"),
    Stage("on_nav", PLAN_RENDER, ("records",), "decides which pages to render, after every plugin signed its pages"),
    Stage("on_page_markdown", PORTAL_HOME, ("portal",), "gives the home page the portal's template before pages would give it the branch's"),
    Stage("on_page_markdown", INDEX_SEARCH, ("search",), "sees each page's final `search` meta (listings exclude themselves)"),
    Stage("on_page_content", BODY_PHOTOS, ("images",), "turns body photos into <picture> before mkdocs-glightbox wraps plain images"),
    Stage("on_page_content", RESTORE_BODIES, ("records",), "keeps what the next build needs of the page, or gives a kept page its body back"),
    Stage("on_page_content", CHECK_PAGE_LOADS, ("records",), "last: reads the body as published (kept pages included) for off-host loads and scripts (records/page_loads.py)"),
    Stage("on_env", STOP_ON_PAGE_LOADS, ("records",), "first: every page is converted, nothing is written yet; off-host loads and scripts of every page stop the build in one report"),
    Stage("on_env", ESCAPE_TEMPLATES, ("records",), "before any plugin renders a template: every template named branchpress/ autoescapes before any plugin renders one (theme.py)"),
    Stage("on_env", START_PRINTING, ("reports",), "every page's Markdown is rendered and every global set: writes each year's print document and starts printing side by side"),
    Stage("on_page_context", PAGE_CONTEXT, ("volunteers",), "after pages has put `bp` into the context"),
    Stage("on_post_page", GUARD_PAGES, ("records",), "no withheld name leaves in a page, whatever its template or mkdocs.yml put into it"),
    Stage("on_post_page", RESTORE_FILES, ("records",), "a page kept from the last build gets its HTML back (records/replay.py)"),
    Stage("on_post_page", READ_CLASSES, ("material",), "last: reads the classes of the page as written, for trimming Material's stylesheet"),
    Stage("on_post_build", WRITE_SEARCH_INDEX, ("search",), "after Material's search plugin wrote the index it rewrites"),
    Stage("on_post_build", TRIM_STYLESHEET, ("material",), "trims Material's stylesheet to the classes every page and script uses"),
    Stage("on_post_build", COLLECT_PRINTS, ("reports",), "waits for the PDFs, after search and material did their work while the workers printed"),
    Stage("on_post_build", REMEMBER_BUILD, ("records",), "last: saves what the next build can keep (render keys, page data, digests of the files written)"),
)  # fmt: skip
