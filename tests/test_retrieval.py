"""Retrieval quality on our own question set (tests/retrieval/questions.json) over the five seed reports.

Each question names the original line that answers it; see bench/retrieval_eval.py for the metric.
Run ``pytest tests/test_retrieval.py -s`` to see the Recall table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.retrieval_eval import (
    MODES,
    PARAPHRASES,
    REPORTS,
    WORDING,
    Question,
    build_seed_index,
    evaluate,
    format_misses,
    format_table,
    load_questions,
    report_ids_by_file,
)
from index.read import read_text
from index.search import LoadedIndex, open_index
from index.store import Filters

MIN_QUESTIONS = 25
MIN_UNFILTERED = 6
MIN_RECALL_AT_5 = 0.9
MIN_PARAPHRASE_RECALL_AT_5 = 0.95  # the issue's bar; hybrid alone gives 0.94, with the reports' words 1.00
K = 5


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_questions()


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> LoadedIndex:
    return open_index(build_seed_index(tmp_path_factory.mktemp("retrieval_index")))


@pytest.fixture(scope="module")
def report_ids(seed_index: LoadedIndex, questions: list[Question]) -> dict[str, str]:
    return report_ids_by_file(seed_index, (q.file for q in questions))


@pytest.fixture(scope="module")
def evaluations(
    seed_index: LoadedIndex, questions: list[Question], report_ids: dict[str, str]
) -> dict[str, dict[str, Any]]:
    return {mode: evaluate(seed_index, questions, mode, K, report_ids) for mode in MODES}


def test_question_set_is_large_and_varied(questions: list[Question]) -> None:
    assert len(questions) >= MIN_QUESTIONS
    assert sum(1 for q in questions if not q.filtered) >= MIN_UNFILTERED
    assert {q.file for q in questions} == {path.name for path in REPORTS.glob("*.txt")}
    assert any("traditional" in q.tags for q in questions)
    assert len({(q.question, tuple(sorted(q.filters.items()))) for q in questions}) == len(questions)
    for q in questions:
        Filters(**q.filters)  # only filter fields the store knows


@pytest.mark.parametrize("question", [*load_questions(), *load_questions(PARAPHRASES)], ids=lambda q: q.question)
def test_answer_text_is_on_the_cited_line(question: Question) -> None:
    lines, _ = read_text(REPORTS / question.file)
    assert all(1 <= n <= len(lines) for n in question.lines)
    assert question.answer_text in lines[question.line - 1]


def test_hybrid_recall_at_5(evaluations: dict[str, dict[str, Any]], report_ids: dict[str, str]) -> None:
    table = format_table(list(evaluations.values()))
    misses = format_misses(evaluations["hybrid"], report_ids)
    print(f"\n{table}\n\nhybrid misses:\n{misses}")
    recall = evaluations["hybrid"][f"recall@{K}"]
    assert recall >= MIN_RECALL_AT_5, f"hybrid Recall@{K} {recall:.2f} < {MIN_RECALL_AT_5}\n{table}\n{misses}"


def test_filtered_search_stays_in_the_filter(evaluations: dict[str, dict[str, Any]]) -> None:
    for mode, evaluation in evaluations.items():
        for result in evaluation["results"]:
            q = result.question
            if not q.filtered:
                continue
            assert result.hits, f"{mode}: no hits for {q.question}"
            for hit in result.hits:
                if "place" in q.filters:
                    assert hit.passage.place == q.filters["place"], (mode, q.question, hit.passage.place)
                if "year" in q.filters:
                    assert hit.passage.year == q.filters["year"], (mode, q.question, hit.passage.year)


def test_every_place_filter_names_an_indexed_report(seed_index: LoadedIndex, questions: list[Question]) -> None:
    places = {row.place for row in seed_index.store.report_rows()}
    assert {q.filters["place"] for q in questions if "place" in q.filters} <= places


def test_report_ids_cover_every_file(report_ids: dict[str, str], questions: list[Question]) -> None:
    assert set(report_ids) == {q.file for q in questions}
    assert len(set(report_ids.values())) == len(report_ids)


def test_questions_file_path_is_the_default() -> None:
    assert Path(__file__).resolve().parent.joinpath("retrieval", "questions.json").is_file()


def test_paraphrased_questions_find_their_passage_with_the_reports_words(seed_index: LoadedIndex) -> None:
    """Questions whose words differ from the passage's (官网 for 门户网站, 上课 for 培训): the engine's search,
    which adds the reports' words for everyday ones (lexicon thesaurus), finds the passage in the top 5."""
    paraphrases = load_questions(PARAPHRASES)
    assert len(paraphrases) >= 30 and {q.file for q in paraphrases} == {p.name for p in REPORTS.glob("*.txt")}
    report_ids = report_ids_by_file(seed_index, (q.file for q in paraphrases))
    evaluation = evaluate(seed_index, paraphrases, WORDING, K, report_ids)
    recall = evaluation[f"recall@{K}"]
    assert recall >= MIN_PARAPHRASE_RECALL_AT_5, format_misses(evaluation, report_ids)


def test_a_noun_is_found_in_its_report_wording() -> None:
    """市政府网站 is in a passage that writes 市人民政府网站; 工资 is in none."""
    from qa.models import Citation, Passage
    from qa.retrieve import missing_nouns

    quote = "我局主动通过市人民政府网站发布政务信息6条"
    cited = Citation(report_id="r", source="r.txt", agency=None, year=2022, line=1, quote=quote)
    passages = [Passage(text=quote, section="一、总体情况", citation=cited, score=1.0)]
    assert missing_nouns(["市政府网站"], passages) == []
    assert missing_nouns(["工资"], passages) == ["工资"]


@pytest.mark.parametrize(
    ("nouns", "line", "missing"),
    [
        (["渠道"], "主要是通过LED屏、单位公示栏和政府网站发布政府主动公开信息", []),  # the shape of the answer
        (["程度"], "完善网站栏目设置,做到无空白栏目、无延时更新", []),
        (["传真号码"], "(电话:023-40244408,传真:023-40244408)", []),  # a part and a shape
        (["篇文章"], "微信公众号共编发文章 1640 篇", []),  # a measure word and a part
        (["电子邮件"], "定期登录并清理乡政府电子邮箱", []),  # the word reports use
        (["办公楼"], "由办公室统筹,各科室协调配合", ["办公楼"]),  # 办公 is not 办公楼
        (["短板"], "存在的主要问题：缺乏专业人才和技术支撑", []),  # a problems word, in a text about problems
        (["短板"], "共公布各类信息16条", ["短板"]),
        (["面积"], "由办公室统筹,各科室协调配合", ["面积"]),
    ],
)
def test_a_noun_is_held_by_its_parts_its_report_words_or_is_a_shape(
    nouns: list[str], line: str, missing: list[str]
) -> None:
    from qa.models import Citation, Passage
    from qa.retrieve import missing_nouns

    cited = Citation(report_id="r", source="r.txt", agency=None, year=2022, line=1, quote=line)
    passages = [Passage(text=line, section="一、总体情况", citation=cited, score=1.0)]
    assert missing_nouns(nouns, passages) == missing


def test_a_count_asked_is_taken_from_the_sentence_after_the_one_about_it() -> None:
    from qa.retrieve import best_sentence, content_bigrams

    text = "全面开展了政府信息公开工作。截止2021年12月31日，共公布各类信息16条。其他工作。"
    wanted = content_bigrams("开展了多少条政府信息公开工作")
    assert (
        best_sentence(wanted, text, counts=True)[0]
        == "全面开展了政府信息公开工作。截止2021年12月31日，共公布各类信息16条。"
    )
    assert best_sentence(wanted, text)[0] == "全面开展了政府信息公开工作。"
