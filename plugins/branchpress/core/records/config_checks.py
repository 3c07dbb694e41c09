"""Checks of mkdocs.yml. Personal numbers: the site's description, copyright, brand contact and
every other text setting reach the footer or the head of every page, and every feed. Material
settings that load from another host (Google Fonts, analytics, the GitHub source widget, scripts
and stylesheets by URL): every page would make each visitor's browser fetch from there.

The settings are read as the adapters hand them over (a key path and its text); a finding is
reported against mkdocs.yml with the line where the number is written, when it can be found.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from branchpress.core.problems import Problem

from .personal_numbers import number_problem
from .privacy import find_personal_numbers

CONFIG_FILE = "mkdocs.yml"
# Settings that name numbers meant to be checked against, not published.
NOT_PUBLISHED = ("plugins → branchpress/records → privacy_allow",)


def config_problems(
    values: Iterable[tuple[str, str]], allowed: Collection[str], config_text: str = ""
) -> list[Problem]:
    """A problem for each personal number in the text settings (key path, text)."""
    problems = []
    lines = config_text.splitlines()
    for key, text in values:
        if key.startswith(NOT_PUBLISHED):
            continue
        for finding in find_personal_numbers(text, allowed):
            written = text[finding.start : finding.end]
            line = next((n for n, row in enumerate(lines, 1) if written in row), None)
            problems.append(number_problem(CONFIG_FILE, line, key, "这项设置", finding))
    return problems


# Material settings that make every visitor's browser fetch from another host (DESIGN: no page
# makes a request to another host). Each is (what happens, the fix); the adapter reads them.
_FONT = (
    "Material 会让每位访客的浏览器从 Google Fonts（fonts.googleapis.com、fonts.gstatic.com）加载字体："
    "在国内会被拦截，页面要等它超时才显示文字。",
    "在 mkdocs.yml 的 theme 下写 font: false（网站改用访客设备自带的中文字体）。",
)
_ANALYTICS = (
    "Material 会在每个页面加载这里设置的统计脚本（Google Analytics 等），每位访客的浏览器都会去那个网站，"
    "对方也能记录谁在看。",
    "删掉 mkdocs.yml 中 extra 下的 analytics 整段；访问情况可以看服务器日志。",
)
_REPO = (
    "Material 会在页眉显示这个仓库的星标和版本数，为此每位访客的浏览器都会去请求 {host} 的接口。",
    "删掉 mkdocs.yml 中的 repo_url（以及 repo_name、edit_uri）；要给读者一个仓库链接，写进页面正文即可。",
)
_ASSET = (
    "{key} 里的 {url} 在另一个网站 {host} 上：每个页面都会让访客的浏览器去那里加载它"
    "（在国内可能被拦截或很慢，对方也能记录谁在看）。",
    "把这个文件下载保存到 content/ 里（例如 content/assets/{name}），再在 {key} 里写成相对路径 assets/{name}。",
)
# Material asks these hosts' APIs for a repository's facts (its source widget); others are links.
_REPO_APIS = {"github.com": "api.github.com", "gitlab.com": "gitlab.com"}


def material_problems(
    settings: dict[str, object], other_host: Callable[[str], str], config_text: str = ""
) -> list[Problem]:
    """Errors for the mkdocs.yml settings that make Material load from another host.

    `settings` holds theme.font, extra.analytics, repo_url, extra_javascript, extra_css,
    theme.logo and theme.favicon as MkDocs read them; `other_host(url)` is the other host a URL
    loads from, or "" for the site's own files."""
    lines = config_text.splitlines()
    problems = []

    def error(key: str, message: str, fix: str) -> None:
        problems.append(Problem(CONFIG_FILE, _line_of_key(lines, key), key, message, fix))

    if settings.get("theme.font") not in (False, None):
        error("theme → font", *_FONT)
    if settings.get("extra.analytics"):
        error("extra → analytics", *_ANALYTICS)
    repo = str(settings.get("repo_url") or "")
    host = other_host(repo) if repo else ""
    api = next((api for site, api in _REPO_APIS.items() if host == site or host.endswith("." + site)), None)
    if api is None and "gitlab" in host:
        api = host  # a self-hosted GitLab: Material asks its API too
    if api is not None:
        message, fix = _REPO
        error("repo_url", message.format(host=api), fix)
    for key in ("extra_javascript", "extra_css", "theme.logo", "theme.favicon"):
        value = settings.get(key)
        for url in value if isinstance(value, list | tuple) else [value] if value else []:
            host = other_host(str(url))
            if host:
                name = str(url).rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "file"
                shown = key.replace(".", " → ")
                message, fix = _ASSET
                error(shown, message.format(key=shown, url=url, host=host), fix.format(key=shown, name=name))
    return problems


def _line_of_key(lines: list[str], key: str) -> int | None:
    """The line where a key path is written: `font:` after `theme:` for theme → font."""
    start = 0
    for part in key.split(" → "):
        found = next((n for n in range(start, len(lines)) if lines[n].lstrip().startswith(f"{part}:")), None)
        if found is None:
            return None
        start = found
    return start + 1
