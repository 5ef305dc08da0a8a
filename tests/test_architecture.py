"""The domain is pure: the standard library, itself and ``eventsourcing.domain``, nothing else.

(import-linter's contracts check the layers; they cannot forbid one submodule of an external package.)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "domain"
ALLOWED = {"domain", "eventsourcing.domain", "__future__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_only_the_standard_library_and_eventsourcing_domain() -> None:
    offenders = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            allowed = name in ALLOWED or top == "domain" or name.startswith("eventsourcing.domain")
            if not allowed and top not in sys.stdlib_module_names:
                offenders.append(f"{path.relative_to(DOMAIN.parent)}: {name}")
    assert offenders == []
