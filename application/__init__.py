"""Use cases: the ``CaseLedger`` application, its commands and queries, and the ports it needs."""
