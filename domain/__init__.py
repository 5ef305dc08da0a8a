"""The case ledger's domain: aggregates, events, value objects, clocks and calendar arithmetic.

Pure Python: the standard library and ``eventsourcing.domain`` only. Business time (``at``) and the
actor (``by``) are arguments of every command; nothing in here reads a clock or does I/O.
"""
