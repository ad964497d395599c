"""What a file is, from its content: a renamed .txt that holds a web page is read as a web page."""

from __future__ import annotations

import re
import zipfile
from enum import StrEnum
from io import BytesIO


class Kind(StrEnum):
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    ZIP = "zip"
    # Refused with a reason of their own rather than read as garbled text.
    OLE = "ole"  # .doc / .xls / .wps (Office 97-2003, WPS)
    OFD = "ofd"
    XLSX = "xlsx"
    RTF = "rtf"
    IMAGE = "image"


_PDF = b"%PDF-"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
# A web page announces itself near the start; a report that merely mentions a tag does not start with one.
_HTML = re.compile(rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|meta|body|title)\b", re.I | re.S)
_HTML_PREFIX = 4096
# A CMS content field saved as it is stored: HTML without <html> or <head> ("<p>…</p><table>…"), often with
# its quotes escaped for JavaScript (style=\"…\"). It opens with a content tag and closes one.
_FRAGMENT = re.compile(
    rb"^(?:\s|<!--.*?-->)*<(?:p|div|table|tbody|tr|td|span|section|article|font|center|h[1-6]|strong|b|br|"
    rb"style|ul|ol|li|img|o:p)\b",
    re.I | re.S,
)
_CLOSING = re.compile(rb"</(?:p|div|table|td|span|font)\s*>|<\\/(?:p|div|table|td|span)>", re.I)


def sniff(data: bytes, suffix: str = "") -> Kind:
    """The kind of a file's content; TEXT when nothing more specific matches. The name's ``suffix`` only
    breaks a tie: a damaged zip says nothing of what it held, so a damaged .docx is still called one."""
    # The PDF header may follow a little junk (the spec allows it within the first 1024 bytes).
    if _PDF in data[:1024]:
        return Kind.PDF
    if data.startswith(_ZIP):
        return _zip_kind(data, suffix.lower())
    if data.startswith(_OLE):
        return Kind.OLE
    if data.startswith(b"{\\rtf"):
        return Kind.RTF
    if data.startswith(_IMAGES):
        return Kind.IMAGE
    prefix = _ascii_prefix(data)
    if _HTML.match(prefix) or (_FRAGMENT.match(prefix) and _CLOSING.search(prefix)):
        return Kind.HTML
    return Kind.TEXT


def _ascii_prefix(data: bytes) -> bytes:
    """The start of the file as ASCII-compatible bytes: UTF-16 pages lose their zero bytes, BOMs go."""
    head = data[: _HTML_PREFIX * 2]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:].replace(b"\x00", b"")
    return head.removeprefix(b"\xef\xbb\xbf")[:_HTML_PREFIX]


def _zip_kind(data: bytes, suffix: str) -> Kind:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # No central directory (truncated): the local headers at the start still name the first members.
        return Kind.DOCX if suffix == ".docx" or b"word/" in data[:65536] else Kind.ZIP
    return zip_kind(names)


def zip_kind(names: set[str]) -> Kind:
    """An office package (DOCX, XLSX, OFD) from its member names; any other zip is an archive."""
    if "word/document.xml" in names:
        return Kind.DOCX
    if "xl/workbook.xml" in names:
        return Kind.XLSX
    if "OFD.xml" in names:
        return Kind.OFD
    return Kind.ZIP
