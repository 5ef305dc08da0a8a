"""``caseledger users``: people who use the API, and their bearer tokens."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from domain.organisation.actors import Role
from infrastructure.settings import Settings
from interface.composition import build_ledger


def register(commands: Any) -> None:
    users = commands.add_parser("users", help="API users and their tokens", description=__doc__)
    sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = sub.add_parser(
        "add",
        help="add a user (or find the person) and print a new bearer token once",
        description="Register NAME as a person with ROLE in DEPT (or find them, if the role and department "
        "match) and issue a bearer token. The token is printed once; the ledger keeps only its hash.",
    )
    add.add_argument("name", metavar="NAME", help="the person id (e.g. SJJ-WC1)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role if r is not Role.SYSTEM])
    add.add_argument("--department", default=None, help="department code (none for centre-wide roles)")
    add.add_argument("--section", default=None)
    add.set_defaults(handler=add_user)


def add_user(args: argparse.Namespace, console: Console) -> int:
    ledger = build_ledger(Settings.from_env())
    try:
        issued = ledger.add_user(args.name, Role(args.role), args.department, args.section)
    finally:
        ledger.close()
    console.print(f"{issued.person_id} ({issued.role}, {issued.department or '-'}): token printed once below")
    console.print(issued.token, highlight=False, soft_wrap=True)
    return 0
