"""Options of the `branchpress/search` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.options import moved_cache_dir


class SearchConfig(base.Config):
    text_limit = c.Type(int, default=1500)
    """Characters of a page's body that are searchable; titles, summaries and tags always are."""

    results = c.Type(int, default=50)
    """Most pages one query loads and lists, the best matches first: the index is in shards
    loaded by need (core/site/search_shards.py), so a visitor's download stays small."""

    cache_dir = moved_cache_dir("branchpress/search")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""
