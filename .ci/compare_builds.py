"""Compare two builds of the demo site: MkDocs' and ProperDocs' (both cold, same content).

    .venv/bin/python .ci/compare_builds.py SITE_A SITE_B

The two trees must hold the same files with the same bytes, with two documented exceptions:

- HTML: Material writes `<meta name="generator" content="mkdocs-{{ mkdocs_version }}, ...">`,
  and ProperDocs passes `mkdocs_version="ProperDocs 1.6.x"` to templates (properdocs/commands/
  build.py), so the tag names the engine that built the page. Only that version is normalised.
- PDF (the annual reports): WeasyPrint embeds font subsets whose bytes are not always the same
  between two cold builds, even two by MkDocs. When the bytes differ, the PDFs must still have
  the same number of pages and the same text on each page (read with pypdf).

Prints every path that differs (or exists on one side only) and exits 1 if there is one.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'(<meta name="generator" content="mkdocs-)(?:ProperDocs )?\d+(?:\.\d+)*(, )')


def files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in sorted(site.rglob("*")) if path.is_file()}


def normalised(name: str, data: bytes) -> bytes:
    if name.endswith(".html"):
        return GENERATOR.sub(rb"\1ENGINE\2", data, count=1)
    return data


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def differs(name: str, first: bytes, second: bytes) -> bool:
    if normalised(name, first) == normalised(name, second):
        return False
    if name.endswith(".pdf") and pdf_text(first) == pdf_text(second):
        print(f"note: {name}: bytes differ, same pages and text (font subsets)")
        return False
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    first, second = (files(Path(site)) for site in argv)
    if not first:
        print(f"{argv[0]}: no files", file=sys.stderr)
        return 2
    problems = [f"only in {argv[0]}: {name}" for name in sorted(first.keys() - second.keys())]
    problems += [f"only in {argv[1]}: {name}" for name in sorted(second.keys() - first.keys())]
    problems += [
        f"differs: {name}"
        for name in sorted(first.keys() & second.keys())
        if differs(name, first[name].read_bytes(), second[name].read_bytes())
    ]
    for problem in problems:
        print(problem)
    print(f"{len(first)} files compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
