"""Text of a table cell or a paragraph, as every reader shapes it.

A cell's text must not hold the separators ``index.layout`` splits on (tab, line break), and a label
wrapped over two lines in a narrow column is one label: 商业 / 企业 → 商业企业.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# HTML whitespace plus NBSP (&nbsp; pads numbers and fills empty cells). An ideographic space U+3000
# inside a line is report text and stays; at either end (a paragraph's indent) strip() takes it.
_SPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003ffff]")


def clean(text: str) -> str:
    """Whitespace runs as one space, none at either end."""
    return _SPACE.sub(" ", text).strip()


def join_wrapped(parts: Iterable[str]) -> str:
    """Pieces of one cell (its paragraphs, or the lines a narrow column wrapped it into) as one text:
    joined directly next to a Chinese character, with a space between two Latin words or numbers."""
    joined = ""
    for part in map(clean, parts):
        if not part:
            continue
        if joined and not (_CJK.match(joined[-1]) or _CJK.match(part[0])):
            joined += " "
        joined += part
    return joined


def row_line(cells: Iterable[str]) -> str:
    """One table row as one line, cells joined by a tab (the layout the table reader reads best)."""
    return "\t".join(cells)
