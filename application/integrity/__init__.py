"""Tamper evidence: per-aggregate hash chains, signed checkpoints, verification."""
