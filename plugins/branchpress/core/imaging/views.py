"""What templates see of a processed photo: URLs, srcset strings and dimensions."""

from __future__ import annotations

from dataclasses import dataclass

from .photos import ProcessedPhoto, Rendition

PHOTO_ROOT = "assets/photos"


def rendition_path(photo: ProcessedPhoto, rendition: Rendition) -> str:
    """Content-addressed: the same photo at the same settings always has the same URL."""
    return f"{PHOTO_ROOT}/{photo.key[:2]}/{photo.key}-{rendition.name}"


@dataclass(frozen=True)
class PhotoView:
    photo: ProcessedPhoto
    alt: str = ""
    caption: str = ""

    @property
    def width(self) -> int:
        return self.photo.width

    @property
    def height(self) -> int:
        return self.photo.height

    def srcset(self, fmt: str) -> list[tuple[str, int]]:
        """(site path, width) pairs, narrowest first."""
        return [(rendition_path(self.photo, r), r.width) for r in self.photo.of_format(fmt)]

    @property
    def fallback(self) -> str:
        """The JPEG an old browser loads: the middle width, a fair compromise."""
        jpegs = self.photo.of_format("jpg")
        return rendition_path(self.photo, jpegs[len(jpegs) // 2])

    @property
    def largest(self) -> str:
        """The widest JPEG: what the lightbox opens and the feed encloses."""
        return rendition_path(self.photo, self.photo.of_format("jpg")[-1])

    @property
    def smallest(self) -> str:
        return rendition_path(self.photo, self.photo.of_format("jpg")[0])

    def filling(self, frame: tuple[int, int]) -> Rendition:
        """The smallest JPEG that fills a frame (a poster's cover), else the largest."""
        jpegs = self.photo.of_format("jpg")
        return next((r for r in jpegs if r.width >= frame[0] and r.height >= frame[1]), jpegs[-1])

    def with_text(self, alt: str, caption: str) -> PhotoView:
        return PhotoView(self.photo, alt, caption)
