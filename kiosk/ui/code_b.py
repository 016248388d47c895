"""The no-PIN path: 照合番号B, typed by staff from the card face.

Three numeric fields (the birth date exactly as printed, YYMMDD; the expiry year, 4 digits; the
4-digit security code) and one big keypad that types into the field in focus (a tap on a field
selects it; a full field moves on to the next). The tries left are shown before the first digit.
The digits live only in this widget until they are handed to the card worker, and are cleared right
after; they are never logged or shown anywhere else.

「カメラで読む」 (shown when `kiosk.ui.camera` has a source) turns the screen to the camera page
(kiosk.ui.code_b_camera): the card front in a guide frame, read by the card-face reader. The parts it
read come back into the three fields for the resident to compare with the card and correct; a part the
reader is unsure of has a dashed border. Nothing is sent before 「読み取る」. No camera, or a failed
read: the number pad, with what was read, and 「数字を入力する」 leaves the camera at any moment."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui import theme
from kiosk.ui.camera import FrameSource, camera_available, camera_source
from kiosk.ui.code_b_camera import CameraPage
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import banner, key_size, narrow_lines, release, row_layout
from kiosk.ui.pin_pad import KEY_ROWS

FIELDS = (("birth", "codeb.birth", 6), ("expiry", "codeb.expiry", 4), ("security", "codeb.security", 4))


class CodeBScreen(QWidget):
    submitted = Signal(str, str, str, bool)  # birth YYMMDD, expiry year, security code, allow last try
    manual = Signal()
    camera_open = Signal(bool)  # the camera's page came (True) or went: it has its own ways on

    def __init__(self, parent: QWidget | None = None, camera: Callable[[], FrameSource | None] = camera_source,
                 has_camera: Callable[[], bool] = camera_available) -> None:
        super().__init__(parent)
        self.setObjectName("code_b_screen")
        self.tries_left: int | None = None
        self._busy = False
        self._no_pin = False
        self._camera, self._has_camera = camera, has_camera
        self.pages = QStackedLayout(self)
        self.typed_page = QWidget()
        self.typed_page.setObjectName("code_b_typed")
        self.camera_page = CameraPage()
        self.camera_page.done.connect(self._camera_read)
        self.camera_page.typed.connect(self._camera_gave_up)
        self.pages.addWidget(self.typed_page)
        self.pages.addWidget(self.camera_page)
        self.pages.currentChanged.connect(
            lambda index: self.camera_open.emit(self.pages.widget(index) is self.camera_page))
        outer = row_layout(self.typed_page)   # the pad under the fields at a large text scale
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(label(text("codeb.title"), "heading", en_pt=13))
        self.note = label(None, "warning")
        self.note.setObjectName("code_b_note")
        self.note.setVisible(False)
        left.addWidget(self.note)
        self.hint = label(text("codeb.hint"), "hint", en_pt=12)
        left.addWidget(self.hint)
        self.tries_label = label(None, "subtitle")
        self.tries_label.setObjectName("code_b_tries")
        left.addWidget(self.tries_label)
        self.message = label(None, "error")
        self.message.setObjectName("code_b_message")
        self.message.setVisible(False)
        left.addWidget(self.message)
        self.camera_note = label(None, "hint")   # in the hint's place and size: the screen keeps its height
        self.camera_note.setObjectName("code_b_camera_note")
        self.camera_note.setVisible(False)
        left.insertWidget(left.indexOf(self.hint) + 1, self.camera_note)
        grid = QGridLayout()  # the three fields side by side, each name above its field
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLineEdit] = {}
        self.sizes = {}
        for n, (key, words, size) in enumerate(FIELDS):
            field = QLineEdit()
            field.setObjectName(f"code_b_{key}")
            field.setMaxLength(size)
            pair = text(words)
            field.setAccessibleName(f"{pair.ja} / {pair.en}")
            field.setPlaceholderText("0" * size)
            field.textChanged.connect(lambda _t, k=key: self._changed(k))
            name = label(pair, "key", en_pt=11)
            name.setBuddy(field)
            grid.addWidget(name, 0, n, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(field, 1, n)
            grid.setColumnStretch(n, size)
            self.fields[key] = field
            self.sizes[key] = size
        left.addLayout(grid)
        self.ok_button = button(text("codeb.ok"), primary=True, name="code_b_ok")
        self.ok_button.clicked.connect(self._submit)
        left.addWidget(self.ok_button)
        left.addStretch(1)
        self.manual_button = button(text("codeb.manual"), name="code_b_manual")
        self.manual_button.clicked.connect(self.manual)
        left.addWidget(self.manual_button)
        outer.addLayout(left, 3)
        right = QVBoxLayout()   # the camera above the number pad: the two ways to fill the fields
        right.setSpacing(10)
        self.camera_button = button(text("codeb.camera"), name="code_b_camera_button")
        self.camera_button.clicked.connect(self.open_camera)
        self.camera_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        right.addWidget(self.camera_button)
        right.addLayout(self._keypad(), 1)
        outer.addLayout(right, 2)
        narrow_lines(self.manual_button)
        self.clear()

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        words = {"clear": text("pin.clear"), "delete": text("pin.delete")}
        for r, row in enumerate(KEY_ROWS):
            for c, key in enumerate(row):
                if key in words:
                    b = button(words[key], height=theme.KEY_SIZE - 8, name=f"code_b_{key}")
                else:
                    b = QPushButton(key)
                    b.setObjectName(f"code_b_key_{key}")
                    b.setProperty("role", "key")
                    b.setAccessibleName(key)
                key_size(b, theme.KEY_SIZE + 48, theme.KEY_SIZE - 8)
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field in focus keeps the focus
                b.clicked.connect(lambda _=False, k=key: self.press(k))
                grid.addWidget(b, r, c)
                self.keys[key] = b
        return grid

    def current(self) -> str:
        for key, field in self.fields.items():
            if field.hasFocus():
                return key
        return self._last if self._last in self.fields else "birth"

    def press(self, key: str) -> None:
        if self._busy:
            return
        name = self.current()
        field = self.fields[name]
        if key == "clear":
            field.setText("")
        elif key == "delete":
            field.setText(field.text()[:-1])
        elif key.isdigit() and len(field.text()) < self.sizes[name]:
            field.setText(field.text() + key)
        self._last = name

    def _changed(self, key: str) -> None:
        field = self.fields[key]
        digits = "".join(ch for ch in field.text() if ch.isdigit())
        if digits != field.text():
            field.setText(digits)
            return
        self._last = key
        names = list(self.fields)
        if len(digits) == self.sizes[key] and key != names[-1]:
            nxt = names[names.index(key) + 1]
            self._last = nxt
            if field.hasFocus() or not any(f.hasFocus() for f in self.fields.values()):
                self.fields[nxt].setFocus()
        self._render()

    def complete(self) -> bool:
        return all(len(f.text()) == self.sizes[k] for k, f in self.fields.items())

    def _render(self) -> None:
        self.ok_button.setEnabled(self.complete() and not self._busy and self.tries_left != 0)
        for b in self.keys.values():
            b.setEnabled(not self._busy)
        self.camera_button.setEnabled(not self._busy)

    def _submit(self) -> None:
        if not self.complete() or self._busy:
            return
        values = [self.fields[k].text() for k, _, _ in FIELDS]
        for f in self.fields.values():
            f.setText("")  # setText also drops the undo history
        self._show_camera_note(None)
        self._last = "birth"
        self._render()
        self.submitted.emit(*values, self.tries_left == 1)

    # -- the camera ----------------------------------------------------------------------------
    def open_camera(self) -> None:
        """「カメラで読む」: the camera page, or the number pad with why not."""
        if self._busy:
            return
        source = self._camera()
        if source is None:
            self.camera_button.setVisible(self._has_camera())
            self.show_message(text("codeb.camera_none"))
            return
        self.show_message(None)
        self._show_camera_note(None)
        self.pages.setCurrentWidget(self.camera_page)
        self.camera_page.start(source)
        self.camera_page.typed_button.setFocus()

    def _camera_read(self, reading) -> None:
        self._back_from_camera(reading)
        self._show_camera_note(reading)
        self.ok_button.setFocus()

    def _camera_gave_up(self, reading, failed: bool) -> None:
        self._back_from_camera(reading)
        if failed:
            self.show_message(text("codeb.camera_failed"))

    def _back_from_camera(self, reading) -> None:
        self.pages.setCurrentWidget(self.typed_page)
        if reading is None:
            self.focus_first()
            return
        unsure = set(reading.needs_confirmation)
        for key, part in zip(self.fields, ("birth_date", "expiry_year", "security_code")):
            found = reading.parts()[part]
            if found.value is not None:
                self.fields[key].setText(found.value)
            self._mark(key, part in unsure)
        missing = [k for k, f in self.fields.items() if len(f.text()) < self.sizes[k]]
        self._last = missing[0] if missing else "security"
        self.fields[self._last].setFocus()

    def _mark(self, key: str, unsure: bool) -> None:
        """A part the camera is unsure of: a dashed border, and 要確認 in its name for a screen reader."""
        field = self.fields[key]
        pair = text(dict((k, w) for k, w, _ in FIELDS)[key])
        check = text("codeb.camera_check") if unsure else None
        field.setAccessibleName(f"{pair.ja}{check.ja if check else ''} / {pair.en}{check.en if check else ''}")
        field.setProperty("unsure", "true" if unsure else None)
        field.style().unpolish(field)
        field.style().polish(field)

    def _show_camera_note(self, reading) -> None:
        """What the camera read, to be checked against the card (None: no note, no marks)."""
        if reading is None:
            self.camera_note.setVisible(False)
            self.camera_note.clear()
            self._notes()
            for key in self.fields:
                self._mark(key, False)
            return
        birth = reading.birth_date.extra
        printed = birth.get("date", "")
        if birth.get("era"):
            y, m, d = printed.split("-")
            printed = f"{birth['era']}{reading.birth_date.value[:2]}年{int(m)}月{int(d)}日"
        words = text("codeb.camera_read_unsure" if reading.needs_confirmation else "codeb.camera_read",
                     printed=printed, date=birth.get("date", ""))
        set_bilingual(self.camera_note, words, en_pt=12)
        self.camera_note.setVisible(True)
        self._notes()

    # -- what the controller sets ------------------------------------------------------------
    def set_no_pin_card(self, no_pin: bool) -> None:
        self._no_pin = no_pin
        self._notes()
        if no_pin:
            set_bilingual(self.note, text("codeb.no_pin_card"))

    def _notes(self) -> None:
        """The camera's note stands in for the typing hint and the no-PIN note (the screen keeps its
        height)."""
        camera = self.camera_note.isVisibleTo(self.typed_page)
        self.hint.setVisible(not camera)
        self.note.setVisible(self._no_pin and not camera)

    def set_tries(self, tries_left: int | None) -> None:
        self.tries_left = tries_left
        if tries_left is None:
            set_bilingual(self.tries_label, text("codeb.tries_unknown"))
        else:
            set_bilingual(self.tries_label, text("codeb.tries", n=tries_left))
        self._render()

    def show_message(self, pair: Bilingual | None) -> None:
        if pair is not None:
            set_bilingual(self.message, pair)
        banner(self.message, pair is not None)   # its room stays when it goes: nothing jumps

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.camera_page.stop()
            self.pages.setCurrentWidget(self.typed_page)
            self.show_message(None)
            set_bilingual(self.tries_label, text("pin.reading"))
        self.manual_button.setEnabled(not busy)
        self._render()

    def showEvent(self, event) -> None:
        self.camera_button.setVisible(self._has_camera())   # a camera may have been plugged in or out
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if self.camera_page.running:   # the resident left: the camera goes off, nothing kept
            self.camera_page.stop()
            self.pages.setCurrentWidget(self.typed_page)
        super().hideEvent(event)

    def focus_first(self) -> None:
        self._last = "birth"
        self.fields["birth"].setFocus()

    def clear(self) -> None:
        self.camera_page.stop()
        self.pages.setCurrentWidget(self.typed_page)
        self._show_camera_note(None)
        for f in self.fields.values():
            f.setText("")
        self._last = "birth"
        self._busy = False
        self.tries_left = None
        self.tries_label.clear()
        self.tries_label.setAccessibleName("")   # no stale "tries left" for a screen reader
        release(self.message)   # a new person: the banner and its room gone
        self.set_no_pin_card(False)
        self.manual_button.setEnabled(True)
        self._render()
