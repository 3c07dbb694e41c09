"""Build real fixture sites with `mkdocs build` in a temporary folder and read what they wrote."""

from __future__ import annotations

import gzip
import html
import json
import os
import subprocess
import sys
import textwrap
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from helpers import REPO

MKDOCS = [sys.executable, "-m", "mkdocs"]

# The default activity types as docs/records.md (Activity types) fixes them: tests check messages
# against the documented contract, not against the code's own constant.
DESIGN_TYPES = {
    "meeting": "三会一课",
    "theme_day": "主题党日",
    "study": "学习教育",
    "volunteer": "志愿服务",
    "welfare": "公益行动",
    "industry": "行业服务",
    "honor": "荣誉表彰",
    "news": "支部动态",
}
# The product's Material overrides (footer, 404): fixture sites use them as the demo does.
THEME_DIR = str(REPO / "theme")

BASE_CONFIG = {
    "site_name": "测试支部",
    "site_url": "https://example.org/branch/",
    "docs_dir": "content",
    "theme": {"name": "material", "language": "zh", "font": False, "custom_dir": THEME_DIR},
    "plugins": [
        "search",
        {"branchpress/records": {"now": "2025-12-01 12:00"}},
        {"branchpress/pages": {"page_size": 3}},
        # As in the demo: one compact, segmented entry per page instead of Material's own.
        "branchpress/search",
    ],
}


def search_entries(read) -> list[dict]:
    """Every entry of the search index, in page order: built, the index is in shards, one file a
    page (core/site/search_shards.py); served, in one file. `read` gives the text of a site path."""
    index = json.loads(read("search/search_index.json"))
    if "shards" not in index["config"]:
        return index["docs"]
    assert index["docs"] == [], "the whole index in one file beside the shards"
    count = index["config"]["shards"]["pages"]
    return [json.loads(read(f"search/pages/{number}.json")) for number in range(count)]


@dataclass
class BuildResult:
    root: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, url_path: str) -> BeautifulSoup:
        """Parse the page at a site URL path such as 'news/' or 'activities/2025/03/x/'."""
        path = (
            self.site / url_path.strip("/") / "index.html"
            if not url_path.endswith(".html")
            else self.site / url_path
        )
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    @property
    def search_entries(self) -> list[dict]:
        return search_entries(lambda path: (self.site / path).read_text(encoding="utf-8"))

    def exists(self, url_path: str) -> bool:
        return (self.site / url_path.strip("/") / "index.html").is_file()

    def all_text_files(self) -> dict[Path, str]:
        """Every text output file (HTML, XML, JSON, JS, CSS, TXT) with its content."""
        found = {}
        for path in self.site.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".xml", ".json", ".js", ".txt", ".css"}:
                found[path] = path.read_text(encoding="utf-8", errors="replace")
        return found


class SiteBuilder:
    """Write a fixture site (mkdocs.yml, content/) and build it with the real mkdocs CLI."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = yaml.safe_load(yaml.safe_dump(BASE_CONFIG))
        (root / "content").mkdir(parents=True, exist_ok=True)
        self.write("index.md", "---\ntitle: 首页\n---\n\n欢迎访问测试支部。\n")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def record(self, relative: str, front_matter: str, body: str = "活动正文。") -> Path:
        """Write content/activities/<relative> with the given front matter lines and body."""
        text = (
            "---\n"
            + textwrap.dedent(front_matter).strip("\n")
            + "\n---\n\n"
            + textwrap.dedent(body).strip()
            + "\n"
        )
        return self.write(f"activities/{relative}", text)

    def plugin_options(self, name: str) -> dict:
        for entry in self.config["plugins"]:
            if isinstance(entry, dict) and name in entry:
                return entry[name]
        raise KeyError(name)

    def build(self, *args: str, serve_dir: bool = False) -> BuildResult:
        (self.root / "mkdocs.yml").write_text(
            yaml.safe_dump(self.config, allow_unicode=True), encoding="utf-8"
        )
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
        proc = subprocess.run(
            [*MKDOCS, "build", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        return BuildResult(self.root, proc.returncode, proc.stdout + proc.stderr)


def readable_forms(path: Path) -> list[str]:
    """A file's text in every form a word could hide in: raw, gunzipped, HTML-unescaped,
    URL-unquoted, JSON-decoded, and with jieba's zero-width word breaks removed."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    forms = [text, html.unescape(text), urllib.parse.unquote(text)]
    if path.suffix == ".json":
        decoded = json.dumps(json.loads(text), ensure_ascii=False)
        forms += [decoded, decoded.replace("\u200b", "")]
    return forms


def assert_clean_failure(result: BuildResult, *fragments: str) -> None:
    """A bad-input build: non-zero exit, no traceback, and every fragment in the output."""
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    for fragment in fragments:
        assert fragment in result.output, f"{fragment!r} not in output:\n{result.output}"
