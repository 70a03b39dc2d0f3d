"""The layering contracts (domain pure, services framework-free, only ui imports Qt) hold."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "counter_app"
FORBIDDEN_IN_CORE = ("PySide6", "sqlalchemy", "alembic", "escpos", "reportlab", "qrcode")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in (PKG / package).rglob("*.py"):
        for name in _imports(path):
            if name.split(".")[0] in forbidden:
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    return bad


def test_domain_and_services_import_no_frameworks() -> None:
    assert _offenders("domain", FORBIDDEN_IN_CORE) == []
    assert _offenders("services", FORBIDDEN_IN_CORE) == []


def test_only_ui_imports_pyside6() -> None:
    bad = []
    for path in PKG.rglob("*.py"):
        if "ui" in path.relative_to(PKG).parts[:1]:
            continue
        bad += [f"{path.relative_to(ROOT)} imports {n}" for n in _imports(path)
                if n.split(".")[0] == "PySide6"]
    assert bad == []


def test_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("from sqlalchemy import select\nimport PySide6.QtCore\n")
    assert {"sqlalchemy", "PySide6.QtCore"} <= _imports(sample)


def test_import_linter_contracts() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _imported_modules(path: Path, known: set[str]) -> set[str]:
    """The counter_app modules ``path`` imports, lazy ones included; ``from p import m`` counts
    as importing module ``p.m`` when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            found.update(subs or {node.module})
    return {n if n in known else n.rsplit(".", 1)[0] for n in found} & known


def _module_graph() -> dict[str, set[str]]:
    """Module name -> the counter_app modules it imports."""
    paths: dict[str, Path] = {}
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        paths[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    known = set(paths)
    return {name: _imported_modules(path, known) - {name} for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_module_graph()) == []


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
