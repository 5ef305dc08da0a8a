"""``caseledger users``: people who use the API, and their bearer tokens."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.table import Table

from application.ledger import CaseLedger
from domain.organisation.actors import STAFF_ROLES, Role
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.composition import build_ledger


def register(commands: Any) -> None:
    users = commands.add_parser("users", help=summary("users"), description=__doc__)
    sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = sub.add_parser(
        "add",
        help="add a user (or find the person) and print a new bearer token once",
        description="Register NAME as a person with ROLE in DEPT (or find them, if the role and department "
        "match) and issue a bearer token. The token is printed once; the ledger keeps only its hash.",
    )
    add.add_argument("name", metavar="NAME", help="the person id (e.g. SJJ-WC1)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role if r in STAFF_ROLES])
    add.add_argument("--department", default=None, help="department code (none for centre-wide roles)")
    add.add_argument("--section", default=None)
    add.set_defaults(handler=add_user)
    listing = sub.add_parser("list", help="everyone in the directory: role, department, active, tokens in force")
    listing.set_defaults(handler=list_people)
    token = sub.add_parser("token", help="issue another bearer token to a person (printed once)")
    token.add_argument("person", metavar="PERSON")
    token.add_argument("--label", default="", help="what the token is for (e.g. the machine it is kept on)")
    token.set_defaults(handler=issue_token)
    password = sub.add_parser(
        "set-password",
        help="set a person's console password (asked twice, or one line on stdin with --stdin)",
        description="Set PERSON's password for the console's sign-in. The ledger keeps its Argon2id hash only; "
        "the password before it no longer signs in.",
    )
    password.add_argument("person", metavar="PERSON")
    password.add_argument("--stdin", action="store_true", help="read the password from the first line of stdin")
    password.set_defaults(handler=set_password)
    deactivate = sub.add_parser(
        "deactivate",
        help="deactivate a person: every server refuses their tokens within seconds",
        description="Deactivate PERSON (they left, or are suspended): every server process refuses their tokens "
        "within two seconds, and no case can be handed to them. Their record and acts stay in the ledger.",
    )
    deactivate.add_argument("person", metavar="PERSON")
    deactivate.add_argument("--reason", required=True)
    deactivate.set_defaults(handler=deactivate_person)
    revoke = sub.add_parser("revoke", help="revoke a person's tokens (all, or one by --token)")
    revoke.add_argument("person", metavar="PERSON")
    revoke.add_argument("--token", default=None, metavar="ID", help="the start of one token's id (users list)")
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(handler=revoke_tokens)
    department = sub.add_parser(
        "department",
        help="register a department (or another unit people belong to, e.g. the centre itself)",
        description="Register the unit CODE named NAME, so that people can be added to it.",
    )
    department.add_argument("code", metavar="CODE")
    department.add_argument("--name", required=True)
    department.set_defaults(handler=register_department)


@contextmanager
def _ledger() -> Iterator[CaseLedger]:
    ledger = build_ledger(Settings.from_env())
    try:
        yield ledger
    finally:
        ledger.close()


def add_user(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        issued = ledger.people.add_user(args.name, Role(args.role), args.department, args.section)
    console.print(f"{issued.person_id} ({issued.role}, {issued.department or '-'}): token printed once below")
    console.print(issued.token, highlight=False, soft_wrap=True)
    return 0


def list_people(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        people = ledger.people.people()
    table = Table("person", "name", "role", "department", "section", "active", "tokens", title=f"{len(people)} people")
    for p in people:
        active = "yes" if p.active else "[red]deactivated[/]"
        table.add_row(p.person_id, p.name, p.role, p.department or "-", p.section or "-", active, " ".join(p.tokens))
    console.print(table)
    return 0


def issue_token(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        issued = ledger.people.issue_token(args.person, label=args.label)
    console.print(f"{issued.person_id} ({issued.role}, {issued.department or '-'}): token printed once below")
    console.print(issued.token, highlight=False, soft_wrap=True)
    return 0


def set_password(args: argparse.Namespace, console: Console) -> int:
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"new password for {args.person}: ")
        if getpass.getpass("again: ") != password:
            console.print("[red]the two passwords differ: nothing was changed[/]")
            return 2
    with _ledger() as ledger:
        ledger.people.set_password(args.person, password)
    console.print(f"{args.person}'s console password is set")
    return 0


def deactivate_person(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        ledger.people.deactivate_person(args.person, args.reason)
    console.print(f"{args.person} deactivated: their tokens are refused within seconds")
    return 0


def revoke_tokens(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        revoked = ledger.people.revoke_tokens(args.person, args.reason, args.token)
    console.print(f"{revoked} token(s) of {args.person} revoked")
    return 0


def register_department(args: argparse.Namespace, console: Console) -> int:
    with _ledger() as ledger:
        ledger.organisation.register_department(args.code, args.name)
    console.print(f"department {args.code} ({args.name}) registered")
    return 0
