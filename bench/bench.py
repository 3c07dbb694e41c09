"""Build-time benchmark for BranchPress: synthetic records, real `mkdocs build` runs.

For every record count N given on the command line this script

1. writes N synthetic activity records (deterministic, seeded) into a fresh folder,
   together with `content/index.md` and an `mkdocs.yml` shaped like the demo's;
2. builds that site twice with the real MkDocs CLI: COLD (first build of the folder)
   and WARM (the same folder again, which will profit from a cache once there is one);
3. builds the FLOOR: the same N bodies as plain Markdown pages with Material and the
   search plugin only, which is what MkDocs itself costs for that much text;
4. prints wall time, records per second, CPU time and the peak memory of each build,
   the ratios ours/floor, and the size of the search index of the full build.

Each build runs in its own child process; its peak resident memory is read from the
rusage that `os.wait4` returns for exactly that child (Linux/Unix only).

Usage:
    python bench/bench.py --records 1000 [--records 10000] [--keep DIR] [--json FILE] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from serve import measure_serve

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"

SEED = 20261127
FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2026, 10, 31)
NOW = "2026-11-27"
SITE_NAME = "青禾软协党支部（基准测试）"
REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://bench.example.org/"

# A run of 11 or more digits looks like a phone, ID card or bank number to the privacy guard.
LONG_DIGITS = re.compile(r"\d{11,}")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# ---------------------------------------------------------------------------
# Vocabulary for the synthetic records
# ---------------------------------------------------------------------------

TYPES = ("meeting", "theme_day", "study", "volunteer", "welfare", "industry", "honor", "news")
# Relative frequency of each type in a branch's real archive (volunteering and news dominate).
TYPE_WEIGHTS = (12, 10, 14, 20, 10, 14, 5, 15)
SERVICE_TYPES = {"volunteer", "welfare"}

# The meeting kind (`meeting:`) of each 三会一课 topic below.
MEETING_KINDS = {
    "全体党员大会": "支部党员大会",
    "支委会扩大会议": "支部委员会",
    "年度组织生活会": "组织生活会",
    "专题党课": "党课",
    "民主评议党员会议": "民主评议党员",
    "季度党员学习会": "支部党员大会",
}

# Per type: verbs that follow "支部" and the topics they act on.
TITLE_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "meeting": (
        ("召开", "组织召开", "举行"),
        (
            "全体党员大会",
            "支委会扩大会议",
            "年度组织生活会",
            "专题党课",
            "民主评议党员会议",
            "季度党员学习会",
        ),
    ),
    "theme_day": (
        ("开展", "组织", "举办"),
        (
            "“不忘初心”主题党日活动",
            "红色教育基地参观学习",
            "重温入党誓词主题党日",
            "“七一”主题党日活动",
            "廉洁文化主题党日",
            "“学英模、争先锋”主题党日",
        ),
    ),
    "study": (
        ("开展", "组织", "举办"),
        (
            "党纪学习教育专题读书班",
            "《数据安全法》专题学习",
            "党的创新理论集中学习",
            "党史学习分享会",
            "青年党员理论学习沙龙",
            "“网络强国”专题辅导讲座",
        ),
    ),
    "volunteer": (
        ("开展", "组织党员参加", "启动"),
        (
            "“数字助老”进社区志愿服务",
            "网络安全宣传进校园活动",
            "防范电信诈骗宣讲",
            "社区环境整治志愿活动",
            "无偿献血志愿活动",
            "“手机课堂”志愿服务",
        ),
    ),
    "welfare": (
        ("发起", "开展", "组织"),
        (
            "爱心捐书公益行动",
            "结对帮扶困难家庭活动",
            "乡村学校电脑捐赠",
            "“暖冬”物资募集",
            "助学金发放仪式",
            "山区儿童编程夏令营",
        ),
    ),
    "industry": (
        ("举办", "组织", "承办"),
        (
            "中小企业数字化转型沙龙",
            "数据合规培训会",
            "会员企业走访调研",
            "信创产业对接会",
            "人才招聘服务专场",
            "软件企业政策解读会",
        ),
    ),
    "honor": (
        ("荣获", "获评", "被授予"),
        (
            "“先进基层党组织”称号",
            "“优秀志愿服务项目”",
            "“五星级党支部”",
            "“市级文明单位”",
            "“两新组织党建示范点”",
            "“最美志愿服务集体”",
        ),
    ),
    "news": (
        ("召开", "完成", "启动"),
        (
            "换届选举工作",
            "年度工作总结",
            "发展党员工作",
            "党费收缴专项检查",
            "党建工作联席会议",
            "党员信息采集更新",
        ),
    ),
}

DISTRICTS = ("东湖区", "西山区", "南江区", "北城区", "青禾新区", "高新区")
PLACES = (
    "春晖社区",
    "阳光社区",
    "和丰村",
    "协会会议室",
    "市民中心",
    "青禾实验小学",
    "红色教育基地",
    "科技园党群服务中心",
    "图书馆报告厅",
    "滨江社区",
    "星火村",
    "创业大厦多功能厅",
)

TAGS = (
    "数字助老",
    "社区服务",
    "志愿者",
    "党员先锋",
    "理论学习",
    "党史教育",
    "组织生活",
    "廉洁建设",
    "网络安全",
    "数据合规",
    "乡村振兴",
    "结对帮扶",
    "助学",
    "敬老",
    "环保",
    "反诈宣传",
    "红色教育",
    "青年党员",
    "党员发展",
    "行业服务",
    "企业走访",
    "人才服务",
    "政策解读",
    "数字化转型",
    "信创",
    "科普",
    "文明实践",
    "抗疫",
    "防汛",
    "节日慰问",
    "捐赠",
    "读书会",
    "主题党日",
    "三会一课",
    "先进表彰",
    "品牌建设",
    "党建联建",
    "校企合作",
    "创新创业",
    "年度总结",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "文博思雨浩然晓燕雅琴静婷萱志强俊杰佳怡建国秀兰海涛丽华明辉子涵欣悦宇航晨曦梓轩慧敏红梅国庆立新"

HEADINGS = (
    "活动现场",
    "精心准备",
    "党员带头",
    "群众反响",
    "下一步打算",
    "形成长效机制",
    "学有所获",
    "把服务送到家门口",
    "以学促干",
    "凝聚行业力量",
    "不忘初心",
    "细节见真情",
)

# The opening sentence says what happened; {d} date, {p} place, {v} verb, {t} topic, {n} a count.
OPENING = "{d}，支部在{p}{v}{t}，共有{n}人参与。"
OPENING_HONOR = "{d}，支部{v}{t}，这是对全体党员多年来辛勤付出的肯定。"

# Sentences of the rest of the body; {m} a small count, {x} and {y} people.
SENTENCES = (
    "活动由支部书记主持，他首先介绍了本次活动的背景和安排。",
    "大家围绕主题展开交流，气氛热烈，不少党员结合自身工作谈了体会。",
    "为了让活动更有针对性，支委会提前一周征求了党员和群众的意见。",
    "{x}在发言中说，这次活动让自己对“为民服务”有了更具体的理解。",
    "现场共发放宣传资料{n}份，解答群众咨询{m}人次。",
    "志愿者们分成若干小组，分别负责签到引导、讲解演示和秩序维护。",
    "活动结束后，大家纷纷表示收获很大，希望今后多组织类似的活动。",
    "社区负责同志对支部长期以来的支持表示感谢，并希望双方继续深化合作。",
    "{x}提前做了大量准备，把操作步骤整理成图文并茂的小册子。",
    "这是支部今年开展的第{m}次同类活动，参与人数比去年同期明显增加。",
    "针对群众反映集中的问题，支部当场梳理出清单，明确了责任人和完成时限。",
    "年轻党员主动承担了最辛苦的工作，用实际行动践行入党时的承诺。",
    "参加活动的企业代表认为，这种面对面的交流方式比发文件更有效。",
    "{x}结合单位实际，分享了把党建工作和业务发展结合起来的做法。",
    "支部还邀请了{m}位入党积极分子列席，让他们提前感受组织生活。",
    "会上通报了上一阶段的工作情况，对存在的不足进行了认真剖析。",
    "大家一致认为，要把学习成果转化为推动行业高质量发展的具体行动。",
    "活动现场设置了互动环节，群众踊跃提问，志愿者耐心细致地逐一解答。",
    "{x}说：“只要群众需要，我们就一直做下去。”",
    "此次活动共惠及群众{n}人，得到了当地群众的一致好评。",
    "支部将把这项活动纳入年度计划，推动其常态化、制度化开展。",
    "考虑到部分老人行动不便，志愿者还上门为{m}户居民提供了服务。",
    "整个活动历时约半天，从准备到收尾，每个环节都安排得井井有条。",
    "不少党员是第一次参加这类活动，他们表示受到了很深的教育。",
    "支部书记在总结时强调，要始终把群众的急难愁盼放在心上。",
    "活动照片和心得体会已在支部内部交流群中分享，供大家学习借鉴。",
    "{x}和{y}主动放弃周末休息，全程参与了活动的筹备和组织工作。",
    "与会人员还就下一阶段的重点工作进行了讨论，提出了{m}条具体建议。",
    "会后，支部将相关意见建议汇总整理，报送上级党组织。",
)


OTHER_SUMMARIES = (
    "{n}名党员参加，大家交流了学习体会。",
    "活动在{p}举行，{n}人参加。",
    "支部{n}名党员和入党积极分子参加了活动。",
)


@dataclass
class Record:
    index: int
    day: date
    time: str  # "HH:MM" or "" for a date without time
    type: str
    title: str
    summary: str
    location: str
    tags: list[str]
    body: str
    volunteers: list[str | tuple[str, float]] = field(default_factory=list)
    hours: float | None = None
    beneficiaries: int | None = None
    participants: int | None = None
    featured: bool = False
    meeting: str = ""  # the meeting kind of a 三会一课 record

    @property
    def slug(self) -> str:
        return f"r{self.index:06d}"

    @property
    def path(self) -> str:
        return f"activities/{self.day.year}/{self.day.isoformat()}-{self.slug}.md"


def make_names(count: int = 200) -> list[str]:
    """A fixed pool of distinct two- and three-character Chinese names."""
    rng = random.Random(SEED + 1)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        name = rng.choice(SURNAMES) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def chinese_length(text: str) -> int:
    return len(CJK.findall(text))


def make_body(
    rng: random.Random, names: list[str], type_key: str, place: str, verb: str, topic: str, day: date
) -> str:
    """300–800 Chinese characters: an opening paragraph, one or two `## ` sections."""
    # Sentences have at most ~45 characters and headings ~8, so the body stays under 800.
    target = rng.randint(300, 730)

    pool: list[str] = []

    def sentence() -> str:
        # Draw without repetition within a body; reshuffle only when the pool runs dry.
        if not pool:
            pool.extend(rng.sample(SENTENCES, len(SENTENCES)))
        x, y = rng.sample(names, 2)
        return pool.pop().format(n=rng.randint(8, 260), m=rng.randint(2, 9), x=x, y=y)

    opening = OPENING_HONOR if type_key == "honor" else OPENING
    first = opening.format(d=f"{day.month}月{day.day}日", p=place, v=verb, t=topic, n=rng.randint(8, 60))
    paragraphs: list[list[str]] = [[first]]
    headings = rng.sample(HEADINGS, 2)
    blocks: list[str] = []
    length = chinese_length(first)
    sections_wanted = 1 if target < 500 else 2
    sentences_in_paragraph = rng.randint(2, 4)
    while length < target:
        if len(paragraphs[-1]) >= sentences_in_paragraph:
            paragraphs.append([])
            sentences_in_paragraph = rng.randint(2, 4)
        text = sentence()
        paragraphs[-1].append(text)
        length += chinese_length(text)
    # Put the headings before the second paragraph and (for long bodies) halfway through the rest.
    for position, paragraph in enumerate(paragraphs):
        if position == 1:
            blocks.append(f"## {headings[0]}")
        elif sections_wanted == 2 and len(paragraphs) > 3 and position == (len(paragraphs) + 1) // 2 + 1:
            blocks.append(f"## {headings[1]}")
        blocks.append("".join(paragraph))
    if len(paragraphs) == 1:  # a short body still gets its heading
        blocks.append(f"## {headings[0]}")
        blocks.append(sentence())
    return "\n\n".join(blocks) + "\n"


def make_records(count: int, seed: int = SEED) -> list[Record]:
    rng = random.Random(seed)
    names = make_names()
    span = (LAST_DAY - FIRST_DAY).days
    records: list[Record] = []
    for index in range(1, count + 1):
        type_key = rng.choices(TYPES, weights=TYPE_WEIGHTS)[0]
        verbs, topics = TITLE_PARTS[type_key]
        verb, topic = rng.choice(verbs), rng.choice(topics)
        day = FIRST_DAY + timedelta(days=rng.randint(0, span))
        clock = "" if rng.random() < 0.2 else f"{rng.randint(8, 19):02d}:{rng.choice(('00', '30'))}"
        place = rng.choice(DISTRICTS) + rng.choice(PLACES)
        title = f"支部{verb}{topic}"
        if rng.random() < 0.3:
            title = f"{place}：{title}"
        record = Record(
            index=index,
            day=day,
            time=clock,
            type=type_key,
            title=title,
            summary="",
            location=place if rng.random() < 0.85 else "",
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            body=make_body(rng, names, type_key, place, verb, topic, day),
            featured=rng.random() < 0.05,
            meeting=MEETING_KINDS.get(topic, "") if type_key == "meeting" else "",
        )
        if type_key in SERVICE_TYPES:
            people = rng.sample(names, rng.randint(3, 15))
            record.volunteers = [
                (name, rng.choice((2, 3, 4, 5, 2.5))) if rng.random() < 0.2 else name for name in people
            ]
            record.hours = rng.choice((2, 3, 4, 1.5, 6))
            record.beneficiaries = rng.randint(10, 320)
            record.summary = f"{len(people)}名党员志愿者走进{place}，服务群众{record.beneficiaries}人。"
        else:
            record.participants = rng.randint(5, 60)
            if rng.random() < 0.6:
                record.summary = rng.choice(OTHER_SUMMARIES).format(n=record.participants, p=place)
        records.append(record)
    return records


def record_text(record: Record) -> str:
    """The record file: hand-formatted front matter (as staff write it) and the body."""
    lines = ["---", f"title: {record.title}"]
    lines.append(f"date: {record.day.isoformat()}" + (f" {record.time}" if record.time else ""))
    lines.append(f"type: {record.type}")
    if record.meeting:
        lines.append(f"meeting: {record.meeting}")
    if record.summary:
        lines.append(f"summary: {record.summary}")
    if record.location:
        lines.append(f"location: {record.location}")
    if record.volunteers:
        lines.append("volunteers:")
        for entry in record.volunteers:
            if isinstance(entry, tuple):
                lines.append(f"  - {{name: {entry[0]}, hours: {entry[1]}}}")
            else:
                lines.append(f"  - {entry}")
    if record.hours is not None:
        lines.append(f"hours: {record.hours}")
    if record.beneficiaries is not None:
        lines.append(f"beneficiaries: {record.beneficiaries}")
    if record.participants is not None:
        lines.append(f"participants: {record.participants}")
    if record.tags:
        lines.append(f"tags: [{', '.join(record.tags)}]")
    if record.featured:
        lines.append("featured: true")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + record.body


def check_record_text(record: Record, text: str) -> None:
    """Guard the generator itself: valid YAML that says what we meant, no long digit runs."""
    if LONG_DIGITS.search(text):
        raise SystemExit(f"generator bug: {record.path} contains a run of 11+ digits")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    if data.get("title") != record.title or data.get("type") != record.type:
        raise SystemExit(f"generator bug: front matter of {record.path} does not round-trip: {data!r}")
    if data.get("tags", []) != record.tags:
        raise SystemExit(f"generator bug: tags of {record.path} do not round-trip: {data.get('tags')!r}")
    length = chinese_length(record.body)
    if not 300 <= length <= 800:
        raise SystemExit(f"generator bug: body of {record.path} has {length} Chinese characters")


# ---------------------------------------------------------------------------
# Writing the two sites
# ---------------------------------------------------------------------------

INDEX_MD = "---\ntitle: 首页\n---\n\n欢迎访问{site}。\n"


class _ConfigDumper(yaml.SafeDumper):
    """Multi-line strings (such as not_in_nav) as literal blocks, the way people write them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ConfigDumper.add_representer(str, _represent_str)


def write_yaml(path: Path, config: dict) -> None:
    text = yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def theme_config() -> dict:
    return {"name": "material", "language": "zh", "font": False}


def write_full_site(root: Path, records: list[Record]) -> None:
    content = root / "content"
    content.mkdir(parents=True)
    (content / "index.md").write_text(INDEX_MD.format(site=SITE_NAME), encoding="utf-8")
    for number, record in enumerate(records):
        path = content / record.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = record_text(record)
        if number < 300:  # round-tripping every record costs more than it tells
            check_record_text(record, text)
        elif LONG_DIGITS.search(text):
            raise SystemExit(f"generator bug: {record.path} contains a run of 11+ digits")
        path.write_text(text, encoding="utf-8")
    # The full site is the demo's: its mkdocs.yml (every plugin, the brand, the theme
    # overrides), with the clock pinned and the demo's brand files beside the records.
    shutil.copytree(REPO / "content" / "assets" / "brand", content / "assets" / "brand")
    (root / "mkdocs.yml").write_text(demo_config(), encoding="utf-8")


def demo_config() -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^site_url: .*$", f"site_url: {SITE_URL}", text, flags=re.MULTILINE)
    text = re.sub(r"^site_name: .*$", f"site_name: {SITE_NAME}", text, flags=re.MULTILINE)
    text = text.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    pinned = text.replace("timezone: Asia/Shanghai", f"timezone: Asia/Shanghai\n      now: {NOW}", 1)
    if pinned == text:
        raise SystemExit(
            "bench: the demo mkdocs.yml no longer sets branchpress/records' timezone; update demo_config()"
        )
    return pinned


def write_floor_site(root: Path, records: list[Record]) -> None:
    """The same bodies as plain pages; Material and search only; the pages kept out of the nav."""
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    (content / "index.md").write_text(INDEX_MD.format(site=SITE_NAME), encoding="utf-8")
    for record in records:
        page = content / "pages" / f"{record.slug}.md"
        page.write_text(f"# {record.title}\n\n{record.body}", encoding="utf-8")
    write_material_config(root, ["search"], ["index.md"], not_in_nav="/pages/**\n")


def write_material_config(root: Path, plugins: list, nav: list, **more: object) -> None:
    """mkdocs.yml of a site built with Material alone (the floor, the blog)."""
    config = {"site_name": SITE_NAME, "site_url": SITE_URL, "docs_dir": "content", "theme": theme_config()}
    write_yaml(root / "mkdocs.yml", {**config, "plugins": plugins, "nav": nav, **more})


def write_blog_site(root: Path, records: list[Record]) -> None:
    """What a branch would get from Material alone: the same records as Material blog posts
    (type as category, tags), with the tags, search and (when installed) mkdocs-rss-plugin."""
    posts = root / "content" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "content" / "index.md").write_text(INDEX_MD.format(site=SITE_NAME), encoding="utf-8")
    (root / "content" / "blog" / "index.md").write_text("# 新闻动态\n", encoding="utf-8")
    for record in records:
        front = {"date": record.day, "categories": [record.type], "tags": record.tags}
        text = (
            "---\n"
            + yaml.safe_dump(front, allow_unicode=True)
            + f"---\n\n# {record.title}\n\n{record.summary}\n\n<!-- more -->\n\n{record.body}"
        )
        (posts / f"{record.slug}.md").write_text(text, encoding="utf-8")
    plugins: list = ["search", {"blog": {"blog_dir": "blog"}}, "tags"]
    if rss_plugin_installed():
        rss = {"match_path": "blog/posts/.*", "use_git": False, "date_from_meta": {"as_creation": "date"}}
        plugins.append({"rss": rss})
    write_material_config(root, plugins, ["index.md", {"新闻动态": "blog/index.md"}])


def rss_plugin_installed() -> bool:
    from importlib.util import find_spec

    return find_spec("mkdocs_rss_plugin") is not None


def edit_one_record(root: Path, record: Record) -> None:
    """Staff correct a sentence in the newest record's body."""
    path = root / "content" / record.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\n（本文有更正。）\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Running and measuring builds
# ---------------------------------------------------------------------------


@dataclass
class Measurement:
    wall_s: float
    cpu_s: float
    peak_mib: float
    pages: int
    workers_peak_mib: float = 0.0  # largest worker process (photos, share images)

    def as_dict(self, records: int) -> dict:
        return {
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "peak_mib": round(self.peak_mib, 1),
            "workers_peak_mib": round(self.workers_peak_mib, 1),
            "records_per_s": round(records / self.wall_s, 1),
            "html_pages": self.pages,
        }


class BuildFailed(Exception):
    def __init__(self, label: str, root: Path, log: Path, returncode: int) -> None:
        super().__init__(f"{label} build failed with exit code {returncode}")
        self.label, self.root, self.log, self.returncode = label, root, log, returncode


def become_subreaper() -> None:
    """Adopt the build's orphaned grandchildren, so their CPU time can be counted.

    Photos and share images are made in worker processes started by a forkserver. The
    forkserver outlives the build by a moment and is then re-parented; as a subreaper
    this script reaps it, and its rusage includes the workers it reaped (Linux only).
    """
    if sys.platform != "linux":
        return
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(grace: float = 10.0) -> tuple[float, float]:
    """CPU seconds and peak KiB of adopted processes that have ended, waiting up to `grace`
    seconds for those still running."""
    cpu, peak = 0.0, 0
    deadline = time.perf_counter() + grace
    while True:
        try:
            pid, _status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:  # no child left
            break
        if pid == 0:  # children remain, none has ended yet
            if time.perf_counter() >= deadline:
                break
            time.sleep(0.02)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss)
    return cpu, peak


def build_env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")


def make_cold(root: Path) -> None:
    """Remove everything a previous build left behind in the site folder.

    `.cache/` is where MkDocs plugins conventionally keep caches; when BranchPress gets
    a cache elsewhere, remove that here too so that a cold build really is cold.
    """
    for name in ("site", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)


def run_build(label: str, root: Path, command: list[str]) -> Measurement:
    """Run one build as a child process and measure that child alone.

    `os.wait4` returns the resource usage of exactly the child it reaps, so the peak
    memory of one build is not mixed up with earlier builds (unlike RUSAGE_CHILDREN,
    whose ru_maxrss is the maximum over all children ever waited for).
    """
    log = root / f"build-{label}.log"
    reap_orphans(grace=0)  # anything adopted earlier is not this build's
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=root, stdout=output, stderr=subprocess.STDOUT, env=build_env()
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    worker_cpu, worker_peak = reap_orphans()
    if process.returncode != 0:
        raise BuildFailed(label, root, log, process.returncode)
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak_bytes = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    pages = sum(1 for _ in (root / "site").rglob("*.html"))
    warnings = [line for line in log.read_text("utf-8", errors="replace").splitlines() if "WARNING" in line]
    if warnings:
        note(f"  {label}: {len(warnings)} warning line(s) in {log}, first ones:")
        for line in warnings[:5]:
            note(f"    {line}")
    workers_bytes = worker_peak if sys.platform == "darwin" else worker_peak * 1024
    return Measurement(
        wall, usage.ru_utime + usage.ru_stime + worker_cpu, peak_bytes / 2**20, pages, workers_bytes / 2**20
    )


def mkdocs_build() -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build"]


def profile_build(root: Path, top: int = 25) -> Path:
    """A cold build of the full site under cProfile; prints the top entries by cumulative time."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    target = OUT_DIR / "profile.pstats"
    make_cold(root)
    command = [sys.executable, "-m", "cProfile", "-o", str(target), "-m", "mkdocs", "build"]
    run_build("profile", root, command)
    print(f"\nProfile of a cold build ({target}), top {top} by cumulative time:")
    stats = pstats.Stats(str(target), stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return target


def check_record_pages(root: Path, expected: int, label: str) -> None:
    """Every generated record is published (dates lie before `now`), so each needs its page."""
    found = sum(
        1 for _ in (root / "site" / "activities").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    )
    if found != expected:
        note(f"  {label}: WARNING {found} record pages in the site, {expected} expected")


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_run(measured: list[Measurement]) -> Measurement:
    """The run of median wall time (the lower one of an even count)."""
    return sorted(measured, key=lambda m: m.wall_s)[(len(measured) - 1) // 2]


def bench_one(
    count: int, base: Path, profile: bool, photos: int, serve: bool, blog: bool = False, rounds: int = 1
) -> dict:
    work = base / f"n{count}"
    if work.exists():
        shutil.rmtree(work)
    full, floor = work / "full", work / "floor"
    note(f"[{count}] generating records in {work}")
    start = time.perf_counter()
    records = make_records(count)
    write_full_site(full, records)
    write_floor_site(floor, records)
    if photos:
        # In a child process: a child's peak memory starts at its parent's (Linux carries the
        # forked image's high-water mark over exec), and 12 MP photos would raise this one's.
        subprocess.run([sys.executable, str(BENCH_DIR / "phone.py"), str(full), str(photos)], check=True)
    generated = time.perf_counter() - start
    body_chars = sum(chinese_length(r.body) for r in records)

    builds: dict[str, Measurement] = {}
    note(f"[{count}] cold build")
    make_cold(full)
    builds["cold"] = run_build("cold", full, mkdocs_build())
    check_record_pages(full, count, "cold")
    index = full / "site" / "search" / "search_index.json"
    index_bytes = index.stat().st_size if index.is_file() else 0
    outputs = output_sizes(full / "site")
    note(f"[{count}] warm build")
    builds["warm"] = run_build("warm", full, mkdocs_build())
    check_record_pages(full, count, "warm")
    newest = max(records, key=lambda r: (r.day, r.time, r.index))
    # Warm with a fresh output folder (issue 28): only `.cache/` survives, as in a CI job that
    # caches it, `-d` elsewhere, `gh-deploy` or after `rm -rf site`. Then one body edited, the
    # same way. With --blog these alternate with Material blog builds, `rounds` times each, so
    # both sides see the same load; the median of each is reported.
    runs: dict[str, list[Measurement]] = {"fresh": [], "edit": [], "blog": []}
    blog_site = work / "blog"
    if blog:
        write_blog_site(blog_site, records)
    for turn in range(rounds if blog else 1):
        note(f"[{count}] warm build into a fresh output folder ({turn + 1}/{rounds if blog else 1})")
        shutil.rmtree(full / "site")
        runs["fresh"].append(run_build("fresh", full, mkdocs_build()))
        check_record_pages(full, count, "fresh")
        note(f"[{count}] one record's body edited, fresh output folder")
        edit_one_record(full, newest)
        shutil.rmtree(full / "site")
        runs["edit"].append(run_build("edit", full, mkdocs_build()))
        if blog:
            note(
                f"[{count}] Material blog build"
                + ("" if rss_plugin_installed() else " (mkdocs-rss-plugin not installed)")
            )
            make_cold(blog_site)
            runs["blog"].append(run_build("blog", blog_site, mkdocs_build()))
    builds["fresh"], builds["edit"] = median_run(runs["fresh"]), median_run(runs["edit"])
    served = None
    if serve:
        note(f"[{count}] mkdocs serve: editing the newest record's title")
        url = f"activities/{newest.day.year}/{newest.day.month:02d}/{newest.slug}/"
        served = measure_serve(full, newest.path, url, build_env())
        reap_orphans()  # the server's own worker processes: not the floor's
    note(f"[{count}] floor build")
    make_cold(floor)
    builds["floor"] = run_build("floor", floor, mkdocs_build())
    if blog:
        builds["blog"] = median_run(runs["blog"])

    floor_run = builds["floor"]
    result = {
        "records": count,
        "generate_s": round(generated, 2),
        "body_chinese_chars": body_chars,
        "builds": {name: m.as_dict(count) for name, m in builds.items()},
        "ratios_to_floor": {
            name: {
                "wall": round(builds[name].wall_s / floor_run.wall_s, 2),
                "cpu": round(builds[name].cpu_s / floor_run.cpu_s, 2),
                "peak": round(builds[name].peak_mib / floor_run.peak_mib, 2),
            }
            for name in ("cold", "warm", "fresh", "edit")
        },
        "ratios_to_blog": {
            name: round(builds[name].wall_s / builds["blog"].wall_s, 3)
            for name in ("cold", "warm", "fresh", "edit")
        }
        if "blog" in builds
        else {},
        "search_index": {"bytes": index_bytes, "bytes_per_record": round(index_bytes / count)},
        "outputs": outputs,
        "photos": photos,
        "serve": served,
        "folder": str(work),
        "rounds": {
            name: [round(m.wall_s, 3) for m in measured] for name, measured in runs.items() if measured
        },
    }
    if profile:
        result["profile"] = str(profile_build(full))
    return result


def output_sizes(site: Path) -> dict:
    """Bytes a visitor may download for search, and what posters add to the site."""

    def folder(path: Path) -> list[Path]:
        return [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []

    search, posters = folder(site / "search"), folder(site / "assets" / "posters")
    shards = [p.stat().st_size for p in folder(site / "search" / "terms")]
    return {
        "search": {
            "files": len(search),
            "bytes": sum(p.stat().st_size for p in search),
            "largest_term_shard": max(shards, default=0),
        },
        "posters": {"files": len(posters), "bytes": sum(p.stat().st_size for p in posters)},
    }


def print_table(results: list[dict]) -> None:
    header = (
        f"{'N':>7}  {'build':<6} {'wall s':>8} {'rec/s':>8} {'cpu s':>8} {'peak MiB':>9}"
        f"  {'wall/floor':>10} {'cpu/floor':>9} {'peak/floor':>10}"
    )
    print()
    print(header)
    print("-" * len(header))
    for result in results:
        count = result["records"]
        for name, figures in result["builds"].items():
            ratios = result["ratios_to_floor"].get(name)
            ratio_text = (
                f"  {ratios['wall']:>9.2f}x {ratios['cpu']:>8.2f}x {ratios['peak']:>9.2f}x" if ratios else ""
            )
            print(
                f"{count:>7}  {name:<6} {figures['wall_s']:>8.2f} {figures['records_per_s']:>8.1f}"
                f" {figures['cpu_s']:>8.2f} {figures['peak_mib']:>9.1f}{ratio_text}"
            )
        to_blog = result.get("ratios_to_blog")
        if to_blog:
            print(
                f"{'':>7}  wall / Material blog: cold {to_blog['cold']:.2f}x, warm {to_blog['warm']:.2f}x,"
                f" warm into a fresh folder {to_blog['fresh']:.2f}x, after one edit {to_blog['edit']:.2f}x"
            )
            cold = result["ratios_to_floor"]["cold"]["wall"]
            print(
                f"{'':>7}  issue 28 targets: fresh-folder warm / blog {to_blog['fresh']:.2f}x (<= 0.2),"
                f" one body edited / blog {to_blog['edit']:.2f}x (<= 0.25), cold / floor {cold:.2f}x (<= 2.5)"
            )
        index = result["search_index"]
        print(
            f"{'':>7}  search/search_index.json (full build): {index['bytes'] / 2**20:.2f} MiB,"
            f" {index['bytes_per_record']:,} bytes per record"
        )
        sizes = result.get("outputs")
        if sizes:
            search, posters = sizes["search"], sizes["posters"]
            print(
                f"{'':>7}  search/ in all: {search['bytes'] / 2**20:.2f} MiB in {search['files']:,} files"
                f" (largest term shard {search['largest_term_shard'] / 1024:.0f} KiB);"
                f" posters: {posters['files']:,}, {posters['bytes'] / 2**20:.1f} MiB"
            )
        serve = result.get("serve")
        if serve:
            print(
                f"{'':>7}  mkdocs serve: edited title shown after {serve['edit_shown_median_s']:.2f} s"
                f" (median of {len(serve['edit_shown_s'])}; rebuild {serve['rebuild_median_s']} s,"
                f" first build {serve['first_build_s']} s; news page updated: {serve['news_shows_edit']})"
            )
        workers = max(m["workers_peak_mib"] for m in result["builds"].values())
        if workers:
            print(f"{'':>7}  largest worker process (photos, share images): {workers:.0f} MiB")
    print()


def machine() -> dict:
    versions = {}
    for module in ("mkdocs", "material", "branchpress"):
        try:
            from importlib.metadata import version

            versions[module] = version("mkdocs-material" if module == "material" else module)
        except Exception:  # noqa: BLE001 - a missing version is not worth failing the run
            versions[module] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        **versions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records",
        type=int,
        action="append",
        required=True,
        metavar="N",
        help="number of synthetic records; repeat for several sizes",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep the sites afterwards")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--photos",
        type=int,
        default=0,
        metavar="K",
        help="give K records a 12 MP phone photo as cover (the floor has none)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="skip timing how fast mkdocs serve shows an edit"
    )
    parser.add_argument(
        "--blog",
        type=int,
        nargs="?",
        const=1000,
        default=0,
        metavar="MAX_N",
        help="also build the records as a Material blog (blog, tags, search, rss if installed),"
        " for every N up to MAX_N (default 1000: Material's blog takes minutes at 10,000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        metavar="R",
        help="with --blog: alternate R fresh-folder warm, edit and blog builds; the median counts",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after measuring, run one more cold build of the largest N under cProfile",
    )
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.records):
        parser.error("--records must be positive")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        base = args.keep.resolve()
    else:
        base = Path(tempfile.mkdtemp(prefix="branchpress-bench-"))
    largest = max(args.records)
    become_subreaper()

    results: list[dict] = []
    started = datetime.now().isoformat(timespec="seconds")
    try:
        for count in args.records:
            profile = args.profile and count == largest
            results.append(
                bench_one(
                    count, base, profile, args.photos, not args.no_serve, count <= args.blog, args.rounds
                )
            )
    except BuildFailed as failure:
        print(f"\n{failure}; site folder kept: {failure.root}", file=sys.stderr)
        print(f"--- output of the failed build ({failure.log}) ---", file=sys.stderr)
        print(failure.log.read_text("utf-8", errors="replace")[-8000:], file=sys.stderr)
        if results:
            print_table(results)
        return 1
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"started": started, "machine": machine(), "runs": results}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        note(f"figures written to {args.json}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
