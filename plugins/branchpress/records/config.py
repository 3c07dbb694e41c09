"""Options of the `branchpress/records` plugin."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from branchpress.core.records.settings import (
    DEFAULT_TIMEZONE,
    DEFAULT_TYPES,
    SettingsError,
    SiteSettings,
    settings_from_options,
)


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

    organization = c.Optional(c.Type(dict))
    """Organization life: `groups` (the branch's 党小组) and `rules` (how often each sitting is
    due: `month`, `quarter`, `year` or `off`); defaults follow the branch work regulations."""

    cache_dir = c.Type(str, default=".cache/branchpress")
    """Where `mkdocs build` keeps what it needs to render only changed pages next time."""

    allowed_hosts = c.ListOfItems(c.Type(str), default=[])
    """Hosts from which records and pages may load a frame or script (a video player the branch
    trusts); empty by default: any image, frame, script or stylesheet from another host is an error."""


def settings_from_config(options: RecordsConfig, preview: bool, site_url: str | None = None) -> SiteSettings:
    """Core settings from the options and the site's own URL; shared with the `branchpress` CLI."""
    try:
        return settings_from_options(
            timezone=options.timezone,
            types=options.types,
            activities_dir=options.activities_dir,
            now=options.now,
            privacy_allow=options.privacy_allow,
            preview=preview,
            allowed_hosts=options.allowed_hosts,
            site_url=site_url,
            organization=options.organization,
        )
    except SettingsError as error:
        raise PluginError(str(error)) from None
