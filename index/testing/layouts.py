"""Tables 2, 3 and 4 as text in the four layouts seen in real reports.

A table is first built as a grid of rows (label cells, value cells) the way a Word table comes out of
text extraction, then written out by one of the layouts. Every cosmetic choice draws on ``rng``, so the
same spec and seed always give the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from index.catalog import T3_COLUMNS, T4_BLOCKS, T4_ROW, rows_for
from index.models import TableId
from index.testing.spec import LabelMode, LabelStyle, Layout, ReportSpec
from index.testing.values import T4_RESULTS, Value


@dataclass(frozen=True)
class GridRow:
    labels: tuple[str, ...]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Style:
    """The cosmetic choices of one report's tables."""

    layout: Layout
    label_mode: LabelMode
    label_style: LabelStyle
    numbers_with_spaces: bool
    wrapped: bool
    rng: random.Random
    printed: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (row, column) → text, for one table
    header_year: int | None = None  # 本年(2023)制发件数: the report year inside 本年… headers


T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T2_CONTENT = "信息内容"
# Column headers whose text differs from the catalogue key.
T2_HEADERS = {"本年收费金额（万元）": ("本年收费金额（单位：万元）", "本年收费金额（单位：万元，保留4位小数）")}
T3_SUB_HEADERS = {
    "法人或其他组织/社会公益组织": ("社会公益组织", "社会组织"),
    "法人或其他组织/商业企业": ("商业企业", "商业 企业"),
}
T4_RESULT_HEADERS = (*T4_RESULTS, "总计")
_NUMBERED = re.compile(r"^([（(][一二三四五六七八九][）)]\s?)(.+)$")
_ASCII_PUNCTUATION = str.maketrans({"（": "(", "）": ")", "，": ", ", "：": ":"})
_NUMBER_SPACINGS = ("{} ", "\xa0{}", "{}\xa0", " {}")
# Where a narrow column breaks a header word: after whole words, as in seeds 001 and 003.
_HEADER_BREAKS = {
    "本年新制作数量": 3,
    "本年新公开数量": 3,
    "上一年项目数量": 3,
    "处理决定数量": 2,
    "采购项目数量": 2,
    "商业企业": 2,
    "科研机构": 2,
    "社会公益组织": 2,
    "法律服务机构": 4,
    "结果维持": 2,
    "结果纠正": 2,
    "其他结果": 2,
    "尚未审结": 2,
}


# ---- cell text ---------------------------------------------------------------------------------


def styled_label(text: str, style: LabelStyle, spread: bool = False) -> str:
    """A label in the report's bracket style; ``spread`` spaces out a group label's letters (seed 000)."""
    if style == LabelStyle.OFFICIAL:
        return text
    text = text.translate(_ASCII_PUNCTUATION).strip()
    numbered = _NUMBERED.match(text)
    if numbered:
        head, body = numbered.groups()
        text = f"{head.strip()} {' '.join(body) if spread and style == LabelStyle.SPACED else body}"
    elif spread and style == LabelStyle.SPACED and "、" in text:
        head, body = text.split("、", 1)
        text = f"{head}、 {' '.join(body)}"
    return text


def number_text(value: Value, style: Style) -> str:
    text = str(value) if isinstance(value, int) else format(value, "f")
    if style.numbers_with_spaces and style.rng.random() < 0.35:
        return style.rng.choice(_NUMBER_SPACINGS).format(text)
    return text


def cell_text(cells: dict[tuple[str, str], Value], key: tuple[str, str], style: Style) -> str:
    """A value cell: as ``style.printed`` prints it (减3, 47.10万元, blank), else its number."""
    printed = style.printed.get(key)
    return printed if printed is not None else number_text(cells[key], style)


_THIS_YEAR = "本年"
_YEAR_FORMS = ("({})", "（{}）", "（{}年）")


def with_year(text: str, year: int, rng: random.Random) -> str:
    """A 本年… header with the report year inside it: 本年(2023)废止件数; other headers unchanged."""
    if not text.startswith(_THIS_YEAR):
        return text
    return _THIS_YEAR + rng.choice(_YEAR_FORMS).format(year) + text[len(_THIS_YEAR) :]


def wrap_header(text: str, rng: random.Random) -> str:
    """A header word broken where a narrow Word column broke it: 商业\\n企业, 本年新\\n\\n制作数量 (001, 003)."""
    cut = _HEADER_BREAKS.get(text)
    return text if cut is None else text[:cut] + rng.choice(("\n", "\n\n")) + text[cut:]


def wrap_vertical(text: str) -> str:
    """A tall merged label written one letter per line: （三）不\\n\\n予\\n\\n公\\n\\n开 (seed 003)."""
    numbered = _NUMBERED.match(text)
    if not numbered:
        return text
    head, body = numbered.groups()
    return head + body[0] + "".join("\n\n" + letter for letter in body[1:])


# ---- grids -------------------------------------------------------------------------------------


def _header_form(style: Style) -> str:
    """word: cells as Word emits them; aligned: horizontal merges padded out; compact: no empty cells."""
    if style.label_mode == LabelMode.COMPACT:
        return "compact"
    if style.label_mode == LabelMode.REPEAT and style.layout != Layout.CELL_PER_LINE:
        return "aligned"
    # One cell per line shows Word's cells as they are (seeds 001, 003): no padding for horizontal merges.
    return "word" if style.layout == Layout.CELL_PER_LINE else style.rng.choice(("word", "aligned"))


def _header(cells: tuple[str, ...], form: str) -> GridRow:
    return GridRow(tuple(cell for cell in cells if cell) if form == "compact" else cells)


def _maybe_wrap(text: str, style: Style) -> str:
    return wrap_header(text, style.rng) if style.wrapped else text


def t2_grid(cells: dict[tuple[str, str], Value], spec: ReportSpec, style: Style) -> list[GridRow]:
    form = _header_form(style)
    width = 4  # the official table has four columns; the group and header rows span or pad them
    fee_header = style.rng.choice(T2_HEADERS["本年收费金额（万元）"])
    grid: list[GridRow] = []
    group = None
    for row in rows_for(TableId.T2, spec.table_format):
        prefix, leaf = row.key.split("/")
        if prefix != group:
            group = prefix
            headers = [fee_header if c.key in T2_HEADERS else c.key for c in row.columns]
            if style.header_year is not None:
                headers = [with_year(text, style.header_year, style.rng) for text in headers]
            title = (styled_label(prefix, style.label_style),)
            header = (T2_CONTENT, *(_maybe_wrap(text, style) for text in headers))
            grid.append(_header(_pad(title, width, form), form))
            grid.append(_header(_pad(header, width, form), form))
        values = tuple(cell_text(cells, (row.key, c.key), style) for c in row.columns)
        grid.append(GridRow((leaf,), values))
    return grid


def _pad(cells: tuple[str, ...], width: int, form: str) -> tuple[str, ...]:
    return cells + ("",) * (width - len(cells)) if form == "aligned" else cells


def _t3_headers(style: Style, form: str) -> list[GridRow]:
    subs = []
    for column in T3_COLUMNS[1:-1]:
        text = style.rng.choice(T3_SUB_HEADERS.get(column.key, (column.key.split("/")[1],)))
        subs.append(_maybe_wrap(text, style))
    note = (styled_label(T3_NOTE, style.label_style),) if style.rng.random() < 0.8 else ("",)
    if form == "aligned":
        first = (*note, T3_APPLICANTS, *("",) * 6)
        second = ("", "自然人", T3_ORGANISATIONS, *("",) * 4, "总计")
    else:
        first, second = (*note, T3_APPLICANTS), ("", "自然人", T3_ORGANISATIONS, "总计")
    third = ("", "", *subs, "")
    return [_header(first, form), _header(second, form), _header(third, form)]


def _t3_labels(key: str, previous: list[str], style: Style) -> tuple[str, ...]:
    """The label cells of one row: parents already shown above are empty, repeated or left out."""
    parts = key.split("/")
    labels = []
    for depth, part in enumerate(parts):
        is_parent = depth < len(parts) - 1
        vertical = is_parent and depth == 1 and style.wrapped
        text = styled_label(part, style.label_style, spread=is_parent and not vertical)
        if is_parent and previous[: depth + 1] == parts[: depth + 1]:
            if style.label_mode == LabelMode.EMPTY:
                labels.append("")
            elif style.label_mode == LabelMode.REPEAT:
                labels.append(text)
            continue
        labels.append(wrap_vertical(text) if vertical else text)
    return tuple(labels)


def t3_grid(cells: dict[tuple[str, str], Value], spec: ReportSpec, style: Style) -> list[GridRow]:
    grid = _t3_headers(style, _header_form(style))
    previous: list[str] = []
    for row in rows_for(TableId.T3, spec.table_format):
        values = tuple(cell_text(cells, (row.key, column.key), style) for column in T3_COLUMNS)
        grid.append(GridRow(_t3_labels(row.key, previous, style), values))
        previous = row.key.split("/")
    return grid


def t4_grid(cells: dict[tuple[str, str], Value], spec: ReportSpec, style: Style) -> list[GridRow]:
    form = _header_form(style)
    results = tuple(_maybe_wrap(text, style) for text in T4_RESULT_HEADERS)
    if form == "aligned":
        first = ("行政复议", *("",) * 4, "行政诉讼", *("",) * 9)
        second = (*results, "未经复议直接起诉", *("",) * 4, "复议后起诉", *("",) * 4)
    else:
        first, second = ("行政复议", "行政诉讼"), (*results, "未经复议直接起诉", "复议后起诉")
    third = (*("",) * 5, *results, *results)
    columns = [f"{block}/{result}" for block in T4_BLOCKS for result in T4_RESULT_HEADERS]
    values = tuple(cell_text(cells, (T4_ROW, column), style) for column in columns)
    return [_header(first, form), _header(second, form), _header(third, form), GridRow((), values)]


GRIDS: dict[TableId, Callable[[dict[tuple[str, str], Value], ReportSpec, Style], list[GridRow]]] = {
    TableId.T2: t2_grid,
    TableId.T3: t3_grid,
    TableId.T4: t4_grid,
}


# ---- layouts -----------------------------------------------------------------------------------


def _tab_row(row: GridRow, rng: random.Random, padding: int) -> list[str]:
    gap = ("",) * padding if row.labels and row.values else ()
    line = "\t".join((*row.labels, *gap, *row.values))
    return [line + ("\t" if rng.random() < 0.2 else "")]


def _split_row(row: GridRow, rng: random.Random, padding: int) -> list[str]:
    """Labels on one line, the numbers on the next (seed 002 lines 45-46)."""
    if not (row.labels and row.values) or rng.random() < 0.5:
        return _tab_row(row, rng, padding)
    return ["\t".join(row.labels) + "\t" * rng.randint(0, 6), "\t" + "\t".join(row.values)]


def _pipe_row(row: GridRow, rng: random.Random, padding: int) -> list[str]:
    return [" | ".join((*row.labels, *row.values)) + rng.choice(("", " |", " ||", " | |||"))]


def _cell_lines(row: GridRow, rng: random.Random, padding: int) -> list[str]:
    lines = []
    for cell in (*row.labels, *row.values):
        lines.extend(("\t" + cell).split("\n"))
    return [*lines, ""]


WRITERS: dict[Layout, Callable[[GridRow, random.Random, int], list[str]]] = {
    Layout.TAB: _tab_row,
    Layout.SPLIT_ROWS: _split_row,
    Layout.PIPE: _pipe_row,
    Layout.CELL_PER_LINE: _cell_lines,
}


def table_style(table: TableId, spec: ReportSpec, style: Style) -> Style:
    """``style`` with the cells ``spec.printed`` prints otherwise for ``table``."""
    if not spec.printed:
        return style
    printed = {(row, column): cell.text for (t, row, column), cell in spec.printed.items() if t == table}
    return replace(style, printed=printed)


def table_grid(table: TableId, spec: ReportSpec, style: Style) -> list[GridRow]:
    return GRIDS[table](spec.values[table], spec, table_style(table, spec, style))


def table_lines(table: TableId, spec: ReportSpec, style: Style) -> list[str]:
    """One table as lines of text in ``spec.layout``."""
    grid = table_grid(table, spec, style)
    # Empty cells between a row's labels and its numbers, where a merged label cell spans columns (seed 002).
    padding = style.rng.choice((0, 0, 1, 3)) if style.label_mode == LabelMode.EMPTY else 0
    lines: list[str] = []
    for row in grid:
        lines.extend(WRITERS[spec.layout](row, style.rng, padding))
    return lines
