"""Verifiable exports: a case (or a period's cases) with everything needed to check it offline.

A bundle is a JSON Lines file: a header with the public key, the signed checkpoints, then every event of
the exported cases and of the service-item and calendar versions they used, each with its hash and its
Merkle inclusion proof in a checkpoint; the last line is the SHA-256 of all the lines before it, so
every byte counts. ``verify_bundle`` checks it with nothing but the file.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.integrity.chain import GENESIS, chain_prev, event_hash
from application.integrity.merkle import MerkleTree, root_from_proof
from application.integrity.seal import Checkpoint, SealLeaves, SignatureCheck
from application.ledger import CaseLedger
from domain.calendar.working_calendar import WorkingCalendar
from domain.case.aggregate import Case
from domain.catalogue.service_item import ServiceItem
from domain.errors import InvalidValue

FORMAT = "caseledger-bundle/1"


class BundleWriter:
    def __init__(self, ledger: CaseLedger, leaves: SealLeaves) -> None:
        self.ledger, self.leaves = ledger, leaves

    def lines(self, case_nos: Iterable[str], scope: dict[str, Any], at: datetime) -> Iterator[str]:
        """The bundle's lines (the caller seals the log first, so every event is covered)."""
        checkpoints = self.ledger.checkpoints()
        if not checkpoints:
            raise InvalidValue("seal the ledger before exporting: a bundle proves events against a checkpoint")
        aggregates = self._aggregates(list(case_nos))
        events = [e for aggregate in aggregates for e in self.ledger.recorder.select_events(aggregate)]
        proofs = self._proofs(checkpoints, aggregates)
        body = [
            json.dumps(
                {
                    "format": FORMAT,
                    "created_at": at.isoformat(),
                    "scope": scope,
                    "public_key": checkpoints[-1].public_key,
                },
                ensure_ascii=False,
            )
        ]
        body += [json.dumps({"checkpoint": _checkpoint(c)}) for c in checkpoints]
        for stored in events:
            key = (str(stored.originator_id), stored.originator_version)
            if key not in proofs:
                raise InvalidValue(f"event {key} is not sealed yet: seal, then export")
            number, position, proof = proofs[key]
            record = {
                "event": _event(stored, position),
                "hash": event_hash(stored),
                "checkpoint": number,
                "proof": proof,
            }
            body.append(json.dumps(record, ensure_ascii=False))
        digest = hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest()
        yield from (line + "\n" for line in body)
        yield json.dumps({"sha256": digest}) + "\n"

    def _aggregates(self, case_nos: list[str]) -> list[UUID]:
        ids: list[UUID] = []
        items: set[str] = set()
        years: set[int] = set()
        for case_no in case_nos:
            view = self.ledger.case(case_no, as_of=datetime.now(tz=UTC))
            ids.append(Case.id_for(case_no))
            items.add(view.item_code)
            last = view.delivered_at or view.decided_at or view.accepted_at or view.received_at
            years.update(range(view.received_at.year, last.year + 2))  # clocks may run into the next year
        ids += [ServiceItem.id_for(code) for code in sorted(items)]
        ids += [WorkingCalendar.id_for(y) for y in sorted(years) if self.ledger.has_calendar(y)]
        return ids

    def _proofs(
        self, checkpoints: list[Checkpoint], aggregates: list[UUID]
    ) -> dict[tuple[str, int], tuple[int, int, list[list[str]]]]:
        """Per exported event: its checkpoint, its position and its inclusion proof (one tree per checkpoint)."""
        wanted = {str(a) for a in aggregates}
        proofs: dict[tuple[str, int], tuple[int, int, list[list[str]]]] = {}
        for checkpoint in checkpoints:
            leaves = self.leaves.load(checkpoint.number)
            mine = [(i, leaf) for i, leaf in enumerate(leaves) if leaf.aggregate in wanted]
            if not mine:
                continue
            tree = MerkleTree([leaf.hash for leaf in leaves])
            for index, leaf in mine:
                proof = [[side, sibling] for side, sibling in tree.proof(index)]
                proofs[(leaf.aggregate, leaf.version)] = (checkpoint.number, leaf.position, proof)
        return proofs


def _checkpoint(checkpoint: Checkpoint) -> dict[str, Any]:
    values = asdict(checkpoint)
    values["sealed_at"] = checkpoint.sealed_at.isoformat()
    return values


def _event(stored: StoredEvent, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "originator_id": str(stored.originator_id),
        "version": stored.originator_version,
        "topic": stored.topic,
        "state": stored.state.decode("utf-8"),
    }


@dataclass
class BundleReport:
    events: int = 0
    cases: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems and self.events > 0


def verify_bundle(data: bytes, signature_ok: SignatureCheck) -> BundleReport:
    """Check a bundle offline: digest, signatures, event hashes, inclusion proofs and chains."""
    report = BundleReport()
    try:
        _verify(data, signature_ok, report)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, IndexError) as error:
        report.problems.append(f"unreadable bundle: {error}")
    return report


def _verify(data: bytes, signature_ok: SignatureCheck, report: BundleReport) -> None:
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] != "" or len(lines) < 4:
        raise ValueError("a bundle ends with its digest line and a newline")
    *body, last, _ = lines
    expected = json.loads(last)["sha256"]
    if hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest() != expected:
        report.problems.append("the bundle's digest does not match its contents")
    header = json.loads(body[0])
    if header.get("format") != FORMAT:
        raise ValueError("not a caseledger bundle")
    public_key = bytes.fromhex(header["public_key"])
    records = [json.loads(line) for line in body[1:]]
    roots: dict[int, str] = {}
    for record in (r["checkpoint"] for r in records if "event" not in r and "checkpoint" in r):
        checkpoint = Checkpoint(**{**record, "sealed_at": datetime.fromisoformat(record["sealed_at"])})
        if bytes.fromhex(checkpoint.public_key) != public_key or not signature_ok(
            public_key, bytes.fromhex(checkpoint.signature), checkpoint.message()
        ):
            report.problems.append(f"checkpoint {checkpoint.number}: the signature does not verify")
        roots[checkpoint.number] = checkpoint.root
    chains: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    for record in (r for r in records if "event" in r):
        report.events += 1
        e = record["event"]
        stored = StoredEvent(UUID(e["originator_id"]), e["version"], e["topic"], e["state"].encode("utf-8"))
        name = f"{e['originator_id']} v{e['version']}"
        computed = event_hash(stored)
        if computed != record["hash"]:
            report.problems.append(f"{name}: its hash does not match its content")
        proof = [(side, sibling) for side, sibling in record["proof"]]
        if root_from_proof(computed, proof) != roots.get(record["checkpoint"]):
            report.problems.append(f"{name}: not included in checkpoint {record['checkpoint']}")
        chains[e["originator_id"]].append((e["version"], computed, chain_prev(stored)))
        if e["topic"].endswith(":Received") and e["version"] == 1:
            report.cases.append(json.loads(e["state"]).get("case_no", e["originator_id"]))
    for aggregate, chain in chains.items():
        chain.sort()
        previous = GENESIS
        for expected_version, (version, computed, prev) in enumerate(chain, start=1):
            if version != expected_version or prev != previous:
                report.problems.append(f"{aggregate}: the chain breaks at version {version}")
                break
            previous = computed
