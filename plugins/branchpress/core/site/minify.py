"""Inline and worker scripts of ours, sent without indentation, blank lines and comment lines.

Our scripts are written for this: no multi-line strings or template literals, and comments
only on lines of their own (`// ...`), so dropping such lines and joining the rest with line
breaks keeps every statement intact. Material's, jieba's and other vendored scripts are
never passed through it.
"""

from __future__ import annotations


def minify(source: str) -> str:
    """The script without indentation, blank lines or whole-line `//` comments."""
    lines = (line.strip() for line in source.strip().splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))
