"""``caseledger``: the administrator's command line. Every command has ``--help``."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence

from rich.console import Console

from domain.errors import DomainError
from domain.text import unstorable
from interface.cli.index import COMMANDS, SERVING
from interface.runtime import settle_process


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser, with ``command``'s module loaded to parse it fully (every other command
    is listed by its summary: ``interface.cli.index``)."""
    root = argparse.ArgumentParser(
        prog="caseledger",
        description="The event-sourced case ledger of a government service centre (政务服务中心). "
        "The store is chosen by CASELEDGER_DATABASE_URL (default sqlite:///var/caseledger.sqlite).",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if command in COMMANDS:  # its module registers it (and the other commands it holds) in full
        module, function, _ = COMMANDS[command]
        getattr(importlib.import_module(f"interface.cli.{module}"), function)(commands)
    for name, (_, _, summary) in COMMANDS.items():
        if name not in commands.choices:
            commands.add_parser(name, help=summary)
    return root


def _command_of(arguments: Sequence[str]) -> str | None:
    return next((a for a in arguments if not a.startswith("-")), None)


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
    args = parser(_command_of(arguments)).parse_args(arguments)
    if hasattr(signal, "SIGPIPE") and args.command in SERVING:
        # A server or worker answers clients that may hang up mid-answer: that is an error of one answer
        # (EPIPE), never a reason for the process to end, as SIGPIPE's default would have it.
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
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
