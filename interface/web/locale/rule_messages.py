"""The messages the domain's rules are said with: every template a ``DomainError`` is raised with and
every ``phrase(...)`` in ``domain/`` and ``application/``, found in the source (so that the catalogue
holds them all, and a test can keep every raise site to a literal template)."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from domain.errors import DomainError

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("domain", "application", "interface")


@dataclass(frozen=True)
class Said:
    """One message at one place: ``template`` is None where it is not a literal (a mistake); ``given``
    names the values the call gives (None when it passes a mapping of them)."""

    template: str | None
    given: frozenset[str] | None
    path: str
    line: int


def error_names() -> set[str]:
    """The names of every rule's error class (their modules must be imported)."""
    names, pending = set(), [DomainError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


# Errors raised with a composed message that are not the ledger's rules (a bug's, a parser's): their
# messages never reach a reader as a problem's detail (a command line's, an operator's rebuild).
NOT_RULES = frozenset(name for name in dir(builtins) if name.endswith(("Error", "Exception"))) | {
    "NoteError",
    "ArgumentTypeError",
    "RebuildFailed",
    "WitnessRefused",  # a witness protocol's answer, by its status
    "SignInRequired",  # not a message: where to come back to
    "refused",  # a form's refusal, made with its template (forms.refused)
}
# Where a call takes its template: a rule's error and a phrase first, a web-layer problem as its detail.
TEMPLATE_AT = {"ProblemError": 3}


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def messages() -> Iterator[Said]:
    """Every rule's message and phrase in the source, in file order: each construction of a rule's error
    or of a phrase, and each error raised by another name (``raise out_of_order(...)``) but a non-rule's."""
    errors = error_names() | {"phrase", *TEMPLATE_AT}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            tree = ast.parse(path.read_text(encoding="utf-8"))
            raised = {id(node.exc) for node in ast.walk(tree) if isinstance(node, ast.Raise)}
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                called = _called(node)
                if called not in errors and (id(node) not in raised or called in NOT_RULES):
                    continue
                at = TEMPLATE_AT.get(called or "", 0)
                if len(node.args) <= at:
                    continue
                first = node.args[at]
                template = first.value if isinstance(first, ast.Constant) else None
                names = [keyword.arg for keyword in node.keywords]
                given = None if None in names else frozenset(str(name) for name in names)
                yield Said(template if isinstance(template, str) else None, given, where, node.lineno)
