"""Publications on a terminal (sync.publications, sync.published): what verifies with the pinned key is
kept and used, the newest valid version wins and a bad one never replaces a good one — for form
definitions (forms.registry), the shelter's needs and the library's rules. The path through a real node
and mesh is tests/sync/test_node.py."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from forms import registry
from forms.registry import DEFINITIONS_DIR
from kiosk.library.config import DEFAULT_PATH, LibraryConfig
from kiosk.shelter import model
from sync import publications
from sync.published import PublishedForms, PublishedStore
from sync.terminal import TerminalConfig


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def terminal(tmp_path, key):
    """A data folder whose terminal.json pinned `key`'s public half."""
    config = TerminalConfig.load(tmp_path)
    config.publisher_key = publications.public_key_of(key)
    config.save()
    return tmp_path


def keep(folder, doc):
    assert publications.check(doc, PublishedStore(folder).pinned_key()) is None
    PublishedStore(folder).keep(doc)


def test_a_publication_verifies_only_with_the_pinned_key(key):
    doc = publications.sign(key, "notice", "staff", {"ja": "給水は15時", "en": "Water at 15:00"})
    pinned = publications.public_key_of(key)
    assert publications.check(doc, pinned) is None
    assert publications.check({**doc, "body": {**doc["body"], "en": "Water at 16:00"}}, pinned) == "bad signature"
    other = publications.public_key_of(Ed25519PrivateKey.generate())
    assert publications.check(doc, other) == "signed with another key than the pinned one"
    assert publications.check(doc, None).startswith("no publishing key")
    with pytest.raises(publications.PublicationInvalidError):
        publications.sign(key, "notice", "staff", {"ja": "x"})  # no English


def test_the_newest_valid_form_definition_wins_and_a_bad_one_never_replaces_it(terminal, key):
    shipped = json.loads((DEFINITIONS_DIR / "juminhyo_request.json").read_text(encoding="utf-8"))
    good = {**shipped, "title": {**shipped["title"], "en": "Certificate of residence (v2)"}}
    keep(terminal, publications.sign(key, "form", "juminhyo_request", good, version=2))
    broken = {**shipped, "fields": "not a list"}
    keep(terminal, publications.sign(key, "form", "juminhyo_request", broken, version=3))
    forged = publications.sign(Ed25519PrivateKey.generate(), "form", "juminhyo_request", shipped, version=4)
    PublishedStore(terminal).keep(forged)  # even if one reached the disk, it is never used
    source = PublishedForms(terminal)
    form = registry.newest_published("juminhyo_request", source)
    assert form.version == 2 and form.title_en == "Certificate of residence (v2)"
    registry.use_published(source)
    try:
        assert registry.load_form("juminhyo_request").version == 2
        assert {f.id: f.version for f in registry.list_forms()}["juminhyo_request"] == 2
        assert registry.load_form("tennyu_todoke").version is None  # shipped
    finally:
        registry.use_published(None)


def test_published_library_rules_and_shelter_needs(terminal, key):
    rules = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    keep(terminal, publications.sign(key, "vocabulary", "library.rules",
                                     {**rules, "municipality_code": rules["municipality_code"]}, version=1))
    keep(terminal, publications.sign(key, "vocabulary", "library.rules", {"no such": "setting"}, version=2))
    config = LibraryConfig.load(data_dir=terminal)
    assert config.source == "library.rules (published version 1)"

    needs = {"needs": {"wheelchair": {"ja": "車いす", "en": "wheelchair", "detail": False},
                       "elderly": {"ja": "別の言葉", "en": "other words", "detail": True}}}
    keep(terminal, publications.sign(key, "vocabulary", "shelter.needs", needs, version=1))
    keep(terminal, publications.sign(key, "vocabulary", "shelter.needs", {"needs": {"BAD CODE": {}}}, version=2))
    before = dict(model.NEEDS)
    try:
        assert model.adopt_published_needs(terminal) == ["wheelchair"]
        assert model.NEEDS["wheelchair"] == ("車いす", "wheelchair", False)
        assert model.NEEDS["elderly"] == before["elderly"]  # a known code keeps its words
    finally:
        model.NEEDS.clear()
        model.NEEDS.update(before)


def test_notices_in_force_newest_first(terminal, key):
    keep(terminal, publications.sign(key, "notice", "water", {"ja": "給水は15時", "en": "Water at 15:00",
                                                             "ja_easy": "みずは 3じ"}, version=1))
    keep(terminal, publications.sign(key, "notice", "old", {"ja": "終了", "en": "Over",
                                                           "expires_at": "2020-01-01T00:00:00Z"}, version=1))
    assert [(n["en"], n["ja_easy"]) for n in PublishedStore(terminal).notices()] == [
        ("Water at 15:00", "みずは 3じ")]
