"""HTML to an A4 PDF with WeasyPrint: page numbers 第 N 页, a running header, the typeface embedded.

WeasyPrint needs Pango from the operating system. Where it is missing the PDF
cannot be made, but the HTML beside it still can: callers catch `PdfUnavailable`
and tell staff, in Chinese, what to install.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from . import typeface
from .typeface import FAMILIES, font_faces

# Part of every PDF's cache key: a change to how documents are printed retires the kept PDFs,
# so that a build with the cache prints what a build without it would.
# 2: the cut typeface is really used (WeasyPrint needs the FontConfiguration); 3: fonts dated;
# 4: only the site's own files are read (a PDF kept from before may hold a foreign file);
# 5: characters the typeface lacks drawn as boxes of their own, charts in the typeface;
# 6: CIDs numbered in place, so MuPDF draws the text.
PRINT_VERSION = "6"
# WeasyPrint subsets each font with fontTools, which stamps the subset's `head.modified` with
# the time of saving unless SOURCE_DATE_EPOCH says otherwise (the reproducible-builds rule):
# without it, the same document printed a second later is a different file. A site that sets
# SOURCE_DATE_EPOCH keeps its own; otherwise fonts carry this fixed moment (2024-01-01 UTC).
FONT_EPOCH = "1704067200"
INSTALL_HINT = (
    "生成 PDF 需要系统的 Pango 排版库。Debian/Ubuntu 上运行："
    "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0；其他系统见 "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html 。HTML 版已经写好，可以先用浏览器打开打印。"
)


class PdfUnavailable(Exception):
    """The PDF cannot be made on this machine; the message says why and what to install."""


def pdf_available() -> str:
    """ "" when PDFs can be made here, else what to install (Chinese)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return f"{INSTALL_HINT}（{error}）"
    return ""


def _page_css(header: str) -> str:
    running = f'@top-right {{ content: "{_css_string(header)}"; }}' if header else ""
    return f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm;
  @bottom-center {{ content: "第 " counter(page) " 页"; }}
  {running}
}}
@page :first {{
  @top-right {{ content: none; }}
  @bottom-center {{ content: none; }}
}}
@page {{ @top-right {{ font: 9pt {FAMILIES}; color: #666; }} @bottom-center {{ font: 9pt {FAMILIES}; color: #666; }} }}
html {{ font-family: {FAMILIES}; }}
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def render_pdf(
    document: str,
    base_url: str | Path,
    header: str = "",
    fonts: Path | None = None,
    readable: tuple[Path, ...] = (),
) -> bytes:
    """The HTML `document` printed on A4; images and links resolve against `base_url`.

    The first page is the cover: no header, no number. `fonts`: where cut typefaces are kept
    between documents (core/printing/typeface.py). The printer reads only files under
    `base_url`, the `readable` folders and its own typefaces, and `data:` URLs: never the
    network, never another file of the machine (see `_site_files`). Raises PdfUnavailable.
    """
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: a shared library such as Pango is missing
        raise PdfUnavailable(f"{INSTALL_HINT}（{error}）") from None
    with tempfile.TemporaryDirectory(prefix="branchpress-print-") as folder:
        fetcher = _site_files(URLFetcher, (Path(base_url), *readable, Path(folder)))
        faces = font_faces(_text(document, header), Path(folder), fonts)
        document = _svg_in_print_faces(document)
        # Without one FontConfiguration shared by the stylesheet and the layout, WeasyPrint
        # ignores @font-face and lays the text out in whatever system font fontconfig offers.
        fonts_used = FontConfiguration()
        styles = [CSS(string=faces + _page_css(header), font_config=fonts_used, url_fetcher=fetcher)]
        with _font_clock():
            return HTML(string=document, base_url=str(base_url), url_fetcher=fetcher).write_pdf(
                stylesheets=styles, font_config=fonts_used
            )


_SVG_START = re.compile(r"<svg\b(?![^>]*\bfont-family=)", re.IGNORECASE)


def _svg_in_print_faces(document: str) -> str:
    """Every inline SVG draws its text in the print faces. WeasyPrint's SVG renderer does not
    inherit the page's font: without this a chart's labels come out in whatever sans-serif
    fontconfig offers (DejaVu, or Noto Sans CJK JP with Japanese glyph forms)."""
    return _SVG_START.sub(f"<svg font-family='{FAMILIES}'", document)


def _site_files(fetcher_class, roots: tuple[Path, ...]):
    """A URL fetcher that reads `data:` URLs and files under `roots`, and refuses the rest.

    WeasyPrint's default fetcher opens any URL a document names: an `<img src=file:///…>` in
    staff's report text would embed a file of the build machine into the public PDF, and an
    `http://` one (spelled with entities to get past the Markdown checks) would be requested
    from the build machine, intranet addresses included. A refused URL is skipped, as WeasyPrint
    skips an image it cannot load.
    """
    allowed = tuple(root.resolve() for root in roots)

    class SiteFiles(fetcher_class):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data" or (scheme == "file" and _inside(_file_path(url), allowed)):
                return super().fetch(url, headers)
            raise ValueError(f"BranchPress prints only the site's own files, not {url[:80]}")

    return SiteFiles(allowed_protocols=("file", "data"), allow_redirects=False)


def _file_path(url: str) -> Path:
    return Path(url2pathname(unquote(urlsplit(url).path))).resolve()


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return path.is_file() and any(path.is_relative_to(root) for root in roots)


@contextmanager
def _font_clock():
    """SOURCE_DATE_EPOCH set while WeasyPrint writes fonts (see FONT_EPOCH), then as it was."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _text(document: str, header: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", document)) + header


class PrintCache:
    """PDFs kept by the hash of everything that goes into them, so an unchanged report is never
    laid out twice and a past year's file stays byte-identical build after build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, document: str, base_url: str | Path, header: str = "") -> Path:
        """Where the document's PDF is (or will be) kept."""
        from importlib.metadata import version

        from branchpress.core.share.fonts import packaged_face

        parts = (
            document,
            str(base_url),
            header,
            packaged_face().fingerprint,
            version("weasyprint"),
            PRINT_VERSION,
        )
        key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{key}.pdf"

    def is_kept(self, document: str, base_url: str | Path, header: str = "") -> bool:
        """Whether the document's PDF is kept and whole: its bytes match the digest noted beside
        it when it was written (a truncated or damaged file is printed again, never published)."""
        path = self.path(document, base_url, header)
        try:
            noted = path.with_suffix(".digest").read_text(encoding="ascii").strip()
            return noted == _digest(path.read_bytes())
        except (OSError, UnicodeDecodeError):
            return False

    def pdf(self, document: str, base_url: str | Path, header: str = "") -> Path:
        """The cached PDF of the document, rendered first when it is new or damaged; raises
        PdfUnavailable."""
        path = self.path(document, base_url, header)
        if not self.is_kept(document, base_url, header):
            # The cache folder holds the photos' renditions a report shows.
            data = render_pdf(
                document, base_url, header, fonts=self.folder / "fonts", readable=(self.folder.parent,)
            )
            self.folder.mkdir(parents=True, exist_ok=True)
            # The PDF first, then its digest: the digest marks it complete.
            for target, content in ((path, data), (path.with_suffix(".digest"), _digest(data).encode())):
                partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
                partial.write_bytes(content)
                partial.replace(target)
        return path

    def print_all(self, jobs: list[tuple[str, str | Path, str]], workers: int) -> list[Path | str]:
        """Each (document, base_url, header) printed: a path each, or the reason (Chinese) it
        could not be printed."""
        return self.start(jobs, workers).results()

    def start(self, jobs: list[tuple[str, str | Path, str]], workers: int) -> PrintRun:
        """Start printing the new documents in worker processes and return at once, so that
        the build goes on meanwhile; `results()` of what it returns waits for them."""
        return PrintRun(self, jobs, workers)


class PrintRun:
    """Documents being printed side by side. The new ones share one instance of the typeface per
    weight, cut for all their characters at once: the weights are cut first, side by side, and a
    document that reaches a weight still being cut waits for it (core/printing/typeface.py)."""

    def __init__(self, cache: PrintCache, jobs: list[tuple[str, str | Path, str]], workers: int) -> None:
        self.cache, self.jobs = cache, jobs
        self._pool: ProcessPoolExecutor | None = None
        self._futures = []
        new = [job for job in jobs if not cache.is_kept(*job)]
        if not new or workers < 2 or pdf_available():
            return
        fonts = cache.folder / "fonts"
        needed = frozenset().union(*(typeface.characters(_text(job[0], job[2])) for job in new))
        missing = [weight for weight in typeface.WEIGHTS if not typeface.is_prepared(needed, weight, fonts)]
        if len(new) + len(missing) < 3:
            return  # one document and at most one weight to cut: nothing to do side by side
        # forkserver: the build runs threads (the share images' pool), and forking a threaded
        # process can hang.
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(min(workers, len(new) + len(missing)), mp_context=context)
        self._futures = [self._pool.submit(typeface.prepare, needed, weight, fonts) for weight in missing]
        self._futures += [self._pool.submit(_print_quietly, cache.folder, job) for job in new]

    def results(self) -> list[Path | str]:
        try:
            for future in self._futures:
                future.result()
        finally:
            self.close()
        return [_print_quietly(self.cache.folder, job) for job in self.jobs]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._futures = None, []


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _print_quietly(folder: Path, job: tuple[str, str | Path, str]) -> Path | str:
    try:
        return PrintCache(folder).pdf(*job)
    except PdfUnavailable as error:
        return str(error)
