"""Site-wide settings the core needs, independent of how the site engine stores them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from branchpress.core.organization.rules import Organization, OrganizationError, organization_from_options

from .activity_types import DEFAULT_TYPES, ActivityType, activity_types
from .dates import parse_date  # the record dates' own parser: one format everywhere
from .privacy import normalize_number

DEFAULT_TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class SiteSettings:
    """What validation and the store need to know about the site."""

    types: Mapping[str, str] = field(default_factory=lambda: DEFAULT_TYPES)
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    activities_dir: str = "activities"
    # The moment that decides whether a dated record is already published.
    now: datetime | None = None
    # In preview (mkdocs serve) drafts and scheduled records are shown with a banner.
    include_unpublished: bool = False
    # Numbers that may be published although they look personal (a service hotline), in the
    # form privacy.normalize_number gives them.
    privacy_allow: frozenset[str] = frozenset()
    # The site's own host names (from site_url): loading from them is loading from the site.
    own_hosts: frozenset[str] = frozenset()
    # Hosts from which a record or page may load a frame or script (a trusted video player).
    allowed_hosts: frozenset[str] = frozenset()
    # 党小组 and how often each sitting is due (core/organization/rules.py).
    organization: Organization = field(default_factory=Organization)

    def current_time(self) -> datetime:
        return self.now if self.now is not None else datetime.now(self.timezone)

    def label(self, type_key: str) -> str:
        return self.types.get(type_key, type_key)

    @cached_property
    def activity_types(self) -> tuple[ActivityType, ...]:
        """The configured types with what each means beyond its label (core/records/types.py);
        worked out once: every sitting and report asks for them, per record."""
        return activity_types(self.types)

    def types_playing(self, role: str) -> tuple[str, ...]:
        """Keys of the configured types that play a role on the site (types.HONOURS, ...)."""
        return tuple(t.key for t in self.activity_types if t.plays(role))


class SettingsError(ValueError):
    """An option of branchpress/records that cannot be used, with the fix (Chinese)."""


def settings_from_options(
    *,
    timezone: str,
    types: Mapping[str, str],
    activities_dir: str,
    now: object,
    privacy_allow: Iterable[object],
    preview: bool,
    allowed_hosts: Iterable[object] = (),
    site_url: str | None = None,
    organization: object = None,
) -> SiteSettings:
    """Core settings from the plugin's options, for the build and the `branchpress` CLI alike."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"branchpress/records 的 timezone“{timezone}”不是有效的时区，请写成 Asia/Shanghai 这样的 IANA 时区名。"
        ) from None
    moment = None
    if now:
        moment = parse_date(str(now), zone)[0]
        if moment is None:
            raise SettingsError(
                f"branchpress/records 的 now“{now}”不是有效日期，请写成 2026-05-12 或 2026-05-12 14:30。"
            )
    if not types:
        raise SettingsError("branchpress/records 的 types 不能为空：至少配置一个活动类型。")
    allowed = frozenset(normalize_number(str(number)) for number in privacy_allow)
    if "" in allowed:
        raise SettingsError(
            "branchpress/records 的 privacy_allow 里有一项不是号码：每项写一个允许公开的号码，"
            '例如 privacy_allow: ["400-800-1234", "13800138000"]。'
        )
    hosts = frozenset(_host(entry) for entry in allowed_hosts)
    if "" in hosts:
        raise SettingsError(
            "branchpress/records 的 allowed_hosts 里有一项不是网站的主机名：每项写一个主机名，"
            "例如 allowed_hosts: [player.example.com]。"
        )
    own = _host(site_url) if site_url else ""
    try:
        organized = organization_from_options(organization)
    except OrganizationError as error:
        raise SettingsError(str(error)) from None
    return SiteSettings(
        organization=organized,
        types=dict(types),
        timezone=zone,
        activities_dir=activities_dir.strip("/"),
        now=moment or datetime.now(zone),
        include_unpublished=preview,
        privacy_allow=allowed,
        own_hosts=frozenset({own} - {""}),
        allowed_hosts=hosts,
    )


def _host(entry: object) -> str:
    """A host name from `player.example.com` or a whole URL written instead; "" when neither."""
    text = str(entry).strip()
    try:
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    except ValueError:
        return ""
    return host if re.fullmatch(r"[a-z0-9.-]+", host) and "." in host else ""
