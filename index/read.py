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
from itertools import islice
from pathlib import Path

from index.models import ParseWarning

MAX_BYTES = 20 * 1024 * 1024
# The largest real report has 453 lines (a long PDF a few thousand). Parsing is linear but costs 10–30 µs a
# line, so 10 MB of one-digit lines (5 million) took half a minute; 30 000 lines take a second at most.
MAX_LINES = 30_000
# A UTF-8 file with a few stray bytes (a bad copy, a cut character) is read with U+FFFD in their place;
# more than this is another encoding, or damage too wide to read as the report.
MAX_BAD_BYTES = 16
BAD_BYTE_SHARE = 0.001
# The formats a report is read from (a folder or archive is searched for these); the content decides
# the reader, so a web page saved as .txt is still read as a web page.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".docx", ".pdf")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_ESCAPED = re.compile(r"[\udc80-\udcff]")  # a byte that is not UTF-8, as errors="surrogateescape" keeps it
_NON_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")
# Text that was decoded with the wrong encoding before it reached us (a mirror site's copy): the GBK filler
# of lost bytes (锟斤拷), "?" where a character's bytes were dropped inside Chinese text (三審三?!敝贫?), and
# UTF-8 read as Latin-1 (æ”¿åºœ). Such a line is read on, with a warning that its text may be wrong.
_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
MOJIBAKE = (
    r"锟斤拷|烫烫烫|屯屯屯",
    r"\?[!\u4e00-\u9fff]{1,4}\?",
    rf"(?:[\u00e0-\u00ef][{_CP1252_CONTINUATION}]{{2}}){{2,}}",
)
_MOJIBAKE = re.compile("|".join(MOJIBAKE))


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
    ``warnings``: what reading changed in the text (bytes replaced), for the report's warnings.
    """

    lines: list[str]
    encoding: str
    pages: list[int] | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()


@dataclass(frozen=True)
class Decoded:
    """Text from bytes; ``replaced``: (line, bytes) for each line where invalid UTF-8 became U+FFFD."""

    text: str
    encoding: str
    replaced: tuple[tuple[int, int], ...] = ()


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 (with or without BOM, a few bad bytes replaced), UTF-16 with
    BOM, GB18030/GBK."""
    decoded = decode_text(data, path)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, path: str | Path) -> Decoded:
    """``decode``, and where bytes were replaced."""
    if not data.strip():
        raise ReportInputError(path, "文件为空 (empty file)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise ReportInputError(path, "UTF-16 文本已损坏 (damaged UTF-16)") from error
    if b"\x00" in data:
        raise ReportInputError(path, "不是文本文件 (binary content)")
    decoded = _utf8(data) or _gb18030(data)
    if decoded is None:
        raise ReportInputError(path, "无法识别的文本编码 (neither UTF-8 nor GB18030)")
    if len(_CONTROL.findall(decoded.text)) > max(8, len(decoded.text) // 100):
        raise ReportInputError(path, "不是文本文件 (binary content)")
    return decoded


def _utf8(data: bytes) -> Decoded | None:
    """UTF-8, or UTF-8 with at most a few invalid bytes among many valid characters: GBK text read as UTF-8
    has an invalid byte in nearly every character, so it fails one bound or the other."""
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8-sig", errors="surrogateescape")
    # Counted only as far as the bounds need: a GBK file has millions of "bad" bytes.
    bad = [match.start() for match in islice(_ESCAPED.finditer(escaped), MAX_BAD_BYTES + 1)]
    if len(bad) > MAX_BAD_BYTES or len(bad) >= len(data) * BAD_BYTE_SHARE:
        return None
    needed = 10 * len(bad)
    if sum(1 for _ in islice(_NON_ASCII.finditer(escaped), needed)) < needed:
        return None
    return Decoded(_ESCAPED.sub("\ufffd", escaped), "utf-8", _lines_of(escaped, bad))


def _gb18030(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        return None


def _lines_of(text: str, positions: list[int]) -> tuple[tuple[int, int], ...]:
    """(1-based line, how many of ``positions`` on it), counting line breaks as ``split_lines`` does."""
    counts: dict[int, int] = {}
    line, previous = 1, 0
    for position in positions:  # a bad byte is never \r or \n, so no slice splits a \r\n
        line += text.count("\n", previous, position) + text.count("\r", previous, position)
        line -= text.count("\r\n", previous, position)
        counts[line] = counts.get(line, 0) + 1
        previous = position
    return tuple(counts.items())


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
        return _refuse_non_report(_text_document(data, path), path)
    if kind == Kind.ZIP:  # a damaged one: is_archive could not open it
        refuse_archive(path)
    if kind.value in _REFUSED:
        raise ReportInputError(path, _REFUSED[kind.value])
    module, function, package = _READERS[kind.value]
    try:
        reader = getattr(importlib.import_module(module), function)
    except ImportError as error:
        raise ReportInputError(path, f"读取 {kind.value} 文件需要安装 {package} (pip install {package})") from error
    return _refuse_non_report(reader(data, path), path)


def _text_document(data: bytes, path: Path) -> Document:
    decoded = decode_text(data, path)
    warnings = tuple(
        ParseWarning(
            code="invalid_bytes",
            message=f"第{line}行有 {count} 个字节不是有效的 UTF-8，已替换为“\ufffd”；该行文字可能有缺损",
            line=line,
        )
        for line, count in decoded.replaced
    )
    lines = split_lines(decoded.text)
    return Document(lines, decoded.encoding, warnings=(*warnings, *mojibake_warnings(lines)))


def mojibake_warnings(lines: list[str]) -> tuple[ParseWarning, ...]:
    """One warning per line whose text was garbled by a wrong decoding upstream (the line is still read)."""
    found: list[ParseWarning] = []
    if not _MOJIBAKE.search("\n".join(lines)):  # no pattern spans lines: one search clears most files
        return ()
    for number, line in enumerate(lines, start=1):
        match = _MOJIBAKE.search(line)
        if match:
            shown = line[max(0, match.start() - 6) : match.end() + 6]
            message = f"第{number}行有乱码（“{shown}”），可能是转载时编码出错；该行文字可能有误"
            found.append(ParseWarning(code="mojibake", message=message, line=number))
    return tuple(found)


def check_line_count(lines: list[str], path: str | Path) -> None:
    """Refuse more lines than any report has: parsing is linear, but millions of lines still take minutes."""
    if len(lines) > MAX_LINES:
        raise ReportInputError(path, f"不是年度报告：文件有 {len(lines)} 行，超过上限 {MAX_LINES} 行 (too many lines)")


def _refuse_non_report(document: Document, path: Path) -> Document:
    """The document, unless it cannot be a report: more lines than any report, or no Chinese at all."""
    check_line_count(document.lines, path)
    if not any(_HAN.search(line) for line in document.lines):
        raise ReportInputError(path, "不是年度报告：文件中没有中文文字 (no Chinese text)")
    return document


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
