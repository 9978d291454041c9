"""The layers of chatapp import only downward, and no modules import each other round
in a circle (DESIGN.md, "Layers"):

    app/  ->  ui/  ->  net/, lab/, doctor/  ->  protocol/
    (lab/ and doctor/ may use net/; net/ uses neither)
    (and any layer -> chatapp's top-level modules, e.g. chatapp.assets)

Imports are read with ast from the source, function-level and TYPE_CHECKING
ones included: an import deferred for start-up time is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

CHATAPP = Path(__file__).resolve().parents[2] / "chatapp"

# What each layer must not import (a prefix matches the package and its modules).
FORBIDDEN = {
    "chatapp.protocol": (
        "chatapp.net", "chatapp.lab", "chatapp.doctor", "chatapp.ui", "chatapp.app", "PySide6",
    ),
    "chatapp.net": ("chatapp.lab", "chatapp.doctor", "chatapp.ui", "chatapp.app"),
    # The labs' scenarios and the doctor's checks sit beside net/: sockets, no widgets.
    "chatapp.lab": ("chatapp.doctor", "chatapp.ui", "chatapp.app", "PySide6.QtWidgets"),
    "chatapp.doctor": ("chatapp.lab", "chatapp.ui", "chatapp.app", "PySide6.QtWidgets"),
    "chatapp.ui": ("chatapp.app",),
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = CHATAPP) -> dict[str, Path]:
    return {
        module_name(path, root): path
        for path in sorted(root.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def imported_names(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """Every module `name` imports, wherever in the file the import is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                # `from . import x` imports the module x when there is one.
                yield submodule if submodule in known else base


def import_graph(root: Path = CHATAPP) -> dict[str, set[str]]:
    found = modules(root)
    known = set(found)
    return {
        name: {target for target in imported_names(name, path, known) if target != name}
        for name, path in found.items()
    }


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for name, targets in graph.items():
        for layer, forbidden in FORBIDDEN.items():
            if name == layer or name.startswith(layer + "."):
                wrong += [
                    f"{name} imports {target}"
                    for target in sorted(targets)
                    if any(target == f or target.startswith(f + ".") for f in forbidden)
                ]
    return wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles among chatapp's modules (Tarjan's strongly connected
    components with more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue  # outside chatapp
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_function_level_and_relative_imports():
    graph = import_graph()
    assert "chatapp.app.headless" in graph["chatapp.app.cli"]  # imported inside server_main
    assert "chatapp.assets" in graph["chatapp.ui.icons"]  # `from ..assets import ...` in a function


def test_no_layer_imports_upward():
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other_in_a_circle():
    assert cycles(import_graph()) == []
