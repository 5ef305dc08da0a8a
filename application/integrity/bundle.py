"""Verifiable exports: a case (or a period's cases) with everything needed to check it offline.

A bundle is a JSON Lines file: a header, the signed tree head the proofs are against (as a witness holds
it, with the witness's cosignature, when the ledger has witnesses), then every event of the exported cases
and of the service-item and calendar versions they used, each with its leaf index and its RFC 9162
inclusion path; the last line is the SHA-256 of all the lines before it, so every byte counts.
``verify_bundle`` checks it with nothing but the file and the keys the verifier trusts (never a key the
bundle names).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.calendars import Calendars
from application.cases.queries import CaseRecords
from application.integrity.chain import GENESIS, canonical, chain_prev, event_hash
from application.integrity.checkpoint import COSIGNATURE_KEY, SignatureCheck, SignedNote, VerifierKey, signed_by
from application.integrity.log import TransparencyLog
from application.integrity.merkle import leaf_hash, verify_inclusion
from application.plumbing.store import LedgerStore
from domain.calendar.working_calendar import WorkingCalendar
from domain.case.aggregate import Case
from domain.catalogue.service_item import ServiceItem
from domain.errors import InvalidValue

FORMAT = "caseledger-bundle/2"


class BundleWriter:
    def __init__(self, store: LedgerStore, records: CaseRecords, calendars: Calendars, log: TransparencyLog) -> None:
        self.store, self.records, self.calendars, self.log = store, records, calendars, log

    def lines(self, case_nos: Iterable[str], scope: dict[str, Any], at: datetime) -> Iterator[str]:
        """The bundle's lines (the caller seals the log first, so that every event is in a signed head)."""
        note = self._head()
        size, origin = note.head.size, note.head.origin
        aggregates = [str(a) for a in self._aggregates(list(case_nos))]
        entries = {(e.aggregate, e.version): e for e in self.log.store.leaves_of(aggregates)}
        body = [
            json.dumps(
                {"format": FORMAT, "created_at": at.isoformat(), "scope": scope, "origin": origin},
                ensure_ascii=False,
            ),
            json.dumps({"checkpoint": note.text()}, ensure_ascii=False),
        ]
        for aggregate in aggregates:
            for stored in self.store.recorder.select_events(UUID(aggregate)):
                entry = entries.get((aggregate, stored.originator_version))
                if entry is None or entry.index >= size:
                    raise InvalidValue(
                        "event {aggregate} v{originator_version} is not sealed yet: seal, then export",
                        aggregate=aggregate,
                        originator_version=stored.originator_version,
                    )
                record = {
                    "leaf_index": entry.index,
                    "event": _event(stored, entry.position),
                    "path": [h.hex() for h in self.log.tree.inclusion(entry.index, size)],
                }
                body.append(json.dumps(record, ensure_ascii=False))
        digest = hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest()
        yield from (line + "\n" for line in body)
        yield json.dumps({"sha256": digest}) + "\n"

    def _head(self) -> SignedNote:
        """The head to prove against: the largest a witness holds (with its cosignatures), else the latest."""
        latest = self.log.latest()
        if latest is None:
            raise InvalidValue("seal the ledger before exporting: a bundle proves events against a signed head")
        held = [w.latest(latest.head.origin) for w in self.log.witnesses]
        notes = [SignedNote.parse(h.note) for h in held if h is not None]
        return max(notes, key=lambda n: n.head.size, default=latest)

    def _aggregates(self, case_nos: list[str]) -> list[UUID]:
        ids: list[UUID] = []
        items: set[str] = set()
        years: set[int] = set()
        for case_no in case_nos:
            view = self.records.case(case_no, as_of=datetime.now(tz=UTC))
            ids.append(Case.id_for(case_no))
            items.add(view.item_code)
            last = view.delivered_at or view.decided_at or view.accepted_at or view.received_at
            years.update(range(view.received_at.year, last.year + 2))  # clocks may run into the next year
        ids += [ServiceItem.id_for(code) for code in sorted(items)]
        ids += [WorkingCalendar.id_for(y) for y in sorted(years) if self.calendars.has_calendar(y)]
        return ids


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


def verify_bundle(
    data: bytes,
    log_keys: Sequence[VerifierKey],
    check: SignatureCheck,
    witness_keys: Sequence[VerifierKey] = (),
) -> BundleReport:
    """Check a bundle offline: digest, the head's signature (and each trusted witness's cosignature), every
    event's inclusion in the head, and the chains."""
    report = BundleReport()
    try:
        _verify(data, log_keys, check, witness_keys, report)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, IndexError) as error:
        report.problems.append(f"unreadable bundle: {error}")
    return report


def _verify(
    data: bytes,
    log_keys: Sequence[VerifierKey],
    check: SignatureCheck,
    witness_keys: Sequence[VerifierKey],
    report: BundleReport,
) -> None:
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
        raise ValueError("not a caseledger bundle of this format")
    note = SignedNote.parse(json.loads(body[1])["checkpoint"])
    head = note.head
    if not signed_by(note, [k for k in log_keys if k.name == head.origin and k.kind != COSIGNATURE_KEY], check):
        report.problems.append(f"the head of {head.origin} is not signed by a trusted key")
    for key in witness_keys:
        if not signed_by(note, [key], check):
            report.problems.append(f"the head is not cosigned by the witness {key.name}")
    chains: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    for record in (json.loads(line) for line in body[2:]):
        report.events += 1
        e = record["event"]
        stored = StoredEvent(UUID(e["originator_id"]), e["version"], e["topic"], e["state"].encode("utf-8"))
        name = f"{e['originator_id']} v{e['version']}"
        path = [bytes.fromhex(h) for h in record["path"]]
        if not verify_inclusion(record["leaf_index"], head.size, leaf_hash(canonical(stored)), path, head.root):
            report.problems.append(f"{name}: not included in the signed head of size {head.size}")
        chains[e["originator_id"]].append((e["version"], event_hash(stored), chain_prev(stored)))
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
