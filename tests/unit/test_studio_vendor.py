"""The studio's vendored editor (scripts/update_studio_vendor.py): the files are the ones
VERSIONS.json records, they ship with the package, and none makes the browser fetch from
another host (DESIGN.md: the studio loads nothing from another host)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib

from helpers import REPO

VENDOR = REPO / "plugins" / "branchpress" / "studio" / "static" / "vendor"
PINNED = {"easymde": "2.21.0", "font-awesome": "4.7.0"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
ABSOLUTE_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)]*")
# Every absolute URL in EasyMDE's bundle, and why none is fetched in the studio. A new one
# (after an update) fails this test until it is looked at and the options turn it off.
EASYMDE_URLS = {
    # autoDownloadFontAwesome: false (the vendored Font Awesome is used)
    "https://maxcdn.bootstrapcdn.com/font-awesome/latest/css/font-awesome.min.css": "autoDownloadFontAwesome",
    "//maxcdn.bootstrapcdn.com/font-awesome/": "autoDownloadFontAwesome",
    # spellChecker: false (the English dictionaries come from a CDN)
    "https://cdn.jsdelivr.net/codemirror.spell-checker/latest/en_US.aff": "spellChecker",
    "https://cdn.jsdelivr.net/codemirror.spell-checker/latest/en_US.dic": "spellChecker",
    # The default toolbar's "guide" button, a link the user clicks: the studio's toolbar leaves it out.
    "https://www.markdownguide.org/basic-syntax/": "toolbar",
    # Text of error messages and of the licence banner, never requested.
    "https://github.com/ionaru/easy-markdown-editor": "comment",
    "https://github.com/markedjs/marked.": "message",
    "https://marked.js.org/#/USING_ADVANCED.md#options": "message",
}


def versions() -> list[dict]:
    return json.loads((VENDOR / "VERSIONS.json").read_text(encoding="utf-8"))["packages"]


def vendored_files() -> set[str]:
    return {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"VERSIONS.json"}


def test_versions_json_records_every_vendored_file_with_its_sha256():
    recorded = {}
    for package in versions():
        assert re.fullmatch(r"[0-9a-f]{64}", package["tarball_sha256"]), package["name"]
        assert package["npm_integrity"].startswith("sha512-"), package["name"]
        assert package["licence"], package["name"]
        recorded.update(package["files"])
    assert set(recorded) == vendored_files()
    for path, sha256 in recorded.items():
        assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == sha256, path


def test_the_pinned_versions_are_vendored_with_their_licences():
    assert {package["name"]: package["version"] for package in versions()} == PINNED
    files = vendored_files()
    assert {"easymde/easymde.min.js", "easymde/easymde.min.css", "easymde/LICENSE"} <= files
    assert "font-awesome/fonts/fontawesome-webfont.woff2" in files
    assert "MIT" in (VENDOR / "easymde" / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OFL 1.1" in (VENDOR / "font-awesome" / "LICENSE.md").read_text(encoding="utf-8")
    bundle = (VENDOR / "easymde" / "easymde.min.js").read_text(encoding="utf-8")
    assert "easymde v2.21.0" in bundle[:100]


def test_stylesheets_load_only_vendored_files():
    for css in VENDOR.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, css
        for url in CSS_URL.findall(text):
            assert not re.match(r"[a-z]+:|//", url), (css, url)
            assert (css.parent / url.split("?")[0].split("#")[0]).resolve().is_file(), (css, url)


def test_every_absolute_url_in_the_editor_bundle_is_known_and_turned_off_by_the_options():
    bundle = (VENDOR / "easymde" / "easymde.min.js").read_text(encoding="utf-8")
    found = set(ABSOLUTE_URL.findall(bundle))
    # marked's autolinker builds "http://" + the text of a `www.` link; no host there.
    assert found == set(EASYMDE_URLS), found ^ set(EASYMDE_URLS)
    assert not re.search(r"unpkg|cdnjs|googleapis", bundle)


def test_the_package_ships_the_studio_static_files_and_templates():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = pyproject["tool"]["setuptools"]["package-data"]["branchpress"]
    assert "studio/static/**/*" in data and "studio/templates/**/*" in data


def test_every_toolbar_icon_of_the_editor_has_a_glyph_in_the_vendored_font_awesome():
    bundle = (VENDOR / "easymde" / "easymde.min.js").read_text(encoding="utf-8")
    icons = set(re.findall(r"\"fa (fa-[a-z-]+)", bundle))
    assert len(icons) >= 15, icons
    css = (VENDOR / "font-awesome" / "css" / "font-awesome.min.css").read_text(encoding="utf-8")
    assert {icon for icon in icons if f".{icon}:before" not in css} == set()
