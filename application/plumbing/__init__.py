"""The ledger's plumbing: the event store and its commit path (``store``), group commit, the stored form
of values (``transcodings``) and the caches, under the one consistency rule of ``freshness``."""
