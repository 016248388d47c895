"""The set-up wizard: on first run (no kiosk.json yet) and, for an admin, the terminal settings later.

Pages: 1 the desk this terminal serves (or choose each time), and the text size (100 / 150 / 200 %)
and colours (normal or high contrast) its screens are drawn with from the next start, 2 site, mesh
address and enrolment code, and 「このPCを避難所ノードにする…」 (a spare PC as the shelter's node):
the node page (kiosk.shell.node_page, loaded at the click) takes the wizard's place, its mesh address
filled from the wizard's field when it knows none, and its 戻る comes back to this page with what was
typed kept, 3 card reader and printer (with 「テスト印刷」 when the printing code has registered its
hook, kiosk.shell.settings.set_test_print), 4 on first run only: the first administrator (staff ID and
PIN twice). 保存 writes kiosk.json and terminal.json (kiosk.shell.settings), adds the administrator to
staff.db, then, when a code was given, enrols the terminal with the mesh on the shell's task thread
(a failure says to enrol later and stays on the wizard: the settings are saved, and 保存 again goes
on without enrolling). The enrolment code and PIN are not kept. At 150 % and 200 % text the pages
scroll and the message with 戻る / 次へ / 保存 stays under them, on the screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.messages import Bilingual, for_error, text
from kiosk.shell.display import CONTRAST_WORDS, SCALE_WORDS, nearest_scale
from kiosk.shell.settings import KioskSettings, enrol, test_print, test_print_available
from kiosk.shell.staff import StaffDirectory, StaffError
from kiosk.shell.texts import t
from kiosk.ui import theme
from kiosk.ui.labels import button, label, set_bilingual, show_message
from kiosk.ui.layout import body_and_foot, choice_row, vbox

logger = logging.getLogger(__name__)
DESK_CHOICES = (("counter", text("desk.counter")), ("shelter", text("desk.shelter")),
                ("library", text("desk.library")), (None, t("wizard.desk_none")))


def _edit(pair: Bilingual, name: str, *, secret: bool = False, hint: Bilingual | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(f"{pair.ja} / {pair.en}")
    if hint is not None:
        edit.setPlaceholderText(f"{hint.ja} / {hint.en}")
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(12)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    return edit


class SetupWizard(QWidget):
    finished = Signal(object)   # the saved KioskSettings
    cancelled = Signal()
    enrolment_done = Signal(bool)

    def __init__(self, data_dir: Path, tasks, *, first_run: bool, readers=None,
                 ask_admin: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.data_dir, self.tasks, self.first_run = Path(data_dir), tasks, first_run
        self._admin_added = not (first_run if ask_admin is None else ask_admin)
        self.readers = readers or _pcsc_reader_names
        self.node_page = None   # kiosk.shell.node_page.NodePage, made at the first click on wizard_node
        self.screens = QStackedWidget()   # the wizard itself, or the node page in its place
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.screens)
        self.main = QWidget()
        self.screens.addWidget(self.main)
        self.main.setObjectName("wizard")
        # the pages scroll at a large text size; the message and 戻る / 次へ / 保存 under them never do
        layout, under = body_and_foot(self.main)
        top = QHBoxLayout()
        self.title = label(t("wizard.title" if first_run else "menu.settings"), "title", en_pt=16)
        top.addWidget(self.title, 1)
        self.step_label = label(None, "subtitle", en_pt=13)
        top.addWidget(self.step_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.pages = QStackedWidget()
        for page in (self._desk_page(), self._mesh_page(), self._devices_page()):
            self.pages.addWidget(page)
        if not self._admin_added:  # on first run, unless the terminal has staff accounts already
            self.pages.addWidget(self._admin_page())
        layout.addWidget(self.pages, 1)
        self.message = label(None, "error", en_pt=13)
        self.message.setObjectName("wizard_message")
        self.message.hide()
        under.addWidget(self.message)
        row = QHBoxLayout()
        self.back_button = button(t("wizard.back"), name="wizard_back")
        self.cancel_button = button(t("wizard.cancel"), name="wizard_cancel")
        self.next_button = button(t("wizard.next"), primary=True, name="wizard_next")
        self.finish_button = button(t("wizard.finish" if first_run else "wizard.save"), primary=True,
                                    name="wizard_finish")
        for b in (self.back_button, self.cancel_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.next_button)
        row.addWidget(self.finish_button)
        self.cancel_button.setVisible(not first_run)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.pages.currentIndex() + 1))
        self.finish_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancelled)
        under.addLayout(row)
        self.load(KioskSettings.load(self.data_dir))
        self.go(0)

    # -- pages -----------------------------------------------------------------------------------
    def _page(self, heading: Bilingual) -> tuple[QWidget, QGridLayout]:
        """A page: its heading, then rows of (name, Japanese over English | its field)."""
        page = QWidget()
        box = vbox(page, margins=0, spacing=10)
        box.addWidget(label(heading, "heading", en_pt=13))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 300)
        box.addLayout(grid)
        box.addStretch(1)
        return page, grid

    def _desk_page(self) -> QWidget:
        page, grid = self._page(t("wizard.desk"))
        self.desk_group = QButtonGroup(self)
        self.desk_group.setExclusive(True)
        self.desk_buttons: dict[str | None, object] = {}
        # larger text or a narrow window: one desk per row and each choice under its name, so that
        # 「Counter (certificates, filings)」 and 「200% 特大 / largest」 stay whole
        stacked = theme.text_scale > 1 or theme.narrow()
        columns = 1 if stacked else 2
        desks = QGridLayout()
        desks.setHorizontalSpacing(24)
        desks.setVerticalSpacing(12)
        for column in range(columns):
            desks.setColumnStretch(column, 1)
        for i, (desk, pair) in enumerate(DESK_CHOICES):
            b = button(pair, name=f"wizard_desk_{desk or 'none'}")
            b.setCheckable(True)
            self.desk_group.addButton(b)
            self.desk_buttons[desk] = b
            desks.addWidget(b, i // columns, i % columns)
        grid.addLayout(desks, 0, 0, 1, 2)
        self.scale_buttons = self._choices(grid, t("wizard.text_size"), "wizard_scale", SCALE_WORDS, stacked)
        self.contrast_buttons = self._choices(grid, t("wizard.contrast"), "wizard_contrast", CONTRAST_WORDS,
                                              stacked)
        return page

    def _labelled(self, grid: QGridLayout, pair: Bilingual, widget: QWidget) -> QWidget:
        name = label(pair, "key", en_pt=12)
        name.setMaximumWidth(460)
        row = grid.rowCount()
        grid.addWidget(name, row, 0)
        grid.addWidget(widget, row, 1)
        return widget

    def _mesh_page(self) -> QWidget:
        page, box = self._page(Bilingual("拠点と役所サーバ", "Site and mesh"))
        self.site_edit = self._labelled(box, t("wizard.site"), _edit(t("wizard.site"), "wizard_site", hint=t("wizard."
                                                                                                             "site_hint")))
        self.mesh_edit = self._labelled(box, t("wizard.mesh"), _edit(t("wizard.mesh"), "wizard_mesh", hint=t("wizard."
                                                                                                             "mesh_hint")))
        self.code_edit = self._labelled(box, t("wizard.code"), _edit(t("wizard.code"), "wizard_code", hint=t("wizard."
                                                                                                             "code_hint")))
        hint = label(t("wizard.node_hint"), "hint", en_pt=12)   # a spare PC for the shelter's node
        hint.setObjectName("wizard_node_hint")
        self.node_button = button(t("wizard.node"), name="wizard_node")
        self.node_button.clicked.connect(self.open_node_page)
        box.addWidget(hint, box.rowCount(), 0, 1, 2)
        box.addWidget(self.node_button, box.rowCount(), 0, 1, 2, Qt.AlignmentFlag.AlignLeft)  # 200 %: whole
        return page

    def _devices_page(self) -> QWidget:
        page, box = self._page(Bilingual("読取機とプリンタ", "Reader and printer"))
        self.reader_combo = QComboBox()
        self.reader_combo.setObjectName("wizard_reader")
        self.reader_combo.setAccessibleName(f"{t('wizard.reader').ja} / {t('wizard.reader').en}")
        self.reader_combo.setMinimumHeight(theme.MIN_TOUCH + 8)
        # not as wide as its longest name: at 200 % that made the whole wizard wider than the screen
        self.reader_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.reader_combo.setMinimumContentsLength(12)
        self._labelled(box, t("wizard.reader"), self.reader_combo)
        self.printer_edit = self._labelled(box, t("wizard.printer"),
                                           _edit(t("wizard.printer"), "wizard_printer",
                                                 hint=t("wizard.printer_hint")))
        self.test_print_button = button(t("wizard.test_print"), name="wizard_test_print")
        self.test_print_button.clicked.connect(self.print_test_page)
        box.addWidget(self.test_print_button, box.rowCount(), 1, Qt.AlignmentFlag.AlignLeft)
        return page

    def _choices(self, grid: QGridLayout, pair: Bilingual, name: str, options: dict, below: bool) -> dict:
        """A row of choices beside its name, or (`below`) under it across the page."""
        holder, buttons = choice_row(options, name)
        if not below:
            self._labelled(grid, pair, holder)
            return buttons
        row = grid.rowCount()
        grid.addWidget(label(pair, "key", en_pt=12), row, 0, 1, 2)
        grid.addWidget(holder, row + 1, 0, 1, 2)
        return buttons

    def _admin_page(self) -> QWidget:
        page, box = self._page(t("wizard.admin"))
        self.admin_id = self._labelled(box, t("signin.id"), _edit(t("signin.id"), "wizard_admin_id"))
        self.admin_pin = self._labelled(box, t("signin.pin"),
                                        _edit(t("signin.pin"), "wizard_admin_pin", secret=True))
        self.admin_pin2 = self._labelled(box, t("wizard.admin_pin_again"),
                                         _edit(t("wizard.admin_pin_again"), "wizard_admin_pin2", secret=True))
        return page

    # -- values ----------------------------------------------------------------------------------
    def load(self, settings: KioskSettings) -> None:
        self.settings = settings
        self.desk_buttons.get(settings.desk, self.desk_buttons[None]).setChecked(True)
        self.site_edit.setText(settings.site or "")
        self.mesh_edit.setText(settings.mesh_url or "")
        self.code_edit.setText("")
        self.reader_combo.clear()
        auto = t("wizard.reader_auto")
        self.reader_combo.addItem(f"{auto.ja} / {auto.en}", None)
        names = list(self.readers())
        if settings.reader and settings.reader not in names:
            names.append(settings.reader)
        for name in names:
            self.reader_combo.addItem(name, name)
        at = self.reader_combo.findData(settings.reader) if settings.reader else 0
        self.reader_combo.setCurrentIndex(max(at, 0))
        self.scale_buttons[nearest_scale(settings.text_scale)].setChecked(True)
        self.contrast_buttons.get(settings.contrast, self.contrast_buttons["normal"]).setChecked(True)
        self.printer_edit.setText(settings.printer or "")
        self.test_print_button.setEnabled(test_print_available())

    def chosen(self) -> KioskSettings:
        desk = next((d for d, b in self.desk_buttons.items() if b.isChecked()), None)
        s = self.settings
        return KioskSettings(desk=desk, reader=self.reader_combo.currentData(),
                             printer=self.printer_edit.text().strip() or None, idle_s=s.idle_s,
                             idle_warn_s=s.idle_warn_s, desk_idle_s=dict(s.desk_idle_s), setup_done=True,
                             text_scale=next(v for v, b in self.scale_buttons.items() if b.isChecked()),
                             contrast=next(v for v, b in self.contrast_buttons.items() if b.isChecked()),
                             site=self.site_edit.text().strip() or None,
                             mesh_url=self.mesh_edit.text().strip().rstrip("/") or None)

    def go(self, index: int) -> None:
        self.screens.setCurrentWidget(self.main)
        last = self.pages.count() - 1
        index = max(0, min(index, last))
        self.pages.setCurrentIndex(index)
        pair = t("wizard.step", n=index + 1, total=last + 1)
        set_bilingual(self.step_label, pair, en_pt=13)
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < last)
        self.finish_button.setVisible(index == last or not self.first_run)
        self._say(None)

    def _say(self, pair: Bilingual | None, role: str = "error") -> None:
        show_message(self.message, pair, role, en_pt=13)

    # -- acting ----------------------------------------------------------------------------------
    def open_node_page(self) -> None:
        """「このPCを避難所ノードにする…」: the node page in the wizard's place (its 戻る comes back here)."""
        if self.node_page is None:
            from kiosk.shell.node_page import NodePage  # not before: sync.transport loads httpx, x509

            self.node_page = NodePage(self.data_dir, self.tasks)
            self.node_page.closed.connect(self.close_node_page)
            self.screens.addWidget(self.node_page)
        else:
            self.node_page.load()
        self.node_page.offer_upstream(self.mesh_edit.text())
        self.screens.setCurrentWidget(self.node_page)

    def close_node_page(self) -> None:
        self.go(self.pages.currentIndex())   # the mesh page, as it was left

    def print_test_page(self) -> None:
        try:
            test_print(self.printer_edit.text().strip() or None)
        except Exception as exc:  # noqa: BLE001 (the printing code's typed error, shown to the admin)
            self._say(for_error(exc))

    def save(self) -> None:
        try:
            settings = self.chosen()  # a value the kiosk cannot use is refused here (SettingsError)
            if self.first_run and not self._admin_added:
                pin, again = self.admin_pin.text(), self.admin_pin2.text()
                self.admin_pin.setText("")
                self.admin_pin2.setText("")
                if pin != again:
                    raise StaffError("staff_pin_mismatch", t("wizard.pins_differ").ja,
                                     t("wizard.pins_differ").en)
                StaffDirectory(self.data_dir).add(self.admin_id.text().strip(), "admin", pin)
                self._admin_added = True
            settings.save(self.data_dir)
        except StaffError as exc:
            self._say(for_error(exc))
            return
        logger.info("kiosk settings saved (desk %s)", settings.desk)
        self.settings = settings
        code = self.code_edit.text().strip()
        self.code_edit.setText("")
        self._say(t("wizard.saved"), "hint")
        if code and settings.mesh_url:  # finished only after the enrolment (it may change the site)
            data_dir, url = self.data_dir, settings.mesh_url
            self.finish_button.setEnabled(False)
            self.tasks.run(lambda: enrol(data_dir, code, url), self._enrolled, self._not_enrolled)
            return
        self.finished.emit(settings)

    def _enrolled(self, _answer) -> None:
        self.finish_button.setEnabled(True)
        self._say(t("wizard.enrolled"), "hint")
        self.enrolment_done.emit(True)
        self.finished.emit(KioskSettings.load(self.data_dir))

    def _not_enrolled(self, error: BaseException) -> None:
        logger.warning("enrolment from the wizard failed: %s", getattr(error, "code", type(error).__name__))
        self.finish_button.setEnabled(True)
        if getattr(error, "code", None) == "mesh_certificate_mismatch":  # not the mesh: say so
            self._say(Bilingual(error.message_ja, error.message_en))
        else:
            self._say(t("wizard.enrol_later"))  # the settings are saved; 保存 again goes on without it
        self.enrolment_done.emit(False)


def _pcsc_reader_names() -> list[str]:
    try:
        # lazy: a pyscard that cannot load (no pcscd libraries) leaves the automatic choice only
        from devices.pcsc import list_readers

        return [r.name for r in list_readers()]
    except Exception:  # no pcscd: the automatic choice only
        return []
