"""Photos written into a record's body become the same responsive pictures as its gallery.

MkDocs renders `![alt](photo.jpg)` as a plain <img>; a body image that is one of the
record's processed photos is replaced by markup from an overridable template.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from .views import PhotoView

# An image alone in its paragraph (becomes a figure with a caption), or inline.
_BODY_IMAGE = re.compile(r"(?P<open><p>\s*)?(?P<img><img\b[^>]*>)(?(open)\s*</p>)")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def upgrade_body_images(
    page_html: str,
    page_url: str,
    photo_at: Callable[[str], PhotoView | None],
    render: Callable[[PhotoView, bool], str],
) -> str:
    """Replace each local <img> whose file is a processed photo (`photo_at(site path)`) by
    `render(view, standalone)`; anything else is left as it is."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x")

    def upgrade(match: re.Match) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group("img")))
        src = attributes.get("src", "")
        if "://" in src or src.startswith(("/", "data:")):
            return match.group(0)
        view = photo_at(posixpath.normpath(posixpath.join(base, src)))
        if view is None:
            return match.group(0)
        alt = html.unescape(attributes.get("alt", ""))
        return render(view.with_text(alt, alt), match.group("open") is not None)

    return _BODY_IMAGE.sub(upgrade, page_html)
