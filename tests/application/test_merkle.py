"""The transparency log's Merkle tree: RFC 9162 known answers, proofs at every size, the stored layout."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from application.integrity.merkle import (
    EMPTY_ROOT,
    RightEdge,
    StoredTree,
    leaf_hash,
    stored_hash_count,
    stored_hash_index,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

# transparency-dev/merkle testonly: the leaves, the roots of 7 and 8, and PATH(5) in the tree of 7 (e, j, k)
KNOWN = [bytes.fromhex(x) for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657")]
KNOWN.append(bytes.fromhex("606162636465666768696a6b6c6d6e6f"))


def stored(leaves: Sequence[bytes]) -> tuple[StoredTree, dict[int, bytes]]:
    """A tree stored as the log stores it (a dict for the table), grown one leaf at a time."""
    table: dict[int, bytes] = {}
    edge = RightEdge()
    for leaf in leaves:
        for index, h in edge.append(leaf):
            assert index not in table
            table[index] = h
    return StoredTree(lambda wanted: [table[i] for i in wanted]), table


def test_known_answers() -> None:
    hashes = [leaf_hash(d) for d in KNOWN]
    root7, root8 = tree_root(hashes[:7]).hex(), tree_root(hashes).hex()
    assert root7.startswith("ddb89be4") and root7.endswith("94a74c8c")
    assert root8.startswith("5dc9da79") and root8.endswith("f4604328")
    tree, _ = stored(hashes)
    path = [h.hex()[:8] for h in tree.inclusion(5, 7)]
    assert path == ["bc1a0643", "b08693ec", "d37ee418"]
    assert tree.root(7).hex() == root7 and tree.root(0) == EMPTY_ROOT
    assert EMPTY_ROOT.hex().startswith("e3b0c442")


def test_the_stored_layout_is_go_sumdbs() -> None:
    # 7 leaves: a b g c d h k e f i j at 0..10 (transparency-log.md, section 4)
    assert [stored_hash_index(0, n) for n in range(7)] == [0, 1, 3, 4, 7, 8, 10]
    assert [stored_hash_index(1, n) for n in range(3)] == [2, 5, 9]
    assert stored_hash_index(2, 0) == 6
    assert [stored_hash_count(n) for n in range(1, 9)] == [1, 3, 4, 7, 8, 10, 11, 15]
    for n in range(1, 70):
        assert len(stored([leaf_hash(bytes([i])) for i in range(n)])[1]) == stored_hash_count(n)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=64))
def test_every_inclusion_and_consistency_proof_verifies_and_any_change_fails(n: int) -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(n)]
    tree, _ = stored(hashes)
    root = tree.root(n)
    assert root == tree_root(hashes)
    for index in range(n):
        path = tree.inclusion(index, n)
        assert verify_inclusion(index, n, hashes[index], path, root)
        # (the size alone is not pinned by a path: the first leaf's path in 3 leaves is its path in 4)
        assert not verify_inclusion(index ^ 1, n, hashes[index], path, root) or index ^ 1 >= n
        assert not verify_inclusion(index, n, hashes[(index + 1) % n], path, root) or n == 1
        if path:
            assert not verify_inclusion(index, n, hashes[index], path[:-1], root)
            flipped = bytearray(path[0])
            flipped[0] ^= 1
            assert not verify_inclusion(index, n, hashes[index], [bytes(flipped), *path[1:]], root)
        assert not verify_inclusion(index, n, hashes[index], [*path, root], root)
    for m in range(n + 1):
        proof = tree.consistency(m, n)
        old = tree.root(m)
        assert old == tree_root(hashes[:m])
        assert verify_consistency(m, n, old, root, proof)
        if 0 < m < n:
            assert not verify_consistency(m, n, old, root, proof[:-1])
            assert not verify_consistency(m, n, old, root, [*proof, root])
            assert not verify_consistency(m, n, tree_root(hashes[1 : m + 1]), root, proof)
            assert not verify_consistency(m + 1, n, old, root, proof) or m + 1 == n


def test_the_right_edge_resumes_from_the_stored_tree() -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(37)]
    _, table = stored(hashes[:23])
    edge = RightEdge.at(23, lambda wanted: [table[i] for i in wanted])
    for leaf in hashes[23:]:
        table.update(edge.append(leaf))
    assert edge.root() == tree_root(hashes)
    assert table == stored(hashes)[1]
