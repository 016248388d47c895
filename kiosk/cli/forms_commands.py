"""`kazasu forms list` and `kazasu forms render FORM --person FILE --out FILE [--draft]`.

`render` takes the person record that `kazasu card read --json` prints, with an optional
`"answers": {field_id: value}` for the asked fields. Without --draft every required asked field must
be answered (and every answer valid), or the command fails with `form_answers_missing` listing the
field ids; with --draft the asked fields are left blank for a handwritten finish.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from forms.errors import FormError, MissingAnswersError
from kiosk.cli import context


class PersonFileError(FormError):
    code = "person_file_invalid"

    def __init__(self, problem_ja: str, problem_en: str, path: Path) -> None:
        super().__init__(f"本人情報ファイルを読めません: {problem_ja}",
                         f"Cannot use the person file: {problem_en}", file=str(path))


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    forms = subparsers.add_parser("forms", parents=[common], help="counter forms: list and print")
    actions = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="the installed form definitions")
    listing.set_defaults(handler=forms_list)
    render = actions.add_parser("render", parents=[common], help="fill a form and write a PDF")
    render.add_argument("form", metavar="FORM", help="form id, e.g. juminhyo_request")
    render.add_argument("--person", required=True, type=Path,
                        help="JSON person record (as `kazasu card read --json` prints) with answers")
    render.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    render.add_argument("--draft", action="store_true",
                        help="leave the asked fields blank, to be finished by hand")
    render.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="date of the request, YYYY-MM-DD (default: today)")
    render.set_defaults(handler=forms_render)


def use_published(args: argparse.Namespace) -> None:
    """The definitions the municipality published to this terminal (sync.published) count too."""
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from forms.registry import use_published as install
    from sync.published import PublishedForms

    install(PublishedForms(context.data_dir(args)))


def forms_list(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: loaded when this command runs, not at every start of `kazasu`
    from forms.registry import list_forms

    use_published(args)
    return {"forms": [{"id": f.id, "title_ja": f.title_ja, "title_en": f.title_en,
                       **({"version": f.version} if f.version is not None else {})}
                      for f in list_forms()]}


def read_person(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PersonFileError("ファイルがありません", "the file does not exist", path) from None
    except OSError as exc:
        raise PersonFileError("読み込めません", f"it cannot be read ({exc.strerror})", path) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise PersonFileError("JSON ではありません", "it is not UTF-8 JSON", path) from None
    if not isinstance(data, dict):
        raise PersonFileError("JSON のオブジェクトではありません", "it is not a JSON object", path)
    return data


def forms_render(args: argparse.Namespace) -> dict[str, Any]:
    # lazy: the PDF writer (reportlab, Pillow) loads only for this command
    from forms.fill import fill_form
    from forms.pdf import page_count, render_pdf
    from forms.registry import load_form

    use_published(args)
    form = load_form(args.form)
    filled = fill_form(form, read_person(args.person), today=args.today)
    if not args.draft and not filled.complete:
        raise MissingAnswersError(filled.missing, filled.errors, filled.required_because)
    out = render_pdf(filled, args.out, draft=args.draft)
    published = {"version": form.version} if form.version is not None else {}  # published definition
    return {"form": form.id, "out": str(Path(out).resolve()), "pages": page_count(out),
            "missing": filled.missing, **published}
