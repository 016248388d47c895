"""「このPCを避難所ノードにする」: the staff menu's page (admin: the `settings` right) that makes this PC the
shelter's own node (sync.node.setup; docs/packaging.md "A shelter's node on a spare PC").

The administrator types the municipal mesh's address (filled in from terminal.json when the terminal
has one), the node code IT gave (`kazasu mesh enroll --site SITE --node`) and the port; 「ノードにする」
runs `set_up_node` on the shell's task thread (enrolment, the node's certificate, node.json in
<data folder>/node, the systemd user unit, started). The page then shows what each terminal of the
shelter needs: the node's address on the LAN, the pin of its key, and the two commands. A failure is
shown in Japanese and English from its typed error (nothing half-done is lost: running it again goes on
from what was written). The code is not kept.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from kiosk.messages import Bilingual, for_error
from kiosk.shell.texts import t
from kiosk.ui.labels import button, label, set_bilingual, show_message
from kiosk.ui.layout import body_and_foot, reveal
from kiosk.ui.theme import set_role
from sync.transport import MIN_PIN_HEX

logger = logging.getLogger(__name__)
DEFAULT_PORT = 8766


def grouped(pin: str) -> str:
    """A pin as it is read off the screen: its first 128 bits (what a terminal needs, as in an enrolment
    code: sync.transport.MIN_PIN_HEX) in groups of 4 hex digits (kazasu terminal pin takes it so)."""
    short = pin[:MIN_PIN_HEX]
    return " ".join(short[i:i + 4] for i in range(0, len(short), 4))


def _edit(pair: Bilingual, name: str, hint: Bilingual | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(f"{pair.ja} / {pair.en}")
    if hint is not None:
        edit.setPlaceholderText(f"{hint.ja} / {hint.en}")
    return edit


class NodePage(QWidget):
    closed = Signal()
    done = Signal(dict)    # set_up_node's answer
    failed = Signal(str)   # the error's code

    def __init__(self, data_dir: Path, tasks, *, unit_dir: Path | None = None, start: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("node_page")
        self.data_dir, self.tasks = Path(data_dir), tasks
        self.node_dir = self.data_dir / "node"
        self.unit_dir, self.start = unit_dir, start
        layout, under = body_and_foot(self)   # 戻る and ノードにする never scroll away at a large text size
        layout.addWidget(label(t("node.title"), "title", en_pt=16))
        self.hint = label(t("node.hint"), "hint", en_pt=12)
        layout.addWidget(self.hint)
        self.form = QWidget()   # the fields; once set up, what terminals need takes their place
        self.form.setObjectName("node_form")
        grid = QGridLayout(self.form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnMinimumWidth(0, 300)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(1, 1)
        self.upstream_edit = _edit(t("node.upstream"), "node_upstream", t("wizard.mesh_hint"))
        self.code_edit = _edit(t("node.code"), "node_code", t("node.code_hint"))
        self.port_edit = _edit(t("node.port"), "node_port")
        self.port_edit.setMaxLength(5)
        self.port_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        for row, (pair, edit) in enumerate(((t("node.upstream"), self.upstream_edit),
                                            (t("node.code"), self.code_edit), (t("node.port"), self.port_edit))):
            name = label(pair, "key", en_pt=12)
            name.setMaximumWidth(420)
            grid.addWidget(name, row, 0)
            grid.addWidget(edit, row, 1)
        layout.addWidget(self.form)
        self.message = label(None, "error", en_pt=13)
        self.message.setObjectName("node_message")
        self.message.hide()
        layout.addWidget(self.message)   # above what it speaks of (「下の2つのコマンド」), scrolled to when said
        self.result = QWidget()   # what each terminal needs, once set up
        self.result.setObjectName("node_result")
        shown = QGridLayout(self.result)
        shown.setContentsMargins(0, 0, 0, 0)
        shown.setHorizontalSpacing(24)
        shown.setVerticalSpacing(12)
        shown.setColumnMinimumWidth(0, 300)
        shown.setColumnStretch(1, 1)
        self.address_value, self.pin_value = _plain("node_url"), _plain("node_pin")
        self.commands_value = _plain("node_commands", "hint")
        for row, (key, value) in enumerate(((t("node.address"), self.address_value),
                                            (t("node.pin"), self.pin_value),
                                            (t("node.for_terminals"), self.commands_value))):
            name = label(key, "key", en_pt=12)
            name.setMaximumWidth(420)
            shown.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            shown.addWidget(value, row, 1)
        self.service_note = label(None, "hint", en_pt=12)
        shown.addWidget(self.service_note, 3, 0, 1, 2)
        self.result.hide()
        layout.addWidget(self.result, 1, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(t("node.back"), name="node_back")
        self.go_button = button(t("node.go"), primary=True, name="node_go")
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.go_button)
        under.addLayout(row)
        self.back_button.clicked.connect(self.closed)
        self.go_button.clicked.connect(self.set_up)
        self.load()

    # -- values ----------------------------------------------------------------------------------
    def load(self) -> None:
        """Fill in what is known: the node already set up here, else the terminal's mesh address."""
        self.code_edit.setText("")
        self._say(None)
        self.result.hide()
        self.form.show()
        self.hint.show()
        node = _read(self.node_dir / "node.json")
        terminal = _read(self.data_dir / "terminal.json")
        self.upstream_edit.setText(str(node.get("upstream") or terminal.get("mesh_url") or ""))
        listen = str(node.get("listen") or "")
        self.port_edit.setText(listen.rpartition(":")[2] if listen else str(DEFAULT_PORT))
        if node.get("site"):
            self._say(t("node.already", site=str(node["site"])), "hint")

    def offer_upstream(self, url: str) -> None:
        """The mesh address typed elsewhere (the set-up wizard's field), taken when the page has none."""
        if not self.upstream_edit.text().strip():
            self.upstream_edit.setText(url.strip().rstrip("/"))

    def listen(self) -> str | None:
        port = self.port_edit.text().strip()
        return f"0.0.0.0:{port}" if port.isdigit() and 0 < int(port) <= 65535 else None

    # -- acting ----------------------------------------------------------------------------------
    def set_up(self) -> None:
        listen = self.listen()
        if listen is None:
            self._say(t("node.port_invalid"))
            return
        code, upstream = self.code_edit.text().strip(), self.upstream_edit.text().strip()
        self.code_edit.setText("")   # used once, not kept
        self.go_button.setEnabled(False)
        self.result.hide()
        self._say(t("node.working"), "hint")
        node_dir, unit_dir, start = self.node_dir, self.unit_dir, self.start

        def action() -> dict[str, Any]:
            # lazy: the set-up loads the mesh's code, only needed when an admin makes this PC a node
            from sync.node.setup import set_up_node

            return set_up_node(node_dir, code, upstream, listen=listen, unit_dir=unit_dir, start=start)

        self.tasks.run(action, self._done, self._failed)

    def _done(self, answer: dict[str, Any]) -> None:
        self.go_button.setEnabled(True)
        self._say(t("node.done", site=str(answer["site"])), "hint")
        self.address_value.setText(answer["url"])
        self.pin_value.setText(grouped(answer["tls_pin"]))
        self.commands_value.setText("\n\n".join(answer["terminal_commands"]))
        set_bilingual(self.service_note, t("node.started") if answer.get("started") else t("node.not_started"),
                      en_pt=12)
        self.form.hide()
        self.hint.hide()
        self.result.show()
        logger.info("this PC was set up as the shelter node %s", answer["node_id"])
        self.done.emit(answer)

    def _failed(self, error: BaseException) -> None:
        code = getattr(error, "code", type(error).__name__)
        logger.warning("setting up the shelter node failed: %s", code)
        self.go_button.setEnabled(True)
        self._say(for_error(error))
        self.failed.emit(str(code))

    def _say(self, pair: Bilingual | None, role: str = "error") -> None:
        show_message(self.message, pair, role, en_pt=13)
        if pair is not None:   # at a large text size the page scrolls: bring the words into view
            QTimer.singleShot(0, self.message, lambda: reveal(self.message))


class _Plain(QLabel):
    """A plain-text label whose height for a width is a whole line height for each wrapped line (a
    QLabel's own can be a few pixels short for a large font, cutting the last line's descenders)."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        margins = self.contentsMargins()
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(0)
        doc.setPlainText(self.text())
        doc.setTextWidth(max(1, width - margins.left() - margins.right()))
        doc.size()   # lays it out
        metrics = QFontMetricsF(self.font())
        line = max(math.ceil(metrics.ascent()) + math.ceil(metrics.descent()), math.ceil(metrics.lineSpacing()))
        lines, block = 0, doc.begin()
        while block.isValid():
            lines += max(1, block.layout().lineCount())
            block = block.next()
        return lines * line + margins.top() + margins.bottom()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        return QSize(hint.width(), self.heightForWidth(self.width()) if self.width() > 0 else hint.height())


def _plain(name: str, role: str | None = "value") -> QLabel:
    """A value shown as it is typed on a terminal (plain text, selectable to copy, wrapped anywhere)."""
    value = _Plain()
    value.setObjectName(name)
    value.setTextFormat(Qt.TextFormat.PlainText)
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        set_role(value, role)
    return value


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
