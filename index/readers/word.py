"""A Word document (DOCX) → lines: paragraphs and tables in document order, merged cells once.

python-docx gives every grid position of a merged cell the same cell (horizontal spans and vertical
``vMerge`` continuations alike); its text is written at the first position and the others stay empty,
so a row's numbers are counted once. Each table row is one line, cells joined by a tab.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml import etree

from index.read import Document, ReportInputError
from index.readers.archive import check_members
from index.readers.cells import join_wrapped, row_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Containers whose text is not the paragraph's own: text boxes (their own paragraphs, drawn elsewhere),
# the fallback copy of alternate content, and footnote references.
_NOT_OWN_TEXT = frozenset({f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}footnoteReference"})
_CORRUPT = "Word 文件损坏或不完整 (corrupt docx)"


def read_docx(data: bytes, path: str | Path) -> Document:
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReportInputError(path, _CORRUPT) from error
    with package:  # a bomb-like package is refused before python-docx inflates it
        check_members(package, path)
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError) as error:
        raise ReportInputError(path, _CORRUPT) from error
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == f"{_W}p":
            lines += [line for line in paragraph_text(block).split("\n") if line.strip()]
        else:
            lines += table_lines(Table(block, document))
    if not any(line.strip() for line in lines):
        raise ReportInputError(path, "Word 文件中没有文字 (no text)")
    return Document(lines, "docx")


def _blocks(container: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables in document order, looking into content controls (w:sdt) and custom XML."""
    found: list[etree._Element] = []
    for child in container:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            found.append(child)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            found += _blocks(child)
    return found


def paragraph_text(paragraph: etree._Element) -> str:
    """The paragraph's text with tabs and line breaks; runs inside insertions, hyperlinks, smart tags and
    fields count too (python-docx's Paragraph.text reads direct runs and hyperlinks only)."""
    parts: list[str] = []
    for el in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if _inside_other_text(el, paragraph):
            continue
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        elif el.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _inside_other_text(el: etree._Element, paragraph: etree._Element) -> bool:
    for parent in el.iterancestors():
        if parent is paragraph:
            return False
        if parent.tag in _NOT_OWN_TEXT or parent.tag == f"{_W}p":
            return True
    return False


def table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell's text at its first grid position, empty at the others."""
    # Keyed by id, holding the element: lxml may reuse an id once nothing refers to its proxy.
    seen: dict[int, etree._Element] = {}
    lines = []
    for row in table.rows:
        cells = [""] * row.grid_cols_before
        for cell in row.cells:
            if id(cell._tc) in seen:
                cells.append("")
                continue
            seen[id(cell._tc)] = cell._tc
            cells.append(cell_text(cell._tc))
        cells += [""] * row.grid_cols_after
        if any(cells):
            lines.append(row_line(cells))
    return lines


def cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs (and those of any table nested in it) as one text."""
    return join_wrapped(paragraph_text(p).replace("\t", " ") for p in tc.iter(f"{_W}p"))
