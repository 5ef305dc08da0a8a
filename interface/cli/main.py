"""``caseledger``: the administrator's command line. Every command has ``--help``."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

from rich.console import Console

from domain.errors import DomainError
from domain.text import unstorable
from interface.cli import (
    audit_commands,
    calendar_commands,
    demo_command,
    integrity_commands,
    project_commands,
    report_command,
    serve_command,
    users_command,
)
from interface.runtime import settle_process


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="caseledger",
        description="The event-sourced case ledger of a government service centre (政务服务中心). "
        "The store is chosen by CASELEDGER_DATABASE_URL (default sqlite:///var/caseledger.sqlite).",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    calendar_commands.register(commands)
    demo_command.register(commands)
    users_command.register(commands)
    serve_command.register(commands)
    project_commands.register(commands)
    report_command.register(commands)
    integrity_commands.register(commands)
    integrity_commands.register_exports(commands)
    audit_commands.register(commands)
    audit_commands.register_privacy(commands)
    audit_commands.register_backlog(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `caseledger report ... | head` ends quietly
    console = Console()
    arguments = list(sys.argv[1:] if argv is None else argv)
    for argument in arguments:  # an argument not in UTF-8 arrives with lone surrogates (surrogateescape)
        reason = unstorable(argument)
        if reason:
            console.print(
                f"[bold red]Text the ledger cannot keep[/]: an argument holds {reason}  [dim](invalid-text)[/]"
            )
            return 2
    args = parser().parse_args(arguments)
    try:
        code: int = args.handler(args, console)
    except DomainError as error:
        console.print(f"[bold red]{error.title}[/]: {error.message}  [dim]({error.rule})[/]")
        return 2
    return code


def run() -> int:
    """The ``caseledger`` program: a process of its own, settled after start-up (``settle_process``)."""
    settle_process()
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
