"""The form a record's type asks for: which keys, in which control, under which Chinese name.

BranchPress Studio draws one control per `FormField`, in the order `fields_for` gives,
grouped by `section`. The labels are the accessible names DESIGN.md fixes (browser tests
find controls by them); the hints are `branchpress new`'s, read from the one table both use
(`scaffold.FIELD_HINTS`). Which optional keys a type asks for is the type's own business
(`ActivityType.fields`); the organization-life keys follow the part the type plays, as the
validator's `sitting_fields` does, so a relabelled 三会一课 type keeps its meeting keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from branchpress.core.organization.kinds import MEETING_KINDS
from branchpress.core.records.activity_types import SITTINGS, THEME_DAYS, ActivityType, activity_type
from branchpress.core.records.dates import DATE_FORMAT_HINT
from branchpress.core.records.record_fields import RECORD
from branchpress.core.records.scaffold import FIELD_HINTS, PHOTO_ALT_HINT, PHOTO_CAPTION_HINT
from branchpress.core.records.settings import SiteSettings
from branchpress.core.records.sitting_fields import SITTING_KEYS

BASIC, VOLUNTEERING, MEETING, BODY, PHOTOS, PUBLISHING = (
    "基本信息",
    "志愿服务",
    "会议",
    "正文",
    "照片",
    "发布",
)
# The form's name for the Markdown after the front matter: not a front matter key.
BODY_KEY = "body"
# Controls: text (one line), textarea, datetime (date, optional time), type (the site's types),
# number (whole), decimal, checkbox, list (one text per line or chips), names (volunteers: name,
# own hours), absent (name, reason), photos (src, caption, alt), choice (one), choices (several).
KINDS = frozenset(
    {"text", "textarea", "datetime", "type", "number", "decimal", "checkbox", "list"}
    | {"names", "absent", "photos", "choice", "choices"}
)

# The parts of one entry of a names, absent or photos list, the main one first: an entry with
# only its main part is written as `- 张三`, one with more as `- {name: 李四, hours: 4}`.
ENTRY_PARTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"names": ("name", "hours"), "absent": ("name", "reason"), "photos": ("src", "caption", "alt")}
)


@dataclass(frozen=True)
class FormField:
    name: str  # the front matter key (BODY_KEY for the body)
    label: str  # the control's accessible name
    kind: str  # one of KINDS
    section: str
    hint: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for type, choice, choices
    parts: tuple[tuple[str, str], ...] = ()  # (key, label) of one entry of names, absent, photos
    # (key, value): shown only while that key's value is or includes value (党小组 for 党小组会).
    shown_when: tuple[str, str] | None = None


def _field(name: str, label: str, kind: str, section: str, hint: str | None = None, **more) -> FormField:
    """A control; its hint is branchpress new's unless that only repeats the label (主持人)."""
    shared = FIELD_HINTS.get(name, "")
    return FormField(
        name, label, kind, section, hint if hint is not None else "" if shared == label else shared, **more
    )


_FIELDS: Mapping[str, FormField] = MappingProxyType(
    {
        f.name: f
        for f in (
            _field("title", "标题", "text", BASIC, required=True),
            _field("date", "日期", "datetime", BASIC, DATE_FORMAT_HINT, required=True),
            _field("type", "类型", "type", BASIC, required=True),
            _field("location", "地点", "text", BASIC),
            _field("summary", "摘要", "textarea", BASIC),
            _field("participants", "参加人数", "number", BASIC),
            _field("beneficiaries", "服务人数", "number", BASIC),
            _field(
                "volunteers",
                "志愿者",
                "names",
                VOLUNTEERING,
                parts=(("name", "姓名"), ("hours", "本人服务时长")),
            ),
            _field("hours", "服务时长", "decimal", VOLUNTEERING),
            _field("meeting", "会议类别", "choices", MEETING, choices=tuple(MEETING_KINDS.items())),
            _field(
                "group", "党小组", "choice", MEETING, "党小组会是哪个党小组", shown_when=("meeting", "group")
            ),
            _field("expected", "应到人数", "number", MEETING),
            _field("present", "实到人数", "number", MEETING),
            _field("absent", "缺席人员", "absent", MEETING, parts=(("name", "姓名"), ("reason", "缺席原因"))),
            _field("chair", "主持人", "text", MEETING),
            _field("recorder", "记录人", "text", MEETING),
            _field("lecturer", "授课人", "text", MEETING, "讲党课的人"),
            _field("agenda", "议题", "list", MEETING, RECORD["agenda"].item_fix),
            _field(BODY_KEY, "正文", "textarea", BODY),
            _field(
                "photos",
                "照片",
                "photos",
                PHOTOS,
                "照片放在本记录旁边的文件夹里",
                parts=(("src", "照片文件"), ("caption", PHOTO_CAPTION_HINT), ("alt", PHOTO_ALT_HINT)),
            ),
            _field("cover", "封面", "text", PHOTOS),
            _field("tags", "标签", "list", PUBLISHING, RECORD["tags"].item_fix),
            _field("featured", "首页推荐", "checkbox", PUBLISHING, "显示在首页的推荐位置"),
            _field("milestone", "大事记", "checkbox", PUBLISHING),
            _field("draft", "草稿", "checkbox", PUBLISHING),
            _field("internal", "内部记录", "checkbox", PUBLISHING),
            _field(
                "slug",
                "网址名",
                "text",
                PUBLISHING,
                "网址最后一段，用小写英文字母、数字和连字符；不写时由文件名决定",
            ),
            _field(
                "updated",
                "更正日期",
                "datetime",
                PUBLISHING,
                "更正了实质内容时写更正的日期，不能早于活动日期",
            ),
        )
    }
)
# Every front matter key the form can write, with its control; the body is not one of them.
FIELD_KINDS: Mapping[str, str] = MappingProxyType(
    {name: f.kind for name, f in _FIELDS.items() if name != BODY_KEY}
)
_ALWAYS_FIRST = ("title", "date", "type", "location", "summary")
_ALWAYS_LAST = (BODY_KEY, "photos", "cover", "tags", "featured", "milestone", "draft", "internal")
_ALWAYS_LAST += ("slug", "updated")


def fields_for(type_key: str, settings: SiteSettings) -> tuple[FormField, ...]:
    """The controls of a record of `type_key`, in order: what every record has, what the type
    asks for (its own fields, then the meeting keys of a sitting), the body, photos, publishing."""
    kind = activity_type(type_key, settings.label(type_key))
    sitting = sitting_keys(kind)
    own = [key for key in kind.fields if key not in (*_ALWAYS_FIRST, *_ALWAYS_LAST, *sitting)]
    fields = [_FIELDS[key] for key in (*_ALWAYS_FIRST, *own, *sitting, *_ALWAYS_LAST)]
    changed = {
        "type": {"choices": tuple(settings.types.items())},
        "group": {"choices": tuple((group, group) for group in settings.organization.groups)},
        # A volunteering type counts the people served beside its volunteers.
        "beneficiaries": {"section": VOLUNTEERING} if "volunteers" in own else {},
    }
    return tuple(replace(f, **changed.get(f.name, {})) for f in fields)


def sitting_keys(kind: ActivityType) -> tuple[str, ...]:
    """The organization-life keys a type takes: all on 三会一课; on 主题党日 all but the meeting
    kind and its 党小组 (sitting_fields refuses both there)."""
    if kind.plays(SITTINGS):
        return SITTING_KEYS
    if kind.plays(THEME_DAYS):
        return tuple(key for key in SITTING_KEYS if key not in ("meeting", "group"))
    return ()


def field_label(key: str) -> str:
    """The Chinese name of a key in messages; the key itself for one the form does not know."""
    found = _FIELDS.get(key)
    return found.label if found else key
