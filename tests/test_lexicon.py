"""Every entry of qa/lexicon.toml, by its own examples: each example is read with the entry's target,
each counter-example without it."""

from __future__ import annotations

import pytest

from qa.known_places import Gazetteer
from qa.lexicon import GAP, Lexicon, lexicon, occurrences
from qa.models import AnswerKind, Intent
from qa.stated import worded_clauses
from qa.understand import understand
from tests.support.rows import government_row

# The seed places, as the parser reads them.
GAZETTEER = Gazetteer(
    [
        government_row("兑镇镇", 2021),
        government_row("港口乡", 2021, "铜鼓县", "乡"),
        government_row("平桥区", 2021, None, "区"),
        government_row("康荣镇", 2020, "兰西县", fmt="2019"),
    ]
)


def _targets(intent: Intent, kind: str) -> list[str]:
    return {
        "figure": intent.concepts,
        "column": intent.columns,
        "t2_column": intent.t2_columns,
        "t4_result": intent.t4_results,
        "rate": intent.rates,
    }[kind]


CASES = [
    pytest.param(kind, entry.key, question, expected, id=f"{kind}:{entry.key}:{question}")
    for kind, entry in lexicon().entries()
    for questions, expected in ((entry.examples, True), (entry.counter, False))
    for question in questions
]


@pytest.mark.parametrize(("kind", "key", "question", "expected"), CASES)
def test_entry_examples(kind: str, key: str, question: str, expected: bool) -> None:
    intent = understand(question, GAZETTEER)
    assert (key in _targets(intent, kind)) is expected, intent


STATED = [
    pytest.param(entry.key, line, expected, id=f"stated:{entry.key}:{line}")
    for entry in lexicon().figure
    for lines, expected in ((entry.stated_examples, True), (entry.stated_counter, False))
    for line in lines
]


@pytest.mark.parametrize(("key", "line", "expected"), STATED)
def test_stated_examples(key: str, line: str, expected: bool) -> None:
    """A report line states the entry's figure by its own words (quoted when the tables give none)."""
    assert bool(worded_clauses([line], key)) is expected


def test_a_table_3_leaf_is_stated_by_its_label_and_not_as_its_parent() -> None:
    line = "因属于行政执法案卷信息不予公开1件"
    assert worded_clauses([line], "t3:不予公开·属于行政执法案卷") == [(1, line)]
    assert worded_clauses([line], "t3:withheld") == []


def test_every_word_of_an_entry_is_distinct_and_every_entry_has_an_example() -> None:
    for kind, entry in lexicon().entries():
        words = [*entry.words, *entry.weak]
        assert len(words) == len(set(words)), (kind, entry.key)
        assert entry.examples, (kind, entry.key)


def test_a_target_the_catalogue_lacks_is_refused() -> None:
    data = lexicon().model_dump()
    data["figure"] = [*data["figure"], {"key": "t3:no_such_row", "words": ["没有"], "examples": ["问"]}]
    with pytest.raises(ValueError, match="no catalogue target"):
        Lexicon.model_validate(data)


def test_a_gap_word_matches_its_parts_with_a_few_characters_between() -> None:
    word = f"罚{GAP}款"
    assert list(occurrences("平桥区罚了多少次款", word)) == [(3, 9)]
    assert list(occurrences("罚没收入以及其他款项", word)) == []  # more than four characters between


@pytest.mark.parametrize("word", lexicon().bare_rates)
def test_a_bare_rate_word_takes_its_block_from_the_previous_question(word: str) -> None:
    review = understand("平桥区2021年行政复议几件", GAZETTEER)
    litigation = understand("平桥区2021年行政诉讼几件", GAZETTEER)
    assert understand(f"那{word}呢", GAZETTEER, review).rates == ["rate:review_corrected"]
    assert understand(f"那{word}呢", GAZETTEER, litigation).rates == ["rate:litigation_corrected"]
    assert understand(f"平桥区2021年{word}", GAZETTEER).rates == []  # no block named, none before


@pytest.mark.parametrize(
    ("question", "rates", "kind"),
    [
        ("平桥区2021年的申请百分之多少是予以公开和部分公开的", ["rate:open"], AnswerKind.LOOKUP),
        ("平桥区2021年行政复议结果纠正的比例", ["rate:review_corrected"], AnswerKind.LOOKUP),
        ("平桥区2021年不予公开的占比", [], AnswerKind.CLARIFY),  # no rate is 不予公开 alone: asked back
    ],
)
def test_a_share_of_a_rates_parts_is_that_rate(question: str, rates: list[str], kind: AnswerKind) -> None:
    assert lexicon().percent
    intent = understand(question, GAZETTEER)
    assert (intent.rates, intent.kind) == (rates, kind)


def _ask(question: str) -> Intent:
    return understand(question, GAZETTEER)


@pytest.mark.parametrize("marker", lexicon().known_markers)
def test_a_clause_saying_what_the_asker_knows_asks_nothing(marker: str) -> None:
    intent = _ask(f"平桥区2021年收到18件申请{marker}，其中不予公开的有几件")
    assert (intent.kind, intent.concepts) == (AnswerKind.LOOKUP, ["t3:withheld"]), marker


@pytest.mark.parametrize("denial", lexicon().denials)
def test_a_table_2_column_denied_describes_the_one_asked(denial: str) -> None:
    intent = _ask(f"平桥区还有效、{denial}废止的行政规范性文件一共多少份")
    assert intent.t2_columns == ["现行有效件数"], denial


@pytest.mark.parametrize("word", lexicon().not_an_applicant_after)
def test_an_applicant_word_before_these_names_no_applicant(word: str) -> None:
    assert _ask(f"平桥区2021年涉及个人{word}的申请有几件").columns == [], word


@pytest.mark.parametrize("word", sorted(lexicon().case_outcome_words))
def test_a_refusal_word_of_a_review_is_asked_back(word: str) -> None:
    assert _ask(f"平桥区2021年行政复议{word}了几件").kind == AnswerKind.CLARIFY, word
    assert _ask(f"平桥区2021年有多少申请{word}了").concepts == ["t3:withheld"], word


@pytest.mark.parametrize("verb", lexicon().decided_verbs)
def test_a_handling_verb_after_a_table_2_matter_asks_its_decisions(verb: str) -> None:
    intent = _ask(f"平桥区2021年行政许可{verb}了多少件")
    assert (intent.kind, intent.concepts) == (AnswerKind.LOOKUP, ["t2:行政许可"]), verb


@pytest.mark.parametrize(("block", "word"), [(k, w) for k, words in lexicon().stated_blocks.items() for w in words])
def test_a_block_word_names_the_block_a_stated_result_is_of(block: str, word: str) -> None:
    from qa.stated import result_clauses

    lines = [f"2023年我局被{word}7件，其中结果维持6件。"]
    assert result_clauses(lines, block, "结果维持") == [(1, "其中结果维持6件")], word


@pytest.mark.parametrize("char", sorted(lexicon().outcome_characters))
def test_an_outcome_character_no_figure_word_holds_is_asked_back(char: str) -> None:
    assert _ask(f"平桥区2021年有几件申请被{char}了").kind == AnswerKind.CLARIFY, char
    assert _ask(f"平桥区2021年申请{char}了几件").kind == AnswerKind.CLARIFY, char


def test_an_outcome_character_leading_into_a_figure_word_is_part_of_it() -> None:
    intent = _ask("平桥区2021年行政复议机关给纠正了的有几起")
    assert (intent.kind, intent.t4_results) == (AnswerKind.LOOKUP, ["结果纠正"])
