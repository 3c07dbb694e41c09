"""Browser tests. A package, so that its conftest and helpers never shadow tests/conftest.py."""
