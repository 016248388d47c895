"""sync.sqlite_db.Database keeps the rules the store was written against (sqlite-utils' Database):
writes outside a transaction are committed at once, `atomic()` is one transaction and a savepoint when
nested, a failed write leaves nothing open; and opening an up-to-date store does not load sqlite-utils."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sync import schema
from sync.sqlite_db import Database, first_word
from sync.store import EventStore

ROOT = Path(__file__).resolve().parents[2]


def other_count(path: Path) -> int:
    with sqlite3.connect(path) as other:
        return other.execute("SELECT count(*) FROM t").fetchone()[0]


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "t.db")
    database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    yield database
    database.close()


def test_a_write_outside_a_transaction_is_committed_at_once(db, tmp_path):
    db.execute("INSERT INTO t (v) VALUES (?)", ["a"])
    assert not db.conn.in_transaction
    assert other_count(tmp_path / "t.db") == 1


def test_atomic_rolls_back_the_whole_block(db, tmp_path):
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('a')")
        db.execute("INSERT INTO t (v) VALUES ('b')")
        raise RuntimeError("disk on fire")
    assert not db.conn.in_transaction
    assert other_count(tmp_path / "t.db") == 0


def test_a_nested_atomic_rolls_back_only_its_own_part(db, tmp_path):
    with db.atomic():
        db.execute("INSERT INTO t (v) VALUES ('kept')")
        with pytest.raises(ValueError), db.atomic():
            db.execute("INSERT INTO t (v) VALUES ('gone')")
            raise ValueError("inner")
        assert other_count(tmp_path / "t.db") == 0   # nothing committed before the outer block ends
    assert [r[0] for r in db.execute("SELECT v FROM t")] == ["kept"]
    assert other_count(tmp_path / "t.db") == 1


def test_a_failed_write_leaves_no_transaction_open(db):
    db.execute("INSERT INTO t (id, v) VALUES (1, 'a')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t (id, v) VALUES (1, 'again')")
    assert not db.conn.in_transaction


def test_query_gives_rows_as_dictionaries_and_a_table_has_sqlite_utils_api(db):
    db["t"].insert({"id": 7, "v": "seven"})
    assert list(db.query("SELECT id, v FROM t")) == [{"id": 7, "v": "seven"}]


def test_first_word_skips_blanks_and_comments():
    assert first_word("  -- a note\n /* more */ begin immediate") == "BEGIN"
    assert first_word(";\n\tSELECT 1") == "SELECT"
    assert first_word("-- only a comment") == ""


def test_an_up_to_date_store_opens_without_sqlite_utils(tmp_path):
    EventStore(tmp_path / "kazasu.db", identity=None).close()   # created: the schema applied
    with sqlite3.connect(tmp_path / "kazasu.db") as plain:
        recorded = [r[0] for r in plain.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert recorded == [step.name for step in schema.MIGRATIONS]
    child = ("import json, sys\nfrom sync.store import EventStore\n"
             "EventStore(sys.argv[1], identity=None).close()\n"
             "print(json.dumps([m for m in ('sqlite_utils', 'click', 'dateutil') if m in sys.modules]))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-c", child, str(tmp_path / "kazasu.db")], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
