"""The Qt shelter desk offscreen (pytest-qt): by hand, needs toggles, search as you type, a linked card."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt



@pytest.fixture(autouse=True)
def themed(qapp):
    from kiosk import theme

    theme.apply(qapp)
    return qapp


def test_check_in_by_hand_and_by_linked_card_then_search(qtbot, desk):
    from kiosk.screens.shelter import ShelterDesk

    card = {"kind": "felica", "pseudonym": "012E4CD1F3A57B09"}
    reads = []
    screen = ShelterDesk(desk.store, desk.site, desk.terminal, read_card=lambda: reads.pop(0))
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    for name, kana, needs in (("山田　太郎", "やまだ たろう", ("elderly", "allergy")),
                              ("𠮷田　花子", "よしだ はなこ", ("infant",)), ("秘密　守", "ひみつ まもる", ())):
        # typed Japanese arrives as input-method commits; QTest key clicks only type Latin-1
        screen.name.insert(name)
        screen.kana.insert(kana)
        for code in needs:
            qtbot.mouseClick(screen.need_buttons[code], Qt.MouseButton.LeftButton)
        if name.startswith("秘密"):
            qtbot.mouseClick(screen.protect, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(screen.checked_in):
            qtbot.mouseClick(screen.checkin_button, Qt.MouseButton.LeftButton)
        assert screen.name.text() == "" and not screen.need_buttons["elderly"].isChecked()  # wiped
    status = desk.roster().status()
    assert status["present"] == 3 and status["by_need"]["allergy"] == 1 and status["by_need"]["infant"] == 1
    assert screen.people.count() == 3 and screen.people.item(0).text().startswith("【非開示】")  # kana order
    screen.search.insert("だ")  # search as you type: one commit at a time
    assert screen.people.count() == 2
    screen.search.insert("は")
    assert [screen.people.item(i).text() for i in range(screen.people.count())] == ["𠮷田　花子　よしだ はなこ"]
    screen.search.clear()
    # a FeliCa card linked to 山田 and a tap: checked in again without typing
    yamada = desk.roster().find("山田")[0]
    desk.link_card(yamada.person_id, card)
    desk.move(yamada.person_id, "shelter.temporarily_out")
    screen.refresh()
    assert screen.people.count() == 2
    reads.append({"card": card, "source": "ic_card"})
    with qtbot.waitSignal(screen.checked_in) as signal:
        qtbot.mouseClick(screen.card_button, Qt.MouseButton.LeftButton)
    assert signal.args == [yamada.person_id] and screen.people.count() == 3
    reads.append({"card": {"kind": "felica", "pseudonym": "FFFFFFFFFFFFFFFF"}, "source": "ic_card"})
    qtbot.mouseClick(screen.card_button, Qt.MouseButton.LeftButton)
    assert "not linked" in screen.message.value()
    qtbot.mouseClick(screen.need_buttons["pet"], Qt.MouseButton.LeftButton)
    screen.name.insert("見本　入力中")
    screen.search.insert("田")
    with qtbot.waitSignal(screen.exited):
        qtbot.mouseClick(screen.exit_button, Qt.MouseButton.LeftButton)


def test_name_is_required(qtbot, desk):
    from kiosk.screens.shelter import ShelterDesk

    screen = ShelterDesk(desk.store, desk.site, desk.terminal)
    qtbot.addWidget(screen)
    assert not screen.card_button.isEnabled()
    screen.kana.insert("なまえなし")
    qtbot.mouseClick(screen.checkin_button, Qt.MouseButton.LeftButton)
    assert "name" in screen.message.value() and desk.roster().people == {}
    assert screen.kana.text() == "なまえなし"  # nothing lost: fix and try again
