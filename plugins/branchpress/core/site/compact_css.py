"""Stylesheets without comments and indentation, for a host that serves files as they are.

BranchPress's own stylesheets are written to be read (comments saying why, one declaration
a line); the one stylesheet every page waits for is sent without that. A real CSS parser
(tinycss2) does it, so strings (`content: " · "`) and the spaces that are descendant
combinators stay as they are; anything it cannot read is kept verbatim.
"""

from __future__ import annotations

import tinycss2
from tinycss2.ast import Node

_BLOCKS = {"() block": "()", "[] block": "[]", "{} block": "{}"}
_RULE_LISTS = ("media", "supports", "layer", "container", "keyframes", "-webkit-keyframes", "document")


def compact(css: str) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_rule(rule) for rule in rules) + "\n"


def _rule(rule: Node) -> str:
    if rule.type == "qualified-rule":
        return f"{_tokens(rule.prelude)}{{{_declarations(rule.content)}}}"
    if rule.type != "at-rule":
        return rule.serialize()
    head = f"@{rule.at_keyword} {_tokens(rule.prelude)}".rstrip()
    if rule.content is None:
        return head + ";"
    if rule.lower_at_keyword in _RULE_LISTS:
        inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        return f"{head}{{{''.join(_rule(node) for node in inner)}}}"
    return f"{head}{{{_declarations(rule.content)}}}"


def _declarations(content: list[Node]) -> str:
    declarations = tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
    if any(node.type != "declaration" for node in declarations):
        return tinycss2.serialize(content).strip()  # nested rules or errors: as written
    return ";".join(
        f"{node.name}:{_tokens(node.value)}{'!important' if node.important else ''}" for node in declarations
    )


def _tokens(nodes: list[Node]) -> str:
    """Component values with every run of whitespace (and the comments in it) one space."""
    out = []
    for node in nodes:
        if node.type in ("whitespace", "comment"):
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if node.type == "function":
            out.append(f"{node.serialize()[: len(node.name)]}({_tokens(node.arguments)})")
            continue
        if node.type in _BLOCKS:
            opening, closing = _BLOCKS[node.type]
            out.append(f"{opening}{_tokens(node.content)}{closing}")
            continue
        out.append(node.serialize())
    return "".join(out).strip()
