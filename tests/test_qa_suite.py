"""The answer engine against our question suite over the five seeds (tests/qa/questions.json).

Each entry gives the question (with earlier questions of the same conversation in ``history``), the kind
of answer expected, the exact figures (place, year, value as the report writes it; null where the report
does not give one), text the answer must or must not contain, and for narrative answers the original
line a returned passage must stand on. Expected figures are the hand-read gold (tests/gold/seeds.json),
and test_suite_is_well_formed checks each one against it.

Fields: question, history?, kind, values? ([{place, year, value, label?}] — label: a part of Value.label;
in order unless any_order), text_contains?, text_excludes?, passage_line? ({file, line}), xfail_reason?.

An entry with ``xfail_reason`` is a known wrong answer of the engine: it runs, and is expected to fail
an assertion until the engine is fixed (then pytest reports XPASS and the reason can go).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from index.build import Builder
from index.embed import make_embedder
from qa.engine import Engine, load_engine
from tests.qa_checks import CASE_FIELDS, ask_case, check_case, gold_numbers, load_suite

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
CASES = load_suite()
KINDS = {"lookup", "narrative", "compare", "rank", "fact_sheet", "check", "mixed", "clarify", "not_found"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("qa-suite-index")
    Builder(folder, make_embedder("use")).build([REPORTS])
    return load_engine(folder)


def _param(index: int, case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(reason=case["xfail_reason"], raises=AssertionError)] if "xfail_reason" in case else []
    return pytest.param(index, id=f"{index:03d}-{case['kind']}", marks=marks)


def test_suite_is_well_formed() -> None:
    assert len(CASES) >= 70
    assert {case["kind"] for case in CASES} == KINDS
    gold = gold_numbers()
    for case in CASES:
        assert set(case) <= CASE_FIELDS, case
        assert case["kind"] != "narrative" or "passage_line" in case, case
        for value in case.get("values", []):
            # every expected figure is one the gold gives that seed (sums here are all of small figures)
            assert (value["place"], value["year"]) in gold, value
            assert value["value"] is None or value["value"] in gold[(value["place"], value["year"])], value


@pytest.mark.parametrize("index", [_param(i, case) for i, case in enumerate(CASES)])
def test_question(engine: Engine, index: int) -> None:
    answer, _ = ask_case(engine, CASES[index])
    check_case(engine, CASES[index], answer)
