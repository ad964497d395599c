"""A web page (HTML) → the report's lines: its body without the site's chrome, tables as grids.

The body is the smallest element holding the report's anchors (the title, the section headings, the
official tables); navigation, headers, footers and sidebars inside it go unless they hold an anchor.
A table becomes a grid with rowspan and colspan honoured: a merged cell's text stands in its first
grid position only and the positions it spans stay empty, so a row's numbers are counted once. Each
grid row is one line, cells joined by a tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import lxml.html
from lxml import etree

from index.catalog import SECTION_TITLES, T2_START, T3_START, T4_START
from index.normalise import label_key
from index.read import Document, ReportInputError, decode
from index.readers.cells import clean, join_wrapped, row_line

# Tag names as one string each: SIM905 prefers list literals, which format to one name per line.
_SKIP = frozenset(
    "script style noscript template iframe frame object embed svg canvas select option button input textarea "  # noqa: SIM905
    "map area audio video head".split()
)
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "  # noqa: SIM905
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot "
    "th thead tr ul".split()
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
# class/id words of site chrome on government sites (dqwz 当前位置, xgwz 相关文章, xglj 相关链接).
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|menus|footer|foot|bottom|breadcrumbs?|crumbs?|bread|location|dqwz|sidebar|"
    r"side|header|topbar|share|bdshare|copyright|banner|login|search|friendlink|links|related|xgwz|xglj)"
    r"(?:$|[\s_\-\d])",
    re.I,
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# GB2312 and GBK pages routinely use characters beyond their label: read them as the superset.
_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs"}
_TITLE_WORDS = ("年度报告", "年度報告")
_HEADING_MAX = 60  # characters: a heading or title, not a paragraph that mentions one
_LAYOUT_CELL = 300  # characters: a cell this long holds page content, so its table is page layout
_MAX_COLSPAN = 100  # official tables have 16 columns at most; a huge colspan is damage or an attack


def read_html(data: bytes, path: str | Path) -> Document:
    text, encoding = decode_page(data, path)
    text = unescape_script(text)
    try:
        page = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as error:
        raise ReportInputError(path, "网页没有内容 (empty page)") from error
    body = page.find("body")
    if body is None:
        body = page
    root = report_root(body)
    lines = _Lines()
    _walk(root, lines)
    result = lines.finish()
    title = page.findtext(".//title") or ""
    if not any(word in line for line in result for word in _TITLE_WORDS):
        result = _title_line(title) + result  # the title only in <title>: metadata needs it
    if not result:
        raise ReportInputError(path, "网页中没有找到报告正文 (no report text in the page)")
    notes = ()
    if root.find(".//img") is not None and not any(_is_anchor(table) for table in root.iter("table")):
        notes = ("网页中没有找到统计表格，表格可能是图片（不支持 OCR）",)
    return Document(result, f"html:{encoding}", notes=notes)


_SCRIPT_ESCAPES = (('\\"', '"'), ("\\/", "/"), ("\\r\\n", "\n"), ("\\n", "\n"), ("\\t", "\t"))


def unescape_script(text: str) -> str:
    r"""Markup saved from a JavaScript string (a CMS field: <p style=\"…\">, <\/p>, \n between tags)
    back to markup: escaped quotes would otherwise end up inside attribute values (colspan=\"2\" is no
    number, so merged cells would not span)."""
    if '=\\"' not in text and "<\\/" not in text:
        return text
    for escaped, plain in _SCRIPT_ESCAPES:
        text = text.replace(escaped, plain)
    return text


def decode_page(data: bytes, path: str | Path) -> tuple[str, str]:
    """The page's text: its declared charset when that decodes, else UTF-8 or GB18030 as for text files."""
    declared = _META_CHARSET.search(data[:8192])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        encoding = _CHARSETS.get(name, name)
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    return decode(data, path)


# ---- the report's body ------------------------------------------------------------------------------


def report_root(body: etree._Element) -> etree._Element:
    """The smallest element holding every anchor, with the chrome inside it removed.

    Anchors are the official tables and the section headings, then the title: a title-like line in the
    site's chrome (a breadcrumb ending in 年度报告) counts only when it already lies inside the others."""
    anchors = [el for el in body.iter() if _is_anchor(el)]
    strong = [el for el in anchors if el.tag == "table" or _is_section_heading(_short_text(el))]
    root = _common_ancestor(strong) if strong else body
    inside = {id(el): el for el in root.iter()}
    anchors = [el for el in anchors if id(el) in inside or not _in_chrome(el)]
    # One anchor says nothing about where the rest of the report is: then the whole body, less chrome.
    root = _common_ancestor(anchors) if len(anchors) > 1 else body
    while any(root is anchor for anchor in anchors) and root.getparent() is not None:
        root = root.getparent()  # a heading inside another heading-like block: the report is around both
    # Keyed by id, holding the element: lxml may reuse an id once nothing refers to its proxy.
    keep = {id(el): el for anchor in anchors for el in (anchor, *anchor.iterancestors())}
    tables = {id(anchor) for anchor in anchors if anchor.tag == "table"}
    for el in list(root.iter()):
        if id(el) in keep or not isinstance(el.tag, str) or el is root:
            continue
        if _is_chrome(el) and not any(id(parent) in tables for parent in el.iterancestors()):
            el.drop_tree()  # keeps the text after the element (its tail)
    return root


def _in_chrome(el: etree._Element) -> bool:
    return any(_is_chrome(node) for node in (el, *el.iterancestors()) if isinstance(node.tag, str))


def _is_chrome(el: etree._Element) -> bool:
    if el.tag in _CHROME_TAGS:
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(_CHROME_NAME.search(names))


def _is_anchor(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag == "table":
        return not _is_layout(el) and _mentions_table(el)
    if el.tag not in _BLOCKS or el.tag in ("body", "table", "tr", "tbody", "thead", "tfoot"):
        return False
    text = _short_text(el)
    if not text or _is_link_text(el, text):
        return False
    return any(word in text for word in _TITLE_WORDS) or _is_section_heading(text)


def _short_text(el: etree._Element) -> str:
    """The element's text if it is short enough for a heading, else "" (without reading all of a long one)."""
    parts, length = [], 0
    for part in el.itertext():
        parts.append(part)
        length += len(part)
        if length > 8 * _HEADING_MAX:  # whitespace may shrink it, but not by this much
            return ""
    text = clean("".join(parts))
    return text if len(text) <= _HEADING_MAX else ""


def _is_link_text(el: etree._Element, text: str) -> bool:
    """A link (上一篇: …年度报告, a sidebar list) is navigation, not the report's own heading."""
    if el.tag == "a" or any(parent.tag == "a" for parent in el.iterancestors()):
        return True
    linked = sum(len(clean(a.text_content())) for a in el.iter("a"))
    return linked * 2 > len(text)


_HEADING_START = re.compile(r"^[一二三四五六][、.．]")


@cache
def _section_words() -> tuple[str, ...]:
    return _with_traditional(tuple(word for _, words in SECTION_TITLES for word in words))


@cache
def _table_words() -> tuple[str, ...]:
    return tuple(label_key(word) for word in _with_traditional((*T2_START, *T3_START, *T4_START)))


def _with_traditional(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words and their traditional forms: pages from Hong Kong, Macao and Taiwan style sites."""
    import opencc

    converter = opencc.OpenCC("s2t")
    return tuple(dict.fromkeys((*words, *(converter.convert(word) for word in words))))


def _is_section_heading(text: str) -> bool:
    return bool(_HEADING_START.match(text)) and any(word in text for word in _section_words())


def _mentions_table(table: etree._Element) -> bool:
    key = label_key(table.text_content())
    return any(word in key for word in _table_words())


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    chains = [[*reversed(list(el.iterancestors())), el] for el in elements]
    common = chains[0][0]
    for depth in range(min(map(len, chains))):
        candidates = {id(chain[depth]) for chain in chains}
        if len(candidates) > 1:
            break
        common = chains[0][depth]
    # An anchor that is itself a heading inside a table cell makes that cell the root; a row is no root.
    while common.tag in ("tr", "tbody", "thead", "tfoot") and common.getparent() is not None:
        common = common.getparent()
    return common


def _title_line(title: str) -> list[str]:
    """The report's title from <title>, without the site name around it (… 年度报告_某县人民政府)."""
    for part in re.split(r"[_|｜]| - | — ", title):
        if any(word in part for word in _TITLE_WORDS):
            return [clean(part)]
    return []


# ---- lines ------------------------------------------------------------------------------------------


class _Lines:
    """Lines of text as block elements end them; inline text runs into the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def end(self) -> None:
        line = clean("".join(self.parts))
        self.parts = []
        if line:
            self.lines.append(line)

    def raw(self, line: str) -> None:
        self.end()
        self.lines.append(line)

    def finish(self) -> list[str]:
        self.end()
        return self.lines


def _walk(el: etree._Element, out: _Lines) -> None:
    tag = el.tag if isinstance(el.tag, str) else None  # comments and processing instructions have none
    if tag is None or tag in _SKIP:
        return
    if tag == "br":
        out.end()
    elif tag == "pre":  # preformatted text keeps its lines and tabs: a text report pasted into a page
        out.end()
        for line in el.text_content().splitlines():
            if line.strip():
                out.raw(line.rstrip())
    elif tag == "table" and not _is_layout(el):
        out.end()
        for line in table_lines(el):
            out.raw(line)
    else:
        block = tag in _BLOCKS
        if block:
            out.end()
        out.add(el.text)
        for child in el:
            _walk(child, out)
            out.add(child.tail)
        if block:
            out.end()


def _is_layout(table: etree._Element) -> bool:
    """A table used to lay out the page (old government sites): its cells hold tables or whole articles."""
    if table.find(".//table") is not None:
        return True
    return any(len(clean(cell.text_content())) > _LAYOUT_CELL for cell in table.iter("td", "th"))


# ---- tables -----------------------------------------------------------------------------------------


def table_lines(table: etree._Element) -> list[str]:
    """The table's caption, then one line per grid row (rows with no text left out)."""
    lines = []
    caption = table.find("caption")
    if caption is not None and clean(caption.text_content()):
        lines.append(cell_text(caption))
    for row in table_grid(table):
        if any(row):
            lines.append(row_line(row))
    return lines


def table_grid(table: etree._Element) -> list[list[str]]:
    """The table as a rectangle of cell texts; a merged cell's text in its top-left position only."""
    rows = list(_own_rows(table))
    texts: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            texts[(r, c)] = cell_text(cell)
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
            width = max(width, c)
    return [[texts.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _own_rows(table: etree._Element) -> Iterator[etree._Element]:
    """The table's rows, not those of a table nested in a cell; with or without thead/tbody/tfoot."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _span(cell: etree._Element, name: str, limit: int) -> int:
    """A rowspan/colspan as a count of grid positions, at most ``limit``; rowspan 0 means to the end of
    the table, a colspan of 0 or a value that is no number means 1 (as browsers read them)."""
    try:
        value = int(str(cell.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    if value == 0 and name == "rowspan":
        return limit
    return max(1, min(value, limit))


def cell_text(cell: etree._Element) -> str:
    """A cell's text as one piece: paragraphs and <br> inside it joined, &nbsp; as a space."""
    out = _Lines()
    out.add(cell.text)
    for child in cell:
        _walk(child, out)
        out.add(child.tail)
    return join_wrapped(out.finish())
