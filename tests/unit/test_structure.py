"""The package's import structure: no cycle, plugins side by side, a core without MkDocs.

Imports are read from the source (every `import` and `from ... import`, those under
TYPE_CHECKING and inside functions too), so a cycle hidden by a late import counts.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import branchpress

PACKAGE = Path(branchpress.__file__).parent
PLUGINS = frozenset(p.parent.name for p in PACKAGE.glob("*/plugin.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                module = ".".join([*base, node.module] if node.module else base)
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            else:
                continue
            edges[name].update(t for t in targets if t in modules and t != name)
    return edges


def plugin_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in PLUGINS else None


def test_the_graph_is_read() -> None:
    edges = graph()
    assert "branchpress.adapter" in edges["branchpress.records.plugin"]  # `from ..adapter import`
    assert "branchpress.core.records.store" in edges["branchpress.project"]  # `from .core.records.store`
    assert len(PLUGINS) >= 13


def test_no_import_cycle_anywhere_in_the_package() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_plugin_imports_another_plugins_modules() -> None:
    crossing = sorted(
        (module, target)
        for module, targets in graph().items()
        for target in targets
        if plugin_of(module) and plugin_of(target) and plugin_of(module) != plugin_of(target)
    )
    assert crossing == []


def test_the_core_and_the_project_layer_import_no_mkdocs() -> None:
    offenders = []
    for path in [*(PACKAGE / "core").rglob("*.py"), PACKAGE / "project.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                offenders.append(module_name(path))
    assert offenders == []
