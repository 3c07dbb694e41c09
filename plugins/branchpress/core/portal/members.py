"""The member branches of a portal, as the committee lists them in mkdocs.yml.

Each member is `{name, site, feed}` (and an optional `slug` for its page's URL). The
feed is an http(s) URL, or a file beside mkdocs.yml for committees that collect feeds
by other means (and for tests); a local file stands for the feed at the root of the
member's site, so images its items name under the site's address are read from files
beside it (see `Member.local_file_for`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from branchpress.core.fields import Field, FieldCheck, Kind, Schema
from branchpress.core.problems import Problem, Severity
from branchpress.core.records.slugs import is_valid_slug, slugify, unique_slug

SOURCE = "mkdocs.yml"
PREFIX = "branchpress/portal.members"
EXAMPLE = (
    "{name: 青禾软协党支部, site: https://dangjian.example.cn/, feed: https://dangjian.example.cn/feed.json}"
)


@dataclass(frozen=True)
class Member:
    name: str
    slug: str  # of /branches/<slug>/
    site: str  # the member's own site, http(s), ending in "/"
    feed: str  # an http(s) URL, or the absolute path of a local file

    @property
    def local_feed(self) -> Path | None:
        return None if is_http_url(self.feed) else Path(self.feed)

    @property
    def base_url(self) -> str:
        """What relative links in the feed are relative to: the feed's own URL; for a local
        file, the member's site (a file path means nothing to a visitor)."""
        return self.site if self.local_feed is not None else self.feed

    def local_file_for(self, url: str) -> Path | None:
        """For a local feed: the file beside it that stands for `url` under the member's site
        (never outside the feed's folder); None for any other URL."""
        feed = self.local_feed
        if feed is None or not url.startswith(self.site):
            return None
        relative = urlsplit(url[len(self.site) :]).path
        folder = feed.parent.resolve()
        path = (folder / relative).resolve()
        return path if path.is_relative_to(folder) and path.is_file() else None


def is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a broken [IPv6] host: no URL the portal can use
        return False


def _site(text: str) -> str | None:
    return (text if text.endswith("/") else text + "/") if is_http_url(text) else None


MEMBER = Schema(
    Field(
        "name",
        Kind.TEXT,
        required=True,
        missing="成员支部缺少名称 name。",
        missing_fix=f"写成 {EXAMPLE}。",
    ),
    Field(
        "site",
        Kind.TEXT,
        required=True,
        parse=_site,
        wrong="“{value}”不是以 http:// 或 https:// 开头的网址。",
        fix="写成成员支部网站首页的完整网址，例如 https://dangjian.example.cn/ 。",
        missing="成员支部缺少网站地址 site。",
        missing_fix=f"写成 {EXAMPLE}。",
    ),
    Field(
        "feed",
        Kind.OWN,
        required=True,
        missing="成员支部缺少订阅源 feed。",
        missing_fix=f"写成 {EXAMPLE}。",
    ),
    Field(
        "slug",
        Kind.TEXT,
        parse=lambda text: text if is_valid_slug(text) else None,
        wrong="“{value}”不能用作网址。",
        fix="只用小写英文字母、数字和连字符，例如 qhsia。",
    ),
    unknown=Severity.ERROR,
)


def build_members(entries: Sequence[Any], base_dir: Path) -> tuple[tuple[Member, ...], list[Problem]]:
    """Validate the `members` option; every problem names the entry and the fix, in Chinese.

    `base_dir` is the folder of mkdocs.yml, against which local feed files are found.
    """
    problems: list[Problem] = []
    members: list[Member] = []
    names: dict[str, int] = {}
    feeds: dict[str, int] = {}
    taken: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        check = FieldCheck(SOURCE, prefix=f"{PREFIX}[{index}].")
        if not isinstance(entry, dict):
            check.error(None, f"第 {index} 个成员支部应写成一组字段，现在是“{entry}”。", f"写成 {EXAMPLE}。")
            problems += check.problems
            continue
        check.keys(MEMBER, entry)
        values = check.values(MEMBER, entry)
        feed = _feed(check, entry.get("feed"), base_dir)
        name = values["name"]
        if name is not None and name in names:
            check.error(
                "name",
                f"成员支部“{name}”写了两次（第 {names[name]} 项和第 {index} 项）。",
                "删掉重复的一项。",
            )
        if feed is not None and feed in feeds:
            check.error(
                "feed",
                f"第 {index} 项的订阅源与第 {feeds[feed]} 项相同。",
                "每个成员支部写它自己的订阅源；重复的一项请删掉。",
            )
        slug = values["slug"] or (slugify(name) if name else None) or f"branch-{index}"
        if values["slug"] and values["slug"] in taken:
            check.error("slug", f"网址 slug “{slug}”已被另一个成员支部使用。", "给其中一个换一个 slug。")
        problems += check.problems
        if check.failed:
            continue
        names[name] = feeds[feed] = index
        slug = unique_slug(slug, taken.__contains__)
        taken.add(slug)
        members.append(Member(name=name, slug=slug, site=values["site"], feed=feed))
    if not entries:
        problems.append(
            Problem(
                SOURCE,
                None,
                PREFIX,
                "门户还没有成员支部。",
                f"在 members 下每个成员支部写一行，例如 - {EXAMPLE}",
            )
        )
    return tuple(members), problems


def _feed(check: FieldCheck, value: Any, base_dir: Path) -> str | None:
    if value is None or value == "":
        return None  # reported as missing by check.keys
    text = str(value).strip() if isinstance(value, (str, Path)) else None
    if text and is_http_url(text):
        return text
    if text and urlsplit(text).scheme in ("", "file") and "://" not in text:
        path = (base_dir / text).resolve()
        if path.is_file():
            return str(path)
        check.error(
            "feed",
            f"找不到订阅源文件“{text}”（相对于 mkdocs.yml 所在的文件夹）。",
            "写成以 http:// 或 https:// 开头的订阅源网址，或检查文件名和路径。",
        )
        return None
    check.error(
        "feed",
        f"订阅源“{value}”既不是 http(s) 网址，也不是本地文件。",
        "写成成员支部的 RSS、Atom 或 JSON Feed 地址，例如 https://dangjian.example.cn/feed.json 。",
    )
    return None
