"""Options of the `branchpress/records` plugin."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from branchpress.core.deploy.settings import DeploySettings, DeploySettingsError, parse_deploy
from branchpress.core.people.roster import DEFAULT_ROSTER
from branchpress.core.records.settings import (
    DEFAULT_TIMEZONE,
    DEFAULT_TYPES,
    SettingsError,
    SiteSettings,
    settings_from_options,
)
from branchpress.project import DEFAULT_CACHE_DIR, Project


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

    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    """The one cache folder of every BranchPress plugin and command, relative to mkdocs.yml:
    photo renditions, share images, PDFs, the search segments and what lets `mkdocs build`
    render only changed pages next time. Keyed by content, safe to delete."""

    roster = c.Optional(c.Type(str))
    """The volunteer roster (names, aliases, teams, consent), relative to the docs folder
    (default `volunteers.yml`); read whichever plugins are enabled, so consent holds
    everywhere, and never published."""

    mask_names = c.Optional(c.Type(bool))
    """Print every volunteer's name masked (张*明) wherever BranchPress lists volunteers
    (default false)."""

    allowed_hosts = c.ListOfItems(c.Type(str), default=[])
    """Hosts from which records and pages may load a frame or script (a video player the branch
    trusts); empty by default: any image, frame, script or stylesheet from another host is an error."""

    deploy = c.Optional(c.Type(dict))
    """Where `branchpress deploy` publishes the built site: `target` (s3://bucket/prefix/ or
    file:///folder/), `endpoint`, `region`, `addressing`, `signature`, `max_deletes`, `gzip`,
    `after_deploy` (core/deploy/settings.py). Credentials only from the environment."""


# Options that moved here from branchpress/volunteers; written there they still work.
MOVED_FROM_VOLUNTEERS = ("roster", "mask_names")
MOVED_NOTICE = (
    "branchpress/volunteers 的 {option} 选项已移到 branchpress/records（现在仍然有效）。"
    "修改方法：在 mkdocs.yml 里把“{option}: {value}”从 branchpress/volunteers 下移到 branchpress/records 下。"
)


def moved_options(records: RecordsConfig, volunteers: Mapping | None) -> tuple[dict, list[str]]:
    """(roster options in effect, a notice for each one still written under branchpress/volunteers).

    An option written under branchpress/records wins over the old place."""
    chosen = {"roster": DEFAULT_ROSTER, "mask_names": False}
    chosen.update(
        (option, records[option]) for option in MOVED_FROM_VOLUNTEERS if records[option] is not None
    )
    notices = []
    for option in MOVED_FROM_VOLUNTEERS:
        value = volunteers.get(option) if volunteers is not None else None
        if value is None:
            continue
        shown = str(value).lower() if isinstance(value, bool) else value
        notices.append(MOVED_NOTICE.format(option=option, value=shown))
        if records[option] is None:
            chosen[option] = value
    return chosen, notices


def project_root(config_file_path: str | None) -> Path:
    """The folder of mkdocs.yml, which relative options are relative to."""
    return Path(config_file_path or ".").resolve().parent


def cache_dir_of(options: RecordsConfig) -> Path:
    """The one cache folder, known as soon as the options are loaded (before any `on_config`:
    plugins listed before branchpress/records ask for it too)."""
    return project_root(options.config_file_path) / options.cache_dir


def project_of(
    config: MkDocsConfig, options: RecordsConfig, preview: bool, volunteers: Mapping | None = None
) -> tuple[Project, list[str]]:
    """The project of this site (branchpress/project.py) and notices about moved options;
    shared by the build and the `branchpress` commands."""
    roster, notices = moved_options(options, volunteers)
    root = project_root(config.config_file_path)
    project = Project(
        root=root,
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        settings=settings_from_config(options, preview=preview, site_url=config.site_url),
        roster_file=roster["roster"],
        mask_names=bool(roster["mask_names"]),
        cache_dir=cache_dir_of(options),
        deploy=deploy_of(options),
    )
    return project, notices


def deploy_of(options: RecordsConfig) -> DeploySettings | None:
    """The parsed `deploy:` option; a wrong one (a key written in it, say) stops the build too."""
    try:
        return parse_deploy(options.deploy)
    except DeploySettingsError as error:
        raise PluginError(str(error)) from None


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
