"""``verify``: re-check every hash chain and every signed checkpoint, and name each event that was
edited, deleted, reordered or inserted behind the ledger's back.

Seals give the strongest evidence: inside a sealed range every event's hash is known, so a changed,
missing or extra event is named exactly. Chains cover the rest: a version gap is a deletion; versions
out of log order are a reordering; a broken link blames the event before it (edited), unless that
event is vouched for by a seal, in which case the event claiming the link was inserted. A changed
*last* event of an unsealed chain cannot be told from a genuine one: seal often.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from application.integrity.chain import GENESIS, chain_prev, event_hash
from application.integrity.merkle import merkle_root
from application.integrity.seal import Checkpoint, SealLeaves, SignatureCheck
from application.ledger import CaseLedger

PAGE = 5_000
PRIORITY = {"reordered": 0, "inserted": 1, "deleted": 2, "edited": 3}


@dataclass(frozen=True)
class Finding:
    kind: str  # edited | deleted | reordered | inserted | seal
    aggregate: str  # the case number where known, else the aggregate id (or the checkpoint)
    version: int | None
    position: int | None
    detail: str


@dataclass
class VerifyReport:
    events: int = 0
    aggregates: int = 0
    checkpoints: int = 0
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
    hash: str
    prev: str | None


class Verifier:
    def __init__(self, ledger: CaseLedger, leaves: SealLeaves, signature_ok: SignatureCheck) -> None:
        self.ledger, self.leaves, self.signature_ok = ledger, leaves, signature_ok

    def run(self, progress: Callable[[int], None] | None = None) -> VerifyReport:
        started = time.perf_counter()
        report = VerifyReport()
        rows, labels = self._read(report, progress)
        found: dict[tuple[str, int], Finding] = {}
        vouched: set[tuple[str, int]] = set()
        for checkpoint in self.ledger.checkpoints():
            report.checkpoints += 1
            self._check_seal(checkpoint, rows, report, found, vouched)
        chains: dict[str, list[Row]] = defaultdict(list)
        for row in rows.values():
            chains[row.aggregate].append(row)
        report.aggregates = len(chains)
        for chain in chains.values():
            _check_chain(sorted(chain, key=lambda r: r.version), found, vouched)
        named = [
            Finding(f.kind, labels.get(f.aggregate, f.aggregate), f.version, f.position, f.detail)
            for f in found.values()
        ]
        report.findings += sorted(named, key=lambda f: (f.aggregate, f.version or 0))
        report.seconds = time.perf_counter() - started
        return report

    def _read(
        self, report: VerifyReport, progress: Callable[[int], None] | None
    ) -> tuple[dict[int, Row], dict[str, str]]:
        rows: dict[int, Row] = {}
        labels: dict[str, str] = {}
        for n in self._notifications():
            aggregate = str(n.originator_id)
            rows[n.id] = Row(n.id, aggregate, n.originator_version, event_hash(n), chain_prev(n))
            if n.originator_version == 1 and n.topic.endswith(":Received"):
                labels[aggregate] = _case_no(n.state) or aggregate
            report.events += 1
            if progress is not None and report.events % PAGE == 0:
                progress(PAGE)
        return rows, labels

    def _notifications(self) -> Iterator[Any]:
        start: int | None = None
        while page := self.ledger.recorder.select_notifications(start, PAGE, inclusive_of_start=False):
            yield from page
            start = page[-1].id

    def _check_seal(
        self,
        checkpoint: Checkpoint,
        rows: dict[int, Row],
        report: VerifyReport,
        found: dict[tuple[str, int], Finding],
        vouched: set[tuple[str, int]],
    ) -> None:
        name = f"checkpoint {checkpoint.number}"
        message = checkpoint.message()
        if not self.signature_ok(bytes.fromhex(checkpoint.public_key), bytes.fromhex(checkpoint.signature), message):
            report.findings.append(Finding("seal", name, None, None, "its signature does not verify"))
            return
        leaves = self.leaves.load(checkpoint.number)
        if len(leaves) != checkpoint.count or merkle_root([leaf.hash for leaf in leaves]) != checkpoint.root:
            report.findings.append(Finding("seal", name, None, None, "its kept leaves do not match the signed root"))
            return
        sealed = {leaf.position: leaf for leaf in leaves}
        for leaf in leaves:
            row = rows.get(leaf.position)
            if row is None:
                _add(
                    found,
                    Finding("deleted", leaf.aggregate, leaf.version, leaf.position, f"sealed by {name}, now gone"),
                )
            elif row.hash != leaf.hash:
                _add(
                    found,
                    Finding("edited", row.aggregate, row.version, row.position, f"differs from what {name} sealed"),
                )
            else:
                vouched.add((row.aggregate, row.version))
        # Only this checkpoint's range is looked at, so verifying stays linear in the log however often it is sealed.
        for position in range(checkpoint.first_position + 1, checkpoint.last_position + 1):
            row = rows.get(position)
            if row is not None and position not in sealed:
                _add(
                    found,
                    Finding("inserted", row.aggregate, row.version, position, f"not among the events {name} sealed"),
                )


def _check_chain(chain: list[Row], found: dict[tuple[str, int], Finding], vouched: set[tuple[str, int]]) -> None:
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
