"""Consistency rules (勾稽关系) over a report's tables → findings. A new rule is one function and one line
in ``CHECKS``. A rule is only checked where every cell it needs was read as a number."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from index.catalog import (
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLUMNS,
    T3_RECEIVED,
    T3_RESULTS_TOTAL,
    T3_TOTAL_COLUMN,
    T4_BLOCKS,
    T4_ROW,
    rows_for,
)
from index.models import Cell, CellKind, CellRef, Finding, Report, Table, TableId

Number = int | Decimal


def _ref(cell: Cell) -> CellRef:
    return CellRef(table=cell.table, row=cell.row, column=cell.column)


class _Cells:
    """A table's cells by (row, column), built once per check."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.by_key = {(cell.row, cell.column): cell for cell in table.cells}


def _numbers(cells: _Cells, refs: list[tuple[str, str]]) -> list[Cell] | None:
    found = [cells.by_key.get(ref) for ref in refs]
    if any(cell is None or cell.kind != CellKind.NUMBER for cell in found):
        return None
    return found  # type: ignore[return-value]


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _equation(
    rule: str, cells: _Cells, left: list[tuple[str, str]], right: list[tuple[str, str]], what: str
) -> Finding | None:
    left_cells, right_cells = _numbers(cells, left), _numbers(cells, right)
    if left_cells is None or right_cells is None:
        return None
    left_value = sum(cell.value for cell in left_cells)  # type: ignore[misc]
    right_value = sum(cell.value for cell in right_cells)  # type: ignore[misc]
    if left_value == right_value:
        return None
    left_text = " + ".join(f"{_short(c.row)}[{_short(c.column)}]={c.raw}" for c in left_cells)
    right_text = " + ".join(f"{_short(c.row)}[{_short(c.column)}]={c.raw}" for c in right_cells)
    return Finding(
        rule=rule,
        message=f"{what}不平衡：{left_text}，合计 {left_value}；{right_text}，合计 {right_value}",
        table=cells.table.id,
        left=[_ref(c) for c in left_cells],
        right=[_ref(c) for c in right_cells],
        left_value=left_value,
        right_value=right_value,
    )


def _result_rows(table: Table) -> list[str]:
    keys = [row.key for row in rows_for(TableId.T3, table.format)]
    return keys[keys.index(T3_CARRIED_IN) + 1 : keys.index(T3_RESULTS_TOTAL)]


def received_equals_handled(report: Report) -> Iterator[Finding | None]:
    """Per column: 一 本年新收 + 二 上年结转 = 三（七）总计 + 四 结转下年度."""
    table = report.table(TableId.T3)
    if table:
        cells = _Cells(table)
        for column in T3_COLUMNS:
            yield _equation(
                "t3.received_equals_handled",
                cells,
                [(T3_RECEIVED, column.key), (T3_CARRIED_IN, column.key)],
                [(T3_RESULTS_TOTAL, column.key), (T3_CARRIED_OUT, column.key)],
                f"表三「{column.label}」列：一+二 应等于 三（七）总计+四，",
            )


def results_total(report: Report) -> Iterator[Finding | None]:
    """Per column: 三（七）总计 = sum of the result rows （一）…（六）."""
    table = report.table(TableId.T3)
    if table:
        cells = _Cells(table)
        for column in T3_COLUMNS:
            yield _equation(
                "t3.results_total",
                cells,
                [(T3_RESULTS_TOTAL, column.key)],
                [(row, column.key) for row in _result_rows(table)],
                f"表三「{column.label}」列：（七）总计 应等于（一）至（六）之和，",
            )


def row_total(report: Report) -> Iterator[Finding | None]:
    """Per row: the 总计 column = sum of the six applicant columns."""
    table = report.table(TableId.T3)
    if table:
        cells = _Cells(table)
        others = [column.key for column in T3_COLUMNS if column.key != T3_TOTAL_COLUMN]
        for row in rows_for(TableId.T3, table.format):
            yield _equation(
                "t3.row_total",
                cells,
                [(row.key, T3_TOTAL_COLUMN)],
                [(row.key, column) for column in others],
                f"表三「{row.label}」行：总计 应等于六类申请人之和，",
            )


def block_total(report: Report) -> Iterator[Finding | None]:
    """Each table-4 block's 总计 = its four results."""
    table = report.table(TableId.T4)
    if table:
        cells = _Cells(table)
        for block in T4_BLOCKS:
            results = ("结果维持", "结果纠正", "其他结果", "尚未审结")
            yield _equation(
                "t4.block_total",
                cells,
                [(T4_ROW, f"{block}/总计")],
                [(T4_ROW, f"{block}/{result}") for result in results],
                f"表四「{block}」：总计 应等于四种结果之和，",
            )


def non_negative(report: Report) -> Iterator[Finding | None]:
    """Counts of applications and cases cannot be negative (table 2's 本年增/减 can)."""
    for table_id in (TableId.T3, TableId.T4):
        table = report.table(table_id)
        for cell in table.cells if table else []:
            if cell.kind == CellKind.NUMBER and cell.value < 0:  # type: ignore[operator]
                yield Finding(
                    rule="non_negative",
                    message=f"{table_id.value}「{_short(cell.row)}」「{_short(cell.column)}」为负数：{cell.raw}",
                    table=table_id,
                    left=[_ref(cell)],
                    right=[],
                    left_value=cell.value,  # type: ignore[arg-type]
                    right_value=0,
                )


CHECKS: tuple[Callable[[Report], Iterator[Finding | None]], ...] = (
    received_equals_handled,
    results_total,
    row_total,
    block_total,
    non_negative,
)


def run_checks(report: Report) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(report) if finding is not None]


def blank_as_zero_findings(report: Report) -> list[Finding]:
    """The findings that appear only when the report's blank cells are read as 0: a blank is not 0, but a
    relation that fails under that reading is worth showing (一 + 二 = 34 + 2, （七） + 四 = 35 + blank)."""
    blanks = any(cell.kind == CellKind.BLANK for table in report.tables.values() for cell in table.cells)
    if not blanks:
        return []
    zeroed = report.model_copy(update={"tables": {key: _zeroed(table) for key, table in report.tables.items()}})
    seen = {_fingerprint(f) for f in run_checks(report)}
    return [f for f in run_checks(zeroed) if _fingerprint(f) not in seen]


def _zeroed(table: Table) -> Table:
    cells = [
        cell.model_copy(update={"kind": CellKind.NUMBER, "value": 0}) if cell.kind == CellKind.BLANK else cell
        for cell in table.cells
    ]
    # A new table, not a copy: a copy would keep the original's cell index.
    return Table(id=table.id, format=table.format, cells=cells, first_line=table.first_line, last_line=table.last_line)


def _fingerprint(finding: Finding) -> tuple[str, tuple[tuple[str, str], ...]]:
    return finding.rule, tuple((ref.row, ref.column) for ref in (*finding.left, *finding.right))
