"""Which records get a poster (core/share/posters.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from branchpress.core.share.posters import PosterPolicy, PosterPolicyError

NOW = datetime(2025, 12, 1, 12, tzinfo=timezone(timedelta(hours=8)))


class Dated:
    def __init__(self, days_ago: float, featured: bool = False) -> None:
        self.date = NOW - timedelta(days=days_ago)
        self.featured = featured


def test_recent_covers_the_last_days_and_featured_records() -> None:
    policy = PosterPolicy.of("recent", 90)
    assert policy.covers(Dated(0), NOW) and policy.covers(Dated(90), NOW)
    assert not policy.covers(Dated(90.01), NOW)
    assert policy.covers(Dated(4000, featured=True), NOW)
    assert policy.offers_cards


def test_true_and_false_keep_their_old_meaning() -> None:
    assert PosterPolicy.of(True, 90) == PosterPolicy("all", 90)
    assert PosterPolicy.of(False, 90) == PosterPolicy("none", 90)
    assert PosterPolicy.of("all", 90).covers(Dated(4000), NOW)
    assert not PosterPolicy.of("none", 90).covers(Dated(0, featured=True), NOW)
    assert not PosterPolicy.of("none", 90).offers_cards and not PosterPolicy.of("all", 90).offers_cards


@pytest.mark.parametrize(("posters", "days"), [("some", 90), (None, 90), ("recent", -1), ("recent", True)])
def test_bad_options_are_refused(posters, days) -> None:
    with pytest.raises(PosterPolicyError):
        PosterPolicy.of(posters, days)
