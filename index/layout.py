"""Normalised lines → a stream of table tokens (text, number, dash, blank), whatever the table layout.

Tab-separated, pipe-separated and one-cell-per-line tables all become the same stream, so the table
reader never needs to know which layout a file used. Layout still shows in two places: a token keeps its
line (a pipe or tab row is one line), and an empty cell between two separators is a BLANK token, since a
report that leaves a cell empty has not printed 0.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from index.catalog import CHANGE_WORDS, VALUE_UNITS

_CELL_SEPARATOR = re.compile(r"[\t|]")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNITS = "|".join(map(re.escape, sorted(VALUE_UNITS, key=len, reverse=True)))
# A figure as tables print it: 12, 1,234, 47.10, a signed change (+21, -35, 减3) or money with its unit
# (251000元, 47.10万元).
_NUMBER = re.compile(rf"(?P<change>[{''.join(CHANGE_WORDS)}])?(?P<digits>[+-]?{_DIGITS})(?P<unit>{_UNITS})?")
_FIGURE_ENDS = frozenset("0123456789" + "".join(unit[-1] for unit in VALUE_UNITS))
_DASHES = frozenset({"/", "-", "—", "–", "－", "——", "\\"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_SENTENCE = re.compile(r"[，,；;。:：！？]")
# A markdown or ASCII-art rule line (|---|:---:|, +----+): table drawing, not cells. Its drawing characters
# and its run of --- or === are checked apart: one pattern for both (class, run, class) splits a long run of
# = between the three in n³ ways before failing on a character after it.
_RULE_CHARS = re.compile(r"[\s|+:=\-]*")
# No count or amount in a report runs this long (1,234,567,890.1234 is 18); a longer digit run is damage,
# and int() refuses more than 4300 digits, so it is text: its row comes out short and is flagged.
_MAX_NUMBER_CHARS = 24
# A table row has at most a few dozen cells (table 4: 15 numbers), and even a whole report's tables run
# together on one line stay under a thousand; a line of more is damage, read as one text cell rather than
# as a million tokens.
_MAX_CELLS = 1000
_MAX_LABEL_CHARS = 60


class TokenKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DASH = "dash"
    BLANK = "blank"  # an empty cell between two separators of a pipe or tab row


class Token(NamedTuple):  # a tuple: a report makes thousands, and a frozen dataclass builds 3× slower
    kind: TokenKind
    text: str
    line: int  # 1-based line in the file

    @property
    def is_value(self) -> bool:
        return self.kind is TokenKind.NUMBER or self.kind is TokenKind.DASH

    @property
    def is_cell(self) -> bool:
        """A value or an empty cell: what fills a column."""
        return self.kind is not TokenKind.TEXT

    @property
    def number(self) -> int | Decimal:
        return _figure(self.text)[0]

    @property
    def unit(self) -> str | None:
        """The unit printed with the figure (元, 万元), as printed: never converted."""
        return _figure(self.text)[1]


@lru_cache(maxsize=4096)
def _figure(text: str) -> tuple[int | Decimal, str | None]:
    """A figure's value and printed unit: "减3" is -3, "+21" is 21, "47.10万元" is 47.10 with 万元."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    digits = match.group("digits").replace(",", "").lstrip("+")
    value = Decimal(digits) if "." in digits else int(digits)
    return (value * CHANGE_WORDS[match.group("change")] if match.group("change") else value), match.group("unit")


def _is_number(cell: str) -> bool:
    return len(cell) <= _MAX_NUMBER_CHARS and cell[-1] in _FIGURE_ENDS and _NUMBER.fullmatch(cell) is not None


# Figures, dashes and labels recur in every report ("0", "/", "（一）本年新收"): a short cell is read once.
_CACHED_CELL_CHARS = 64
_Parts = tuple[tuple[TokenKind, str], ...]


def _classify(cell: str, line: int) -> list[Token]:
    parts = _cached_parts(cell) if len(cell) <= _CACHED_CELL_CHARS else _parts(cell)
    return [Token(kind, text, line) for kind, text in parts]


def _parts(cell: str) -> _Parts:
    if _is_number(cell):
        return ((TokenKind.NUMBER, cell),)
    if cell in _DASHES:
        return ((TokenKind.DASH, cell),)
    if cell[-1] not in _FIGURE_ENDS:
        return ((TokenKind.TEXT, cell),)
    parts = cell.split()
    if len(parts) > _MAX_CELLS:
        return ((TokenKind.TEXT, cell),)
    if len(parts) > 1 and all(_is_number(part) for part in parts):
        return tuple((TokenKind.NUMBER, part) for part in parts)
    return _label_and_numbers(cell, parts)


_cached_parts = lru_cache(maxsize=1 << 14)(_parts)


def _label_and_numbers(cell: str, parts: list[str]) -> _Parts:
    """A row label and its figures in one cell (PDF text: "行政许可 97", "四、结转下年度继续办理 0 0 0 0 0 0 0"),
    split; any other text stays one token. Only a label: short, with Han characters, and no sentence
    punctuation outside its brackets ("其中原创文章 294" after a comma is narrative wrapped at a number)."""
    count = 0
    while count < len(parts) and _is_number(parts[-1 - count]):
        count += 1
    label = cell.rsplit(None, count)[0] if 0 < count < len(parts) else ""
    if not label or len(label) > _MAX_LABEL_CHARS or not _HAN.search(label):
        return ((TokenKind.TEXT, cell),)
    if _SENTENCE.search(_outside_brackets(label)):
        return ((TokenKind.TEXT, cell),)
    return ((TokenKind.TEXT, label), *((TokenKind.NUMBER, n) for n in parts[-count:]))


def _outside_brackets(label: str) -> str:
    """The label without its bracketed notes, and without the end of a bracket opened on the line before
    (PDF text breaks "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" after 区分)."""
    text = _BRACKETED.sub("", label)
    close = min((at for at in (text.find(")"), text.find("）")) if at >= 0), default=-1)
    if close >= 0 and "(" not in text[:close] and "（" not in text[:close]:
        return text[close + 1 :]
    return text


def _is_rule_line(text: str) -> bool:
    """Drawing characters only, with a run of === before any dash or a run of --- at the first dash."""
    head, dash, rest = text.partition("-")
    return bool(_RULE_CHARS.fullmatch(text)) and ("===" in head or (dash + rest).startswith("---"))


def tokenize_line(text: str, line: int) -> list[Token]:
    if "\t" not in text and "|" not in text:  # one cell: no edges, padding or rule lines to look for
        cell = text.strip()
        return _classify(cell, line) if cell else []
    tokens: list[Token] = []
    cells = _CELL_SEPARATOR.split(text)
    if len(cells) > _MAX_CELLS:
        whole = text.strip()
        return [Token(TokenKind.TEXT, whole, line)] if whole else tokens
    if len(cells) > 1 and _is_rule_line(text):
        return tokens
    # Empty cells before the first filled one are the row's edge or a merged cell above it, and so is the
    # piece after a closing pipe ("| 规章 | 0 | |" has one blank). Tabs after a row's last cell are padding
    # that text exports add to every row ("…申请数量\t\t0\t0\t0\t0\t0\t0\t" is short, not blank at the end).
    # Any other empty cell is a printed blank.
    if len(cells) > 1:
        if text.rstrip().endswith("|"):
            cells = cells[:-1]
        else:
            while cells and not cells[-1].strip():
                cells.pop()
    for cell in cells:
        cell = cell.strip()
        if cell:
            tokens.extend(_classify(cell, line))
        elif tokens:
            tokens.append(Token(TokenKind.BLANK, "", line))
    return tokens


def _is_indented_cell(text: str) -> bool:
    """A line of one cell written after a tab ("\t43"), as conversions print a table one cell a line."""
    return text.startswith("\t") and "\t" not in text[1:] and bool(text.strip())


def _empty_cell_line(lines: list[str], index: int) -> bool:
    """A line of just a tab beside a line of one indented cell: the empty cell of a one-cell-a-line table."""
    if lines[index] != "\t":
        return False
    return any(0 <= other < len(lines) and _is_indented_cell(lines[other]) for other in (index - 1, index + 1))


def tokenize(lines: list[str], skip: set[int] | None = None) -> list[Token]:
    """Tokens of all lines (1-based numbering), leaving out the line numbers in ``skip``."""
    skip = skip or set()
    tokens: list[Token] = []
    for number, text in enumerate(lines, start=1):
        if number in skip:
            continue
        if text == "\t" and _empty_cell_line(lines, number - 1):
            tokens.append(Token(TokenKind.BLANK, "", number))
        else:
            tokens.extend(tokenize_line(text, number))
    return tokens
