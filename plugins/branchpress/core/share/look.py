"""The branch's brand as share images use it: colours, logo, typeface, name and slogan."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property

from branchpress.core.brand.colour import parse, rgb
from branchpress.core.brand.logo import Logo

from .fonts import FontFace

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class ShareBrand:
    color: RGB
    accent: RGB
    logo: Logo | None
    face: FontFace
    site_name: str
    slogan: str

    @cached_property  # asked for every image's key; the brand does not change in a build
    def fingerprint(self) -> str:
        """Everything about the brand that changes pixels, for cache keys."""
        data = asdict(self)
        data["logo"] = self.logo.digest if self.logo else None
        data["face"] = self.face.fingerprint
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


def parse_color(value: str) -> RGB:
    """Any colour the brand accepts, as RGB; raises ValueError otherwise."""
    return rgb(parse(value))
