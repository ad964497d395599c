"""导入: upload report files, see how each parses, then add them to the index.

A file that cannot be read is listed with its reason and left out; the index keeps everything it had
(the new build is swapped in only when complete), and the engine is reloaded afterwards."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from index.build import SUPPORTED_SUFFIXES, Outcome
from index.embed import EmbedderUnavailable
from index.manifest import IndexMismatch
from ui import uploads
from ui.context import engine, index_dir, reload_engine
from ui.text import md

UPLOADER_ROUND = "import_round"  # a new uploader key after each import empties the file list
OUTCOMES = "import_outcomes"


def preview_frame(previews: list[uploads.Preview]) -> pd.DataFrame:
    rows = []
    for item in previews:
        meta = item.report.metadata if item.report else None
        rows.append(
            {
                "文件": item.name,
                "可读": "是" if item.report else "否",
                "机关": (meta.agency or "未识别") if meta else "",
                "年度": str(meta.year or "未识别") if meta else "",
                "格式": (f"{meta.format.value}版" if meta.format else "未识别") if meta else "",
                "表格": "、".join(item.tables) if item.report else "",
                "警告": str(len(item.report.warnings)) if item.report else "",
                "勾稽问题": str(len(item.report.findings)) if item.report else "",
                "原因": item.problem,
            }
        )
    return pd.DataFrame(rows)


def outcomes_frame(outcomes: list[Outcome]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "文件": [uploads.outcome_name(o) for o in outcomes],
            "结果": [uploads.STATUS_WORDS.get(o.status, o.status) for o in outcomes],
            "说明": [o.detail for o in outcomes],
        }
    )


def show_outcomes() -> None:
    outcomes: list[Outcome] | None = st.session_state.get(OUTCOMES)
    if not outcomes:
        return
    added = sum(1 for o in outcomes if o.status != "rejected" and o.status != "replaced")
    st.success(md(f"导入完成：{added} 份报告已加入索引，索引已重新加载。"), icon=":material/check_circle:")
    st.dataframe(outcomes_frame(outcomes), hide_index=True)


def render() -> None:
    st.title("导入")
    st.caption(
        md(
            "上传政府信息公开工作年度报告（.txt 文本、网页 .html、Word .docx、带文字层的 PDF，或打包的 .zip），"
            f"每个文件不超过 "
            f"{uploads.MAX_FILE_BYTES // (1024 * 1024)} MB，一次最多 {uploads.MAX_FILES} 个。"
            "同一机关同一年度的报告会替换旧报告；已有的报告不会丢失。"
        )
    )
    show_outcomes()
    round_ = st.session_state.setdefault(UPLOADER_ROUND, 0)
    files = st.file_uploader(
        "选择报告文件",
        type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
        accept_multiple_files=True,
        key=f"uploader-{round_}",
        max_upload_size=uploads.MAX_FILE_BYTES // (1024 * 1024),
    )
    if not files:
        return
    if len(files) > uploads.MAX_FILES:
        st.error(md(f"一次最多导入 {uploads.MAX_FILES} 个文件，本次选择了 {len(files)} 个；请分批导入。"))
        return
    folder = index_dir()
    previews = [uploads.prepare(folder, f.name, f.getvalue()) for f in files]
    st.subheader("解析预览")
    st.dataframe(preview_frame(previews), hide_index=True)
    for item in previews:
        if item.problem:
            st.error(md(f"无法读取 {item.name}：{item.problem}"), icon=":material/error:")
    readable = [p for p in previews if p.report is not None]
    label = f"加入索引（{len(readable)} 个文件）"
    if st.button(label, type="primary", disabled=not readable, icon=":material/add:"):
        bar = st.progress(0.0, text="正在加入索引…")

        def progress(stage: str, done: int, total: int) -> None:
            bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{stage} {done}/{total}")

        try:
            outcomes = uploads.add(engine(), readable, progress)
        except (IndexMismatch, EmbedderUnavailable) as error:  # the served index is left as it was
            bar.empty()
            st.error(md(f"未能加入索引：{error}"), icon=":material/error:")
            return
        rejected = [Outcome(p.name, "rejected", p.problem) for p in previews if p.report is None]
        reload_engine()
        st.session_state[OUTCOMES] = outcomes + rejected
        st.session_state[UPLOADER_ROUND] = round_ + 1
        st.rerun()


render()
