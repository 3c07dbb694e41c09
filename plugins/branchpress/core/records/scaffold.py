"""The text of a new activity record, with the fields that fit its type and hints in Chinese.

A new record starts as a draft: what is published stays public, so nothing goes
out until the author has replaced the hints and removed `draft: true`.
"""

from __future__ import annotations

from datetime import date

import yaml

from .activity_types import activity_type
from .slugs import slugify

# One line per optional field: what it means, written as a YAML comment after the key.
_FIELD_LINES = {
    "summary": "summary:          # 选填：一句话摘要；不写时取正文第一段",
    "location": "location:         # 活动地点，例如 东湖区春晖社区党群服务中心",
    "participants": "participants:     # 参加人数，只写整数，例如 18",
    "volunteers": (
        "volunteers:       # 志愿者姓名，每人一行，去掉下面的 # 再改名字\n"
        "#  - 张三\n"
        "#  - {name: 李四, hours: 4}   # 单独计时的志愿者"
    ),
    "hours": "hours:            # 每位志愿者服务几小时（单独写了 hours 的除外），只写数字",
    "beneficiaries": "beneficiaries:    # 服务人数，只写整数，例如 86",
    "milestone": "milestone: false  # 写 true 时作为支部发展历程中的大事",
    "meeting": (
        "meeting:          # 会议类别：支部党员大会、支部委员会、党小组会、党课、组织生活会、民主评议党员；\n"
        "                  # 一次会议算几种就写成 [支部党员大会, 党课]"
    ),
    "expected": "expected:         # 应到人数，只写整数",
    "present": "present:          # 实到人数，只写整数",
    "chair": (
        "chair:            # 主持人\n"
        "# recorder:       # 记录人（只记入内部台账，不会发布）\n"
        "# absent:         # 缺席人员及原因（只记入内部台账，不会发布）\n"
        "#  - {name: 王五, reason: 因公出差}\n"
        "# agenda: [传达学习上级会议精神, 研究下季度工作]   # 议题\n"
        "# internal: true  # 内部会议（如支委会）：只记入台账，不在网站发布"
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
        f"# cover: {photo_folder}/封面.jpg    # 封面照片：把照片放进 {photo_folder}/ 文件夹，再去掉 # 改文件名",
        "# photos:",
        f"#  - {photo_folder}/合影.jpg",
        f"#  - {{src: {photo_folder}/现场.jpg, caption: 照片说明, alt: 照片里有什么}}",
        "tags: []           # 标签，例如 [社区服务, 志愿者]",
        "draft: true        # 草稿不会发布；写完并检查无误后删掉这一行",
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
