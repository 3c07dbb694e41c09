"""Options of the `branchpress/volunteers` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class VolunteersConfig(base.Config):
    roster = c.Type(str, default="volunteers.yml")
    """The roster of names, aliases, teams and consent, relative to the docs folder (optional)."""

    mask_names = c.Type(bool, default=False)
    """Print every volunteer's name masked (张*明) wherever BranchPress lists volunteers."""

    leaderboard_size = c.Type(int, default=10)
    """Lines of each 志愿先锋榜 leaderboard."""

    spotlight = c.Type(int, default=4)
    """Featured volunteer records shown in the spotlight."""

    latest = c.Type(int, default=6)
    """Latest volunteer activities listed on /volunteers/."""

    volunteer_pages = c.Type(bool, default=False)
    """Give each public volunteer a page at /volunteers/<name-in-pinyin>/ (off: names are not URLs)."""
