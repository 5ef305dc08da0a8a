"""What a process sees of another process's writes, and when: the ledger's one consistency rule.

1. A process sees its own writes at once: a service forgets what it keeps of a record it changes.
2. A record it loads to act on or to read (a case, an item, a person, a calendar) is as recorded now:
   the aggregate cache asks the store for newer events on every load. A command tried on a cached copy
   without that question is confirmed by the commit's version check, and a refusal on such a copy is
   decided again if the store holds newer events (``CaseStore.act``).
3. The facts read on every request (who a bearer token speaks for, a person as they act, an item's
   terms, the calendars in force) are reused for ``SEEN_WITHIN`` seconds: another process's change to
   them takes effect here within that time.
4. Personal data kept decrypted (cached cases, data subjects' keys) is kept ``ERASURE_SECONDS`` at
   most: an erasure recorded by another process takes effect here within that time.

So there are as many caches as the rule has clauses: the aggregate cache (2 and 4), ``Recent`` facts
(3) and the subject keys (4, in the infrastructure). The chain heads the commit path keeps are hashes
of recorded events, which never change: a memo, never stale.
"""

from __future__ import annotations

from typing import TypeVar

from application.plumbing.lru import ExpiringLRU

K = TypeVar("K")
V = TypeVar("V")

SEEN_WITHIN = 2.0  # seconds: clause 3
ERASURE_SECONDS = 30.0  # seconds: clause 4


class Recent(ExpiringLRU[K, V]):
    """Facts read on every request, reused for ``SEEN_WITHIN`` seconds (clause 3 of the rule)."""

    def __init__(self, size: int) -> None:
        super().__init__(size, SEEN_WITHIN)
