"""Options of the `branchpress/records` plugin."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c

from branchpress.core.records.settings import DEFAULT_TIMEZONE, DEFAULT_TYPES


class RecordsConfig(base.Config):
    timezone = c.Type(str, default=DEFAULT_TIMEZONE)
    """IANA time zone in which record dates are written (and the site's clock runs)."""

    types = c.DictOfItems(c.Type(str), default=dict(DEFAULT_TYPES))
    """Activity types: stable key (used in URLs) -> Chinese label, in display order."""

    activities_dir = c.Type(str, default="activities")
    """Folder of the docs directory that holds the activity records."""

    now = c.Optional(c.Type((str, date)))
    """Publish as if the build ran at this moment (YYYY-MM-DD[ HH:MM]); for previews and tests."""

    privacy_allow = c.ListOfItems(c.Type((str, int)), default=[])
    """Numbers that look like a mobile or ID-card number but are meant to be public (a hotline)."""
