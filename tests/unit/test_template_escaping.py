"""Our templates autoescape by name, overrides included; Material's keep MkDocs' setting."""

from __future__ import annotations

from branchpress.theme import escape_ours
from jinja2 import DictLoader, Environment

PAYLOAD = "<img src=x onerror=alert(1)>"


def env() -> Environment:
    templates = {
        "branchpress/partials/cards.html": "{{ value }}",  # ours, or theme/branchpress/ overriding it
        "branchpress/record.html": '{% extends "main.html" %}{% block body %}{{ value }}|{{ super() }}{% endblock %}',
        "main.html": "{% block body %}{{ value }}{% endblock %}",  # Material's: MkDocs does not escape
    }
    return escape_ours(Environment(loader=DictLoader(templates)))


def test_a_template_of_ours_escapes_even_without_an_autoescape_block() -> None:
    assert env().get_template("branchpress/partials/cards.html").render(value=PAYLOAD) == (
        "&lt;img src=x onerror=alert(1)&gt;"
    )


def test_materials_templates_are_left_as_mkdocs_makes_them() -> None:
    assert env().get_template("main.html").render(value="<b>x</b>") == "<b>x</b>"


def test_a_block_of_ours_in_materials_layout_escapes_and_keeps_its_parents_html() -> None:
    out = env().get_template("branchpress/record.html").render(value="<b>x</b>")
    # Our block escapes; what super() renders is Material's block, compiled as Material's.
    assert out == "&lt;b&gt;x&lt;/b&gt;|<b>x</b>"


def test_escaping_is_installed_once() -> None:
    environment = env()
    first = environment.autoescape
    assert escape_ours(environment).autoescape is first
