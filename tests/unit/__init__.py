"""Tests of the pure core (plugins/branchpress/core/): no `mkdocs build`, no subprocess."""
