"""stages.py is the pipeline: every prioritised BranchPress handler is in its table, and in MkDocs' order."""

from __future__ import annotations

from importlib.metadata import entry_points

from branchpress import stages
from mkdocs.plugins import CombinedEvent

# MkDocs 1.6's order of the events a build fires (mkdocs/commands/build.py).
EVENT_ORDER = (
    "on_startup",
    "on_config",
    "on_pre_build",
    "on_files",
    "on_nav",
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_env",
    "on_pre_template",
    "on_template_context",
    "on_post_template",
    "on_page_context",
    "on_post_page",
    "on_post_build",
    "on_build_error",
    "on_serve",
    "on_shutdown",
)


def handler_priorities() -> set[tuple[str, int, str]]:
    """(event, priority, plugin) of every BranchPress handler that sets a priority."""
    found = set()
    for entry in entry_points(group="mkdocs.plugins"):
        if not entry.name.startswith("branchpress/"):
            continue
        plugin = entry.name.removeprefix("branchpress/")
        cls = entry.load()
        for event in EVENT_ORDER:
            handler = getattr(cls, event, None)
            parts = handler.methods if isinstance(handler, CombinedEvent) else [handler]
            for part in parts:
                priority = getattr(part, "mkdocs_priority", None)
                if priority is not None:
                    found.add((event, priority, plugin))
    return found


def table() -> set[tuple[str, int, str]]:
    return {(s.event, s.priority, plugin) for s in stages.PIPELINE for plugin in s.plugins}


def test_every_prioritised_handler_is_in_the_table_and_every_row_has_its_handler() -> None:
    handlers = handler_priorities()
    assert len(handlers) > 15  # the entry points were found: this compares real handlers
    assert handlers - table() == set(), "handlers whose priority stages.PIPELINE does not list"
    assert table() - handlers == set(), "rows of stages.PIPELINE that no handler has"


def test_the_table_is_in_mkdocs_event_order_and_by_priority_within_an_event() -> None:
    keys = [(EVENT_ORDER.index(s.event), -s.priority) for s in stages.PIPELINE]
    assert keys == sorted(keys)
    assert all(s.why for s in stages.PIPELINE)


def test_page_bodies_are_restored_before_feeds_and_search_read_them() -> None:
    """Feeds and search read a kept page's body, which records restores in on_page_content
    below every other plugin's handler there (the rule written in stages.py)."""
    content = [s for s in stages.PIPELINE if s.event == "on_page_content"]
    assert min(content, key=lambda s: s.priority).plugins == ("records",)
    readers = [s for s in stages.PIPELINE if "search" in s.plugins or "feeds" in s.plugins]
    assert all(EVENT_ORDER.index(s.event) != EVENT_ORDER.index("on_page_content") for s in readers)
