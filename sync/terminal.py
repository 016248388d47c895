"""TerminalConfig: who this terminal is (terminal id, site) and where its mesh is, in terminal.json.

`retention_days` (default 30): how long personal payloads stay on the terminal after the mesh has
acknowledged them (EventStore.purge). `mesh_pin`: the pin of the mesh's TLS key (hex of the SHA-256 of
its public key, at least 128 bits), taken from the enrolment code (sync.transport); None: not pinned.

The terminal id is generated once, on first use, and never changes. `save()` writes atomically.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

CONFIG_FILE_NAME = "terminal.json"


@dataclass
class TerminalConfig:
    data_dir: Path
    terminal_id: str
    site: str | None = None
    mesh_url: str | None = None
    retention_days: int = 30
    mesh_pin: str | None = None

    @classmethod
    def load(cls, data_dir: Path | str) -> "TerminalConfig":
        """Read terminal.json, creating it with a new terminal id on first use."""
        data_dir = Path(data_dir)
        path = data_dir / CONFIG_FILE_NAME
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(data_dir=data_dir, terminal_id=data["terminal_id"], site=data.get("site"),
                       mesh_url=data.get("mesh_url"), retention_days=data.get("retention_days", 30),
                       mesh_pin=data.get("mesh_pin"))
        config = cls(data_dir=data_dir, terminal_id=f"term-{secrets.token_hex(6)}")
        config.save()
        return config

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {k: v for k, v in asdict(self).items() if k != "data_dir"}
        path = self.data_dir / CONFIG_FILE_NAME
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)
