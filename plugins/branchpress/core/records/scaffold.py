"""The text of a new activity record, with the fields that fit its type and hints in Chinese.

A new record starts as a draft: what is published stays public, so nothing goes
out until the author has replaced the hints and removed `draft: true`.

`FIELD_HINTS` says what each field means in the words staff read twice: here as a comment
after the key, and in BranchPress Studio's form (core/studio/form_fields.py) under the control.
Keeping them in one table is what stops the two from drifting apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

import yaml

from branchpress.core.organization.kinds import MEETING_KINDS

from .activity_types import activity_type
from .slugs import slugify

FIELD_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "summary": "选填：一句话摘要；不写时取正文第一段",
        "location": "活动地点，例如 东湖区春晖社区党群服务中心",
        "participants": "参加人数，只写整数，例如 18",
        "volunteers": "志愿者姓名，每人一行",
        "hours": "每位志愿者服务几小时（单独写了 hours 的除外），只写数字",
        "beneficiaries": "服务人数，只写整数，例如 86",
        "milestone": "作为支部发展历程中的大事",
        "meeting": f"会议类别：{'、'.join(MEETING_KINDS.values())}",
        "expected": "应到人数，只写整数",
        "present": "实到人数，只写整数",
        "chair": "主持人",
        "recorder": "记录人（只记入内部台账，不会发布）",
        "absent": "缺席人员及原因（只记入内部台账，不会发布）",
        "agenda": "议题",
        "internal": "内部会议（如支委会）：只记入台账，不在网站发布",
        "cover": "封面照片",
        "tags": "标签",
        "draft": "草稿不会发布",
    }
)
PHOTO_CAPTION_HINT = "照片说明"
PHOTO_ALT_HINT = "照片里有什么"


def _line(code: str, hint: str, column: int = 18) -> str:
    """`code` and its hint as a YAML comment, the comments of a block starting in one column."""
    return f"{code.ljust(column - 1)} # {hint}"


# One line per optional field: what it means, written as a YAML comment after the key; what
# only a text editor needs (uncomment, delete this line) is added here, not in FIELD_HINTS.
_FIELD_LINES = {
    **{key: _line(f"{key}:", FIELD_HINTS[key]) for key in ("summary", "location", "participants")},
    "volunteers": (
        _line("volunteers:", FIELD_HINTS["volunteers"] + "，去掉下面的 # 再改名字") + "\n"
        "#  - 张三\n"
        "#  - {name: 李四, hours: 4}   # 单独计时的志愿者"
    ),
    **{key: _line(f"{key}:", FIELD_HINTS[key]) for key in ("hours", "beneficiaries")},
    "milestone": _line("milestone: false", "写 true 时" + FIELD_HINTS["milestone"]),
    "meeting": (
        _line("meeting:", FIELD_HINTS["meeting"] + "；") + "\n"
        "                  # 一次会议算几种就写成 [支部党员大会, 党课]"
    ),
    **{key: _line(f"{key}:", FIELD_HINTS[key]) for key in ("expected", "present")},
    "chair": "\n".join(
        (
            _line("chair:", FIELD_HINTS["chair"]),
            _line("# recorder:", FIELD_HINTS["recorder"]),
            _line("# absent:", FIELD_HINTS["absent"]),
            "#  - {name: 王五, reason: 因公出差}",
            f"# agenda: [传达学习上级会议精神, 研究下季度工作]   # {FIELD_HINTS['agenda']}",
            _line("# internal: true", FIELD_HINTS["internal"]),
        )
    ),
}


def record_stem(day: date, title: str, slug: str | None = None, fallback: str = "record") -> str:
    """YYYY-MM-DD-<slug>: the file name (without .md) and the name of the photo folder."""
    return f"{day.isoformat()}-{slugify(slug or title) or slugify(fallback) or 'record'}"


def record_text(type_key: str, type_label: str, title: str, date_text: str, photo_folder: str) -> str:
    """Front matter for the type, then a body of hints written as HTML comments."""
    # yaml quotes a title only when it has to (a colon, a leading quote...), as staff would.
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000).strip()
    kind = activity_type(type_key, type_label)
    fields = [_FIELD_LINES[name] for name in ("summary", "location", *kind.fields)]
    first, second = kind.sections
    lines = [
        "---",
        title_line,
        f"date: {date_text}",
        f"type: {type_key}  # {type_label}",
        *fields,
        f"# cover: {photo_folder}/封面.jpg    # {FIELD_HINTS['cover']}：把照片放进 {photo_folder}/ 文件夹，再去掉 # 改文件名",
        "# photos:",
        f"#  - {photo_folder}/合影.jpg",
        f"#  - {{src: {photo_folder}/现场.jpg, caption: {PHOTO_CAPTION_HINT}, alt: {PHOTO_ALT_HINT}}}",
        _line("tags: []", FIELD_HINTS["tags"] + "，例如 [社区服务, 志愿者]", column=19),
        _line("draft: true", FIELD_HINTS["draft"] + "；写完并检查无误后删掉这一行", column=19),
        "---",
        "",
        "<!-- 第一段：用一两句话写清时间、地点、谁、做了什么、效果如何，它会作为摘要显示在新闻列表里。 -->",
        "（在这里写第一段。）",
        "",
        "<!-- more -->",
        "",
        f"## {first}",
        "",
        "<!-- 按时间顺序写主要环节和人物的原话。正文里的照片写成 ![照片说明]("
        + photo_folder
        + "/照片.jpg)。 -->",
        "",
        f"## {second}",
        "",
        "<!-- 写成效、反馈和下一步打算。不要写任何人的手机号码、身份证号码，发布后无法收回。 -->",
        "",
    ]
    return "\n".join(lines)
