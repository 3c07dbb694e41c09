"""Tests that build real fixture sites with `mkdocs build`, run `mkdocs serve` or the `branchpress` CLI."""
