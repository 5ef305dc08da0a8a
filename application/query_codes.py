"""The query code (查询码) printed on a receipt: what lets the applicant, and only the applicant, ask after
the case and rate it.

The code is never stored: it is derived from the case number under a secret kept outside the database
(the key-encryption key's), so the receipt can show it, a repeated receipt shows the same, and nobody
reading the ledger, its history or its views (staff included) can learn it. Cases received before this
carry the code itself in their ``Received`` event; those codes keep working, and history never shows them.
"""

from __future__ import annotations

import hashlib
import hmac
import os

DIGITS = 6


class QueryCodes:
    def __init__(self, secret: bytes | None = None) -> None:
        # Without a secret (an in-memory ledger) codes hold for this process only, as the ledger does.
        self._secret = secret if secret is not None else os.urandom(32)

    def code_for(self, case_no: str) -> str:
        digest = hmac.new(self._secret, b"query-code:" + case_no.encode(), hashlib.sha256).digest()
        return f"{int.from_bytes(digest[:8], 'big') % 10**DIGITS:0{DIGITS}d}"

    def matches(self, case_no: str, recorded: str, given: str) -> bool:
        """Whether ``given`` is the case's code (``recorded``: the code an older event carried, else empty)."""
        expected = recorded or self.code_for(case_no)
        return hmac.compare_digest(expected.encode(), given.encode())
