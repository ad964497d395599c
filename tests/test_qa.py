"""The answer engine over the real seed index: exact figures with citations, honest gaps, no invented number."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import Builder
from index.embed import make_embedder
from index.models import CellKind
from qa import corpus
from qa.engine import Engine, load_engine
from qa.models import Answer, AnswerKind
from tests.qa_checks import assert_citations_are_real, assert_no_invented_number

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
SEED_002 = REPORTS / "002_0408e1d58f05bafb.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("qa-index")
    Builder(folder, make_embedder("use")).build([REPORTS])
    return load_engine(folder)


def ask(engine: Engine, question: str, history: list[Answer] | None = None) -> Answer:
    answer = engine.answer(question, history)
    assert_citations_are_real(answer)
    assert_no_invented_number(answer)
    return answer


def test_lookup_gives_the_cell_exactly_with_its_line(engine: Engine) -> None:
    answer = ask(engine, "平桥区2021年收到多少政府信息公开申请？")
    assert answer.kind == AnswerKind.LOOKUP
    (value,) = answer.values
    assert (value.value, value.kind) == ("18", CellKind.NUMBER)
    (citation,) = value.citations
    assert (citation.source, citation.line, citation.highlight) == ("002_0408e1d58f05bafb.txt", 43, "18")
    assert "18" in answer.text and "表三" in answer.text


def test_traditional_report_is_quoted_as_written(engine: Engine) -> None:
    answer = ask(engine, "平安鎮2023年行政許可有多少？")
    (value,) = answer.values
    assert value.value == "0"
    assert "許可" in value.citations[0].quote


def test_missing_table_is_not_reported_never_zero(engine: Engine) -> None:
    answer = ask(engine, "兑镇镇2021年行政处罚多少件？")
    (value,) = answer.values
    assert value.value is None and value.kind is None
    assert "该报告未提供表二" in answer.text
    assert "：0" not in answer.text


def test_metric_of_the_other_format_is_explained_not_mapped(engine: Engine) -> None:
    answer = ask(engine, "平桥区2021年政府集中采购多少？")
    (value,) = answer.values
    assert value.value is None
    assert "2019版" in answer.text and "2021版" in answer.text


def test_unreadable_row_is_said_as_such(engine: Engine) -> None:
    answer = ask(engine, "兑镇镇收到多少申请？")
    (value,) = answer.values
    assert value.kind == CellKind.MISSING and value.value is None
    assert "无法从报告中读出" in answer.text
    assert "使用兑镇镇人民政府最新的 2021 年报告" in answer.text


def test_sum_is_said_to_be_a_sum_with_its_parts(engine: Engine) -> None:
    answer = ask(engine, "平桥区2021年无法提供的有多少？")
    (value,) = answer.values
    assert value.value == "1" and len(value.parts) == 3
    assert "3 项之和" in answer.text
    assert {p.value for p in value.parts} == {"0", "1"}


def test_organisation_column_is_the_sum_of_five(engine: Engine) -> None:
    answer = ask(engine, "港口乡法人或其他组织申请了多少？")
    (value,) = answer.values
    assert value.value == "0" and len(value.parts) == 5


def test_narrative_answer_points_at_the_sentence(engine: Engine) -> None:
    answer = ask(engine, "平桥区微信公众号全年发布了多少信息？")
    assert answer.kind == AnswerKind.NARRATIVE
    best = answer.passages[0]
    assert best.citation.line == 11 and "2986" in best.highlight


def test_reports_that_do_not_say_are_not_made_to(engine: Engine) -> None:
    answer = ask(engine, "平桥区的足球比赛成绩如何？")
    assert answer.kind == AnswerKind.NOT_FOUND
    assert not answer.values and not answer.passages


def test_compare_two_places(engine: Engine) -> None:
    answer = ask(engine, "平桥区和港口乡收到的申请对比")
    assert answer.kind == AnswerKind.COMPARE
    assert [(v.place, v.value) for v in answer.values] == [("平桥区", "18"), ("港口乡", "0")]


def test_compare_refuses_cells_that_mean_different_things(engine: Engine) -> None:
    # 本年新制作数量 (2019) and 本年制发件数 (2021) are not declared the same count in the catalogue
    answer = ask(engine, "康荣镇和平桥区的规章对比")
    assert answer.kind == AnswerKind.NOT_FOUND
    assert "含义不同" in answer.text and not answer.values


def test_compare_across_formats_uses_columns_that_count_the_same(engine: Engine) -> None:
    answer = ask(engine, "康荣镇和平桥区的行政许可对比")
    assert answer.kind == AnswerKind.COMPARE
    assert [(v.place, v.column, v.value) for v in answer.values] == [
        ("平桥区", "本年处理决定数量", "12124"),
        ("康荣镇", "处理决定数量", "0"),
    ]
    assert "同一项" in answer.text


def test_a_column_of_the_other_format_is_explained_not_mapped(engine: Engine) -> None:
    answer = ask(engine, "平桥区规章本年新制作数量是多少？")
    assert [v.value for v in answer.values] == [None]
    assert "2019版（试行）格式" in answer.text and "本年制发件数" in answer.text and "不作换算" in answer.text


def test_rank_keeps_ties(engine: Engine) -> None:
    answer = ask(engine, "哪个镇收到申请最多？")
    assert answer.kind == AnswerKind.RANK
    assert {v.place for v in answer.values} == {"平安镇", "康荣镇"}  # both 0; 兑镇镇's row is unreadable
    assert "未参加排名" in answer.text


def test_fact_sheet(engine: Engine) -> None:
    answer = ask(engine, "平桥区的基本情况")
    assert answer.kind == AnswerKind.FACT_SHEET
    figures = {v.label: v.value for v in answer.values}
    assert figures["本年新收政府信息公开申请数量 · 总计"] == "18"
    assert figures["行政许可 · 本年处理决定数量"] == "12124"


def test_check_on_balanced_report(engine: Engine) -> None:
    answer = ask(engine, "平桥区的数据有没有问题？")
    assert answer.kind == AnswerKind.CHECK and not answer.findings
    assert "未发现问题" in answer.text


def test_unknown_place_lists_the_closest(engine: Engine) -> None:
    answer = ask(engine, "平安乡收到多少申请？")  # another level is another place, not a typo
    assert answer.kind == AnswerKind.NOT_FOUND
    assert "平安镇" in answer.text and not answer.values


def test_one_character_typo_is_corrected_and_said(engine: Engine) -> None:
    answer = ask(engine, "平按镇收到多少申请？")
    assert [(v.place, v.value) for v in answer.values] == [("平安镇", "0")]
    assert "已将“平按镇”按“平安镇”理解" in answer.text


def test_a_homophone_typo_in_a_narrative_word_is_read_as_the_report_writes_it(engine: Engine) -> None:
    answer = ask(engine, "兑镇镇的微信工众号现在还开着吗")
    assert "微信公众号已注销" in answer.text
    assert "已将“工众”按“公众”理解" in answer.text
    assert "已将" not in ask(engine, "兑镇镇的工资是多少").text  # no word of the report sounds like it there


def test_follow_up_keeps_the_metric_and_changes_the_place(engine: Engine) -> None:
    first = ask(engine, "平桥区2021年收到多少申请？")
    second = ask(engine, "那港口乡呢？", [first])
    assert second.kind == AnswerKind.LOOKUP
    assert [(v.place, v.value) for v in second.values] == [("港口乡", "0")]


def test_a_follow_up_to_a_place_without_the_inherited_year_takes_its_newest_and_says_so(engine: Engine) -> None:
    first = ask(engine, "港口乡2021年收到多少申请？")
    for fragment in ("那彰武县平安镇呢？", "换彰武县平安镇看看"):
        second = ask(engine, fragment, [first])
        assert [(v.place, v.year) for v in second.values] == [("平安镇", 2023)], fragment
        assert "该机关没有 2021 年的报告" in second.text
    stated = ask(engine, "那彰武县平安镇2021年呢？", [first])  # a year the fragment states itself is kept
    assert stated.kind == AnswerKind.NOT_FOUND and stated.values == []


def test_a_change_a_2019_table_states_itself_is_its_column(engine: Engine) -> None:
    """康荣镇 (2019 format) has no 2019 report to compare with, but its table 2 states 本年增/减."""
    answer = ask(engine, "康荣镇2020年行政处罚比上一年是多了还是少了")
    assert [(v.label, v.value) for v in answer.values] == [("行政处罚 · 本年增/减", "0")]
    assert ask(engine, "平桥区2021年行政许可比去年多了多少").kind == AnswerKind.NOT_FOUND  # 2021 format: no such column


def test_mixed_gives_the_number_and_the_text(engine: Engine) -> None:
    answer = ask(engine, "平桥区行政复议有几件，是什么情况？")
    assert answer.kind == AnswerKind.MIXED
    assert answer.values[0].value == "1"
    assert answer.passages and "行政复议" in answer.passages[0].text


@pytest.fixture(scope="module")
def unbalanced_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("qa-unbalanced")
    corpus = tmp_path_factory.mktemp("unbalanced-corpus")
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    lines[42] = lines[42].replace("\t18\t", "\t19\t", 1)  # 自然人 19, 总计 still 18
    (corpus / SEED_002.name).write_text("\n".join(lines), encoding="utf-8")
    Builder(folder, make_embedder("use")).build([corpus])
    return load_engine(folder)


def test_findings_travel_with_the_answer(unbalanced_engine: Engine) -> None:
    answer = unbalanced_engine.answer("平桥区收到多少申请？")
    assert_no_invented_number(answer)
    assert answer.values[0].value == "18"
    rules = sorted(f.rule for f in answer.findings)
    assert rules == ["t3.received_equals_handled", "t3.row_total"]
    assert "勾稽问题" in answer.text and "19" in answer.text


def test_check_lists_the_findings(unbalanced_engine: Engine) -> None:
    answer = unbalanced_engine.answer("平桥区的数据是否一致？")
    assert answer.kind == AnswerKind.CHECK
    assert len(answer.findings) == 2 and "2 处勾稽问题" in answer.text


# ---- issue 13: never a neighbouring figure; rankings list every report; problems vs measures ----------


@pytest.mark.parametrize(
    ("question", "label", "value"),
    [
        ("平桥区2021年有多少申请被驳回了？", "不予公开（各项之和） · 总计", "0"),
        ("平桥区2021年只公开了一部分的有几件", "部分公开 · 总计", "1"),
        ("平桥区2021年结转到下年的有多少？", "结转下年度继续办理 · 总计", "0"),
        ("平桥区复议后起诉有几件", "行政诉讼·复议后起诉 · 总计", "0"),
    ],
)
def test_everyday_words_name_their_own_figure(engine: Engine, question: str, label: str, value: str) -> None:
    answer = ask(engine, question)
    assert [(v.label, v.value) for v in answer.values] == [(label, value)]


def test_an_unknown_word_beside_a_figure_is_asked_back_not_answered(engine: Engine) -> None:
    answer = ask(engine, "平桥区2021年网上收到的申请有多少")
    assert answer.kind == AnswerKind.CLARIFY and not answer.values
    assert "网上" in answer.text and "本年新收政府信息公开申请数量" in answer.text


def test_a_ranking_lists_every_report_with_zeros_and_names_the_unread(engine: Engine) -> None:
    answer = ask(engine, "哪个地方收到的申请最多？")
    assert [(v.place, v.value) for v in answer.values] == [
        ("平桥区", "18"),
        ("平安镇", "0"),
        ("康荣镇", "0"),
        ("港口乡", "0"),
    ]
    assert answer.text.startswith("最多的是平桥区人民政府2021年（18）")
    assert "兑镇镇人民政府2021年" in answer.text


def test_a_question_about_measures_is_answered_from_the_measures(engine: Engine) -> None:
    answer = ask(engine, "港口乡下一步打算怎么改进？")
    assert "改进措施" in answer.passages[0].section


def test_a_consistency_question_names_the_rows_that_could_not_be_read(engine: Engine) -> None:
    answer = ask(engine, "兑镇镇的数据全不全")
    assert answer.kind == AnswerKind.CHECK
    assert "无法读出" in answer.text and "未发现问题" not in answer.text


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("你们这儿一共有几份年报", ["语料库中共有 5 份报告。"]),
        ("报告覆盖了哪些年份", ["语料库中共有 5 份报告。", "年份：2020年、2021年、2023年"]),
        ("哪份报告没有表二？", ["语料库中共有 1 份报告（没有表二）。", "兑镇镇人民政府（2021年）"]),
        ("2021年的报告有几份", ["2021年共有 3 份报告。"]),
        ("哪份报告用的是2019年版的老表格", ["语料库中共有 1 份报告（2019版格式）。", "康荣镇人民政府（2020年）"]),
        ("繁体字的报告有几份", ["语料库中共有 1 份报告（繁体字）。", "平安镇人民政府（2023年）"]),
        ("有几份苏木的报告", ["语料库中共有 0 份报告（苏木）。"]),
        ("公安部门的年报有哪几份", ["语料库中共有 0 份报告（公安部门）。"]),
    ],
)
def test_questions_about_the_corpus_are_answered_from_the_store(
    engine: Engine, question: str, lines: list[str]
) -> None:
    answer = ask(engine, question)
    assert answer.kind == AnswerKind.CORPUS
    assert answer.text.splitlines()[: len(lines)] == lines


@pytest.mark.parametrize(
    ("question", "rows"),
    [
        ("平桥区尚未审结的有几件", ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]),
        ("平桥区结果纠正几件", ["行政复议", "行政诉讼·复议后起诉"]),
        ("平桥区的总计是多少", ["本年新收政府信息公开申请数量", "行政复议总计"]),
        ("平安镇处理了多少", ["本年度办理结果总计", "行政许可·处理决定数量"]),
    ],
)
def test_a_cell_named_without_its_row_is_asked_back_with_the_rows_that_have_it(
    engine: Engine, question: str, rows: list[str]
) -> None:
    answer = ask(engine, question)
    assert answer.kind == AnswerKind.CLARIFY and not answer.values
    assert all(f"「{row}」" in answer.text for row in rows)


def test_words_no_figure_has_are_answered_from_the_text_that_holds_them(engine: Engine) -> None:
    answer = ask(engine, "平桥区2021年按时回复了多少件申请")  # no table row says 按时回复: the text does
    assert answer.kind == AnswerKind.NARRATIVE and not answer.values
    assert "按时回复16件" in answer.text
    assert ask(engine, "平桥区2021年收到多少件工资申请").kind == AnswerKind.CLARIFY  # no line holds 工资


def test_contact_details_in_the_preamble_are_found_however_the_question_is_worded(engine: Engine) -> None:
    for question in ("港口乡的联系电话是多少", "我想找港口乡问问信息公开的事，电话多少？"):
        answer = ask(engine, question)
        assert answer.kind == AnswerKind.NARRATIVE, question
        assert "0795-8611301" in answer.text.replace("－", "-"), question


def test_when_a_report_was_published_is_its_date_line_quoted(engine: Engine) -> None:
    answer = ask(engine, "平安镇这份报告是哪天发布的")
    assert answer.kind == AnswerKind.NARRATIVE and not answer.values
    (passage,) = answer.passages
    assert "2024-01-20" in passage.highlight and passage.citation.line == 1


def test_an_answer_gives_its_sentences_apart_from_its_notes(engine: Engine) -> None:
    answer = ask(engine, "平安镇收到多少政府信息公开申请？")  # the newest year is used, and said in a note
    assert answer.lines and answer.lead == answer.lines[0]
    assert answer.notes and not set(answer.notes) & set(answer.lines)
    assert answer.text.startswith(answer.lead)


def test_a_count_in_words_no_figure_or_passage_has_is_asked_back_with_the_nearest_figures(engine: Engine) -> None:
    answer = ask(engine, "兑镇镇有没有因为手上没这个东西答复不了的")
    assert answer.kind == AnswerKind.CLARIFY and not answer.values
    assert any("本机关不掌握相关政府信息" in s for s in answer.suggestions)  # offered as a follow-up button
    unrelated = ask(engine, "港口乡信息公开工作人员一个月工资多少")  # nothing near: said not there, no offer
    assert unrelated.kind == AnswerKind.NOT_FOUND and not unrelated.suggestions


@pytest.mark.parametrize("flt", corpus.FILTERS, ids=lambda f: f.label)
def test_every_corpus_filter_is_read_by_each_of_its_words(flt: corpus.Filter) -> None:
    for word in flt.words:
        assert flt in corpus.filters_named(f"{word}的报告有几份"), word


@pytest.mark.parametrize(("question", "first"), [("哪个多", "平桥区"), ("谁少", "港口乡"), ("各是多少", "平桥区")])
def test_which_has_more_lists_the_most_first(engine: Engine, question: str, first: str) -> None:
    answer = ask(engine, f"港口乡和平桥区2021年收到的申请{question}")
    assert answer.kind == AnswerKind.COMPARE and first in (answer.values[0].place or "")


def test_a_ranking_within_one_table_format_ranks_only_its_reports(engine: Engine) -> None:
    answer = ask(engine, "2019版格式的报告里哪个地方收到的申请最多")
    assert answer.kind == AnswerKind.RANK and {v.place for v in answer.values} == {"康荣镇"}


def test_a_count_asked_in_the_text_comes_from_a_passage_that_states_one(engine: Engine) -> None:
    """The passages most like the question state no number; the one that does is brought up."""
    answer = ask(engine, "港口乡2021年一共主动公开了几条政府信息")
    assert answer.kind == AnswerKind.NARRATIVE and "共公布各类信息16条" in answer.text


def test_which_of_the_places_asked_in_turn_compares_them(engine: Engine) -> None:
    """港口乡… → 平桥区呢 → 谁少: the place before and this one, compared, the least first."""
    first = ask(engine, "港口乡2021年收到多少申请")
    second = engine.answer("平桥区呢", [first])
    which = engine.answer("谁少", [first, second])
    assert which.kind == AnswerKind.COMPARE
    assert [(v.place, v.value) for v in which.values] == [("港口乡", "0"), ("平桥区", "18")]
