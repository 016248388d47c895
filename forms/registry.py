"""The shipped form definitions (`forms/definitions/*.json`) and any in KAZASU_FORM_DIRS.

Adding a municipality's form is adding a JSON file: either here, or in a folder listed in the
KAZASU_FORM_DIRS environment variable (separated by the platform's path separator). A file there
with the same id replaces the shipped one, so a municipality can print its own variant.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from forms.definition import ID_PATTERN, FormDefinition, parse_definition
from forms.errors import FormDefinitionError, UnknownFormError

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


def definition_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("KAZASU_FORM_DIRS", "").split(os.pathsep) if p]
    return [DEFINITIONS_DIR, *extra]


def load_definition_file(path: Path) -> FormDefinition:
    """Read, check and return one definition file; errors name the file and the field."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormDefinitionError(path.name, f"cannot be read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise FormDefinitionError(path.name, f"is not valid JSON (line {exc.lineno}: {exc.msg})") \
            from exc
    form = parse_definition(data, path.name)
    if form.id != path.stem:
        raise FormDefinitionError(path.name, f"the id '{form.id}' must match the file name")
    return form


def _load_all(dirs: list[Path] | None = None) -> dict[str, FormDefinition]:
    forms: dict[str, FormDefinition] = {}
    for folder in dirs if dirs is not None else definition_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                form = load_definition_file(path)
                forms[form.id] = form
    return forms


def list_forms(dirs: list[Path] | None = None) -> list[FormDefinition]:
    """Every definition, checked, sorted by id. One broken file is an error, never skipped."""
    return [form for _, form in sorted(_load_all(dirs).items())]


def load_form(form_id: str, dirs: list[Path] | None = None) -> FormDefinition:
    """The definition with id `form_id` (the last folder that has it wins)."""
    if not ID_PATTERN.match(form_id):
        raise UnknownFormError(form_id)
    for folder in reversed(dirs if dirs is not None else definition_dirs()):
        path = folder / f"{form_id}.json"
        if path.is_file():
            return load_definition_file(path)
    raise UnknownFormError(form_id)
