"""The staff menu (behind 係員メニュー on the start screen, after the signed-in staff member's PIN):
sync now, the events waiting, choose a desk, the display (text size and colours, for the person in
front of the screen: kiosk.shell.display), spoken guidance for this visit (kiosk.ui.voice), the
terminal settings and 「このPCを避難所ノードにする」 (admin: kiosk.shell.node_page), shift change, quit
kazasu. Each button is shown only when the signed-in
role may use it (the queue is the sync engineer's queue view) (kiosk.shell.staff.RIGHTS)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.shell.texts import t
from kiosk.ui.labels import button, label, set_bilingual
from kiosk.ui.layout import body, vbox

ACTIONS = (  # (signal name, text key, right needed or None)
    ("sync_now", "menu.sync_now", "sync_now"),
    ("queue", "menu.queue", "queue"),
    ("desks", "menu.desks", None),
    ("display", "menu.display", None),
    ("voice", "menu.voice", None),
    ("settings", "menu.settings", "settings"),
    ("node", "menu.node", "settings"),
    ("switch", "menu.switch", None),
    ("quit", "menu.exit", "exit"),
    ("closed", "menu.close", None),
)


class StaffMenu(QWidget):
    sync_now = Signal()
    queue = Signal()
    desks = Signal()
    display = Signal()
    voice = Signal()   # spoken guidance for the next visit (kiosk.ui.voice)
    settings = Signal()
    node = Signal()    # 「このPCを避難所ノードにする」 (kiosk.shell.node_page)
    switch = Signal()
    quit = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staff_menu")
        layout = vbox(body(self), margins=48, spacing=16)
        layout.addWidget(label(t("menu.title"), "title", en_pt=16))
        self.who = label(None, "subtitle", en_pt=13)
        layout.addWidget(self.who)
        self.note = label(None, "hint", en_pt=12)
        layout.addWidget(self.note)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.buttons: dict[str, object] = {}
        for name, key, _right in ACTIONS:
            b = button(t(key), primary=name == "sync_now", name=f"menu_{name}")
            b.clicked.connect(getattr(self, name))
            self.buttons[name] = b
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.sync_now.connect(lambda: set_bilingual(self.note, t("menu.sync_started"), en_pt=12))

    def show_for(self, session, *, can_quit: bool) -> None:
        """Fit the menu to the signed-in role (open mode: everything)."""
        staff = session.staff
        if staff is None:
            set_bilingual(self.who, t("status.nobody"), en_pt=13)
        else:
            role = t(f"role.{staff.role}")
            set_bilingual(self.who, type(role)(t("menu.signed_in", staff=staff.staff_id, role=role.ja).ja,
                                               t("menu.signed_in", staff=staff.staff_id, role=role.en).en),
                          en_pt=13)
        self.note.setText("")
        shown = 0
        for name, _key, right in ACTIONS:  # the usable buttons, two a row, without gaps
            b = self.buttons[name]
            self.grid.removeWidget(b)
            visible = right is None or session.may(right)
            if name == "quit":
                visible = visible and can_quit
            if name == "switch":
                visible = not session.open_mode or staff is not None
            b.setVisible(visible)
            if visible:
                self.grid.addWidget(b, shown // 2, shown % 2)
                shown += 1
