"""Every command of ``caseledger``: which module registers it, and its one-line summary.

Only the module of the command being run is imported (``main``), so ``caseledger --help`` and a quick
query do not load the ledger, the views and the web stack; the summaries live here, once, for the
listing and for the modules' own parsers.
"""

from __future__ import annotations

# name: (module in interface.cli, the function that registers it, summary)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "calendar": ("calendar_commands", "register", "working calendars and due dates"),
    "demo": ("demo_command", "register", "load a realistic centre and simulate a year of cases"),
    "users": ("users_command", "register", "API users and their tokens"),
    "serve": ("serve_command", "register", "serve the REST API"),
    "project": ("project_commands", "register", "the views: run the worker, rebuild, status"),
    "watch": ("project_commands", "register", "the deadline watcher: record warnings and breaches"),
    "notify": (
        "notify_command",
        "register",
        "send the notifications (SMS gateway, e-mail, or the log), once per notice and recipient",
    ),
    "report": (
        "report_command",
        "register",
        "print a report: queue, responsibility, overdue, warnings, redflags, kpi, nonconformities, capa, catalogue",
    ),
    "annual-report": (
        "report_command",
        "register_annual",
        "the centre's annual report: the figures it publishes for a year, from the ledger alone",
    ),
    "seal": (
        "integrity_commands",
        "register",
        "append new events to the transparency log, sign a tree head and hand it to the witnesses",
    ),
    "rotate-log-key": ("integrity_commands", "register", "hand the log to a new key, endorsed by the current one"),
    "witness": (
        "integrity_commands",
        "register",
        "serve a witness over HTTP (tlog-witness add-checkpoint), kept in a folder",
    ),
    "verify": (
        "integrity_commands",
        "register",
        "re-check the log against its signed heads, the witnesses and every chain; exit 1 on any finding",
    ),
    "export": ("integrity_commands", "register_exports", "write a verifiable bundle of a case or of a period's cases"),
    "verify-bundle": ("integrity_commands", "register_exports", "check an exported bundle offline (no database)"),
    "history": ("audit_commands", "register", "a case's full history, with the clocks after every event"),
    "case": ("audit_commands", "register", "a case now, at a business time, or as the ledger knew it at a record time"),
    "erase": ("audit_commands", "register_privacy", "erase a data subject's personal data (destroy their key)"),
    "backlog": (
        "audit_commands",
        "register_backlog",
        "a department's backlog and overdue list at a past date, consistent at one ledger position",
    ),
}


# The commands that run as servers or workers until stopped (the others print and end).
SERVING = frozenset({"serve", "witness", "project", "watch", "notify", "seal"})


def summary(name: str) -> str:
    return COMMANDS[name][2]
