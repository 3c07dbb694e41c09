"""The public view of a record: what the site, feeds, search, share images and exports may say.

Every published text is built from this view, never from the record as staff wrote
it. A volunteer who withheld consent (`public: false` in the roster) is 志愿者 in
every text field, and their entry on the volunteer list carries neither their name
nor anything derived from it; a site with `mask_names` prints 张*明 instead of
names. Keys that stay inside the branch (the ledger's `absent` and `recorder`) do not
exist in this view. Only the ledger reads the record itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from functools import cached_property

from branchpress.core.records.model import Photo, Record, Sitting, VolunteerEntry

from .names import ANONYMOUS, mask_name, normalize_name, redact
from .roster import Roster


@dataclass(frozen=True)
class Withholding:
    """What the site must not say about people: the roster's consent, and the masking choice."""

    roster: Roster = dataclasses.field(default_factory=Roster)
    mask: bool = False

    @cached_property  # asked for every text of every record
    def forms(self) -> tuple[str, ...]:
        """Every written form of a withheld name, longest first (see Roster.withheld_names)."""
        return self.roster.withheld_names()

    def text(self, value: str) -> tuple[str, int]:
        """The text with each withheld name replaced by 志愿者, and how many were replaced."""
        return redact(value, self.forms) if self.forms else (value, 0)

    def meta(self, meta: dict, keys: tuple[str, ...]) -> dict:
        """The text values among a page's front matter `keys`, withheld names replaced."""
        return {key: self.text(meta[key])[0] for key in keys if isinstance(meta.get(key), str)}

    def display_name(self, written: str) -> str:
        """How the site prints a name written on a record: withheld, masked or canonical."""
        member = self.roster.find(written)
        if member is not None and not member.public:
            return ANONYMOUS
        shown = member.name if member else normalize_name(written)
        return mask_name(shown) if self.mask else shown

    def person(self, written: str) -> str:
        """An identity for the tally that merges aliases and spells no name: a digest of the
        canonical name. Ties are broken by it, so it is stable across builds."""
        member = self.roster.find(written)
        canonical = normalize_name(member.name) if member else normalize_name(written)
        return hashlib.blake2b(canonical.encode("utf-8"), digest_size=8).hexdigest()

    def entry(self, entry: VolunteerEntry) -> VolunteerEntry:
        member = self.roster.find(entry.name)
        return VolunteerEntry(
            name=self.display_name(entry.name),
            hours=entry.hours,
            person=self.person(entry.name),
            public=member is None or member.public,
            team=member.team if member is not None and member.public else "",
        )

    def record(self, record: Record) -> tuple[Record, int]:
        """The public view of one record, and how many withheld names its texts had."""
        count = 0

        def clean(value: str) -> str:
            nonlocal count
            cleaned, found = self.text(value)
            count += found
            return cleaned

        def photo(item: Photo | None) -> Photo | None:
            if item is None:
                return None
            return dataclasses.replace(item, caption=clean(item.caption), alt=clean(item.alt))

        view = dataclasses.replace(
            record,
            title=clean(record.title),
            summary=clean(record.summary),
            body=clean(record.body),
            location=clean(record.location),
            tags=tuple(dict.fromkeys(clean(tag) for tag in record.tags)),
            cover=photo(record.cover),
            photos=tuple(photo(p) for p in record.photos),  # type: ignore[misc]
            volunteers=tuple(self.entry(e) for e in record.volunteers),
            sitting=self._sitting(record.sitting, clean),
        )
        return view, count

    @staticmethod
    def _sitting(sitting: Sitting | None, clean) -> Sitting | None:
        """What the site may say of a sitting: absentees and the recorder stay in the ledger."""
        if sitting is None:
            return None
        return dataclasses.replace(
            sitting,
            absent=(),
            recorder="",
            chair=clean(sitting.chair),
            lecturer=clean(sitting.lecturer),
            agenda=tuple(clean(item) for item in sitting.agenda),
        )
