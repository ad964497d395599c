"""The synthetic report generator on its own: truth it claims, rules it keeps or breaks, text it writes.

The 勾稽 rules are computed here from the catalogue, independently of index.testing.values and
index.checks, so that a wrong generator cannot vouch for itself.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from index.catalog import SECTION_TITLES, T3_COLUMNS, T4_COLUMNS, T4_ROW, rows_for
from index.models import Script, TableFormat, TableId
from index.normalise import strip_pinyin, to_simplified
from index.read import decode
from index.testing import places
from index.testing.generate import random_spec, random_tables, render, unbalance, write_corpus
from index.testing.spec import LabelStyle, Layout, ReportSpec
from index.testing.values import T3_MOVES, T4_MOVES, ExpectedFinding, apply_t3_move, apply_t4_move, perturb

FORMATS = tuple(TableFormat)
SEEDS = range(60)

# ---- an independent statement of the four rules --------------------------------------------------


def _t3_keys(table_format: TableFormat) -> list[str]:
    return [row.key for row in rows_for(TableId.T3, table_format)]


def violations(tables: dict, table_format: TableFormat) -> list[ExpectedFinding]:
    """Every broken rule with where it breaks, read straight from the official table's structure."""
    t3, t4 = tables[TableId.T3], tables[TableId.T4]
    keys = _t3_keys(table_format)
    received, carried_in, *middle, carried_out = keys
    total_row = next(key for key in middle if key.endswith("（七）总计"))
    results = [key for key in middle if key != total_row]
    found = []
    for column in (c.key for c in T3_COLUMNS):
        if t3[(received, column)] + t3[(carried_in, column)] != t3[(total_row, column)] + t3[(carried_out, column)]:
            found.append(ExpectedFinding("t3.received_equals_handled", column))
        if t3[(total_row, column)] != sum(t3[(row, column)] for row in results):
            found.append(ExpectedFinding("t3.results_total", column))
    for row in keys:
        if t3[(row, "总计")] != sum(t3[(row, c.key)] for c in T3_COLUMNS if c.key != "总计"):
            found.append(ExpectedFinding("t3.row_total", row))
    for block in ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"):
        parts = sum(t4[(T4_ROW, f"{block}/{result}")] for result in ("结果维持", "结果纠正", "其他结果", "尚未审结"))
        if t4[(T4_ROW, f"{block}/总计")] != parts:
            found.append(ExpectedFinding("t4.block_total", block))
    return sorted(found)


def catalogue_cells(table_format: TableFormat) -> list[tuple[TableId, str, str]]:
    """Every cell of tables 2, 3 and 4 in reading order."""
    t2 = [(TableId.T2, row.key, c.key) for row in rows_for(TableId.T2, table_format) for c in row.columns]
    t3 = [(TableId.T3, key, c.key) for key in _t3_keys(table_format) for c in T3_COLUMNS]
    t4 = [(TableId.T4, T4_ROW, c.key) for c in T4_COLUMNS]
    return t2 + t3 + t4


# ---- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("table_format", FORMATS)
def test_random_tables_cover_exactly_the_catalogue(table_format: TableFormat) -> None:
    tables = random_tables(random.Random(1), table_format)
    got = [(table, row, column) for table, cells in tables.items() for row, column in cells]
    assert got == catalogue_cells(table_format)


@pytest.mark.parametrize("table_format", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_balanced_tables_keep_every_rule(table_format: TableFormat, seed: int) -> None:
    assert violations(random_tables(random.Random(seed), table_format), table_format) == []


def test_values_are_mostly_non_zero_with_decimals_and_negatives() -> None:
    values = []
    for seed in SEEDS:
        for table_format in FORMATS:
            values += [v for cells in random_tables(random.Random(seed), table_format).values() for v in cells.values()]
    assert sum(1 for v in values if v == 0) < 0.35 * len(values)
    assert any(isinstance(v, Decimal) and v != v.to_integral_value() for v in values)
    assert any(v < 0 for v in values)


@pytest.mark.parametrize("table_format", FORMATS)
@pytest.mark.parametrize("seed", SEEDS)
def test_unbalance_returns_exactly_the_broken_rules(table_format: TableFormat, seed: int) -> None:
    tables = random_tables(random.Random(seed), table_format)
    changed, expected = perturb(tables, random.Random(seed))
    assert expected and violations(changed, table_format) == expected
    assert violations(tables, table_format) == []  # the input was not modified
    changed, rules = unbalance(tables, random.Random(seed))
    assert rules == [finding.rule for finding in violations(changed, table_format)]


@pytest.mark.parametrize("table_format", FORMATS)
@pytest.mark.parametrize("move", sorted(T3_MOVES))
def test_each_table3_move_breaks_what_its_table_says(table_format: TableFormat, move: str) -> None:
    for seed in range(20):
        tables = random_tables(random.Random(seed), table_format)
        expected = apply_t3_move(tables, move, random.Random(seed), delta=1 + seed % 5)
        assert violations(tables, table_format) == sorted(expected)


@pytest.mark.parametrize("move", T4_MOVES)
def test_each_table4_move_breaks_its_block(move: str) -> None:
    for seed in range(20):
        tables = random_tables(random.Random(seed), TableFormat.V2021)
        expected = apply_t4_move(tables, move, random.Random(seed), delta=3)
        assert len(expected) == 1 and violations(tables, TableFormat.V2021) == expected


def test_unbalanced_tables_never_hold_negative_counts() -> None:
    for seed in SEEDS:
        tables, _ = perturb(random_tables(random.Random(seed), TableFormat.V2021), random.Random(seed))
        assert all(v >= 0 for table in (TableId.T3, TableId.T4) for v in tables[table].values())


# ---- specs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_year_decides_format_and_spec_is_consistent(seed: int) -> None:
    spec = random_spec(random.Random(seed))
    assert 2019 <= spec.year <= 2025
    assert spec.table_format == (TableFormat.V2019 if spec.year <= 2020 else TableFormat.V2021)
    assert TableId.T3 in spec.values and TableId.T4 in spec.values
    assert spec.wrapped_cells is False or spec.layout == Layout.CELL_PER_LINE
    assert set(spec.narrative) == set(range(7))


def test_overrides_win() -> None:
    spec = random_spec(
        random.Random(3), year=2021, table_format=TableFormat.V2019, layout=Layout.PIPE, include_t2=False
    )
    assert (spec.year, spec.table_format, spec.layout) == (2021, TableFormat.V2019, Layout.PIPE)
    assert spec.tables_present == (TableId.T3, TableId.T4)


def test_overriding_one_option_keeps_the_rest_of_the_report() -> None:
    tab, pipe = (random_spec(random.Random(8), layout=layout) for layout in (Layout.TAB, Layout.PIPE))
    assert (tab.place, tab.year, tab.values, tab.narrative) == (pipe.place, pipe.year, pipe.values, pipe.narrative)


# What each layout looks like in the seed it copies: a line that only that layout writes.
LAYOUT_SIGNS = {
    Layout.TAB: r"(?m)^一、本年新收政府信息公开申请数量(\t+\d+){7}\t?$",
    Layout.PIPE: r"(?m)^一、本年新收政府信息公开申请数量( \| \d+){7}",
    Layout.CELL_PER_LINE: r"(?m)^\t一、本年新收政府信息公开申请数量\n(\t\d+\n){7}\n",
    Layout.SPLIT_ROWS: r"(?m)^[^\d\n]*[^\d\s][^\d\n]*\n(\t\d+){7}$",
}


@pytest.mark.parametrize("layout", tuple(Layout))
def test_each_layout_looks_like_its_seed(layout: Layout) -> None:
    spec = random_spec(
        random.Random(1),
        layout=layout,
        script=Script.SIMPLIFIED,
        numbers_with_spaces=False,
        label_style=LabelStyle.OFFICIAL,
    )
    assert re.search(LAYOUT_SIGNS[layout], render(spec))


def test_some_place_names_stand_in_two_counties() -> None:
    seen: dict[str, set[str]] = {}
    for county in places.COUNTIES:
        for place in county.places:
            seen.setdefault(place, set()).add(county.name)
    assert {"平安镇", "城关街道"} <= {place for place, counties in seen.items() if len(counties) > 1}


def test_unbalanced_spec_carries_its_findings() -> None:
    spec = random_spec(random.Random(5), balanced=False)
    assert not spec.balanced
    assert list(spec.expected_findings) == violations(spec.values, spec.table_format)


# ---- rendering ----------------------------------------------------------------------------------


def test_render_is_deterministic_for_a_seed() -> None:
    first, second = random_spec(random.Random(11)), random_spec(random.Random(11))
    assert first == second and render(first) == render(second) == render(first)
    assert render(random_spec(random.Random(12))) != render(first)


def _unique_values(spec: ReportSpec) -> tuple[ReportSpec, list[str]]:
    """The spec with every cell a distinct five-digit number (money cells decimal), and those numbers."""
    values: dict[TableId, dict[tuple[str, str], int | Decimal]] = {}
    texts = []
    for index, (table, row, column) in enumerate(catalogue_cells(spec.table_format)):
        if table not in spec.values:
            continue
        value: int | Decimal = 70000 + index
        if "金额" in column:
            value = Decimal(f"{value}.25")
        values.setdefault(table, {})[(row, column)] = value
        texts.append(str(value))
    return spec.model_copy(update={"values": values}), texts


_NUMBER_TOKEN = r"(?<![\d.]){}(?![\d.])"


@pytest.mark.parametrize("script", tuple(Script))
@pytest.mark.parametrize("layout", tuple(Layout))
@pytest.mark.parametrize("table_format", FORMATS)
def test_every_layout_writes_every_value_once_in_reading_order(
    layout: Layout, table_format: TableFormat, script: Script
) -> None:
    for seed in range(6):
        spec = random_spec(
            random.Random(seed), layout=layout, table_format=table_format, script=script, numbers_with_spaces=True
        )
        spec, texts = _unique_values(spec)
        text = render(spec)
        positions = []
        for value in texts:
            hits = [m.start() for m in re.finditer(_NUMBER_TOKEN.format(re.escape(value)), text)]
            assert len(hits) == 1, (value, hits)
            positions += hits
        assert positions == sorted(positions)


def _lines(spec: ReportSpec) -> list[str]:
    return render(spec).split("\n")


@pytest.mark.parametrize("seed", SEEDS)
def test_title_period_and_six_headings(seed: int) -> None:
    spec = random_spec(random.Random(seed), script=Script.SIMPLIFIED)
    text = render(spec)
    assert f"{spec.year}年1月1日" in text and f"{spec.year}年12月31日" in text
    flat = text.replace("\n", "")
    assert f"{spec.county or ''}{spec.place}" in flat
    assert spec.county is None or spec.county in flat
    headings = [
        number
        for line in text.split("\n")
        for number, (title, _) in enumerate(SECTION_TITLES, start=1)
        if re.fullmatch(rf"[{'一二三四五六'[number - 1]}{number}]、\s?{title}", line)
    ]
    assert headings == [1, 2, 3, 4, 5, 6]


def test_a_county_never_named_stays_unnamed() -> None:
    for seed in range(200):
        spec = random_spec(random.Random(seed), website_footer=True)
        if spec.county is None and spec.level.value in "乡镇街道":
            text = render(spec)
            assert not any(county.name in text for county in places.COUNTIES)
            return
    pytest.fail("no township without a county in 200 seeds")


@pytest.mark.parametrize("seed", range(20))
def test_traditional_text_is_the_simplified_one_converted_with_pinyin(seed: int) -> None:
    traditional = random_spec(random.Random(seed), script=Script.TRADITIONAL)
    text = render(traditional)
    assert "報告" in text and "政府信息公開" in text
    annotations = re.findall(r"(.)\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", text)
    assert annotations and all("\u4e00" <= ch <= "\u9fff" for ch, _ in annotations)
    # Stripping the pinyin and converting back gives the simplified rendering exactly: nothing is lost.
    simplified = render(traditional.model_copy(update={"script": Script.SIMPLIFIED}))
    assert to_simplified(strip_pinyin(text)) == simplified


@pytest.mark.parametrize("footer", (True, False))
def test_website_footer_when_asked(footer: bool) -> None:
    spec = random_spec(random.Random(4), website_footer=footer, script=Script.SIMPLIFIED)
    lines = [line for line in _lines(spec) if line]
    chrome = ("主办单位", "ICP备", "网站标识码", "公网安备")
    assert all(any(word in line for line in lines[-6:]) for word in chrome) is footer
    assert lines[0].startswith(f"日期: {spec.publish_date} 浏览量:") is footer
    last_heading = max(i for i, line in enumerate(lines) if "其他需要报告的事项" in line)
    assert all(word not in line for line in lines[: last_heading + 1] for word in chrome)


def test_numbers_with_spaces_appear_when_asked() -> None:
    text = render(random_spec(random.Random(2), numbers_with_spaces=True, layout=Layout.TAB))
    assert re.search(r"\xa0\d|\d\xa0|\d \t|\t \d", text)
    text = render(random_spec(random.Random(2), numbers_with_spaces=False, layout=Layout.TAB))
    assert not re.search(r"\xa0\d|\d\xa0|\d \t|\t \d", text)


def test_write_corpus_writes_decodable_files(tmp_path) -> None:
    specs = write_corpus(tmp_path, n=30, seed=9)
    assert len({spec.id for spec in specs}) == 30
    assert {spec.encoding for spec in specs} == {"utf-8", "gb18030"}
    for spec in specs:
        path = tmp_path / f"{spec.id}.txt"
        text, _ = decode(path.read_bytes(), path)
        assert text == render(spec)
