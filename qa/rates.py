"""Derived rates (qa.figures RATES) in one report: exact inputs, each cited, and the formula shown.

A rate is given only when every input is a number and the denominator is not 0; otherwise the answer
says why, and never 0. The percentage is the exact fraction to two decimals, and the fraction is shown.
"""

from __future__ import annotations

from fractions import Fraction

from index.models import CellKind
from index.store import ReportRow, Store
from qa.figures import CONCEPTS_BY_KEY, Rate, Term
from qa.known_places import agency_name
from qa.lookup import READ_KINDS, lookup, not_reported
from qa.models import Value


def _term(store: Store, report: ReportRow, term: Term) -> Value:
    concept = CONCEPTS_BY_KEY[term.concept]
    results = [term.t4_result] if term.t4_result else []
    return lookup(store, report, concept, t4_results=results)[0]


def percent(fraction: Fraction) -> str:
    """Two decimals, half up: 17/18 → 94.44%."""
    hundredths = int(fraction * 10000 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def _number(value: Value) -> Fraction:
    return Fraction((value.value or "0").replace(",", "").lstrip("+"))


def _side(values: list[Value]) -> str:
    shown = " + ".join(f"{v.label} {v.value}" for v in values)
    return f"（{shown}）" if len(values) > 1 else shown


def rate_value(store: Store, report: ReportRow, rate: Rate) -> Value:
    top = [_term(store, report, term) for term in rate.numerator]
    bottom = [_term(store, report, term) for term in rate.denominator]
    table = CONCEPTS_BY_KEY[rate.denominator[0].concept].table
    unread = [v for v in (*top, *bottom) if v.kind not in READ_KINDS or v.value is None]
    if unread:
        why = "；".join(f"{v.label}：{v.note or '无法读出'}" for v in unread)
        return not_reported(report, table, rate.label, f"无法计算{rate.label}：{why}")
    denominator = sum((_number(v) for v in bottom), Fraction(0))
    if denominator == 0:
        return not_reported(report, table, rate.label, rate.zero)
    numerator = sum((_number(v) for v in top), Fraction(0))
    fraction = numerator / denominator
    inferred = any(v.kind == CellKind.INFERRED for v in (*top, *bottom))
    return Value(
        agency=agency_name(report),
        place=report.place,
        year=report.year,
        table=table,
        label=rate.label,
        value=percent(fraction),
        kind=CellKind.INFERRED if inferred else CellKind.NUMBER,
        parts=[*top, *bottom],
        citations=[c for v in (*top, *bottom) for c in v.citations],
        formula=f"{_side(top)} ÷ {_side(bottom)} = {numerator}/{denominator}",
        note="由报告数字计算" + ("，其中含推断值" if inferred else ""),
    )
