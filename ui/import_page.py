"""导入: upload report files, see how each parses, then add them to the index; then confirm possible
duplicates and fill in the agency or year of the reports whose text does not say.

A file that cannot be read is listed with its reason and left out; the index keeps everything it had
(the new build is swapped in only when complete), and the engine is reloaded afterwards. What the page
does is a call into ui.uploads (no ingest rule here)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from index.build import SUPPORTED_SUFFIXES, Outcome, OutcomeStatus, Progress
from index.embed import EmbedderUnavailable
from index.manifest import IndexMismatch, SidecarError
from qa.lookup import display_name
from ui import uploads
from ui.answer import report_label
from ui.context import engine, index_dir, reload_engine
from ui.text import md

UPLOADER_ROUND = "import_round"  # a new uploader key after each import empties the file list
OUTCOMES = "import_outcomes"
UNKNOWN_KEY = "import_unknown"  # the report chosen in the fill-in form
SHOWN_UNKNOWN = 200  # the fill-in form lists this many; the rest after these are done


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
            "结果": [uploads.outcome_word(o) for o in outcomes],
            "说明": [o.detail for o in outcomes],
        }
    )


def show_outcomes() -> None:
    outcomes: list[Outcome] | None = st.session_state.get(OUTCOMES)
    if not outcomes:
        return
    tally = {status: sum(o.status == status for o in outcomes) for status in OutcomeStatus}
    counts = "；".join(f"{uploads.STATUS_WORDS[status]} {n}" for status, n in tally.items() if n)
    added = uploads.added(outcomes)
    st.success(
        md(f"完成：{added} 份报告已加入索引，索引已重新加载（共 {len(outcomes)} 个文件：{counts}）。"),
        icon=":material/check_circle:",
    )
    st.dataframe(outcomes_frame(outcomes), hide_index=True)


def _progress_bar(text: str) -> Progress:
    bar = st.progress(0.0, text=text)

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{stage} {done}/{total}")

    return progress


def _finish(outcomes: list[Outcome]) -> None:
    reload_engine()
    st.session_state[OUTCOMES] = outcomes
    st.rerun()


def duplicates() -> None:
    """Possible duplicates: both kept; a confirmation makes the newer one replace the older."""
    pairs = uploads.possible_duplicates(engine())
    if not pairs:
        return
    st.subheader(f"疑似重复（{len(pairs)} 对）")
    st.caption(
        md("机关和年度相同，但至少一份报告的所属地区不明：两份都已保留。确认为同一报告后，较新的一份取代较旧的一份。")
    )
    for new, old in pairs:
        st.markdown(md(f"{report_label(new)} 可能与 {report_label(old)} 是同一报告"))
        if st.button("确认为同一报告", key=f"confirm-{old.id}-{new.id}", icon=":material/merge:"):
            try:
                outcomes = uploads.confirm_duplicate(engine(), old.id, new.id, _progress_bar("正在更新索引…"))
            except (IndexMismatch, EmbedderUnavailable) as error:
                st.error(md(f"未能更新索引：{error}"), icon=":material/error:")
                return
            _finish(outcomes)


def unknown() -> None:
    """Reports whose agency or year is unknown, and a form to fill them in (a correction, kept on rebuilds)."""
    rows = uploads.unknown_reports(engine())
    if not rows:
        return
    st.subheader(f"机关或年度未识别的报告（{len(rows)} 份）")
    st.caption(md("这些报告的正文没有写明机关或年度，各自单独保留。填写后按更正保存，重建索引后仍然有效。"))
    shown = {row.id: row for row in rows[:SHOWN_UNKNOWN]}
    st.dataframe(uploads.unknown_frame(list(shown.values())), hide_index=True)
    with st.form("fill_unknown"):
        report_id = st.selectbox("报告", list(shown), format_func=lambda rid: display_name(shown[rid]), key=UNKNOWN_KEY)
        form = {name: st.text_input(label, key=f"unknown_{name}") for name, label in uploads.FIELD_LABELS.items()}
        submitted = st.form_submit_button("保存", type="primary", icon=":material/save:")
    if submitted:
        _correct(report_id, form)


def _correct(report_id: str, form: dict[str, str]) -> None:
    try:
        values = uploads.user_values(form)
    except ValueError as error:
        st.error(md(f"未保存：{error}"), icon=":material/error:")
        return
    if not values.given():
        st.warning(md("请至少填写一项。"), icon=":material/warning:")
        return
    try:
        outcomes = uploads.correct(engine(), report_id, values, _progress_bar("正在保存…"))
    except (IndexMismatch, EmbedderUnavailable) as error:
        st.error(md(f"未能保存：{error}"), icon=":material/error:")
        return
    _finish(outcomes)


def render() -> None:
    st.title("导入")
    st.caption(
        md(
            "上传政府信息公开工作年度报告（.txt 文本、网页 .html、Word .docx、带文字层的 PDF，或打包的 .zip），"
            f"每个文件不超过 "
            f"{uploads.MAX_FILE_BYTES // (1024 * 1024)} MB，一次最多 {uploads.MAX_FILES} 个。"
            "所属地区、机关、年度都相同的报告会替换旧版本；内容相同的文件不会重复加入；"
            "机关相同、年度相同但所属地区不明的报告两份都保留，请在下方确认是否为同一报告。已有的报告不会丢失。"
        )
    )
    show_outcomes()
    upload()
    duplicates()
    unknown()


def upload() -> None:
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
        try:
            outcomes = uploads.add(engine(), readable, _progress_bar("正在加入索引…"))
        except (IndexMismatch, EmbedderUnavailable, SidecarError) as error:  # the served index is left as it was
            st.error(md(f"未能加入索引：{error}"), icon=":material/error:")
            return
        rejected = [Outcome(p.name, OutcomeStatus.REJECTED, p.problem) for p in previews if p.report is None]
        st.session_state[UPLOADER_ROUND] = round_ + 1
        _finish(outcomes + rejected)


render()
