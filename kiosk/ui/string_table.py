"""A read-only table model of display strings with bilingual column headers, for the staff tables
(metrics, sync queue). A QTableView over it creates no per-cell item objects from Python, so nothing's
ownership can be lost between Python and Qt (a QTableWidget with Python-made items crashed
intermittently when its rows were dropped while the window closed). Subclasses add roles per cell
with `cell_role`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class StringTableModel(QAbstractTableModel):
    def __init__(self, headers: tuple[tuple[str, str], ...], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[list[str]] = []

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell_role(self, row: int, column: int, role: Qt.ItemDataRole) -> Any:
        """Any role but the display text (alignment, colour, tool tip); None by default."""
        return None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return self.cell_role(index.row(), index.column(), role)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            ja, en = self.headers[section]
            return f"{ja}\n{en}"
        return None
