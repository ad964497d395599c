"""A report's tables 2, 3 and 4 laid out as the official tables, rows and columns from the catalogue.

A cell shows exactly what the report has: its number as written, "（空白）" for a blank, the report's own
"/" or "—", "（无法读出）" for a cell the parser could not read. Never 0 for any of those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from index.catalog import T4_BLOCKS, T4_COLUMNS, T4_ROW, rows_for
from index.models import Cell, CellKind, Report, TableFormat, TableId

BLANK = "（空白）"
UNREADABLE = "（无法读出）"
INFERRED = "{value}（推断，报告未印出）"
ABSENT = "（缺）"  # the catalogue has the cell but the report's table does not
NOT_PROVIDED = "该报告未提供此表"
UNREAD_TABLE = "存在，但数字无法读出（解析警告列出了有关的行）"
MARK_COLUMN = "提示"
ITEM_COLUMN = "项目"
TABLE_TITLES = {
    TableId.T2: "表二 主动公开政府信息情况",
    TableId.T3: "表三 收到和处理政府信息公开申请情况",
    TableId.T4: "表四 政府信息公开行政复议、行政诉讼情况",
}


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ABSENT
    if cell.kind == CellKind.NUMBER:
        return cell.raw
    if cell.kind == CellKind.BLANK:
        return BLANK
    if cell.kind == CellKind.SLASH:
        return cell.raw or "/"
    if cell.kind == CellKind.INFERRED and cell.value is not None:
        return INFERRED.format(value=cell.value)
    return UNREADABLE


@dataclass
class OfficialTable:
    """One block of an official table: a DataFrame and, per (row, column) position, why it is marked."""

    title: str
    frame: pd.DataFrame
    findings: set[tuple[int, str]]  # (row position, column label) of cells a finding names
    warned_rows: set[int]  # rows a parse warning names


def _marks(report: Report, table: TableId) -> tuple[set[tuple[str, str]], set[str]]:
    cells = {(ref.row, ref.column) for f in report.findings if f.table == table for ref in (*f.left, *f.right)}
    rows = {w.row for w in report.warnings if w.table == table and w.row}
    return cells, rows


CellKey = Callable[[str, str], tuple[str, str]]


def _same(row: str, column: str) -> tuple[str, str]:
    return row, column


def _block(
    title: str,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    report: Report,
    table: TableId,
    key: CellKey = _same,
) -> OfficialTable:
    """rows and columns: (key, shown label); ``key`` maps a shown position to the stored cell's (row, column)."""
    found = report.table(table)
    finding_cells, warned = _marks(report, table)
    records, findings, warned_rows = [], set(), set()
    for position, (row, label) in enumerate(rows):
        record = {ITEM_COLUMN: label}
        for column, column_label in columns:
            cell_row, cell_column = key(row, column)
            record[column_label] = cell_text(found.cell(cell_row, cell_column) if found else None)
            if (cell_row, cell_column) in finding_cells:
                findings.add((position, column_label))
        marks = ["勾稽问题"] if any(p == position for p, _ in findings) else []
        if key(row, columns[0][0])[0] in warned:
            warned_rows.add(position)
            marks.append("解析警告")
        record[MARK_COLUMN] = "、".join(marks)
        records.append(record)
    frame = pd.DataFrame(records, columns=[ITEM_COLUMN, *(label for _, label in columns), MARK_COLUMN])
    return OfficialTable(title, frame, findings, warned_rows)


def _t2_blocks(report: Report, table_format: TableFormat) -> list[OfficialTable]:
    """Table 2 is several blocks, one per article item, each with its own column headers."""
    groups: dict[str, list] = {}
    for spec in rows_for(TableId.T2, table_format):
        groups.setdefault(spec.key.split("/")[0], []).append(spec)
    return [
        _block(
            item,
            [(spec.key, spec.label) for spec in specs],
            [(c.key, c.label) for c in specs[0].columns],
            report,
            TableId.T2,
        )
        for item, specs in groups.items()
    ]


def _t3_block(report: Report, table_format: TableFormat) -> OfficialTable:
    rows = [(spec.key, spec.key.replace("/", " › ")) for spec in rows_for(TableId.T3, table_format)]
    columns = [(c.key, c.label) for c in rows_for(TableId.T3, table_format)[0].columns]
    return _block(TABLE_TITLES[TableId.T3], rows, columns, report, TableId.T3)


def _t4_block(report: Report) -> OfficialTable:
    """Table 4 is one row of 3 blocks × 5 results; shown as 3 rows × 5 results so it fits on a screen."""
    results = [c.key.removeprefix(f"{T4_BLOCKS[0]}/") for c in T4_COLUMNS if c.key.startswith(f"{T4_BLOCKS[0]}/")]
    return _block(
        TABLE_TITLES[TableId.T4],
        [(block, block.replace("/", " › ")) for block in T4_BLOCKS],
        [(result, result) for result in results],
        report,
        TableId.T4,
        key=lambda block, result: (T4_ROW, f"{block}/{result}"),
    )


def official_tables(report: Report, table: TableId) -> list[OfficialTable]:
    """The blocks of one official table; empty when the report does not provide it."""
    if report.table(table) is None:
        return []
    found = report.table(table)
    table_format = report.metadata.format or (found.format if found else TableFormat.V2021)
    if table == TableId.T2:
        return _t2_blocks(report, table_format)
    if table == TableId.T3:
        return [_t3_block(report, table_format)]
    return [_t4_block(report)]
