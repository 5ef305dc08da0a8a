"""Subject keys: remembered briefly and boundedly, so an erasure elsewhere soon stops every reader."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventsourcing.utils import get_topic

from application.ledger import CaseLedger
from application.personal_data import ERASED
from domain.case.events.intake import Received
from domain.case.values import Applicant
from domain.catalogue.terms import ItemKind
from domain.organisation.actors import Channel
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.demo.simulation import resident_id
from infrastructure.privacy import subject_keys
from infrastructure.privacy.subject_keys import KeyStore, SubjectCipherAesGcm, TableKeyStore
from infrastructure.settings import Settings, persistence_env
from infrastructure.views.factory import _dialect, key_encryption_key, open_key_store
from interface.composition import build_ledger
from tests.application.helpers import set_up_centre
from tests.application.test_erasure import DPO
from tests.support import at, item


def test_an_erasure_in_another_process_stops_this_one_once_its_key_is_forgotten(stored_database_url: str) -> None:
    here, elsewhere = (open_key_store(Settings(database_url=stored_database_url)) for _ in range(2))
    key = here.key("subject-1", create=True)
    assert key is not None and elsewhere.key("subject-1", create=False) == key
    elsewhere.destroy("subject-1")
    assert here.key("subject-1", create=False) == key  # remembered for KEY_SECONDS at most
    here._keys.clear()  # what the passing of KEY_SECONDS does
    assert here.key("subject-1", create=False) is None


def test_only_the_most_recently_used_keys_are_remembered_and_none_is_lost() -> None:
    store = KeyStore()
    store._keys = subject_keys.ExpiringLRU(3, subject_keys.KEY_SECONDS)
    keys = {f"s{n}": store.key(f"s{n}", create=True) for n in range(10)}
    assert len(store._keys._entries._items) == 3
    assert all(store.key(subject, create=False) == key for subject, key in keys.items())


class CountedKeyStore(TableKeyStore):
    """The table's key store, counting the queries that read keys."""

    reads = 0

    def _load(self, subject_ids: Sequence[str]) -> dict[str, bytes]:
        self.reads += 1
        return super()._load(subject_ids)


def test_a_page_of_events_reads_the_keys_of_its_applicants_in_one_query(stored_database_url: str) -> None:
    settings = Settings(database_url=stored_database_url)
    writer = build_ledger(settings)
    clerk = set_up_centre(writer)["w1"]
    names = {f"subject-{n}": f"申请人{n}" for n in range(12)}
    for n, (subject, name) in enumerate(names.items()):
        applicant = Applicant(subject, name, resident_id(n))
        writer.cases.receive(
            item_code=item(ItemKind.COMMITMENT).code,
            applicant=applicant,
            at=at(3, 2, 9),
            by=clerk,
            channel=Channel.WINDOW,
        )
    writer.privacy.erase_subject("subject-3", reason="申请人要求删除个人信息", at=at(3, 26), by=DPO)
    writer.close()

    keys = CountedKeyStore(
        _dialect(settings), key_encryption_key(Path(settings.kek))
    )  # another process: it has read no key yet
    reader = CaseLedger(
        env=persistence_env(stored_database_url),
        calendar_source=SeedCalendarSource(),
        subject_cipher=SubjectCipherAesGcm(keys),
    )
    try:
        page = reader.store.recorder.select_notifications(None, 1000, topics=[get_topic(Received)])
        applicants = [event.applicant for event in reader.store.domain_events(page)]
    finally:
        reader.close()
    assert keys.reads == 1
    assert {a.subject_id: a.name for a in applicants} == names | {"subject-3": ERASED}
