"""A PDF with a text layer → lines in reading order, tables as rows, and the page of every line.

Per page: ruled tables come from pdfplumber's table finder (a merged cell's text in its first grid
position, the positions it spans empty), the text outside them as lines; both are put in order from
top to bottom. Lines a paragraph wrapped at the right margin are joined again, so a sentence (and a
number in it) stays on one line; page numbers in the margins are dropped. A PDF with no text at all is
a scan: refused, since OCR is not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from index.read import Document, ReportInputError
from index.readers.cells import clean, join_wrapped, row_line

_MARGIN = 0.1  # top and bottom tenth of a page: where running page numbers sit
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.I,
)
# A line that starts a heading or an enumerated item never continues the line before it.
_NUMERAL = "一二三四五六七八九十"
_BLOCK_START = re.compile(rf"^(?:[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}\d]+[)）]|\d+[、.．]|[{_NUMERAL}]是)")
_CID = re.compile(r"\(cid:\d+\)")
_SCANNED = "没有文字层（扫描件），不支持 OCR (no text layer; scanned)"


def read_pdf(data: bytes, path: str | Path) -> Document:
    try:
        pdf = pdfplumber.open(BytesIO(data))
    except PdfminerException as error:
        raise ReportInputError(path, _problem(error)) from error
    read: list[_Page] = []
    textless: list[int] = []
    with pdf:
        try:
            for number, page in enumerate(pdf.pages, start=1):
                if page.chars:
                    read.append(_read_page(number, page))
                else:
                    textless.append(number)
        except PdfminerException as error:
            raise ReportInputError(path, _problem(error)) from error
        except Exception as error:  # pdfminer raises assorted errors on damaged content streams
            raise ReportInputError(path, f"PDF 文件损坏 ({type(error).__name__}) (corrupt PDF)") from error
    # The text column's edges, from the whole document: one page may hold only a heading and a line.
    text = [line for page in read for line in page.text]
    margins = (min(line["x0"] for line in text), max(line["x1"] for line in text)) if text else (0.0, 0.0)
    lines: list[str] = []
    pages: list[int] = []
    for page in read:
        page_lines = page.lines(margins)
        lines += page_lines
        pages += [page.number] * len(page_lines)
    if not lines:
        raise ReportInputError(path, _SCANNED)
    text = "".join(lines)
    if sum(map(len, _CID.findall(text))) * 2 > len(text):  # mostly (cid:123): fonts without a Unicode map
        raise ReportInputError(path, "PDF 的文字无法解码（字体缺少 Unicode 映射），不支持 (undecodable text layer)")
    notes = ()
    if textless:
        listed = "、".join(map(str, textless))
        notes = (f"第{listed}页没有文字层（扫描页），其内容未读取",)
    return Document(lines, "pdf", pages, notes)


def _problem(error: PdfminerException) -> str:
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return "PDF 已加密，需要密码才能打开 (encrypted)"
    return f"PDF 文件损坏或不是 PDF ({type(cause).__name__}) (corrupt PDF)"


@dataclass
class _Page:
    """One page: its tables as lines (with their top), its other text lines (dicts from pdfplumber)."""

    number: int
    tables: list[tuple[float, list[str]]]
    text: list[dict[str, Any]]

    def lines(self, margins: tuple[float, float]) -> list[str]:
        """Tables and text from top to bottom, wrapped paragraph lines joined."""
        blocks = [*self.tables, *((line["top"], [line["text"]]) for line in _reflow(self.text, margins))]
        blocks.sort(key=lambda block: block[0])
        return [line for _, block in blocks for line in block]


def _read_page(number: int, page: Page) -> _Page:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    text = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    return _Page(
        number,
        [(table.bbox[1], _table_lines(table.extract())) for table in tables],
        [_with_gaps(line) for line in text.extract_text_lines() if not _is_page_number(line, page)],
    )


def _table_lines(rows: list[list[str | None]]) -> list[str]:
    """Rows as lines; a cell's wrapped lines joined (商业\\n企业 → 商业企业), merged positions empty."""
    lines = []
    for row in rows:
        cells = [join_wrapped((cell or "").split("\n")) for cell in row]
        if any(cells):
            lines.append(row_line(cells))
    return lines


def _with_gaps(line: dict[str, Any]) -> dict[str, Any]:
    """The line's text with a tab where the gap between two letters is wider than two em (the columns of a
    table drawn without rules, which would otherwise run together as one cell), and a space where the
    PDF has one or the gap is as wide as one (a fifth of an em)."""
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    spaced = False
    for char in line["chars"]:
        if not char["text"].strip():
            spaced = True
            continue
        if previous is not None:
            em = max(previous["size"], char["size"], 1.0)
            gap = char["x0"] - previous["x1"]
            parts.append("\t" if gap > 2 * em else " " if spaced or gap > 0.2 * em else "")
        parts.append(char["text"])
        previous, spaced = char, False
    return {**line, "text": "".join(parts)} if parts else line


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _is_page_number(line: dict[str, Any], page: Page) -> bool:
    in_margin = line["bottom"] < page.height * _MARGIN or line["top"] > page.height * (1 - _MARGIN)
    return in_margin and bool(_PAGE_NUMBER.match(clean(line["text"])))


def _reflow(lines: list[dict[str, Any]], margins: tuple[float, float]) -> list[dict[str, Any]]:
    """Join a line that runs to the right margin with the next when that one starts at the left margin
    (a wrap, not a new paragraph: paragraphs are indented) and is no heading or enumerated item."""
    if not lines:
        return []
    left, right = margins
    joined = [dict(lines[0])]
    for line in lines[1:]:
        previous = joined[-1]
        size = previous["bottom"] - previous["top"]
        wraps = (
            previous["x1"] >= right - 1.5 * size
            and line["x0"] <= left + 0.5 * size
            and line["top"] - previous["bottom"] < size
            and not _BLOCK_START.match(line["text"])
            and "\t" not in previous["text"] + line["text"]  # rows of a table without rules stay rows
        )
        if wraps:
            previous["text"] = join_wrapped((previous["text"], line["text"]))
            previous["x1"], previous["bottom"] = line["x1"], line["bottom"]
        else:
            joined.append(dict(line))
    return joined
