"""node.json: who this node is (its id, site), its upstream (the municipal mesh's URL and TLS pin) and
the municipality's publishing key pinned at its enrolment; and how it serves, as the set-up page wrote it
(sync.node.setup): `listen` (HOST:PORT), `db` (its database URL), `tls_cert`/`tls_key` (its own
certificate, whose pin the terminals record), each the default of `kazasu node serve`'s option.
Its signing key is `terminal.key` beside it (sync.signing.TerminalIdentity: the node signs its requests
upstream like a terminal).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sync.errors import SyncError

FILE_NAME = "node.json"


class NodeNotEnrolledError(SyncError):
    code = "node_not_enrolled"

    def __init__(self, data_dir: str) -> None:
        self.data_dir = data_dir
        super().__init__(f"This PC is not enrolled as a shelter node ({data_dir}). Ask IT for a node code "
                         "(kazasu mesh enroll --node) and run kazasu node enroll --code CODE --upstream URL.",
                         message_ja=f"このPCは避難所ノードとして登録されていません（{data_dir}）。情報担当に"
                         "ノード用のコード（kazasu mesh enroll --node）をもらい、kazasu node enroll --code "
                         "コード --upstream URL を実行してください。")

    def details(self) -> dict[str, Any]:
        return {"data_dir": self.data_dir}


@dataclass
class NodeConfig:
    node_id: str
    site: str
    upstream: str
    enrolled_at: str
    upstream_pin: str | None = None
    publisher_key: str | None = None
    # how `kazasu node serve` serves when no option says otherwise (written by sync.node.setup)
    listen: str | None = None
    db: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None

    @classmethod
    def load(cls, data_dir: Path | str) -> "NodeConfig":
        path = Path(data_dir) / FILE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            raise NodeNotEnrolledError(str(data_dir)) from None

    def save(self, data_dir: Path | str) -> None:
        path = Path(data_dir) / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
