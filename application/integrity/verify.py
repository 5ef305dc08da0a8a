"""``verify``: re-check the whole ledger against its signed tree heads, its witnesses and its hash chains,
and name each event that was edited, deleted, reordered or inserted behind the ledger's back.

What is believed, and why:
- a tree head only if a *configured* key signed it (a key written into the database proves nothing);
- the kept leaves only once their tree adds up to such a head's root; then each event is compared with
  its leaf, and a changed, missing or extra event is named exactly;
- recent history against each witness's latest head (kept outside the database), and against the largest
  witnessed head this verifier has seen before, so deleting heads, cutting the log back or rewriting it
  with the real key is found, and so is a witness's file replaced by an older copy.
Chains cover what no head does yet: a version gap is a deletion; versions out of log order a reordering; a
broken link blames the event before it (edited), unless a head vouches for that event, in which case the
event claiming the link was inserted.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from itertools import pairwise

from eventsourcing.utils import get_topic

from application.integrity.chain import GENESIS, canonical, chain_prev
from application.integrity.checkpoint import (
    COSIGNATURE_KEY,
    NoteError,
    SignatureCheck,
    SignedNote,
    VerifierKey,
    signed_by,
)
from application.integrity.log import PAGE, LeafEntry, NotificationLog, TreeStore
from application.integrity.merkle import RightEdge, leaf_hash, stored_hash_index
from application.integrity.rotation import KeyPeriod, LogKey, key_periods
from application.integrity.witness import LastSeen, Witness

PRIORITY = {"reordered": 0, "inserted": 1, "deleted": 2, "edited": 3}


@dataclass(frozen=True)
class Finding:
    kind: str  # edited | deleted | reordered | inserted | head | tree | witness | truncated | rewritten
    aggregate: str  # the case number where known, else the aggregate id (or the head, tree or witness)
    version: int | None
    position: int | None
    detail: str


@dataclass
class VerifyReport:
    events: int = 0
    aggregates: int = 0
    heads: int = 0  # signed heads that verified with a configured key
    tree_size: int = 0  # leaves covered by the latest of them
    unsealed: int = 0  # events after it (chains only)
    witnessed: dict[str, int] = field(default_factory=dict)  # witness -> size of its latest head
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Row:
    position: int
    aggregate: str
    version: int
    leaf: bytes  # its leaf hash in the tree
    hash: str  # its chain hash, which the next event of its aggregate names
    prev: str | None


@dataclass(frozen=True)
class Trusted:
    """A (size, root) the ledger must agree with, and who vouches for it."""

    size: int
    root: bytes
    source: str


class Verifier:
    def __init__(
        self,
        log: NotificationLog,
        store: TreeStore,
        origin: str,
        log_keys: Sequence[VerifierKey],
        check: SignatureCheck,
        witnesses: Sequence[Witness] = (),
        witness_keys: Sequence[VerifierKey] = (),
        last_seen: LastSeen | None = None,
    ) -> None:
        self.log, self.store, self.origin = log, store, origin
        self.log_keys = [k for k in log_keys if k.name == origin and k.kind != COSIGNATURE_KEY]
        self.check, self.witnesses, self.witness_keys, self.last_seen = check, witnesses, witness_keys, last_seen

    def run(self, progress: Callable[[int], None] | None = None) -> VerifyReport:
        started = time.perf_counter()
        report = VerifyReport()
        # The keys trusted for which heads: read once, from the configured keys and the rotations they endorsed.
        periods, refused = key_periods(self.log_keys, self.rotations(), self.origin, self.check)
        report.findings += [Finding("head", "key rotation", None, None, why) for why in refused]
        heads = self._heads(report, periods)
        outside = self._witnessed(report, periods)
        rows, labels, roots = self._read(report, progress, {t.size for t in heads + outside})
        found: dict[tuple[str, int], Finding] = {}
        vouched: set[tuple[str, int]] = set()
        last_sealed = self._check_leaves(heads, rows, report, found, vouched)
        chains: dict[str, list[Row]] = defaultdict(list)
        for row in rows.values():
            chains[row.aggregate].append(row)
        report.aggregates = len(chains)
        sealed = {position for position in rows if position <= last_sealed}
        for chain in chains.values():
            _check_chain(sorted(chain, key=lambda r: r.version), found, vouched, sealed)
        for trusted in heads:
            if roots.get(trusted.size) != trusted.root and not found:
                report.findings.append(
                    Finding("tree", trusted.source, None, None, "the events no longer add up to its signed root")
                )
        self._check_outside(outside, heads, roots, report)
        named = [
            Finding(f.kind, labels.get(f.aggregate, f.aggregate), f.version, f.position, f.detail)
            for f in found.values()
        ]
        report.findings += sorted(named, key=lambda f: (f.aggregate, f.version or 0))
        if report.clean and self.last_seen is not None and outside:
            largest = max(outside, key=lambda t: t.size)
            self.last_seen.save(self.origin, largest.size, largest.root)
        report.seconds = time.perf_counter() - started
        return report

    def _heads(self, report: VerifyReport, periods: list[KeyPeriod]) -> list[Trusted]:
        """The signed heads that a configured key vouches for (or a key a rotation handed the log to); each
        break in their chain is a finding."""
        trusted: list[Trusted] = []
        previous: SignedNote | None = None
        for stored in self.store.heads():
            name = f"head {stored.size}"
            try:
                note = SignedNote.parse(stored.note)
                head = note.head
            except NoteError as error:
                report.findings.append(Finding("head", name, None, None, f"unreadable: {error}"))
                continue
            if not signed_by(note, _keys_at(periods, stored.size), self.check) or head.origin != self.origin:
                report.findings.append(Finding("head", name, None, None, "not signed by a configured key"))
                continue
            if head.size != stored.size:
                report.findings.append(Finding("head", name, None, None, f"its signed size is {head.size}"))
                continue
            expected = previous.head.digest() if previous else bytes(32)
            if head.previous != expected:
                before = f"head {previous.head.size}" if previous else "the start"
                report.findings.append(
                    Finding("head", name, None, None, f"does not follow {before}: a head was deleted or swapped")
                )
            previous = note
            trusted.append(Trusted(head.size, head.root, name))
            report.heads += 1
            report.tree_size = head.size
        return trusted

    def rotations(self) -> list[tuple[str, int, str]]:
        """The log's key rotations as recorded, in order."""
        page = self.log.select_notifications(None, 1000, topics=[get_topic(LogKey.Rotated)])
        events = [json.loads(n.state) for n in page if n.originator_id == LogKey.create_id(self.origin)]
        return [(e["new_key"], int(e["from_size"]), e["endorsement"]) for e in events]

    def _witnessed(self, report: VerifyReport, periods: list[KeyPeriod]) -> list[Trusted]:
        """Each witness's latest head (and the largest this verifier saw before), checked with configured keys."""
        outside: list[Trusted] = []
        for witness in self.witnesses:
            try:
                held = witness.latest(self.origin)
                source = f"witness {witness.name}"
            except OSError as error:
                report.findings.append(Finding("witness", "a witness", None, None, f"unreachable: {error}"))
                continue
            if held is None:
                continue
            try:
                note = SignedNote.parse(held.note)
            except NoteError as error:
                report.findings.append(Finding("witness", source, None, None, f"unreadable: {error}"))
                continue
            if not signed_by(note, _keys_at(periods, note.head.size), self.check):
                report.findings.append(Finding("witness", source, None, None, "its head is not signed by the log key"))
                continue
            keys = [k for k in self.witness_keys if k.name == witness.name]
            if keys and not signed_by(note, keys, self.check):
                report.findings.append(Finding("witness", source, None, None, "its cosignature does not verify"))
                continue
            outside.append(Trusted(note.head.size, note.head.root, source))
            report.witnessed[witness.name] = note.head.size
        remembered = self.last_seen.load(self.origin) if self.last_seen else None
        if remembered is not None:
            size, root = remembered
            largest = max((t.size for t in outside), default=0)
            if outside and largest < size:
                report.findings.append(
                    Finding(
                        "witness",
                        "witnesses",
                        None,
                        None,
                        f"the largest witnessed head is {largest}, but this verifier saw {size} before: "
                        "a witness was rolled back or replaced with an older copy",
                    )
                )
            outside.append(Trusted(size, root, "the head this verifier saw last"))
        return outside

    def _read(
        self, report: VerifyReport, progress: Callable[[int], None] | None, sizes: set[int]
    ) -> tuple[dict[int, Row], dict[str, str], dict[int, bytes]]:
        """Every event by position, the case numbers, and the tree's root over the events at ``sizes``."""
        rows: dict[int, Row] = {}
        labels: dict[str, str] = {}
        roots: dict[int, bytes] = {}
        edge = RightEdge()
        if 0 in sizes:
            roots[0] = edge.root()
        start = 0
        while page := self.log.select_notifications(start, PAGE, inclusive_of_start=False):
            for n in page:
                aggregate = str(n.originator_id)
                data = canonical(n)
                h = leaf_hash(data)
                rows[n.id] = Row(n.id, aggregate, n.originator_version, h, sha256(data).hexdigest(), chain_prev(n))
                if n.originator_version == 1 and n.topic.endswith(":Received"):
                    labels[aggregate] = _case_no(n.state) or aggregate
                edge.append(h)
                if edge.size in sizes:
                    roots[edge.size] = edge.root()
            report.events += len(page)
            start = page[-1].id
            if progress is not None:
                progress(len(page))
        return rows, labels, roots

    def _check_leaves(
        self,
        heads: list[Trusted],
        rows: dict[int, Row],
        report: VerifyReport,
        found: dict[tuple[str, int], Finding],
        vouched: set[tuple[str, int]],
    ) -> int:
        """Compare every event with its leaf, once the kept leaves add up to the signed heads; returns the
        position of the last event they cover."""
        sealed = self._authentic_leaves(heads, report) if heads else []
        for position, aggregate, version, h in sealed:
            row = rows.get(position)
            if row is None:
                _add(found, Finding("deleted", aggregate, version, position, "sealed in the tree, now gone"))
            elif row.leaf != h:
                _add(found, Finding("edited", row.aggregate, row.version, position, "differs from its sealed leaf"))
            else:
                vouched.add((row.aggregate, row.version))
        positions = {position for position, *_ in sealed}
        last = sealed[-1][0] if sealed else 0
        for position, row in rows.items():
            if position <= last and position not in positions:
                _add(found, Finding("inserted", row.aggregate, row.version, position, "not among the sealed leaves"))
        report.unsealed = sum(1 for position in rows if position > last)
        return last

    def _authentic_leaves(self, heads: list[Trusted], report: VerifyReport) -> list[tuple[int, str, int, bytes]]:
        """The kept leaves (position, aggregate, version, hash) up to the largest head whose root they give."""
        sizes = {t.size: t for t in heads}
        edge = RightEdge()
        leaves: list[tuple[int, str, int, bytes]] = []
        authentic = 0
        for entry, h in self._stored_leaves():
            if entry.index != edge.size:
                report.findings.append(Finding("tree", f"leaf {entry.index}", None, entry.position, "leaves missing"))
                break
            edge.append(h)
            leaves.append((entry.position, entry.aggregate, entry.version, h))
            trusted = sizes.get(edge.size)
            if trusted is not None:
                if edge.root() != trusted.root:
                    report.findings.append(
                        Finding("tree", trusted.source, None, None, "the kept leaves do not add up to its root")
                    )
                    break
                authentic = edge.size
        if authentic < heads[-1].size and not any(f.kind == "tree" for f in report.findings):
            report.findings.append(
                Finding("tree", heads[-1].source, None, None, f"only {authentic} of its leaves are kept")
            )
        return leaves[:authentic]

    def _stored_leaves(self) -> Iterator[tuple[LeafEntry, bytes]]:
        start = 0
        while page := self.store.leaves(start, PAGE):
            yield from zip(page, self.store.read_hashes([stored_hash_index(0, e.index) for e in page]), strict=True)
            start = page[-1].index + 1

    def _check_outside(
        self, outside: list[Trusted], heads: list[Trusted], roots: dict[int, bytes], report: VerifyReport
    ) -> None:
        latest = heads[-1].size if heads else 0
        for trusted in outside:
            if report.events < trusted.size:
                report.findings.append(
                    Finding(
                        "truncated",
                        trusted.source,
                        None,
                        None,
                        f"it holds a head of {trusted.size} events; the ledger has {report.events}",
                    )
                )
            elif roots.get(trusted.size) != trusted.root:
                report.findings.append(
                    Finding(
                        "rewritten",
                        trusted.source,
                        None,
                        None,
                        f"the ledger's first {trusted.size} events are not those it holds a signed head of",
                    )
                )
            if latest < trusted.size:
                report.findings.append(
                    Finding(
                        "head",
                        trusted.source,
                        None,
                        None,
                        f"it holds a head of size {trusted.size}; the ledger's latest is {latest}: heads were deleted",
                    )
                )


def _keys_at(periods: list[KeyPeriod], size: int) -> list[VerifierKey]:
    """The keys that may sign a head of ``size``."""
    return [p.key for p in periods if p.first <= size and (p.until is None or size < p.until)]


def _check_chain(
    chain: list[Row], found: dict[tuple[str, int], Finding], vouched: set[tuple[str, int]], sealed: set[int]
) -> None:
    reordered: set[int] = set()
    for before, after in pairwise(chain):
        if before.position > after.position:  # versions out of log order: someone renumbered them
            reordered |= {before.version, after.version}
            for row, other in ((before, after), (after, before)):
                _add(
                    found,
                    Finding(
                        "reordered", row.aggregate, row.version, row.position, f"swapped with version {other.version}"
                    ),
                )
    expected = 1
    for i, row in enumerate(chain):
        for missing in range(expected, row.version):
            _add(found, Finding("deleted", row.aggregate, missing, None, "missing from its chain"))
        expected = row.version + 1
        previous = chain[i - 1] if i else None
        if row.version == 1:
            want: str | None = GENESIS
        elif previous is not None and previous.version == row.version - 1:
            want = previous.hash
        else:
            continue  # after a gap the link cannot be checked
        if row.prev == want or row.version in reordered or (previous and previous.version in reordered):
            continue
        if row.position in sealed and (row.aggregate, row.version) not in vouched:
            continue  # a sealed event that no longer matches its leaf: the leaves named it edited
        if previous is None or (previous.aggregate, previous.version) in vouched:
            _add(
                found,
                Finding(
                    "inserted", row.aggregate, row.version, row.position, "does not link to the sealed event before it"
                ),
            )
        else:
            _add(
                found,
                Finding(
                    "edited",
                    previous.aggregate,
                    previous.version,
                    previous.position,
                    f"version {row.version} no longer links to it",
                ),
            )


def _add(found: dict[tuple[str, int], Finding], finding: Finding) -> None:
    """Keep one finding per event, the most specific one."""
    key = (finding.aggregate, finding.version or 0)
    current = found.get(key)
    if current is None or PRIORITY[finding.kind] < PRIORITY[current.kind]:
        found[key] = finding


def _case_no(state: bytes) -> str | None:
    try:
        value = json.loads(state).get("case_no")
    except ValueError:
        return None
    return value if isinstance(value, str) else None
