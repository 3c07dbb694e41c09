"""Site icons from the brand logo: favicon.ico, a 32 px PNG and the iOS home-screen icon.

Browsers ask for /favicon.ico by themselves, and iOS shows a black square where
apple-touch-icon is missing or transparent; so the touch icon gets the brand
colour behind the mark.
"""

from __future__ import annotations

import io

from PIL import Image

from branchpress.core.brand.logo import logo_image

from .look import ShareBrand

ICONS_VERSION = "1"
# site path -> (pixel size, what it is for)
ICONS = {
    "favicon.ico": (48, "image/x-icon"),
    "favicon-32.png": (32, "image/png"),
    "apple-touch-icon.png": (180, "image/png"),
}
ICO_SIZES = (16, 32, 48)
# iOS rounds the corners itself; the mark keeps clear of them.
TOUCH_MARK = 0.78


def render_icons(brand: ShareBrand) -> dict[str, bytes]:
    """Every icon as bytes, by site path; empty without a logo."""
    if brand.logo is None:
        return {}
    frames = [logo_image(brand.logo, size) for size in ICO_SIZES]
    ico = io.BytesIO()
    # Each size is drawn from the vector at its own resolution, not scaled down from 48 px.
    frames[-1].save(ico, "ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    touch = Image.new("RGBA", (180, 180), (*brand.color, 255))
    mark = logo_image(brand.logo, round(180 * TOUCH_MARK))
    touch.alpha_composite(mark, ((180 - mark.width) // 2, (180 - mark.height) // 2))
    return {
        "favicon.ico": ico.getvalue(),
        "favicon-32.png": _png(logo_image(brand.logo, 32)),
        "apple-touch-icon.png": _png(touch.convert("RGB")),
    }


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
