"""Narrative numbers against the tables: the claim extractor over realistic sentences, and the real seeds
as they are (no findings) and with one side edited (exactly the expected finding)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.catalog import T3_CARRIED_OUT, T3_RECEIVED, T3_TOTAL_COLUMN, T4_ROW
from index.models import CellRef, Finding, TableId
from index.parse import parse_source, parse_text
from index.textchecks import extract_claims, narrative_claims, parse_count, text_findings

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
SEEDS = sorted(REPORTS.glob("*.txt"))

RECEIVED, CARRIED, REVIEW, SUIT = "text.received", "text.carried_out", "text.review", "text.litigation"


def claims(text: str, year: int | None = 2021, heading: str = "") -> set[tuple[str, int]]:
    return {(claim.pattern.rule, claim.value) for claim in extract_claims(text, year, heading)}


CASES = [
    # Received, in digits and in words.
    ("今年我区共收到政府信息公开申请18件", {(RECEIVED, 18)}),
    ("全年累计受理依申请公开政府信息 0 件", {(RECEIVED, 0)}),
    ("本年度新收政府信息公开申请数量为5件", {(RECEIVED, 5)}),
    ("2021年，本机关共受理政府信息公开申请共计十二件", {(RECEIVED, 12)}),
    ("共收到两件政府信息公开申请", {(RECEIVED, 2)}),
    ("我局全年收到依申请公开申请一件", {(RECEIVED, 1)}),
    ("本年度共接到公民、法人和其他组织提出的政府信息公开申请3件", {(RECEIVED, 3)}),
    ("与上年相比，今年共收到政府信息公开申请20件", {(RECEIVED, 20)}),
    # Received, zero wordings.
    ("2021年未收到相关政府信息公开申请", {(RECEIVED, 0)}),
    ("2021年度,我镇未收到依申请公开申请", {(RECEIVED, 0)}),
    ("我乡均未接收到网上和线下依申请公开信息", {(RECEIVED, 0)}),
    ("本年度无政府信息公开申请", {(RECEIVED, 0)}),
    ("全年没有收到政府信息公开申请", {(RECEIVED, 0)}),
    # Carried over.
    ("结转下年度继续办理的政府信息公开申请2件", {(CARRIED, 2)}),
    ("另有3件结转至下一年度办理", {(CARRIED, 3)}),
    # Reviews and litigation, one clause each.
    (
        "今年我区共收到政府信息公开申请18件，按时回复16件，补正后申请内容仍不明确1件，延期回复1件，"
        "有1起涉及行政复议，没有行政诉讼。",
        {(RECEIVED, 18), (REVIEW, 1), (SUIT, 0)},
    ),
    ("因政府信息公开被申请行政复议两起，被提起行政诉讼1件", {(REVIEW, 2), (SUIT, 1)}),
    ("2021年度无因政府信息公开申请行政复议、提起行政诉讼的情况", {(REVIEW, 0), (SUIT, 0)}),
    ("政府信息公开行政复议、行政诉讼均为0件", {(REVIEW, 0), (SUIT, 0)}),
    ("本年度未发生政府信息公开行政复议和行政诉讼案件", {(REVIEW, 0), (SUIT, 0)}),
    ("因信息公开未及时答复引发行政复议1起", {(REVIEW, 1)}),
    # Context from the heading above a bare sentence.
    ("共收到申请3件", set()),
    # Negatives: a breakdown by channel or applicant is not the total.
    ("其中通过公开受理窗口当面提交申请 0 件；通过信函提交申请 0 件", set()),
    ("全年受理依申请公开3件，其中受理网上申请2件", {(RECEIVED, 3)}),
    ("收到自然人提出的政府信息公开申请5件", set()),
    ("未收到通过网上提交的政府信息公开申请", set()),
    # Negatives: other years, other periods.
    ("2020年共收到政府信息公开申请15件", set()),
    ("上年度收到政府信息公开申请10件，今年无变化", set()),
    ("去年同期受理政府信息公开申请8件", set()),
    ("上年全年共收到政府信息公开申请10件", set()),
    ("自《条例》实施以来累计受理政府信息公开申请300件", set()),
    ("上半年共收到政府信息公开申请4件", set()),
    # Negatives: other kinds of request and other numbers.
    ("收到群众政府信息公开咨询12件", set()),
    ("收到上级转办的政府信息公开申请2件", set()),
    ("办理信访事项及政府信息公开申请共20件", set()),
    ("收到申请人来信反映信息公开问题3件", set()),
    ("政务服务中心受理行政许可申请12124件，政府信息公开工作有序推进", set()),
    ("收到行政复议申请1件，涉及政府信息公开", {(REVIEW, 1)}),
    ("收到政府信息公开申请同比增长20%", set()),
    ("政府信息公开申请按时答复率100%", set()),
    ("收到政府信息公开申请后15个工作日内答复", set()),
    ("截至2021年12月31日收到政府信息公开申请", set()),
    ("如需申请政府信息公开，请拨打电话0795-8611301", set()),
    ("收到政府信息公开申请并办结17件", set()),
    ("行政复议结果纠正1件，涉及政府信息公开", set()),
    ("未发生政府信息公开行政复议被纠错的情况", set()),
    ("确保全年无政府信息公开行政复议案件", set()),
    ("公开信息16条，无正当理由大量反复申请0件", set()),
    ("积极推进政府信息公开，有无申请均按要求公示", set()),
    ("收到政府信息公开申请后一次性告知申请人补正3件", set()),
    ("全年受理政府信息公开申请18件(含上年结转2件)", set()),
    ("2021年1-11月份共收到政府信息公开申请8件", set()),
    ("全县各部门共受理政府信息公开申请200件", set()),
    ("收到政府信息公开申请1,052件", set()),
    # 其中 makes a part of the received total, not of what is carried over; clause by clause.
    ("共收到政府信息公开申请18件，其中2件结转下年度办理", {(RECEIVED, 18), (CARRIED, 2)}),
    ("我县共受理政府信息公开申请200件，较去年增加10件", {(RECEIVED, 200)}),
    ("行政复议、行政诉讼各1起，均涉及政府信息公开", {(REVIEW, 1), (SUIT, 1)}),
    ("没有按时公开信息，被申请行政复议1件", {(REVIEW, 1)}),
    ("没有及时公开信息引发行政复议1起", {(REVIEW, 1)}),  # the number wins over 没有…行政复议
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:16] for text, _ in CASES])
def test_claims_in_a_sentence(text: str, expected: set[tuple[str, int]]) -> None:
    assert claims(text) == expected


def test_a_heading_supplies_the_context() -> None:
    assert claims("共收到申请3件", heading="(二)依申请公开情况") == {(RECEIVED, 3)}
    assert claims("共收到申请3件", heading="(二)主动公开情况") == set()


def test_a_year_is_this_year_only_when_it_is_the_reports() -> None:
    assert claims("2020年共收到政府信息公开申请15件", year=2020) == {(RECEIVED, 15)}
    assert claims("2020年共收到政府信息公开申请15件", year=None) == set()
    assert claims("共收到政府信息公开申请15件", year=None) == {(RECEIVED, 15)}


def test_long_lines_stay_fast() -> None:
    # Bounded gaps, no nested quantifiers: a pathological 12,000-character line is read in linear time.
    started = time.perf_counter()
    extract_claims("收到申请公开" * 2000, 2021)
    extract_claims("没有" + "行政" * 5000 + "公开", 2021)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18", 18),
        ("0", 0),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("一百零五", 105),
    ],
)
def test_counts(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["一二", "十十", "2a"])
def test_not_counts(text: str) -> None:
    assert parse_count(text) is None


# --- Real seeds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_real_seeds_have_no_text_findings(path: Path) -> None:
    parsed = parse_source(path)
    assert text_findings(parsed.report, parsed.source) == []


def test_seeds_state_the_claims_we_expect() -> None:
    """The seeds agree with their tables, so check the extractor did read them (a silent extractor also
    finds nothing)."""
    found = {}
    for path in SEEDS:
        parsed = parse_source(path)
        found[path.name[:3]] = sorted((c.line, c.pattern.rule, c.value) for c in narrative_claims(*parsed))
    assert found["002"] == [(15, SUIT, 0), (15, RECEIVED, 18), (15, REVIEW, 1)]
    assert found["000"] == [(30, RECEIVED, 0)]  # the total only, not the channel breakdown after 其中
    assert found["003"] == [(33, RECEIVED, 0), (113, RECEIVED, 0), (395, SUIT, 0), (395, REVIEW, 0)]
    assert found["004"] == [(7, RECEIVED, 0)]
    assert found["001"] == [(19, RECEIVED, 0)]


def seed_lines(prefix: str) -> list[str]:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return path.read_text(encoding="utf-8").split("\n")


def findings_for(lines: list[str]) -> list[Finding]:
    parsed = parse_text(lines, "edited.txt")
    return text_findings(parsed.report, parsed.source)


def edit(lines: list[str], line: int, old: str, new: str) -> list[str]:
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return lines


def test_sentence_disagreeing_with_table_three() -> None:
    lines = edit(seed_lines("002"), 15, "申请18件", "申请17件")
    [finding] = findings_for(lines)
    assert finding.rule == RECEIVED and finding.table == TableId.T3
    assert (finding.left_value, finding.right_value) == (17, 18)
    assert finding.left == []
    assert finding.right == [CellRef(table=TableId.T3, row=T3_RECEIVED, column=T3_TOTAL_COLUMN)]
    assert finding.message == "正文第15行称“今年我区共收到政府信息公开申请17件”，而表三「本年新收申请·总计」为 18"


def test_table_three_disagreeing_with_the_sentence() -> None:
    lines = seed_lines("002")
    assert lines[42].endswith("\t18")
    lines[42] = lines[42][: -len("18")] + "19"  # 一 总计 19: the table's own row check fires too
    [finding] = findings_for(lines)
    assert (finding.rule, finding.left_value, finding.right_value) == (RECEIVED, 18, 19)


def test_review_count_in_chinese_numerals() -> None:
    lines = edit(seed_lines("002"), 15, "有1起涉及行政复议", "有两起涉及行政复议")
    [finding] = findings_for(lines)
    assert (finding.rule, finding.left_value, finding.right_value) == (REVIEW, 2, 1)
    assert finding.right == [CellRef(table=TableId.T4, row=T4_ROW, column="行政复议/总计")]
    assert "“有两起涉及行政复议”（即 2）" in finding.message and "表四「行政复议·总计」为 1" in finding.message


def test_litigation_is_the_sum_of_both_blocks() -> None:
    lines = seed_lines("002")
    assert lines[75] == "0\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"
    lines[75] = "0\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t1\t1"  # 复议后起诉: 1 尚未审结, 总计 1
    [finding] = findings_for(lines)
    assert (finding.rule, finding.left_value, finding.right_value) == (SUIT, 0, 1)
    assert [ref.column for ref in finding.right] == ["行政诉讼/未经复议直接起诉/总计", "行政诉讼/复议后起诉/总计"]
    assert finding.message.endswith("为 0+1=1") and "“没有行政诉讼”（即 0）" in finding.message


def test_carried_over_sentence() -> None:
    lines = edit(seed_lines("002"), 15, "没有行政诉讼。", "没有行政诉讼。另有2件结转下年度继续办理。")
    [finding] = findings_for(lines)
    assert (finding.rule, finding.left_value, finding.right_value) == (CARRIED, 2, 0)
    assert finding.right == [CellRef(table=TableId.T3, row=T3_CARRIED_OUT, column=T3_TOTAL_COLUMN)]


def test_unreadable_cell_gives_no_finding() -> None:
    # 000's row 一 总计 is missing from the file: a disagreeing sentence has nothing to disagree with.
    assert findings_for(edit(seed_lines("000"), 30, "政府信息 0 件", "政府信息 5 件")) == []


def test_channel_breakdown_is_not_the_total() -> None:
    assert findings_for(edit(seed_lines("000"), 30, "通过信函提交申请 0 件", "通过信函提交申请 3 件")) == []


def test_zero_wording_against_a_table_that_says_otherwise() -> None:
    lines = seed_lines("003")
    assert lines[138] == "\t0"  # row 一 总计, one cell per line
    lines[138] = "\t2"
    found = sorted((f.rule, f.left_value, f.right_value, f.message.split("称")[0]) for f in findings_for(lines))
    assert found == [(RECEIVED, 0, 2, "正文第113行"), (RECEIVED, 0, 2, "正文第33行")]


def test_traditional_report() -> None:
    lines = edit(seed_lines("004"), 7, "未收到依申請公開申請", "收到依申請公開申請3件")
    [finding] = findings_for(lines)
    assert (finding.rule, finding.left_value, finding.right_value) == (RECEIVED, 3, 0)
    assert "正文第7行称“我镇收到依申请公开申请3件”" in finding.message


def test_another_year_gives_no_finding() -> None:
    assert findings_for(edit(seed_lines("002"), 15, "今年我区", "2020年我区")) == []
