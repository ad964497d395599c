"""Normalised lines → a stream of table tokens (text, number, dash), whatever the table layout.

Tab-separated, pipe-separated and one-cell-per-line tables all become the same stream, so the table
reader never needs to know which layout a file used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

_CELL_SEPARATOR = re.compile(r"[\t|]")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DASH = re.compile(r"/|-|—|–|－|——|\\")
_NUMBERS_WITH_SPACES = re.compile(r"(?:[+-]?\d+(?:\.\d+)?\s+)+[+-]?\d+(?:\.\d+)?")
# No count or amount in a report runs this long (1,234,567,890.1234 is 18); a longer digit run is damage,
# and int() refuses more than 4300 digits, so it is text: its row comes out short and is flagged.
_MAX_NUMBER_CHARS = 24
# A table row has at most a few dozen cells (table 4: 15 numbers), and even a whole report's tables run
# together on one line stay under a thousand; a line of more is damage, read as one text cell rather than
# as a million tokens.
_MAX_CELLS = 1000


class TokenKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DASH = "dash"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    line: int  # 1-based line in the file

    @property
    def is_value(self) -> bool:
        return self.kind != TokenKind.TEXT

    @property
    def number(self) -> int | Decimal:
        digits = self.text.replace(",", "").lstrip("+")
        return Decimal(digits) if "." in digits else int(digits)


def _classify(cell: str, line: int) -> list[Token]:
    if len(cell) <= _MAX_NUMBER_CHARS and _NUMBER.fullmatch(cell):
        return [Token(TokenKind.NUMBER, cell, line)]
    if _DASH.fullmatch(cell):
        return [Token(TokenKind.DASH, cell, line)]
    parts = cell.split()  # first: the regex backtracks through every digit of a long run without spaces
    if (
        1 < len(parts) <= _MAX_CELLS
        and all(len(part) <= _MAX_NUMBER_CHARS for part in parts)
        and _NUMBERS_WITH_SPACES.fullmatch(cell)
    ):
        return [Token(TokenKind.NUMBER, part, line) for part in parts]
    return [Token(TokenKind.TEXT, cell, line)]


def tokenize_line(text: str, line: int) -> list[Token]:
    tokens: list[Token] = []
    cells = _CELL_SEPARATOR.split(text)
    if len(cells) > _MAX_CELLS:
        whole = text.strip()
        return [Token(TokenKind.TEXT, whole, line)] if whole else tokens
    for cell in cells:
        cell = cell.strip()
        if cell:
            tokens.extend(_classify(cell, line))
    return tokens


def tokenize(lines: list[str], skip: set[int] | None = None) -> list[Token]:
    """Tokens of all lines (1-based numbering), leaving out the line numbers in ``skip``."""
    skip = skip or set()
    tokens: list[Token] = []
    for number, text in enumerate(lines, start=1):
        if number not in skip:
            tokens.extend(tokenize_line(text, number))
    return tokens
