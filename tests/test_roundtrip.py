"""Round trip: a synthetic report's text, parsed, gives back exactly the truth it was rendered from.

Specs range over every layout, both formats and every option; hypothesis shrinks a failure to the
simplest spec and prints its text (``note``), so a parser bug arrives with a minimal example.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from index.models import Finding, Report, Script, TableFormat
from index.parse import parse_file, parse_lines
from index.read import split_lines
from index.testing.generate import random_spec, render
from index.testing.spec import HeadingStyle, LabelMode, LabelStyle, Layout, ReportSpec, TitleStyle
from index.testing.values import (
    BLOCK_TOTAL,
    ROW_TOTAL,
    T3_MOVES,
    T4_MOVES,
    ExpectedFinding,
    apply_t3_move,
    apply_t4_move,
)

ROUNDTRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


SEEDS = st.integers(0, 2**32 - 1)
# Every choice random_spec offers, drawn independently so that a failure shrinks to the options that matter.
OPTIONS = st.fixed_dictionaries(
    {
        "layout": st.sampled_from(Layout),
        "table_format": st.sampled_from(TableFormat),
        "script": st.sampled_from(Script),
        "website_footer": st.booleans(),
        "numbers_with_spaces": st.booleans(),
        "wrapped_cells": st.booleans(),
        "include_t2": st.booleans(),
        "label_mode": st.sampled_from(LabelMode),
        "label_style": st.sampled_from(LabelStyle),
        "title_style": st.sampled_from(TitleStyle),
        "heading_style": st.sampled_from(HeadingStyle),
    }
)


def _parse(seed: int, options: dict) -> tuple[ReportSpec, Report]:
    spec = random_spec(random.Random(seed), **options)
    text = render(spec)
    note(f"spec: {spec.model_dump(exclude={'values', 'narrative'})}")
    note(f"text:\n{text}")
    return spec, parse_lines(split_lines(text), f"{spec.id}.txt")


def _cells(report: Report) -> dict:
    return {(table_id, cell.row, cell.column): cell.value for table_id, t in report.tables.items() for cell in t.cells}


def _where(finding: Finding) -> str:
    """Where a finding fires, as ExpectedFinding.where names it: the one row, column or block it is about."""
    refs = finding.left + finding.right
    if finding.rule == ROW_TOTAL:
        places = {ref.row for ref in refs}
    elif finding.rule == BLOCK_TOTAL:
        places = {ref.column.rsplit("/", 1)[0] for ref in refs}
    else:
        places = {ref.column for ref in refs}
    return places.pop() if len(places) == 1 else repr(sorted(places))


def _findings(report: Report) -> list[ExpectedFinding]:
    """Table-rule findings only: a perturbed table may also disagree with the narrative's restated totals
    (text.* findings), which the balanced round trip shows never fire falsely."""
    table_rules = [f for f in report.findings if not f.rule.startswith("text.")]
    return sorted(ExpectedFinding(finding.rule, _where(finding)) for finding in table_rules)


@ROUNDTRIP
@given(seed=SEEDS, options=OPTIONS)
def test_tables_come_back_exactly(seed: int, options: dict) -> None:
    spec, report = _parse(seed, options)
    assert _cells(report) == spec.cells()
    assert report.metadata.format == spec.table_format


@ROUNDTRIP
@given(seed=SEEDS, options=OPTIONS)
def test_balanced_reports_have_no_findings(seed: int, options: dict) -> None:
    _, report = _parse(seed, options)
    assert report.findings == []  # neither table rules nor the narrative's restated numbers


@ROUNDTRIP
@given(seed=SEEDS, options=OPTIONS)
def test_metadata_comes_back(seed: int, options: dict) -> None:
    spec, report = _parse(seed, options)
    metadata = report.metadata
    got = (metadata.place, metadata.county, metadata.year, metadata.script)
    assert got == (spec.place, spec.county, spec.year, spec.script)


def _unbalanced(move: str, layout: Layout, seed: int) -> ReportSpec:
    """A balanced spec with one named move applied, and the findings that move must cause."""
    rng = random.Random(seed)
    spec = random_spec(rng, layout=layout)
    values = {table: dict(cells) for table, cells in spec.values.items()}
    apply = apply_t4_move if move in T4_MOVES else apply_t3_move
    expected = apply(values, move, rng, rng.randint(1, 5))
    return spec.model_copy(update={"values": values, "expected_findings": tuple(sorted(expected))})


@pytest.mark.parametrize("layout", tuple(Layout))
@pytest.mark.parametrize("move", [*sorted(T3_MOVES), *T4_MOVES])
def test_unbalanced_reports_give_exactly_the_expected_findings(move: str, layout: Layout) -> None:
    for seed in range(3):
        spec = _unbalanced(move, layout, seed)
        report = parse_lines(split_lines(render(spec)), f"{spec.id}.txt")
        assert _cells(report) == spec.cells()
        assert _findings(report) == list(spec.expected_findings)


@pytest.mark.parametrize("encoding", ("utf-8", "gb18030"))
@pytest.mark.parametrize("script", tuple(Script))
def test_files_in_either_encoding(tmp_path, encoding: str, script: Script) -> None:
    spec = random_spec(random.Random(21), script=script, balanced=False)
    path = tmp_path / f"{spec.id}.txt"
    path.write_bytes(render(spec).encode(encoding))
    report = parse_file(path)
    assert _cells(report) == spec.cells()
    assert _findings(report) == list(spec.expected_findings)
