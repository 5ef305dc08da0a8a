"""Subject keys: remembered briefly and boundedly, so an erasure elsewhere soon stops every reader."""

from __future__ import annotations

from infrastructure.privacy import subject_keys
from infrastructure.privacy.subject_keys import KeyStore
from infrastructure.settings import Settings
from infrastructure.views.factory import open_key_store


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
