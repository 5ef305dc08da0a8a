"""The Merkle tree of the transparency log (RFC 9162 §2.1), its proofs, and how its hashes are stored.

The tree is the RFC's: a leaf is ``SHA-256(0x00 || data)``, a node ``SHA-256(0x01 || left || right)``, the
empty tree ``SHA-256()``, and a tree of n > 1 leaves splits at the largest power of two below n. Its shape
depends only on n, so a tree of n leaves is a prefix of every larger one: that is what a consistency proof
shows.

Stored, the tree keeps only the hashes of *complete* subtrees, each at one dense index (the layout of Go's
``sumdb/tlog``): appending leaf n stores its hash and one hash per subtree it completes, under two rows a
leaf on average; any root, inclusion path or consistency proof is then read from at most a few dozen rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

EMPTY_ROOT = hashlib.sha256(b"").digest()

HashReader = Callable[[Sequence[int]], Sequence[bytes]]
"""Reads stored hashes by index, in the order asked (a port: the SQL tree store is one)."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where a tree of n leaves splits."""
    return 1 << ((n - 1).bit_length() - 1)


# -- The RFC's definitions over a list of leaf hashes (for proofs over a few leaves, and as the reference) --


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes (already hashed with the 0x00 prefix)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(tree_root(leaves[:k]), tree_root(leaves[k:]))


# -- Verifying proofs (RFC 9162 §2.1.3.2 and §2.1.4.2, transcribed) --


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """Whether ``path`` proves that the leaf hash ``leaf`` stands at ``index`` in the tree of ``size``."""
    if index < 0 or index >= size or len(path) > 64:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]) -> bool:
    """Whether ``path`` proves the tree of ``first`` leaves a prefix of the tree of ``second``."""
    if first < 0 or first > second or len(path) > 64:
        return False
    if first == 0:
        return not path  # the empty tree is consistent with any tree
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    proof = list(path)
    if first & (first - 1) == 0:  # a power of two: the old root itself is the first node, not sent
        proof = [first_root, *proof]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# -- The stored layout --


def stored_hash_index(level: int, n: int) -> int:
    """The dense index of the n-th complete subtree of height ``level`` (Go's ``StoredHashIndex``)."""
    for _ in range(level):
        n = 2 * n + 1
    index = 0
    while n > 0:
        index += n
        n >>= 1
    return index + level


def stored_hash_count(size: int) -> int:
    """How many hashes a tree of ``size`` leaves stores."""
    if size == 0:
        return 0
    count = stored_hash_index(0, size - 1) + 1
    n = size - 1
    while n & 1:
        count += 1
        n >>= 1
    return count


def _complete_subtrees(lo: int, hi: int) -> list[tuple[int, int]]:
    """The complete subtrees (level, n) that make up leaves [lo, hi), largest first (lo aligned, as in the RFC)."""
    parts: list[tuple[int, int]] = []
    while lo < hi:
        level = (hi - lo).bit_length() - 1
        while lo & ((1 << level) - 1):  # never for the RFC's ranges; kept so a misuse cannot go unseen
            level -= 1
        parts.append((level, lo >> level))
        lo += 1 << level
    return parts


def _inclusion_ranges(m: int, lo: int, hi: int) -> list[tuple[int, int]]:
    if hi - lo == 1:
        return []
    k = _split(hi - lo)
    if m < k:
        return [*_inclusion_ranges(m, lo, lo + k), (lo + k, hi)]
    return [*_inclusion_ranges(m - k, lo + k, hi), (lo, lo + k)]


def _consistency_ranges(m: int, lo: int, hi: int, whole: bool) -> list[tuple[int, int]]:
    if m == hi - lo:
        return [] if whole else [(lo, hi)]
    k = _split(hi - lo)
    if m <= k:
        return [*_consistency_ranges(m, lo, lo + k, whole), (lo + k, hi)]
    return [*_consistency_ranges(m - k, lo + k, hi, False), (lo, lo + k)]


class StoredTree:
    """Roots and proofs of a stored tree, each read in one call to ``read``."""

    def __init__(self, read: HashReader) -> None:
        self.read = read

    def _hashes(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        parts = [_complete_subtrees(lo, hi) for lo, hi in ranges]
        wanted = sorted({stored_hash_index(level, n) for part in parts for level, n in part})
        found = dict(zip(wanted, self.read(wanted), strict=True))
        hashes = []
        for part in parts:
            subtrees = [found[stored_hash_index(level, n)] for level, n in part]
            h = subtrees[-1]
            for left in reversed(subtrees[:-1]):
                h = node_hash(left, h)
            hashes.append(h)
        return hashes

    def root(self, size: int) -> bytes:
        return self._hashes([(0, size)])[0] if size else EMPTY_ROOT

    def inclusion(self, index: int, size: int) -> list[bytes]:
        """PATH(index, D[size]), leaf side first."""
        if not 0 <= index < size:
            raise ValueError(f"leaf {index} is not in a tree of {size}")
        return self._hashes(_inclusion_ranges(index, 0, size))

    def consistency(self, first: int, second: int) -> list[bytes]:
        """PROOF(first, D[second]): empty when first is 0 or equals second."""
        if not 0 <= first <= second:
            raise ValueError(f"no consistency proof from {first} to {second}")
        if first in (0, second):
            return []
        return self._hashes(_consistency_ranges(first, 0, second, True))


@dataclass
class RightEdge:
    """The complete subtrees at the right edge of a growing tree: append a leaf, get the hashes to store.

    As a binary counter: leaf n joins the subtrees before it of equal height, so its appending stores
    ``1 + trailing ones of n`` hashes. The root at any size is the right-to-left fold of the edge.
    """

    size: int = 0
    edge: list[tuple[int, bytes]] = field(default_factory=list)  # (level, hash), largest first

    @classmethod
    def at(cls, size: int, read: HashReader) -> RightEdge:
        """The edge of a stored tree of ``size`` leaves."""
        parts = _complete_subtrees(0, size)
        hashes = read([stored_hash_index(level, n) for level, n in parts]) if parts else []
        return cls(size, [(level, h) for (level, _), h in zip(parts, hashes, strict=True)])

    def append(self, leaf: bytes) -> list[tuple[int, bytes]]:
        """Add one leaf hash; returns the (stored index, hash) pairs this leaf completes."""
        n, level, h = self.size, 0, leaf
        stored = [(stored_hash_index(0, n), h)]
        while self.edge and self.edge[-1][0] == level:
            _, left = self.edge.pop()
            h = node_hash(left, h)
            level += 1
            stored.append((stored_hash_index(level, n >> level), h))
        self.edge.append((level, h))
        self.size += 1
        return stored

    def extend(self, leaves: Iterable[bytes]) -> list[tuple[int, bytes]]:
        return [pair for leaf in leaves for pair in self.append(leaf)]

    def root(self) -> bytes:
        if not self.edge:
            return EMPTY_ROOT
        h = self.edge[-1][1]
        for _, left in reversed(self.edge[:-1]):
            h = node_hash(left, h)
        return h
