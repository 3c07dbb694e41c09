"""Options of the `branchpress/volunteers` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class VolunteersConfig(base.Config):
    roster = c.Optional(c.Type(str))
    """Moved to branchpress/records (`roster`); still read from here, with a notice."""

    mask_names = c.Optional(c.Type(bool))
    """Moved to branchpress/records (`mask_names`); still read from here, with a notice."""

    leaderboard_size = c.Type(int, default=10)
    """Lines of each 志愿先锋榜 leaderboard."""

    spotlight = c.Type(int, default=4)
    """Featured volunteer records shown in the spotlight."""

    latest = c.Type(int, default=6)
    """Latest volunteer activities listed on /volunteers/."""

    volunteer_pages = c.Type(bool, default=False)
    """Give each public volunteer a page at /volunteers/<name-in-pinyin>/ (off: names are not URLs)."""
