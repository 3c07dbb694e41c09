"""Activity types: a type keeps its meaning (fields, headings, role) when a site relabels it."""

from __future__ import annotations

from branchpress.core.records.activity_types import DEFAULT_TYPES, HONOURS, VOLUNTEERING, activity_type
from branchpress.core.records.scaffold import record_text
from branchpress.core.records.settings import SiteSettings


def test_a_relabelled_type_keeps_its_role_and_a_new_type_gets_defaults() -> None:
    settings = SiteSettings(types={"honor": "获得荣誉", "volunteer": "志愿者行动", "salon": "读书沙龙"})
    assert settings.types_playing(HONOURS) == ("honor",)
    assert settings.types_playing(VOLUNTEERING) == ("volunteer",)
    honor = activity_type("honor", "获得荣誉")
    assert honor.label == "获得荣誉" and honor.fields == ("milestone",) and honor.plays(HONOURS)
    salon = activity_type("salon", "读书沙龙")
    assert salon.fields == () and salon.sections == ("活动过程", "活动成效") and not salon.roles


def test_a_new_record_asks_for_the_fields_of_its_type() -> None:
    text = record_text("volunteer", DEFAULT_TYPES["volunteer"], "学雷锋", "2026-03-05", "2026-03-05-x")
    assert "volunteers:" in text and "hours:" in text and "## 服务过程" in text
    text = record_text("salon", "读书沙龙", "读书会", "2026-03-05", "2026-03-05-y")
    assert "volunteers:" not in text and "## 活动过程" in text
