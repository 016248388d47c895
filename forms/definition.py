"""The form definition model and its parser: one JSON file in, one checked `FormDefinition` out.

The file format is documented in docs/forms.md. Every check names the file and the field (or the
layout element) it is about, so a municipality adding a form learns exactly what to fix.
Coordinates are millimetres from the top-left corner of the page, y growing downwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from forms.checker import Checker as _Checker
from forms.sources import ASKED, is_known_source

FORMAT_VERSION = 1
PAGE_SIZES_MM = {"A4": (210.0, 297.0)}
INPUT_KINDS = ("choice", "number", "date", "short_text", "kana")
ELEMENT_TYPES = ("text", "box", "line", "cell")
FONTS = ("gothic", "gothic-bold", "mincho")
ALIGNS = ("left", "center", "right")
STYLES = ("text", "options", "digits")
MY_NUMBER_SOURCE = "card.my_number"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Option:
    value: str
    ja: str
    en: str
    easy: str | None = None   # やさしい日本語 for the resident's screen (None: the Japanese)


@dataclass(frozen=True)
class InputSpec:
    """How an asked field is answered and checked."""

    kind: str
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    script: str = "either"
    default: Any = None
    default_from: str | None = None


@dataclass(frozen=True)
class FieldBox:
    """Where and how a field's value is drawn."""

    x: float
    y: float
    w: float
    h: float
    size: float = 11.0
    min_size: float = 5.0
    wrap: bool = False
    align: str = "left"
    style: str = "text"
    columns: int = 0
    font: str = "gothic"
    options: tuple[str, ...] = ()
    groups: tuple[int, ...] = ()


@dataclass(frozen=True)
class RequiredIf:
    """`required_if`: the field must be answered when the choice field `field` has one of `values`."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class FieldDef:
    id: str
    label_ja: str
    label_en: str
    source: str
    required: bool
    specific_personal_information: bool
    box: FieldBox | None
    input: InputSpec | None = None
    confirm_with_resident: bool = False
    mask_on_screen: bool = False
    row_group: str | None = None
    row: int | None = None
    row_required: bool = False
    required_if: RequiredIf | None = None
    label_easy: str | None = None   # the label in やさしい日本語 (`"label": {..., "easy": ...}`)

    @property
    def asked(self) -> bool:
        return self.source == ASKED

    def option_labels(self) -> tuple[str, ...]:
        if self.input and self.input.options:
            return tuple(o.ja for o in self.input.options)
        return self.box.options if self.box else ()


@dataclass(frozen=True)
class FormDefinition:
    id: str
    title_ja: str
    title_en: str
    reads_my_number: bool
    my_number_statement_ja: str
    my_number_statement_en: str
    page_size: str
    page_mm: tuple[float, float]
    layout: tuple[dict, ...]
    fields: tuple[FieldDef, ...]
    file: str = ""
    extra: dict = field(default_factory=dict)
    version: int | None = None  # a definition the municipality published (None: a file's, shipped)

    def field(self, field_id: str) -> FieldDef:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def asked_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if f.asked]


def parse_definition(data: Any, file: str) -> FormDefinition:
    """Check and convert one definition (already decoded JSON) named `file` in errors."""
    c = _Checker(file)
    if not isinstance(data, dict):
        c.fail("the file must hold one JSON object")
    if data.get("format") != FORMAT_VERSION:
        c.fail(f"'format' must be {FORMAT_VERSION}")
    form_id = c.get(data, "id", str, None)
    if not ID_PATTERN.match(form_id):
        c.fail("'id' must be lower-case letters, digits and _")
    title_ja, title_en = c.text_pair(data, "title", None)
    my_number = c.get(data, "my_number", dict, None)
    reads = c.get(my_number, "reads", bool, "my_number")
    key = "legal_basis" if reads else "statement"
    statement_ja, statement_en = c.text_pair(my_number, key, "my_number")
    page = c.get(data, "page", dict, None)
    size = c.get(page, "size", str, "page")
    c.choice(size, tuple(PAGE_SIZES_MM), "page size", "page")
    c.choice(c.get(page, "orientation", str, "page", "portrait"), ("portrait",), "orientation", "page")
    page_mm = PAGE_SIZES_MM[size]
    layout = tuple(_element(c, e, i, page_mm) for i, e in
                   enumerate(c.get(data, "layout", list, None)))
    fields = tuple(expanded for i, f in enumerate(c.get(data, "fields", list, None))
                   for expanded in _repeat(c, f, _field(c, f, i, page_mm), page_mm))
    seen: set[str] = set()
    for f in fields:
        if f.id in seen:
            c.fail("duplicate field id", f.id)
        seen.add(f.id)
        if f.specific_personal_information and not reads:
            c.fail("a form that reads no My Number cannot have specific personal information", f.id)
        if f.source == MY_NUMBER_SOURCE and not (f.specific_personal_information and f.mask_on_screen):
            c.fail("the My Number field needs specific_personal_information and mask_on_screen", f.id)
    by_id = {f.id: f for f in fields}
    for f in fields:
        if f.required_if is not None:
            _check_required_if(c, f, by_id)
    return FormDefinition(form_id, title_ja, title_en, reads, statement_ja, statement_en, size,
                          page_mm, layout, fields, file)


def _element(c: _Checker, e: Any, index: int, page: tuple[float, float]) -> dict:
    where = f"layout[{index}]"
    kind = c.get(e, "type", str, where)
    c.choice(kind, ELEMENT_TYPES, "element type", where)
    num = (int, float)
    if kind == "line":
        for key in ("x1", "y1", "x2", "y2"):
            value = c.get(e, key, num, where)
            limit = page[0] if key.startswith("x") else page[1]
            if not 0 <= value <= limit:
                c.fail(f"'{key}' = {value} mm lies outside the page", where)
    elif kind == "text":
        x, y = c.get(e, "x", num, where), c.get(e, "y", num, where)
        if not (0 <= x <= page[0] and 0 <= y <= page[1]):
            c.fail(f"text position ({x}, {y}) mm lies outside the page", where)
        c.get(e, "text", str, where)
    else:
        c.rect(e, where, page)
        if kind == "cell":
            c.get(e, "text", str, where)
    c.choice(e.get("font", "gothic"), FONTS, "font", where)
    c.choice(e.get("align", "left"), ALIGNS, "align", where)
    if c.get(e, "size", num, where, 10) <= 0:
        c.fail("'size' must be positive", where)
    return dict(e)


def _field(c: _Checker, f: Any, index: int, page: tuple[float, float]) -> FieldDef:
    fid = c.get(f, "id", str, f"fields[{index}]")
    if not ID_PATTERN.match(fid):
        c.fail("field id must be lower-case letters, digits and _", fid)
    label_ja, label_en = c.text_pair(f, "label", fid)
    source = c.get(f, "source", str, fid)
    if not is_known_source(source):
        c.fail(f"unknown source '{source}'", fid)
    spi = c.get(f, "specific_personal_information", bool, fid)
    input_spec = _input(c, f.get("input"), fid) if source == ASKED else None
    if source != ASKED and "input" in f:
        c.fail("only asked fields have 'input'", fid)
    box = _box(c, f.get("box"), fid, page) if f.get("box") is not None else None
    if box and box.style == "options" and not (input_spec and input_spec.options) and not box.options:
        c.fail("an options box needs choice options or 'options' in the box", fid)
    required = c.get(f, "required", bool, fid, False)
    required_if = _required_if(c, f.get("required_if"), fid) if "required_if" in f else None
    if required_if is not None:
        if source != ASKED:
            c.fail("only asked fields can have 'required_if'", fid)
        if required:
            c.fail("'required_if' and 'required': true contradict each other (drop 'required')", fid)
        if "repeat" in f:
            c.fail("a repeated field cannot have 'required_if'", fid)
    return FieldDef(fid, label_ja, label_en, source, required, spi, box,
                    input_spec, c.get(f, "confirm_with_resident", bool, fid, False),
                    c.get(f, "mask_on_screen", bool, fid, False), required_if=required_if,
                    label_easy=c.easy(f["label"], fid))


def _required_if(c: _Checker, spec: Any, fid: str) -> RequiredIf:
    """`{"field": ID, "equals": VALUE}` or `{"field": ID, "in": [VALUE, ...]}`."""
    if not isinstance(spec, dict) or set(spec) - {"field", "equals", "in"}:
        c.fail("'required_if' must be {\"field\": ID, \"equals\": VALUE} or {\"field\": ID, \"in\": [VALUES]}",
               fid)
    other = c.get(spec, "field", str, fid)
    if ("equals" in spec) == ("in" in spec):
        c.fail("'required_if' needs exactly one of 'equals' and 'in'", fid)
    values = [c.get(spec, "equals", str, fid)] if "equals" in spec else c.get(spec, "in", list, fid)
    if not values or not all(isinstance(v, str) for v in values):
        c.fail("'required_if' values must be a non-empty list of option values", fid)
    return RequiredIf(other, tuple(values))


def _check_required_if(c: _Checker, f: FieldDef, by_id: dict[str, FieldDef]) -> None:
    rule = f.required_if
    assert rule is not None
    other = by_id.get(rule.field)
    if other is None:
        c.fail(f"'required_if' names the field '{rule.field}', which this form does not have", f.id)
    if other.id == f.id:
        c.fail("'required_if' cannot name the field itself", f.id)
    if not (other.asked and other.input and other.input.kind == "choice") or other.row_group:
        c.fail(f"'required_if' must name an asked, non-repeated choice field ('{rule.field}' is not one)", f.id)
    known = {o.value for o in other.input.options}
    for value in rule.values:
        if value not in known:
            c.fail(f"'required_if' value '{value}' is not an option of '{rule.field}' "
                   f"(options: {', '.join(sorted(known))})", f.id)


def _repeat(c: _Checker, raw: dict, f: FieldDef, page: tuple[float, float]) -> list[FieldDef]:
    """A field with `repeat` becomes one field per row: `<id>_<n>`, its box moved down `dy` mm."""
    spec = raw.get("repeat")
    if spec is None:
        return [f]
    if not f.asked:
        c.fail("only asked fields can repeat", f.id)
    group = c.get(spec, "group", str, f.id)
    count, first = c.get(spec, "count", int, f.id), c.get(spec, "first", int, f.id, 1)
    min_rows = c.get(spec, "min_rows", int, f.id, 0)
    dy = c.get(spec, "dy", (int, float), f.id)
    if count < 1 or first < 1 or (f.box is not None and dy <= 0):
        c.fail("repeat needs count >= 1, first >= 1 and dy > 0", f.id)
    rows = []
    for n in range(first, first + count):
        box = f.box
        if box is not None:
            box = replace(box, y=box.y + (n - first) * dy)
            c.rect({"x": box.x, "y": box.y, "w": box.w, "h": box.h}, f"{f.id}_{n}", page)
        rows.append(replace(f, id=f"{f.id}_{n}", label_ja=f"{f.label_ja}（{n}）",
                            label_en=f"{f.label_en} ({n})",
                            label_easy=f"{f.label_easy}（{n}）" if f.label_easy else None,
                            box=box, row_group=group, row=n,
                            row_required=n < first + min_rows))
    return rows


def _input(c: _Checker, spec: Any, fid: str) -> InputSpec:
    if not isinstance(spec, dict):
        c.fail("an asked field needs an 'input' object", fid)
    kind = c.get(spec, "kind", str, fid)
    c.choice(kind, INPUT_KINDS, "input kind", fid)
    options: tuple[Option, ...] = ()
    lo = hi = max_length = None
    if kind == "choice":
        raw = c.get(spec, "options", list, fid)
        if not raw:
            c.fail("a choice needs at least one option", fid)
        options = tuple(Option(c.get(o, "value", str, fid), *c.text_pair({"l": o}, "l", fid), c.easy(o, fid))
                        for o in raw)
        if len({o.value for o in options}) != len(options):
            c.fail("option values must be unique", fid)
    elif kind == "number":
        lo, hi = c.get(spec, "min", int, fid), c.get(spec, "max", int, fid)
        if lo > hi:
            c.fail("'min' is greater than 'max'", fid)
    elif kind in ("short_text", "kana"):
        max_length = c.get(spec, "max_length", int, fid)
        if max_length <= 0:
            c.fail("'max_length' must be positive", fid)
    pattern = c.get(spec, "pattern", str, fid, None)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            c.fail(f"'pattern' is not a valid regular expression ({exc})", fid)
    script = c.get(spec, "script", str, fid, "either")
    c.choice(script, ("hiragana", "katakana", "either"), "kana script", fid)
    default_from = c.get(spec, "default_from", str, fid, None)
    if default_from is not None and (default_from == ASKED or not is_known_source(default_from)):
        c.fail(f"unknown default_from source '{default_from}'", fid)
    default = spec.get("default")
    if default is not None and kind == "choice" and default not in {o.value for o in options}:
        c.fail(f"default '{default}' is not one of the option values", fid)
    return InputSpec(kind, options, lo, hi, max_length, pattern, script, default, default_from)


def _box(c: _Checker, box: Any, fid: str, page: tuple[float, float]) -> FieldBox:
    x, y, w, h = c.rect(box, fid, page)
    num = (int, float)
    size = c.get(box, "size", num, fid, 11.0)
    min_size = c.get(box, "min_size", num, fid, min(5.0, size))
    if not 0 < min_size <= size:
        c.fail("need 0 < min_size <= size", fid)
    style = c.get(box, "style", str, fid, "text")
    c.choice(style, STYLES, "box style", fid)
    align = c.get(box, "align", str, fid, "left")
    c.choice(align, ALIGNS, "align", fid)
    font = c.get(box, "font", str, fid, "gothic")
    c.choice(font, FONTS, "font", fid)
    options = tuple(c.get(box, "options", list, fid, []))
    if not all(isinstance(o, str) for o in options):
        c.fail("box 'options' must be strings", fid)
    groups = tuple(c.get(box, "groups", list, fid, []))
    if style == "digits" and not (groups and all(isinstance(g, int) and g > 0 for g in groups)):
        c.fail("a digits box needs 'groups', e.g. [4, 4, 4]", fid)
    return FieldBox(x, y, w, h, size, min_size, c.get(box, "wrap", bool, fid, False), align, style,
                    c.get(box, "columns", int, fid, 0), font, options, groups)
