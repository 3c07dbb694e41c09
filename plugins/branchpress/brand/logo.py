"""Logo files as PNG at a given size: SVG through resvg (a self-contained renderer), rasters through Pillow."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image


def render_logo(source: Path, size: int) -> bytes:
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
