"""Merkle roots over event hashes (RFC 6962 style: leaves and nodes hashed with distinct prefixes)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def merkle_root(leaves: Sequence[str]) -> str:
    """The root over hex leaf hashes, in order; the empty tree hashes the empty string."""
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    level = [hashlib.sha256(b"\x00" + bytes.fromhex(leaf)).digest() for leaf in leaves]
    while len(level) > 1:
        paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])  # an odd node is promoted unchanged
        level = paired
    return level[0].hex()


class MerkleTree:
    """Every level of the tree over ``leaves``, built once, so each inclusion proof is O(log n)."""

    def __init__(self, leaves: Sequence[str]) -> None:
        level = [hashlib.sha256(b"\x00" + bytes.fromhex(leaf)).digest() for leaf in leaves]
        self.levels = [level]
        while len(level) > 1:
            paired = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                paired.append(level[-1])
            level = paired
            self.levels.append(level)

    @property
    def root(self) -> str:
        return self.levels[-1][0].hex() if self.levels[-1] else hashlib.sha256(b"").hexdigest()

    def proof(self, index: int) -> list[tuple[str, str]]:
        """The sibling hashes (with their side, 'L' or 'R') from leaf ``index`` up to the root."""
        proof: list[tuple[str, str]] = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                proof.append(("L" if sibling < index else "R", level[sibling].hex()))
            index //= 2
        return proof


def root_from_proof(leaf: str, proof: Sequence[tuple[str, str]]) -> str:
    node = hashlib.sha256(b"\x00" + bytes.fromhex(leaf)).digest()
    for side, sibling in proof:
        pair = bytes.fromhex(sibling) + node if side == "L" else node + bytes.fromhex(sibling)
        node = hashlib.sha256(b"\x01" + pair).digest()
    return node.hex()
