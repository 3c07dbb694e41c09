"""What one BranchPress plugin offers the others, written down as types.

Plugins never import one another. A plugin that offers something to the rest of the build
subclasses one of these interfaces; another plugin asks the adapter for it by type
(`adapter.records_of`, `adapter.service_of`) and gets it, or None when no enabled plugin
offers it. So each plugin depends on this module and on the core, and the plugins stand
side by side in the import graph.

| interface | offered by | what for |
|---|---|---|
| `RecordsContext` | branchpress/records | the project, the store of public views, the tally, the one writer, page signing |
| `PhotoLibrary` | branchpress/images | processed photos: renditions for templates, feeds, posters and PDFs |
| `BrandSource` | branchpress/brand | the site's brand (name, colours, logo) |
| `SiteSections` | branchpress/pages | where the hand-written sections of the site live (culture pages) |
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from .core.brand.identity import Brand
    from .core.imaging.views import PhotoView
    from .core.people.public import Withholding
    from .core.people.tally import VolunteerTally
    from .core.records.settings import SiteSettings
    from .core.records.store import LoadResult, RecordStore
    from .outputs import Outputs
    from .project import Project


class PageSigner(ABC):
    """Where plugins add their part of a page's render key, before `on_nav`, so that a build
    keeps a page only while nothing it shows has changed (docs/architecture.md, Incremental builds)."""

    @abstractmethod
    def sign(self, src_uri: str, key: str) -> None:
        """The whole key of a generated page (a listing, a report)."""

    @abstractmethod
    def depend(self, src_uri: str, *parts: object) -> None:
        """One more thing a page shows (a record page's card, its photos' renditions)."""

    @abstractmethod
    def record_digest(self, source: str) -> str:
        """What a record's page shows of the record itself."""


class RecordsContext(ABC):
    """The build context branchpress/records offers: everything read once, for every plugin."""

    @property
    @abstractmethod
    def project(self) -> Project:
        """Paths, settings and the roster options of this site (branchpress/project.py)."""

    @property
    @abstractmethod
    def settings(self) -> SiteSettings: ...

    @property
    @abstractmethod
    def result(self) -> LoadResult:
        """Everything loaded, records as written included; only the ledger reads those."""

    @property
    @abstractmethod
    def store(self) -> RecordStore:
        """The public views of this build's published records."""

    @property
    @abstractmethod
    def withholding(self) -> Withholding: ...

    @property
    @abstractmethod
    def tally(self) -> VolunteerTally:
        """The one volunteer tally of this build."""

    @property
    @abstractmethod
    def outputs(self) -> Outputs:
        """Generated pages and files of this build, one producer per path."""

    @property
    @abstractmethod
    def planner(self) -> PageSigner | None:
        """Where plugins sign the pages a build may keep; None when nothing is kept."""

    @abstractmethod
    def kept_page_digest(self, page: Page) -> str | None:
        """The digest of a page this build kept from the last one; None for a page rendered now."""

    @property
    def cache_dir(self) -> Path:
        """The one cache folder of the site (`cache_dir` of branchpress/records), absolute."""
        return self.project.cache_dir


class PhotoLibrary(ABC):
    """Processed photos of this build, by their path under docs_dir."""

    @abstractmethod
    def photo(self, path: str, alt: str = "", caption: str = "") -> PhotoView | None:
        """The processed photo, for templates."""

    @abstractmethod
    def published_file(self, path: str) -> tuple[str, Path] | None:
        """(site path, file on disk) of the photo's largest rendition: what feeds enclose."""

    @abstractmethod
    def rendition_filling(self, path: str, frame: tuple[int, int]) -> tuple[str, str | None]:
        """(identity, file) of the smallest rendition that fills a frame; ("", None) if unknown."""


class BrandSource(ABC):
    """The site's brand from branchpress/brand's options."""

    @property
    @abstractmethod
    def brand(self) -> Brand:
        """The brand; an error before the offering plugin's `on_config` ran."""

    @property
    @abstractmethod
    def configured_brand(self) -> Brand | None:
        """The brand, or None while the offering plugin's `on_config` has not run yet."""


class SiteSections(ABC):
    """Where the site's hand-written sections live."""

    @property
    @abstractmethod
    def culture_dir(self) -> str:
        """The folder of docs_dir that holds the culture pages."""
