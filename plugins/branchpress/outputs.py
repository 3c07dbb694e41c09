"""The one way a build writes anything besides MkDocs' own pages: `Outputs`.

Generated pages and every other file (feeds, renditions, share images, PDFs) of a build
are claimed here, one producer per path, and written through the one writer
(core/site/output.py), which also refuses any output that spells a withheld name.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from .core.site.output import OutputConflict, OutputWriter, WithheldNameInOutput
from .core.site.render_memory import RenderObjects


class Outputs:
    """Generated pages and files of one build; a path has one producer."""

    def __init__(
        self, config: MkDocsConfig, withheld: tuple[str, ...], objects: RenderObjects | None = None
    ) -> None:
        self._config = config
        self.writer = OutputWriter(config.site_dir, withheld, objects)

    def add_page(
        self, files: Files, src_uri: str, producer: str, inclusion=InclusionLevel.NOT_IN_NAV
    ) -> File:
        """A page rendered through the theme; staff's own file of the same name is refused."""
        if src_uri in files:
            url = src_uri.removesuffix("index.md")
            raise PluginError(
                f"content/{src_uri} 与自动生成的页面同名（网址 /{url}，由 {producer} 生成）。"
                "请给这个文件改名或移到其他文件夹。"
            )
        file = File.generated(self._config, src_uri, content="", inclusion=inclusion)
        self.claim(file.dest_uri, producer)
        files.append(file)
        return file

    def add_file(
        self,
        files: Files,
        path: str,
        producer: str,
        *,
        content: str | bytes | None = None,
        abs_src_path: str | None = None,
        dest_uri: str | None = None,
    ) -> File:
        """A static file that MkDocs copies into the site (a stylesheet, a rendition)."""
        file = File.generated(
            self._config,
            path,
            content=content,
            abs_src_path=abs_src_path,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        if dest_uri is not None:
            file.dest_uri = file.url = dest_uri
        self.claim(file.dest_uri, producer)
        if content is not None:
            data = content.encode("utf-8") if isinstance(content, str) else content
            self._guard(lambda: self.writer.check(file.dest_uri, producer, data))
        files.append(file)
        return file

    def write(self, path: str, data: bytes | str, producer: str) -> Path:
        """A file written after the pages (feeds, the search index)."""
        return self._guard(lambda: self.writer.write(path, data, producer))

    def place(self, path: str, source: Path, producer: str) -> Path:
        """A finished file from a cache (share images), linked into the site."""
        return self._guard(lambda: self.writer.place(path, source, producer))

    def claim(self, path: str, producer: str) -> None:
        """Reserve a path written later (a PDF printed after its page), so a second producer
        is refused before anything is written."""
        self._guard(lambda: self.writer.claim(path, producer))

    def check(self, path: str, producer: str, text: str) -> None:
        """Refuse the source of an output the writer cannot read (a PDF's HTML) if it spells a
        withheld name."""
        self._guard(lambda: self.writer.check(path, producer, text.encode("utf-8")))

    @staticmethod
    def _guard(action):
        try:
            return action()
        except (OutputConflict, WithheldNameInOutput) as error:
            raise PluginError(str(error)) from None
