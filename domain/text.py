"""Text the ledger can keep: every string that enters it is checked against one rule, here.

PostgreSQL stores no NUL character (in ``text`` or ``jsonb``), and a lone surrogate (half of a UTF-16 pair,
which JSON's ``\\ud800`` escape can smuggle in) has no UTF-8 form at all: either would be accepted by a
command and then stop every view that tries to write it. So the edge refuses both, wherever text comes in.
"""

from __future__ import annotations

import re

from domain.errors import InvalidValue

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be kept (None if it can)."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return f"a NUL character (U+0000) at offset {found.start()}"
    return f"a lone surrogate (U+{ord(found.group()):04X}) at offset {found.start()}: not a character"


def first_unstorable(value: object, depth: int = 0) -> str | None:
    """The first reason any string inside ``value`` (dicts, lists, keys too) cannot be kept."""
    if isinstance(value, str):
        return unstorable(value)
    if depth > 64:
        return None  # deeper structures are refused by the schemas themselves
    if isinstance(value, dict):
        for key, item in value.items():
            reason = first_unstorable(key, depth + 1) or first_unstorable(item, depth + 1)
            if reason:
                return reason
    elif isinstance(value, list | tuple):
        for item in value:
            reason = first_unstorable(item, depth + 1)
            if reason:
                return reason
    return None


def require_said(value: str, what: str, max_length: int | None = None) -> None:
    """A text a record must carry: not blank, and at most ``max_length`` characters (when there is a limit)."""
    if not value.strip():
        raise InvalidValue("{what} must be given", what=what)
    if max_length is not None and len(value) > max_length:
        raise InvalidValue("{what} is at most {max_length} characters", what=what, max_length=max_length)
