"""TerminalConfig: who this terminal is (terminal id, site) and where its mesh is, in terminal.json.

`retention_days` (default 30): how long personal payloads stay on the terminal after the mesh has
acknowledged them (EventStore.purge). `mesh_pin`: the pin of the mesh's TLS key (hex of the SHA-256 of
its public key, at least 128 bits), taken from the enrolment code (sync.transport); None: not pinned.
`publisher_key`: the municipality's publishing key (sync.publications), from the enrolment answer;
`via_node`: the shelter node it was enrolled through (its kiosk then syncs every second, on the LAN).
`pins`: the pin of each upstream's TLS key by address (origin_of → pin), recorded with
`kazasu terminal pin`; a connection to a pinned address refuses any other key.

The file is a pydantic model, checked when it is read and whenever a value is set: a file that does
not fit raises `TerminalConfigError` naming the setting and what to do (sync.settings_file). The
terminal id is generated once, on first use, and never changes. `save()` writes atomically.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sync.errors import TerminalConfigError
from sync.events import MAX_TEXT
from sync.settings_file import first_problem, read_object, rule

CONFIG_FILE_NAME = "terminal.json"

# the terminal id and the site go into every event: the same text rules as there (sync.events)
Name = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, strict=True)]


class TerminalConfig(BaseModel):
    """terminal.json of the data folder `data_dir` (which is not itself in the file)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    data_dir: Path = Field(exclude=True)
    terminal_id: Name
    site: Name | None = None
    mesh_url: str | None = Field(None, strict=True)
    retention_days: int = Field(30, ge=0, strict=True)
    mesh_pin: str | None = Field(None, pattern=r"^[0-9a-f]{32,64}$", strict=True)   # sync.transport
    # the municipality's publishing key (sync.publications), pinned at enrolment
    publisher_key: str | None = Field(None, pattern=r"^[A-Za-z0-9+/]{43}=$", strict=True)
    # the shelter node this terminal was enrolled through (sync.node), None: the municipal mesh
    via_node: Name | None = None
    # per upstream: address (scheme://host:port) -> pin of its TLS key (origin_of)
    pins: dict[str, Annotated[str, Field(pattern=r"^[0-9a-f]{32,64}$", strict=True)]] = Field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise TerminalConfigError.invalid(self.data_dir / CONFIG_FILE_NAME, first_problem(exc)) from None

    @field_validator("terminal_id", "site")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or "\x00" in value):
            raise rule("空白だけや制御文字（NUL）は使えません", "it must not be blank or hold a NUL character")
        return value

    @field_validator("mesh_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not is_web_address(value):
            raise rule("役所サーバのアドレスは https://… の形で書きます", "the mesh address is written https://…")
        return value

    @field_validator("pins")
    @classmethod
    def _addresses(cls, value: dict[str, str]) -> dict[str, str]:
        for address in value:
            try:
                if origin_of(address) != address:
                    raise ValueError(address)
            except ValueError:
                raise rule("ピンの宛先は https://ホスト:ポート の形で書きます",
                           "a pin's address is written https://host:port") from None
        return value

    def pin_for(self, url: str) -> str | None:
        """The pin recorded for `url`'s address, else None."""
        try:
            return self.pins.get(origin_of(url))
        except ValueError:
            return None

    @classmethod
    def load(cls, data_dir: Path | str) -> TerminalConfig:
        """Read terminal.json, creating it with a new terminal id on first use."""
        data_dir = Path(data_dir)
        path = data_dir / CONFIG_FILE_NAME
        if path.exists():
            try:
                data = read_object(path)
            except (OSError, ValueError):
                raise TerminalConfigError.unreadable(path) from None
            return cls.from_file(data, data_dir, path)
        config = cls(data_dir=data_dir, terminal_id=f"term-{secrets.token_hex(6)}")
        config.save()
        return config

    @classmethod
    def from_file(cls, data: dict[str, Any], data_dir: Path, path: Path) -> TerminalConfig:
        """The settings of a terminal.json already read (`data`), checked."""
        try:
            return cls.model_validate({**data, "data_dir": data_dir})
        except ValidationError as exc:
            raise TerminalConfigError.invalid(path, first_problem(exc)) from None

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / CONFIG_FILE_NAME
        tmp = path.with_name(path.name + ".tmp")
        data = self.model_dump()
        for pinned in ("mesh_pin", "publisher_key", "via_node"):
            if data.get(pinned) is None:
                del data[pinned]   # written only once enrolment pinned the key
        if not data.get("pins"):
            data.pop("pins", None)   # written only once a pin was recorded
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def origin_of(url: str) -> str:
    """The address a pin belongs to: scheme://host:port in lower case (the port always written)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not a web address: {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname.lower()
    return f"{parts.scheme}://{f'[{host}]' if ':' in host else host}:{port}"


def is_loopback_host(host: str | None) -> bool:
    """localhost or a loopback address (where a mesh may be reached over plain http)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_web_address(url: str) -> bool:
    """http:// or https:// with a host (what the mesh client can reach)."""
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)
