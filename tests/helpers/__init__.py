"""Helpers shared by every test folder (unit/, integration/, browser/).

`pyproject.toml` puts tests/ on sys.path (`pythonpath`), so tests import them as
`from helpers.sites import SiteBuilder`, whatever folder they are in. Test modules never
import each other: what two of them share lives here.
"""

from pathlib import Path

# The repository root: the demo's mkdocs.yml, content/ and theme/, bench/.
REPO = Path(__file__).resolve().parents[2]
