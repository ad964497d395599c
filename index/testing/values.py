"""Cell values for synthetic reports: balanced tables, and exact, documented ways to unbalance them.

Keys are the catalogue's: ``tables[TableId.T3][(row key, column key)]``; table 4 has the single row ``T4_ROW``.
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import NamedTuple

from index.catalog import T3_COLUMNS, T3_RESULTS_TOTAL, T3_TOTAL_COLUMN, T4_BLOCKS, T4_ROW, rows_for
from index.models import TableFormat, TableId

Value = int | Decimal
Tables = dict[TableId, dict[tuple[str, str], Value]]

# Rule ids shared with index/checks.py: a finding's ``rule`` is one of these.
RECEIVED_EQUALS_HANDLED = "t3.received_equals_handled"  # per column: 一 + 二 = （七）总计 + 四
RESULTS_TOTAL = "t3.results_total"  # per column: （七）总计 = sum of （一）…（六）
ROW_TOTAL = "t3.row_total"  # per row: 总计 column = sum of the six applicant columns
BLOCK_TOTAL = "t4.block_total"  # per block of table 4: 总计 = sum of its four results
RULES = (RECEIVED_EQUALS_HANDLED, RESULTS_TOTAL, ROW_TOTAL, BLOCK_TOTAL)

T3_PARTS = tuple(column.key for column in T3_COLUMNS if column.key != T3_TOTAL_COLUMN)
T4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
_RESULTS_PREFIX = T3_RESULTS_TOTAL.split("/")[0] + "/"
_MONEY_COLUMNS = ("本年收费金额（万元）", "采购总金额")
_SIGNED_COLUMNS = ("本年增/减",)


class ExpectedFinding(NamedTuple):
    """A finding a checker must report: the rule id and where it fires.

    ``where`` is the column key for the two per-column rules (``t3.received_equals_handled``,
    ``t3.results_total``), the row key for ``t3.row_total`` and the block (an element of
    ``T4_BLOCKS``) for ``t4.block_total``.
    """

    rule: str
    where: str


def t3_result_rows(table_format: TableFormat) -> tuple[str, ...]:
    """The leaf rows （一）…（六） whose sum is （七）总计, in catalogue order."""
    keys = [row.key for row in rows_for(TableId.T3, table_format)]
    return tuple(key for key in keys if key.startswith(_RESULTS_PREFIX) and key != T3_RESULTS_TOTAL)


def t3_edge_rows(table_format: TableFormat) -> tuple[str, str, str]:
    """(一 received, 二 carried in, 四 carried out): the rows around the results block."""
    keys = [row.key for row in rows_for(TableId.T3, table_format)]
    return keys[0], keys[1], keys[-1]


def _count(rng: random.Random, high: int = 60, zero_share: float = 0.15) -> int:
    # Mostly non-zero so that a parser reading the wrong column cannot pass by luck on zeros.
    return 0 if rng.random() < zero_share else rng.randint(1, high)


def _money(rng: random.Random) -> Value:
    if rng.random() < 0.5:
        return Decimal(rng.randint(1, 99999)).scaleb(-2)  # e.g. Decimal("3.25")
    return _count(rng, high=500)


def _t2_value(rng: random.Random, column: str) -> Value:
    if column in _MONEY_COLUMNS:
        return _money(rng)
    if column in _SIGNED_COLUMNS:
        return rng.randint(-12, 25)
    return _count(rng)


def random_t2(rng: random.Random, table_format: TableFormat) -> dict[tuple[str, str], Value]:
    return {
        (row.key, column.key): _t2_value(rng, column.key)
        for row in rows_for(TableId.T2, table_format)
        for column in row.columns
    }


def _t3_column(rng: random.Random, table_format: TableFormat) -> dict[str, int]:
    """One applicant column, balanced: leaves first, then the totals derived from them."""
    received, carried_in, carried_out = t3_edge_rows(table_format)
    column = {row: _count(rng, high=12, zero_share=0.3) for row in t3_result_rows(table_format)}
    column[T3_RESULTS_TOTAL] = sum(column.values())
    column[carried_out] = _count(rng, high=9, zero_share=0.4)
    handled = column[T3_RESULTS_TOTAL] + column[carried_out]
    column[carried_in] = rng.randint(0, min(handled, 9))
    column[received] = handled - column[carried_in]
    return column


def random_t3(rng: random.Random, table_format: TableFormat) -> dict[tuple[str, str], Value]:
    columns = {part: _t3_column(rng, table_format) for part in T3_PARTS}
    cells: dict[tuple[str, str], Value] = {}
    for row in rows_for(TableId.T3, table_format):
        for part in T3_PARTS:
            cells[(row.key, part)] = columns[part][row.key]
        cells[(row.key, T3_TOTAL_COLUMN)] = sum(columns[part][row.key] for part in T3_PARTS)
    return cells


def random_t4(rng: random.Random) -> dict[tuple[str, str], Value]:
    cells: dict[tuple[str, str], Value] = {}
    for block in T4_BLOCKS:
        results = [_count(rng, high=20, zero_share=0.3) for _ in T4_RESULTS]
        for result, value in zip(T4_RESULTS, results, strict=True):
            cells[(T4_ROW, f"{block}/{result}")] = value
        cells[(T4_ROW, f"{block}/总计")] = sum(results)
    return cells


def random_tables(rng: random.Random, table_format: TableFormat, balanced: bool = True) -> Tables:
    """Values for every cell of tables 2, 3 and 4; balanced ones satisfy every 勾稽 rule in ``RULES``."""
    tables: Tables = {
        TableId.T2: random_t2(rng, table_format),
        TableId.T3: random_t3(rng, table_format),
        TableId.T4: random_t4(rng),
    }
    return tables if balanced else unbalance(tables, rng)[0]


class _Move(NamedTuple):
    """Cells that all get the same +d, and the findings that follow, by row/column role."""

    cells: tuple[tuple[str, str], ...]  # (row role, column role)
    findings: tuple[tuple[str, str], ...]  # (rule, role of the row or column where it fires)


# Roles: rows "leaf" (one random result row （一）…（六）), "received" (一), "carried_in" (二),
# "results_total" (（七）总计), "carried_out" (四); columns "part" (one random applicant column), "total" (总计).
# Each line was worked out by hand from the four rules; the generator tests re-derive them independently.
T3_MOVES: dict[str, _Move] = {
    "leaf_part": _Move((("leaf", "part"),), ((ROW_TOTAL, "leaf"), (RESULTS_TOTAL, "part"))),
    "leaf_total": _Move((("leaf", "total"),), ((ROW_TOTAL, "leaf"), (RESULTS_TOTAL, "total"))),
    "received_part": _Move((("received", "part"),), ((ROW_TOTAL, "received"), (RECEIVED_EQUALS_HANDLED, "part"))),
    "received_total": _Move((("received", "total"),), ((ROW_TOTAL, "received"), (RECEIVED_EQUALS_HANDLED, "total"))),
    "carried_in_part": _Move((("carried_in", "part"),), ((ROW_TOTAL, "carried_in"), (RECEIVED_EQUALS_HANDLED, "part"))),
    "carried_out_part": _Move(
        (("carried_out", "part"),), ((ROW_TOTAL, "carried_out"), (RECEIVED_EQUALS_HANDLED, "part"))
    ),
    "results_total_part": _Move(
        (("results_total", "part"),),
        ((ROW_TOTAL, "results_total"), (RESULTS_TOTAL, "part"), (RECEIVED_EQUALS_HANDLED, "part")),
    ),
    "results_total_total": _Move(
        (("results_total", "total"),),
        ((ROW_TOTAL, "results_total"), (RESULTS_TOTAL, "total"), (RECEIVED_EQUALS_HANDLED, "total")),
    ),
    # The same +d in a row's applicant column and in its 总计 keeps the row sum, breaks both columns.
    "leaf_row_consistent": _Move(
        (("leaf", "part"), ("leaf", "total")), ((RESULTS_TOTAL, "part"), (RESULTS_TOTAL, "total"))
    ),
    "received_row_consistent": _Move(
        (("received", "part"), ("received", "total")),
        ((RECEIVED_EQUALS_HANDLED, "part"), (RECEIVED_EQUALS_HANDLED, "total")),
    ),
}
T4_MOVES = ("t4_result", "t4_total")  # +d to one result of a block, or to its 总计: block_total for that block


def _t3_format(cells: dict[tuple[str, str], Value]) -> TableFormat:
    rows = {row for row, _ in cells}
    return TableFormat.V2019 if f"{_RESULTS_PREFIX}（六）其他处理" in rows else TableFormat.V2021


def _t3_roles(rng: random.Random, table_format: TableFormat) -> dict[str, str]:
    received, carried_in, carried_out = t3_edge_rows(table_format)
    return {
        "leaf": rng.choice(t3_result_rows(table_format)),
        "received": received,
        "carried_in": carried_in,
        "results_total": T3_RESULTS_TOTAL,
        "carried_out": carried_out,
        "part": rng.choice(T3_PARTS),
        "total": T3_TOTAL_COLUMN,
    }


def apply_t3_move(tables: Tables, move: str, rng: random.Random, delta: int) -> list[ExpectedFinding]:
    """Add ``delta`` to the cells of ``T3_MOVES[move]`` (in place); the findings that must follow."""
    cells = tables[TableId.T3]
    roles = _t3_roles(rng, _t3_format(cells))
    for row_role, column_role in T3_MOVES[move].cells:
        cells[(roles[row_role], roles[column_role])] += delta
    return [ExpectedFinding(rule, roles[where]) for rule, where in T3_MOVES[move].findings]


def apply_t4_move(tables: Tables, move: str, rng: random.Random, delta: int) -> list[ExpectedFinding]:
    """Add ``delta`` to one result (``t4_result``) or the 总计 (``t4_total``) of a random block (in place)."""
    block = rng.choice(T4_BLOCKS)
    result = rng.choice(T4_RESULTS) if move == "t4_result" else "总计"
    tables[TableId.T4][(T4_ROW, f"{block}/{result}")] += delta
    return [ExpectedFinding(BLOCK_TOTAL, block)]


def perturb(tables: Tables, rng: random.Random) -> tuple[Tables, list[ExpectedFinding]]:
    """A copy of balanced ``tables`` with a table-3 move, a table-4 move or one of each; the exact findings.

    Every changed cell gets the same ``+d`` (d in 1…5, so no cell turns negative) and one move never
    touches two cells under the same rule instance except where documented in ``T3_MOVES``, so no
    change cancels another. Table 3 and table 4 share no rule, so their findings simply add up.
    """
    changed = copy.deepcopy(tables)
    expected: list[ExpectedFinding] = []
    kind = rng.choice(("t3", "t3", "t4", "both"))
    if kind in ("t3", "both"):
        expected += apply_t3_move(changed, rng.choice(sorted(T3_MOVES)), rng, rng.randint(1, 5))
    if kind in ("t4", "both"):
        expected += apply_t4_move(changed, rng.choice(T4_MOVES), rng, rng.randint(1, 5))
    return changed, sorted(expected)


def unbalance(tables: Tables, rng: random.Random) -> tuple[Tables, list[str]]:
    """Perturb balanced ``tables``; the rule ids that must fire, one entry per expected finding, sorted.

    Cells changed (each by the same ``+d``, d in 1…5) and findings that must result, exactly:

    * table 3, one move from ``T3_MOVES`` (leaf = a random result row （一）…（六）, part = a random
      applicant column, total = the 总计 column):

      - ``leaf_part``  (leaf, part): t3.row_total@leaf, t3.results_total@part
      - ``leaf_total`` (leaf, 总计): t3.row_total@leaf, t3.results_total@总计
      - ``received_part`` (一, part): t3.row_total@一, t3.received_equals_handled@part
      - ``received_total`` (一, 总计): t3.row_total@一, t3.received_equals_handled@总计
      - ``carried_in_part`` (二, part): t3.row_total@二, t3.received_equals_handled@part
      - ``carried_out_part`` (四, part): t3.row_total@四, t3.received_equals_handled@part
      - ``results_total_part`` (（七）总计, part): t3.row_total@（七）总计, t3.results_total@part,
        t3.received_equals_handled@part
      - ``results_total_total`` (（七）总计, 总计): t3.row_total@（七）总计, t3.results_total@总计,
        t3.received_equals_handled@总计
      - ``leaf_row_consistent`` (leaf, part) and (leaf, 总计): t3.results_total@part, t3.results_total@总计
      - ``received_row_consistent`` (一, part) and (一, 总计): t3.received_equals_handled@part and @总计

    * table 4, one move: one result or the 总计 of a random block: t4.block_total@block.

    Use ``perturb`` for the locations (``ExpectedFinding.where``); this keeps the brief's simple signature.
    """
    changed, expected = perturb(tables, rng)
    return changed, [finding.rule for finding in expected]
