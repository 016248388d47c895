"""見やすさ: the text size and colours, chosen from the staff menu for the person in front of the
screen (an older resident who asks for larger text, someone who reads better in high contrast).

`DisplayPage` shows 100 / 150 / 200 % and normal / high contrast, the current ones checked; 「この表示にする」
emits `chosen(scale, high_contrast)`. The screens are laid out for a text scale when they are built, so
the shell builds its window again with the new display (kiosk.startup.run): no one is being served then
(the staff menu is reached from the start screen), the signed-in staff member stays signed in, and the
choice lasts until the kiosk restarts (the terminal settings keep a default: kiosk.json). The
choices and their words (`SCALES`, `SCALE_WORDS`, `CONTRAST_WORDS`) are here, shared with the settings
wizard (kiosk.shell.wizard), so the window's start does not load the wizard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.shell.texts import t
from kiosk.ui import theme
from kiosk.ui.labels import button, label
from kiosk.ui.layout import body, choice_row, vbox

SCALES = (1.0, 1.5, 2.0)
# 「文字の大きさ」: each size in Japanese as well as in English (never a bare 「100%」 on the Japanese line)
SCALE_WORDS = {scale: t(f"wizard.scale_{round(scale * 100)}") for scale in SCALES}
CONTRAST_WORDS = {"normal": t("wizard.contrast_normal"), "high": t("wizard.contrast_high")}


def nearest_scale(scale: float) -> float:
    """The choice (SCALES) closest to `scale` (kiosk.json or the environment may hold e.g. 1.25)."""
    return min(SCALES, key=lambda choice: abs(choice - float(scale)))


class DisplayPage(QWidget):
    chosen = Signal(float, bool)   # text scale, high contrast
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("display_page")
        layout = vbox(body(self), margins=48, spacing=16)
        layout.addWidget(label(t("display.title"), "title", en_pt=16))
        layout.addWidget(label(t("display.hint"), "hint", en_pt=12))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(1, 1)
        rows = ((t("display.text_size"), "display_scale", SCALE_WORDS),
                (t("display.contrast"), "display_contrast", CONTRAST_WORDS))
        self.choices = []
        for n, (words, name, options) in enumerate(rows):
            holder, buttons = choice_row(options, name)
            grid.addWidget(label(words, "key", en_pt=12), n, 0)
            grid.addWidget(holder, n, 1)
            self.choices.append(buttons)
        self.scale_buttons, self.contrast_buttons = self.choices
        layout.addLayout(grid)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(t("display.back"), name="display_back")
        self.apply_button = button(t("display.apply"), primary=True, name="display_apply")
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.closed)
        self.apply_button.clicked.connect(self._apply)

    def show_current(self) -> None:
        """Check what the screens are drawn with now."""
        scale, high = theme.display()
        self.scale_buttons[nearest_scale(scale)].setChecked(True)
        self.contrast_buttons["high" if high else "normal"].setChecked(True)
        self.apply_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply(self) -> None:
        scale = next(v for v, b in self.scale_buttons.items() if b.isChecked())
        high = self.contrast_buttons["high"].isChecked()
        self.chosen.emit(float(scale), high)
