"""Brand-kit and feed logos are rasterised once and kept between builds."""

from __future__ import annotations

from branchpress.core.brand import logo as logos
from branchpress.core.brand.logo import load_logo_file, logo_png, stored_logo_png
from helpers import REPO


def test_a_stored_logo_is_the_rendered_one_and_is_not_rendered_again(tmp_path, monkeypatch):
    logo = load_logo_file(REPO / "content/assets/brand/logo.svg")
    first = stored_logo_png(logo, 96, tmp_path)
    assert first == logo_png(logo, 96)

    def no_rendering(logo, size):
        raise AssertionError("rendered again")

    monkeypatch.setattr(logos, "logo_png", no_rendering)
    assert stored_logo_png(logo, 96, tmp_path) == first
    assert [path.suffix for path in tmp_path.iterdir()] == [".png"]


def test_another_logo_file_is_rendered_anew(tmp_path):
    svg = (REPO / "content/assets/brand/logo.svg").read_text(encoding="utf-8")
    changed = tmp_path / "logo.svg"
    changed.write_text(svg.replace("</svg>", '<rect width="4" height="4"/></svg>'), encoding="utf-8")
    original = stored_logo_png(load_logo_file(REPO / "content/assets/brand/logo.svg"), 64, tmp_path / "store")
    assert stored_logo_png(load_logo_file(changed), 64, tmp_path / "store") != original
    assert len(list((tmp_path / "store").iterdir())) == 2
