"""Section headings across the numbering styles real reports use."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.parse import parse_file
from index.sections import find_headings, heading_number

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("一、总体情况", 1),
        ("1、 总体情况", 1),
        ("二、主动公开政府信息情况", 2),
        ("三、收到和处理政府信息公开申请情况", 3),
        ("四、政府信息公开行政复议、行政诉讼情况", 4),
        ("5、 存在的主要问题及改进情况", 5),
        ("五、存在的主要问题及改进情况 ", 5),
        ("六、其他需要报告的事项", 6),
        ("第六部分 其他需要报告的事项", 6),
        # sub-headings and table rows that look like headings are not sections
        ("(一)主动公开政府信息情况", None),
        ("（二）依申请公开政府信息情况", None),
        ("四、结转下年度继续办理", None),
        ("一、本年新收政府信息公开申请数量", None),
        ("二是完善制度，畅通政府信息发布渠道。", None),
        ("一、继续对门户网站新建栏目和原有栏目进行认真梳理", None),
    ],
)
def test_heading_number(line: str, number: int | None) -> None:
    assert heading_number(line) == number


def test_heading_split_over_two_lines() -> None:
    lines = ["一、总体情况", "正文。", "三、收到和处理政府信息", "公开申请情况", "表格"]
    assert [(h.number, h.line) for h in find_headings(lines)] == [(1, 1), (3, 3)]


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("000_a224db91dbdf5e26.txt", [0, 1, 4, 5, 6]),  # this report has no 二 and 三 headings
        ("001_9a89c4c3d055f296.txt", [0, 1, 2, 3, 4, 5, 6]),
        ("004_86e617660de5ffcf.txt", [0, 1, 2, 3, 4, 5, 6]),
    ],
)
def test_seed_sections(name: str, numbers: list[int]) -> None:
    report = parse_file(REPORTS / name)
    assert [section.number for section in report.sections] == numbers


def test_website_footer_is_not_report_text() -> None:
    report = parse_file(REPORTS / "004_86e617660de5ffcf.txt")
    assert report.boilerplate_lines == [1, 79, 80, 81, 82, 83, 84]
    assert report.sections[-1].last_line == 78
    assert report.metadata.publish_date == "2024-01-20"
