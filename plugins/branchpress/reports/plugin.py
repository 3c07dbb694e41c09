"""`branchpress/reports`: /reports/ and one annual report (年度党建工作报告) per year, also as A4 PDF.

The report itself is built in the core (core/reports/annual.py) from the store, the
build's volunteer tally and organization life as numbers. This plugin adds the
pages, puts staff's own text (content/reports/YYYY.md, rendered by MkDocs like any
page) into the year's report, and prints it through core/printing, cached by
content so an unchanged year is never laid out again.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import stages
from ..adapter import records_of, service_of
from ..core.organization.summary import summarize_sittings
from ..core.printing.pdf import PrintCache, PrintRun, pdf_available
from ..core.reports.annual import AnnualReport, build_report
from ..core.site import urls
from ..core.site.render_keys import digest
from ..services import PhotoLibrary
from ..theme import register_templates
from .config import ReportsConfig

NAME = "branchpress/reports"
HAND_WRITTEN = re.compile(r"^reports/(\d{4})\.md$")
# A report's photos in print: wide enough for a third of A4 at about 150 dpi, small enough
# that a year of fifty photos stays a few MB.
PRINT_FRAME = (480, 320)
log = logging.getLogger(f"mkdocs.plugins.{NAME}")


class ReportsPlugin(BasePlugin[ReportsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._pages: dict[str, int] = {}  # src_uri of a year's report -> year
        self._index = urls.source(urls.REPORTS)
        self._reports: dict[int, AnnualReport] = {}
        self._written: dict[int, str] = {}  # year -> staff's text as HTML
        self._leads: dict[int, tuple[str, str]] = {}  # year -> (title, summary) the page shows
        self._documents: dict[int, str] = {}  # year -> the HTML to print once pages are done
        self._printing_run: PrintRun | None = None  # the PDFs being printed while the build goes on
        self._env = None
        self._serving = self._printing = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview shows the pages; laying out PDFs on every edit would slow it for nothing.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        records_of(config, NAME)
        register_templates(config)
        # Whether WeasyPrint works is asked only when a PDF must be printed (its import: 0.4 s).
        self._printing = self.config.pdf and not self._serving
        return config

    @event_priority(stages.ADD_PAGES)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        records = records_of(config, NAME)
        settings, outputs = records.settings, records.outputs
        written = {}
        for file in files.documentation_pages():
            if match := HAND_WRITTEN.match(file.src_uri):
                written[int(match[1])] = file.src_uri
                file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from /reports/, as generated years are
        years = sorted({r.year for r in records.store if r.is_published} | set(written), reverse=True)
        self._reports, self._pages, self._written, self._leads, self._documents = {}, {}, {}, {}, {}
        self._stop_printing()  # a run a failed build left behind
        for year in years:
            sittings = summarize_sittings(records.result.all_records, settings, year)
            options = {"leaderboard_size": self.config.leaderboard_size, "moments": self.config.moments}
            self._reports[year] = build_report(
                year, records.store, settings, records.tally, sittings, **options
            )
            src = written.get(year) or outputs.add_page(files, urls.source(urls.report(year)), NAME).src_uri
            self._pages[src] = year
            if records.planner is not None and year not in written:
                # A year with staff's text is always rendered: its print document takes it from the page.
                records.planner.sign(src, digest(NAME, self._reports[year], self._printing))
            if self._printing:
                outputs.claim(urls.report_pdf(year), NAME)
        if years:
            outputs.add_page(files, self._index, NAME)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        if src in self._pages:
            report = self._reports[self._pages[src]]
            page.meta.setdefault("title", report.title)
            page.meta.update(template="branchpress/report.html", hide=["toc"])
            self._leads[report.year] = (str(page.meta["title"]), str(page.meta.get("summary") or ""))
        elif src == self._index:
            page.meta.update(title="年度党建工作报告", template="branchpress/reports.html", hide=["toc"])
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self._pages and page.file.generated_by is None:
            # Staff's own report text, rendered from Markdown: the one trusted HTML of a report.
            self._written[self._pages[page.file.src_uri]] = Markup(html)
        return html

    @event_priority(stages.START_PRINTING)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page's Markdown is rendered by now, staff's report text with it: each year's
        print document is complete, and printing starts while MkDocs renders the pages."""
        self._env = env
        if self._reports:
            env.globals["bp_reports"] = urls.REPORTS  # home and culture link here when reports exist
        if self._printing:
            for year in self._pages.values():
                if year in self._leads:  # else its page was not read (yet): see on_post_page
                    self._documents[year] = self._print_document(year, config)
            self._start_printing(config)
        return env

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        src = page.file.src_uri
        if src in self._pages:
            year = self._pages[src]
            context["report"] = self._reports[year]
            context["report_pdf"] = urls.report_pdf(year) if self._printing else None
        elif src == self._index:
            context["reports"] = list(self._reports.values())
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A year whose page was not read before on_env gets its print document now."""
        year = self._pages.get(page.file.src_uri)
        if year is not None and self._printing and year not in self._documents:
            self._documents[year] = self._print_document(year, config)
            self._start_printing(config)
        return output

    @event_priority(stages.COLLECT_PRINTS)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for every year's PDF and put it into the site: last, so that the other plugins'
        work after the pages runs while the workers print."""
        if not self._documents:
            return
        self._start_printing(config, every_year=False)
        run, self._printing_run = self._printing_run, None
        outputs = records_of(config, NAME).outputs
        for year, printed in zip(sorted(self._documents), run.results(), strict=True):
            if isinstance(printed, Path):
                outputs.place(urls.report_pdf(year), printed, NAME)
            else:
                log.warning(f"{year} 年度报告没有生成 PDF：{printed}")
        self._documents = {}

    def _start_printing(self, config: MkDocsConfig, every_year: bool = True) -> None:
        """Once (with `every_year`, once every year's document is written)."""
        if self._printing_run is not None or (every_year and len(self._documents) < len(self._pages)):
            return
        branch = self._env.globals["brand"].name if "brand" in self._env.globals else config.site_name
        header = f"{branch} · {{}}年度党建工作报告"
        jobs = [(self._documents[y], config.docs_dir, header.format(y)) for y in sorted(self._documents)]
        cache = PrintCache(records_of(config, NAME).cache_dir / "reports")
        if any(not cache.is_kept(*job) for job in jobs) and (missing := pdf_available()):
            log.warning(f"年度报告不生成 PDF：{missing}")
            self._printing, self._documents = False, {}
            return
        self._printing_run = cache.start(jobs, os.cpu_count() or 1)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_printing()

    def _stop_printing(self) -> None:
        if self._printing_run is not None:
            self._printing_run.close()
            self._printing_run = None

    def _print_document(self, year: int, config: MkDocsConfig) -> str:
        """The year's report as the HTML the printer lays out on A4."""
        images = service_of(config, PhotoLibrary)

        def photo_file(path: str) -> str:
            found = images.rendition_filling(path, PRINT_FRAME)[1] if images is not None else None
            return Path(found).as_uri() if found else ""

        title, summary = self._leads.get(year, (self._reports[year].title, ""))
        document = self._env.get_template("branchpress/report-print.html").render(
            config=config,
            report=self._reports[year],
            title=title,
            summary=summary,
            written=self._written.get(year, ""),
            photo_file=photo_file,
        )
        # Withheld names stop the build, as in any output.
        records_of(config, NAME).outputs.check(urls.report_pdf(year), NAME, document)
        return document
