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
    if _NUMBER.fullmatch(cell):
        return [Token(TokenKind.NUMBER, cell, line)]
    if _DASH.fullmatch(cell):
        return [Token(TokenKind.DASH, cell, line)]
    if _NUMBERS_WITH_SPACES.fullmatch(cell):
        return [Token(TokenKind.NUMBER, part, line) for part in cell.split()]
    return [Token(TokenKind.TEXT, cell, line)]


def tokenize_line(text: str, line: int) -> list[Token]:
    tokens: list[Token] = []
    for cell in _CELL_SEPARATOR.split(text):
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
