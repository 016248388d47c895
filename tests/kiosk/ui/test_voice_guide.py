"""Spoken guidance in the kiosk window (kiosk/ui/voice.py, speaker.py) with the real voices (Open JTalk,
espeak-ng), the real pcscd and the emulated card, driven only by a 10-key pad's keys: `*` turns it on and
gives help (the choices numbered), a digit picks a choice, Enter goes on, `-` goes back, `+` repeats. The
PIN typed on the pad is never said, only how many digits are in; the sound handed to the player is
rendered to a WAV and is not silence; English is said in English; leaving the desk turns it off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.speech import Audio
from kiosk.ui import i18n
from kiosk.ui.speaker import RecordingPlayer
from tests.kiosk.counter.test_flow import WAIT_MS, go_to, state

pytestmark = pytest.mark.pcscd
SAY_MS = 30_000   # the first line loads the dictionary


@pytest.fixture
def guided(qtbot, make_window, slot1_card, people):
    yamada = people[0]
    card, demo, source = slot1_card(yamada)
    window = make_window(source, demo)
    player = RecordingPlayer()
    window.voice._player = player
    said: list[str] = []
    yield window, player, said, yamada
    i18n.reset()


def listen(window, said):
    speaker = window.voice.speaker
    original = speaker.say
    speaker.say = lambda words, language: (said.append(words), original(words, language))


def key(qtbot, window, k, text: str = "") -> None:
    qtbot.keyClick(window.focusWidget() or window, k, Qt.KeyboardModifier.KeypadModifier)


def wait_said(qtbot, said, words: str) -> str:
    qtbot.waitUntil(lambda: any(words in s for s in said), timeout=SAY_MS)
    return next(s for s in said if words in s)


def test_the_pad_alone_goes_through_the_counter_and_the_pin_is_never_said(qtbot, guided):
    window, player, said, yamada = guided
    assert not window.voice.active
    key(qtbot, window, Qt.Key.Key_Asterisk)             # help turns it on
    assert window.voice.active
    listen(window, said)
    qtbot.waitUntil(lambda: bool(player.sounds), timeout=SAY_MS)
    assert "音声案内を始めます" in window.voice.speaker.last_words
    assert "ご用件を選んでください" in window.voice.speaker.last_words
    key(qtbot, window, Qt.Key.Key_Asterisk)             # help: the choices numbered
    help_words = wait_said(qtbot, said, "1番、窓口（証明書・届出）")
    assert "2番、避難所受付" in help_words and "アスタリスクキー" in help_words
    assert "係員メニュー" not in help_words                 # a staff control is no choice
    key(qtbot, window, Qt.Key.Key_1)                    # the counter
    go_to(qtbot, window, "procedures")
    wait_said(qtbot, said, "エンターキーで、")
    key(qtbot, window, Qt.Key.Key_Enter)                # go on: read the card
    go_to(qtbot, window, "waiting_card")
    window.desk("counter").widget.tap.demo_button.click()
    go_to(qtbot, window, "pin")
    wait_said(qtbot, said, "暗証番号（数字4桁）を入力してください")
    for digit in yamada["pin"]:
        key(qtbot, window, getattr(Qt.Key, f"Key_{digit}"))
    wait_said(qtbot, said, "4桁入力しました")
    key(qtbot, window, Qt.Key.Key_Period)               # delete one
    wait_said(qtbot, said, "3桁入力しました")
    key(qtbot, window, getattr(Qt.Key, f"Key_{yamada['pin'][-1]}"))
    key(qtbot, window, Qt.Key.Key_Enter)                # go on: the PIN goes to the card
    go_to(qtbot, window, "preview")
    key(qtbot, window, Qt.Key.Key_Plus)                 # again
    key(qtbot, window, Qt.Key.Key_Minus)                # back
    qtbot.waitUntil(lambda: state(window) != "preview", timeout=WAIT_MS)
    assert not [s for s in said if yamada["pin"] in s.replace(" ", "") or yamada["name"] in s]
    sound = Audio.from_wav(player.wav())
    assert sound.seconds > 0.5 and sound.audible()
    window.leave_desk()
    assert not window.voice.active                     # the visit is over


def test_staff_turn_it_on_and_english_is_said_in_english(qtbot, guided):
    window, player, said, _ = guided
    window.menu.voice.emit()
    assert window.voice.active
    listen(window, said)
    qtbot.waitUntil(lambda: bool(player.sounds), timeout=SAY_MS)
    i18n.set_language("en")
    key(qtbot, window, Qt.Key.Key_Plus)
    words = wait_said(qtbot, said, "Please choose a service")
    assert "ご用件" not in words
    count = len(player.sounds)
    qtbot.waitUntil(lambda: len(player.sounds) > count, timeout=SAY_MS)
    assert player.sounds[-1][1].rate == 22050 and player.sounds[-1][1].audible()   # espeak-ng's voice
    key(qtbot, window, Qt.Key.Key_7)
    wait_said(qtbot, said, "There is no choice 7")
    window.forget_everyone()
    assert not window.voice.active


def test_on_a_pad_slash_and_a_number_choose_and_the_code_b_digits_are_counted(qtbot, guided):
    window, player, said, yamada = guided
    key(qtbot, window, Qt.Key.Key_Asterisk)
    listen(window, said)
    key(qtbot, window, Qt.Key.Key_1)
    go_to(qtbot, window, "procedures")
    key(qtbot, window, Qt.Key.Key_Enter)
    go_to(qtbot, window, "waiting_card")
    window.desk("counter").widget.tap.demo_button.click()
    go_to(qtbot, window, "pin")
    wait_said(qtbot, said, "暗証番号（数字4桁）を入力してください")
    key(qtbot, window, Qt.Key.Key_Asterisk)             # help names 暗証番号がわからない with its number
    help_words = wait_said(qtbot, said, "暗証番号がわからない。")
    number = next(line for line in help_words.splitlines() if "暗証番号がわからない" in line).split("番")[0]
    assert "スラッシュキー" in help_words
    key(qtbot, window, Qt.Key.Key_Slash)
    key(qtbot, window, getattr(Qt.Key, f"Key_{number}"))
    go_to(qtbot, window, "code_b")
    wait_said(qtbot, said, "照合番号Bは残り 10 回")     # the tries are checked, then the pad takes keys
    for digit in "5504":
        key(qtbot, window, getattr(Qt.Key, f"Key_{digit}"))
    wait_said(qtbot, said, "生年月日（YYMMDD）、4桁です")
    assert window.desk("counter").widget.code_b.fields["birth"].text() == "5504"
    assert not [s for s in said if "5504" in s or "550" in s]


@pytest.mark.parametrize(("choice", "desk"), [(2, "shelter"), (3, "library")])
def test_the_shelter_and_the_library_are_read_out_too(qtbot, guided, choice, desk):
    window, player, said, _ = guided
    key(qtbot, window, Qt.Key.Key_Asterisk)
    listen(window, said)
    key(qtbot, window, getattr(Qt.Key, f"Key_{choice}"))
    qtbot.waitUntil(lambda: window.current_desk() == desk, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(window.voice._headings()), timeout=WAIT_MS)
    heading = window.voice._headings()[0]
    words = wait_said(qtbot, said, heading)
    assert "ご用件を選んでください" not in words          # the new screen, not the old one
    count = len(player.sounds)
    qtbot.waitUntil(lambda: len(player.sounds) > count, timeout=SAY_MS)
    assert player.sounds[-1][1].audible()
