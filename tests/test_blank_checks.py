"""A blank cell is not 0, but a relation that fails once the blanks are read as 0 is shown (real reports)."""

from __future__ import annotations

from pathlib import Path

from index.checks import blank_as_zero_findings, run_checks
from index.parse import parse_file

REPORTS = Path(__file__).resolve().parent / "realworld" / "reports"


def test_a_blank_total_that_breaks_a_relation_when_read_as_zero_is_found() -> None:
    report = parse_file(REPORTS / "f02.txt")  # row 四's 总计 is blank: 34 + 2 ≠ 35 + 0
    found = blank_as_zero_findings(report)
    assert found and all(f not in run_checks(report) for f in found)
    assert any("总计" in f.message for f in found)


def test_blank_columns_that_balance_as_zero_give_no_finding() -> None:
    report = parse_file(REPORTS / "f04.txt")  # the 法人 columns are left blank throughout
    assert blank_as_zero_findings(report) == []


def test_a_report_without_blanks_gives_none() -> None:
    seeds = Path(__file__).resolve().parent.parent / "data" / "reports"
    assert blank_as_zero_findings(parse_file(seeds / "002_0408e1d58f05bafb.txt")) == []
