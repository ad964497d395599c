"""Answers over real reports nobody here wrote: a table present but unreadable is said as such (never "not
reported", never 0), a figure printed with its unit is given as printed, and a figure its row fixes is
given as inferred, with the rule."""

from __future__ import annotations

import pytest

from index.build import Builder
from index.embed import make_embedder
from index.models import CellKind
from qa.engine import Engine, load_engine
from qa.models import AnswerKind
from tests.support import realworld

FILES = (
    *("reports/v06.txt", "reports/v14.txt", "reports/v46.txt", "reports/v20.txt", "reports/v35.txt"),
    *("reports/v39.txt", "reports/v41.txt", "reports/v67.txt", "reports/v83.txt", "reports/v84.txt"),
    *("reports/v07.txt", "reports/v33.txt", "reports/v54.txt", "reports/v09.txt", "reports/v85.txt"),
    *("reports/f04.txt", "reports/f07.txt", "reports/v63.txt"),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("qa-realworld")
    Builder(folder, make_embedder("use")).build([realworld.path_of(name) for name in FILES])
    return load_engine(folder)


@pytest.mark.parametrize(
    ("question", "table"),
    [("鸭南乡2021年收到多少政府信息公开申请？", "表三"), ("章丘区文旅局2023年行政复议有多少？", "表四")],
)
def test_a_table_present_but_unread_is_said_so(engine: Engine, question: str, table: str) -> None:
    answer = engine.answer(question)
    (value,) = answer.values
    assert (value.value, value.kind) == (None, CellKind.MISSING)
    assert f"{table}存在，但数字无法读出" in answer.text
    assert "未提供" not in answer.text and "：0" not in answer.text


def test_a_citys_one_report_of_another_agency_is_offered_not_answered(engine: Engine) -> None:
    """深圳市 alone asks the city's own figure; only its 龙华监管局's report is in the corpus: offered, not
    answered as the city's (深圳市那份报告 names that report)."""
    answer = engine.answer("深圳市2023年收到多少申请")
    assert (answer.kind, answer.values) == (AnswerKind.CLARIFY, [])
    assert "没有深圳市本级的报告" in answer.text and "深圳市市场监督管理局龙华监管局" in answer.text
    assert engine.answer("深圳市那份报告2023年收到多少申请").kind == AnswerKind.LOOKUP


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("濂溪区2024年受理了多少件依申请公开", "全区受理依申请公开件255件"),
        ("濂溪区2024年予以公开的有几件", "其中予以公开71件"),
        ("濂溪区2024年部分公开的有几件", "部分公开5件"),
        ("长寿区人社局2021年逾期未按收费通知要求缴纳费用的有几件", "申请人逾期未按收费通知要求缴纳费用2件"),
        # a count broken down in brackets into figures is their sum: the figure is the bracket's own clause
        ("龙华监管局2023年收到多少申请", "其中本年度新收申请数112件"),
        ("龙华监管局2023年行政复议有几件", "2023年我局因政府信息公开被行政复议7件"),
        ("靖江住建局2025年被起诉了几次", "行政诉讼2件"),
        ("龙华局2023年行政复议结果维持的有几件", "其中结果维持6件"),  # the block named before it in the line
        ("龙华局2023年行政复议尚未审结的有几件", "尚未审结1件"),
    ],
)
def test_a_figure_the_tables_lack_is_quoted_where_the_text_states_it(
    engine: Engine, question: str, clause: str
) -> None:
    answer = engine.answer(question)
    assert all(value.value is None for value in answer.values)  # never put in a table cell
    assert f"「{clause}」（出自正文，不是表格数字）" in answer.text
    (passage,) = answer.passages
    assert passage.citation is not None and passage.citation.line > 0


def test_a_figure_stated_by_its_wording_alone_is_quoted_never_made_a_0(engine: Engine) -> None:
    answer = engine.answer("背荫河镇2022年收到几件申请")
    assert all(value.value is None for value in answer.values)
    assert "「背荫河镇未收到和处理政府信息公开申请」（出自正文，不是表格数字）" in answer.text
    assert "0" not in answer.text.replace("2022", "")


def test_none_received_by_one_channel_states_no_total(engine: Engine) -> None:
    """本单位未收到书面申请: written applications are one channel; others may have come."""
    answer = engine.answer("蠡县审计局2022年收到过信息公开申请吗？")
    assert not answer.passages and "正文" not in answer.text


def test_a_follow_up_in_words_no_figure_has_is_looked_for_in_the_same_report(engine: Engine) -> None:
    first = engine.answer("嘉兴市市场监管局2022年受理了几件依申请公开")
    answer = engine.answer("其中网上申请的有多少", [first])
    assert answer.kind == AnswerKind.NARRATIVE and "其中网络申请11件" in answer.text
    assert "嘉兴市市场监督管理局2022年" in answer.text


def test_a_question_of_one_content_word_finds_the_passage_holding_it(engine: Engine) -> None:
    answer = engine.answer("沭阳县发改局2023年政府信息公开收费了吗")  # 收费 alone: no second word to share
    assert answer.kind == AnswerKind.NARRATIVE and "未发生收费情况" in answer.text


def test_a_check_of_one_table_says_only_what_touches_that_table(engine: Engine) -> None:
    """Named by its quoted title; table 4 is whole, table 3 lost rows: a check of 复议诉讼 is clean."""
    of_table_4 = engine.answer("“2020年报_审计局”里复议诉讼的数对得上吗")
    assert of_table_4.kind == AnswerKind.CHECK and not of_table_4.findings
    assert "审计局2020年" in of_table_4.text and "无法读出" not in of_table_4.text
    whole = engine.answer("“2020年报_审计局”的数据对得上吗")
    assert "表三：表格缺少若干行" in whole.text


def test_a_division_and_a_bureau_is_that_divisions_department(engine: Engine) -> None:
    answer = engine.answer("龙华局2023年行政复议有几件")
    assert {value.agency for value in answer.values} == {"深圳市市场监督管理局龙华监管局"}


def test_a_countys_one_report_is_answered_when_that_report_is_meant(engine: Engine) -> None:
    """略阳县那份报告 is the report, whoever wrote it; 略阳县 alone may mean the county's own and is asked back."""
    answer = engine.answer("略陽縣那份報告裡行政許可處理決定數量是多少")
    assert [value.value for value in answer.values] == ["97"]
    assert engine.answer("略阳县行政许可处理决定数量是多少").kind == AnswerKind.CLARIFY


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("海南省生态环境厅2022年作出了多少项行政许可决定", "行政许可2022年处理决定数量450项"),
        ("海南省生态环境厅2022年规范性文件废止了几件", "废止件数1件"),  # the row named earlier in the line
        ("海南省生态环境厅2022年现行有效的规范性文件有几件", "现行有效件数22件"),
        ("海南省生态环境厅2022年行政处罚多少", "行政处罚2项"),  # a row with one column: its count alone
    ],
)
def test_table_2_written_out_in_the_text_is_quoted(engine: Engine, question: str, clause: str) -> None:
    answer = engine.answer(question)
    assert all(value.value is None for value in answer.values)
    assert f"「{clause}」（出自正文，不是表格数字）" in answer.text


def test_table_2_in_the_text_is_not_guessed_without_its_column(engine: Engine) -> None:
    answer = engine.answer("海南省生态环境厅2022年规范性文件有多少")  # made, repealed or in force?
    assert not answer.passages and "正文" not in answer.text


@pytest.mark.parametrize(
    "line",
    [
        "我局主动公开行政许可事项128条",  # items published about permits, not decisions
        "区级部门和街道(乡镇)制定的行政规范性文件48件",  # other agencies' files
        "行政许可处理决定数量较上年增加12件",  # a change, not the count
    ],
)
def test_a_line_about_table_2_matters_that_states_no_cell(line: str) -> None:
    from qa.stated import t2_clauses

    assert t2_clauses([line], "t2:行政许可", "本年处理决定数量", alone=True) == []
    assert t2_clauses([line], "t2:规范性文件", "本年制发件数") == []


def test_a_clause_of_a_narrower_figure_does_not_state_the_wider_one(engine: Engine) -> None:
    """濂溪区 lists 不予公开28件 beside its parts; 长寿区 states no 不予处理 total, only one of its reasons."""
    assert engine.answer("长寿区人社局2021年其他处理的有几件").passages == []


def test_money_with_its_unit_is_given_as_printed(engine: Engine) -> None:
    answer = engine.answer("示范区教育局2019年政府集中采购总金额是多少？")
    (value,) = answer.values
    assert value.value == "976.81万元"
    (citation,) = value.citations
    original = realworld.path_of("reports/v14.txt").read_text(encoding="utf-8").split("\n")
    assert citation.quote == original[citation.line - 1].strip() and citation.highlight in citation.quote


def test_an_inferred_total_is_given_as_inferred_with_its_rule(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A file cut before row 一's 总计: the total is the sum of the six printed parts, said as inferred."""
    folder = tmp_path_factory.mktemp("cut")
    seed = (realworld.ROOT / "data" / "reports" / "002_0408e1d58f05bafb.txt").read_text(encoding="utf-8")
    lines = [*seed.split("\n")[:42], "一、本年新收政府信息公开申请数量\t18\t0\t0\t0\t0\t0"]
    (folder / "平桥区2021.txt").write_text("\n".join(lines), encoding="utf-8")
    Builder(folder / "index", make_embedder("use")).build([folder / "平桥区2021.txt"])
    answer = load_engine(folder / "index").answer("平桥区2021年收到多少政府信息公开申请？")
    (value,) = answer.values
    assert (value.value, value.kind) == ("18", CellKind.INFERRED)
    assert "18（推断值：报告未印出此数，本行各项之和" in answer.text
    (citation,) = value.citations
    assert citation.line == 43


def test_a_department_that_never_names_its_division_is_found_by_its_name(engine: Engine) -> None:
    """区投资促进局 (traditional, no district named): its report is the place the question names."""
    answer = engine.answer("區投資促進局2022年行政規範性文件現行有效件數")
    assert [(v.agency, v.value) for v in answer.values] == [("区投资促进局", "1")]


def test_an_agency_set_aside_leaves_the_report_meant(engine: Engine) -> None:
    """海口市 has two reports; the bracket sets the 研究室 aside, so the other one answers."""
    answer = engine.answer("海口市那个局（不是市政府研究室）2022年规章现行有效多少？")
    assert [(v.label, v.value) for v in answer.values] == [("规章 · 现行有效件数", "11")]
    assert "研究室" not in (answer.values[0].agency or "")


def test_a_year_asked_of_an_agency_whose_report_states_none_is_said_so(engine: Engine) -> None:
    assert "已有年份：2020。" in engine.answer("审计局2019年行政复议有几件").text  # its one report: 2020
    undated = engine.answer("区科技工业商务信息化局2021年行政复议有几件")  # its report states no year
    assert not undated.values and "该机关的报告未写明年份" in undated.text


def test_a_figure_of_a_report_naming_no_agency_nor_place_is_named_by_its_file() -> None:
    from index.models import TableId
    from qa.compose import _who
    from qa.models import Citation, Value

    cited = Citation(report_id="r", source="v19.txt", agency=None, year=2024, line=3, quote="行政许可 460")
    value = Value(agency=None, place=None, year=2024, table=TableId.T2, label="行政许可", value="460", kind=None,
                  citations=[cited])  # fmt: skip
    assert _who(value) == "v19.txt（2024年）"


@pytest.mark.parametrize(
    ("line", "block", "result", "found"),
    [
        ("被行政复议7件,其中结果维持6件、结果纠正0件", "t4:review", "结果维持", ["其中结果维持6件"]),
        ("被行政复议7件,其中结果维持6件", "t4:litigation", "结果维持", []),  # of reviews, not lawsuits
        ("行政复议1件,行政诉讼2件,其中结果维持2件", "t4:review", "结果维持", []),  # the lawsuits' results
        ("在办结的5件申请中,申请撤销1件", "t4:review", "结果纠正", []),  # no block: an application withdrawn
        # without a count, in the table's own words, of the block named before it (quoted, never a 1)
        (
            "发生1起行政复议案件,该案件至本报告发布之时尚未审结",
            "t4:review",
            "尚未审结",
            ["该案件至本报告发布之时尚未审结"],
        ),
        ("发生1起行政复议案件,该案件至本报告发布之时尚未审结", "t4:litigation", "尚未审结", []),
    ],
)
def test_a_result_in_the_text_belongs_to_the_block_named_before_it(
    line: str, block: str, result: str, found: list[str]
) -> None:
    from qa.stated import result_clauses

    assert [clause for _, clause in result_clauses([line], block, result)] == found
