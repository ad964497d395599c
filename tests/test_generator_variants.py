"""Generator variants for the layouts and quirks of real reports (index.testing.variants, forms, quirks):
what each variant writes, and that parsing it gives back exactly its cells and its metadata.

Round trips the parser does not pass yet are ``xfail(strict=True)``: when the parser learns a layout the
test turns into a failure, and the mark comes off. Hypothesis runs derandomized and without shrinking, so
an xfail fails (or passes) the same way on every run, in a few seconds.
"""

from __future__ import annotations

import random
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from index.models import CellKind, Level, Report, Script, TableFormat, TableId
from index.parse import parse_file
from index.testing.forms import file_suffix, t4_fragments, t4_vertical
from index.testing.generate import random_spec, render, write_corpus
from index.testing.spec import (
    AgencyKind,
    ExpectedCell,
    Form,
    LabelMode,
    LabelStyle,
    Layout,
    MetaStyle,
    PageMark,
    ReportSpec,
    T4Header,
)
from index.testing.variants import with_variants
from tests.support.realworld import same_agency

VARIANTS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
SEEDS = st.integers(0, 2**32 - 1)
BASE = st.fixed_dictionaries(
    {
        "layout": st.sampled_from(Layout),
        "table_format": st.sampled_from(TableFormat),
        "script": st.sampled_from(Script),
        "label_mode": st.sampled_from(LabelMode),
        "label_style": st.sampled_from(LabelStyle),
        "numbers_with_spaces": st.booleans(),
        "website_footer": st.booleans(),
    }
)


def _spec(seed: int, base: dict, **variants: object) -> ReportSpec:
    return with_variants(random_spec(random.Random(seed), **base), **variants)


def _parse(spec: ReportSpec) -> Report:
    """The report as a file of its form (a page as .html, the rest as .txt), parsed from that file."""
    text = render(spec)
    note(f"spec: {spec.model_dump(exclude={'values', 'narrative', 'printed'})}")
    note(f"text:\n{text}")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"{spec.id}{file_suffix(spec)}"
        path.write_bytes(text.encode(spec.encoding))
        return parse_file(path)


def _cells(report: Report) -> dict[tuple[TableId, str, str], tuple[CellKind, object]]:
    return {(t, c.row, c.column): (c.kind, c.value) for t, table in report.tables.items() for c in table.cells}


def assert_cells_come_back(spec: ReportSpec, report: Report) -> None:
    """Kind and value of every cell; raw text and unit where the variant printed a cell its own way."""
    expected = spec.expected_cells()
    assert _cells(report) == {key: (cell.kind, cell.value) for key, cell in expected.items()}
    for key, cell in expected.items():
        if cell.raw is not None and cell.kind == CellKind.NUMBER:
            got = report.tables[key[0]].cell(key[1], key[2])
            assert (got.raw.strip(), got.unit) == (cell.raw, cell.unit), key


def _xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# ---- what the variants write ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_no_variant_changes_nothing(seed: int) -> None:
    spec = random_spec(random.Random(seed), balanced=seed % 3 != 0)
    same = with_variants(spec)
    assert same == spec and render(same) == render(spec)


def _plain(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def test_signed_changes_money_and_blanks_keep_the_value() -> None:
    spec = _spec(4, {"table_format": TableFormat.V2019}, signed_changes=True, money_units=True, blank_cells=True)
    expected = spec.expected_cells()
    printed = {key: expected[key] for key in spec.printed}
    signed = [cell for (_, _, column), cell in printed.items() if column == "本年增/减"]
    money = [cell for cell in printed.values() if cell.unit]
    blanks = [cell for cell in printed.values() if cell.kind == CellKind.BLANK]
    assert signed and money and blanks
    for cell in signed:
        sign = -1 if cell.raw.startswith(("减", "-")) else 1
        assert cell.raw.lstrip("减-+") == str(abs(cell.value)) and sign * abs(cell.value) == cell.value
    for cell in money:
        assert cell.raw == _plain(cell.value) + cell.unit and cell.unit in ("元", "万元")
    assert all(cell == ExpectedCell(CellKind.BLANK, None, "", None) for cell in blanks)
    for key in spec.printed:  # the underlying value is kept: a blank was a zero, the rules still hold
        assert spec.values[key[0]][key[1:]] == (0 if expected[key].kind == CellKind.BLANK else expected[key].value)


def test_money_keeps_its_decimals() -> None:
    for seed in range(40):
        spec = _spec(seed, {}, money_units=True)
        for cell in spec.expected_cells().values():
            if cell.unit and isinstance(cell.value, Decimal) and cell.value != cell.value.to_integral_value():
                assert cell.raw == _plain(cell.value) + cell.unit and "." in cell.raw
                return
    pytest.fail("no decimal amount with a unit in 40 seeds")


# A line (or a piece of text) only that variant writes.
SIGNS = {
    "html_fragment": (dict(form=Form.HTML_FRAGMENT), r'^<p[ >].*<table border=\\"1\\".*<td colspan=\\"4\\">'),
    "word_html": (dict(form=Form.WORD_HTML), r"<span[^>]*>\d+</span><span[^>]*>\d+</span>|</font><font[^>]*>\d"),
    "markdown": (dict(form=Form.MARKDOWN), r"(?m)^\| 规章 \| .+ \|$\n(?s:.*)^\|---\|---\|"),
    "pdf_text": (dict(form=Form.PDF_TEXT), r"(?m)^一、本年新收政府信息公开申请数量( \S+){7}$"),
    "t3_detached": (dict(form=Form.MARKDOWN, t3_detached=True), r"(?m)^[^|\n]*\d\.[^|\n]+\n[^|\n]+\n\| \d"),
    "year_in_headers": (dict(year_in_headers=True), r"本年[(（]20\d\d年?[)）]制发件数"),
    "page_p_dot": (dict(page_marks=PageMark.P_DOT), r"(?m)^P\. \d+$"),
    "page_title": (dict(page_marks=PageMark.PAGE_TITLE), r"(?m)^Page \d+ - 20\d\d年报_.+\nP\. \d+$"),
    "page_em_dash": (dict(page_marks=PageMark.EM_DASH), r"(?m)^— \d+ —$"),
    "page_hyphen": (dict(page_marks=PageMark.HYPHEN), r"(?m)^- \d+ -$"),
    "pinyin": (dict(pinyin_everywhere=True), r"規\(guī\)章"),
    "spam": (dict(spam=True), r"老虎机|博彩|体育投注|百家乐|赌场"),
    "mojibake": (dict(mojibake=True), r"[鍚鏀鐨鍦浠涓嶈繖鎴]"),
}


@pytest.mark.parametrize("name", sorted(SIGNS))
def test_each_variant_writes_its_sign(name: str) -> None:
    variants, sign = SIGNS[name]
    base = {"script": Script.SIMPLIFIED, "label_style": LabelStyle.OFFICIAL, "numbers_with_spaces": False}
    text = render(_spec(5, base | {"table_format": TableFormat.V2021}, **variants))
    assert re.search(sign, text, re.S if name == "html_fragment" else 0), name
    assert "<html" not in text or variants.get("form") == Form.WORD_HTML


def test_table4_headers_broken_as_pdfs_break_them() -> None:
    fragments, vertical = t4_fragments(), t4_vertical()
    assert fragments[0].split() == ["结果", "结果", "其他", "尚未", "总"]
    assert len(fragments[1].split()) == 15 and len(fragments[2].split()) == 10
    assert all(len(word) == 1 for line in vertical for word in line.split())
    # Read down a column, the characters spell each header word again.
    assert "".join(line.split()[0] for line in vertical[:4]) == "结果维持"
    text = render(_spec(2, {}, form=Form.PDF_TEXT, t4_header=T4Header.VERTICAL))
    assert re.search(r"(?m)^(\d+ ){14}\d+$", text)  # the 15 values on one line


@pytest.mark.parametrize("mark", [mark for mark in PageMark if mark != PageMark.NONE])
def test_a_page_ends_inside_table_3(mark: PageMark) -> None:
    spec = _spec(6, {"layout": Layout.TAB, "script": Script.SIMPLIFIED}, page_marks=mark)
    lines = render(spec).split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    last = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度"))
    marks = {PageMark.P_DOT: r"P\. \d+", PageMark.PAGE_TITLE: r"Page \d+ - .+", PageMark.EM_DASH: r"— \d+ —"}
    pattern = marks.get(mark, r"- \d+ -")
    assert any(re.fullmatch(pattern, line) for line in lines[first:last])


def test_a_corpus_can_state_neither_agency_nor_year(tmp_path) -> None:
    specs = write_corpus(tmp_path, n=6, seed=3, variants={"meta_style": MetaStyle.UNSTATED, "form": Form.WORD_HTML})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"{spec.id}.html" for spec in specs)
    assert all(spec.meta_style == MetaStyle.UNSTATED and not spec.website_footer for spec in specs)


def test_unstated_report_names_no_agency_place_or_year() -> None:
    for seed in range(20):
        spec = _spec(seed, {"website_footer": True}, meta_style=MetaStyle.UNSTATED)
        text = render(spec.model_copy(update={"script": Script.SIMPLIFIED}))
        names = {spec.agency, spec.place, spec.county, spec.city} - {None}
        assert not any(name in text for name in names), names
        assert str(spec.year) not in text and "年度报告" in text


@pytest.mark.parametrize("style", (MetaStyle.SOURCE_LINE, MetaStyle.SIGNATURE))
def test_agency_only_where_the_style_puts_it(style: MetaStyle) -> None:
    for seed in range(10):
        spec = _spec(seed, {"script": Script.SIMPLIFIED, "website_footer": False}, meta_style=style)
        lines = [line for line in render(spec).split("\n") if spec.place in line]
        assert len(lines) == 1 and spec.full_agency in lines[0]
        if style == MetaStyle.SOURCE_LINE:
            assert re.search(r"来源|发布机构", lines[0])
        else:
            text = render(spec).rstrip("\n").split("\n")
            assert text[-2] == spec.full_agency and re.fullmatch(r"20\d\d年\d+月\d+日", text[-1])


@pytest.mark.parametrize("kind", [kind for kind in AgencyKind if kind != AgencyKind.PLACE])
def test_agency_kinds(kind: AgencyKind) -> None:
    spec = _spec(3, {"script": Script.SIMPLIFIED}, agency_kind=kind)
    title = next(line for line in render(spec).split("\n") if "年度报告" in line)
    assert spec.full_agency in title
    level = {AgencyKind.STREET_OFFICE: Level.SUBDISTRICT, AgencyKind.COUNTY_GOVERNMENT: None}.get(
        kind, Level.DEPARTMENT
    )
    assert spec.level == level or (level is None and spec.level in (Level.COUNTY, Level.DISTRICT, Level.CITY))
    if spec.level == Level.DEPARTMENT:
        assert re.search(r"(局|委员会|中心|厅|办公室|馆)$", spec.agency)
        assert any(word in render(spec) for word in ("我局", "我委", "我中心", "我厅", "我办", "我馆"))


# ---- round trips -------------------------------------------------------------------------------------------

FORM_XFAILS: dict[str, str] = {}  # none left: every form reads back
FORMS = [pytest.param(f, marks=_xfail(FORM_XFAILS[f.value])) if f.value in FORM_XFAILS else f for f in Form]


@pytest.mark.parametrize("form", FORMS)
@VARIANTS
@given(seed=SEEDS, base=BASE)
def test_forms_come_back_exactly(form: Form, seed: int, base: dict) -> None:
    spec = _spec(seed, base, form=form)
    assert_cells_come_back(spec, _parse(spec))


QUIRKS = {
    "signed_changes": dict(signed_changes=True),
    "money_units": dict(money_units=True),
    "blank_cells": dict(blank_cells=True),
    "year_in_headers": dict(year_in_headers=True),
    "page_p_dot": dict(page_marks=PageMark.P_DOT),
    "page_title": dict(page_marks=PageMark.PAGE_TITLE),
    "page_em_dash": dict(page_marks=PageMark.EM_DASH),
    "page_hyphen": dict(page_marks=PageMark.HYPHEN),
    "pinyin_everywhere": dict(pinyin_everywhere=True),
    "spam": dict(spam=True),
    "mojibake": dict(mojibake=True),
    "t3_detached": dict(form=Form.MARKDOWN, t3_detached=True),
    "t4_fragments": dict(form=Form.PDF_TEXT, t4_header=T4Header.FRAGMENTS),
    "t4_vertical": dict(form=Form.PDF_TEXT, t4_header=T4Header.VERTICAL),
    "broken_labels": dict(form=Form.PDF_TEXT, broken_labels=True),
}
QUIRK_XFAILS = {
    "blank_cells": "a blank at a row's edge that no row total proves (a trailing tab, which exports also add as "
    "padding; an empty first or last cell of table 2) leaves the row missing, never shifted",
}


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=_xfail(QUIRK_XFAILS[name])) if name in QUIRK_XFAILS else name for name in QUIRKS]
)
@VARIANTS
@given(seed=SEEDS, base=BASE)
def test_quirks_come_back_exactly(name: str, seed: int, base: dict) -> None:
    spec = _spec(seed, base, **QUIRKS[name])
    assert_cells_come_back(spec, _parse(spec))


@pytest.mark.parametrize("name", list(QUIRK_XFAILS))
@VARIANTS
@given(seed=SEEDS, base=BASE)
def test_a_quirk_not_read_back_yet_gives_no_wrong_cell(name: str, seed: int, base: dict) -> None:
    """Where a layout is not read back exactly, each of its cells is exact or missing: never another figure,
    never a blank for a figure nor a figure for a blank."""
    spec = _spec(seed, base, **QUIRKS[name])
    got = _cells(_parse(spec))
    for key, cell in spec.expected_cells().items():
        kind, value = got.get(key, (CellKind.MISSING, None))
        assert kind == CellKind.MISSING or (kind, value) == (cell.kind, cell.value), key


def _stated(spec: ReportSpec, report: Report) -> None:
    metadata = report.metadata
    if spec.meta_style == MetaStyle.UNSTATED:
        assert (metadata.agency, metadata.year) == (None, None)
        return
    assert metadata.year == spec.year
    assert same_agency(metadata.agency, spec.full_agency, report), (metadata.agency, spec.full_agency)


META_XFAILS: dict[str, str] = {}


@pytest.mark.parametrize(
    "style",
    [pytest.param(s, marks=_xfail(META_XFAILS[s.value])) if s.value in META_XFAILS else s for s in MetaStyle],
)
@VARIANTS
@given(seed=SEEDS, base=BASE)
def test_metadata_wherever_the_report_states_it(style: MetaStyle, seed: int, base: dict) -> None:
    spec = _spec(seed, base, meta_style=style)
    _stated(spec, _parse(spec))


KIND_XFAILS: dict[str, str] = {}


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(k, marks=_xfail(KIND_XFAILS[k.value])) if k.value in KIND_XFAILS else k
        for k in AgencyKind
        if k != AgencyKind.PLACE  # the seeds' kind: tests/test_roundtrip.py reads its metadata
    ],
)
@VARIANTS
@given(seed=SEEDS, base=BASE)
def test_every_agency_kind(kind: AgencyKind, seed: int, base: dict) -> None:
    spec = _spec(seed, base, agency_kind=kind)
    report = _parse(spec)
    _stated(spec, report)
    assert report.metadata.level == spec.level
