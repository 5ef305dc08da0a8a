"""``caseledger serve``: the REST API under uvicorn (with ``--demo``, a demo centre and tokens first)."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from application.ledger import CaseLedger
from infrastructure.demo.centre import has_centre
from infrastructure.settings import Settings
from interface.cli.demo_command import load_demo
from interface.cli.index import summary
from interface.composition import build_ledger

KEEP_ALIVE_SECONDS = 75
DEMO_PASSWORD = "caseledger-demo"  # noqa: S105 - the demo's published sign-in, printed at every start

# One demo user per role, taken from the demo centre's staff (SJJ is the market regulation bureau).
DEMO_USERS = (
    "SJJ-WC1",
    "SJJ-CR1",
    "SJJ-S1-HD1",
    "SJJ-S1-RV1",
    "SJJ-AP1",
    "SJJ-SH1",
    "SJJ-AH1",
    "GOV-HEAD",
    "CENTRE-AG1",
    "VS-01-CLERK",
    "CENTRE-IN1",
    "CENTRE-AU1",
    "CENTRE-QM1",
    "CENTRE-AD1",
)


def register(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help=summary("serve"),
        description="Serve the REST API (docs at /docs). With --demo, an empty store first gets the demo centre "
        "and a simulated year, and a fresh token is printed for one demo user of each role.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (off by default: a proxy in front usually logs them, and it costs ~5%% of a worker)",
    )
    serve.add_argument("--demo", action="store_true", help="load the demo on an empty store and print demo tokens")
    serve.add_argument("--demo-cases", type=int, default=2000, help="cases simulated for --demo (default 2000)")
    serve.set_defaults(handler=serve_api)


def print_demo_tokens(ledger: CaseLedger, console: Console, url: str) -> None:
    """One fresh token per role, printed whole (never truncated: people copy them), and the console's
    sign-in of each (the demo password, set once)."""
    console.print("[bold]Demo tokens[/] (new ones at every start; use as 'Authorization: Bearer TOKEN'):")
    for person_id in DEMO_USERS:
        issued = ledger.people.issue_token(person_id, label="demo")
        line = f"  {issued.role:<28} {person_id:<12} {issued.department or '-':<7} {issued.token}"
        console.print(line, highlight=False, soft_wrap=True)
        if not ledger.people.has_password(person_id):
            ledger.people.set_password(person_id, DEMO_PASSWORD)
    console.print(
        f"[bold]Console[/] (中文; English at the top right): [bold]{url}/console/[/]  sign in as any person above "
        f"(e.g. CENTRE-IN1, the inspector; SJJ-WC1, a window clerk) with the password [bold]{DEMO_PASSWORD}[/]",
        highlight=False,
        soft_wrap=True,
    )


def serve_api(args: argparse.Namespace, console: Console) -> int:
    import uvicorn

    from interface.api.http_protocol import NoDelayHttpProtocol

    settings = Settings.from_env()
    url = f"http://{args.host}:{args.port}"
    if args.demo:
        ledger = build_ledger(settings)
        try:
            if not has_centre(ledger):
                load_demo(ledger, settings, cases=args.demo_cases, seed=1, until=None, console=console)
            print_demo_tokens(ledger, console, url)
        finally:
            ledger.close()
    console.print(f"caseledger on {settings.backend}: [bold]{url}[/]  (API docs: {url}/docs)")
    uvicorn.run(
        "interface.api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        access_log=args.access_log,
        http=NoDelayHttpProtocol,
        # Idle keep-alive connections stay open longer than clients and load balancers keep theirs
        # (60 s is common): a server closing first races the client's next request on that connection.
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    return 0
