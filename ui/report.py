"""报告: one report as parsed — metadata (what the user corrected shown as a correction, beside what the
parser read, and a form to correct it), the official tables 2/3/4 with the cells that findings and
warnings name marked, and the original text with line numbers, opened at a chosen line.

The report and the line are bound to the URL (?report=…&line=…), which is how a citation elsewhere
opens this page at its source line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from index.embed import EmbedderUnavailable
from index.manifest import IndexMismatch
from index.models import Metadata, MetaOrigin, Report, TableId
from index.store import ReportRow
from qa.lookup import display_name
from ui import uploads
from ui.answer import report_label, rows_height
from ui.context import engine, reload_engine
from ui.tables import NOT_PROVIDED, TABLE_TITLES, UNREAD_TABLE, OfficialTable, official_tables
from ui.text import md

REPORT_KEY = "report"  # also the query parameter names
LINE_KEY = "line"
CONTEXT_LINES = 8
FINDING_STYLE = "background-color: #fecaca; color: #7f1d1d; font-weight: 600"
WARNING_STYLE = "background-color: #fef3c7"


def _styled(table: OfficialTable) -> object:
    def colour(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for position in table.warned_rows:
            styles.iloc[position, :] = WARNING_STYLE
        for position, column in table.findings:
            styles.loc[position, column] = FINDING_STYLE
        return styles

    return table.frame.style.apply(colour, axis=None)


def _given(meta: Metadata, name: str) -> str | None:
    """A field's value; one the user gave or corrected says so, with what the parser read."""
    value = getattr(meta, name)
    shown = None if value is None else str(value)
    if meta.origins.get(name) != MetaOrigin.USER:
        return shown
    read = meta.as_read.get(name)
    return f"{shown or '（清空）'}（用户更正；解析结果：{'未识别' if read is None else read}）"


def metadata(report: Report, row: ReportRow) -> None:
    meta = report.metadata
    period = " 至 ".join(p for p in (meta.period_start, meta.period_end) if p)
    facts = {
        "机关": _given(meta, "agency"),
        "地点": _given(meta, "place"),
        "层级": meta.level.value if meta.level else None,
        "所属县（区）": _given(meta, "county"),
        "所属市": _given(meta, "city"),
        "所属省": _given(meta, "province"),
        "年度": _given(meta, "year"),
        "统计期间": period or None,
        "发布日期": meta.publish_date,
        "表格格式": f"{meta.format.value}版" if meta.format else None,
        "文字": "繁体" if meta.script.value == "traditional" else "简体",
        "文件": display_name(row),
        "报告编号": report.id,
    }
    frame = pd.DataFrame({"项目": list(facts), "内容": [v or "未识别" for v in facts.values()]})
    sections = pd.DataFrame(
        {
            "节": [str(s.number) if s.number else "" for s in report.sections],
            "标题": [s.title for s in report.sections],
            "行": [f"{s.first_line}–{s.last_line}" for s in report.sections],
        }
    )
    left, right = st.columns(2)
    left.dataframe(frame, hide_index=True, height=rows_height(len(frame)))
    right.dataframe(sections, hide_index=True, height=rows_height(len(sections)))


def correction(report: Report) -> None:
    """Correct the metadata: kept by the file's content, so it survives a rebuild; the report is stored again
    with it (its identity is the corrected one)."""
    meta = report.metadata
    with st.expander("更正报告信息"), st.form(f"correct-{report.id}"):
        form = {
            name: st.text_input(label, value="" if getattr(meta, name) is None else str(getattr(meta, name)))
            for name, label in uploads.FIELD_LABELS.items()
        }
        if not st.form_submit_button("保存更正", icon=":material/save:"):
            return
    current = {name: "" if getattr(meta, name) is None else str(getattr(meta, name)) for name in form}
    changed = {name: text for name, text in form.items() if text.strip() != current[name]}
    try:
        values = uploads.user_values(changed)
    except ValueError as error:
        st.error(md(f"未保存：{error}"), icon=":material/error:")
        return
    if not values.given():
        st.info(md("没有改动（清空一项不算更正：请填写正确的值）。"), icon=":material/info:")
        return
    try:
        uploads.correct(engine(), report.id, values, lambda stage, done, total: None)
    except (IndexMismatch, EmbedderUnavailable) as error:
        st.error(md(f"未能保存：{error}"), icon=":material/error:")
        return
    reload_engine()
    st.rerun()


def table(report: Report, table_id: TableId) -> None:
    blocks = official_tables(report, table_id)
    if not blocks:
        st.info(md(f"{TABLE_TITLES[table_id]}：{NOT_PROVIDED}。"), icon=":material/info:")
        return
    found = report.table(table_id)
    if found is not None:
        st.caption(md(f"{TABLE_TITLES[table_id]} · 原文第 {found.first_line}–{found.last_line} 行"))
        if found.unread:
            st.warning(md(f"{TABLE_TITLES[table_id].split(' ')[0]}{UNREAD_TABLE}"), icon=":material/warning:")
    for block in blocks:
        if len(blocks) > 1:
            st.markdown(md(block.title))
        st.dataframe(_styled(block), hide_index=True, height=rows_height(len(block.frame)))
    if any(b.findings for b in blocks) or any(b.warned_rows for b in blocks):
        st.caption(md("红色：勾稽问题涉及的单元格；黄色：解析时有警告的行。"))


def problems(report: Report) -> None:
    if not report.findings and not report.warnings:
        st.success(md("该报告没有勾稽问题，解析时也没有警告。"), icon=":material/check_circle:")
    for finding in report.findings:
        where = f"（第 {finding.line} 行）" if finding.line else ""
        st.warning(md(f"勾稽问题 · {finding.rule}：{finding.message}{where}"), icon=":material/warning:")
    if report.warnings:
        st.markdown(md(f"解析警告（{len(report.warnings)} 条）"))
        frame = pd.DataFrame(
            {
                "行": [w.line for w in report.warnings],
                "表": [w.table.value if w.table else "" for w in report.warnings],
                "代码": [w.code for w in report.warnings],
                "说明": [w.message for w in report.warnings],
            }
        )
        st.dataframe(frame, hide_index=True)


def cited_line(lines: list[str], line: int) -> None:
    """The chosen line and the lines around it, marked ▶: first on the page, where a citation lands."""
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    window = [f"{'▶' if n == line else ' '} {n:>4} │ {lines[n - 1]}" for n in range(first, last + 1)]
    st.markdown(md(f"原文第 {line} 行（▶）及前后各 {CONTEXT_LINES} 行："))
    st.code("\n".join(window), language=None)


def original(lines: list[str]) -> None:
    """The text as published, numbered."""
    st.code("\n".join(lines), language=None, line_numbers=True, height=600)


def _from_url(report_ids: list[str]) -> None:
    """?report=…&line=… (a citation's link) chooses the report and the line; the widgets write back to the
    URL when changed, so applying it on every run never undoes a choice."""
    wanted = st.query_params.get(REPORT_KEY)
    if wanted in report_ids:
        st.session_state[REPORT_KEY] = wanted
        line = st.query_params.get(LINE_KEY, "0")
        st.session_state[LINE_KEY] = int(line) if line.isdigit() else 0


def _report_changed() -> None:
    st.query_params[REPORT_KEY] = st.session_state[REPORT_KEY]
    st.query_params.pop(LINE_KEY, None)
    st.session_state[LINE_KEY] = 0


def _line_changed() -> None:
    st.query_params[LINE_KEY] = str(st.session_state[LINE_KEY])


def render() -> None:
    st.title("报告")
    rows = engine().report_rows()
    if not rows:
        st.info("索引中还没有报告，请在「导入」页上传。")
        return
    by_id = {row.id: row for row in rows}
    _from_url(list(by_id))
    choose, locate = st.columns([4, 1])
    report_id = choose.selectbox(
        "选择报告",
        list(by_id),
        format_func=lambda rid: report_label(by_id[rid]),
        key=REPORT_KEY,
        on_change=_report_changed,
    )
    report = engine().report(report_id)
    if report is None:
        st.error("该报告已不在索引中。")
        return
    lines = engine().original_lines(report_id)
    st.session_state[LINE_KEY] = min(max(int(st.session_state.get(LINE_KEY, 0)), 0), len(lines))
    line = int(locate.number_input("定位到原文行", 0, len(lines), step=1, key=LINE_KEY, on_change=_line_changed))
    if line:
        cited_line(lines, line)
    metadata(report, by_id[report_id])
    correction(report)
    tabs = ["表三", "表二", "表四", f"问题（{len(report.findings)} 勾稽 · {len(report.warnings)} 警告）", "原文"]
    shown = st.tabs(tabs)
    for tab, table_id in zip(shown[:3], (TableId.T3, TableId.T2, TableId.T4), strict=True):
        with tab:
            table(report, table_id)
    with shown[3]:
        problems(report)
    with shown[4]:
        original(lines)


render()
