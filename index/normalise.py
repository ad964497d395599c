"""Text normalisation: NFC, pinyin annotations out, traditional → simplified, full → half width.

Works line by line so that normalised line N is always original line N: citations quote the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

from index.models import Script

_PINYIN_LETTERS = "a-zü" + "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# 鎮(zhèn), 關(guān): a Han character followed by a bracketed pinyin syllable (ASCII or full-width brackets).
_RUBY = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][{_PINYIN_LETTERS}]{{1,6}}[)）]")
# The broken remnant ?zhèn): the opening bracket and character were lost; a tone mark makes it unambiguous.
_RUBY_REMNANT = re.compile(rf"\?(?=[{_PINYIN_LETTERS}]*[{_TONED}])[{_PINYIN_LETTERS}]{{1,6}}[)）]")
_WORD_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")

# Chinese sentence punctuation keeps its full width so narrative text still reads naturally.
_KEEP_FULL_WIDTH = set("，；！？")
_WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH} | {
    0x3000: 0x20,
    0x00A0: 0x20,
}

# str.translate looks every character up in the table; a report has a few dozen full-width characters
# among thousands, and one pattern over the line finds them in a third of the time.
_WIDE = {chr(code): chr(half) for code, half in _WIDTH_FOLD.items()}
_WIDE_CHARS = re.compile("[" + "".join(map(re.escape, _WIDE)) + "]")

_TRADITIONAL_SHARE = 0.02  # share of Han characters that t2s changes above which a text is traditional
# The script is read from the first 200 000 characters (a whole report is a tenth of that): counting
# characters one by one over 10 MB takes seconds.
_SCRIPT_SAMPLE = 200_000


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def _han_count(text: str) -> int:
    return len(_NOT_HAN.sub("", text))


def detect_script(text: str) -> Script:
    text = text[:_SCRIPT_SAMPLE]
    converted = _converter("t2s").convert(text)
    if converted == text:  # most reports: no character to count
        return Script.SIMPLIFIED
    han = _han_count(text)
    if not han:
        return Script.SIMPLIFIED
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    return Script.TRADITIONAL if changed / han >= _TRADITIONAL_SHARE else Script.SIMPLIFIED


def strip_pinyin(line: str) -> str:
    if ")" not in line and "）" not in line:  # both patterns end in a closing bracket
        return line
    return _RUBY_REMNANT.sub("", _RUBY.sub("", line))


def fold_width(text: str) -> str:
    return _WIDE_CHARS.sub(_half_width, text)


def _half_width(match: re.Match[str]) -> str:
    return _WIDE[match.group()]


def simplifier_for(traditional_text: str) -> str:
    """The OpenCC config for a traditional text: tw2sp for Taiwan phrasing, t2s otherwise.

    tw2sp maps 資訊→信息 and 檔案→文件, but on mainland wording written in traditional characters
    (most government sites' 繁體 button) it rewrites 文件→文档, 建立→创建, 查询→查找. A report in
    Taiwan phrasing says 政府資訊公開 where a mainland one says 政府信息公開, so that decides.
    """
    plain = _converter("t2s").convert(traditional_text)
    return "tw2sp" if plain.count("资讯") > plain.count("信息") else "t2s"


def to_simplified(text: str, config: str = "t2s") -> str:
    return _converter(config).convert(text)


def normalise_line(line: str, simplifier: str | None) -> str:
    """One line; ``simplifier`` is the OpenCC config for a traditional text, None for simplified."""
    if line.isascii():  # pinyin needs Han or tone marks, OpenCC and width folding leave ASCII alone
        return _WORD_ARTEFACTS.sub("", line)
    line = unicodedata.normalize("NFC", line)
    if "[" in line:
        line = _WORD_ARTEFACTS.sub("", line)
    line = strip_pinyin(line)
    if simplifier:
        line = to_simplified(line, simplifier)
    return fold_width(line)


def normalise_lines(lines: list[str]) -> tuple[Script, list[str]]:
    text = "\n".join(lines)
    script = detect_script(text)
    simplifier = simplifier_for(text) if script == Script.TRADITIONAL else None
    return script, [normalise_line(line, simplifier) for line in lines]


def normalise_question(text: str) -> str:
    """Normalise free text typed by a user (may be traditional, may carry full-width digits)."""
    text = unicodedata.normalize("NFC", text)
    if detect_script(text) == Script.TRADITIONAL:
        text = to_simplified(text, simplifier_for(text))
    return fold_width(text)


_NOT_KEY = re.compile(r"[\W_]+")
# Labels and headings are short and recur; a key of a whole table's text (or a 1 MB line) is made once,
# and caching it would keep megabytes per report alive in a long import.
_CACHED_KEY_CHARS = 256


def label_key(text: str) -> str:
    """Matching key for labels: letters, digits and Han characters only, widths folded."""
    return _cached_label_key(text) if len(text) <= _CACHED_KEY_CHARS else _label_key(text)


def _label_key(text: str) -> str:
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", text))


_cached_label_key = lru_cache(maxsize=1 << 16)(_label_key)
