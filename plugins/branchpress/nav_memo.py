"""The site navigation (the sidebar and the tabs), rendered once for all the pages not in it.

Material renders the whole site navigation into every page (a few milliseconds each with a
site's listings, tags and culture pages). A record is never in the navigation (DESIGN: a nav of
N records makes the build O(N²)), so no item of it is active on a record's page, and its links
are written relative to the page: two pages in one folder (the records of a month,
activities/2026/11/) get the same navigation, unless a link of it leads inside one of them. A
thousand records have about a hundred such folders. `theme/partials/nav.html` and `tabs.html` ask
this memo first and render Material's own template (`material/partials/nav.html`) only for a page
in the navigation, a page with a link of it inside, or a folder not seen yet in this build.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

PREFIX = "material"


def install(env: Environment, theme_dirs: list[str]) -> None:
    """A new memo for this build, and Material's own navigation template reachable under
    "material/": the first of the theme's folders after the override's that has one."""
    custom = Path(theme_dirs[0]).resolve() if theme_dirs else None
    for folder in theme_dirs:
        if Path(folder).resolve() != custom and (Path(folder) / "partials/nav.html").is_file():
            NavMemo().install(env, folder)
            return


class NavMemo:
    """One build's rendered navigations, by the relative path to the site's root."""

    def __init__(self) -> None:
        self._kept: dict[str, Markup] = {}
        self._in_nav: set[int] | None = None
        self._targets: tuple[str, ...] = ()

    def install(self, env: Environment, material_templates: str) -> None:
        # Material's templates stay reachable under "material/" beside the theme's overrides.
        env.loader = ChoiceLoader([env.loader, PrefixLoader({PREFIX: FileSystemLoader(material_templates)})])
        env.globals["bp_nav_key"] = self.key
        env.globals["bp_nav_kept"] = self.kept
        env.globals["bp_nav_keep"] = self.keep

    @pass_context
    def key(self, context: Context) -> str:
        """The page's key: its folder and depth; "" when its navigation is its own (the page is
        in it, or a link of it leads inside the page's folder)."""
        page, nav = context.get("page"), context.get("nav")
        url = getattr(page, "url", None)
        if url is None or nav is None:
            return ""
        if self._in_nav is None:
            self._in_nav = {id(one) for one in nav.pages}
            self._targets = tuple(_urls(nav.items))
        if id(page) in self._in_nav or not url or any(target.startswith(url) for target in self._targets):
            return ""
        folder = url[: url.rstrip("/").rfind("/") + 1]
        return f"{folder}|{url.count('/')}"

    def kept(self, part: str, key: str) -> Markup | None:
        return self._kept.get(f"{part}|{key}") if key else None

    def keep(self, part: str, key: str, rendered: Markup) -> Markup:
        if key:
            self._kept[f"{part}|{key}"] = rendered
        return rendered


def _urls(items) -> list[str]:
    """Every URL the navigation links to, sections' children included."""
    found: list[str] = []
    for item in items:
        if getattr(item, "url", None) is not None:
            found.append(item.url)
        found.extend(_urls(getattr(item, "children", None) or []))
    return found
