"""The five real seed reports against their hand-read gold (tests/gold/seeds.json, a copy of shared/gold)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.models import CellKind, Report, TableId
from index.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "gold" / "seeds.json").read_text(encoding="utf-8"))
SEEDS = {entry["file"]: entry for entry in GOLD["reports"]}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest) -> tuple[dict, Report]:
    return SEEDS[request.param], parse_file(ROOT / "data" / "reports" / request.param)


def test_metadata(seed: tuple[dict, Report]) -> None:
    gold, report = seed
    meta = report.metadata
    assert meta.agency == gold["agency"]
    assert meta.place == gold["place"]
    assert (meta.level.value if meta.level else None) == gold["level"]
    assert meta.county == gold["county"]
    assert meta.year == gold["year"]
    assert (meta.format.value if meta.format else None) == gold["table_format"]
    assert meta.script.value == gold["script"]


def test_table_two_presence_and_cells(seed: tuple[dict, Report]) -> None:
    gold, report = seed
    table = report.table(TableId.T2)
    if gold["t2"] is None:
        assert table is None, "a report without table 2 must say so, never give zeros"
        return
    assert table is not None
    read = {(cell.row, cell.column): cell.value for cell in table.cells}
    expected = {(row, column): value for row, columns in gold["t2"].items() for column, value in columns.items()}
    assert read == expected


def test_table_three_cells(seed: tuple[dict, Report]) -> None:
    gold, report = seed
    table = report.table(TableId.T3)
    assert table is not None
    short_rows = set(gold.get("t3_short_rows", []))
    rows = GOLD["t3_rows_2021" if gold["table_format"] == "2021" else "t3_rows_2019"]
    assert {cell.row for cell in table.cells} == set(rows)
    for row in rows:
        for column in GOLD["t3_columns"]:
            cell = table.cell(row, column)
            assert cell is not None, (row, column)
            if row in short_rows:
                assert cell.value in (0, None) and (cell.value == 0 or cell.kind == CellKind.MISSING)
            else:
                assert cell.kind == CellKind.NUMBER, (row, column)
                assert cell.value == gold["t3"][row][column], (row, column)


def test_short_rows_are_named_in_warnings(seed: tuple[dict, Report]) -> None:
    gold, report = seed
    warned_rows = {warning.row for warning in report.warnings}
    assert set(gold.get("t3_short_rows", [])) <= warned_rows
    if not gold["expect_warnings"]:
        assert report.warnings == []
    else:
        assert report.warnings


def test_table_four_cells(seed: tuple[dict, Report]) -> None:
    gold, report = seed
    table = report.table(TableId.T4)
    assert table is not None
    assert {cell.column: cell.value for cell in table.cells} == gold["t4"]


def test_balanced_seeds_have_no_findings(seed: tuple[dict, Report]) -> None:
    _, report = seed
    assert report.findings == []


def test_every_raw_text_stands_on_its_original_line(seed: tuple[dict, Report]) -> None:
    _, report = seed
    lines = (ROOT / "data" / "reports" / Path(report.source).name).read_text(encoding="utf-8").splitlines()
    for table in report.tables.values():
        for cell in table.cells:
            if cell.kind in (CellKind.NUMBER, CellKind.SLASH):
                assert cell.line is not None
                assert cell.raw and cell.raw in lines[cell.line - 1], (cell.row, cell.column, cell.line)


def test_seed_002_extra_column_is_resolved_not_guessed() -> None:
    report = parse_file(ROOT / "data" / "reports" / "002_0408e1d58f05bafb.txt")
    table = report.table(TableId.T3)
    assert table is not None
    row = "三、本年度办理结果/（四）无法提供/3.补正后申请内容仍不明确"
    assert table.cell(row, "自然人").value == 1  # type: ignore[union-attr]
    assert table.cell(row, "总计").value == 1  # type: ignore[union-attr]
    assert any(w.code == "extra_cell_resolved" and w.row == row for w in report.warnings)
