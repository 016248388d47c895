"""Checks of the terminal's surroundings: mesh reachability, enrolment, clock skew, disk, queue.

The mesh is asked `GET /v1/health`; its HTTP `Date` header, taken against the middle of the request,
gives the clock skew (to about a second, which is enough for the 120 s warning).
"""

from __future__ import annotations

import shutil
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from kiosk.doctor.report import FAIL, WARN, Check
from sync.errors import SyncError

GIB = 1024 ** 3
FAIL_FREE_BYTES = 100 * 1024 ** 2  # under this, new events may not be stored at all
STORE_FILE = "kazasu.db"


def check_mesh(url: str | None, timeout: float = 3.0, max_skew_s: float = 120.0,
               pin: str | None = None) -> list[Check]:
    """Mesh reachable and healthy (over https with the terminal's pin, as the sync client reaches it),
    and the clock skew against it."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    import httpx

    from sync.transport import InsecureMeshUrlError, certificate_problem, mesh_http_client

    if not url:
        return [Check.ok("mesh", "no mesh URL configured: offline terminal, mesh checks skipped")]
    health = url.rstrip("/") + "/v1/health"
    try:
        client = mesh_http_client(url, pin=pin, timeout=timeout)
    except InsecureMeshUrlError as exc:
        return [Check.problem("mesh", FAIL, exc.message_ja, exc.message_en, url=url)]
    try:
        with client:
            before = time.time()
            response = client.get(health)
            after = time.time()
    except httpx.HTTPError as exc:
        certificate = certificate_problem(url, exc)
        if certificate is not None:
            return [Check.problem("mesh", FAIL, certificate.message_ja, certificate.message_en, url=url)]
        return [Check.problem(
            "mesh", FAIL,
            f"メッシュサーバー {url} に接続できません（{exc.__class__.__name__}）。サーバーで "
            "`systemctl status kazasu-mesh` を確認し、URL（--mesh / terminal.json）とネットワークを確認してください。"
            "イベントは端末に保存され、接続が戻れば送信されます。",
            f"The mesh at {url} is not reachable ({exc.__class__.__name__}): check "
            "`systemctl status kazasu-mesh` on the server, the URL (--mesh / terminal.json) and the "
            "network. Events stay queued on this terminal and are sent when it is back.", url=url)]
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code != 200 or body.get("status") != "ok":
        return [Check.problem(
            "mesh", FAIL,
            f"{url} はメッシュサーバーとして応答しません（HTTP {response.status_code}）。URL を確認してください。",
            f"{url} does not answer as a kazasu mesh (HTTP {response.status_code}): check the URL.",
            url=url)]
    checks = []
    if body.get("storage") != "ok":
        checks.append(Check.problem(
            "mesh", WARN,
            "メッシュサーバーは動いていますが、データベースに接続できません。サーバーのデータベースを確認してください。",
            "The mesh answers but its database does not: check the mesh's database server.", url=url))
    else:
        checks.append(Check.ok("mesh", f"{url} healthy", url=url))
    checks.append(_skew(response.headers.get("date"), (before + after) / 2, max_skew_s))
    return checks


def _skew(date_header: str | None, local: float, max_skew_s: float) -> Check:
    if not date_header:
        return Check.problem("clock", WARN, "メッシュが時刻を返さないため、時計のずれを確認できません。",
                             "The mesh sent no Date header: the clock skew could not be checked.")
    remote = parsedate_to_datetime(date_header).astimezone(timezone.utc).timestamp()
    skew = round(local - remote, 1)
    if abs(skew) > max_skew_s:
        return Check.problem(
            "clock", WARN,
            f"この端末の時計がメッシュと {abs(skew):.0f} 秒ずれています。NTP を有効にしてください"
            "（`sudo timedatectl set-ntp true`）。",
            f"This terminal's clock is {abs(skew):.0f} s off the mesh's: enable NTP "
            "(`sudo timedatectl set-ntp true`).", skew_s=skew)
    return Check.ok("clock", f"skew {skew:+.0f} s against the mesh", skew_s=skew)


def check_enrolment(data_dir: Path) -> Check:
    """The terminal holds a signing identity (enrolled with `kazasu terminal enroll`)."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from sync.signing import TerminalIdentity

    try:
        identity = TerminalIdentity.load(data_dir)
    except SyncError as exc:  # a key file with loose permissions, or a damaged one
        return Check.problem("enrolment", FAIL, exc.message_ja, exc.message_en)
    except Exception as exc:  # noqa: BLE001 (an unreadable one: the check says so, the doctor goes on)
        return Check.problem("enrolment", FAIL, "署名鍵を読めません。",
                             f"The signing key cannot be read ({type(exc).__name__}).")
    if identity is None:
        return Check.problem(
            "enrolment", WARN,
            "この端末はメッシュに登録されていません。メッシュで `kazasu mesh enroll --site SITE` を実行し、"
            "表示されたコードで `kazasu terminal enroll --code CODE` を実行してください。",
            "This terminal is not enrolled with the mesh: run `kazasu mesh enroll --site SITE` on the "
            "mesh, then `kazasu terminal enroll --code CODE` here.")
    return Check.ok("enrolment", f"enrolled as {identity.terminal_id}")


def check_disk(data_dir: Path, min_free_gib: float = 1.0) -> Check:
    free = shutil.disk_usage(data_dir).free
    free_gib = round(free / GIB, 2)
    if free < FAIL_FREE_BYTES:
        status = FAIL
    elif free < min_free_gib * GIB:
        status = WARN
    else:
        return Check.ok("disk", f"{free_gib} GiB free in the data folder", free_gib=free_gib)
    return Check.problem(
        "disk", status,
        f"データフォルダーの空き容量が少なくなっています（{free_gib} GiB）。不要なファイルを削除するか、"
        "`kazasu sync --once` で送信済みにしてください。",
        f"Little free space in the data folder ({free_gib} GiB, under {min_free_gib} GiB): free some "
        "space and send the queue with `kazasu sync --once`.", free_gib=free_gib)


def check_queue(data_dir: Path, max_age_h: float = 24.0, now: datetime | None = None) -> Check:
    """Pending count, refused events, and the age of the oldest pending event (no event content)."""
    # lazy: the check imports what it checks, so a missing or broken library fails this check alone
    from sync.schema import STATE_PENDING
    from sync.store import EventStore

    path = data_dir / STORE_FILE
    if not path.exists():
        return Check.ok("queue", "no queue yet (no event recorded)", pending=0)
    store = EventStore(path)
    try:
        status = store.status()
        oldest = store.db.execute(
            "SELECT min(e.created_at) FROM outbox o JOIN events e ON e.id = o.event_id "
            "WHERE o.state = ?", [STATE_PENDING]).fetchone()[0]
    finally:
        store.close()
    now = now or datetime.now(timezone.utc)
    age_h = None
    if oldest:
        age_h = round((now - datetime.fromisoformat(oldest.replace("Z", "+00:00"))).total_seconds() / 3600, 1)
    data = {"pending": status["pending"], "rejected": status["rejected"], "oldest_pending_age_h": age_h}
    detail = f"{status['pending']} pending" + (f", oldest {age_h} h" if age_h is not None else "")
    if status["rejected"]:
        return Check.problem(
            "queue", WARN,
            f"{status['rejected']} 件のイベントがメッシュに拒否されています。`kazasu queue status` と"
            "ログを確認し、担当者に連絡してください。",
            f"{status['rejected']} event(s) were refused by the mesh: see `kazasu queue status` and the "
            "log, and tell the administrator.", detail=detail, **data)
    if age_h is not None and age_h > max_age_h:
        return Check.problem(
            "queue", WARN,
            f"{age_h} 時間前のイベントが未送信です。メッシュへの接続を確認し `kazasu sync --once` を"
            "実行してください（オフラインの場合は `kazasu queue export` で持ち出せます）。",
            f"An event has been waiting {age_h} h to be sent: check the mesh connection and run "
            "`kazasu sync --once` (offline: carry it with `kazasu queue export`).", detail=detail, **data)
    return Check.ok("queue", detail, **data)
