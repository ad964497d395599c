"""核查: every consistency finding (勾稽问题) across the corpus — filterable, sortable, downloadable —
and a one-screen fact sheet of one agency-year with its findings and the change from the year before."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from index.models import Finding
from index.store import ReportRow
from ui import answer as show
from ui.answer import report_label
from ui.context import REPORT_PAGE, engine
from ui.text import csv_bytes, md

FINDING_COLUMNS = ("县（区）", "地点", "机关", "年度", "规则", "表", "说明", "左侧", "右侧", "行", "报告编号")
SORTS = {
    "年度（新到旧）": (["年度", "地点"], [False, True]),
    "地点": (["地点", "年度"], [True, False]),
    "规则": (["规则", "地点"], [True, True]),
}


def findings_frame(pairs: list[tuple[ReportRow, Finding]]) -> pd.DataFrame:
    rows = [
        {
            "县（区）": row.county or "",
            "地点": row.place or "",
            "机关": row.agency or "",
            "年度": row.year,
            "规则": finding.rule,
            "表": finding.table.value,
            "说明": finding.message,
            "左侧": str(finding.left_value),
            "右侧": str(finding.right_value),
            "行": finding.line,
            "报告编号": row.id,
        }
        for row, finding in pairs
    ]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def _filtered(frame: pd.DataFrame) -> pd.DataFrame:
    choices = st.columns(5)
    for box, column in zip(choices[:4], ("县（区）", "地点", "年度", "规则"), strict=True):
        options = sorted(v for v in frame[column].dropna().unique() if v != "")
        chosen = box.multiselect(column, options, key=f"checks_{column}", placeholder="全部")
        if chosen:
            frame = frame[frame[column].isin(chosen)]
    order = choices[4].selectbox("排序", list(SORTS), key="checks_sort")
    by, ascending = SORTS[order]
    return frame.sort_values(by, ascending=ascending, kind="stable")


def all_findings() -> None:
    frame = findings_frame(engine().findings())
    st.subheader(f"勾稽问题（全库 {len(frame)} 处）")
    if frame.empty:
        st.success("所有报告的可核对勾稽关系均一致，未发现问题。", icon=":material/check_circle:")
        return
    shown = _filtered(frame)
    st.dataframe(shown, hide_index=True, key="checks_table")
    st.download_button(
        "下载 CSV", csv_bytes(shown), file_name="勾稽问题.csv", mime="text/csv", icon=":material/download:"
    )


def fact_sheet() -> None:
    st.subheader("机关年度概况")
    rows = engine().report_rows()
    if not rows:
        return
    by_id = {row.id: row for row in rows}
    report_id = st.selectbox(
        "选择机关和年度", list(by_id), format_func=lambda rid: report_label(by_id[rid]), key="checks_sheet"
    )
    sheet = engine().fact_sheet(report_id)
    show.answer(sheet, "sheet")
    if not sheet.findings:
        st.success(md("该报告可核对的勾稽关系均一致。"), icon=":material/check_circle:")
    st.page_link(
        REPORT_PAGE, label="查看该报告的表格和原文", icon=":material/description:", query_params={"report": report_id}
    )


def render() -> None:
    st.title("核查")
    all_findings()
    st.divider()
    fact_sheet()


render()
