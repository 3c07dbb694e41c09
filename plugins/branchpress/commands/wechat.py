"""`branchpress wechat RECORD... [--since DATE]`: published records as paste-ready 公众号 articles.

Records are loaded through the project as the build loads them (settings, roster, the
public view of each record); photos are looked up in the image cache the build fills (and
processed into it when missing), so the article names the very renditions the site
publishes. Either every article asked for is written, or none: all problems are printed
together and nothing is half-written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .output import CANNOT_RUN, complain, fail, shown, write_atomically

if TYPE_CHECKING:  # imported when the command runs, so `branchpress --help` stays fast
    from branchpress.core.problems import Problem
    from branchpress.core.records.model import Record
    from branchpress.core.records.store import LoadResult
    from branchpress.core.wechat.article import Article

    from .loading import Opened

EXPORTS = "exports/wechat"
PRODUCER = "branchpress wechat"
BRAND, IMAGES = "branchpress/brand", "branchpress/images"
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
    wechat.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.records and args.since is None:
        complain(
            "请写出要导出的记录（文件路径或 slug），或用 --since 日期 导出一段时间以来的记录。"
            "例如：branchpress wechat lei-feng-day"
        )
        return CANNOT_RUN
    return run_wechat(Path(args.config_file), args.records, args.since)


def run_wechat(config_file: Path, targets: list[str], since: str | None) -> int:
    from mkdocs.exceptions import PluginError

    from .loading import open_project

    opened = open_project(config_file, BRAND, IMAGES)
    if opened is None:
        return CANNOT_RUN
    # The site's real address as mkdocs.yml writes it: the article's images load from there.
    site_url = opened.config.site_url
    if not site_url:
        complain(
            "公众号文章里的图片要用网站的完整网址：请在 mkdocs.yml 里写 site_url，"
            "例如 site_url: https://dangjian.example.cn/ 。"
        )
        return CANNOT_RUN
    try:
        return _export(opened, site_url if site_url.endswith("/") else site_url + "/", targets, since)
    except PluginError as error:  # an option of branchpress/brand or /images that cannot be used
        complain(str(error))
        return CANNOT_RUN


def _export(opened: Opened, site_url: str, targets: list[str], since: str | None) -> int:
    project = opened.project
    moment = _since(since, project.settings.timezone)
    if since is not None and moment is None:
        return CANNOT_RUN
    content = project.load()
    if content.roster_unreadable:
        # Without a readable roster nobody knows whose names are withheld.
        errors = [p for p in content.roster_problems if p.is_error]
        return fail(errors, "志愿者名册有错误，无法确定哪些姓名不能公开")
    problems: list[Problem] = []
    views = _views(content.result, targets, moment, project.docs_dir, problems)
    if views is None:
        print(f"{since} 以来没有已发布的记录，没有写出文章。")
        return 0
    articles = _articles(opened, site_url, content, views, problems)
    files = _files(articles, project.root, content.withholding, problems)
    if problems:
        return fail(problems, "没有写出任何文章")
    return _write(articles, files)


def _since(since: str | None, zone):
    """The moment of --since, or None after saying why it is not a date (or when not given)."""
    from branchpress.core.records.dates import DATE_FORMAT_HINT, parse_date

    if since is None:
        return None
    moment = parse_date(since, zone)[0]
    if moment is None:
        complain(f"--since 的日期“{since}”无法识别。修改方法：{DATE_FORMAT_HINT}。")
    return moment


def _views(result: LoadResult, targets: list[str], moment, docs: Path, problems: list[Problem]):
    """The public views of the records asked for (refusals added to `problems`); None when
    --since found nothing and nothing else was asked."""
    from branchpress.core.wechat.article import refusal

    chosen = _choose(result, targets, docs, problems)
    if moment is not None:
        for record in result.all_records:
            if record.date >= moment and record.source in result.store.by_source:
                chosen.setdefault(record.source, record)
    if not chosen and not problems:
        return None
    views = []
    for source, record in sorted(chosen.items()):
        # The record as written tells only whether it may be published; the text is the view's.
        refused = refusal(record)
        if refused is not None:
            problems.append(refused)
        else:
            views.append(result.store.by_source[source])
    return views


def _articles(
    opened: Opened, site_url: str, content, views: list[Record], problems: list[Problem]
) -> list[Article]:
    from branchpress.core.wechat.article import ArticleRefused
    from branchpress.wechat.edition import edition

    brand, has_kit, brand_problems = _brand(opened)
    if brand is None:
        problems.extend(brand_problems)
        return []
    press = edition(
        opened.config,
        site_url=site_url,
        brand=brand,
        has_kit=has_kit,
        store=content.store,
        photo_at=_photos(opened, views, problems),
    )
    articles = []
    for view in views:
        try:
            articles.append(press.article(view))
        except ArticleRefused as refused:
            problems.append(refused.problem)
    return articles


def _brand(opened: Opened):
    """(brand, whether the site publishes the brand kit's logo PNGs, problems), from the options
    of branchpress/brand without running it; a site without it gets its default brand."""
    from branchpress.brand.config import BrandConfig, brand_from_config
    from branchpress.wechat.edition import default_brand

    plugin = opened.config.plugins.get(BRAND)
    if plugin is None or not isinstance(plugin.config, BrandConfig):
        return default_brand(opened.config), False, []
    brand, problems = brand_from_config(plugin.config, opened.config)
    return brand, True, problems


def _photos(opened: Opened, views: list[Record], problems: list[Problem]):
    """docs path -> PhotoView of every photo the records use, from the build's image cache."""
    from branchpress.core.imaging.batch import process_photos
    from branchpress.core.imaging.cache import PhotoCache
    from branchpress.core.imaging.uses import find_photo_uses
    from branchpress.core.imaging.views import PhotoView
    from branchpress.core.records.store import RecordStore
    from branchpress.images.config import ImagesConfig, photo_settings

    images = opened.config.plugins.get(IMAGES)
    if images is None or not isinstance(images.config, ImagesConfig) or not views:
        return lambda path: None
    project = opened.project
    cache = PhotoCache(project.cache_dir, photo_settings(images.config))
    uses = find_photo_uses(RecordStore(views), project.docs_dir)
    processed, found = process_photos(uses, project.docs_dir, cache, images.config.workers, lambda _: None)
    problems.extend(p for p in found if p.is_error)
    cache.save_index()
    return {path: PhotoView(photo) for path, photo in processed.items()}.get


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
            chosen.setdefault(source, next(r for r in result.all_records if r.source == source))
            continue
        matches = [r for r in result.all_records if _names(r, target)]
        if len(matches) == 1:
            chosen.setdefault(matches[0].source, matches[0])
        else:
            problems.append(_not_one(target, matches))
    return chosen


def _not_one(target: str, matches: list[Record]) -> Problem:
    from branchpress.core.problems import Problem

    if matches:
        listed = "、".join(r.source for r in matches)
        return Problem(
            target,
            None,
            None,
            f"有 {len(matches)} 篇记录都叫“{target}”：{listed}。",
            "改用记录文件的路径，例如 branchpress wechat " + matches[0].source + "。",
        )
    return Problem(
        target,
        None,
        None,
        f"找不到记录“{target}”。",
        "写记录文件的路径（如 content/activities/2026/2026-05-12-lei-feng.md），或网址最后一段（slug，如 lei-feng）。",
    )


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


def _files(articles: list[Article], root: Path, withholding, problems: list[Problem]):
    """(path, bytes) of each article; a second article for the same file, or a withheld name
    that reached an article, is a problem."""
    from branchpress.core.problems import Problem
    from branchpress.core.site.output import OutputWriter, WithheldNameInOutput

    writer = OutputWriter(root, withholding.forms)
    taken: dict[str, str] = {}
    files = []
    for article in articles:
        record = article.record
        relative = f"{EXPORTS}/{record.slug}.html"
        data = article.document().encode("utf-8")
        first = taken.setdefault(relative, record.source)
        if first != record.source:
            problems.append(
                Problem(
                    record.source,
                    record.field_lines.get("slug"),
                    "slug",
                    f"和 {first} 都要写出 {relative}。",
                    "一次只导出其中一篇，或给其中一篇写一个不同的 slug。",
                )
            )
        try:
            writer.check(relative, PRODUCER, data)
        except WithheldNameInOutput as error:
            problems.append(Problem(record.source, None, None, str(error), "请报告给开发者。"))
        files.append((root / relative, data))
    return files


def _write(articles: list[Article], files: list[tuple[Path, bytes]]) -> int:
    for article, (path, data) in zip(articles, files, strict=True):
        try:
            write_atomically(path, data)
        except OSError as error:
            complain(f"无法写入 {shown(path)}（{error.strerror}）。修改方法：检查文件夹权限和磁盘空间。")
            return CANNOT_RUN
        print(f"已写出 {shown(path)}（{article.text_length:,} 字，{max(1, round(article.size / 1024))} KB）")
        print(f"  标题：{article.title}")
        print(f"  原文链接：{article.url}")
        if article.cover_url:
            print(f"  封面图片：{article.cover_url}")
    print(NEXT_STEPS)
    return 0
