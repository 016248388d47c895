"""Where the at-rest key lives: the OS keyring (a real keyring backend: keyrings.alt's file keyring,
selected like an OS keyring) or the 0600 key file; a key found in neither while the store holds data is a
typed error, never a silent new key."""

from __future__ import annotations

import os
import stat

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from sync.errors import KeyMissingError, KeyringUnavailableError
from sync.keys import KEYRING_SERVICE, key_path, keyring_user, load_key
from sync.store import EventStore

from .conftest import append_person


@pytest.fixture
def file_keyring(tmp_path, monkeypatch):
    """A real keyring backend storing in the test's folder, made the process's keyring."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("KAZASU_KEY_STORE", "keyring")
    yield backend
    keyring.set_keyring(previous)


def test_keyring_path_keeps_the_key_out_of_the_data_folder(tmp_path, file_keyring, kazasu):
    data = tmp_path / "data"
    store = EventStore(data / "kazasu.db")
    assert store.key_info.store == "keyring"
    assert store.key_info.backend == "keyrings.alt.file.PlaintextKeyring"
    event = append_person(store)
    store.close()
    assert not key_path(data).exists()
    assert file_keyring.get_password(KEYRING_SERVICE, keyring_user(data))
    again = EventStore(data / "kazasu.db")  # the same key comes back: the payload decrypts
    assert again.get(event.id).payload == event.payload
    again.close()
    status = kazasu("queue", "status", data_dir=data)
    assert status["key_store"] == "keyring" and status["pending"] == 1 and status["acknowledged"] == 0


def test_file_path_when_no_keyring_backend_is_usable(tmp_path, monkeypatch, kazasu):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.delenv("KAZASU_KEY_STORE", raising=False)
        store = EventStore(tmp_path / "kazasu.db")
        assert store.key_info.store == "file" and store.key_info.backend is None
        append_person(store)
        store.close()
        assert stat.S_IMODE(os.stat(key_path(tmp_path)).st_mode) == 0o600
        assert kazasu("queue", "status", data_dir=tmp_path)["key_store"] == "file"
        monkeypatch.setenv("KAZASU_KEY_STORE", "keyring")  # asked for, but there is none
        with pytest.raises(KeyringUnavailableError):
            EventStore(tmp_path / "kazasu.db")
    finally:
        keyring.set_keyring(previous)


def test_auto_does_not_take_a_plaintext_keyring(tmp_path, monkeypatch):
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(backend)
    try:
        monkeypatch.setenv("KAZASU_KEY_STORE", "auto")
        loaded = load_key(tmp_path, has_data=False)
        assert loaded.store == "file" and key_path(tmp_path).exists()
        assert not (tmp_path / "plain.cfg").exists()
    finally:
        keyring.set_keyring(previous)


def test_a_key_in_neither_place_with_data_is_a_typed_error(tmp_path, file_keyring, kazasu):
    store = EventStore(tmp_path / "kazasu.db")
    event = append_person(store)
    store.close()
    saved = file_keyring.get_password(KEYRING_SERVICE, keyring_user(tmp_path))
    file_keyring.delete_password(KEYRING_SERVICE, keyring_user(tmp_path))
    with pytest.raises(KeyMissingError) as info:
        EventStore(tmp_path / "kazasu.db")
    assert info.value.code == "key_missing" and "sync.key" in info.value.message_en
    assert file_keyring.get_password(KEYRING_SERVICE, keyring_user(tmp_path)) is None  # none made
    error = kazasu("queue", "status", data_dir=tmp_path, ok=False).error
    assert error["code"] == "key_missing" and "暗号鍵" in error["message_ja"]
    with pytest.raises(KeyMissingError):  # the same with the file store: no silent new file
        load_key(tmp_path, has_data=True, mode="file")
    assert not key_path(tmp_path).exists()
    file_keyring.set_password(KEYRING_SERVICE, keyring_user(tmp_path), saved)  # restored from backup
    back = EventStore(tmp_path / "kazasu.db")
    assert back.get(event.id).payload == event.payload  # nothing was lost
    back.close()


def test_an_existing_key_file_keeps_being_used_when_a_keyring_appears(tmp_path, monkeypatch,
                                                                       file_keyring):
    monkeypatch.setenv("KAZASU_KEY_STORE", "file")
    store = EventStore(tmp_path / "kazasu.db")
    event = append_person(store)
    store.close()
    monkeypatch.setenv("KAZASU_KEY_STORE", "keyring")
    again = EventStore(tmp_path / "kazasu.db")
    assert again.key_info.store == "file" and again.get(event.id).payload == event.payload
    again.close()
