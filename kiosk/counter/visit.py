"""The counter visit (書かない窓口) without Qt: fill, record, then print.

`submit_application` takes a person record (the BasicFour dict that `kazasu card read --json` prints)
and the answers to the form's asked fields. It fills the form, records one
`counter.application_submitted` event whose effect inserts the local application row in the same
transaction (a durable commit), and only after the commit renders the PDF into `<data>/print/`.
The event payload holds the form id and the filled values (the store encrypts it at rest), and on
the by-hand path the identity document staff saw (`identity_document`: its kind and that staff saw
it, kiosk.counter.identity; the PDF never shows it). The PDF's
file name is the event id: never a name. The PDF holds the person's name, kana and address as text:
`print/` is 0700 and each PDF 0600 from the moment it is made; once CUPS took it for printing it is
removed (kiosk.printing.print_submissions), and one never printed goes when its event's payload is
erased (the purge after acknowledgement and retention, a redaction: EventStore's attachments).

A visit may hold several procedures (`Visit`): one read fills all of them, an asked field with the
same id in several forms is asked once, and `submit_visit` records one event per form (each in its own
transaction with its row) before it renders any PDF. The My Number is read only when a chosen form
has a `card.my_number` field and a legal basis (`reads_my_number`), and is shown masked.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.messages import Bilingual
from sync.store import EventStore

logger = logging.getLogger(__name__)

EVENT_KIND = "counter.application_submitted"
DEFAULT_FORM = "juminhyo_request"
DEFAULT_STAFF = "counter"
APPLICATIONS_TABLE = "counter_applications"
PAYLOAD_SCHEMA = 1
CREATE_APPLICATIONS = (
    f"CREATE TABLE IF NOT EXISTS {APPLICATIONS_TABLE} (application_id TEXT PRIMARY KEY,"
    " form_id TEXT NOT NULL, status TEXT NOT NULL, submitted_at TEXT NOT NULL)")


class MissingAnswersError(KioskError):
    """The resident has not answered every asked field of the form."""

    code = "form_answers_missing"

    def __init__(self, fields: list[str]) -> None:
        self.fields = list(fields)
        super().__init__("まだ答えていない項目があります: " + "、".join(fields),
                         "Some asked fields have no answer: " + ", ".join(fields), fields=self.fields)


@dataclass(frozen=True)
class Submission:
    event_id: str
    form_id: str
    pdf: Path

    def to_dict(self) -> dict[str, str]:
        return {"event_id": self.event_id, "form": self.form_id, "pdf": str(self.pdf)}


def use_published_forms(data_dir: Path) -> None:
    """Forms the municipality published (verified, sync.published) replace the files of their id."""
    # lazy: the published store is read when a form is loaded
    from forms.registry import use_published
    from sync.published import PublishedForms

    use_published(PublishedForms(data_dir))


def open_store(data_dir: Path):
    """The terminal's event store in `data_dir` (kazasu.db)."""
    return EventStore(Path(data_dir) / "kazasu.db")


def preview(person: dict, answers: dict | None = None, form_id: str = DEFAULT_FORM):
    """The filled form for the screen: values, and which asked fields still lack an answer."""
    # lazy: the forms' modules load with the first form shown (see Visit)
    from forms.fill import fill_form
    from forms.registry import load_form

    return fill_form(load_form(form_id), person, answers or {})


MY_NUMBER_SOURCE = "card.my_number"
MASK = "＊"


def reads_my_number(form) -> bool:
    """A form may have the My Number read only if it declares a legal basis AND has a field for it."""
    return bool(form.reads_my_number) and any(f.source == MY_NUMBER_SOURCE for f in form.fields)


def mask_my_number(value: str) -> str:
    """All digits but the last four hidden (never shown in full on a screen)."""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return MASK * max(len(digits) - 4, 0) + digits[-4:] if digits else ""


class Visit:
    """The procedures chosen for one visit (form ids in the order chosen), filled from one read."""

    def __init__(self, form_ids: list[str]) -> None:
        if not form_ids:
            raise ValueError("a visit needs at least one form")
        # lazy: the forms' modules load with the first visit (or the counter desk), not with the store
        # this module opens at the kiosk's start (open_store)
        from forms.registry import load_form

        self.form_ids = list(dict.fromkeys(form_ids))
        self.forms = [load_form(fid) for fid in self.form_ids]

    @property
    def my_number_purpose(self) -> str | None:
        """The purpose stated to the card (the forms' legal bases: no personal data), or None."""
        bases = [f"{form.id}: {form.my_number_statement_ja}" for form in self.forms
                 if reads_my_number(form)]
        return " / ".join(bases) or None

    def sections(self) -> list[tuple[object, list]]:
        """(form, its asked fields not already asked for an earlier form of the visit)."""
        seen: set[str] = set()
        out = []
        for form in self.forms:
            fields = [f for f in form.asked_fields() if f.id not in seen]
            seen.update(f.id for f in fields)
            out.append((form, fields))
        return out

    @staticmethod
    def answers_for(form, answers: dict) -> dict:
        ids = {f.id for f in form.asked_fields()}
        return {k: v for k, v in (answers or {}).items() if k in ids}

    def fill(self, person: dict, answers: dict | None):
        """One FilledForm per chosen form, each with only its own answers."""
        from forms.fill import fill_form  # lazy: see __init__

        return [fill_form(form, person, self.answers_for(form, answers or {})) for form in self.forms]

    @staticmethod
    def problems(filled: list) -> tuple[list[str], list[dict]]:
        missing = list(dict.fromkeys(m for f in filled for m in f.missing))
        errors = [e for f in filled for e in f.errors]
        return missing, errors


# who is at the counter: when the card was read with its own PIN or 照合番号B, the person at the desk is
# the card holder, so these choices start at 本人 (the resident can still change them)
HOLDER_CHOICES = {"visitor": "self", "filer": "self"}


def desk_defaults(visit: Visit, person: dict) -> dict:
    """Answers the desk pre-sets for a person read from their card (none for the by-hand path)."""
    if person.get("read_from_card") is False:
        return {}
    out = {}
    for form in visit.forms:
        for f in form.asked_fields():
            value = HOLDER_CHOICES.get(f.id)
            options = {o.value for o in (f.input.options or ())} if f.input is not None else set()
            if value is not None and value in options:
                out[f.id] = value
    return out


def field_label(field) -> Bilingual:
    """A field's label for the screen: Japanese, English and its やさしい日本語 (the form's `easy`)."""
    return Bilingual(field.label_ja, field.label_en, easy=field.label_easy)


def display_rows(filled) -> list[tuple[object, str]]:
    """(field, display value) of every field with a value; the My Number masked."""
    rows = []
    for f in filled.form.fields:
        value = filled.values.get(f.id)
        if value:
            rows.append((f, mask_my_number(value) if f.source == MY_NUMBER_SOURCE else value))
    return rows


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
    filled = preview(person, answers, form_id)
    _refuse_incomplete([filled])
    event_id = _record(store, filled, site=site, terminal=terminal, staff=staff)
    return _render(filled, event_id, data_dir)


def submit_visit(store, *, person: dict, answers: dict | None, form_ids: list[str], data_dir: Path,
                 site: str, terminal: str, staff: str = DEFAULT_STAFF) -> list[Submission]:
    """Every form of the visit: all checked first (nothing written if one is incomplete), then one
    event per form, each in its own durable transaction with its row, then all the PDFs."""
    filled = Visit(form_ids).fill(person, answers)
    _refuse_incomplete(filled)
    document = person.get("identity_document")
    events = [_record(store, f, site=site, terminal=terminal, staff=staff, identity_document=document)
              for f in filled]
    # printing happens only after the durable commits: a crash leaves records, never a stray paper
    return [_render(f, event_id, data_dir) for f, event_id in zip(filled, events)]


def _refuse_incomplete(filled: list) -> None:
    missing, errors = Visit.problems(filled)
    if missing or errors:
        raise MissingAnswersError(missing + [e["field"] for e in errors])


def _record(store, filled, *, site: str, terminal: str, staff: str, identity_document: dict | None = None) -> str:
    form_id = filled.form.id
    application_id = uuid.uuid4().hex
    payload = {"schema": PAYLOAD_SCHEMA, "application_id": application_id, "form_id": form_id,
               "values": dict(filled.values)}
    if identity_document:   # the by-hand path: the document staff saw (kept in the event, never printed)
        payload["identity_document"] = dict(identity_document)
    event = store.append(EVENT_KIND, payload, site=site, terminal=terminal, staff=staff,
                         effect=_insert_application(application_id, form_id))
    logger.info("counter application recorded (event %s, form %s)", event.id, form_id)
    return event.id


def _render(filled, event_id: str, data_dir: Path) -> Submission:
    # lazy: reportlab loads with the first PDF, not with the kiosk (the counter renders after a submit)
    from forms.pdf import render_pdf

    print_dir = private_print_dir(data_dir)
    target = print_dir / f"{event_id}.pdf"
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # 0600 before any byte
    pdf = render_pdf(filled, target)
    os.chmod(pdf, 0o600)
    return Submission(event_id=event_id, form_id=filled.form.id, pdf=Path(pdf))


def private_print_dir(data_dir: Path) -> Path:
    """`<data>/print/`, made (or tightened) to 0700: what is in it is readable by the kiosk's user only."""
    folder = Path(data_dir) / "print"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)
    return folder
