"""The resident's pre-registration page, served by the mesh with no account (docs/shelter.md).

`GET /prereg/{site}/` (a shelter household) and `GET /prereg/{site}/counter/` (a counter visit) answer
the self-contained page of `sync.prereg.page`, and `…/sw.js` its service worker. The page holds no
personal data, only the site's id, its name (`mesh_site_names`, sync.mesh.site_names: `kazasu mesh
site-name`) and the PUBLIC half of its `prereg` key (made when the site's first terminal enrolled; a
shelter node serves its site's page with the key it was given at its enrolment): a site without one
is 404, so the routes make nothing and reveal only that a site has enrolled terminals. Nothing the
resident types is ever sent here.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sync.events import storable_text
from sync.mesh import registry
from sync.mesh.site_names import site_name
from sync.mesh.storage import MeshStorage
from sync.prereg.page import HEADERS, build_page, service_worker
from sync.prereg.seal import SERVICE, site_private_key

NOT_FOUND = {"error": {"code": "not_found", "message_en": "No pre-registration page for this site.",
                       "message_ja": "この拠点の事前登録ページはありません。"}}


def prereg_routes(app: FastAPI, storage: MeshStorage) -> None:
    def site_key(site: str):
        """(the site's public key, its name), or None for a site without a key."""
        if not storable_text(site) or len(site.encode("utf-8")) > 64:
            return None
        key = registry.site_service_key(storage, site, SERVICE)
        return None if key is None else (site_private_key(key).public_key(), site_name(storage, site))

    async def page(site: str, desk: str) -> Response:
        found = await run_in_threadpool(site_key, site)
        if found is None:
            return JSONResponse(NOT_FOUND, status_code=404)
        public, name = found
        html = await run_in_threadpool(build_page, site, public, desk=desk, site_name=name)
        return HTMLResponse(html, headers=HEADERS)

    def worker() -> Response:
        return Response(service_worker(), media_type="text/javascript",
                        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})

    @app.get("/prereg/{site}", include_in_schema=False)
    async def to_page(site: str) -> Response:
        # quoted: a site id such as \\host (two backslashes) must not redirect to another host
        return RedirectResponse(f"{quote(site, safe='')}/", status_code=308)

    @app.get("/prereg/{site}/", include_in_schema=False)
    async def shelter_page(site: str) -> Response:
        """The shelter's pre-registration page (a household)."""
        return await page(site, "shelter")

    @app.get("/prereg/{site}/counter/", include_in_schema=False)
    async def counter_page(site: str) -> Response:
        """The counter's pre-registration page (the procedures of a visit)."""
        return await page(site, "counter")

    @app.get("/prereg/{site}/sw.js", include_in_schema=False)
    @app.get("/prereg/{site}/counter/sw.js", include_in_schema=False)
    async def sw(site: str) -> Response:
        return worker()
