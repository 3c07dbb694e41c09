"""The text of a printed document reads back exactly as written in the four readers inspectors'
tools and archives are built on: poppler (`pdftotext`), MuPDF, pypdf and pdfminer.six.

The document holds more than a thousand distinct characters (a real year's report does; WeasyPrint
once switched large fonts to an encoding of its own that pypdf and pdfminer cannot read), 民 and
长 (a face maps them back to look-alike radicals unless it is cut with care), a full-width
space, and characters the typeface lacks: a private-use character from a pasted Word file and an
emoji. Every font in the PDF is one BranchPress embeds, chart labels included.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pymupdf as fitz
import pytest
from branchpress.core.printing.pdf import render_pdf
from branchpress.core.site.chart import Bar, bar_chart
from helpers.printing import REQUIRE_ENV
from pdfminer.high_level import extract_text as pdfminer_text
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

pytestmark = [pytest.mark.usefixtures("pango"), pytest.mark.slow]

HEADER = "2025年度党建工作报告"
LEAD = "民主评议党员，长期坚持。"
INDENTED = "\u3000\u3000首行缩进两格的一段。"
LACKING = "从 Word 粘贴的\ue000私用字符，和表情🎉都要读得出来。"


def _common_characters(count: int) -> str:
    """The first `count` characters of GB2312's first level (the 3,755 most used, by pinyin)."""
    found = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                found.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(found[:count])


def _paragraphs() -> list[str]:
    common = _common_characters(1200)
    sentences = [common[start : start + 40] + "。" for start in range(0, len(common), 40)]
    return [LEAD, INDENTED, *sentences, LACKING]


def _document(paragraphs: list[str], chart: str = "") -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{HEADER}</title></head>'
        f"<body><h1>{HEADER}</h1>{chart}{body}</body></html>"
    )


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("pdf-text")
    paragraphs = _paragraphs()
    assert len(set("".join(paragraphs))) > 1000
    path = folder / "report.pdf"
    path.write_bytes(render_pdf(_document(paragraphs), folder, header=HEADER, fonts=folder / "fonts"))
    return path, paragraphs


def _require_poppler(program: str) -> None:
    if shutil.which(program) is None:
        reason = f"{program} not found: apt-get install poppler-utils"
        if os.environ.get(REQUIRE_ENV, "") not in ("", "0"):
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1: CI runs every test)", pytrace=False)
        # poppler is a system program: a machine without it cannot run this reader's check, and
        # README's test command must pass anywhere; CI installs poppler-utils and fails instead.
        pytest.skip(reason)


def _poppler(path: Path) -> str:
    _require_poppler("pdftotext")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _mupdf(path: Path) -> str:
    with fitz.open(path) as document:
        return "".join(page.get_text() for page in document)


def _pypdf(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _pdfminer(path: Path) -> str:
    return pdfminer_text(str(path))


READERS = {"poppler": _poppler, "mupdf": _mupdf, "pypdf": _pypdf, "pdfminer": _pdfminer}


def _as_read(text: str) -> str:
    """What a reader extracted, without what layout adds: white space (line breaks where lines
    wrap, the full-width spaces included), page numbers and the running header."""
    text = re.sub(r"第\s*\d+\s*页", "", text)
    text = re.sub(r"\s+", "", text)
    return text.replace(HEADER, "")


@pytest.mark.parametrize("reader", READERS)
def test_every_paragraph_reads_back_as_written_and_in_order(printed, reader: str) -> None:
    path, paragraphs = printed
    text = READERS[reader](path)
    assert "\x00" not in text, f"{reader} read NUL characters: {text[:80]!r}"
    radicals = re.findall("[\u2e80-\u2fdf]", text)
    assert not radicals, f"{reader} read look-alike radicals: {radicals[:10]}"
    read = _as_read(text)
    position = 0
    for paragraph in paragraphs:
        expected = _as_read(paragraph)
        found = read.find(expected, position)
        assert found >= 0, (
            f"{reader} did not read {expected[:30]!r} after position {position}: {read[position : position + 60]!r}"
        )
        position = found + len(expected)


def _font_names(path: Path) -> set[str]:
    """The base name of every font of every page, those of forms (an SVG chart) included."""
    with fitz.open(path) as document:
        return {font[3] for page in document for font in page.get_fonts(full=True)}


def test_only_the_embedded_faces_draw_the_text_chart_labels_included(tmp_path) -> None:
    chart = bar_chart(
        [Bar(f"{month}月", month % 4, f"2025年{month}月") for month in range(1, 13)],
        chart_id="months",
        title="2025年每月开展活动场次",
        description="柱状图",
        unit="场",
    )
    document = _document([LEAD, LACKING], chart=f'<div class="bp-report__chart">{chart}</div>')
    path = tmp_path / "chart.pdf"
    path.write_bytes(render_pdf(document, tmp_path, header=HEADER, fonts=tmp_path / "fonts"))
    names = _font_names(path)
    assert names, "the PDF lists no font"
    strangers = {name for name in names if "BranchPress" not in name.replace("-", "").replace(" ", "")}
    assert not strangers, f"text drawn in faces BranchPress does not embed: {sorted(names)}"
    # The chart's labels are there, in the text layer, as written.
    assert "12月" in _mupdf(path)


# Drawing, not only the text layer: a viewer built on MuPDF (SumatraPDF, many phone readers) once
# drew nothing of the cut face — it looks each character up in the face as the PDF specification
# says, and the face numbered its glyphs as the whole typeface does.
DPI = 72


def _mupdf_page(document: fitz.Document, number: int) -> Image.Image:
    picture = document[number].get_pixmap(dpi=DPI, colorspace=fitz.csGRAY)
    return Image.frombytes("L", (picture.width, picture.height), picture.samples)


def test_mupdf_draws_ink_on_every_line_it_reads(printed) -> None:
    path, _paragraphs = printed
    with fitz.open(path) as document:
        for number, page in enumerate(document):
            drawn = _mupdf_page(document, number)
            scale = DPI / 72
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    if not text:
                        continue
                    box = tuple(round(edge * scale) for edge in line["bbox"])
                    darkest = drawn.crop(box).getextrema()[0]
                    assert darkest < 128, f"page {number + 1}: MuPDF drew no ink for {text[:20]!r}"


def test_mupdf_draws_every_page_as_poppler_does(printed) -> None:
    """The same glyphs in the same places: the two renderers' pages, seen in 12-pixel cells (about
    one character), differ by a few per cent of their ink (4–9 %: their anti-aliasing and hinting
    differ); the face MuPDF misread differed by 98 %."""
    _require_poppler("pdftoppm")
    path, _paragraphs = printed
    with fitz.open(path) as document:
        for number in range(len(document)):
            by_mupdf = _mupdf_page(document, number)
            done = subprocess.run(
                [
                    "pdftoppm",
                    "-gray",
                    "-r",
                    str(DPI),
                    "-f",
                    str(number + 1),
                    "-l",
                    str(number + 1),
                    "-png",
                    str(path),
                ],
                capture_output=True,
                check=True,
            )
            by_poppler = Image.open(BytesIO(done.stdout)).convert("L")
            assert by_poppler.size == by_mupdf.size
            cells = (by_mupdf.width // 12, by_mupdf.height // 12)
            mupdf_cells = by_mupdf.resize(cells, Image.Resampling.BOX)
            poppler_cells = by_poppler.resize(cells, Image.Resampling.BOX)
            ink = ImageStat.Stat(ImageChops.invert(poppler_cells)).sum[0]
            difference = ImageStat.Stat(ImageChops.difference(mupdf_cells, poppler_cells)).sum[0]
            assert ink > 0, f"page {number + 1} is blank in poppler"
            assert difference / ink < 0.2, (
                f"page {number + 1}: MuPDF and poppler draw it differently ({difference / ink:.0%} of the ink)"
            )
