"""The name of a site as residents know it (「架空市立第一小学校」), shown on its pre-registration page.

`set_site_name(storage, site, name)` keeps it (`mesh_site_names`: `kazasu mesh site-name`, or a shelter
node's `node serve --site-name`); `site_name(storage, site)` gives it, "" when none was set (the page
then names the site by its id). A name is one line of storable text, at most `MAX_NAME` characters.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sync.errors import SyncError
from sync.events import storable_text
from sync.mesh.storage import MeshStorage

MAX_NAME = 80


class SiteNameInvalidError(SyncError):
    code = "site_name_invalid"
    message_en = f"A site name is one line of text, 1 to {MAX_NAME} characters."
    message_ja = f"拠点の名前は1行、1〜{MAX_NAME}文字で指定してください。"


def clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name or len(name) > MAX_NAME or not storable_text(name):
        raise SiteNameInvalidError()
    return name


def set_site_name(storage: MeshStorage, site: str, name: str) -> dict[str, str]:
    name = clean_name(name)
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with storage.transaction() as tx:
        tx.run("INSERT INTO mesh_site_names (site, name, updated_at) VALUES (?, ?, ?)"
               " ON CONFLICT (site) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
               [site, name, when])
    return {"site": site, "name": name, "updated_at": when}


def site_name(storage: MeshStorage, site: str) -> str:
    with storage.transaction() as tx:
        row = tx.one("SELECT name FROM mesh_site_names WHERE site = ?", [site])
    return row[0] if row else ""
