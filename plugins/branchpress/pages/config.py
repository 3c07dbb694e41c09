"""Options of the `branchpress/pages` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.options import moved_cache_dir


class PagesConfig(base.Config):
    page_size = c.Type(int, default=12)
    """Records per listing page (news, types, tags, years)."""

    home_latest = c.Type(int, default=6)
    """Latest records shown on the home page."""

    home_featured = c.Type(int, default=4)
    """Featured records shown on the home page."""

    navigation = c.Type(bool, default=True)
    """Generate the site navigation when mkdocs.yml has no `nav`."""

    culture_dir = c.Type(str, default="culture")
    """Folder of hand-written culture pages."""

    cache_dir = moved_cache_dir("branchpress/pages")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""
