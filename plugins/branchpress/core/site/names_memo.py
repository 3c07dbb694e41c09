"""The names each page and script gives elements, kept between builds by the text's digest.

Trimming Material's stylesheet (unused_css.py) reads every page of the site for the
classes it uses. A page kept from the last build (records/replay.py) is byte for byte
what that build wrote, so what it uses is looked up by its digest instead of parsed
again: a warm build parses only the pages it rendered anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .unused_css import UsedNames

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

    def _add(self, used: UsedNames, kind: str, text: str) -> list[str]:
        key = kind + ":" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        found = self._used.get(key) or self._known.get(key)
        if found is None:
            part = UsedNames()
            sources = part.add_html(text) if kind == "html" else part.add_script(text) or []
            found = [sorted(part.classes), sorted(part.prefixes), sorted(part.properties), sources]
        self._used[key] = found
        classes, prefixes, properties, sources = found
        used.classes.update(classes)
        used.prefixes.update(prefixes)
        used.properties.update(properties)
        return list(sources)

    def save(self) -> None:
        """Keeps what this build used (what no page uses any more is dropped)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        data = {"format": FORMAT, "names": self._used}
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, self.path)
