"""The library checkout desk (図書館 貸出・返却) for librarians.

`LibraryDesk(store, site, terminal, identify_card, config=None, wedge=None)`: find the patron by a
tap (`identify_card()` returns the card's (kind, token) — e.g. `devices.card_id.identify_card` on the
reader, run by the caller), or by scanning the library card's barcode; then every scanned item is
checked out (or, in 返却 mode, checked in). Scans come from a `BarcodeWedge` (application-wide; one is
made and installed if none is given). Loans, overdue items and a block are shown from the local fold,
so the desk works offline. 次の方 forgets the patron; `exited` is emitted by 終了.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QWidget

from kiosk.library.checkdigit import is_valid
from kiosk.library.config import LibraryConfig
from kiosk.library.desk import LibraryDesk as Desk
from kiosk.library.errors import LibraryError
from kiosk.messages import Bilingual
from kiosk.screens.library_scanner import BarcodeWedge
from kiosk.screens.widgets import button, label, plain, set_bilingual, vbox

IdentifyCard = Callable[[], tuple[str, str]]
T = {
    "title": Bilingual("図書館 貸出・返却", "Library checkout"),
    "scan_patron": Bilingual("利用者カードをかざすか、バーコードを読んでください", "Tap or scan the library card"),
    "scan_items": Bilingual("資料のバーコードを読んでください（貸出）", "Scan items to check out"),
    "scan_returns": Bilingual("返却する資料のバーコードを読んでください", "Scan items to check in"),
    "tap": Bilingual("カードをかざす", "Tap card"),
    "returns": Bilingual("返却モード", "Check-in mode"),
    "loans_mode": Bilingual("貸出モード", "Checkout mode"),
    "next": Bilingual("次の方", "Next patron"),
    "exit": Bilingual("終了", "Exit"),
    "blocked": Bilingual("貸出停止中です", "Loans are stopped for this patron"),
}


class LibraryDesk(QWidget):
    exited = Signal()

    def __init__(self, store: Any, site: str, terminal: str, identify_card: IdentifyCard,
                 config: LibraryConfig | None = None, wedge: BarcodeWedge | None = None,
                 parent: QWidget | None = None, runner=None) -> None:
        super().__init__(parent)
        self.setObjectName("library_desk")
        self.desk = Desk(store, site, terminal, config or LibraryConfig.load())
        self.identify_card = identify_card
        self.runner = runner  # kiosk.card_tasks.CardTaskRunner: the card read off the UI thread
        self.patron: str | None = None
        self.returning = False
        self.wedge = wedge or BarcodeWedge(self).install()
        self.wedge.scanned.connect(self.on_scan)
        layout = vbox(self, margins=24, spacing=12)
        layout.addWidget(label(T["title"], "title"))
        self.prompt = label(T["scan_patron"])
        layout.addWidget(self.prompt)
        self.patron_line = plain("", "value")
        self.patron_line.setObjectName("library_patron")
        layout.addWidget(self.patron_line)
        self.status = plain("", "status")
        self.status.setObjectName("library_status")
        layout.addWidget(self.status)
        self.loans = QListWidget()
        self.loans.setObjectName("library_loans")
        self.loans.setAccessibleName("貸出中の資料 / Items on loan")
        layout.addWidget(self.loans, 1)
        row = QHBoxLayout()
        self.tap_button = button(T["tap"], primary=True, name="library_tap")
        self.mode_button = button(T["returns"], name="library_mode")
        self.next_button = button(T["next"], name="library_next")
        self.exit_button = button(T["exit"], name="library_exit")
        for widget in (self.tap_button, self.mode_button, self.next_button, self.exit_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.tap_button.clicked.connect(self.on_tap)
        self.mode_button.clicked.connect(self.toggle_mode)
        self.next_button.clicked.connect(self.clear)
        self.exit_button.clicked.connect(self._exit)

    # -- input ---------------------------------------------------------------------------------
    def on_tap(self) -> None:
        if self.runner is None:
            try:
                self._tapped(self.identify_card())
            except Exception as exc:  # noqa: BLE001 (card errors carry their own ja/en messages)
                self._tap_failed(exc)
            return
        self.tap_button.setEnabled(False)
        self.runner.run(self.identify_card, self._tapped, self._tap_failed)

    def _tapped(self, card: tuple[str, str]) -> None:
        self.tap_button.setEnabled(True)
        kind, token = card
        try:
            self.show_patron(self.desk.identify(kind, token))
        except Exception as exc:  # noqa: BLE001
            self._tap_failed(exc)

    def _tap_failed(self, exc: BaseException) -> None:
        self.tap_button.setEnabled(True)
        if not hasattr(exc, "message_ja"):
            exc = LibraryError("The card could not be read. Tap it again.",
                               "カードを読み取れませんでした。もう一度かざしてください。")
        self._error(exc)

    def on_scan(self, code: str) -> None:
        if not self.isVisible():
            return
        number = code.strip().strip("ABCDabcd")
        scheme = self.desk.config.scheme["check"]
        try:
            if len(number) == int(self.desk.config.scheme["length"]) and is_valid(number, scheme) \
                    and number in self.desk.state().patrons:
                self.show_patron(number)
            elif self.returning:
                result = self.desk.checkin(code)
                self.status.setText(f"返却しました / Checked in: {result['item']}")
                self.refresh()
            elif self.patron is None:
                self._error(LibraryError("Scan or tap the library card first.",
                                         "先に利用者カードを読んでください。"))
            else:
                result = self.desk.checkout(self.patron, code)
                self.status.setText(f"貸出しました / Checked out: {result['item']}"
                                    f"　返却期限 / due {result['due_date']}")
                self.refresh()
        except LibraryError as exc:
            self._error(exc)

    # -- display -------------------------------------------------------------------------------
    def show_patron(self, number: str) -> None:
        self.patron = number
        self.status.setText("")
        self.refresh()

    def refresh(self) -> None:
        self.loans.clear()
        if self.patron is None:
            self.patron_line.setText("")
            set_bilingual(self.prompt, T["scan_returns"] if self.returning else T["scan_patron"])
            return
        summary = self.desk.summary(self.patron)
        name = self.desk.state().patrons[self.patron]["name"]
        line = f"{name}　利用者番号 {self.patron}　貸出中 {len(summary['loans'])}点"
        if summary["overdue"]:
            line += f"　延滞 {summary['overdue']}点"
        if summary["blocked"]:
            line += f"　【{T['blocked'].ja} / {T['blocked'].en}: {summary['blocked']}】"
        self.patron_line.setText(line)
        set_bilingual(self.prompt, T["scan_returns"] if self.returning else T["scan_items"])
        for loan in summary["loans"]:
            mark = "　延滞 / overdue" if loan["overdue"] else ""
            self.loans.addItem(f"{loan['item']}　返却期限 {loan['due_date']}{mark}")

    def toggle_mode(self) -> None:
        self.returning = not self.returning
        self.mode_button.setText((T["loans_mode"] if self.returning else T["returns"]).both())
        self.refresh()

    def clear(self) -> None:
        """次の方: forget the patron and everything shown."""
        self.patron = None
        self.status.setText("")
        self.refresh()

    def _error(self, exc: Any) -> None:
        self.status.setText(f"{exc.message_ja}\n{exc.message_en}")

    def _exit(self) -> None:
        self.clear()
        self.exited.emit()
