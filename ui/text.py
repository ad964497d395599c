"""Report text made safe to show: Streamlit renders labels, captions and alerts as Markdown, and a report
may contain ``<script>``, ``[link](x)`` or ``**bold**``. Everything a report (or an uploader) wrote goes
through ``md`` before it reaches Markdown; highlighting splits the text around the number, never
inserting the report's own text into markup."""

from __future__ import annotations

import re

import pandas as pd

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and escaping all of them
# also disarms Streamlit's own syntax (:color[…], :material/…:, $math$).
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
HIGHLIGHT = ":orange-background[**{}**]"


def md(text: str) -> str:
    """Plain text → Markdown that shows exactly that text (line breaks kept)."""
    escaped = _PUNCTUATION.sub(lambda match: "\\" + match.group(0), text)
    return escaped.replace("\r", "").replace("\n", "  \n")


def split_highlight(text: str, highlight: str) -> list[tuple[str, bool]]:
    """Pieces of ``text`` with the occurrences of ``highlight`` marked. A number is matched whole:
    "18" does not light up inside "2018" or "180"."""
    if not highlight or not text:
        return [(text, False)]
    pattern = re.escape(highlight)
    if highlight[0].isdigit():
        pattern = r"(?<![\d.])" + pattern
    if highlight[-1].isdigit():
        pattern += r"(?![\d.]*\d)"
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in re.finditer(pattern, text):
        if match.start() > start:
            pieces.append((text[start : match.start()], False))
        pieces.append((match.group(0), True))
        start = match.end()
    if start < len(text):
        pieces.append((text[start:], False))
    return pieces or [(text, False)]


def highlighted(text: str, highlight: str) -> str:
    """Markdown of ``text`` with ``highlight`` marked; both escaped."""
    return "".join(
        HIGHLIGHT.format(md(piece)) if marked else md(piece) for piece, marked in split_highlight(text, highlight)
    )


def one_line(text: str) -> str:
    """A report line with its tabs (table cell borders, empty cells included) made visible."""
    return text.strip().replace("\t", " │ ")


_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A spreadsheet must not run a report's text as a formula (=HYPERLINK(…)); numbers like -3 stay."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for download: UTF-8 with BOM so spreadsheet programs read the Chinese, formulas disarmed."""
    return frame.map(csv_safe).to_csv(index=False).encode("utf-8-sig")
