"""Options of the `branchpress/search` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    text_limit = c.Type(int, default=1500)
    """Characters of a page's body that are searchable; titles, summaries and tags always are."""

    results = c.Type(int, default=50)
    """Most pages one query loads and lists, the best matches first: the index is in shards
    loaded by need (core/site/search_shards.py), so a visitor's download stays small."""

    cache_dir = c.Type(str, default=".cache/branchpress")
    """Relative to mkdocs.yml; holds the segmented texts."""
