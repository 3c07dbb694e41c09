"""Logo files as PNG at a given size: SVG through resvg (a self-contained renderer), rasters through Pillow."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image


def render_logo(source: Path, size: int) -> bytes:
    """`render_logo_uncached`, remembered by file content: a `mkdocs serve` rebuild does not
    render the brand kit again (about 0.3 s for three sizes of an SVG logo)."""
    return _render_logo(str(source), size, hashlib.sha256(source.read_bytes()).hexdigest())


@lru_cache(maxsize=16)
def _render_logo(source: str, size: int, _digest: str) -> bytes:
    return render_logo_uncached(Path(source), size)


def render_logo_uncached(source: Path, size: int) -> bytes:
    """A square PNG of `size` pixels with the logo centred on a transparent background."""
    if source.suffix.lower() == ".svg":
        import resvg_py

        image = Image.open(io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_path=str(source), width=size))))
    else:
        image = Image.open(source)
    image = image.convert("RGBA")
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(image, ((size - image.width) // 2, (size - image.height) // 2), image)
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()
