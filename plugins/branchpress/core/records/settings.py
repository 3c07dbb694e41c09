"""Site-wide settings the core needs, independent of how the site engine stores them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

# Keys are stable (they appear in URLs); labels are what staff and visitors read.
DEFAULT_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "meeting": "三会一课",
        "theme_day": "主题党日",
        "study": "学习教育",
        "volunteer": "志愿服务",
        "welfare": "公益行动",
        "industry": "行业服务",
        "honor": "荣誉表彰",
        "news": "支部动态",
    }
)

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

    def current_time(self) -> datetime:
        return self.now if self.now is not None else datetime.now(self.timezone)

    def label(self, type_key: str) -> str:
        return self.types.get(type_key, type_key)
