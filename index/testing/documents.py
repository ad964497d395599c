"""A report as the documents it is published as: a web page, a Word file, a PDF, with the official
tables (merged header cells, merged row labels) built from the catalogue.

    lines, report = source.original, parsed.report        # a report read from its .txt
    blocks = report_blocks(lines, report)                  # its paragraphs, its tables as official grids
    write_html(blocks, "r.html", encoding="gbk")           # <meta charset="gb2312">, site chrome around
    write_docx(blocks, "r.docx")                           # python-docx, merged cells
    write_pdf(blocks, "r.pdf")                             # reportlab, ruled tables, CJK font

A reader is right when each of these parses to exactly the cells of the .txt it came from.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc

from index.catalog import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, T4_ROW, rows_for
from index.models import Report, Script, TableFormat, TableId
from index.testing.layouts import T2_CONTENT, T2_HEADERS, T3_APPLICANTS, T3_NOTE, T3_ORGANISATIONS

# Debian's fonts-wqy-microhei (installed by .ci/run): a CJK TrueType collection reportlab can embed.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
_T2_WIDTH = 4
_T3_LABEL_COLUMNS = 3
_T4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_SENTENCE = re.compile(r"[，。；：,;:！？]")
_ENUMERATED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+、)")


@dataclass(frozen=True)
class GridCell:
    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    """A table as drawn: cells with their spans, every grid position covered by exactly one cell."""

    rows: int
    columns: int
    cells: tuple[GridCell, ...]

    def starting_in(self, row: int) -> list[GridCell]:
        return sorted((cell for cell in self.cells if cell.row == row), key=lambda cell: cell.column)


Block = str | Grid  # a paragraph, or a table
CellText = Callable[[str, str], str]  # (row key, column key) → the cell's text


# ---- official tables --------------------------------------------------------------------------------


class _Builder:
    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.cells: list[GridCell] = []
        self.row = 0

    def put(self, column: int, text: str, rowspan: int = 1, colspan: int = 1, row: int | None = None) -> None:
        self.cells.append(GridCell(self.row if row is None else row, column, text, rowspan, colspan))

    def next_row(self) -> None:
        self.row += 1

    def grid(self) -> Grid:
        return Grid(self.row, self.columns, tuple(self.cells))


def t2_grid(table_format: TableFormat, text: CellText) -> Grid:
    """Table 2 as in the official template: a group row spanning the table, its header row, its rows;
    a group with fewer than three columns lets its last column span the rest."""
    grid = _Builder(_T2_WIDTH)
    group = None
    for row in rows_for(TableId.T2, table_format):
        prefix, leaf = row.key.split("/")
        last_span = _T2_WIDTH - len(row.columns)
        if prefix != group:
            group = prefix
            grid.put(0, prefix, colspan=_T2_WIDTH)
            grid.next_row()
            grid.put(0, T2_CONTENT)
            for position, column in enumerate(row.columns, start=1):
                header = T2_HEADERS[column.key][0] if column.key in T2_HEADERS else column.key
                grid.put(position, header, colspan=last_span if position == len(row.columns) else 1)
            grid.next_row()
        grid.put(0, leaf)
        for position, column in enumerate(row.columns, start=1):
            grid.put(position, text(row.key, column.key), colspan=last_span if position == len(row.columns) else 1)
        grid.next_row()
    return grid.grid()


def t3_grid(table_format: TableFormat, text: CellText) -> Grid:
    """Table 3 as in the official template: a three-row header (申请人情况 over 自然人, 法人或其他组织 over
    its five kinds, 总计) and row labels over three columns, parents merged down the rows they head."""
    labels = _T3_LABEL_COLUMNS
    grid = _Builder(labels + len(T3_COLUMNS))
    grid.put(0, T3_NOTE, rowspan=3, colspan=labels)
    grid.put(labels, T3_APPLICANTS, colspan=len(T3_COLUMNS))
    grid.next_row()
    grid.put(labels, "自然人", rowspan=2)
    grid.put(labels + 1, T3_ORGANISATIONS, colspan=len(T3_COLUMNS) - 2)
    grid.put(labels + len(T3_COLUMNS) - 1, "总计", rowspan=2)
    grid.next_row()
    for position, column in enumerate(T3_COLUMNS[1:-1], start=labels + 1):
        grid.put(position, column.key.split("/")[1])
    grid.next_row()
    keys = [row.key.split("/") for row in rows_for(TableId.T3, table_format)]
    for index, parts in enumerate(keys):
        for depth, part in enumerate(parts):
            if depth < len(parts) - 1:  # a parent: drawn once, down every row it heads
                if index and keys[index - 1][: depth + 1] == parts[: depth + 1]:
                    continue
                span = sum(1 for other in keys[index:] if other[: depth + 1] == parts[: depth + 1])
                grid.put(depth, part, rowspan=span)
            else:
                grid.put(depth, part, colspan=labels - depth)
        key = "/".join(parts)
        for position, column in enumerate(T3_COLUMNS, start=labels):
            grid.put(position, text(key, column.key))
        grid.next_row()
    return grid.grid()


def t4_grid(text: CellText) -> Grid:
    """Table 4 as in the official template: 行政复议 (five results) and 行政诉讼 (two blocks of five)."""
    results = len(_T4_RESULTS)
    grid = _Builder(len(T4_COLUMNS))
    grid.put(0, T4_BLOCKS[0], colspan=results)
    grid.put(results, T4_BLOCKS[1].split("/")[0], colspan=2 * results)
    grid.next_row()
    for position, result in enumerate(_T4_RESULTS):
        grid.put(position, result, rowspan=2)
    grid.put(results, T4_BLOCKS[1].split("/")[1], colspan=results)
    grid.put(2 * results, T4_BLOCKS[2].split("/")[1], colspan=results)
    grid.next_row()
    for position in range(results, 3 * results):
        grid.put(position, _T4_RESULTS[position % results])
    grid.next_row()
    for position, column in enumerate(T4_COLUMNS):
        grid.put(position, text(T4_ROW, column.key))
    grid.next_row()
    return grid.grid()


def official_grid(report: Report, table_id: TableId) -> Grid:
    """One of the report's tables in the official layout, cell texts as the report wrote them (a cell it
    could not read is left empty); labels in the report's script."""
    table = report.tables[table_id]
    cells = {(cell.row, cell.column): cell.raw for cell in table.cells}
    grid = {
        TableId.T2: lambda text: t2_grid(table.format, text),
        TableId.T3: lambda text: t3_grid(table.format, text),
        TableId.T4: t4_grid,
    }[table_id](lambda row, column: cells.get((row, column), ""))
    if report.metadata.script == Script.TRADITIONAL:  # numbers are unchanged by the conversion
        converted = (GridCell(c.row, c.column, _s2t(c.text), c.rowspan, c.colspan) for c in grid.cells)
        grid = Grid(grid.rows, grid.columns, tuple(converted))
    return grid


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def _s2t(text: str) -> str:
    return _converter().convert(text)


# ---- a report as blocks -----------------------------------------------------------------------------


def report_blocks(lines: list[str], report: Report) -> list[Block]:
    """The report's lines as paragraphs, with each table's lines (header rows included) replaced by the
    table in the official layout."""
    headings = {section.heading_line for section in report.sections if section.heading_line}
    regions: dict[int, tuple[int, TableId]] = {}  # first line → (last line, table)
    previous_end = 0
    for table in sorted(report.tables.values(), key=lambda table: table.first_line):
        start = table.first_line
        while start - 1 > previous_end and start - 1 not in headings and _table_like(lines[start - 2]):
            start -= 1
        regions[start] = (table.last_line, table.id)
        previous_end = table.last_line
    blocks: list[Block] = []
    number = 1
    while number <= len(lines):
        if number in regions:
            last, table_id = regions[number]
            blocks.append(official_grid(report, table_id))
            number = last + 1
            continue
        text = " ".join(lines[number - 1].split())
        if text:
            blocks.append(text)
        number += 1
    return blocks


def _table_like(line: str) -> bool:
    """A line of a table's header as text extraction left it: cells, or a short label with no sentence."""
    text = line.strip()
    if "\t" in line or "|" in line or not text:
        return True
    return len(text) <= 12 and not _SENTENCE.search(text) and not _ENUMERATED.match(text)


def title_of(blocks: list[Block]) -> str | None:
    return next((b for b in blocks if isinstance(b, str) and "年度报告" in b and len(b) < 60), None)


# ---- HTML -------------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta charset="{charset}">
<title>{title}</title>
<style>table {{ border-collapse: collapse; }} td {{ border: 1px solid #000; }}</style>
<script>var crumbs = ["首页", "政务公开", "行政复议"]; // not text</script>
</head>
<body>
<div class="header"><div class="logo">某某县人民政府</div>
<ul class="nav-menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/nb/">政府信息公开年报</a></li><li><a href="/fy/">行政复议</a></li></ul></div>
<div class="bread-crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 年度报告</div>
<div class="main">
<div class="article">
{body}
</div>
<div class="sidebar"><h3>相关文章</h3><ul>
<li><a href="/nb/2020.html">某某镇2020年政府信息公开工作年度报告</a></li>
<li><a href="/nb/2019.html">某某镇2019年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：某某县人民政府办公室　版权所有</p><p>辽ICP备05001234号-1</p></div>
</body>
</html>
"""


def html_page(blocks: list[Block], charset: str = "utf-8") -> str:
    """A government site's article page: navigation, breadcrumb, sidebar and footer around the report."""
    body = "\n".join(_html_table(block) if isinstance(block, Grid) else _html_paragraph(block) for block in blocks)
    title = title_of(blocks) or "政府信息公开专栏"
    return _PAGE.format(charset=charset, title=html.escape(f"{title}_某某县人民政府"), body=body)


def write_html(blocks: list[Block], path: str | Path, encoding: str = "utf-8") -> Path:
    """The page in ``encoding``; "gbk" declares gb2312 as many county sites do, characters GBK lacks
    written as character references."""
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    path = Path(path)
    path.write_bytes(html_page(blocks, charset).encode(encoding, errors="xmlcharrefreplace"))
    return path


def _html_paragraph(text: str) -> str:
    return f'<p style="text-indent: 2em;">{html.escape(text)}</p>'


def span_attributes(cell: GridCell, quote: str = '"') -> str:
    """The rowspan and colspan attributes a merged cell needs ("" for a plain one), values in ``quote``."""
    rowspan = f" rowspan={quote}{cell.rowspan}{quote}" if cell.rowspan > 1 else ""
    return rowspan + (f" colspan={quote}{cell.colspan}{quote}" if cell.colspan > 1 else "")


def _html_table(grid: Grid) -> str:
    rows = []
    for row in range(grid.rows):
        cells = []
        for cell in grid.starting_in(row):
            cells.append(f"<td{span_attributes(cell)}>{_html_cell(cell.text, cell.column)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="0" width="100%">\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def _html_cell(text: str, column: int) -> str:
    """As Word-made pages write cells: &nbsp; for an empty cell and around some numbers, a long label in
    two paragraphs (the line a narrow column broke it at)."""
    if not text:
        return "&nbsp;"
    if len(text) > 12:
        half = len(text) // 2
        return f"<p>{html.escape(text[:half])}</p><p><span>{html.escape(text[half:])}</span></p>"
    padding = "&nbsp;" if column % 3 == 0 else ""
    return f"<p><span>{padding}{html.escape(text)}{padding}</span></p>"


# ---- DOCX -------------------------------------------------------------------------------------------


def write_docx(blocks: list[Block], path: str | Path) -> Path:
    """A Word document: paragraphs, and tables with merged cells (horizontal and vertical)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=block.rows, cols=block.columns)
        table.style = "Table Grid"
        rows = table.rows  # Table.cell() rebuilds the whole grid on each call: slow for table 3
        for cell in block.cells:
            target = rows[cell.row].cells[cell.column]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(rows[cell.row + cell.rowspan - 1].cells[cell.column + cell.colspan - 1])
            if len(cell.text) > 12:  # a long label in two paragraphs, as a narrow column wraps it
                half = len(cell.text) // 2
                target.text = cell.text[:half]
                target.add_paragraph(cell.text[half:])
            else:
                target.text = cell.text
    path = Path(path)
    document.save(str(path))
    return path


# ---- PDF --------------------------------------------------------------------------------------------


def write_pdf(blocks: list[Block], path: str | Path, font: Path = CJK_FONT, ruled: bool = True) -> Path:
    """A landscape A4 PDF: indented paragraphs, tables with merged cells (ruled, or with ``ruled=False``
    only spaced out in columns), a page number at the foot of each page. Needs reportlab and a CJK font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "CJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("CJK", str(font), subfontIndex=0))
    body = ParagraphStyle("body", fontName="CJK", fontSize=10.5, leading=16, firstLineIndent=21, wordWrap="CJK")
    small = ParagraphStyle("cell", fontName="CJK", fontSize=8, leading=10, wordWrap="CJK")
    page_size = landscape(A4)
    margin = 40.0

    def page_number(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.setFont("CJK", 9)
        canvas.drawCentredString(page_size[0] / 2, 20, f"- {document.page} -")

    story: list = []
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(html.escape(block), body))
            continue
        data = [[""] * block.columns for _ in range(block.rows)]
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        for cell in block.cells:
            data[cell.row][cell.column] = Paragraph(html.escape(cell.text), small) if cell.text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                end = (cell.column + cell.colspan - 1, cell.row + cell.rowspan - 1)
                style.append(("SPAN", (cell.column, cell.row), end))
        story += [Spacer(1, 6), Table(data, colWidths=_column_widths(block, page_size[0] - 2 * margin)), Spacer(1, 6)]
        story[-2].setStyle(TableStyle(style))
    path = Path(path)
    document = SimpleDocTemplate(
        str(path), pagesize=page_size, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin
    )
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path


def _column_widths(grid: Grid, width: float) -> list[float]:
    """Wide label columns on the left of tables 2 and 3; equal columns for table 4."""
    if grid.columns == _T2_WIDTH:
        return [width * 0.4] + [width * 0.2] * 3
    if grid.columns == _T3_LABEL_COLUMNS + len(T3_COLUMNS):
        labels = [width * 0.1, width * 0.12, width * 0.33]
        return labels + [(width - sum(labels)) / len(T3_COLUMNS)] * len(T3_COLUMNS)
    return [width / grid.columns] * grid.columns
