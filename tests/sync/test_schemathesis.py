"""schemathesis against the mesh's published OpenAPI (`/openapi.json` of a real `kazasu mesh serve`, as
deployed: credentials required, signed events only).

For every operation it generates valid requests and invalid ones (wrong types, missing fields, values
out of range), bounded per operation, sends them over loopback AUTHENTICATED (every request to the
batch and the feed signed as an enrolled terminal of site `s`, statistics and exceptions with an
operator token; sync.request_auth, sync.mesh.operators) and requires: no server error (5xx), and every
error answer in the mesh's one error shape `{"error": {"code", "message_ja", "message_en"}}`.
Runs on both mesh databases; prints how many cases it sent and how many were answered 2xx. The live
stream route is left out (it answers a stream that never ends; tests/sync/test_live.py).
"""

from __future__ import annotations

import base64
import json
import random
import time

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from sync.events import Event
from sync.mesh.backends import open_storage
from sync.request_auth import (
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TERMINAL,
    HEADER_TIME,
    body_digest,
    new_nonce,
    request_signing_bytes,
)

from .credentials import enrolled_identity, operator_headers
from .processes import MeshServer

EXAMPLES = 40  # per operation and generation mode


@pytest.fixture
def served(mesh_db_url, tmp_path):
    server = MeshServer(mesh_db_url, tmp_path, demo=False)
    storage = open_storage(mesh_db_url)
    server.credentials = MeshAuth(enrolled_identity(storage, "s", "term-schemathesis"),
                                  operator_headers(storage, ["s"])["Authorization"])
    storage.close()
    yield server
    assert server.kill(15) == 0  # SIGTERM: the mesh survived the run and stops cleanly


class MeshAuth(requests.auth.AuthBase):
    """Signs each request as the terminal; statistics and exceptions get the operator's token."""

    OPERATOR_PATHS = ("/v1/stats", "/v1/exceptions")

    def __init__(self, identity, bearer: str) -> None:
        self.identity, self.bearer = identity, bearer

    def __call__(self, request):
        target = request.path_url
        if target.split("?")[0] in self.OPERATOR_PATHS:
            request.headers["Authorization"] = self.bearer
            return request
        body = request.body or b""
        body = body.encode("utf-8") if isinstance(body, str) else body
        stamp, nonce = int(time.time()), new_nonce()
        data = request_signing_bytes(request.method, target.encode("ascii"), self.identity.terminal_id,
                                     stamp, nonce, body_digest(body))
        request.headers[HEADER_TERMINAL] = self.identity.terminal_id
        request.headers[HEADER_TIME] = str(stamp)
        request.headers[HEADER_NONCE] = nonce
        request.headers[HEADER_SIGNATURE] = base64.b64encode(self.identity.private_key.sign(data)).decode()
        return request


def check_answer(label: str, case, response, problems: list[str]) -> None:
    where = f"{label}: {case.method} {case.formatted_path} -> {response.status_code}"
    if response.status_code >= 500:
        problems.append(f"{where} {response.text[:300]}")
    elif response.status_code >= 400:
        error = response.json().get("error") or {}
        if not (error.get("code") and error.get("message_ja") and error.get("message_en")):
            problems.append(f"{where} without the error shape: {response.text[:200]}")


def run_operation(operation, mode, base_url: str, session, run_seed: int, sent: dict[str, int],
                  problems: list[str]) -> None:
    """Send up to EXAMPLES generated cases of one operation in one generation mode."""
    label = f"{operation.method.upper()} {operation.path} {mode.value}"

    @seed(run_seed)
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def send(case):
        response = case.call(base_url=base_url, session=session, timeout=10)
        sent[label] = sent.get(label, 0) + 1
        if response.status_code < 300:
            sent["2xx"] = sent.get("2xx", 0) + 1
        check_answer(label, case, response, problems)

    try:
        send()
    except Unsatisfiable:
        # an operation with no parameters and no body has no invalid form (GET /v1/health)
        assert mode is GenerationMode.NEGATIVE, label
        sent.setdefault(label, 0)


def test_no_server_error_on_any_generated_request(served):
    schema = schemathesis.openapi.from_url(served.url + "/openapi.json")
    run_seed = random.randrange(1 << 30)
    print(f"schemathesis seed {run_seed}")
    sent: dict[str, int] = {}
    problems: list[str] = []
    spec = httpx.get(served.url + "/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"terminalSignature", "operatorToken"}
    with requests.Session() as session:
        session.auth = served.credentials
        for result in schema.get_all_operations():
            if result.ok().path.endswith("/stream"):
                continue  # a live stream never ends by itself: tests/sync/test_live.py
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                run_operation(result.ok(), mode, served.url, session, run_seed, sent, problems)
    answered = sent.pop("2xx", 0)
    total = sum(sent.values())
    print(f"schemathesis: {total} cases over {len(sent)} operation/mode pairs ({answered} answered"
          " 2xx): " + ", ".join(f"{label} {n}" for label, n in sent.items()))
    assert not problems, f"seed {run_seed}:\n" + "\n".join(problems[:20])
    assert len({label.rsplit(" ", 1)[0] for label in sent}) >= 5  # every route was exercised
    assert total >= 5 * EXAMPLES
    assert answered >= EXAMPLES  # the credentials worked: generated requests got past them


def raw_event(**fields) -> str:
    """One event of a batch as JSON text: with `fields` spliced in raw (escapes JSON allows)."""
    body = Event.create("shelter.checked_in", {"n": 1}, site="s", terminal="t", staff="x").to_dict()
    text = json.dumps({key: value for key, value in body.items() if key not in fields})
    return text[:-1] + "".join(f', "{key}": {value}' for key, value in fields.items()) + "}"


@pytest.mark.parametrize("fields, reason", [
    ({"payload": '{"name": "\\ud800"}'}, "payload must be valid JSON text"),
    ({"payload": '{"n": NaN}'}, "payload must be valid JSON text"),
    ({"staff": '"\\udfff"'}, "staff must be valid text"),
    ({"site": '"a\\u0000"'}, "site must be valid text"),
])
def test_unstorable_text_is_rejected_not_a_server_error(mesh, fields, reason):
    """What schemathesis and its follow-up probes found answering 500: each is now one rejected event
    of a batch whose other events are stored (SQLite and PostgreSQL)."""
    good = Event.create("shelter.checked_in", {"n": 2}, site="s", terminal="t", staff="x")
    body = '{"events": [' + raw_event(**fields) + ", " + json.dumps(good.to_dict()) + "]}"
    response = httpx.post(mesh.url + "/v1/events/batch", content=body,
                          headers={"content-type": "application/json"})
    assert response.status_code == 200
    bad, fine = response.json()["results"]
    assert bad["status"] == "rejected" and bad["reason"].startswith(reason)
    assert fine == {"id": good.id, "status": "accepted"}


@pytest.mark.parametrize("path", ["/v1/sites/a%00b/events", "/v1/sites/s/events?after=" + "9" * 30,
                                  "/v1/exceptions?site=a%00b"])
def test_unstorable_feed_query_is_invalid_request(mesh, path):
    response = httpx.get(mesh.url + path)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["message_ja"] and error["message_en"]
