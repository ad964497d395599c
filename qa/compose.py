"""Answers in Chinese, one function per kind. Every number in the text is a Value's exact text."""

from __future__ import annotations

from index.catalog import leaf_label
from index.models import CellKind, Finding, ParseWarning, TableId
from qa.lookup import TABLE_SHORT
from qa.models import Answer, AnswerKind, AskBack, AskWhy, Intent, Passage, PlaceGroup, Value

UNKNOWN_YEAR = "（年份未写明）"


def of_year(year: int | None) -> str:
    """2023年, or what a report that never states its year is called by."""
    return f"{year}年" if year else UNKNOWN_YEAR


def report_name(who: str | None, year: int | None) -> str:
    return f"{who or ''}{of_year(year)}报告"


def _who(value: Value) -> str:
    """Whose figure: the agency, else the place, else the file it was read from (a report naming neither)."""
    named = value.agency or value.place
    source = value.citations[0].source if value.citations else "该机关"
    if value.year:
        return f"{named}{value.year}年" if named else f"{source}（{value.year}年）"
    return named or source


def _other_label(value: Value, label: str) -> str:
    """A value of a list whose column has another name (the 2019 format's 处理决定数量) says its own."""
    return "" if value.label == label else f"（{value.label}）"


def figure(value: Value) -> str:
    """A value as the report gives it, or what the report says instead of a number."""
    if value.kind is None:
        return value.note or "未报告"
    if value.value is None:
        return value.note or "无法读出"
    if value.kind == CellKind.INFERRED:
        return f"{value.value}（{value.note}）"
    return value.value


def describe(value: Value) -> str:
    text = f"{_who(value)}{TABLE_SHORT[value.table]}「{value.label}」：{figure(value)}"
    if value.formula and value.value is not None:
        text += f"（{value.formula}）"
    elif value.parts and value.value is not None:
        parts = " + ".join(f"{p.label}={figure(p)}" for p in value.parts)
        text += f"（为 {len(value.parts)} 项之和：{parts}）"
    return text


def finding_text(finding: Finding) -> str:
    return f"勾稽问题：{finding.message}"


def _answer(
    kind: AnswerKind,
    intent: Intent,
    lines: list[str],
    notes: list[str],
    values: list[Value] | None = None,
    findings: list[Finding] | None = None,
    passages: list[Passage] | None = None,
) -> Answer:
    """An answer whose text is its lines, then its findings, then its notes."""
    findings = findings or []
    return Answer(
        kind=kind,
        question=intent.question,
        text="\n".join([*lines, *(finding_text(f) for f in findings), *notes]),
        lines=lines,
        values=values or [],
        findings=findings,
        passages=passages or [],
        notes=notes,
        intent=intent,
    )


def lookup(
    intent: Intent, values: list[Value], findings: list[Finding], notes: list[str], stated: list[Passage] | None = None
) -> Answer:
    """``stated``: narrative lines stating a figure the tables do not give, quoted as the report words them."""
    lines = [describe(value) for value in values]
    lines += [
        f"报告正文第{p.citation.line}行写明：「{p.highlight or p.text}」（出自正文，不是表格数字）"
        for p in stated or []
    ]
    return _answer(AnswerKind.LOOKUP, intent, lines, notes, values=values, findings=findings, passages=stated)


def corpus(intent: Intent, lines: list[str]) -> Answer:
    return _answer(AnswerKind.CORPUS, intent, lines, [])


def narrative(intent: Intent, passages: list[Passage], notes: list[str]) -> Answer:
    if not passages:
        return not_found(intent, "所选报告的正文中没有找到与问题相关的内容。", notes)
    best = passages[0]
    lead = best.highlight or best.text
    where = f"（{report_name(best.citation.agency, best.citation.year)} · {best.section} · 第{best.citation.line}行）"
    return _answer(AnswerKind.NARRATIVE, intent, [lead + where], notes, passages=passages)


def compare(intent: Intent, values: list[Value], findings: list[Finding], notes: list[str]) -> Answer:
    label = values[0].label if values else ""
    lines = [f"「{label}」对比：", *(f"{_who(v)}{_other_label(v, label)}：{figure(v)}" for v in values)]
    return _answer(AnswerKind.COMPARE, intent, lines, notes, values=values, findings=findings)


def rank(intent: Intent, values: list[Value], top: int, notes: list[str]) -> Answer:
    """``values`` in order; the first ``top`` are what the question asked for (0: it asked for the order)."""
    if not values:
        return not_found(intent, "所选范围内没有可以排名的数字（该项均未报告或无法读出）。", notes)
    label = values[0].label
    order = "从少到多" if intent.ascending else "从多到少"
    lines = []
    if top:
        most = "最少" if intent.ascending else "最多"
        lines.append(f"{most}的是" + "、".join(f"{_who(v)}（{figure(v)}）" for v in values[:top]) + "。")
    lines += [
        f"「{label}」{order}：",
        *(f"{i}. {_who(v)}{_other_label(v, label)}：{figure(v)}" for i, v in enumerate(values, 1)),
    ]
    return _answer(AnswerKind.RANK, intent, lines, notes, values=values)


def fact_sheet(intent: Intent, values: list[Value], findings: list[Finding], notes: list[str]) -> Answer:
    head = f"{_who(values[0])}政府信息公开概况：" if values else "概况："
    lines = [head, *(f"· {v.label}：{figure(v)}" for v in values)]
    return _answer(AnswerKind.FACT_SHEET, intent, lines, notes, values=values, findings=findings)


# Parse warnings that mean figures could not be read, said without the parser's own numbers (a number in
# an answer is a reported figure, never a count the parser made).
UNREAD_REASONS = {
    "table_unread": "表格存在，但数字无法读出",
    "missing_rows": "表格缺少若干行（标签未能识别或文件在表内中断）",
    "short_row": "该行数字少于栏数，无法确定各数所属的列",
    "long_row": "该行数字多于栏数，无法确定各数所属的列",
    "truncated_row": "文件在此行中断，其余单元格缺失",
    "unread_content": "表格可能是图片，无法读出数字",
    "t2_format_unknown": "表头无法识别新旧格式，未读取",
}


def unread_text(who: str, year: int | None, warning: ParseWarning) -> str:
    table = TABLE_SHORT.get(warning.table, "") if warning.table else ""
    row = f"「{leaf_label(warning.row)}」" if warning.row else ""
    return f"{who}{of_year(year)}{table}{row}：{UNREAD_REASONS[warning.code]}"


def absent_table_text(who: str, year: int | None, table: TableId) -> str:
    return f"{who}{of_year(year)}：报告中没有读到{TABLE_SHORT[table]}（未提供或未能识别）"


def check(
    intent: Intent,
    who: str,
    findings: list[Finding],
    unread: list[str],
    notes: list[str],
    if_zero: list[Finding] | None = None,
) -> Answer:
    """勾稽 findings; the figures that could not be read (a check that skipped them is not a pass); and the
    relations that fail only if the report's blank cells are read as 0 (a blank is not a 0)."""
    if_zero = if_zero or []
    lines = [f"{who}的表格有 {len(findings)} 处勾稽问题：", *[f"· {f.message}" for f in findings]] if findings else []
    if unread:
        lines += [f"有 {len(unread)} 处数字无法读出或表格缺失，相关勾稽关系无法核对：", *[f"· {u}" for u in unread]]
    if if_zero:
        lines += [
            "报告中有空白单元格（未填写，不等于0）；若按0计，以下关系不平衡：",
            *[f"· {f.message}" for f in if_zero],
        ]
    if not lines:
        lines = [f"{who}的表格可核对的勾稽关系均一致，未发现问题。"]
    elif not findings:
        lines.insert(0, f"{who}的表格中能读出的数字之间未发现勾稽问题。")
    return Answer(
        kind=AnswerKind.CHECK,
        question=intent.question,
        text="\n".join([*lines, *notes]),
        lines=lines,
        findings=[*findings, *if_zero],
        notes=notes,
        intent=intent,
    )


def mixed(intent: Intent, figures: Answer, why: Answer) -> Answer:
    because = why.text if why.passages else "报告正文中没有找到对原因的说明。"
    return Answer(
        kind=AnswerKind.MIXED,
        question=intent.question,
        text=figures.text + "\n" + because,
        lines=[*figures.lines, *(why.lines if why.passages else [because])],
        values=figures.values,
        passages=why.passages,
        findings=figures.findings,
        notes=figures.notes,
        intent=intent,
    )


def _quoted(words: list[str]) -> str:
    return "、".join(f"「{word}」" for word in words)


def _several_places(groups: list[PlaceGroup]) -> str:
    said = [
        f"语料库中有{len(g.options)}个{f'「{g.name}」' if g.name else '符合的机关'}：{'、'.join(g.options)}。"
        for g in groups
    ]
    return "".join(said) + "请问您问的是哪一个？"


def ask_text(ask: AskBack) -> str:
    """The sentence that asks back, or says what the corpus lacks."""
    if ask.why == AskWhy.NO_FIGURE_FOR:
        offer = f"。您问的是{_quoted(ask.options)}吗？" if ask.options else "。请换一种说法，或问表格中的某一项。"
        return f"年报表格中没有与{_quoted(ask.words)}对应的数字{offer}"
    if ask.why == AskWhy.ROW_OF_PART:
        word = ask.words[0]
        return f"「{word}」是多项数据共有的一栏，{_quoted(ask.options)}中都有。请问是哪一项的「{word}」？"
    if ask.why == AskWhy.NO_SUCH_PLACE:
        return f"语料库中没有{_quoted(ask.words)}的报告。"
    if ask.why == AskWhy.SEVERAL_PLACES:
        return _several_places(ask.groups)
    if ask.why == AskWhy.COUNTY_ONLY:
        others = f"：{'、'.join(ask.options)}" if ask.options else ""
        return f"语料库中没有{ask.words[0]}本级的报告，只有该地其他机关的报告{others}。请问您问的是哪一个？"
    if ask.why == AskWhy.WHICH_AGENCY:
        listed = "、".join(ask.options)
        return f"语料库中「{ask.words[0]}」有 {len(ask.options)} 个机关的报告：{listed}。请问您问的是哪一个？"
    if ask.options:
        return f"符合条件的报告有：{'、'.join(ask.options)}。请问是哪个机关的报告？"
    return "请问是哪个机关的报告？"


def clarify(intent: Intent) -> Answer:
    text = ask_text(intent.ask) if intent.ask else "请说明具体机关。"
    return Answer(
        kind=AnswerKind.CLARIFY,
        question=intent.question,
        text=text,
        lines=[text],
        suggestions=intent.suggestions,  # what the user may mean: follow-up buttons
        intent=intent,
    )


def not_found(intent: Intent, text: str, notes: list[str] | None = None) -> Answer:
    lines = [text, *(["您是否要找：" + "、".join(intent.suggestions) + "？"] if intent.suggestions else [])]
    return Answer(
        kind=AnswerKind.NOT_FOUND,
        question=intent.question,
        text="\n".join([*lines, *(notes or [])]),
        lines=lines,
        notes=notes or [],
        suggestions=intent.suggestions,
        intent=intent,
    )
