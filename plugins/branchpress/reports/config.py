"""Options of the `branchpress/reports` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.options import moved_cache_dir


class ReportsConfig(base.Config):
    pdf = c.Type(bool, default=True)
    """Print each year's report to /reports/YYYY/annual-report-YYYY.pdf (needs Pango; not in serve)."""

    leaderboard_size = c.Type(int, default=10)
    """Volunteers in a report's leaderboard (those who consented to be named)."""

    moments = c.Type(int, default=12)
    """Photos in a report's 精彩瞬间: covers of the year's records, featured first."""

    cache_dir = moved_cache_dir("branchpress/reports")
    """Moved: the one cache folder is `cache_dir` of branchpress/records."""
