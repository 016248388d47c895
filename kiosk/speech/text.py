"""From a screen's words to what is said.

`for_speech(words)`: やさしい日本語's readings are said instead of their kanji (「表(おもて)」 → おもて),
markup and invisible joiners are dropped, ● ○ (a masked PIN) are never said, spaces are made one.
`sentences(words)` cuts at 。！？ and line ends, so the first sentence can sound while the rest is made;
`chunks(words)` also cuts the first sentence after its first phrase (at 、, before a bracket, else after
a particle を は が に that follows a word in kanji or katakana, or at a space between Japanese words as
やさしい日本語 writes them), since a
voice takes about 0.15 s to make each second of speech and the first sound should not wait for more.
`unknown_words(line)`: the words of a Japanese line Open JTalk has no reading for (a kanji outside its
dictionary is read as a pause: a blind resident would miss it), from its front end.
"""

from __future__ import annotations

import re
import unicodedata

KANJI = r"\u3005\u3006\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
READING = re.compile(rf"[{KANJI}]+\(([\u3041-\u309f\u30a0-\u30ffー]+)\)")
TAGS = re.compile(r"<[^>]+>")
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u00ad\ufeff"), None)
MASK = re.compile(r"[●○]")
ENDS = re.compile(r"(?<=[。！？!?])|\n")


def for_speech(words: str) -> str:
    said = TAGS.sub(" ", words).translate(INVISIBLE)
    said = READING.sub(lambda m: m.group(1), said)
    said = MASK.sub("", said)
    return re.sub(r"[ \t\u3000]+", " ", said).strip()


def sentences(words: str) -> list[str]:
    return [part.strip() for part in ENDS.split(for_speech(words)) if part and part.strip()]


PHRASE_END = re.compile(r"[、，,]|(?=[（(「])")
PARTICLE = re.compile(r"(?<=[\u30a1-\u30fa\u30fc\u4e00-\u9fff])[をはがに](?=[\u30a1-\u30fa\u4e00-\u9fff])"
                      r"|(?<=[\u3041-\u30fa\u30fc\u4e00-\u9fff]) (?=[\u3041-\u30fa\u4e00-\u9fff])")
HEAD_MIN = 4   # characters a first phrase has at least, and leaves after it


def chunks(words: str) -> list[str]:
    parts = sentences(words)
    if not parts:
        return []
    head = parts[0]
    cut = PHRASE_END.search(head, 2) or PARTICLE.search(head, HEAD_MIN)
    if cut is None or cut.end() > len(head) - HEAD_MIN:
        return parts
    return [head[:cut.end()].strip(), head[cut.end():].strip(" （(「"), *parts[1:]]


def unknown_words(nodes: list[dict]) -> list[str]:
    """The words in Open JTalk's front-end `nodes` that have letters or digits but no reading."""
    unknown = []
    for node in nodes:
        word = node["string"]
        has_word = any(unicodedata.category(ch)[0] in "LN" for ch in word)
        if has_word and set(node["pron"]) <= {"、", "’"}:
            unknown.append(word)
    return unknown
