"""Projections: the views people work from, folded from the ledger's one notification log."""
