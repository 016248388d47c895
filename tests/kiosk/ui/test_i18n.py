"""Languages on the counter: the shipped translations (English, やさしい日本語) are what Qt's own
lrelease makes of the .ts files, the resident switches language on the screen and the desk is
re-rendered in place (nothing entered is lost), and a municipality adds a language with one .ts file:
compiled here with the real pyside6-lrelease, loaded, and seen on the screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from kiosk import messages
from kiosk.ui import i18n
from kiosk.ui.i18n import languages as catalog_module
from kiosk.ui.i18n.languages import SHIPPED, Catalog
from kiosk.ui.i18n.tools import TranslationError, compile_ts, unfinished
from tests.kiosk.counter.test_preview_layout import _desk, _person

RESIDENT = ("step.", "nav.", "tap.", "pin.", "blocked.", "error.", "sex.", "preview.", "confirm.", "done.",
            "idle.", "procedures.title", "procedures.hint", "procedures.next", "procedures.none",
            "procedures.my_number", "codeb.", "language.title", "language.name", "language.close",
            "keyboard.")
VIETNAMESE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="ja">
<context>
    <name>kazasu</name>
    <message>
        <source>日本語</source>
        <comment>language.name</comment>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <source>マイナンバーカードを読み取り機に置いてください</source>
        <comment>tap.title</comment>
        <translation>Vui lòng đặt thẻ My Number lên máy đọc</translation>
    </message>
    <message>
        <source>残り {n} 回まで入力できます。</source>
        <comment>pin.tries</comment>
        <translation>Bạn còn {n} lần nhập.</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture(autouse=True)
def japanese_first():
    i18n.reset()
    yield
    i18n.reset()
    catalog_module.use_catalog(None)


def words(widget) -> str:
    return widget.accessibleName()


def test_shipped_qm_files_are_what_lrelease_makes_of_the_ts(tmp_path):
    for ts in sorted(SHIPPED.glob("kazasu_*.ts")):
        fresh = compile_ts(ts, tmp_path / f"{ts.stem}.qm")  # the real pyside6-lrelease
        assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes(), \
            f"{ts.name} changed: run python -m kiosk.ui.i18n compile"
    assert {lang.code: lang.name for lang in Catalog([SHIPPED]).languages()} == \
        {"ja": "日本語", "en": "English", "ja_easy": "やさしい にほんご"}


def test_english_comes_from_messages_and_easy_japanese_covers_every_resident_string():
    shipped = Catalog([SHIPPED])
    for key, (_, en) in {**messages.TEXTS, **messages.ERRORS}.items():
        if key != "language.name":
            names = re.findall(r"{(\w+)}", en)   # each placeholder given as itself
            assert shipped.lookup("en", key, tuple((name, f"{{{name}}}") for name in names)) == en, key
    resident = [key for key in {**messages.TEXTS, **messages.ERRORS}
                if key.startswith(RESIDENT) or key in messages.ERRORS]
    left = set(unfinished(SHIPPED / "kazasu_ja_easy.ts"))
    assert resident and not left & set(resident), sorted(left & set(resident))
    easy = shipped.lookup("ja_easy", "pin.tries", (("n", 2),))
    assert easy == "あと 2回(かい) 入(い)れる ことが できます。"
    raw = {key: shipped._translators["ja_easy"].translate(messages.CONTEXT, messages.source(key), key)
           for key in resident}   # the templates, placeholders and all
    placeholders = {key: re.findall(r"{(\w+)}", raw[key] or "") for key in resident}
    assert all(shipped.lookup("ja_easy", key, (("n", 1), *((name, "x") for name in placeholders[key])))
               for key in resident)
    # placeholders survive the translation: a resident never sees "{n}"
    for key, (ja, _) in messages.TEXTS.items():
        if "{n}" in ja and key.startswith(RESIDENT):
            assert "{n}" not in (shipped.lookup("ja_easy", key, (("n", 3),)) or "{n}"), key


def test_resident_switches_language_in_place_and_keeps_what_was_entered(qtbot, people):
    desk = _desk(qtbot, _person(people[0]))
    preview = desk.preview
    kana = preview.asked["requester_kana"].edit
    kana.setText("やまだ たろう")
    preview.asked["visitor"].buttons["self"].click()
    scroll = preview.scroll.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    before = scroll.value()
    back = desk.nav.back_button
    assert back.text() == "戻る\nBack" and desk.language_button.text() == "ことば / Language\n日本語"
    assert desk.language_button.height() >= 44

    qtbot.mouseClick(desk.language_button, Qt.MouseButton.LeftButton)
    chooser = desk.language_chooser
    assert chooser.isVisible() and not desk.pages.isEnabled()  # the desk beneath is out of reach
    assert [b.text() for b in chooser.buttons.values()] == ["✓ 日本語", "English", "やさしい にほんご"]
    assert all(b.height() >= 44 and b.width() >= 44 for b in chooser.buttons.values())
    qtbot.mouseClick(chooser.buttons["ja_easy"], Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert not chooser.isVisible() and desk.pages.isEnabled()
    assert i18n.current() == "ja_easy"
    assert back.text() == "もどる\nBack"
    assert desk.steps.steps[0].value().startswith("1 カード")
    assert desk.language_button.text() == "ことば / Language\nやさしい にほんご"
    assert desk.language_button.hasFocus()  # focus back where it was
    assert "カードから 読(よ)んだ ことです" in desk.preview.findChildren(QLabel)[0].accessibleName()
    # nothing the resident entered or chose moved (the fields are built again in the new language)
    kana = preview.asked["requester_kana"].edit
    assert kana.text() == "やまだ たろう" and preview.asked["visitor"].value() == "self"
    assert scroll.value() == before

    desk.language_button.click()
    chooser.buttons["en"].click()
    assert back.text() == "Back\n戻る"
    assert desk.steps.steps[2].value() == "3 Check  確認"
    kana = preview.asked["requester_kana"].edit
    assert kana.text() == "やまだ たろう" and preview.asked["visitor"].value() == "self"
    # English words are longer: every choice takes a whole row, the card's values two rows
    assert all(w.wide for w in preview.asked.values() if hasattr(w, "buttons"))
    # the PIN pad in English, with the digits typed so far kept
    pin = desk.pin
    pin.set_tries(3)
    pin.press("1")
    pin.press("2")
    desk.language_button.click()
    chooser.buttons["ja_easy"].click()
    assert pin.tries_label.accessibleName() == "あと 3回(かい) 入(い)れる ことが できます。 / You have 3 tries left."
    assert pin.display.value().count("●") == 2
    i18n.reset()
    assert back.text() == "戻る\nBack" and pin.tries_label.accessibleName().startswith("残り 3 回")
    # a cleared label is never given its words back by a switch
    pin.clear()
    i18n.set_language("en")
    assert pin.tries_label.text() == ""


def test_a_new_language_is_one_ts_file_compiled_with_the_real_lrelease(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "translations"
    folder.mkdir()
    (folder / "kazasu_vi.ts").write_text(VIETNAMESE, encoding="utf-8")
    (folder / "kazasu_xx.ts").write_text("<TS><context>broken", encoding="utf-8")  # left out, no crash
    monkeypatch.setenv("KAZASU_TRANSLATIONS", str(folder))
    catalog_module.use_catalog(None)
    from kiosk.counter.ui.view import CounterDesk

    desk = CounterDesk()
    qtbot.addWidget(desk)
    desk.resize(1280, 760)
    desk.show()
    assert (folder / "kazasu_vi.qm").exists()  # compiled on load, from the .ts alone
    assert [lang.code for lang in i18n.catalog().languages()] == ["ja", "en", "ja_easy", "vi"]
    desk.show_page(desk.tap, 1)
    title = desk.tap.findChildren(type(desk.tap.status))[0]
    assert title.accessibleName().startswith("マイナンバーカードを読み取り機に")
    desk.language_button.click()
    assert desk.language_chooser.buttons["vi"].text() == "Tiếng Việt"
    qtbot.mouseClick(desk.language_chooser.buttons["vi"], Qt.MouseButton.LeftButton)
    # translated: Vietnamese over the Japanese (the staff beside the resident can read it)
    assert title.accessibleName() == ("Vui lòng đặt thẻ My Number lên máy đọc / "
                                      "マイナンバーカードを読み取り機に置いてください")
    desk.pin.set_tries(2)
    assert desk.pin.tries_label.accessibleName() == "Bạn còn 2 lần nhập. / 残り 2 回まで入力できます。"
    # not translated yet: English over the Japanese
    assert desk.nav.back_button.text() == "Back\n戻る"
    assert desk.language_button.text().endswith("Tiếng Việt")


def test_a_ts_that_lrelease_cannot_compile_is_a_clear_error(tmp_path):
    broken = tmp_path / "kazasu_ko.ts"
    broken.write_text("<TS><context><message>", encoding="utf-8")
    with pytest.raises(TranslationError) as caught:
        compile_ts(broken)
    assert "lrelease" in caught.value.message_en and "失敗" in caught.value.message_ja


def test_a_key_is_one_entry_and_the_status_bar_is_translated():
    from kiosk.shell.texts import t

    with pytest.raises(ValueError, match="status.online"):
        messages.register({"status.online": ("別の言葉", "other words")})
    shipped = Catalog([SHIPPED])
    assert shipped.shown(t("status.pending", n=3), "en") == ("3 waiting", "未送信 3 件")
    assert shipped.shown(t("status.online"), "ja_easy") == ("つながって います", "online")


def test_fill_writes_a_translators_words_into_a_ts_and_lrelease_compiles_it(tmp_path):
    from kiosk.ui.i18n.tools import fill

    ts = tmp_path / "kazasu_vi.ts"
    ts.write_text(VIETNAMESE.replace("<translation>Bạn còn {n} lần nhập.</translation>",
                                     '<translation type="unfinished"></translation>'), encoding="utf-8")
    assert unfinished(ts) == ["pin.tries"]
    assert fill(ts, {"pin.tries": "Còn {n} lần.", "no.such.key": "x"}) == 1
    assert unfinished(ts) == []
    languages = Catalog([tmp_path])
    assert languages.lookup("vi", "pin.tries", (("n", 2),)) == "Còn 2 lần."


def test_english_counts_of_one_are_singular():
    assert messages.text("pin.tries", n=1).en == "You have 1 try left."
    assert messages.text("pin.tries", n=3).en == "You have 3 tries left."
    assert "1 try left" in messages.text("codeb.wrong", n=1).en
    assert "1 try left" in messages.text("pin.wrong", n=1).en
    assert messages.singular_en("11 tries, 21 people, 1 people, 0 tries") == "11 tries, 21 people, 1 person, 0 tries"
    shipped = Catalog([SHIPPED])   # the English translation file says it the same way
    assert shipped.lookup("en", "pin.tries", (("n", 1),)) == "You have 1 try left."
    assert shipped.shown(messages.text("pin.tries", n=1), "en")[0] == "You have 1 try left."
