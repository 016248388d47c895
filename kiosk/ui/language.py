"""The resident's language switch: a button in the bottom bar of every counter screen, and the chooser
it opens over the desk (one big button per language, each named in its own language).

The button always says 「ことば / Language」 (whatever is shown now, everyone can find it), with the
current language's own name under it. Choosing a language re-renders the desk in place
(kiosk.ui.i18n.set_language): what the resident typed or chose stays, and the focus goes back where it
was. The desk beneath is out of reach while the chooser shows (no Tab behind it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.messages import text
from kiosk.ui import i18n, theme
from kiosk.ui.dimmed_layer import DimmedLayer
from kiosk.ui.labels import button, label, text_height
from kiosk.ui.lifetime import discard

SWITCH_WORDS = "ことば / Language"


class LanguageButton(QPushButton):
    """「ことば / Language」 (the same words in every language) over the language shown now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_button")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retranslate_ui()
        self.setMinimumHeight(max(theme.BUTTON_HEIGHT, text_height(self)))
        self.setMinimumWidth(200)

    def retranslate_ui(self) -> None:
        name = next((lang.name for lang in i18n.catalog().languages() if lang.code == i18n.current()),
                    i18n.current())
        # at a large text scale the name is left out (the chooser marks the current one with ✓)
        self.setText(f"{SWITCH_WORDS}\n{name}" if theme.text_scale <= 1 else "ことば\nLanguage")
        self.setAccessibleName(f"{SWITCH_WORDS}: {name}")


class LanguageChooser(DimmedLayer):
    """A dimmed layer over its parent with the languages in a panel in the middle."""

    spared_names = ("idle_warning",)   # the idle warning may be open beneath: it keeps its button

    chosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("language_chooser")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(120, 40, 120, 40)
        outer.addStretch(1)
        self.panel = QFrame()
        self.panel.setObjectName("language_panel")
        self.panel.setStyleSheet(f"QFrame#language_panel {{ background: {theme.SURFACE}; border: 3px solid "
                                 f"{theme.PRIMARY}; border-radius: 12px; }}")
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(40, 24, 40, 24)
        box.setSpacing(16)
        self.title = label(text("language.title"), "title", en_pt=18)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.title)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        box.addLayout(self.grid)
        self.close_button = button(text("language.close"), name="language_close")
        self.close_button.clicked.connect(self.close_chooser)
        box.addWidget(self.close_button)
        outer.addWidget(self.panel)
        outer.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        self._focus_before = None
        self.hide()

    def _build(self) -> None:
        for b in self.buttons.values():
            discard(b, self.grid)
        self.buttons.clear()
        for n, lang in enumerate(i18n.catalog().languages()):
            b = QPushButton(lang.name)
            b.setObjectName(f"language_{lang.code}")
            b.setProperty("role", "primary" if lang.code == i18n.current() else None)
            b.setCheckable(True)
            b.setChecked(lang.code == i18n.current())
            if lang.code == i18n.current():
                b.setText(f"✓ {lang.name}")
            b.setAccessibleName(lang.name)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            b.setMinimumHeight(max(theme.BUTTON_HEIGHT, text_height(b)))
            b.setMinimumWidth(theme.MIN_TOUCH * 6)
            b.clicked.connect(lambda _=False, code=lang.code: self.choose(code))
            self.grid.addWidget(b, n // 2, n % 2)
            self.buttons[lang.code] = b

    def open_chooser(self, focus_before: QWidget | None = None) -> None:
        self._focus_before = focus_before
        self._build()
        self.show_over_desk()
        self.buttons[i18n.current()].setFocus()

    def choose(self, code: str) -> None:
        self.close_chooser()
        i18n.set_language(code)
        self.chosen.emit(code)

    def close_chooser(self) -> None:
        if not self.isVisible():
            return
        self.hide_from_desk()
        focus, self._focus_before = self._focus_before, None
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus()

    def clear(self) -> None:
        self._focus_before = None
        if self.isVisible():
            self.hide_from_desk()
