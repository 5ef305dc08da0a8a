"""How every benchmark reports: a table for people, then one JSON line per figure for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


def print_rows(console: Console, title: str, columns: Sequence[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
    """``columns`` are (heading, key) pairs; every row is printed whole as JSON after the table."""
    table = Table(*(heading for heading, _ in columns), title=title)
    for row in rows:
        table.add_row(*(f"{row[key]:,}" if type(row[key]) is int else str(row[key]) for _, key in columns))
    console.print(table)
    for row in rows:
        print(json.dumps(row))
