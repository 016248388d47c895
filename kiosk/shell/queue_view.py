"""The staff's queue view: each event waiting for the mesh and the last ones it acknowledged, with the
state the mesh gave it (送信待ち pending, 送信済み acknowledged, 差し戻し rejected) and, for a rejected
one, the mesh's reason — so staff see which record is stuck and why, not only a count. Above them, in
red too: records this terminal lost (欠落: written here, no longer in its database) and records set
aside because they do not decrypt (隔離), each with why.

The rows come from `EventStore.event_states()` (id, kind, time, state, reason: no personal data). Like
the metrics table, a QTableView over a small read-only model of plain strings. `open_queue_view(window)`
is the main window's entry point (`MainWindow.show_queue_view`): it adds the screen to the window's
stack on first use and goes back to the screen that was showing when it is closed.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableView, QWidget

from kiosk.messages import Bilingual
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import vbox
from kiosk.ui.string_table import StringTableModel

TITLE = Bilingual("送信の状況（係員用）", "Sync queue (staff)")
EMPTY = Bilingual("送信待ちの記録はありません。", "Nothing is waiting to be sent.")
REFRESH = Bilingual("更新", "Refresh")
CLOSE = Bilingual("閉じる", "Close")
HEADERS = (("記録の時刻", "Recorded"), ("種類", "Kind"), ("状態", "State"), ("理由", "Reason"))
STATES = {"pending": ("送信待ち", "Pending"), "acknowledged": ("送信済み", "Acknowledged"),
          "rejected": ("差し戻し", "Rejected"), "quarantined": ("隔離（復号不可）", "Set aside (unreadable)"),
          "lost": ("欠落", "Lost")}
ALARMING = ("rejected", "quarantined", "lost")
DESKS = {"counter.": "窓口", "shelter.": "避難所", "library.": "図書館", "sync.": "同期"}
REJECTED_COLOUR = QColor("#b00020")


def summary(counts: dict) -> Bilingual:
    lost, aside = counts.get("lost", 0), counts.get("quarantined", 0)
    ja = "".join([f"欠落 {lost} 件・" if lost else "", f"隔離 {aside} 件・" if aside else ""])
    en = "".join([f"{lost} lost, " if lost else "", f"{aside} set aside, " if aside else ""])
    return Bilingual(
        f"{ja}送信待ち {counts.get('pending', 0)} 件（うち差し戻し {counts.get('rejected', 0)} 件）・送信済み "
        f"{counts.get('acknowledged', 0)} 件。個人の情報は表示しません。",
        f"{en}{counts.get('pending', 0)} waiting ({counts.get('rejected', 0)} rejected), "
        f"{counts.get('acknowledged', 0)} acknowledged. No personal data is shown.")


def _local_time(value: str | None) -> str:
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone().strftime(
            "%m/%d %H:%M:%S")
    except ValueError:
        return value


def row_strings(state: dict) -> list[str]:
    ja, en = STATES.get(state["state"], (state["state"], state["state"]))
    kind = state["kind"]
    desk = next(((name, prefix) for prefix, name in DESKS.items() if kind.startswith(prefix)), None)
    shown = f"{desk[0]}  {kind[len(desk[1]):]}" if desk else kind  # 避難所  checked_in
    return [_local_time(state["created_at"]), shown, f"{ja} / {en}", state.get("reason") or ""]


class QueueModel(StringTableModel):
    """Rejected rows in red; every cell's full text as its tool tip."""

    def __init__(self, parent=None) -> None:
        super().__init__(HEADERS, parent)
        self.states: list[str] = []

    def set_states(self, states: list[dict]) -> None:
        self.states = [s["state"] for s in states]
        self.set_rows([row_strings(s) for s in states])

    def cell_role(self, row: int, column: int, role):
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.rows[row][column]
        if role == Qt.ItemDataRole.ForegroundRole and self.states[row] in ALARMING:
            return REJECTED_COLOUR
        return None


class QueueScreen(QWidget):
    closed = Signal()
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queue_screen")
        layout = vbox(self, spacing=12)
        layout.addWidget(label(TITLE, "title"))
        self.counts = label(summary({}), "subtitle")
        layout.addWidget(self.counts)
        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("queue_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)  # a reason wraps, never cut short
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(44)  # rows as tall as a touch target
        header = self.table.horizontalHeader()
        header.setMinimumHeight(64)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setAccessibleName("送信の状況の表 / Sync queue")
        layout.addWidget(self.table, 1)
        self.empty = label(EMPTY, "subtitle")
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.refresh_button = button(REFRESH, name="queue_refresh")
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.close_button = button(CLOSE, primary=True, name="queue_close")
        self.close_button.clicked.connect(self.closed)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def show_states(self, states: list[dict], counts: dict) -> None:
        """states: EventStore.event_states(); counts: EventStore.status() and .problems()."""
        self.model.set_states(states)
        set_bilingual(self.counts, summary(counts))
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not any(s["state"] != "acknowledged" for s in states))

    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> str:
        return self.model.rows[row][column]


def load(screen: QueueScreen, store) -> None:
    """Fill the screen from the terminal's store (the UI thread's own connection)."""
    screen.show_states(store.event_states(), {**store.status(), **store.problems()})


def open_queue_view(window) -> QueueScreen:
    """Show the queue view in the main window's stack; closing it goes back to where it was."""
    screen = getattr(window, "queue_view", None)
    if screen is None:
        screen = QueueScreen()
        window.queue_view = screen
        window.stack.addWidget(screen)
        screen.refresh_requested.connect(lambda: load(screen, window.services.store))
        screen.closed.connect(lambda: window.stack.setCurrentWidget(
            getattr(screen, "return_to", None) or window.start))
    current = window.stack.currentWidget()
    if current is not screen:
        screen.return_to = current
    window.stack.setCurrentWidget(screen)
    load(screen, window.services.store)  # shown first, so the reason column has its real width
    return screen
