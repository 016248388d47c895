"""Spoken guidance without Qt: the words of a screen turned into sound, offline.

`voices.JapaneseVoice` (Open JTalk through pyopenjtalk, with Debian's open-jtalk-mecab-naist-jdic
dictionary and the HTS voice inside the pyopenjtalk wheel: nothing is downloaded, ever) speaks Japanese
and やさしい日本語; `voices.EnglishVoice` (Debian's espeak-ng, one process per line) speaks English;
`voices.voice_for(language)` picks one. `text.for_speech` turns a screen's words into what is said (the
readings of やさしい日本語 instead of its kanji, no markup) and `text.sentences` cuts them so the first
sound comes early; `text.unknown_words` lists what Open JTalk has no reading for. `audio.Audio` is the
sound (16-bit mono samples and their rate), with WAV in and out and a loudness check. See docs/kiosk.md,
"Spoken guidance"."""

from kiosk.speech.audio import Audio
from kiosk.speech.voices import EnglishVoice, JapaneseVoice, SpeechError, voice_for

__all__ = ["Audio", "EnglishVoice", "JapaneseVoice", "SpeechError", "voice_for"]
