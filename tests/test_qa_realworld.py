"""Answers over real reports nobody here wrote: a table present but unreadable is said as such (never "not
reported", never 0), a figure printed with its unit is given as printed, and a figure its row fixes is
given as inferred, with the rule."""

from __future__ import annotations

import pytest

from index.build import Builder
from index.embed import make_embedder
from index.models import CellKind
from qa.engine import Engine, load_engine
from tests.support import realworld

FILES = ("reports/v06.txt", "reports/v14.txt", "reports/v46.txt")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("qa-realworld")
    Builder(folder, make_embedder("use")).build([realworld.path_of(name) for name in FILES])
    return load_engine(folder)


@pytest.mark.parametrize(
    ("question", "table"),
    [("鸭南乡2021年收到多少政府信息公开申请？", "表三"), ("章丘区2023年行政复议有多少？", "表四")],
)
def test_a_table_present_but_unread_is_said_so(engine: Engine, question: str, table: str) -> None:
    answer = engine.answer(question)
    (value,) = answer.values
    assert (value.value, value.kind) == (None, CellKind.MISSING)
    assert f"{table}存在，但数字无法读出" in answer.text
    assert "未提供" not in answer.text and "：0" not in answer.text


def test_money_with_its_unit_is_given_as_printed(engine: Engine) -> None:
    answer = engine.answer("示范区2019年政府集中采购总金额是多少？")
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
