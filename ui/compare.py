"""对比: one metric across chosen places and years — a table and a chart, each figure with its file and
line, downloadable as CSV. The engine decides what may be compared (e.g. not cells whose meaning
differs between the 2019 and 2021 formats) and says so."""

from __future__ import annotations

import streamlit as st

from index.models import TableId
from qa.figures import COLUMN_CONCEPTS, CONCEPTS, CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN
from qa.models import AnswerKind
from ui import answer as show
from ui.context import engine
from ui.text import csv_bytes, md

DEFAULT_CONCEPT = "t3:received"


def render() -> None:
    st.title("对比")
    rows = engine().report_rows()
    if not rows:
        st.info("索引中还没有报告，请在「导入」页上传。")
        return
    places = sorted({r.place for r in rows if r.place})
    years = sorted({r.year for r in rows if r.year})
    keys = [c.key for c in CONCEPTS]

    pick_places, pick_years = st.columns(2)
    chosen_places = pick_places.multiselect("地点", places, key="compare_places", placeholder="全部地点")
    chosen_years = pick_years.multiselect("年度", years, key="compare_years", placeholder="全部年度")
    pick_metric, pick_column = st.columns(2)
    concept_key = pick_metric.selectbox(
        "指标",
        keys,
        index=keys.index(DEFAULT_CONCEPT),
        format_func=lambda key: f"{CONCEPTS_BY_KEY[key].label}（{key.split(':')[0].replace('t', '表')}）",
        key="compare_metric",
    )
    columns: list[str] = []
    if CONCEPTS_BY_KEY[concept_key].table == TableId.T3:
        column_keys = [c.key for c in COLUMN_CONCEPTS]
        labels = {c.key: c.label for c in COLUMN_CONCEPTS}
        column = pick_column.selectbox(
            "申请人类别",
            column_keys,
            index=column_keys.index(DEFAULT_T3_COLUMN),
            format_func=labels.__getitem__,
            key="compare_column",
        )
        columns = [column]

    chosen = [
        r
        for r in rows
        if (not chosen_places or r.place in chosen_places) and (not chosen_years or r.year in chosen_years)
    ]
    if not chosen:
        st.info("没有符合所选地点和年度的报告。")
        return
    result = engine().compare([r.id for r in chosen], concept_key, columns)
    if result.kind == AnswerKind.NOT_FOUND or not result.values:
        st.info(md(result.text), icon=":material/info:")
        return
    st.markdown(md(f"「{result.values[0].label}」，{len(result.values)} 份报告："))
    show.values_table(result.values, "compare", chart=True)
    st.download_button(
        "下载 CSV",
        csv_bytes(show.values_frame(result.values)),
        file_name="对比.csv",
        mime="text/csv",
        icon=":material/download:",
    )
    show.findings(result.findings)
    show.notes(result.notes)
    show.citations([c for v in result.values for c in v.citations])


render()
