"""Opening the mesh's storage from a database URL: SQLite (sync.mesh.storage) or PostgreSQL
(sync.mesh.postgres). Both backends build on `MeshStorage` in sync.mesh.storage; this module is the
one place that knows them both."""

from __future__ import annotations

from sync.errors import StorageUrlError
from sync.mesh.storage import MeshStorage, SqliteMeshStorage


def open_storage(db_url: str) -> MeshStorage:
    """`sqlite:///relative.db`, `sqlite:////absolute/path.db` → SqliteMeshStorage;
    `postgresql://user@host:port/db` (or `postgres://`) → PostgresMeshStorage."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and len(db_url) > len(prefix):
        return SqliteMeshStorage(db_url[len(prefix):])
    if db_url.startswith(("postgresql://", "postgres://")):
        # lazy: psycopg is loaded only by a mesh on PostgreSQL (the kiosk's embedded mesh and the
        # command line's SQLite meshes never pay for it)
        from sync.mesh.postgres import PostgresMeshStorage

        return PostgresMeshStorage(db_url)
    raise StorageUrlError(db_url)
