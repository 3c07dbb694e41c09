"""Drop the rules of a stylesheet that can match no element of a built site.

Material's main stylesheet (138 KB) styles every feature Material has: admonitions of
twelve kinds, code annotations, content tabs, version pickers, blog posts, cookie
consent... A BranchPress site uses a fraction of them, yet every first view waits for
the whole file before it paints anything; on a host that serves files uncompressed
(object storage without a CDN) that is most of a phone's first second.

A rule is dropped when every selector in it names a class that no page of the site
and no script of the site can give an element. Classes are read from the `class`
attributes of every HTML page written, and from every string in every script the
pages run, inline or loaded with `<script src>` (Material builds its search results,
tooltips and tags in the browser); a class a script builds from a prefix
(`md-tag--${name}`) keeps every class with that prefix.
Classes inside `:not()`, `:is()`, `:where()` and `:has()` never drop a rule, and nothing
else (element names, attributes, ids, @keyframes) is touched: when in doubt a rule stays.

Then custom properties that nothing reads are dropped (Material declares an icon for every
admonition kind as a data: URL): a property stays when the kept rules, another stylesheet
of the site, a page or a script names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import tinycss2
from tinycss2.ast import LiteralToken, Node

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`""", re.S)
# A name in a script's string, unless it follows a "." or "#": ".md-typeset .tabbed-labels" is a
# selector the script looks elements up with, not a class it gives them.
_NAME = re.compile(r"(?<![\w.#-])-?[_a-zA-Z][\w-]*")
# A name the script completes: `md-tag--${name}`, or "md-tag--" + name.
_PREFIX = re.compile(r"(?<![\w.#-])(-?[_a-zA-Z][\w-]*)\$\{|(?<![\w.#-])(-?[_a-zA-Z][\w-]*[-_])$")


_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
_NESTING = ("media", "supports", "layer", "container")


class UsedNames:
    """Class names the site's pages and scripts can put on an element, and the custom
    properties they or other stylesheets name."""

    def __init__(self) -> None:
        self.classes: set[str] = set()
        self.prefixes: set[str] = set()
        self.properties: set[str] = set()

    def add_html(self, html: str) -> list[str]:
        """The page's classes and inline scripts; returns the `src` of the scripts it loads."""
        for match in _CLASS_ATTRIBUTE.finditer(html):
            self.classes.update((match.group(1) or match.group(2) or match.group(3) or "").split())
        self.properties.update(_PROPERTY.findall(html))  # style attributes, inline <style>
        sources = []
        for script in _SCRIPT.finditer(html):
            source = _SRC.search(script.group(1))
            if source:
                sources.append(next(group for group in source.groups() if group is not None))
            self.add_script(script.group(2))
        return sources

    def add_stylesheet(self, css: str) -> None:
        """Another stylesheet of the site: the custom properties it reads or sets."""
        self.properties.update(_PROPERTY.findall(css))

    def add_script(self, script: str) -> None:
        classes, prefixes, properties = _script_names(script)
        self.classes.update(classes)
        self.prefixes.update(prefixes)
        self.properties.update(properties)

    def __contains__(self, name: str) -> bool:
        return name in self.classes or any(name.startswith(prefix) for prefix in self.prefixes)


@lru_cache(maxsize=256)
def _script_names(script: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(classes, prefixes, custom properties) a script names; read once per process, since every
    page repeats Material's inline scripts and ours."""
    classes: set[str] = set()
    prefixes: set[str] = set()
    for match in _STRING.finditer(script):
        text = next(group for group in match.groups() if group is not None)
        prefixes.update(a or b for a, b in _PREFIX.findall(text))
        classes.update(_NAME.findall(text))
    return frozenset(classes), frozenset(prefixes), frozenset(_PROPERTY.findall(script))


def trim(css: str, used: UsedNames) -> str:
    """The stylesheet without the rules that can match nothing; comments (a source map) dropped."""
    rules = _kept(tinycss2.parse_stylesheet(css, skip_comments=True), used)
    # Twice: a property read only by a dropped one (an icon by an icon's alias) goes too.
    for _ in range(2):
        read = used.properties | set(_PROPERTY.findall(_values(rules)))
        rules = _without_properties(rules, read)
    return tinycss2.serialize(rules).strip() + "\n"


def _values(rules: list[Node]) -> str:
    """Everything the rules say except the names of the custom properties they declare."""
    return re.sub(r"(?:^|(?<=[;{]))\s*--[\w-]+\s*:", ":", tinycss2.serialize(rules))


def _without_properties(rules: list[Node], read: set[str]) -> list[Node]:
    kept: list[Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            unread = any(d.type == "declaration" and d.name.startswith("--") and d.name not in read for d in declarations)
            if unread and all(d.type == "declaration" for d in declarations):  # else left as it is
                text = "".join(
                    tinycss2.serialize([d])
                    for d in declarations
                    if d.type != "declaration" or not d.name.startswith("--") or d.name in read
                )
                if not text:
                    continue
                rule.content = tinycss2.parse_component_value_list(text)
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _NESTING:
            inner = _without_properties(_rules_in(rule), read)
            if not inner:
                continue
            rule.content = inner
        kept.append(rule)
    return kept


def _kept(rules: Iterable[Node], used: UsedNames) -> list[Node]:
    kept: list[Node] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split(rule.prelude) if _may_match(s, used)]
            if not selectors:
                continue
            rule.prelude = _join(selectors)
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTING:
            if rule.content is not None:
                inner = _kept(_rules_in(rule), used)
                if not inner:
                    continue
                rule.content = inner
        kept.append(rule)
    return kept


def _rules_in(at_rule: Node) -> list[Node]:
    """The rules inside @media or @supports, parsed once (a pass may have parsed them already)."""
    if any(node.type in ("qualified-rule", "at-rule") for node in at_rule.content):
        return [node for node in at_rule.content if node.type in ("qualified-rule", "at-rule")]
    return tinycss2.parse_rule_list(at_rule.content, skip_comments=True, skip_whitespace=True)


def _split(prelude: list[Node]) -> list[list[Node]]:
    """A selector list at its top-level commas (commas inside :is(...) are inside a function)."""
    selectors: list[list[Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _join(selectors: list[list[Node]]) -> list[Node]:
    joined: list[Node] = []
    for index, selector in enumerate(selectors):
        if index:
            joined.append(LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def _may_match(selector: list[Node], used: UsedNames) -> bool:
    """False when a class at the selector's top level is used nowhere in the site."""
    for index, token in enumerate(selector[:-1]):
        if token.type == "literal" and token.value == ".":
            name = selector[index + 1]
            if name.type == "ident" and name.value not in used:
                return False
    return True
