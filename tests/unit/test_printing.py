"""The print module: cut typefaces kept by their characters, and PDFs the same either way."""

from __future__ import annotations

import pytest
from branchpress.core.printing.pdf import PrintCache, render_pdf

pytestmark = pytest.mark.usefixtures("pango")

DOCUMENT = "<html lang=zh-CN><body><h1>组织生活台账</h1><p>支部党员大会召开。</p></body></html>"


def test_a_cut_typeface_is_reused_for_a_document_with_the_same_characters(tmp_path):
    cache = PrintCache(tmp_path)
    first = cache.pdf(DOCUMENT, tmp_path, "支部")
    # Other words, same characters: a new PDF, but no new cut of the typeface.
    second = cache.pdf(DOCUMENT.replace("召开。", "。召开"), tmp_path, "支部")
    assert first != second and first.is_file() and second.is_file()
    assert len(list((tmp_path / "fonts").glob("*.otf"))) == 2  # one cut per weight
    cache.pdf(DOCUMENT.replace("召开", "举行"), tmp_path, "支部")
    assert len(list((tmp_path / "fonts").glob("*.otf"))) == 4


def test_a_pdf_is_the_same_whether_its_typeface_was_cut_now_or_kept(tmp_path):
    fresh = render_pdf(DOCUMENT, tmp_path, "支部")
    kept = tmp_path / "fonts"
    assert render_pdf(DOCUMENT, tmp_path, "支部", fonts=kept) == fresh  # cut and kept
    assert render_pdf(DOCUMENT, tmp_path, "支部", fonts=kept) == fresh  # read back
