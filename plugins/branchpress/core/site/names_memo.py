"""The names each page and script gives elements, kept between builds by the text's digest,
and the stylesheet trimmed to them.

Trimming Material's stylesheet (unused_css.py) reads every page of the site for the
classes it uses. A page kept from the last build (records/replay.py) is byte for byte
what that build wrote, so what it uses is looked up by its digest instead of parsed
again: a warm build parses only the pages it rendered anew.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .render_keys import html_digest
from .unused_css import UsedNames, trim

FORMAT = 1


class NamesMemo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[str, list] = {}
        self._used: dict[str, list] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self._known = data["names"]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self._known = {}

    def add_html(self, used: UsedNames, html: str) -> list[str]:
        """Like `used.add_html`; returns the `src` of the scripts the page loads."""
        return self._add(used, "html", html)

    def add_script(self, used: UsedNames, script: str) -> None:
        self._add(used, "script", script)

    def add_known_html(self, used: UsedNames, digest: str) -> list[str] | None:
        """What a page with this digest (`html_digest`) uses, when a build read it before;
        None when not known (read the page then)."""
        key = "html:" + digest
        found = self._used.get(key) or self._known.get(key)
        return None if found is None else self._merge(used, key, found)

    def _add(self, used: UsedNames, kind: str, text: str) -> list[str]:
        key = kind + ":" + html_digest(text)
        found = self._used.get(key) or self._known.get(key)
        if found is None:
            part = UsedNames()
            sources = part.add_html(text) if kind == "html" else part.add_script(text) or []
            found = [sorted(part.classes), sorted(part.prefixes), sorted(part.properties), sources]
        return self._merge(used, key, found)

    def _merge(self, used: UsedNames, key: str, found: list) -> list[str]:
        self._used[key] = found
        classes, prefixes, properties, sources = found
        used.classes.update(classes)
        used.prefixes.update(prefixes)
        used.properties.update(properties)
        return list(sources)

    def trim(self, css: str, used: UsedNames) -> str:
        """`unused_css.trim`, kept for the same stylesheet and the same names (parsing Material's
        stylesheet is most of a warm build's trimming)."""
        names = (sorted(used.classes), sorted(used.prefixes), sorted(used.properties))
        key = "trim:" + html_digest(css + json.dumps(names, ensure_ascii=False))
        found = self._used.get(key) or self._known.get(key)
        if found is None:
            found = [trim(css, used)]
        self._used[key] = found
        return found[0]

    def save(self) -> None:
        """Keeps what this build used (what no page uses any more is dropped)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        data = {"format": FORMAT, "names": self._used}
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, self.path)
