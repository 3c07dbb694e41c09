"""Which records get a WeChat poster: by default the recent ones and the featured ones.

A poster is a 1080×1920 JPEG of about 178 KB, rendered (with its QR code) in about a
tenth of a second of CPU: at 10,000 records, 1.8 GB of site and most of a cold build.
Posters are shared in the days after an activity; an old record is rarely shared, and
when it is, its 1200×630 card (made for every page anyway) serves. So by default only
records of the last `days` days and featured records get one, and the others' share
button opens their card. `all` gives every record a poster, as before; `none` none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from branchpress.core.records.model import Record

CHOICES = ("recent", "all", "none")


class PosterPolicyError(ValueError):
    pass


@dataclass(frozen=True)
class PosterPolicy:
    which: str = "recent"
    days: int = 90

    @classmethod
    def of(cls, posters: object, days: object) -> PosterPolicy:
        """From `branchpress/share`'s options; `true` and `false` mean `all` and `none`, as before."""
        if isinstance(posters, bool):
            posters = "all" if posters else "none"
        if posters not in CHOICES:
            raise PosterPolicyError(
                f"branchpress/share 的 posters“{posters}”无效：请写 recent（近期和重点推荐的记录，默认）、"
                "all（每条记录）或 none（不生成海报）。"
            )
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise PosterPolicyError(
                f"branchpress/share 的 poster_days“{days}”无效：请写天数，例如 90（不能为负数）。"
            )
        return cls(posters, days)

    def covers(self, record: Record, now: datetime) -> bool:
        """Whether this record gets a poster in a build at `now`."""
        if self.which != "recent":
            return self.which == "all"
        return record.featured or record.date >= now - timedelta(days=self.days)

    @property
    def offers_cards(self) -> bool:
        """Records without a poster offer their card instead (not when staff turned posters off)."""
        return self.which == "recent"
