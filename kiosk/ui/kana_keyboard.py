"""An on-screen keyboard for touch: the 50-sound kana grid (あ–ん, ゛ ゜, small kana, ー, delete,
a full-width space, かな/カナ) and a number pad, typing into the text field that has the focus.

PySide6's wheels do carry Qt Virtual Keyboard (with OpenWNN for Japanese), but it is a Qt Quick
panel in a window of its own with a QWERTY/romaji layout; residents at a municipal counter know the
50-sound table of ticket machines and ATMs, so the kiosk draws its own, as widgets in the screen.
The columns run right to left like the printed table (あ行 on the right). The keys never take the
focus, so the field keeps it and its cursor; ゛, ゜ and 小 change the character before the cursor
(か→が→か, は→ば→ぱ, つ→っ). Nothing typed here is kept or logged by the keyboard.

Its words grow with the text size only up to theme.KEYBOARD_MAX_SCALE (five rows of 200 % keys would
be taller than a 768 px screen), its controls (1字消す, 空白, カナ, 閉じる) say theirs at large text in the
language shown only, on one line as high as a row of keys, and `attached(field)` tells the screen
which field it types into, so that the screen can keep that field in view above it (the counter
puts the keyboard under its pages, never over them: kiosk.counter.ui.view).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.messages import text
from kiosk.ui import theme
from kiosk.ui.labels import button, render, text_height

# the 50-sound table, one column per consonant row, right to left on screen; "" is an empty cell
COLUMNS = ("あいうえお", "かきくけこ", "さしすせそ", "たちつてと", "なにぬねの", "はひふへほ", "まみむめも",
           "や ゆ よ", "らりるれろ", "わ   を")
MARKS = ("゛", "゜", "小", "ー", "ん")   # the column left of わ行: the marks, the long vowel, ん
DAKUTEN = {**{k: chr(ord(k) + 1) for k in "かきくけこさしすせそたちつてとはひふへほ"}, "う": "ゔ"}
HANDAKUTEN = {k: chr(ord(k) + 2) for k in "はひふへほ"}
SMALL = {k: chr(ord(k) - 1) for k in "あいうえおつやゆよわ"}
KEY_W, KEY_H = 80, 52
NUMBER_KEYS = ("1234567890", "-")


def to_katakana(ch: str) -> str:
    return chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch


def to_hiragana(ch: str) -> str:
    return chr(ord(ch) - 0x60) if "\u30a1" <= ch <= "\u30f6" else ch


def _cycle(ch: str, table: dict[str, str]) -> str:
    """The marked form of `ch` by `table`, or back to the plain one when it already has the mark."""
    back = {v: k for k, v in table.items()}
    return table.get(ch) or back.get(ch) or ch


def modify(ch: str, mark: str) -> str:
    """Apply ゛, ゜ or 小 to one character (hiragana or katakana; anything else stays as it is)."""
    katakana = ch != to_hiragana(ch)
    base = to_hiragana(ch)
    if mark == "゛":
        plain = {v: k for k, v in HANDAKUTEN.items()}.get(base, base)  # ぱ → は first
        base = _cycle(plain, DAKUTEN)
    elif mark == "゜":
        plain = {v: k for k, v in DAKUTEN.items()}.get(base, base)  # ば → は first
        base = _cycle(plain if plain in HANDAKUTEN else base, HANDAKUTEN)
    elif mark == "小":
        base = _cycle(base, SMALL)
    return to_katakana(base) if katakana else base


def key_width() -> int:
    """80 px; on a window narrower than 1280 px (theme.narrow) less, never under a touch target,
    so that the eleven columns of kana and the controls stay inside the window."""
    if not theme.narrow():
        return KEY_W
    return max(theme.MIN_TOUCH, theme.across(KEY_W) - 8)


def keyboard_css() -> str:
    """The keys' and controls' words at most theme.KEYBOARD_MAX_SCALE of their size."""
    most = theme.KEYBOARD_MAX_SCALE
    return (f"QPushButton {{ font-size: {theme.pt(theme.BODY_PT, most)}pt; }}"
            f" QPushButton[role=\"kana\"] {{ font-size: {theme.pt(theme.KANA_PT, most)}pt; padding: 2px 4px; }}")


class KanaKeyboard(QWidget):
    """`attach(field, mode)` shows the keyboard typing into `field` ("kana" or "number");
    `detach()` hides it."""

    attached = Signal(QWidget)   # the field it types into now
    detached = Signal()          # hidden again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kana_keyboard")
        self.setStyleSheet(keyboard_css())
        self.setAccessibleName("画面のキーボード / On-screen keyboard")
        self.target: QLineEdit | None = None
        self.katakana = False
        self.keys: dict[str, QPushButton] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 4, 24, 4)
        self.modes = QStackedWidget()
        self.kana_page = QWidget()
        self.number_page = QWidget()
        self._kana_grid(self.kana_page)
        self._number_grid(self.number_page)
        self.modes.addWidget(self.kana_page)
        self.modes.addWidget(self.number_page)
        box.addWidget(self.modes)
        for b in self.findChildren(QPushButton):   # as high as their words in the keyboard's own size
            b.ensurePolished()
            b.setMinimumHeight(max(KEY_H, text_height(b)))
        self.hide()

    # -- building -----------------------------------------------------------------------------
    def _key(self, ch: str, name: str) -> QPushButton:
        b = QPushButton(ch)
        b.setObjectName(f"kana_key_{name}")
        b.setProperty("role", "kana")
        b.setAccessibleName(ch.strip() or "空白 / Space")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the field keeps the focus and its cursor
        b.setMinimumSize(key_width(), max(KEY_H, text_height(b)))
        b.clicked.connect(lambda _=False, k=ch: self.press(k))
        return b

    def _control(self, key: str, primary: bool = False) -> QPushButton:
        b = button(text(f"keyboard.{key}"), primary=primary, height=KEY_H, name=f"kana_{key}")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # large text: its words in the language shown only (the accessible name keeps both), one
        # line as high as a row of keys; two lines would need more than the row and overlap the next
        b.one_language_large = True
        render(b)
        return b

    def _kana_grid(self, page: QWidget) -> None:
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        last = len(COLUMNS) + 1    # screen column of あ行 (controls on the left, marks, わ … あ)
        for c, column in enumerate(COLUMNS):
            for r, ch in enumerate(column):
                if ch.strip():
                    self.keys[ch] = self._key(ch, ch)
                    grid.addWidget(self.keys[ch], r, last - c)
        for r, mark in enumerate(MARKS):
            self.keys[mark] = self._key(mark, mark)
            grid.addWidget(self.keys[mark], r, 1)
        self.delete_button = self._control("delete")
        self.delete_button.clicked.connect(self.delete)
        self.space_button = self._control("space")
        self.space_button.clicked.connect(lambda: self.press("　"))   # the full-width space of names
        self.script_button = self._control("katakana")
        self.script_button.clicked.connect(self.toggle_script)
        self.close_button = self._control("close", primary=True)
        self.close_button.clicked.connect(self.detach)
        for r, b in enumerate((self.delete_button, self.space_button, self.script_button)):
            grid.addWidget(b, r, 0)
        grid.addWidget(self.close_button, 3, 0, 2, 1)

    def _number_grid(self, page: QWidget) -> None:
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for c, digit in enumerate(NUMBER_KEYS[0]):
            self.keys[f"n{digit}"] = self._key(digit, f"n{digit}")
            grid.addWidget(self.keys[f"n{digit}"], 0, c)
        self.keys["n-"] = self._key("-", "n-")
        grid.addWidget(self.keys["n-"], 1, 0)
        self.number_delete = self._control("delete")
        self.number_delete.clicked.connect(self.delete)
        self.number_close = self._control("close", primary=True)
        self.number_close.clicked.connect(self.detach)
        grid.addWidget(self.number_delete, 1, 6, 1, 2)
        grid.addWidget(self.number_close, 1, 8, 1, 2)

    # -- typing -------------------------------------------------------------------------------
    def attach(self, field: QLineEdit, mode: str = "kana") -> None:
        self.target = field
        self.modes.setCurrentWidget(self.number_page if mode == "number" else self.kana_page)
        self.show()
        self.attached.emit(field)

    def detach(self) -> None:
        shown = not self.isHidden()
        self.target = None
        self.hide()
        if shown:   # only a keyboard that was up gives its room back
            self.detached.emit()

    @property
    def mode(self) -> str | None:
        if not self.isVisible():
            return None
        return "number" if self.modes.currentWidget() is self.number_page else "kana"

    def _field(self) -> QLineEdit | None:
        if self.target is None or not isValid(self.target) or not self.target.isEnabled():
            return None
        return self.target

    def press(self, key: str) -> None:
        field = self._field()
        if field is None:
            return
        if key in ("゛", "゜", "小"):
            pos = field.cursorPosition()
            if pos == 0:
                return
            words = field.text()
            changed = modify(words[pos - 1], key)
            if changed != words[pos - 1]:
                field.setSelection(pos - 1, 1)
                field.insert(changed)
            return
        ch = to_katakana(key) if self.katakana else key
        field.insert(ch)

    def delete(self) -> None:
        field = self._field()
        if field is not None:
            field.backspace()

    def toggle_script(self) -> None:
        """かな ↔ カナ: the keys show (and type) the other script."""
        self.katakana = not self.katakana
        for ch, b in self.keys.items():
            if len(ch) == 1 and "\u3041" <= ch <= "\u3096":
                b.setText(to_katakana(ch) if self.katakana else ch)
        self.script_button._words = (text("keyboard.kana" if self.katakana else "keyboard.katakana"), None)

        render(self.script_button)

    def clear(self) -> None:
        if self.katakana:
            self.toggle_script()
        self.detach()
