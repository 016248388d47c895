"""Spoken guidance on every resident screen, operated from a 10-key pad (a USB number pad or the PIN
pad's keys): the guide reads the screen in the language shown and lets a person go through it
without seeing it.

`VoiceGuide(window)` watches the whole window (an application event filter). Off, it only listens for
the help key; staff turn it on for a visit (`start()`, from the staff menu) and the help key turns it
on too. On:
- a new screen is read out: its words as shown (Japanese, English or やさしい日本語 from the same
  catalog as the screen), in the order they stand, then what the go-on and back keys do there; words
  that appear on the same screen (an error, a warning) are read when they appear;
- KEYS: `+` says it again, `*` help (the screen, then its choices numbered and the keys), Enter goes
  on (the screen's main button), `-` goes back (its 戻る button), a digit picks the numbered choice —
  or, on the PIN pad and the 照合番号B pad, types: the PIN is never said back, only how many digits
  are in (`.` deletes one); there `/` and a digit pick a choice (「暗証番号がわからない」);
- it goes off when the visit ends (`visit_over()`: the desk is left, or everyone is forgotten).
What is said is made on the speech thread (kiosk.ui.speaker); a person's values (a name, an address,
digits) are never read out, only the screen's own words.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.messages import Bilingual, text
from kiosk.ui.i18n import current, shown

if TYPE_CHECKING:
    from kiosk.ui.code_b import CodeBScreen
    from kiosk.ui.pin_pad import PinScreen
    from kiosk.ui.speaker import Speaker

logger = logging.getLogger(__name__)

REPEAT, HELP, BACK, CHOOSE = Qt.Key.Key_Plus, Qt.Key.Key_Asterisk, Qt.Key.Key_Minus, Qt.Key.Key_Slash
GO_ON = (Qt.Key.Key_Enter, Qt.Key.Key_Return)
DELETE = (Qt.Key.Key_Period, Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
SETTLE_MS = 25          # a screen change is read once its widgets have settled
LOOK_MS = 300           # and the screen is looked at this often for words that changed in place
NOT_CHOICES = ("menu.", "language.", "nav.restart")
UNSAID_ROLES = ("step", "toggle")      # the step bar is the same on every screen; the switch says itself
HEADINGS = ("title", "heading")        # another heading: another screen


def words_of(widget: QWidget) -> Bilingual | None:
    words = getattr(widget, "_words", None)
    return words[0] if words else None


def said(pair: Bilingual) -> str:
    return shown(pair)[0]


class VoiceGuide(QObject):
    changed = Signal(bool)   # on / off

    def __init__(self, window: QWidget, player=None, parent: QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.active = False
        self._player = player
        self.speaker: Speaker | None = None
        self._heard: list[str] = []
        self._heading: list[str] = []
        self._choosing = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._screen_changed)
        self._look = QTimer(self)   # a label's new text sends no event: the tries left, a message
        self._look.setInterval(LOOK_MS)
        self._look.timeout.connect(self._screen_changed)
        QApplication.instance().installEventFilter(self)

    # -- on and off ----------------------------------------------------------------------------
    def start(self) -> None:
        if self.active:
            return
        # lazy: the speech modules (and the card screens below) load when the guidance is first on,
        # not with the window (the sign-in screen is shown without them)
        from kiosk.ui.speaker import Speaker, default_player, warm

        if self.speaker is None:
            self.speaker = Speaker(self._player or default_player(self), self)
        warm(current())
        self.active = True
        self.changed.emit(True)
        logger.info("spoken guidance on")
        self._heard, self._heading = self._screen(), self._headings()
        self._say([said(text("voice.on")), *self._heard, *self._keys()])
        self._prepare()
        self._look.start()

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        self._settle.stop()
        self._look.stop()
        if self.speaker is not None:
            self.speaker.forget()
        self.changed.emit(False)
        logger.info("spoken guidance off")

    def visit_over(self) -> None:
        self.stop()

    def shutdown(self) -> None:
        self.stop()
        QApplication.instance().removeEventFilter(self)

    # -- what the screen says ------------------------------------------------------------------
    def _in_window(self, widget: QWidget) -> bool:
        if not widget.isVisible() or widget.window() is not self.window:
            return False
        bar = self.window.statusBar() if hasattr(self.window, "statusBar") else None
        return bar is None or not bar.isAncestorOf(widget)

    def _placed(self, widgets) -> list:
        return sorted(widgets, key=lambda w: (lambda p: (p.y(), p.x()))(w.mapTo(self.window, QPoint(0, 0))))

    def _labels(self) -> list[QLabel]:
        return self._placed(w for w in self.window.findChildren(QLabel)
                            if words_of(w) is not None and w.text() and w.property("role") not in UNSAID_ROLES
                            and self._in_window(w))

    def _buttons(self) -> list[QPushButton]:
        return self._placed(w for w in self.window.findChildren(QPushButton)
                            if words_of(w) is not None and w.isEnabled() and self._in_window(w))

    def _main(self) -> QPushButton | None:
        return next((b for b in self._buttons() if b.property("role") == "primary"), None)

    def _back(self) -> QPushButton | None:
        return next((b for b in self._buttons() if (words_of(b).key or "").endswith("back")), None)

    def choices(self) -> list[QPushButton]:
        """The buttons a digit picks, in reading order (up to 9): the screen's own, not back, not the
        language switch or 最初から, nor a staff control (their words are not in the catalog)."""
        back = self._back()
        return [b for b in self._buttons() if b is not back and words_of(b).key is not None
                and not words_of(b).key.startswith(NOT_CHOICES)][:9]

    def _screen(self) -> list[str]:
        return [said(words_of(w)) for w in self._labels()]

    def _headings(self) -> list[str]:
        return [said(words_of(w)) for w in self._labels() if w.property("role") in HEADINGS]

    def _prepare(self) -> None:
        """Have the first words of every screen's heading made while nothing is said."""
        headings = {said(words_of(w)) for w in self.window.findChildren(QLabel)
                    if words_of(w) is not None and w.property("role") in HEADINGS}
        self.speaker.prepare(sorted(headings), current())

    def _keys(self) -> list[str]:
        lines = []
        main, back = self._main(), self._back()
        if main is not None:
            lines.append(said(text("voice.go_on", action=said(words_of(main)))))
        if back is not None:
            lines.append(said(text("voice.back", action=said(words_of(back)))))
        return lines

    def _say(self, lines: list[str]) -> None:
        if self.speaker is not None and lines:
            self.speaker.say("\n".join(lines), current())

    def _screen_changed(self) -> None:
        if not self.active:
            return
        lines, heading = self._screen(), self._headings()
        if lines == self._heard:
            return
        if heading != self._heading:
            self._say(lines + self._keys())            # another screen
        else:
            new = [line for line in lines if line not in self._heard]   # new words on this one
            if new:
                self._say(new)
        self._heard, self._heading = lines, heading

    # -- the keys ------------------------------------------------------------------------------
    def repeat(self) -> None:
        self._heard, self._heading = self._screen(), self._headings()
        self._say(self._heard + self._keys())

    def help(self) -> None:
        self._heard, self._heading = self._screen(), self._headings()
        choices = [said(text("voice.choice", n=n, action=said(words_of(b))))
                   for n, b in enumerate(self.choices(), 1)]
        self._say(self._heard + self._keys() + choices + [said(text("voice.keys"))])

    def go_on(self) -> None:
        main = self._main()
        if main is None:
            self._say([said(text("voice.no_go_on"))])
        else:
            main.click()

    def go_back(self) -> None:
        back = self._back()
        if back is None:
            self._say([said(text("voice.no_back"))])
        else:
            back.click()

    def _pad(self) -> PinScreen | CodeBScreen | None:
        # lazy: see start()
        from kiosk.ui.code_b import CodeBScreen
        from kiosk.ui.pin_pad import PinScreen

        return next((w for kind in (PinScreen, CodeBScreen) for w in self.window.findChildren(kind)
                     if self._in_window(w)), None)

    def digit(self, key: str) -> None:
        # lazy: see start()
        from kiosk.ui.code_b import CodeBScreen
        from kiosk.ui.pin_pad import PinScreen

        pad = self._pad()
        choosing, self._choosing = self._choosing, False
        if isinstance(pad, PinScreen) and not choosing:
            pad.press(key)
            self._say([said(text("voice.digits", n=pad.display.text().count("●")))])
        elif isinstance(pad, CodeBScreen) and not choosing:
            if pad.pages.currentWidget() is not pad.typed_page:
                return
            field = pad.current()
            pad.press(key)
            self._say([said(text("voice.field_digits", field=said(words_of_field(field)),
                                 n=len(pad.fields[field].text())))])
        elif key.isdigit():
            choices = self.choices()
            n = int(key)
            if 1 <= n <= len(choices):
                choices[n - 1].click()
            else:
                self._say([said(text("voice.no_choice", n=n))])

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return self._key(event)
        if self.active and kind in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LanguageChange) \
                and isinstance(obj, QWidget) and obj.window() is self.window:
            self._settle.start()
        return False

    def _key(self, event) -> bool:
        key = event.key()
        focus = QApplication.focusWidget()
        if not self.active:
            if key != HELP or (isinstance(focus, QLineEdit) and self._pad() is None):   # a * in a form field
                return False
            self.start()
            return True
        typing = isinstance(focus, QLineEdit) and self._pad() is None   # a form field: its keys are its own
        if key == REPEAT:
            self.repeat()
        elif key == HELP:
            self.help()
        elif key in GO_ON:
            self.go_on()
        elif key == BACK:
            self.go_back()
        elif key == CHOOSE:
            self._choosing = True   # the next digit picks a choice, on a pad too
        elif typing:
            return False
        elif event.text().isdigit():
            self.digit(event.text())
        elif key in DELETE and self._pad() is not None:
            self.digit("delete")
        else:
            return False
        return True


def words_of_field(field: str) -> Bilingual:
    # lazy: see VoiceGuide.start()
    from kiosk.ui.code_b import FIELDS

    return text(next(words for key, words, _ in FIELDS if key == field))
