"""Errors the application adds to the domain's: preconditions that are not rules of the hall."""

from __future__ import annotations

from domain.errors import DomainError


class StaleVersion(DomainError):
    """The caller's copy of the case is older than the ledger's (HTTP 412 with If-Match)."""

    rule = "stale-version"
    title = "The case has changed since you read it"
