"""File → lines of text: the format from the content, one reader per format, and refusal of input
that is not a report.

Every format ends as the same thing, a list of lines (tables one row per line, cells joined by a tab),
so there is one parser. Plain text keeps its lines as written; a web page, Word document or PDF gives
its extracted lines, which citations then quote.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
# The formats a report is read from (a folder or archive is searched for these); the content decides
# the reader, so a web page saved as .txt is still read as a web page.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".docx", ".pdf")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


class ReportInputError(ValueError):
    """Input that cannot be read as a report; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{Path(path).name}: {problem}")


@dataclass(frozen=True)
class Document:
    """A file's text as lines, and where it came from.

    ``encoding``: the text encoding for plain text ("utf-8", "gb18030"), else the format, with the page
    encoding for HTML ("html:gb18030", "docx", "pdf"). ``pages``: for a PDF, the page number of each
    line (1-based, same length as ``lines``), so a citation can say 第3页; None for other formats.
    ``notes``: what the reader could not use, in Chinese (a page without a text layer), for the user.
    """

    lines: list[str]
    encoding: str
    pages: list[int] | None = None
    notes: tuple[str, ...] = ()


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
    if not data.strip():
        raise ReportInputError(path, "文件为空 (empty file)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise ReportInputError(path, "不是文本文件 (binary content)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
            raise ReportInputError(path, "不是文本文件 (binary content)")
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ReportInputError(path, "无法识别的文本编码 (neither UTF-8 nor GB18030)")


def split_lines(text: str) -> list[str]:
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


_REFUSED = {
    "ole": "旧版 Office/WPS 文件（.doc/.xls/.wps）不支持，请另存为 .docx 或 PDF (legacy binary Office file)",
    "ofd": "OFD 版式文件不支持，请提供 PDF、Word 或网页 (OFD not supported)",
    "xlsx": "Excel 表格不是报告正文，不支持 (spreadsheet)",
    "rtf": "RTF 文件不支持，请另存为 .docx (RTF not supported)",
    "image": "图片文件没有文字层，不支持 OCR (image; OCR not supported)",
}


# Format → (reader module, function, the package it needs): imported only when a file needs it, so
# plain-text runs never load lxml, python-docx or pdfplumber.
_READERS = {
    "html": ("index.readers.web", "read_html", "lxml"),
    "docx": ("index.readers.word", "read_docx", "python-docx"),
    "pdf": ("index.readers.pdf", "read_pdf", "pdfplumber"),
}


def read_document(path: str | Path) -> Document:
    """A report file's lines, whatever its format, decided by content (magic bytes) and not by name."""
    from index.readers.archive import is_archive, refuse_archive
    from index.readers.sniff import Kind, sniff

    path = Path(path)
    if is_archive(path):  # before the size limit: an archive has limits of its own, on what it unpacks to
        refuse_archive(path)  # always raises: the archive's damage, else "import it as a batch"
    data = _read_bytes(path)
    kind = sniff(data, path.suffix)
    if kind == Kind.TEXT:
        text, encoding = decode(data, path)
        return Document(split_lines(text), encoding)
    if kind == Kind.ZIP:  # a damaged one: is_archive could not open it
        refuse_archive(path)
    if kind.value in _REFUSED:
        raise ReportInputError(path, _REFUSED[kind.value])
    module, function, package = _READERS[kind.value]
    try:
        reader = getattr(importlib.import_module(module), function)
    except ImportError as error:
        raise ReportInputError(path, f"读取 {kind.value} 文件需要安装 {package} (pip install {package})") from error
    return reader(data, path)


def read_text(path: str | Path) -> tuple[list[str], str]:
    """A report file's lines (as written, or as extracted), and their encoding or format."""
    document = read_document(path)
    return document.lines, document.encoding


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportInputError(path, f"文件过大 ({size} 字节，上限 {MAX_BYTES} 字节) (file too large)")
        return path.read_bytes()
    except OSError as error:
        raise ReportInputError(path, f"无法读取文件 ({error.strerror})") from error
