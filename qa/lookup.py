"""Exact figures from the structured store: one cell, or a defined sum of cells, each with its citation.

Nothing here rounds, guesses or fills in: a blank, "/" or unreadable cell is said as such, and a table a
report lacks is "not reported", never 0.
"""

from __future__ import annotations

from decimal import Decimal

from index.catalog import T3_COLUMNS, T4_COLUMNS, t2_column_formats, t2_row
from index.models import Cell, CellKind, TableFormat, TableId
from index.store import ReportRow, Store
from qa.figures import COLUMN_CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN, Concept
from qa.known_places import agency_name
from qa.models import Citation, Passage, Value

TABLE_NAMES = {
    TableId.T2: "表二（主动公开政府信息情况）",
    TableId.T3: "表三（收到和处理政府信息公开申请情况）",
    TableId.T4: "表四（政府信息公开行政复议、行政诉讼情况）",
}
TABLE_SHORT = {table: name.split("（")[0] for table, name in TABLE_NAMES.items()}  # 表三
KIND_WORDS = {
    CellKind.BLANK: "空白（报告未填写）",
    CellKind.SLASH: "“/”（报告标为不适用）",
    CellKind.MISSING: "无法从报告中读出（该行数字不全或文件不完整）",
}
INFERRED_NOTE = "推断值：报告未印出此数，{rule}"
READ_KINDS = (CellKind.NUMBER, CellKind.INFERRED)  # kinds with a figure: printed, or fixed by its row's rule
FORMAT_NAMES = {TableFormat.V2019: "2019版（试行）格式", TableFormat.V2021: "2021版格式"}
_COLUMN_LABELS = {c.key: c.label for c in (*T3_COLUMNS, *T4_COLUMNS)}


def column_label(column: str) -> str:
    return _COLUMN_LABELS.get(column, column)


def row_label(row: str) -> str:
    return row.rsplit("/", 1)[-1] if "/" in row else row


def display_name(report: ReportRow) -> str:
    """The file name as the user gave it (the index keeps its copy as ``<report id>_<name>``)."""
    name = report.source.rsplit("/", 1)[-1]
    return name.removeprefix(f"{report.id}_")


def line_citation(store: Store, report: ReportRow, line: int, highlight: str) -> Citation:
    """A citation of one original line of a report; ``highlight`` is kept only where the line has it."""
    lines = store.original_lines(report.id)
    quote = (lines[line - 1] if 0 < line <= len(lines) else "").strip()
    return Citation(
        report_id=report.id,
        source=display_name(report),
        agency=agency_name(report),
        year=report.year,
        line=line,
        page=store.page_of(report.id, line),
        quote=quote,
        highlight=highlight if highlight in quote else "",
    )


def line_passage(store: Store, report: ReportRow, line: int, highlight: str, section: str) -> Passage:
    """One original line of a report as a passage of an answer, ``highlight`` the words that answer."""
    cited = line_citation(store, report, line, highlight)
    return Passage(text=cited.quote, highlight=highlight, section=section, citation=cited, score=1.0)


def citation(store: Store, report: ReportRow, cell: Cell) -> Citation | None:
    return None if cell.line is None else line_citation(store, report, cell.line, cell.raw)


def _shown(cell: Cell) -> str | None:
    """The figure as the report prints it; an inferred one as the number its rule fixes."""
    if cell.kind == CellKind.NUMBER:
        return cell.raw
    return str(cell.value) if cell.kind == CellKind.INFERRED and cell.value is not None else None


def _kind_note(cell: Cell) -> str:
    if cell.kind == CellKind.INFERRED:
        return INFERRED_NOTE.format(rule=cell.inferred_by or "由同行其他数确定")
    return KIND_WORDS.get(cell.kind, "")


def cell_value(store: Store, report: ReportRow, cell: Cell, label: str) -> Value:
    found = citation(store, report, cell)
    return Value(
        agency=agency_name(report),
        place=report.place,
        year=report.year,
        table=cell.table,
        row=cell.row,
        column=cell.column,
        label=label,
        value=_shown(cell),
        kind=cell.kind,
        citations=[found] if found else [],
        note=_kind_note(cell),
    )


def _number(text: str) -> int | Decimal:
    digits = text.replace(",", "").lstrip("+")
    return Decimal(digits) if "." in digits else int(digits)


def number_in(text: str) -> int | Decimal | None:
    """A cell's text as a number, or None for one that is not only a number (976.81万元, 无)."""
    try:
        return _number(text)
    except (ArithmeticError, ValueError):
        return None


def sum_value(report: ReportRow, table: TableId, label: str, parts: list[Value]) -> Value:
    """A defined sum: exact when every part is a number; otherwise no total, and the note says why."""
    unreadable = [p for p in parts if p.kind not in READ_KINDS or p.value is None]
    inferred = sum(p.kind == CellKind.INFERRED for p in parts)
    rows, columns = {p.row for p in parts}, {p.column for p in parts}
    total = None if unreadable else str(sum(_number(p.value) for p in parts if p.value is not None))
    note = f"由 {len(parts)} 项相加" if total is not None else f"有 {len(unreadable)} 项无法读出，不给出合计"
    if total is not None and inferred:
        note += f"，其中 {inferred} 项为推断值"
    kind = CellKind.INFERRED if inferred else CellKind.NUMBER
    return Value(
        agency=agency_name(report),
        place=report.place,
        year=report.year,
        table=table,
        row=rows.pop() if len(rows) == 1 else None,
        column=columns.pop() if len(columns) == 1 else None,
        label=label,
        value=total,
        kind=kind if total is not None else CellKind.MISSING,
        parts=parts,
        citations=[c for p in parts for c in p.citations],
        note=note,
    )


def unread_table(report: ReportRow, table: TableId, label: str) -> Value:
    """The table is in the report, but none of its figures could be read: never "not reported", never 0."""
    why = f"{TABLE_SHORT[table]}存在，但数字无法读出（见该报告的解析警告）"
    return not_reported(report, table, label, why).model_copy(update={"kind": CellKind.MISSING})


def not_reported(
    report: ReportRow, table: TableId, label: str, why: str, row: str | None = None, column: str | None = None
) -> Value:
    return Value(
        agency=agency_name(report),
        place=report.place,
        year=report.year,
        table=table,
        row=row,
        column=column,
        label=label,
        value=None,
        kind=None,
        note=why,
    )


def column_groups(
    concept: Concept,
    table_format: TableFormat,
    row: str,
    intent_columns: list[str],
    t2_columns: list[str],
    t4_results: list[str],
    headline: bool = False,
) -> list[tuple[str, tuple[str, ...]]]:
    """(label, columns summed) for each figure the question asks of this row; defaults when it names none.

    ``headline``: one figure per row (compare, rank, fact sheet) — table 2's headline column when the
    question names none. Empty when the question names only table-2 columns this format lacks.
    """
    if concept.table == TableId.T3:
        keys = intent_columns or [DEFAULT_T3_COLUMN]
        return [(COLUMN_CONCEPTS_BY_KEY[k].label, COLUMN_CONCEPTS_BY_KEY[k].columns) for k in keys]
    if concept.table == TableId.T4:
        fixed = concept.columns.get(table_format, ())
        if t4_results:
            return [(r, tuple(f"{c.rsplit('/', 1)[0]}/{r}" for c in fixed)) for r in t4_results]
        return [("总计", fixed)]
    spec = t2_row(row, table_format)
    if t2_columns:
        return [(c.key, (c.key,)) for c in spec.columns if c.key in t2_columns]
    # A row with a figure of its own (处理决定数量) answers with it; 上一年项目数量 is not "how many were decided".
    has_own = any(c.meaning for c in spec.columns)
    chosen = [spec.headline] if headline or has_own else spec.columns
    return [(c.key, (c.key,)) for c in chosen]


def missing_column(concept: Concept, table_format: TableFormat, t2_columns: list[str]) -> str:
    """Why a table-2 column the question names is not given: the report's format has no such column (of the
    columns named, those this row has in some format: 万元 names both amounts, 收费金额 is this row's)."""
    own = {c.key for fmt, rows in concept.rows.items() for row in rows for c in t2_row(row, fmt).columns}
    t2_columns = [c for c in t2_columns if c in own] or t2_columns
    asked = "、".join(f"「{c}」" for c in t2_columns)
    formats = {fmt for c in t2_columns for fmt in t2_column_formats(c)} - {table_format}
    where = "、".join(FORMAT_NAMES[f] for f in sorted(formats)) or "另一种格式"
    spec = t2_row(concept.rows_for(table_format)[0], table_format)
    has = "、".join(c.key for c in spec.columns)
    return (
        f"{asked}是{where}表二的栏目；该报告使用{FORMAT_NAMES[table_format]}，"
        f"表二「{concept.label}」的栏目是{has}，不作换算"
    )


def lookup(
    store: Store,
    report: ReportRow,
    concept: Concept,
    columns: list[str] | None = None,
    t2_columns: list[str] | None = None,
    t4_results: list[str] | None = None,
    headline: bool = False,
) -> list[Value]:
    """The figures a concept means in one report: one Value per column group asked, sums said as sums;
    ``headline``: the one figure a comparison, ranking or fact sheet shows."""
    table_format = TableFormat(report.format) if report.format else TableFormat.V2021
    table = concept.table
    if table.value not in report.tables:
        return [not_reported(report, table, concept.label, f"该报告未提供{TABLE_NAMES[table]}")]
    if store.table_unread(report.id, table):
        return [unread_table(report, table, concept.label)]
    rows = concept.rows_for(table_format)
    if not rows:
        other = next(iter(concept.rows))
        why = (
            f"「{concept.label}」只见于{FORMAT_NAMES[other]}的表格；该报告使用{FORMAT_NAMES[table_format]}，"
            "没有这一项，不作换算"
        )
        return [not_reported(report, table, concept.label, why)]
    groups = column_groups(concept, table_format, rows[0], columns or [], t2_columns or [], t4_results or [], headline)
    if not groups:
        return [not_reported(report, table, concept.label, missing_column(concept, table_format, t2_columns or []))]
    values = []
    for group_label, group in groups:
        label = f"{concept.label} · {group_label}"
        parts = [_part(store, report, table, row, column) for row in rows for column in group]
        values.append(
            parts[0].model_copy(update={"label": label}) if len(parts) == 1 else sum_value(report, table, label, parts)
        )
    return values


def _part(store: Store, report: ReportRow, table: TableId, row: str, column: str) -> Value:
    cell = store.cell(report.id, table, row, column)
    label = f"{row_label(row)} · {column_label(column)}"
    if cell is None:
        return not_reported(report, table, label, "该单元格不在报告中", row, column)
    return cell_value(store, report, cell, label)
