"""Shape figures of the code (issue 18): lines per layer, long functions, complexity, import cycles.

    python .ci/metrics.py            # a table
    python .ci/metrics.py --json     # the same as JSON

Lines are code lines (not blank, not only a comment). A function is long above 50 lines. Complexity is
McCabe's, as ruff's C901 counts it; grade C and worse is above 10. Import cycles are the strongly
connected groups of the first-party import graph, counting imports inside functions too (a cycle that
works only because one import is deferred is still a cycle), at run time and with the imports made
only for the type checker.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("domain", "application", "infrastructure", "interface", "benchmarks", "tests")
PACKAGES = ("domain", "application", "infrastructure", "interface", "benchmarks")
LONG = 50


def code_lines(path: Path) -> int:
    return sum(1 for line in path.read_text().splitlines() if line.strip() and not line.strip().startswith("#"))


def python_files(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "__pycache__" not in p.parts)


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def long_functions() -> list[tuple[str, int]]:
    found = []
    for layer in PACKAGES:
        for path in python_files(layer):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno:
                    length = node.end_lineno - node.lineno + 1
                    if length > LONG:
                        found.append((f"{module_of(path)}.{node.name}", length))
    return sorted(found, key=lambda f: -f[1])


def complex_functions() -> list[str]:
    """Functions of McCabe complexity above 10 (grade C and worse), as ruff's C901 reports them."""
    command = [sys.executable, "-m", "ruff", "check", "--select", "C901", "--config", "lint.mccabe.max-complexity=10"]
    command += ["--output-format", "concise", "--no-cache", *PACKAGES]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False).stdout  # noqa: S603
    return [line.replace(": C901 ", " ") for line in out.splitlines() if ": C901 " in line]


def _imports(tree: ast.AST, *, typing_too: bool) -> list[ast.Import | ast.ImportFrom]:
    """Every import of a module, those inside functions too; under ``if TYPE_CHECKING:`` only if asked."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test) and not typing_too:
                for rest in child.orelse:
                    walk(rest)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            walk(child)

    walk(tree)
    return found


def import_graph(*, typing_too: bool = False) -> dict[str, set[str]]:
    modules = {module_of(p): p for layer in PACKAGES for p in python_files(layer)}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in _imports(ast.parse(path.read_text()), typing_too=typing_too):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for imported in targets:
                target = imported
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
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

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main() -> int:
    figures = {
        "lines": {layer: sum(code_lines(p) for p in python_files(layer)) for layer in LAYERS},
        "long_functions": long_functions(),
        "complex_functions": complex_functions(),
        "import_cycles": cycles(import_graph()),
        "import_cycles_with_type_imports": cycles(import_graph(typing_too=True)),
    }
    if "--json" in sys.argv:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    for layer, lines in figures["lines"].items():
        print(f"{layer:15} {lines:6} lines")
    print(f"functions over {LONG} lines: {len(figures['long_functions'])}")
    for name, length in figures["long_functions"]:
        print(f"  {length:4}  {name}")
    print(f"complexity above 10 (grade C and worse): {len(figures['complex_functions'])}")
    for entry in figures["complex_functions"]:
        print(f"  {entry}")
    for key, what in (("import_cycles", "at run time"), ("import_cycles_with_type_imports", "with type-only imports")):
        print(f"import cycles {what}: {len(figures[key])}")
        for group in figures[key]:
            print(f"  {' <-> '.join(group)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
