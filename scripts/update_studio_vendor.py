"""Vendor the studio's Markdown editor from npm: EasyMDE and the Font Awesome icons of its toolbar.

The studio loads nothing from another host (DESIGN.md, BranchPress Studio), so the editor's
files are served from the package itself. This script fetches the pinned versions with
`npm pack` (the registry's own tarballs, whose sha256 is recorded), takes only the files the
browser needs and their licences, and writes VERSIONS.json, which tests/unit/test_studio_vendor.py
checks against the files.

EasyMDE: a plain-text editor (CodeMirror 5), so the part of a body that staff did not edit stays
byte for byte. Font Awesome 4.7 is the icon font EasyMDE's toolbar classes (`fa fa-bold`) expect;
its stylesheet is cut to the WOFF2 font, which every browser the studio supports reads.

Usage: python scripts/update_studio_vendor.py   (needs `npm` on PATH and the npm registry)
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "plugins" / "branchpress" / "studio" / "static" / "vendor"
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
WOFF2_FONT_FACE = (
    "@font-face{font-family:'FontAwesome';src:url('../fonts/fontawesome-webfont.woff2') format('woff2');"
    "font-weight:normal;font-style:normal}"
)
LICENCE_SECTION = re.compile(r"^## License\n.*?(?=^## )", re.S | re.M)


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str
    # Path in the tarball (under package/) -> path under the package's vendor folder.
    files: dict[str, str]


EASYMDE = Package(
    "easymde",
    "2.21.0",
    "MIT",
    {
        "dist/easymde.min.js": "easymde.min.js",
        "dist/easymde.min.css": "easymde.min.css",
        "LICENSE": "LICENSE",
    },
)
FONT_AWESOME = Package(
    "font-awesome",
    "4.7.0",
    "CSS: MIT; font: OFL-1.1",
    {
        "css/font-awesome.min.css": "css/font-awesome.min.css",
        "fonts/fontawesome-webfont.woff2": "fonts/fontawesome-webfont.woff2",
        # The package has no LICENSE file: its README's "License" section says the terms.
        "README.md": "LICENSE.md",
    },
)
PACKAGES = (EASYMDE, FONT_AWESOME)


def npm_pack(package: Package, folder: Path) -> tuple[Path, str]:
    """The registry's tarball of the pinned version, and npm's integrity (SRI) of it."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not on PATH: install Node.js (Debian: apt-get install npm).")
    spec = f"{package.name}@{package.version}"
    done = subprocess.run(
        [npm, "pack", spec, "--json", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"npm pack {spec} failed:\n{done.stderr}")
    packed = json.loads(done.stdout)[0]
    return folder / packed["filename"], packed["integrity"]


def adapted(package: Package, source: str, data: bytes) -> bytes:
    """What is changed on the way in, and why."""
    if package is FONT_AWESOME and source.endswith(".css"):
        text = data.decode("utf-8")
        cut, count = FONT_FACE.subn(WOFF2_FONT_FACE, text)
        if count != 1:
            raise SystemExit(f"font-awesome {source}: expected one @font-face, found {count}")
        return cut.encode("utf-8")
    if package is FONT_AWESOME and source == "README.md":
        section = LICENCE_SECTION.search(data.decode("utf-8"))
        if section is None:
            raise SystemExit("font-awesome README.md has no '## License' section any more")
        note = f"From the README.md of the npm package font-awesome {package.version}:\n\n"
        return (note + section.group(0).rstrip() + "\n").encode("utf-8")
    return data


def vendor(package: Package, tarball: Path, integrity: str) -> dict:
    """Extract the package's files into VENDOR/<name>/; its VERSIONS.json entry."""
    target = VENDOR / package.name
    if target.exists():
        shutil.rmtree(target)
    recorded = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for source, destination in package.files.items():
            member = archive.extractfile(f"package/{source}")
            if member is None:
                raise SystemExit(f"{package.name} {package.version} has no {source}")
            data = adapted(package, source, member.read())
            path = target / destination
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            recorded[f"{package.name}/{destination}"] = hashlib.sha256(data).hexdigest()
    return {
        "name": package.name,
        "version": package.version,
        "licence": package.licence,
        "tarball_sha256": hashlib.sha256(tarball.read_bytes()).hexdigest(),
        "npm_integrity": integrity,
        "files": recorded,
    }


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="studio-vendor-") as folder:
        entries = [vendor(package, *npm_pack(package, Path(folder))) for package in PACKAGES]
    versions = json.dumps({"packages": entries}, indent=2, ensure_ascii=False)
    (VENDOR / "VERSIONS.json").write_text(versions + "\n", encoding="utf-8")
    for entry in entries:
        print(f"{entry['name']} {entry['version']}: {len(entry['files'])} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
