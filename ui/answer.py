"""Rendering an Answer, whatever its kind: figures, sources, passages, findings, notes.

Shared by the chat, the compare page and the fact sheet, so a figure and its source look the same
everywhere. Nothing here computes: every number shown is a Value's exact text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from index.models import Finding
from index.store import ReportRow
from qa.compose import figure
from qa.lookup import READ_KINDS, TABLE_NAMES, column_label, display_name
from qa.models import Answer, AnswerKind, Citation, Passage, Value
from ui.context import REPORT_PAGE
from ui.text import highlighted, md, one_line

TABLE_SHORT = {table: name.split("（")[0] for table, name in TABLE_NAMES.items()}
VALUE_COLUMNS = ("机关", "年度", "项目", "数值", "说明", "文件", "行", "原文")


def report_label(row: ReportRow) -> str:
    return f"{row.agency or row.place or '未识别机关'} · {row.year or '年度未识别'} · {display_name(row)}"


def rows_height(rows: int) -> int:
    """A dataframe height that shows every row without an inner scrollbar (35 px a row, plus the header)."""
    return 35 * (rows + 1) + 3


def who(value: Value) -> str:
    name = value.agency or value.place or "（未识别机关）"
    return f"{name} {value.year}年" if value.year else name


def short_who(value: Value) -> str:
    """Place and year: short enough for a chart axis."""
    return f"{value.place or value.agency or '未识别'} {value.year or ''}".strip()


def table_path(value: Value) -> str:
    """Where the figure stands: 表三 › 一、本年新收政府信息公开申请数量 › 总计."""
    parts = [TABLE_SHORT[value.table]]
    if value.row:
        parts += value.row.split("/")
    elif value.parts:
        parts.append(f"{len(value.parts)} 项之和")
    if value.column:
        parts.append(column_label(value.column))
    elif not value.row:
        parts.append(value.label)
    return " › ".join(parts)


def number(value: Value) -> float | None:
    """The figure as a number for charts only; tables and text keep the exact text."""
    if value.kind not in READ_KINDS or value.value is None:
        return None
    try:
        return float(Decimal(value.value.replace(",", "")))
    except InvalidOperation:
        return None


def values_frame(values: list[Value]) -> pd.DataFrame:
    """One row per figure, with its source: what the compare page shows and downloads."""
    rows = []
    for value in values:
        first = value.citations[0] if value.citations else None
        rows.append(
            {
                "机关": value.agency or value.place or "",
                "年度": str(value.year or ""),
                "项目": value.label,
                "数值": figure(value),
                "说明": value.note if value.value is not None else "",
                "文件": first.source if first else "",
                "行": ", ".join(str(c.line) for c in value.citations),
                "原文": one_line(first.quote) if first and len(value.citations) == 1 else "",
            }
        )
    return pd.DataFrame(rows, columns=list(VALUE_COLUMNS))


def chart_frame(values: list[Value]) -> pd.DataFrame:
    """Numeric figures only: a blank, "/", unreadable or unreported figure is left out, never drawn as 0."""
    rows = [{"机关": short_who(v), "数值": n} for v in values if (n := number(v)) is not None]
    return pd.DataFrame(rows, columns=["机关", "数值"])


# ---- pieces ------------------------------------------------------------------------------------------


def citation(item: Citation) -> None:
    page = f"第 {item.page} 页 · " if item.page else ""
    st.caption(md(f"{item.source} · {page}第 {item.line} 行" + (f" · {item.agency}" if item.agency else "")))
    st.markdown(highlighted(one_line(item.quote), item.highlight) or md("（空行）"))
    st.page_link(
        REPORT_PAGE,
        label=f"在报告中查看第 {item.line} 行",
        icon=":material/description:",
        query_params={"report": item.report_id, "line": str(item.line)},
    )


def citations(items: list[Citation], expanded: bool = False) -> None:
    # the cells of a sum often stand on one line: show that line once per figure it carries
    items = list({(c.report_id, c.line, c.highlight): c for c in items}.values())
    if not items:
        return
    with st.expander(f"出处（{len(items)} 处原文）", expanded=expanded, icon=":material/format_quote:"):
        for number_, item in enumerate(items):
            if number_:
                st.divider()
            citation(item)


def findings(items: list[Finding]) -> None:
    for item in items:
        where = f"（第 {item.line} 行）" if item.line else ""
        st.warning(md(f"勾稽问题 · {item.rule}：{item.message}{where}"), icon=":material/warning:")


def notes(items: list[str]) -> None:
    for item in items:
        st.caption(md(item))


def passage(item: Passage, expanded: bool) -> None:
    st.markdown(md(f"【{item.section}】{item.citation.agency or ''} {item.citation.year or ''}年"))
    st.markdown(highlighted(item.text, item.highlight))
    citations([item.citation], expanded=expanded)


def figure_metric(value: Value) -> None:
    """One figure, big, with where it stands; a figure the report does not give says so instead."""
    st.metric(md(who(value)), figure(value) if value.value is not None else "—")
    st.caption(md(table_path(value)))
    if value.value is None:
        st.info(md(figure(value)), icon=":material/info:")
    elif value.parts:
        parts = " + ".join(f"{p.label}（{figure(p)}）" for p in value.parts)
        st.caption(md(f"{value.note}：{parts}"))


def values_table(values: list[Value], key: str, chart: bool) -> None:
    st.dataframe(values_frame(values), hide_index=True, key=f"{key}-table")
    data = chart_frame(values)
    if chart and (data["数值"] != 0).any():  # bars of nothing but zeros only draw an empty axis
        st.bar_chart(data, x="机关", y="数值", horizontal=True, sort="-数值")
    left_out = len(values) - len(data)
    if chart and left_out:
        st.caption(md(f"图中未画出 {left_out} 项：报告中为空白、“/”、无法读出或未报告（不是 0）。"))


# ---- the answer ----------------------------------------------------------------------------------


def answer(item: Answer, key: str) -> None:
    """Render one answer by its kind."""
    kind = item.kind
    if kind in (AnswerKind.CLARIFY, AnswerKind.NOT_FOUND):
        st.info(md(item.text), icon=":material/help:")
        return
    if kind in (AnswerKind.LOOKUP, AnswerKind.MIXED) and item.values:
        lookup(item)
    elif kind in (AnswerKind.COMPARE, AnswerKind.RANK):
        st.markdown(md(item.lead))
        values_table(item.values, key, chart=True)
        citations([c for v in item.values for c in v.citations])
    elif kind == AnswerKind.FACT_SHEET:
        fact_sheet(item, key)
    elif kind == AnswerKind.CHECK:
        # Every line: what could not be read or is blank is part of the answer, not a footnote.
        body = "\n".join(item.lines)
        st.markdown(md(body.replace("\n", "  \n")))
        if not item.findings and "无法" not in body:
            st.success(md("可核对的勾稽关系均一致。"), icon=":material/check_circle:")
    elif kind == AnswerKind.CORPUS:
        st.markdown(md("  \n".join(item.lines)))
    elif kind == AnswerKind.NARRATIVE:
        st.markdown(md(item.lead))
    if item.passages:
        st.markdown(md("报告原文："))
        for number_, found in enumerate(item.passages):
            passage(found, expanded=number_ == 0)
    if kind != AnswerKind.CHECK:
        findings(item.findings)
    notes(item.notes)


def lookup(item: Answer) -> None:
    columns = st.columns(min(len(item.values), 3))
    for number_, value in enumerate(item.values):
        with columns[number_ % len(columns)]:
            figure_metric(value)
    st.markdown(md(item.lead))
    citations([c for v in item.values for c in v.citations], expanded=True)


def fact_sheet(item: Answer, key: str) -> None:
    st.markdown(md(item.lead))
    frame = values_frame(item.values)[["项目", "数值", "说明", "行", "原文"]]
    st.dataframe(frame, hide_index=True, key=f"{key}-sheet", height=rows_height(len(frame)))
    citations([c for v in item.values for c in v.citations])
