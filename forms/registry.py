"""The shipped form definitions (`forms/definitions/*.json`), any in KAZASU_FORM_DIRS, and those the
municipality published.

Adding a municipality's form is adding a JSON file: either here, or in a folder listed in the
KAZASU_FORM_DIRS environment variable (separated by the platform's path separator). A file there
with the same id replaces the shipped one, so a municipality can print its own variant.

Published definitions come through a `PublishedForms` source installed with `use_published(source)`
(the kiosk and the command line install the terminal's, sync.published.PublishedForms: verified with
the municipality's key). For each form id the newest published version that is a valid definition of
that id wins over the files and carries its `version`; one that does not parse is skipped (logged), so
a bad definition never replaces a good one.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from forms.errors import FormDefinitionError, UnknownFormError

if TYPE_CHECKING:
    from forms.definition import FormDefinition

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
logger = logging.getLogger(__name__)


class PublishedForms(Protocol):
    def form_ids(self) -> list[str]:
        """The ids of the forms published."""

    def candidates(self, form_id: str) -> Iterable[tuple[int, Any]]:
        """(version, definition as decoded JSON) of `form_id`, newest version first."""


_published: PublishedForms | None = None


def use_published(source: PublishedForms | None) -> None:
    """Install the source of published definitions (None: files only)."""
    global _published
    _published = source


def newest_published(form_id: str, source: PublishedForms | None = None) -> FormDefinition | None:
    """The newest published definition of `form_id` that is valid, with its version; None: none."""
    source = source if source is not None else _published
    if source is None:
        return None
    # lazy: the definition's checks load with the first form read, not with use_published (which the
    # kiosk calls at its start, before any form is shown)
    from forms.definition import parse_definition

    for version, data in source.candidates(form_id):
        try:
            form = parse_definition(data, f"{form_id} (published version {version})")
        except FormDefinitionError as exc:
            logger.warning("published definition %s version %s skipped: %s", form_id, version,
                           exc.message_en)
            continue
        if form.id == form_id:
            return dataclasses.replace(form, version=version)
        logger.warning("published definition %s version %s skipped: its id is %s", form_id, version, form.id)
    return None


def definition_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("KAZASU_FORM_DIRS", "").split(os.pathsep) if p]
    return [DEFINITIONS_DIR, *extra]


def load_definition_file(path: Path) -> FormDefinition:
    """Read, check and return one definition file; errors name the file and the field."""
    # lazy: as in newest_published
    from forms.definition import parse_definition

    path = Path(path)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        kept = _parsed.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1]   # the counter opens a visit per resident: the file is read once
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError(path.name, f"cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise FormDefinitionError(path.name, f"is not valid JSON (line {exc.lineno}: {exc.msg})") \
            from exc
    form = parse_definition(data, path.name)
    if form.id != path.stem:
        raise FormDefinitionError(path.name, f"the id '{form.id}' must match the file name")
    _parsed[path] = (stamp, form)
    return form


# path → ((mtime, size, inode) when read, the checked definition): a FormDefinition is frozen, so one
# parsed file is shared until the file changes
_parsed: dict[Path, tuple[tuple[int, int, int], FormDefinition]] = {}


def _load_all(dirs: list[Path] | None = None) -> dict[str, FormDefinition]:
    forms: dict[str, FormDefinition] = {}
    for folder in dirs if dirs is not None else definition_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                form = load_definition_file(path)
                forms[form.id] = form
    return forms


def list_forms(dirs: list[Path] | None = None) -> list[FormDefinition]:
    """Every definition, checked, sorted by id (a published one replaces the file of its id). One
    broken file is an error, never skipped."""
    forms = _load_all(dirs)
    if _published is not None and dirs is None:
        for form_id in _published.form_ids():
            published = newest_published(form_id)
            if published is not None:
                forms[form_id] = published
    return [form for _, form in sorted(forms.items())]


def load_form(form_id: str, dirs: list[Path] | None = None) -> FormDefinition:
    """The definition with id `form_id` (the last folder that has it wins)."""
    # lazy: as in newest_published
    from forms.definition import ID_PATTERN

    if not ID_PATTERN.match(form_id):
        raise UnknownFormError(form_id)
    published = newest_published(form_id) if dirs is None else None
    if published is not None:
        return published
    for folder in reversed(dirs if dirs is not None else definition_dirs()):
        path = folder / f"{form_id}.json"
        if path.is_file():
            return load_definition_file(path)
    raise UnknownFormError(form_id)
