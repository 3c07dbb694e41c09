"""A studio over a fixture site, driven in process through Starlette's TestClient."""

from __future__ import annotations

import warnings
from pathlib import Path

import yaml

from .sites import SiteBuilder

PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"


def open_studio(site: SiteBuilder, host: str = "127.0.0.1"):
    """The studio object of `branchpress studio` for this site (its preview is not started)."""
    from branchpress.commands.studio import make_studio

    (site.root / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True), encoding="utf-8")
    studio = make_studio(site.root / "mkdocs.yml", host, PORT)
    assert studio is not None
    return studio


def client(studio, address: str = "testclient", **options):
    from branchpress.studio.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's notice about httpx's successor
        from starlette.testclient import TestClient

        return TestClient(
            create_app(studio), base_url=BASE, client=(address, 50000), follow_redirects=False, **options
        )


def form_of(html: str) -> dict[str, list[str]]:
    """The values a browser would submit from the record form, as {name: [values]}."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    form = soup.find("form", id="record-form")
    values: dict[str, list[str]] = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") == "file":
            continue
        if element.name == "textarea":
            # As a browser parses it: the newline right after the start tag is not content.
            value = element.text.removeprefix("\n")
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            value = chosen.get("value", "") if chosen else ""
        elif element.get("type") in ("checkbox", "radio"):
            if not element.has_attr("checked"):
                continue
            value = element.get("value", "on")
        else:
            value = element.get("value", "")
        values.setdefault(name, []).append(value)
    return values


def docs(site: SiteBuilder) -> Path:
    return site.root / "content"
