"""问答: a chat over the reports. History lives in session_state and is passed back to the engine, so
follow-ups ("那行政许可呢？") keep the place and year of the previous question."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from qa.models import Answer
from ui import answer as show
from ui.context import chat_filters, engine
from ui.text import md

MESSAGES = "chat_messages"
PENDING = "chat_pending"  # a question chosen by a button, asked on the next run
STARTERS = (
    "平桥区2021年收到多少政府信息公开申请？",
    "平桥区微信公众号全年发布了多少信息？",
    "平桥区和港口乡收到的申请对比",
    "哪个镇收到申请最多？",
    "平安镇的基本情况",
    "兑镇镇的数据有没有问题？",
)


@dataclass
class Turn:
    question: str
    answer: Answer


def _ask_later(question: str) -> None:
    st.session_state[PENDING] = question


def _clear() -> None:
    st.session_state[MESSAGES] = []


def _buttons(questions: list[str] | tuple[str, ...], key: str) -> None:
    columns = st.columns(min(len(questions), 3))
    for number, question in enumerate(questions):
        columns[number % len(columns)].button(
            md(question), key=f"{key}-{number}", on_click=_ask_later, args=(question,), width="stretch"
        )


def render() -> None:
    turns: list[Turn] = st.session_state.setdefault(MESSAGES, [])
    filters = chat_filters()
    # The question is taken before anything is drawn, so the new turn (and 清空对话) show in this same run.
    question = st.chat_input("请输入问题，例如：平桥区2021年收到多少政府信息公开申请？", max_chars=500)
    question = (question or st.session_state.pop(PENDING, None) or "").strip()
    if question:
        with st.spinner("正在查找…"):
            reply = engine().answer(question, [t.answer for t in turns], filters)
        turns.append(Turn(question, reply))

    title, clear = st.columns([5, 1], vertical_alignment="bottom")
    title.title("问答")
    clear.button("清空对话", icon=":material/delete:", on_click=_clear, disabled=not turns, width="stretch")
    if filters is not None:
        scope = "、".join(str(v) for v in (filters.county, filters.place, filters.year) if v)
        st.caption(md(f"已按侧栏筛选：{scope}"))
    if not turns:
        st.markdown(md("向已收录的政府信息公开工作年度报告提问。每个数字都来自报告的表格或原文，并附出处。试试："))
        _buttons(STARTERS, "starter")
    for number, turn in enumerate(turns):
        with st.chat_message("user"):
            st.text(turn.question)
        with st.chat_message("assistant"):
            show.answer(turn.answer, f"turn{number}")
    if turns and turns[-1].answer.suggestions:
        st.caption("接着问：")
        _buttons(turns[-1].answer.suggestions, f"follow{len(turns)}")


render()
