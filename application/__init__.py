"""Use cases: small services over one event store (``ledger``, ``plumbing``), the case commands, the
projections and the report registry, the deadline watcher, and the ports they need of the outside."""
