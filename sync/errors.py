"""Typed errors of the sync package, each safe to show: a stable `code`, `message_ja`, `message_en`.

They follow the project-wide contract (docs/architecture.md, "Errors shown to people"): the command line
prints them as `{"error": {...}}`, the kiosk shows the two messages. No message ever holds personal data.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.settings_file import Problem


class SyncError(Exception):
    """Base class: every subclass sets `code`, `message_ja` and `message_en`."""

    code = "sync_error"
    message_ja = "同期の処理でエラーが発生しました。係員にお知らせください。"
    message_en = "The sync component failed. Please tell the staff."

    def __init__(self, message_en: str | None = None, *, message_ja: str | None = None) -> None:
        if message_en is not None:
            self.message_en = message_en
        if message_ja is not None:
            self.message_ja = message_ja
        super().__init__(self.message_en)

    def details(self) -> dict[str, Any]:
        return {}


class KeyFilePermissionError(SyncError):
    code = "key_file_permissions"

    def __init__(self, path: str, mode: int) -> None:
        self.path, self.mode = path, mode
        super().__init__(
            f"The encryption key file {path} is readable by other users (mode {mode:o}). "
            f"Restrict it with: chmod 600 {path}",
            message_ja=f"暗号鍵ファイル {path} が他の利用者から読める状態です（モード {mode:o}）。"
            f"chmod 600 {path} で権限を制限してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"path": self.path, "mode": f"{self.mode:o}"}


class KeyFileInvalidError(SyncError):
    code = "key_file_invalid"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"The encryption key file {path} is damaged (it must hold exactly 32 bytes). "
            "Restore it from the backup; do not replace it, or stored records cannot be read.",
            message_ja=f"暗号鍵ファイル {path} が壊れています（32バイトである必要があります）。"
            "バックアップから復元してください。作り直すと保存済みの記録が読めなくなります。",
        )

    def details(self) -> dict[str, Any]:
        return {"path": self.path}


class KeyMissingError(SyncError):
    """The store holds encrypted data but its key is neither in the OS keyring nor in the key file."""

    code = "key_missing"

    def __init__(self, data_dir: str, keyring_backend: str | None) -> None:
        self.data_dir, self.keyring_backend = data_dir, keyring_backend
        where = f"the OS keyring ({keyring_backend})" if keyring_backend else "the OS keyring"
        super().__init__(
            f"The encryption key of {data_dir} is missing: not in {where} and no sync.key file, but the"
            " database holds encrypted records. No new key was made (it could not read them). Restore"
            " the keyring entry or the sync.key backup, or check the user the kiosk runs as.",
            message_ja=f"{data_dir} の暗号鍵が見つかりません（OSのキーリングにも sync.key にもありません）。"
            "暗号化された記録があるため、新しい鍵は作りません（作ると読めなくなります）。キーリングの項目か sync.key "
            "をバックアップから復元するか、キオスクを動かす利用者を確認してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"data_dir": self.data_dir, "keyring_backend": self.keyring_backend}


class KeyringUnavailableError(SyncError):
    """KAZASU_KEY_STORE=keyring but no keyring backend can be used."""

    code = "keyring_unavailable"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"The OS keyring cannot be used ({reason}). Unlock or install a keyring (Secret Service),"
            " or set KAZASU_KEY_STORE=file to keep the key in a 0600 file in the data folder.",
            message_ja=f"OSのキーリングが使えません（{reason}）。キーリングを解錠・導入するか、"
            "KAZASU_KEY_STORE=file でデータフォルダの鍵ファイル（0600）を使ってください。",
        )

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


class BundleInvalidError(SyncError):
    """A carried bundle (kazasu queue export) that cannot be trusted or read: nothing was imported."""

    code = "bundle_invalid"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"The bundle cannot be imported ({reason}). Nothing was imported. Export it again on the"
            " terminal (kazasu queue export) and carry the new file.",
            message_ja=f"このバンドルは取り込めません（{reason}）。何も取り込んでいません。端末で"
            "もう一度書き出して（kazasu queue export）、新しいファイルを運んでください。",
        )

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


class DecryptionError(SyncError):
    code = "decryption_failed"

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(
            f"Event {event_id} cannot be decrypted: the key file does not match this database "
            "or the record was altered. Restore the terminal's original key file.",
            message_ja=f"記録 {event_id} を復号できません。鍵ファイルがこのデータベースのものではないか、"
            "記録が改ざんされています。端末の元の鍵ファイルを戻してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"event_id": self.event_id}


class EventValidationError(SyncError):
    code = "invalid_event"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Invalid event: {reason}", message_ja=f"不正なイベントです: {reason}")

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


class MeshNotConfiguredError(SyncError):
    code = "mesh_not_configured"
    message_ja = ("メッシュ（自治体サーバー）のURLが設定されていません。--mesh URL、環境変数 KAZASU_MESH_URL、"
                  "または端末設定 terminal.json の mesh_url を指定してください。")
    message_en = ("No mesh (municipal server) URL is configured. Give --mesh URL, set "
                  "KAZASU_MESH_URL, or set mesh_url in the terminal's terminal.json.")


class MeshUnreachableError(SyncError):
    code = "mesh_unreachable"

    def __init__(self, url: str, pending: int | None = None) -> None:
        self.url, self.pending = url, pending
        super().__init__(
            f"The mesh at {url} cannot be reached. Nothing was lost: the records stay queued on this "
            "terminal and are sent when the network is back. Check the network, then retry.",
            message_ja=f"メッシュ（{url}）に接続できません。記録は失われていません。この端末に保存され、"
            "ネットワークが戻ると送信されます。ネットワークを確認して再度お試しください。",
        )

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mesh_url": self.url}
        if self.pending is not None:
            out["pending"] = self.pending
        return out


class MeshResponseError(SyncError):
    code = "mesh_error"

    def __init__(self, url: str, status: int, body_code: str | None = None, *,
                 retry_after: float | None = None, mesh_message: tuple[str, str] | None = None) -> None:
        self.url, self.status, self.body_code = url, status, body_code
        self.retry_after = retry_after  # seconds the mesh asked us to wait (429/503), if it said
        said_en = said_ja = ""
        if mesh_message is not None:  # the mesh's own words (e.g. why it refused this terminal)
            said_ja, said_en = f"（メッシュ: {mesh_message[0]}）", f" (the mesh says: {mesh_message[1]})"
        super().__init__(
            f"The mesh at {url} answered with an error (HTTP {status}){said_en}. The records stay queued; "
            "tell the IT staff if this continues.",
            message_ja=f"メッシュ（{url}）がエラーを返しました（HTTP {status}）{said_ja}。記録は端末に保存された"
            "ままです。続く場合は情報担当にお知らせください。",
        )

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mesh_url": self.url, "http_status": self.status}
        if self.body_code:
            out["mesh_code"] = self.body_code
        if self.retry_after is not None:
            out["retry_after"] = self.retry_after
        return out


class StorageUrlError(SyncError):
    code = "unsupported_db_url"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"Unsupported mesh database URL {url!r}: use sqlite:///PATH or "
            "postgresql://USER@HOST:PORT/DATABASE.",
            message_ja=f"メッシュのデータベースURL {url!r} には対応していません。sqlite:///パス または "
            "postgresql://ユーザー@ホスト:ポート/データベース を指定してください。",
        )


class StorageUnavailableError(SyncError):
    """The mesh's database cannot be reached (the mesh answers 503 with Retry-After)."""

    code = "mesh_db_unavailable"

    def __init__(self, backend: str) -> None:
        self.backend = backend
        super().__init__(
            f"The mesh's {backend} database cannot be reached. Retry later; if it continues, check "
            "the database server.",
            message_ja=f"メッシュの{backend}データベースに接続できません。しばらくしてから再度お試しください。"
            "続く場合はデータベースサーバーを確認してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"backend": self.backend}


class TerminalConfigError(SyncError):
    """terminal.json cannot be read, or a setting in it does not fit (sync.terminal)."""

    code = "terminal_config_invalid"

    def __init__(self, code: str, path: Path, field: str | None, message_en: str, message_ja: str) -> None:
        self.code, self.path, self.field = code, str(path), field
        super().__init__(message_en, message_ja=message_ja)

    @classmethod
    def unreadable(cls, path: Path) -> TerminalConfigError:
        return cls("terminal_config_unreadable", path, None,
                   f"The terminal file {path} cannot be read or is not a JSON object {{ … }}. Restore it from"
                   " the backup or correct it, then start again; keep terminal_id as it was (the mesh knows"
                   " this terminal by it).",
                   f"端末設定ファイル {path} が読めないか、{{ … }} の形の JSON ではありません。バックアップから"
                   "戻すか直してから、もう一度始めてください。terminal_id "
                   "は元のままにしてください（メッシュはこの端末をその名前で知っています）。")

    @classmethod
    def invalid(cls, path: Path, problem: Problem) -> TerminalConfigError:
        # lazy: sync.settings_file loads pydantic; only a refused terminal.json needs its words
        from sync.settings_file import message

        ja, en = message(str(path), problem,
                         "ファイルを直してから、もう一度始めてください。terminal_id "
                         "は元のままにしてください（メッシュはこの端末をその名前で知っています）。",
                         "Correct it in the file, then start again; keep terminal_id as it was (the mesh"
                         " knows this terminal by it).")
        return cls("terminal_config_invalid", path, problem.field, en, ja)

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.path}
        if self.field is not None:
            out["field"] = self.field
        return out


class IdentityFileInvalidError(KeyFileInvalidError):
    code = "terminal_key_invalid"

    def __init__(self, path: str) -> None:
        self.path = path
        SyncError.__init__(
            self,
            f"The terminal's signing key file {path} is damaged. Restore it from the backup, or "
            "have IT revoke this terminal and enrol it again.",
            message_ja=f"端末の署名鍵ファイル {path} が壊れています。バックアップから復元するか、"
            "情報担当に端末の失効と再登録を依頼してください。",
        )


class EnrolmentError(SyncError):
    """Enrolment or revocation refused; `http_status` is what the mesh API answers."""

    http_status = 400

    def __init__(self, code: str, message_en: str, message_ja: str, *, http_status: int = 400,
                 **details: Any) -> None:
        self.code, self.http_status, self._details = code, http_status, details
        super().__init__(message_en, message_ja=message_ja)

    def details(self) -> dict[str, Any]:
        return dict(self._details)


def enrolment_code_invalid(reason: str) -> EnrolmentError:
    """reason: `unknown`, `used` or `expired` (the code itself is never repeated)."""
    return EnrolmentError(
        "enrolment_code_invalid",
        f"The enrolment code cannot be used ({reason}). Codes work once and expire: ask IT for a new "
        "one (kazasu mesh enroll).",
        f"登録コードは使用できません（"
        f"{ {'unknown': '不明なコード', 'used': '使用済み', 'expired': '期限切れ'}.get(reason, reason) }）。"
        "コードは1回限りで有効期限があります。情報担当に新しいコードを依頼してください。",
        http_status=400, reason=reason)


def terminal_already_enrolled(terminal_id: str) -> EnrolmentError:
    return EnrolmentError(
        "terminal_already_enrolled",
        f"Terminal {terminal_id} is already enrolled with another key. Ask IT to revoke it first.",
        f"端末 {terminal_id} は別の鍵で登録済みです。情報担当に失効処理を依頼してください。",
        http_status=409, terminal_id=terminal_id)


def terminal_revoked(terminal_id: str) -> EnrolmentError:
    return EnrolmentError(
        "terminal_revoked",
        f"Terminal {terminal_id} has been revoked and cannot be enrolled again under this id. "
        "Set the terminal up with a new data folder.",
        f"端末 {terminal_id} は失効しているため、同じIDで再登録できません。新しいデータフォルダで設定してください。",
        http_status=409, terminal_id=terminal_id)


def terminal_not_found(terminal_id: str) -> EnrolmentError:
    return EnrolmentError(
        "terminal_not_found", f"No enrolled terminal {terminal_id} on this mesh. Check the id.",
        f"このメッシュに端末 {terminal_id} は登録されていません。IDを確認してください。",
        http_status=404, terminal_id=terminal_id)


def invalid_public_key(reason: str) -> EnrolmentError:
    return EnrolmentError(
        "invalid_public_key", f"The terminal's public key is not valid ({reason}).",
        f"端末の公開鍵が不正です（{reason}）。", http_status=400, reason=reason)


def invalid_service_name(service: str) -> EnrolmentError:
    return EnrolmentError(
        "invalid_service_name",
        "A pseudonym service name must be 1-64 of a-z, 0-9, '_' or '-' (e.g. shelter, library).",
        "仮名のサービス名は英小文字・数字・_・- の1〜64文字です（例: shelter, library）。",
        http_status=400, service=service[:64])


class KeyInvalidError(SyncError):
    """The at-rest key does not match the one this database was written with (its stored check value
    does not decrypt): a wrong key file, a bit-flipped one, or another terminal's. Nothing was written."""

    code = "key_invalid"

    def __init__(self, data_dir: str, store: str | None = None) -> None:
        self.data_dir, self.store = data_dir, store
        super().__init__(
            f"The encryption key of {data_dir} is not the key its records were written with (a wrong,"
            " damaged or replaced key). Nothing was written with it. Put back the terminal's original key"
            " (the sync.key backup or the keyring entry); do not delete the database. If no backup"
            " exists, tell the administrator before recording anything on this terminal.",
            message_ja=f"{data_dir} の暗号鍵が、記録を書いたときの鍵と一致しません（違う鍵・壊れた鍵・"
                       "差し替えられた鍵）。"
            "この鍵では何も書き込んでいません。端末の元の鍵（sync.key のバックアップかキーリングの項目）"
            "を戻してください。データベースは消さないでください。バックアップがない場合は、"
            "この端末で記録を始める前に管理者に連絡してください。",
        )

    def details(self) -> dict[str, Any]:
        return {"data_dir": self.data_dir, "key_store": self.store}


class DiskFullError(SyncError):
    """The data folder's disk (or the database's size limit) is full: the record was NOT written."""

    code = "disk_full"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"The disk of the data folder ({path}) is full: this record was NOT saved. Nothing already"
            " saved is lost. Free some space (remove old exports or files you copied there), then"
            " record it again; `kazasu doctor` shows the free space.",
            message_ja=f"データフォルダー（{path}）のディスクがいっぱいです。この記録は保存されていません。"
            "保存済みの記録は失われていません。不要なファイル（古い書き出しなど）を削除して空きを作ってから、"
            "もう一度記録してください。`kazasu doctor` で空き容量を確認できます。",
        )

    def details(self) -> dict[str, Any]:
        return {"path": self.path}


class DatabaseCorruptError(SyncError):
    """The terminal's database file is damaged (SQLite: malformed, or not a database at all)."""

    code = "database_corrupt"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"The terminal's database {path} is damaged and cannot be used. Do not delete it or record on"
            " this terminal: stop the kiosk, copy the data folder as it is for the administrator, and"
            " use another terminal meanwhile. Records already sent are safe on the mesh.",
            message_ja=f"端末のデータベース {path} が壊れていて使えません。削除したり、この端末で記録を続けたり"
            "しないでください。キオスクを止め、データフォルダーをそのまま管理者のために複製し、"
            "その間は別の端末を使ってください。送信済みの記録はメッシュに安全に残っています。",
        )

    def details(self) -> dict[str, Any]:
        return {"path": self.path}


_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CORRUPT, _SQLITE_NOTADB = 10, 13, 11, 26
NEARLY_FULL_BYTES = 1024 * 1024  # an I/O error with less free than this is a full disk


def storage_error(exc: BaseException, path: str) -> SyncError | None:
    """The typed error for a failure of the terminal's database or its folder: `disk_full` for a
    full disk (SQLite's SQLITE_FULL, ENOSPC/EDQUOT from the OS, or an SQLite I/O error while the
    folder's disk has next to no free space: SQLite says "disk I/O error" when its shared-memory file
    cannot grow), `database_corrupt` for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB); None for
    anything else (left as it is)."""
    if isinstance(exc, SyncError):
        return None
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path)
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc).lower()
        if primary == _SQLITE_FULL or "database or disk is full" in text:
            return DiskFullError(path)
        if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or \
                "file is not a database" in text:
            return DatabaseCorruptError(path)
        if primary == _SQLITE_IOERR or "disk i/o error" in text:
            try:
                if shutil.disk_usage(path).free < NEARLY_FULL_BYTES:
                    return DiskFullError(path)
            except OSError:
                pass
    return None


class TerminalRevokedHereError(SyncError):
    """The municipality revoked this terminal (a signed revocation arrived): it signs nothing more."""

    code = "terminal_revoked_here"

    def __init__(self, terminal_id: str) -> None:
        self.terminal_id = terminal_id
        super().__init__(f"This terminal ({terminal_id}) was revoked by the municipality: it records "
                         "nothing more. What it had queued stays on it; ask IT (kazasu queue export).",
                         message_ja=f"この端末（{terminal_id}）は自治体により失効されたため、記録できません。"
                         "送信待ちの記録は端末に残っています。情報担当に連絡してください（kazasu queue export）。")

    def details(self) -> dict[str, object]:
        return {"terminal_id": self.terminal_id}
