"""Real seeds, damaged the way real files are: unbalanced numbers and files cut short."""

from __future__ import annotations

from pathlib import Path

from index.models import CellKind, TableId
from index.parse import parse_lines

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def seed_lines(name: str) -> list[str]:
    return (REPORTS / name).read_text(encoding="utf-8").split("\n")


def test_one_wrong_number_gives_exactly_its_two_findings() -> None:
    lines = seed_lines("002_0408e1d58f05bafb.txt")
    assert lines[42].startswith("一、本年新收政府信息公开申请数量\t18\t")
    lines[42] = lines[42].replace("\t18\t", "\t19\t", 1)
    report = parse_lines(lines, "002-unbalanced.txt")
    found = sorted((f.rule, f.left[0].row, f.left[0].column) for f in report.findings)
    assert found == [
        ("t3.received_equals_handled", "一、本年新收政府信息公开申请数量", "自然人"),
        ("t3.row_total", "一、本年新收政府信息公开申请数量", "总计"),
    ]
    received = next(f for f in report.findings if f.rule == "t3.received_equals_handled")
    assert (received.left_value, received.right_value) == (19, 18)
    assert "19" in received.message and "18" in received.message


def test_table_four_block_total() -> None:
    lines = seed_lines("002_0408e1d58f05bafb.txt")
    assert lines[75] == "0\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    lines[75] = "0\t1\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    report = parse_lines(lines, "002-t4.txt")
    # the table no longer adds up, and no longer matches the text's "有1起涉及行政复议" either
    assert [(f.rule, f.left_value, f.right_value) for f in report.findings] == [
        ("t4.block_total", 2, 1),
        ("text.review", 1, 2),
    ]
    assert report.findings[1].line == 15


def test_file_cut_inside_table_three_keeps_what_is_there() -> None:
    lines = seed_lines("001_9a89c4c3d055f296.txt")[:245]  # stops after 3 numbers of row （四）3
    report = parse_lines(lines, "001-truncated.txt")
    table = report.table(TableId.T3)
    assert table is not None
    assert report.table(TableId.T4) is None
    assert report.table(TableId.T2) is not None
    unclear = "三、本年度办理结果/（四）无法提供/3.补正后申请内容仍不明确"
    kinds = [table.cell(unclear, c).kind for c in ("自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构")]
    assert kinds == [CellKind.NUMBER] * 3
    assert table.cell(unclear, "总计").kind == CellKind.MISSING  # type: ignore[union-attr]
    assert table.cell("四、结转下年度继续办理", "总计").kind == CellKind.MISSING  # type: ignore[union-attr]
    codes = {w.code for w in report.warnings}
    assert {"truncated_row", "missing_rows"} <= codes
    missing = next(w for w in report.warnings if w.code == "missing_rows")
    assert "文件在表内中断" in missing.message and "结转下年度继续办理" in missing.message
    assert report.findings == []  # rules with missing cells are not checked, not failed


def test_slash_is_not_zero() -> None:
    lines = seed_lines("002_0408e1d58f05bafb.txt")
    assert lines[24] == "规章\t0\t0\t0"
    lines[24] = "规章\t/\t/\t/"
    report = parse_lines(lines, "002-slash.txt")
    cell = report.table(TableId.T2).cell("第二十条第（一）项/规章", "本年制发件数")  # type: ignore[union-attr]
    assert (cell.kind, cell.value, cell.raw, cell.line) == (CellKind.SLASH, None, "/", 25)
