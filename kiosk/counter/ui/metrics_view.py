"""The staff's metrics table (from the procedures step, behind the staff button): per form, the
number of applications, the median time of each phase (card read, asked fields, confirmation) and
the median numbers of pre-filled and typed items: the Digital Agency's analysis, live. The figures
hold no personal data (kiosk.counter.metrics).

The table is a QTableView over a read-only model of plain strings (kiosk.ui.string_table).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from kiosk.messages import text
from kiosk.ui.labels import button, label
from kiosk.ui.layout import vbox
from kiosk.ui.string_table import StringTableModel

HEADERS = (("書類", "Form"), ("件数", "Count"), ("読取 秒", "Card read s"),
           ("記入 秒", "Asked fields s"), ("確認 秒", "Confirmation s"),
           ("自動記入", "Pre-filled"), ("入力", "Typed"))
KEYS = ("count", "card_ms_median", "asked_ms_median", "confirm_ms_median", "prefilled_median",
        "typed_median")


def _cell(key: str, value) -> str:
    if value is None:
        return "—"
    if key.endswith("_ms_median"):
        return f"{value / 1000:.1f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


class MetricsModel(StringTableModel):
    """The first column left-aligned, the figures right-aligned."""

    def __init__(self, parent=None) -> None:
        super().__init__(HEADERS, parent)

    def cell_role(self, row: int, column: int, role):
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MetricsScreen(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("metrics_screen")
        layout = vbox(self, spacing=12)
        layout.addWidget(label(text("metrics.title"), "title"))
        layout.addWidget(label(text("metrics.hint"), "subtitle"))
        self.model = MetricsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("metrics_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(44)  # rows as tall as a touch target
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumHeight(64)
        self.table.setAccessibleName("利用状況の表 / Usage figures")
        layout.addWidget(self.table, 1)
        self.empty = label(text("metrics.empty"), "subtitle")
        layout.addWidget(self.empty)
        self.close_button = button(text("metrics.close"), primary=True, name="metrics_close")
        self.close_button.clicked.connect(self.closed)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_rows(self, rows: list[dict], titles: dict[str, str] | None = None) -> None:
        """rows: kiosk.counter.metrics.summary(); titles: form id → a readable title."""
        self.model.set_rows([[(titles or {}).get(row["form"], row["form"])]
                             + [_cell(k, row.get(k)) for k in KEYS] for row in rows])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not rows)

    def row_count(self) -> int:
        return self.model.rowCount()

    def cell(self, row: int, column: int) -> str:
        return self.model.rows[row][column]

    def clear(self) -> None:
        self.model.set_rows([])
        self.empty.setVisible(True)
