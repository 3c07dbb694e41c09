"""Culture pages (content/culture/): hand-written, shown in the order staff give them."""

from __future__ import annotations

from branchpress.core.records.frontmatter import FrontMatterError, split_record


def culture_order(text: str) -> float:
    """The page's `order` front-matter value; pages without one come last (by file name).

    The navigation is built before MkDocs reads page meta, so the front matter is read here.
    """
    try:
        order = split_record(text).data.get("order")
    except (FrontMatterError, ValueError):
        return float("inf")
    return order if isinstance(order, (int, float)) and not isinstance(order, bool) else float("inf")
