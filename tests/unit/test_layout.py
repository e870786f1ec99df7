"""The package's layout is its architecture: imports go one way, tools -> core <- extension.

Read from the source (``ast``), so that a cycle or a wrong-way import fails here, before
anything runs, and the extension is imported in a fresh interpreter to see what it loads.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import PROJECT

PACKAGE = PROJECT / "cds_kb"
ROOMS = ("core", "sphinxext", "tools")
# Which rooms each room may import (besides itself).
ALLOWED = {"core": set(), "sphinxext": {"core"}, "tools": {"core"}}


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> set[str]:
    """The cds_kb modules a module imports (anywhere in it, function bodies included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # ``from . import domain``: the names may be modules.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    known = modules()
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    return {name: imports(name, path) for name, path in modules().items()}


def room(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else None


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle (as a path that comes back to its start), found by depth-first search."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    # Package __init__ modules that only re-export are edges too: a cycle through them is a cycle.
    assert cycles(graph()) == []


def test_imports_go_one_way_tools_to_core_and_extension_to_core():
    wrong = sorted(
        (name, target) for name, targets in graph().items() for target in targets
        if room(name) and room(target) and room(target) != room(name) and room(target) not in ALLOWED[room(name)]
    )
    assert wrong == []


def test_every_module_sits_in_a_room_and_says_what_it_owns():
    for name, path in modules().items():
        assert room(name) is not None or name in ("cds_kb", "cds_kb.__main__"), f"{name}: put it in one of {ROOMS}"
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{name} has no docstring"


def test_importing_the_extension_loads_no_tool():
    probe = (
        "import sys, cds_kb.sphinxext; "
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith(('cds_kb.tools', 'babel.messages.extract', 'bench')))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert result.stdout.split() == []


def test_the_command_line_loads_a_tool_only_when_its_command_runs():
    probe = "import sys, cds_kb.tools.cli; print('\\n'.join(sorted(m for m in sys.modules if m.startswith(('cds_kb.sphinxext', 'sphinx', 'babel')))))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT, check=True)
    assert result.stdout.split() == []


@pytest.mark.parametrize(("needle", "owner"), [
    # One atomic writer: the only place that renames a temporary file over its target.
    ("os.replace(", "cds_kb/core/files.py"),
    ("NamedTemporaryFile(\"wb\"", "cds_kb/core/files.py"),
    # One catalog path: the only place that spells the catalogs' folder.
    ('"LC_MESSAGES"', "cds_kb/core/languages.py"),
])
def test_one_helper_per_job(needle, owner):
    users = sorted(path.relative_to(PROJECT).as_posix() for path in [*PACKAGE.rglob("*.py"), *(PROJECT / "bench").rglob("*.py")] if needle in path.read_text(encoding="utf-8"))
    assert users == [owner]
