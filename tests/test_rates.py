"""Derived rates over the real seed index: the formula's inputs are the cells, the result is exact to two
decimals, and a zero denominator or an unread input is a refusal with its reason, never 0."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from index.build import Builder
from index.embed import make_embedder
from qa.engine import Engine, load_engine
from qa.models import AnswerKind
from qa.rates import percent
from tests.qa_checks import assert_citations_are_real, assert_no_invented_number

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("rates-index")
    Builder(folder, make_embedder("use")).build([REPORTS])
    return load_engine(folder)


def test_open_rate_is_granted_and_partly_over_handled(engine: Engine) -> None:
    answer = engine.answer("平桥区2021年的公开率是多少？")
    assert_citations_are_real(answer)
    assert_no_invented_number(answer)
    (value,) = answer.values
    assert (answer.kind, value.label, value.value) == (AnswerKind.LOOKUP, "公开率", "94.44%")
    assert [part.value for part in value.parts] == ["16", "1", "18"]
    assert value.formula.endswith("= 17/18")
    assert "94.44%" in answer.text and "17/18" in answer.text


def test_a_zero_denominator_is_a_refusal_with_its_reason(engine: Engine) -> None:
    answer = engine.answer("港口乡2021年公开率")
    (value,) = answer.values
    assert value.value is None
    assert "无法计算公开率" in answer.text and "0%" not in answer.text


def test_review_correction_rate_uses_the_review_block(engine: Engine) -> None:
    (value,) = engine.answer("平桥区2021年复议纠错率").values
    assert (value.value, [p.value for p in value.parts]) == ("100.00%", ["1", "1"])


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [(Fraction(17, 18), "94.44%"), (Fraction(1, 8), "12.50%"), (Fraction(1, 200), "0.50%"), (Fraction(2, 3), "66.67%")],
)
def test_percent_is_two_decimals_half_up(fraction: Fraction, shown: str) -> None:
    assert percent(fraction) == shown
