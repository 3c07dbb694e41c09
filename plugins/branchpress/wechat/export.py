"""`branchpress wechat RECORD... [--since DATE]`: published records as paste-ready 公众号 articles.

Records are loaded the way `branchpress check` loads them (the records plugin's settings,
the roster, the public view of each record); photos are looked up in the image cache
the build fills (and processed into it when missing), so the article names the very
renditions the site publishes. Either every article asked for is written, or none:
all problems are printed together and nothing is half-written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..core.problems import Problem, sort_problems

if TYPE_CHECKING:  # imported when the command runs, so `branchpress --help` stays fast
    from ..core.records.model import Record
    from ..core.records.store import LoadResult
    from ..core.wechat.article import Article

EXPORTS = "exports/wechat"
PRODUCER = "branchpress wechat"
CONTENT_PROBLEMS = 1
CANNOT_RUN = 2
RECORDS = "branchpress/records"
PLUGINS = (RECORDS, "branchpress/brand", "branchpress/images", "branchpress/volunteers")
NEXT_STEPS = (
    "下一步：用浏览器打开上面的文件，全选（Ctrl+A，苹果电脑 ⌘A）并复制（Ctrl+C / ⌘C），"
    "在公众号编辑器的正文里粘贴；把标题填进“标题”，把原文链接填进“原文链接”（阅读原文）。\n"
    "图片从网站地址加载：请先发布网站（mkdocs build 后上传），再粘贴，编辑器才取得到图片。"
)


def add_parser(commands) -> None:
    wechat = commands.add_parser(
        "wechat", help="把已发布的记录导出为可粘贴到公众号编辑器的文章（exports/wechat/）"
    )
    wechat.add_argument("-f", "--config-file", default="mkdocs.yml", help="mkdocs.yml 的路径")
    wechat.add_argument("records", nargs="*", metavar="RECORD", help="记录文件的路径，或网址最后一段（slug）")
    wechat.add_argument("--since", metavar="DATE", help="导出这一天（含）以来发布的全部记录，例如 2026-05-01")


def run(config_file: Path, args: argparse.Namespace) -> int:
    if not args.records and args.since is None:
        print(
            "请写出要导出的记录（文件路径或 slug），或用 --since 日期 导出一段时间以来的记录。"
            "例如：branchpress wechat lei-feng-day",
            file=sys.stderr,
        )
        return CANNOT_RUN
    return run_wechat(config_file, args.records, args.since)


def run_wechat(config_file: Path, targets: list[str], since: str | None) -> int:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from ..cli import plugin_entries

    try:
        entries = [entry for name in PLUGINS for entry in plugin_entries(config_file, name)]
        config = load_config(str(config_file), plugins=entries)
    except (ConfigurationError, PluginError, OSError) as error:
        print(f"无法读取配置 {config_file}：{error}", file=sys.stderr)
        return CANNOT_RUN
    except Abort:  # MkDocs has already logged which option is wrong
        print(f"无法读取配置 {config_file}：请按上面的提示修改。", file=sys.stderr)
        return CANNOT_RUN
    try:
        return _export(config, config_file, targets, since)
    except PluginError as error:  # an option of branchpress/images that cannot be used
        print(str(error), file=sys.stderr)
        return CANNOT_RUN


def _export(config, config_file: Path, targets: list[str], since: str | None) -> int:
    from ..adapter import plugin_of, project_path
    from ..cli import _shown
    from ..core.people.public import Withholding
    from ..core.people.roster import DEFAULT_ROSTER, load_roster
    from ..core.records.dates import DATE_FORMAT_HINT, parse_date
    from ..core.records.store import load_records
    from ..core.wechat.article import ArticleRefused, refusal
    from ..images.plugin import ImagesPlugin
    from ..records.config import settings_from_config
    from ..records.plugin import RecordsPlugin
    from ..volunteers.plugin import VolunteersPlugin
    from .edition import brand_of, edition, published_site_url

    records_plugin = plugin_of(config, RECORDS, RecordsPlugin)
    if records_plugin is None:
        print(f"{config_file} 没有启用 branchpress/records 插件。", file=sys.stderr)
        return CANNOT_RUN
    site_url = published_site_url(config)
    if site_url is None:
        print(
            "公众号文章里的图片要用网站的完整网址：请在 mkdocs.yml 里写 site_url，"
            "例如 site_url: https://dangjian.example.cn/ 。",
            file=sys.stderr,
        )
        return CANNOT_RUN
    settings = settings_from_config(records_plugin.config, preview=False, site_url=site_url)
    moment = None
    if since is not None:
        moment = parse_date(since, settings.timezone)[0]
        if moment is None:
            print(f"--since 的日期“{since}”无法识别。修改方法：{DATE_FORMAT_HINT}。", file=sys.stderr)
            return CANNOT_RUN

    docs = Path(config.docs_dir)
    people = plugin_of(config, "branchpress/volunteers", VolunteersPlugin)
    roster_file = people.config.roster if people is not None else DEFAULT_ROSTER
    roster, roster_problems = load_roster(docs, roster_file)
    if any(p.is_error for p in roster_problems):
        # Without a readable roster nobody knows whose names are withheld.
        return _fail([p for p in roster_problems if p.is_error], "志愿者名册有错误，无法确定哪些姓名不能公开")
    withholding = Withholding(roster, mask=bool(people and people.config.mask_names))
    result = load_records(docs, settings, withholding=withholding)

    problems: list[Problem] = []
    chosen = _choose(result, targets, docs, problems)
    if moment is not None:
        for record in result.all_records:
            if record.date >= moment and record.source in result.store.by_source:
                chosen.setdefault(record.source, record)
    if not chosen and not problems:
        print(f"{since} 以来没有已发布的记录，没有写出文章。")
        return 0
    views = []
    for source, record in sorted(chosen.items()):
        # The record as written tells only whether it may be published; the text is the view's.
        refused = refusal(record)
        if refused is not None:
            problems.append(refused)
        else:
            views.append(result.store.by_source[source])

    brand, has_kit, brand_problems = brand_of(config)
    if brand is None:
        return _fail(brand_problems, "品牌配置有错误")
    images = plugin_of(config, "branchpress/images", ImagesPlugin)
    photo_at = _photos(views, docs, images, project_path(config, "."), problems)
    press = edition(
        config,
        site_url=site_url,
        brand=brand,
        has_kit=has_kit,
        store=result.store,
        photo_at=photo_at,
    )
    articles: list[Article] = []
    for view in views:
        try:
            articles.append(press.article(view))
        except ArticleRefused as refused:
            problems.append(refused.problem)
    files = _files(articles, project_path(config, "."), withholding, problems)
    if problems:
        return _fail(problems, "没有写出任何文章")
    for article, (path, data) in zip(articles, files, strict=True):
        try:
            _write_atomically(path, data)
        except OSError as error:
            print(
                f"无法写入 {_shown(path)}（{error.strerror}）。修改方法：检查文件夹权限和磁盘空间。",
                file=sys.stderr,
            )
            return CANNOT_RUN
        print(f"已写出 {_shown(path)}（{article.text_length:,} 字，{max(1, round(article.size / 1024))} KB）")
        print(f"  标题：{article.title}")
        print(f"  原文链接：{article.url}")
        if article.cover_url:
            print(f"  封面图片：{article.cover_url}")
    print(NEXT_STEPS)
    return 0


def _choose(result: LoadResult, targets: list[str], docs: Path, problems: list[Problem]) -> dict[str, Record]:
    """Each target (a record file, its slug or its URL) as the record it names, as written."""
    chosen: dict[str, Record] = {}
    for target in targets:
        source = _docs_path(target, docs)
        if source is not None and source in result.sources:
            errors = [p for p in result.errors if p.file == source]
            if errors:
                problems.extend(errors)
                continue
            record = next(r for r in result.all_records if r.source == source)
            chosen.setdefault(source, record)
            continue
        matches = [r for r in result.all_records if _names(r, target)]
        if len(matches) == 1:
            chosen.setdefault(matches[0].source, matches[0])
        elif matches:
            listed = "、".join(r.source for r in matches)
            problems.append(
                Problem(
                    target,
                    None,
                    None,
                    f"有 {len(matches)} 篇记录都叫“{target}”：{listed}。",
                    "改用记录文件的路径，例如 branchpress wechat " + matches[0].source + "。",
                )
            )
        else:
            problems.append(
                Problem(
                    target,
                    None,
                    None,
                    f"找不到记录“{target}”。",
                    "写记录文件的路径（如 content/activities/2026/2026-05-12-lei-feng.md），"
                    "或网址最后一段（slug，如 lei-feng）。",
                )
            )
    return chosen


def _docs_path(target: str, docs: Path) -> str | None:
    """A target that is a file, as a docs-relative path; None when it is not one."""
    for candidate in (Path(target), docs / target):
        if candidate.is_file():
            try:
                return candidate.resolve().relative_to(docs.resolve()).as_posix()
            except ValueError:
                return None
    return None


def _names(record: Record, target: str) -> bool:
    """Whether a slug, a file name or a page URL names this record."""
    wanted = target.strip()
    path = urlsplit(wanted).path.strip("/") + "/"
    return wanted in (record.slug, Path(record.source).stem) or ("/" in wanted and path.endswith(record.url))


def _photos(views, docs: Path, images, project: Path, problems: list[Problem]):
    """docs path -> PhotoView of every photo the records use, from the build's image cache."""
    from ..core.imaging.batch import process_photos
    from ..core.imaging.cache import PhotoCache
    from ..core.imaging.uses import find_photo_uses
    from ..core.imaging.views import PhotoView
    from ..core.records.store import RecordStore
    from ..images.config import photo_settings

    if images is None or not views:
        return lambda path: None
    cache = PhotoCache(project / images.config.cache_dir, photo_settings(images.config))
    uses = find_photo_uses(RecordStore(views), docs)
    processed, photo_problems = process_photos(uses, docs, cache, images.config.workers, lambda _: None)
    problems.extend(p for p in photo_problems if p.is_error)
    cache.save_index()
    found = {path: PhotoView(photo) for path, photo in processed.items()}
    return found.get


def _files(articles: list[Article], project: Path, withholding, problems: list[Problem]):
    """(path, bytes) of each article; a second article for the same file, or a withheld name
    that reached an article, is a problem."""
    from ..core.site.output import OutputWriter, WithheldNameInOutput

    writer = OutputWriter(project, withholding.forms)
    taken: dict[str, str] = {}
    files = []
    for article in articles:
        relative = f"{EXPORTS}/{article.record.slug}.html"
        data = article.document().encode("utf-8")
        first = taken.setdefault(relative, article.record.source)
        if first != article.record.source:
            problems.append(
                Problem(
                    article.record.source,
                    article.record.field_lines.get("slug"),
                    "slug",
                    f"和 {first} 都要写出 {relative}。",
                    "一次只导出其中一篇，或给其中一篇写一个不同的 slug。",
                )
            )
        try:
            writer.check(relative, PRODUCER, data)
        except WithheldNameInOutput as error:
            problems.append(Problem(article.record.source, None, None, str(error), "请报告给开发者。"))
        files.append((project / relative, data))
    return files


def _write_atomically(path: Path, data: bytes) -> None:
    """A reader (or a crash) never sees half a file: write beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _fail(problems: list[Problem], what: str) -> int:
    problems = sort_problems(problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{what}：共 {len(problems)} 个问题，请按上面的修改方法处理后再试。", file=sys.stderr)
    return CONTENT_PROBLEMS
