"""nianbao-qa: the Streamlit entry point. Router, sidebar and the cached engine; the pages are in ui/."""

from __future__ import annotations

import streamlit as st

from index.embed import ST_PREFIX, USE_ID, EmbedderUnavailable
from index.manifest import IndexMismatch
from qa.engine import Engine
from ui import context
from ui.text import md

st.set_page_config(page_title="年报问答 · nianbao-qa", page_icon=":material/account_balance:", layout="wide")


def first_start() -> None:
    """No index yet: build the bundled sample reports, showing each stage's progress."""
    bar = st.progress(0.0, text="首次启动：正在用示例报告构建索引…")

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"首次启动：{stage} {done}/{total}")

    context.build_sample_index(context.index_dir(), progress)
    bar.empty()


def encoder_name(embedder_id: str) -> str:
    if embedder_id == USE_ID:
        return "Universal Sentence Encoder 多语言版（内置，离线）"
    return f"sentence-transformers {embedder_id.removeprefix(ST_PREFIX)}"


def sidebar(engine: Engine) -> None:
    summary = engine.summary()
    rows = engine.report_rows()
    with st.sidebar:
        st.subheader("语料库")
        reports, places = st.columns(2)
        reports.metric("报告", summary.reports)
        places.metric("机关", summary.places)
        st.caption(md("年度：" + ("、".join(map(str, summary.years)) or "—")))
        st.subheader("问答范围")
        county = st.selectbox("县（区）", [context.ALL, *summary.counties], key=context.FILTER_COUNTY)
        in_county = [r for r in rows if county == context.ALL or r.county == county]
        st.selectbox("地点", [context.ALL, *sorted({r.place for r in in_county if r.place})], key=context.FILTER_PLACE)
        st.selectbox("年度", [context.ALL, *map(str, summary.years)], key=context.FILTER_YEAR)
        st.caption(md(f"向量模型：{encoder_name(summary.embedder)}"))


folder = context.index_dir()
try:
    if not context.has_index(folder):
        first_start()
    engine = context.engine()
except (IndexMismatch, EmbedderUnavailable) as error:
    st.error(md(f"无法打开索引 {folder}：{error}"), icon=":material/error:")
    st.code(f"python -m index build data/reports --index {folder}", language="bash")
    st.stop()

sidebar(engine)
page = st.navigation(
    [
        st.Page(context.CHAT_PAGE, title="问答", icon=":material/chat:", default=True),
        st.Page(context.COMPARE_PAGE, title="对比", icon=":material/bar_chart:", url_path="compare"),
        st.Page(context.REPORT_PAGE, title="报告", icon=":material/description:", url_path="report"),
        st.Page(context.CHECKS_PAGE, title="核查", icon=":material/fact_check:", url_path="checks"),
        st.Page(context.IMPORT_PAGE, title="导入", icon=":material/upload_file:", url_path="import"),
    ]
)
page.run()
