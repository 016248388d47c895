"""The voices of the spoken guidance (kiosk.speech), without Qt: every Japanese line the guide can say
(each catalog entry's Japanese and やさしい日本語, placeholders filled) has a reading for every word in Open
JTalk with Debian's dictionary; Japanese, やさしい日本語 and English are rendered to WAV and are not
silence; no dictionary means a clear error, never a download."""

from __future__ import annotations

import re

import pytest

from kiosk.speech import Audio, SpeechError, voice_for
from kiosk.speech.text import chunks, for_speech, unknown_words
from kiosk.speech.voices import JapaneseVoice
from kiosk.ui.i18n.languages import SHIPPED, Catalog
from kiosk.ui.i18n.tools import catalog_entries

SAMPLE = {"n": 3, "action": "決定", "field": "生年月日", "printed": "昭和55年4月2日", "date": "1980-04-02"}


def filled(words: str) -> str:
    """The placeholders of a line given sample values (a name-like value is never needed: no line has one)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(SAMPLE.get(m.group(1), "1")), words)


def japanese_lines() -> dict[str, str]:
    shipped = Catalog([SHIPPED])
    lines = {}
    for key, (ja, _en) in catalog_entries().items():
        lines[f"ja:{key}"] = filled(ja)
        easy = shipped.lookup("ja_easy", key, tuple((name, SAMPLE.get(name, "1"))
                                                    for name in re.findall(r"\{(\w+)\}", ja)))
        if easy:
            lines[f"ja_easy:{key}"] = easy
    return lines


def test_every_japanese_line_has_a_reading_for_every_word():
    voice = voice_for("ja")
    lines = japanese_lines()
    assert len(lines) > 300 and any(k.startswith("ja_easy:voice.") for k in lines)
    unread = {key: unknown for key, line in lines.items()
              if (unknown := unknown_words(voice.reading(for_speech(line))))}
    assert not unread, unread


def test_the_reading_check_finds_a_word_without_reading():
    voice = voice_for("ja")
    assert unknown_words(voice.reading("𠮷田さん")) == ["𠮷"]
    assert unknown_words(voice.reading("暗証番号を入力してください")) == []


@pytest.mark.parametrize(("language", "words"), [
    ("ja", "暗証番号（数字4桁）を入力してください"),
    ("ja_easy", "カードの 表(おもて)を 見(み)て 入(い)れて ください。"),
    ("en", "Please enter your PIN (4 digits)"),
])
def test_each_language_is_rendered_to_a_wav_that_is_not_silent(language, words, tmp_path):
    voice = voice_for(language)
    parts = [voice.speak(line) for line in chunks(words)]
    wav = tmp_path / f"{language}.wav"
    wav.write_bytes(parts[0].to_wav())
    audio = Audio.from_wav(wav.read_bytes())
    assert audio.rate in (22050, 48000) and 0.3 < audio.seconds < 10
    assert audio.audible(), audio.rms()
    assert not Audio.from_float(audio.samples * 0.0, audio.rate).audible()   # the check can say "silence"


def test_easy_japanese_is_said_by_its_readings_and_a_masked_pin_is_never_said():
    assert for_speech("カードの 表(おもて)を 見(み)て") == "カードの おもてを みて"
    assert for_speech("● ● ○ ○") == ""
    assert chunks("マイナンバーカードを読み取り機に置いてください")[0] == "マイナンバーカードを"


def test_no_dictionary_is_an_error_and_nothing_is_downloaded(tmp_path, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("a download was tried"))
    with pytest.raises(SpeechError) as error:
        JapaneseVoice(tmp_path / "no-dictionary").speak("はい")
    assert error.value.details() == {"part": "open-jtalk-mecab-naist-jdic"}
