"""Checks of the terminal's own database: the file is whole, the key is its key, every payload decrypts,
no write was lost.

- `database`: SQLite's `PRAGMA integrity_check` on a read-only connection (a damaged file or one that is
  not a database is `database_corrupt`, with what to do), then the store opens with its key (a missing,
  wrong or loose key is its own typed error: `key_missing`, `key_invalid`, `key_file_permissions`);
- `payloads`: every stored payload that is neither erased nor set aside is decrypted (read-only: the
  doctor quarantines nothing), and the ones already quarantined are named;
- `lost-writes`: own events this terminal wrote that its database no longer holds (EventStore.lost: the
  write journal at open, the mesh's feed when pulling), named by id.
Nothing here shows an event's content: ids, kinds and counts only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.doctor.report import FAIL, WARN, Check

STORE_FILE = "kazasu.db"
NAMED = 20  # ids named in a check's data (all are in `kazasu queue status`)


def check_store(data_dir: Path) -> list[Check]:
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from sync.errors import DatabaseCorruptError
    from sync.store import EventStore

    path = Path(data_dir) / STORE_FILE
    if not path.exists():
        return [Check.ok("database", "no database yet (no event recorded)")]
    problems = _integrity(path)
    if problems:
        error = DatabaseCorruptError(str(path))
        return [Check.problem("database", FAIL, error.message_ja, error.message_en,
                              detail="; ".join(problems[:3])[:200], code=error.code)]
    try:
        store = EventStore(path)
    except Exception as exc:  # noqa: BLE001 - every typed error is reported with its own words
        if not hasattr(exc, "message_ja"):
            raise
        return [Check.problem("database", FAIL, exc.message_ja, exc.message_en,
                              code=getattr(exc, "code", "error"))]
    try:
        checks = [Check.ok("database", "integrity ok, key matches", key_store=store.key_info.store)]
        checks.append(_payloads(store))
        checks.append(_lost(store))
    finally:
        store.close()
    return checks


def _integrity(path: Path) -> list[str]:
    """SQLite's own check, read-only; [] when whole, else its first findings."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def _payloads(store) -> Check:
    bad = store.undecryptable()
    held = store.quarantined()
    ids = [b["id"] for b in bad] + [q["id"] for q in held]
    if bad:
        return Check.problem(
            "payloads", FAIL,
            f"{len(bad)} 件の記録が復号できません（壊れているか改ざんされています）。送信時に隔離され、他の記録は"
            "送られます。`kazasu queue status` で一覧を確認し、管理者に連絡してください。",
            f"{len(bad)} record(s) do not decrypt (damaged or altered). They are set aside when next read,"
            " and every other record is still sent. See them in `kazasu queue status` and tell the"
            " administrator.", detail=f"{len(bad)} undecryptable, {len(held)} quarantined",
            undecryptable=len(bad), quarantined=len(held), ids=ids[:NAMED])
    if held:
        return Check.problem(
            "payloads", WARN,
            f"{len(held)} 件の記録は復号できないため隔離されています（内容は送られず、受領の記録だけが送られます）。"
            "元の鍵があれば復元できる場合があります。管理者に連絡してください。",
            f"{len(held)} record(s) were set aside because they do not decrypt (only their receipt was"
            " sent, not their content). The original key may recover them: tell the administrator.",
            detail=f"{len(held)} quarantined", undecryptable=0, quarantined=len(held), ids=ids[:NAMED])
    return Check.ok("payloads", "every payload decrypts", undecryptable=0, quarantined=0)


def _lost(store) -> Check:
    lost = store.lost()
    if not lost:
        return Check.ok("lost-writes", "no write lost", lost=0)
    ids = [item["id"] for item in lost]
    return Check.problem(
        "lost-writes", FAIL,
        f"この端末が書いた {len(lost)} 件の記録がデータベースから失われています（停電などで書き込みが失われた"
        "可能性）。`kazasu queue status` に一覧があります。メッシュに届いていれば残っています。端末を使い続ける前に"
        "管理者に連絡してください。",
        f"{len(lost)} record(s) this terminal wrote are missing from its database (writes lost, e.g. after a"
        " power cut). `kazasu queue status` lists them; the ones that reached the mesh are kept there."
        " Tell the administrator before going on with this terminal.",
        detail=f"{len(lost)} lost: {', '.join(ids[:3])}{' …' if len(ids) > 3 else ''}",
        lost=len(lost), ids=ids[:NAMED])
