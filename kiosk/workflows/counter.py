"""The counter visit (書かない窓口) without Qt: fill, record, then print.

`submit_application` takes a person record (the BasicFour dict that `kazasu card read --json` prints)
and the answers to the form's asked fields. It fills the form, records one
`counter.application_submitted` event whose effect inserts the local application row in the same
transaction (a durable commit), and only after the commit renders the PDF into `<data>/print/`.
The event payload holds the form id and the filled values (the store encrypts it at rest). The PDF's
file name is the event id: never a name.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

EVENT_KIND = "counter.application_submitted"
DEFAULT_FORM = "juminhyo_request"
DEFAULT_STAFF = "counter"
APPLICATIONS_TABLE = "counter_applications"
PAYLOAD_SCHEMA = 1
CREATE_APPLICATIONS = (
    f"CREATE TABLE IF NOT EXISTS {APPLICATIONS_TABLE} (application_id TEXT PRIMARY KEY,"
    " form_id TEXT NOT NULL, status TEXT NOT NULL, submitted_at TEXT NOT NULL)")


class MissingAnswersError(Exception):
    """The resident has not answered every asked field of the form."""

    code = "form_answers_missing"

    def __init__(self, fields: list[str]) -> None:
        super().__init__(f"missing answers: {', '.join(fields)}")
        self.fields = list(fields)
        self.message_ja = "まだ答えていない項目があります: " + "、".join(fields)
        self.message_en = "Some asked fields have no answer: " + ", ".join(fields)

    def details(self) -> dict[str, Any]:
        return {"fields": self.fields}


@dataclass(frozen=True)
class Submission:
    event_id: str
    form_id: str
    pdf: Path

    def to_dict(self) -> dict[str, str]:
        return {"event_id": self.event_id, "form": self.form_id, "pdf": str(self.pdf)}


def open_store(data_dir: Path):
    """The terminal's event store in `data_dir` (kazasu.db)."""
    from sync.store import EventStore

    return EventStore(Path(data_dir) / "kazasu.db")


def preview(person: dict, answers: dict | None = None, form_id: str = DEFAULT_FORM):
    """The filled form for the screen: values, and which asked fields still lack an answer."""
    from forms.fill import fill_form
    from forms.registry import load_form

    return fill_form(load_form(form_id), person, answers or {})


def _insert_application(application_id: str, form_id: str):
    """The effect of the event on local state: one row, no personal fields (those live, encrypted,
    in the event payload, which carries the same application id)."""
    def effect(db) -> None:
        db.execute(CREATE_APPLICATIONS)
        db.execute(f"INSERT INTO {APPLICATIONS_TABLE} (application_id, form_id, status, submitted_at)"
                   " VALUES (?, ?, 'submitted', ?)",
                   [application_id, form_id,
                    dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")])
    return effect


def submit_application(store, *, person: dict, answers: dict | None, data_dir: Path,
                       site: str, terminal: str, staff: str = DEFAULT_STAFF,
                       form_id: str = DEFAULT_FORM) -> Submission:
    """Fill, record (event + local row in one transaction), then render the PDF; return both."""
    from forms.pdf import render_pdf

    filled = preview(person, answers, form_id)
    if filled.missing or filled.errors:
        raise MissingAnswersError(list(filled.missing) + [e["field"] for e in filled.errors])
    application_id = uuid.uuid4().hex
    payload = {"schema": PAYLOAD_SCHEMA, "application_id": application_id, "form_id": form_id,
               "values": dict(filled.values)}
    event = store.append(EVENT_KIND, payload, site=site, terminal=terminal, staff=staff,
                         effect=_insert_application(application_id, form_id))
    # printing happens only after the durable commit: a crash now leaves a record, never a stray paper
    print_dir = Path(data_dir) / "print"
    print_dir.mkdir(parents=True, exist_ok=True)
    pdf = render_pdf(filled, print_dir / f"{event.id}.pdf")
    logger.info("counter application recorded (event %s, form %s)", event.id, form_id)
    return Submission(event_id=event.id, form_id=form_id, pdf=Path(pdf))
