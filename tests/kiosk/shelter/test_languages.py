"""The shelter desk in the resident's language (Japanese, English, やさしい日本語), like the counter
(tests/kiosk/ui/test_i18n.py): the switch 「ことば / Language」 in the desk's top bar on every page, a
switch re-renders the desk in place (typed fields, chosen needs, the person shown, the search and the
list stay) and every word follows, with nothing left in Japanese alone on a page shown in English;
every page in each language at 200 % text and in high contrast has room for its words (the helpers of
tests/kiosk/ui/test_a11y_desks.py); the desk goes back to Japanese when it forgets the person.
Screenshots: docs/screenshots/shelter-lang-<page>-<language>-<text %>[-hc].png, through shoot().
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea

from kiosk.shelter import model as m
from kiosk.ui import i18n, theme
from tests.kiosk.conftest import shoot
from tests.kiosk.counter.test_text_scale import Keeper
from tests.kiosk.ui.test_a11y_desks import cut_placeholders, no_sideways, problems, settle

LEFT = Qt.MouseButton.LeftButton
LANGUAGES = ("ja", "en", "ja_easy")
PAGES = ("reception", "person", "headcount", "inquiry", "needs")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\U00020000-\U0002ffff]")
LETTER = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff\U00020000-\U0002ffff]")
PEOPLE = (("山田　太郎", "やまだ たろう", {"elderly": ""}, "山田家", False),
          ("山田　花子", "やまだ はなこ", {"allergy": "卵"}, "山田家", False),
          ("𠮷田　一", "よしだ はじめ", {"infant": ""}, "", False),
          ("見本　守", "みほん まもる", {}, "", True))


@pytest.fixture(autouse=True)
def japanese_first(qapp):
    theme.apply(qapp)
    i18n.reset()
    yield
    i18n.reset()


def plain_words(widget) -> str:
    """What a label or button shows, without markup and the invisible word joiners."""
    words = widget.text()
    if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
        words = re.sub(r"<[^>]+>", "\n", words)
    return unescape(words).replace("\u2060", "").strip()


def first_line(widget) -> str:
    return plain_words(widget).split("\n")[0].strip()


def open_desk(make_screen, desk, holder=None):
    """The Qt desk over `desk` (the fixture's core) with people here, one of them out."""
    for name, kana, needs, household, protect in PEOPLE:
        desk.register({"name": name, "kana": kana, "needs": needs, "household": household,
                       "do_not_disclose": protect}, source="by_hand")
    hanako = next(p for p in desk.roster().people.values() if p.fields["kana"] == "やまだ はなこ")
    desk.move(hanako.person_id, m.TEMP_OUT)
    return make_screen(holder=holder)   # the window less its status bar


def fill_form(qtbot, screen) -> None:
    screen.name.insert("佐藤　一郎")
    screen.kana.insert("さとう いちろう")
    for b in (screen.need_buttons["allergy"], screen.form.sex_buttons["1"], screen.form.where_buttons["car"]):
        qtbot.mouseClick(b, LEFT)
    screen.form.details["allergy"].insert("卵・そば")


def switch(qtbot, screen, code: str) -> None:
    """The resident's way: the switch in the top bar, then their language in the chooser."""
    assert screen.language_button.isVisible()
    qtbot.mouseClick(screen.language_button, LEFT)
    chooser = screen.language_chooser
    assert chooser.isVisible() and not screen.stack.isEnabled()   # the desk beneath is out of reach
    qtbot.mouseClick(chooser.buttons[code], LEFT)
    QApplication.processEvents()
    assert not chooser.isVisible() and screen.stack.isEnabled() and i18n.current() == code


def show(qtbot, screen, page: str) -> None:
    """`page` as a resident or staff member gets there, with something on it."""
    if page == "person":
        qtbot.mouseClick(screen.tabs["reception"], LEFT)
        row = next(i for i, pid in enumerate(screen.listed_ids)
                   if screen.roster.people[pid].fields["kana"] == "やまだ たろう")
        screen._picked(row)
    else:
        qtbot.mouseClick(screen.tabs[page], LEFT)
    if page == "headcount" and screen.headcount_page.count == 0:
        qtbot.mouseClick(screen.headcount_page.keys["+5"], LEFT)
    if page == "inquiry" and not screen.inquiry.query.text():
        screen.inquiry.query.insert("やまだ")
    assert screen.page() == page
    if theme.text_scale > 1:   # the desk scrolls as one page: back to its top (the switch, the tabs)
        screen.page_scroll.verticalScrollBar().setValue(0)
    settle()


def japanese_only(root, values=()) -> list[str]:
    """Visible words in Japanese alone (or Japanese first) on a page meant to be in English: every
    label and button whose text has letters starts with a Latin one. `values` (names, what was typed)
    are left out."""
    found = []
    for w in [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        if not w.isVisible() or w in values:
            continue
        words = plain_words(w)
        first = LETTER.search(words)
        if first and JAPANESE.match(first.group()):
            found.append(f"{w.objectName() or type(w).__name__}: {words[:40]!r}")
    return found


def list_rows(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


# -- the words -------------------------------------------------------------------------------------
STAFF_ONLY = {"shelter.needs_pdf", "shelter.staff_only", "shelter.roster_pdf", "shelter.close",
              "shelter.close_confirm", "shelter.close_warning", "shelter.closed", "shelter.saved"}


def test_every_resident_word_of_the_desk_has_english_and_easy_japanese():
    from kiosk.shelter.texts import TEXTS, need
    from kiosk.ui.i18n.languages import SHIPPED, Catalog
    from kiosk.ui.i18n.tools import unfinished

    shipped = Catalog([SHIPPED])
    values = {"n": 3, "household": "山田家", "present": 1, "capacity": 2, "households": 3, "out": 4,
              "outside": 5, "duplicates": 6, "name": "卵", "path": "/tmp/x.pdf", "have": 1, "count": 2}
    for key, (_, en) in TEXTS.items():   # English: the catalog's, placeholders and all
        assert shipped.lookup("en", key, tuple(values.items())) == en.format(**values), key
    left = {key for key in unfinished(SHIPPED / "kazasu_ja_easy.ts") if key.startswith("shelter.")}
    assert left == STAFF_ONLY
    # the needs: model.NEEDS's Japanese, each an entry of its own with its easy words
    for code, (ja, _, _) in m.NEEDS.items():
        assert need(code).ja == ja and need(code).key == f"shelter.need.{code}"
        assert shipped.lookup("ja_easy", f"shelter.need.{code}")
    # placeholders survive: a resident never sees "{n}"
    for key, (ja, _) in TEXTS.items():
        if "{" in ja and key not in STAFF_ONLY:
            assert "{" not in (shipped.lookup("ja_easy", key, tuple(values.items())) or "{"), key


# -- switching in place --------------------------------------------------------------------------
def test_switching_keeps_what_was_typed_and_chosen_and_changes_every_word(qtbot, desk, make_screen):
    screen = open_desk(make_screen, desk)
    fill_form(qtbot, screen)
    screen.search.insert("やまだ")
    assert screen.language_button.text() == "ことば / Language\n日本語"
    assert screen.tabs["inquiry"].text() == "安否確認\nFamily inquiry"
    assert list_rows(screen.people) == ["山田　太郎　やまだ たろう", "山田　花子　やまだ はなこ（外出中）"]
    assert screen.need_buttons["allergy"].text() == "食物アレルギー\n✓\u00a0allergy"

    switch(qtbot, screen, "en")
    # what was typed and chosen stays
    assert (screen.name.text(), screen.kana.text()) == ("佐藤　一郎", "さとう いちろう")
    assert screen.form.details["allergy"].text() == "卵・そば" and screen.form.details["allergy"].isVisible()
    assert screen.need_buttons["allergy"].isChecked() and screen.form.sex_buttons["1"].isChecked()
    assert screen.form.where() == "car" and screen.form.place.isVisible()
    assert screen.search.text() == "やまだ" and screen.page() == "reception"
    # and the words are English first
    assert screen.need_buttons["allergy"].text() == "allergy\n✓\u00a0食物アレルギー"
    assert screen.need_buttons["language"].text() == "interpreter\n通訳・言語"
    assert screen.tabs["inquiry"].text() == "Family inquiry\n安否確認"
    assert screen.form.where_buttons["car"].text() == "in a car\n✓\u00a0車中泊"
    assert screen.checkin_button.text() == "Check in\n登録して入所"
    assert screen.language_button.text() == "ことば / Language\nEnglish"
    assert screen.counts.accessibleName().startswith("Present 3 / capacity 10 · households 3 · out 1")
    assert screen.kana.placeholderText().startswith("Kana")
    assert screen.form.place.accessibleName() == "Where outside (e.g. home in ○○) / 所外の場所（例 ○○町の自宅）"
    assert list_rows(screen.people) == ["山田　太郎　やまだ たろう", "山田　花子　やまだ はなこ（out）"]
    assert screen.people.accessibleName() == "Who is here now / いま避難所にいる人"

    switch(qtbot, screen, "ja_easy")
    assert screen.name.text() == "佐藤　一郎" and screen.need_buttons["allergy"].isChecked()
    assert plain_words(screen.need_buttons["allergy"]) == "たべられない もの\n✓\u00a0allergy"
    # (a line too long for its button breaks at a space: the words, not the breaks, are asserted)
    assert " ".join(plain_words(screen.tabs["inquiry"]).split("\n")) == "家族(かぞく)を さがす Family inquiry"
    assert first_line(screen.checkin_button) == "書(か)いて 入(はい)る"
    assert screen.counts.accessibleName().startswith("いる 人(ひと) 3人(にん) ／ 入(はい)れる 人数(にんずう) 10")
    assert list_rows(screen.people)[1] == "山田　花子　やまだ はなこ（でかけて いる）"
    assert screen.kana.accessibleName() == "なまえの よみかた / Kana"

    # a message after an action follows too: check in, then switch
    qtbot.mouseClick(screen.checkin_button, LEFT)
    assert screen.message.value() == "うけつけました / Checked in"
    assert screen.name.text() == "" and i18n.current() == "ja_easy"   # a check-in keeps the language
    switch(qtbot, screen, "en")
    assert screen.message.value() == "Checked in / 受付しました"


def test_each_page_keeps_its_content_and_follows_the_language(qtbot, desk, make_screen):
    screen = open_desk(make_screen, desk)
    # one person
    show(qtbot, screen, "person")
    taro = screen.person_page.person_id
    assert screen.person_page.who.value().endswith("世帯：山田家　在所")   # never 「在所 here」
    switch(qtbot, screen, "en")
    assert screen.page() == "person" and screen.person_page.person_id == taro
    assert screen.person_page.who.value() == "山田　太郎　やまだ たろう\nHousehold: 山田家　here"
    assert screen.person_page.buttons["checkout_home"].text() == "Check out: home\n退所：帰宅"
    switch(qtbot, screen, "ja_easy")
    assert screen.person_page.who.value() == "山田　太郎　やまだ たろう\n家族(かぞく)：山田家　いる"
    assert first_line(screen.person_page.buttons["out"]) == "すこし 外(そと)に でる"
    # the headcount: the count typed so far stays
    show(qtbot, screen, "headcount")
    qtbot.mouseClick(screen.headcount_page.keys["+10"], LEFT)
    switch(qtbot, screen, "en")
    assert screen.headcount_page.count == 15 and screen.headcount_page.display.value() == "15"
    assert screen.headcount_page.open.accessibleName().startswith("Counted, not registered: 0 (choose")
    assert screen.headcount_page.record_button.text() == "Record this count\nこの人数を記録"
    qtbot.mouseClick(screen.headcount_page.record_button, LEFT)
    assert screen.message.value() == "15 people counted / 15 人を記録しました"
    switch(qtbot, screen, "ja_easy")
    assert screen.message.value() == "15人(にん)を 記録(きろく)しました / 15 people counted"
    # the family inquiry: the query stays, the rows' states are in the language
    show(qtbot, screen, "inquiry")
    assert list_rows(screen.inquiry.results) == ["山田　太郎　やまだ たろう　いる",
                                                 "山田　花子　やまだ はなこ　でかけて いる"]
    switch(qtbot, screen, "en")
    assert screen.inquiry.query.text() == "やまだ"
    assert list_rows(screen.inquiry.results)[1] == "山田　花子　やまだ はなこ　out for now"
    screen.inquiry.query.setText("いない人")
    assert list_rows(screen.inquiry.results) == ["Not found on this shelter's roster / "
                                                 "この避難所の名簿には見つかりません"]
    # the needs summary
    show(qtbot, screen, "needs")
    rows = list_rows(screen.needs_page.table)
    assert "People 人数｜in the shelter 避難所内（在所・外出中）：4" in rows
    assert "Care 配慮｜elderly 高齢者：1" in rows and "Meals 食事｜　free of 卵 うち 卵 除去：1" in rows
    switch(qtbot, screen, "ja_easy")
    rows = list_rows(screen.needs_page.table)
    assert "こまって いる こと Care｜お年寄(としよ)り elderly：1" in rows
    assert "小(ちい)さい 子(こ)ども Infants｜おむつ diapers：1" in rows
    switch(qtbot, screen, "ja")
    assert "人数 People｜合計 total：19" in list_rows(screen.needs_page.table)
    # the drill banner (every page of the drill)
    qtbot.mouseClick(screen.drill_button, LEFT)
    switch(qtbot, screen, "en")
    assert screen.drill_banner.text().startswith("Drill data: never part of the real roster　訓練 / DRILL")
    assert first_line(screen.drill_button) == "Drill mode"


@pytest.mark.parametrize("page", PAGES)
def test_no_words_in_japanese_alone_on_a_page_in_english(qtbot, desk, page, make_screen):
    screen = open_desk(make_screen, desk)
    fill_form(qtbot, screen)
    qtbot.mouseClick(screen.drill_button, LEFT) if page == "needs" else None   # the banner too
    show(qtbot, screen, page)
    switch(qtbot, screen, "en")
    settle()
    # values: what was typed, a person's name and kana, and the switch (the same words in every language)
    values = {screen.language_button, screen.person_page.who}
    assert japanese_only(screen, values) == []
    assert screen.message.value() == "" or not JAPANESE.match(screen.message.value())
    lists = {"reception": screen.people, "inquiry": screen.inquiry.results, "needs": screen.needs_page.table}
    if page in lists:
        rows = list_rows(lists[page])
        assert rows
        for row in rows:
            if page == "reception":   # a name, then the state (out, outside) in English first
                words = row.split("（")[1] if "（" in row else ""
            elif page == "inquiry":   # a name, kana, then the state
                words = row.split("　")[-1]
            else:                     # the needs' rows start in English
                words = row
            assert not JAPANESE.match(words), row


# -- back to Japanese ------------------------------------------------------------------------------
def test_the_desk_goes_back_to_japanese_when_it_forgets_the_person(qtbot, desk, make_screen):
    screen = open_desk(make_screen, desk)
    fill_form(qtbot, screen)
    switch(qtbot, screen, "ja_easy")
    qtbot.mouseClick(screen.language_button, LEFT)   # the chooser open when the desk is left
    assert screen.language_chooser.isVisible()
    screen.forget()   # the idle timeout, a shift change, leaving the desk
    assert i18n.current() == "ja" and not screen.language_chooser.isVisible() and screen.stack.isEnabled()
    assert screen.name.text() == "" and screen.people.count() == 0
    assert screen.tabs["reception"].text() == "受付\n✓\u00a0Reception"
    assert screen.need_buttons["allergy"].text() == "食物アレルギー\nallergy"
    assert screen.language_button.text() == "ことば / Language\n日本語"


def test_the_kiosk_window_resets_the_language_when_the_shelter_desk_is_left(make_window, qtbot):
    from tests.kiosk.test_desks import PEOPLE as CARD_PEOPLE
    from tests.kiosk.test_desks import inprocess_source

    window = make_window(inprocess_source(CARD_PEOPLE[0]))
    qtbot.mouseClick(window.start.buttons["shelter"], LEFT)
    screen = window.desk("shelter").widget
    assert window.stack.currentWidget() is screen
    switch(qtbot, screen, "en")
    assert first_line(screen.exit_button) == "Back"
    qtbot.mouseClick(screen.exit_button, LEFT)
    assert window.stack.currentWidget() is not screen and i18n.current() == "ja"


# -- room for the words, and the screenshots -------------------------------------------------------
SETTINGS = {"100": (1.0, False, LANGUAGES), "200": (2.0, False, LANGUAGES), "100-hc": (1.0, True, LANGUAGES),
            "200-hc": (2.0, True, ())}


@pytest.fixture
def styled(qapp, request):
    scale, high, shots = SETTINGS[request.param]
    theme.apply(qapp, text_scale=scale, high_contrast=high)
    kept = Keeper()
    yield kept, request.param, shots
    kept.drop()
    i18n.reset()
    theme.apply(qapp, text_scale=1.0, high_contrast=False)


@pytest.mark.parametrize("styled", list(SETTINGS), indirect=True)
@pytest.mark.shots
def test_every_page_in_every_language_has_room_for_its_words(qtbot, desk, styled, make_screen):
    keeper, setting, shots = styled
    screen = open_desk(make_screen, desk, holder=keeper)
    fill_form(qtbot, screen)
    for language in LANGUAGES:
        i18n.set_language(language)
        for page in PAGES:
            show(qtbot, screen, page)
            holder = screen.holders[screen.pages[page]]
            found = problems(screen) + cut_placeholders(screen)
            found += no_sideways(holder) if isinstance(holder, QScrollArea) else []
            if page == "reception":
                found += no_sideways(screen.findChild(QScrollArea, "shelter_form_scroll"))
            if theme.text_scale > 1:   # the whole desk scrolls down as one page
                found += no_sideways(screen.page_scroll)
            assert found == [], (language, page, found)
            assert (screen.width(), screen.height()) == (1280, 760), (language, page)
            assert screen.language_button.visibleRegion().boundingRect() == screen.language_button.rect()
            if theme.text_scale > 1 and page != "reception":   # the desk scrolled down to the page
                screen.page_scroll.verticalScrollBar().setValue(screen.stack.y())
                settle()
            if language in shots:
                scale, contrast = setting.split("-")[0], "-hc" if setting.endswith("hc") else ""
                shoot(screen, f"shelter-lang-{page}-{language}-{scale}{contrast}.png")
