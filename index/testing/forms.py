"""A synthetic report in the forms real reports reach us in besides plain text (``spec.Form``).

The report is first laid out as parts (chrome, title, headings, paragraphs, tables, signature, footer),
then written as a CMS fragment, a Word-exported page, a PDF's markdown conversion or a PDF's text layer.
Tables are the official grids (``documents``) for the HTML forms and the text grids (``layouts``) for the
line-based ones; every cell's text comes from the spec, so ``spec.expected_cells()`` is the truth for all.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from index.models import TableId
from index.testing import documents, generate, layouts, quirks
from index.testing.documents import Grid
from index.testing.layouts import GridRow, Style
from index.testing.spec import Form, LabelMode, Layout, PageMark, ReportSpec, T4Header

_TABLE_OF_SECTION = {2: TableId.T2, 3: TableId.T3, 4: TableId.T4}
_DIGITS = re.compile(r"(\d+)")
_PROSE_WIDTH = (26, 30)  # characters per line where a PDF's prose is hard-wrapped (f02, f06)
_LONG_LABEL = 18


class PartKind(StrEnum):
    CHROME = "chrome"
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE = "table"
    SIGNATURE = "signature"
    FOOTER = "footer"


@dataclass(frozen=True)
class Part:
    kind: PartKind
    text: str = ""
    table: TableId | None = None


def parts(spec: ReportSpec, rng: random.Random) -> list[Part]:
    """The report as parts, in reading order, with the same words a plain-text rendering has; a web page's
    date/来源 line and footer only for the HTML forms (a PDF has none)."""
    web = spec.website_footer and spec.form in (Form.HTML_FRAGMENT, Form.WORD_HTML)
    out = [Part(PartKind.CHROME, generate._source_line(spec, rng))] if web else []
    out += [Part(PartKind.CHROME, line) for line in quirks.chrome_top(spec, rng)]
    out += [Part(PartKind.TITLE, line) for line in generate._title_lines(spec, rng) if line]
    out += [Part(PartKind.PARAGRAPH, text) for text in spec.narrative[0]]
    for number in range(1, 7):
        out.append(Part(PartKind.HEADING, generate._heading(spec, number, rng)))
        out += [Part(PartKind.PARAGRAPH, text) for text in spec.narrative[number]]
        table = _TABLE_OF_SECTION.get(number)
        if table in spec.values:
            out.append(Part(PartKind.TABLE, table=table))
    out += [Part(PartKind.SIGNATURE, line) for line in quirks.signature(spec, rng) if line]
    if web:
        out += [Part(PartKind.FOOTER, line) for line in generate._footer_lines(spec, rng)]
    return out


def render_form(spec: ReportSpec) -> str:
    rng = random.Random(spec.render_seed)
    text = _WRITERS[spec.form](spec, parts(spec, rng), rng)
    return generate.script_text(text, spec, rng)


# ---- cell texts --------------------------------------------------------------------------------------


def _value_text(spec: ReportSpec, table: TableId) -> documents.CellText:
    cells = spec.values[table]

    def text(row: str, column: str) -> str:
        printed = spec.printed.get((table, row, column))
        if printed is not None:
            return printed.text
        value = cells[(row, column)]
        return format(value, "f") if isinstance(value, Decimal) else str(value)

    return text


def official_grid(spec: ReportSpec, table: TableId, rng: random.Random) -> Grid:
    """The official table with the spec's cell texts; 本年… headers with the year when the spec asks."""
    text = _value_text(spec, table)
    grid = {
        TableId.T2: lambda: documents.t2_grid(spec.table_format, text),
        TableId.T3: lambda: documents.t3_grid(spec.table_format, text),
        TableId.T4: lambda: documents.t4_grid(text),
    }[table]()
    if not spec.year_in_headers or table != TableId.T2:
        return grid
    cells = (replace(cell, text=layouts.with_year(cell.text, spec.year, rng)) for cell in grid.cells)
    return Grid(grid.rows, grid.columns, tuple(cells))


def _line_style(spec: ReportSpec, rng: random.Random) -> Style:
    """Text grids as a PDF's text layer has them: no empty cells, no padding."""
    return replace(generate.text_style(spec, rng, Layout.PIPE), label_mode=LabelMode.COMPACT)


# ---- HTML fragment (a CMS article body saved as .txt) ----------------------------------------------------


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _fragment_cell(text: str, rng: random.Random) -> str:
    if not text:
        return "&nbsp;"
    return f"&nbsp;{_escaped(text)}" if rng.random() < 0.2 else _escaped(text)


_ESCAPED_QUOTE = '\\"'  # a CMS fragment stored as a JS string escapes its attribute quotes


def _fragment_table(grid: Grid, rng: random.Random) -> str:
    rows = []
    for row in range(grid.rows):
        cells = []
        for cell in grid.starting_in(row):
            spans = documents.span_attributes(cell, quote=_ESCAPED_QUOTE)
            cells.append(f"<td{spans}>{_fragment_cell(cell.text, rng)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border=\\"1\\" cellspacing=\\"0\\"><tbody>' + "".join(rows) + "</tbody></table>"


def _fragment(spec: ReportSpec, report: list[Part], rng: random.Random) -> str:
    """``<p>…</p><table>…`` with no page around it, attribute quotes JS-escaped (\\"), on one line or a few."""
    out = []
    for part in report:
        if part.kind == PartKind.TABLE:
            out.append(_fragment_table(official_grid(spec, part.table, rng), rng))
        elif part.kind in (PartKind.TITLE, PartKind.HEADING):
            align = ' style=\\"text-align: center;\\"' if part.kind == PartKind.TITLE else ""
            out.append(f"<p{align}><strong>{_escaped(part.text)}</strong></p>")
        else:
            out.append(f'<p style=\\"text-indent: 2em;\\">{_escaped(part.text)}</p>')
    return rng.choice(("", "\n")).join(out) + "\n"


# ---- Word-exported government page -------------------------------------------------------------------

_RUN_STYLES = (
    '<span style="font-family: 微软雅黑;">{}</span>',
    '<span style="font-family: 微软雅黑;"><font style="font-family: 微软雅黑;" face="方正仿宋_GBK">{}</font></span>',
    '<font face="Times New Roman">{}</font>',
)
_WORD_PARAGRAPH = '<p style="text-indent: 2em; text-align: justify; line-height: 2;" align="">{}{}</p>'
_END_OF_PARAGRAPH = '<span style="font-family: 微软雅黑;"><o:p></o:p></span>'
_BLANK_RUN = '<span style="font-family: 微软雅黑;"><o:p> </o:p></span>'
_WORD_PAGE = """<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}</title>
</head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
{chrome}
<h1 class="article-title">{title}</h1>
<div class="article-content" id="zoomcon">
{body}
</div>
{footer}
</body>
</html>
"""


def _pieces(text: str, rng: random.Random) -> list[str]:
    """Where Word splits a paragraph into runs: anywhere, and inside numbers (20 | 23, 2 | 6)."""
    pieces = []
    for token in _DIGITS.split(text):
        if not token:
            continue
        split = rng.random() < 0.6 if token.isdigit() else len(token) > 6 and rng.random() < 0.5
        if split and len(token) > 1:
            cut = rng.randint(1, len(token) - 1)
            pieces += [token[:cut], token[cut:]]
        else:
            pieces.append(token)
    return pieces


def word_runs(text: str, rng: random.Random) -> str:
    """``text`` as Word exports it: every run in its own <span>/<font>; nothing between runs."""
    return "".join(rng.choice(_RUN_STYLES).format(_escaped(piece)) for piece in _pieces(text, rng))


def _word_cell_body(text: str, rng: random.Random) -> str:
    if not text:
        return f'<p style="text-align: justify;" align="">{_BLANK_RUN}</p>'
    if len(text) > 12 and rng.random() < 0.5:  # a long label in two paragraphs, as a narrow column wraps it
        half = len(text) // 2
        halves = (text[:half], text[half:])
        return "".join(f'<p align="">{word_runs(part, rng)}{_END_OF_PARAGRAPH}</p>' for part in halves)
    return f'<p style="text-align: justify;" align="">{word_runs(text, rng)}{_END_OF_PARAGRAPH}</p>'


def _word_table(grid: Grid, rng: random.Random) -> str:
    rows = []
    for row in range(grid.rows):
        cells = []
        for cell in grid.starting_in(row):
            spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            width = rng.choice((43, 46, 54, 136, 183))
            body = _word_cell_body(cell.text, rng)
            cells.append(f'\n      <td{spans} style="font-family: 微软雅黑;" width="{width}" valign="top">{body}</td>')
        rows.append("    <tr>" + "".join(cells) + "\n    </tr>")
    return (
        '<table style="BORDER-COLLAPSE:collapse" cellspacing="0" cellpadding="2" border="1">\n  <tbody>\n'
        + "\n".join(rows)
        + "\n  </tbody>\n</table>"
    )


def _word_page(spec: ReportSpec, report: list[Part], rng: random.Random) -> str:
    """The government site's own page around Word-exported content (f04): runs, split digits, blank cells."""
    body, chrome, footer = [], [], []
    for part in report:
        if part.kind == PartKind.TABLE:
            body.append(_word_table(official_grid(spec, part.table, rng), rng))
        elif part.kind == PartKind.CHROME:
            chrome.append(f'<div class="info">{_escaped(part.text)}</div>')
        elif part.kind == PartKind.FOOTER:
            footer.append(f"<p>{_escaped(part.text)}</p>")
        else:
            body.append(_WORD_PARAGRAPH.format(word_runs(part.text, rng), _END_OF_PARAGRAPH))
    title = next((part.text for part in report if part.kind == PartKind.TITLE), "政府信息公开专栏")
    return _WORD_PAGE.format(
        title=_escaped(title),
        chrome="\n".join(chrome),
        body="\n".join(body),
        footer=f'<div class="footer">{"".join(footer)}</div>',
    )


# ---- line forms: markdown and a PDF's text ---------------------------------------------------------------


def wrap_prose(text: str, width: int) -> list[str]:
    """``text`` hard-wrapped every ``width`` characters, never inside a number (a PDF keeps those whole)."""
    lines, start = [], 0
    while len(text) - start > width:
        cut = start + width
        while cut > start + 1 and text[cut - 1 : cut + 1].replace(".", "0").isdigit():
            cut -= 1
        lines.append(text[start:cut])
        start = cut
    return [*lines, text[start:]]


def _md_row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_rule(count: int) -> str:
    return "|" + "---|" * count


def _md_t2(rows: list[GridRow], rng: random.Random) -> list[str]:
    lines = []
    for row in rows:
        if row.values:
            lines.append(_md_row((*row.labels, *row.values)))
        elif len(row.labels) == 1:  # the 第二十条第（一）项 group row
            lines += ["", row.labels[0]]
        else:
            lines += [_md_row(row.labels), _md_rule(len(row.labels))]
    return lines


def _detached(rows: list[GridRow]) -> list[str]:
    """Row labels as loose lines, then each row's numbers as a one-row pipe table (f02)."""
    lines = [""] + [" ".join(row.labels) for row in rows]
    for row in rows:
        lines += [_md_row(row.values), _md_rule(len(row.values))]
    return [*lines, ""]


def _md_t3(spec: ReportSpec, rows: list[GridRow], rng: random.Random) -> list[str]:
    header, body = rows[:3], rows[3:]
    lines = [" ".join(row.labels) for row in header[:2]]
    subs = header[2].labels
    lines += [_md_row(subs), _md_rule(len(subs))]
    index = 0
    while index < len(body):
        row = body[index]
        if spec.t3_detached and len(row.labels) == 1 and rng.random() < 0.4:
            run = [row]
            for following in body[index + 1 : index + rng.randint(2, 3)]:
                if len(following.labels) != 1:  # a row that opens a group keeps its parent label with it
                    break
                run.append(following)
            lines += _detached(run)
            index += len(run)
            continue
        lines.append(_md_row((*row.labels, *row.values)))
        index += 1
    return lines


def _md_t4(rows: list[GridRow], rng: random.Random) -> list[str]:
    lines = [" ".join(row.labels) for row in rows if not row.values]
    values = rows[-1].values
    return [*lines, _md_row(values), _md_rule(len(values))]


def _pdf_row(row: GridRow, rng: random.Random, broken: bool) -> list[str]:
    """One grid row as a PDF's text layer has it: cells joined by spaces; with ``broken``, a long label
    sometimes over two lines, the numbers after its second half (f02)."""
    if not row.values:
        text = " ".join(row.labels)
        return wrap_prose(text, 24) if len(text) > 30 else [text]
    values = " ".join(row.values)
    last = row.labels[-1] if row.labels else ""
    if broken and len(last) > _LONG_LABEL and rng.random() < 0.5:
        cut = rng.randint(8, len(last) - 4)
        return [" ".join((*row.labels[:-1], last[:cut])), f"{last[cut:]} {values}"]
    return [" ".join((*row.labels, values))]


def _t4_words() -> list[str]:
    return list(layouts.T4_RESULT_HEADERS)


def t4_fragments() -> list[str]:
    """Each header word in two halves (结果 / 维持, 总 / 计); 行政复议's halves one line above the others' (f06)."""
    tops = [word[: len(word) // 2] for word in _t4_words()]
    bottoms = [word[len(word) // 2 :] for word in _t4_words()]
    return [" ".join(tops), " ".join(bottoms + tops + tops), " ".join(bottoms + bottoms)]


def t4_vertical() -> list[str]:
    """One character per line down each column (结 / 果 / 维 / 持); 行政复议 one line above the others (f07)."""
    words = _t4_words()
    depth = max(len(word) for word in words)
    lines = []
    for level in range(depth + 1):
        first = [word[level] for word in words if level < len(word)]
        rest = [word[level - 1] for word in words if 0 < level <= len(word)] * 2
        lines.append(" ".join(first + rest))
    return lines


def _pdf_t4(spec: ReportSpec, rows: list[GridRow], rng: random.Random) -> list[str]:
    if spec.t4_header == T4Header.OFFICIAL:
        return [line for row in rows for line in _pdf_row(row, rng, spec.broken_labels)]
    titles = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
    header = t4_fragments() if spec.t4_header == T4Header.FRAGMENTS else t4_vertical()
    return [*titles, *header, " ".join(rows[-1].values)]


def _table_lines(spec: ReportSpec, table: TableId, rng: random.Random) -> list[str]:
    rows = layouts.table_grid(table, spec, _line_style(spec, rng))
    if spec.form == Form.MARKDOWN:
        if table == TableId.T3:
            return _md_t3(spec, rows, rng)
        return _md_t2(rows, rng) if table == TableId.T2 else _md_t4(rows, rng)
    if table == TableId.T4:
        return _pdf_t4(spec, rows, rng)
    return [line for row in rows for line in _pdf_row(row, rng, spec.broken_labels)]


def _line_form(spec: ReportSpec, report: list[Part], rng: random.Random) -> str:
    """Markdown from a PDF conversion (blank line between paragraphs) or a PDF's text (none): prose wrapped."""
    width = rng.randint(*_PROSE_WIDTH)
    markdown = spec.form == Form.MARKDOWN
    lines = ["正文"] if markdown and rng.random() < 0.5 else []
    inside: list[int] = []
    for part in report:
        if part.kind == PartKind.TABLE:
            table = _table_lines(spec, part.table, rng)
            if part.table == TableId.T3:
                inside.append(len(lines) + len(table) * 2 // 3)
            lines += table
        elif part.kind == PartKind.PARAGRAPH:
            lines += wrap_prose(part.text, width)
        else:
            lines.append(part.text)
        if markdown and part.kind != PartKind.CHROME:
            lines.append("")
    if spec.page_marks != PageMark.NONE:
        lines = quirks.paginate(lines, spec, tuple(inside), random.Random(f"quirks:{spec.render_seed}"))
    return "\n".join(lines) + "\n"


_WRITERS: dict[Form, Callable[[ReportSpec, list[Part], random.Random], str]] = {
    Form.HTML_FRAGMENT: _fragment,
    Form.WORD_HTML: _word_page,
    Form.MARKDOWN: _line_form,
    Form.PDF_TEXT: _line_form,
}


def file_suffix(spec: ReportSpec) -> str:
    """A saved page is .html; the rest are .txt as the real corpus keeps them (a CMS fragment too)."""
    return ".html" if spec.form == Form.WORD_HTML else ".txt"
