"""Homophone typos in a question (微信工众号, 商业企也): a word one character off from the report's, where the
two characters sound alike (pypinyin, tones aside), judged with the question's characters beside it, so that
工众 is read 公众 only where the report writes 微信公众号."""

from __future__ import annotations

import re
from functools import cache

from pypinyin import Style, pinyin

MIN_CONTEXT = 2  # characters of the question beside the word that must stand in the report unchanged
MAX_CONTEXT = 3  # on each side
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _sounds(char: str) -> frozenset[str]:
    """Every reading of a character, without tones (行: xing, hang)."""
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def sound_alike(written: str, meant: str) -> bool:
    """Two different Han characters with a reading in common (工 and 公: gong)."""
    if written == meant or not (_HAN.match(written) and _HAN.match(meant)):
        return False
    return bool(_sounds(written) & _sounds(meant))


def homophone_fix(question: str, word: str, text: str) -> str | None:
    """The word ``text`` writes where the question's ``word`` has one character that sounds alike, found with
    at least two of the question's characters beside it unchanged; None unless exactly one word fits."""
    fixes = set()
    for at in (m.start() for m in re.finditer(re.escape(word), question)):
        for left in range(MAX_CONTEXT + 1):
            for right in range(MAX_CONTEXT + 1):
                start, end = at - left, at + len(word) + right
                if left + right < MIN_CONTEXT or start < 0 or end > len(question):
                    continue
                fixes |= _fixes_in(question[start:end], left, word, text)
    return next(iter(fixes)) if len(fixes) == 1 else None


def _fixes_in(window: str, left: int, word: str, text: str) -> set[str]:
    if not all(_HAN.match(c) for c in window):
        return set()
    found = set()
    for index, written in enumerate(word):
        at = left + index
        pattern = re.escape(window[:at]) + r"([\u4e00-\u9fff])" + re.escape(window[at + 1 :])
        for match in re.finditer(pattern, text):
            if sound_alike(written, match.group(1)):
                found.add(word[:index] + match.group(1) + word[index + 1 :])
    return found
