"""The print module: instances of the typeface kept by their characters, cuts and PDFs the same
whichever instance they came from, and the packaged typeface really in the PDF."""

from __future__ import annotations

import io
import re

import pytest
from branchpress.core.printing import typeface
from branchpress.core.printing.pdf import PrintCache, render_pdf
from fontTools.ttLib import TTFont
from pypdf import PdfReader

pytestmark = pytest.mark.usefixtures("pango")

DOCUMENT = "<html lang=zh-CN><body><h1>组织生活台账</h1><p>支部党员大会召开。</p></body></html>"


def _instances(folder):
    return sorted(p.name.split("-")[0] for p in (folder / "fonts" / "instances").glob("*.otf"))


def test_an_instance_is_reused_for_any_document_whose_characters_it_covers(tmp_path):
    cache = PrintCache(tmp_path)
    first = cache.pdf(DOCUMENT, tmp_path, "支部")
    assert _instances(tmp_path) == ["400", "700"]
    # Other words, same characters, or fewer: a new PDF, but no new instance of the typeface.
    second = cache.pdf(DOCUMENT.replace("召开。", "。召开"), tmp_path, "支部")
    third = cache.pdf(DOCUMENT.replace("召开", ""), tmp_path, "支部")
    assert len({first, second, third}) == 3 and all(p.is_file() for p in (first, second, third))
    assert _instances(tmp_path) == ["400", "700"]
    cache.pdf(DOCUMENT.replace("召开", "举行"), tmp_path, "支部")  # 举行: characters no instance has
    assert _instances(tmp_path) == ["400", "400", "700", "700"]


def test_a_cut_is_byte_identical_whichever_instance_it_was_cut_from():
    needed = typeface.characters("民主评议党员，长期坚持。")
    larger = needed | typeface.characters("组织生活台账支部党员大会召开举行")
    for weight in typeface.WEIGHTS:
        own = typeface.cut(needed, typeface.instance(needed, weight))
        assert typeface.cut(needed, typeface.instance(larger, weight)) == own
        font = TTFont(io.BytesIO(own))
        # The cut holds the document's characters and no look-alike radical (⺠ for 民).
        assert set(font.getBestCmap()) == set(needed)


def test_a_pdf_is_the_same_whether_its_instance_was_made_for_it_or_for_more(tmp_path):
    fresh = render_pdf(DOCUMENT, tmp_path, "支部")
    kept = tmp_path / "fonts"
    assert render_pdf(DOCUMENT, tmp_path, "支部", fonts=kept) == fresh  # instance made and kept
    assert render_pdf(DOCUMENT, tmp_path, "支部", fonts=kept) == fresh  # read back
    wider = tmp_path / "wider"
    typeface.prepare(typeface.characters("组织生活台账支部党员大会召开民主评议"), 400, wider)
    typeface.prepare(typeface.characters("组织生活台账支部党员大会召开民主评议"), 700, wider)
    assert render_pdf(DOCUMENT, tmp_path, "支部", fonts=wider) == fresh
    assert len(list((wider / "instances").glob("*.otf"))) == 2  # the wider ones served


def test_documents_printed_together_share_one_instance_per_weight_and_print_as_alone(tmp_path):
    jobs = [
        (DOCUMENT, str(tmp_path), "支部"),
        (DOCUMENT.replace("召开", "举行民主评议"), str(tmp_path), "支部"),
    ]
    together = PrintCache(tmp_path / "together").print_all(jobs, workers=2)
    assert _instances(tmp_path / "together") == ["400", "700"]
    for job, printed in zip(jobs, together, strict=True):
        assert printed.read_bytes() == render_pdf(*job)


def test_the_pdf_embeds_the_packaged_typeface_cut_to_the_text(tmp_path):
    reader = PdfReader(io.BytesIO(render_pdf("<p>民主评议党员</p><ul><li>长期</li></ul>", tmp_path, "支部")))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    # Not a system font fontconfig happens to offer: the text, the bullet and the page furniture.
    assert names and all(re.fullmatch(r"/[A-Z]{6}\+BranchPress-Print(-Bold)?", n) for n in names), names
    text = reader.pages[0].extract_text()
    assert "民主评议党员" in text and "长期" in text and not re.search("[\u2e80-\u2fdf]", text)


def test_a_new_way_of_printing_retires_kept_pdfs(tmp_path, monkeypatch):
    from branchpress.core.printing import pdf

    before = PrintCache(tmp_path).path(DOCUMENT, tmp_path, "支部")
    monkeypatch.setattr(pdf, "PRINT_VERSION", pdf.PRINT_VERSION + "-next")
    assert PrintCache(tmp_path).path(DOCUMENT, tmp_path, "支部") != before
