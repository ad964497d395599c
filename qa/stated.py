"""A figure the tables do not give (table missing or unread) but the narrative states: quoted from its
line, never put in a table cell. "该报告未提供表三；正文写明：全年共受理政府信息公开申请7件".

Two readers, the first that finds a line wins:

- the claims index.textchecks reads for its findings (the same patterns, the same context rules): a claim
  answers a figure when it states exactly that figure's rows and columns;
- the figure's own wording (qa/lexicon.toml ``stated``; a table-3 leaf also by its catalogue label): a
  clause holding one of its words and a count right after it ("其中予以公开71件", "不予处理(无正当理由大量反复
  申请)165条"), and no word of another figure, nor of a part of this one (an applicant type, a channel), nor
  of another period (同比, 累计). A clause of a narrower figure (因属于行政执法案卷不予公开1件) does not state the
  wider one (不予公开).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from index.catalog import leaf_label, t2_row
from index.models import Report, SourceText, TableFormat, TableId
from index.store import ReportRow, Store
from index.textchecks import Claim, narrative_claims
from qa.figures import COLUMN_CONCEPTS_BY_KEY, CONCEPTS, CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN, Concept
from qa.lexicon import GAP, lexicon
from qa.lookup import column_groups, line_passage
from qa.models import Passage

STATED_SECTION = "正文"
FIRST_2021_FORMAT_YEAR = 2021  # reports of 2021 on use the 2021 format (国办公开办函〔2021〕30号)
STATED_GAP = 8  # in a stated word, characters of the clause its "…" may stand for (受理…申请)
_MIN_LEAF_WORD = 4  # a leaf label shorter than this (其他) says too little to be found in a sentence
# Clauses, and the items of a list (其中予以公开71件、部分公开5件): each states one figure.
_CLAUSE = re.compile(r"[^，,。；;！？!?、\n]+")
# A count right after the figure's words: a few characters that are no digits, then the number and its
# measure word (dates, percentages and phone numbers have none of these).
_COUNT = re.compile(r"\D{0,10}?(?<![\d.])(?P<n>\d{1,7})\s{0,2}(?:件|条|例|起|宗|次|个|项)")
# A count's breakdown in brackets right after it ("申请2件(1件属自然人申请,1件属商业企业申请)") is about its parts,
# not a clause of its own: dropped before the line is cut into clauses.
_BREAKDOWN = re.compile(r"(?P<count>\d{1,7}\s{0,2}(?:件|条|例|起|宗|次|个|项))\s*\((?P<inner>[^()]*)\)")
# A clause about part of the figure (one applicant type, one channel) or another period states no total.
_PART_OR_PERIOD = re.compile(
    "自然人|企业|法人|科研机构|公益组织|法律服务机构|当面|书面|网上|网络|在线|线上|线下|信函|传真|邮件|邮寄|窗口"
    "|同比|环比|增加|减少|增长|下降|%|百分之|以来|历年|累计|近[一二两三四五\\d]年|上半年|下半年|季度"
    "|咨询|转办|留言|热线|提案|建议|信访件"
    "|维持|纠正|其他结果|审结|复议后|决定书"  # a review's or lawsuit's results, or lawsuits after review
    "|[区县市]级部门|各部门|各单位|各乡镇|各街道|部门和街道"  # other agencies' counts (区级部门和街道制定的)
)


def _wanted_columns(concept: Concept, columns: list[str], t4_results: list[str]) -> set[str] | None:
    """The cells of the row the question asks for, as a claim names them; None for a table-4 result."""
    if concept.table == TableId.T4:
        return None if t4_results else set(next(iter(concept.columns.values()), ()))
    keys = columns or [DEFAULT_T3_COLUMN]
    return {column for key in keys for column in COLUMN_CONCEPTS_BY_KEY[key].columns}


def stated_passages(
    store: Store,
    report: ReportRow,
    concept: Concept,
    columns: list[str],
    t4_results: list[str],
    t2_columns: frozenset[str] = frozenset(),
) -> list[Passage]:
    """The narrative line that states the figure a question asks, for a report whose tables give none.
    ``t2_columns``: for a table-2 figure, the columns the answer shows (one: that column is looked for)."""
    if concept.table == TableId.T2:
        if len(t2_columns) != 1:
            return []  # 规范性文件有多少: which column the text should state is not known
        table_format = _format_for(report)
        rows = concept.rows_for(table_format)
        alone = bool(rows) and len(t2_row(rows[0], table_format).columns) == 1
        found = t2_clauses(store.normalised_lines(report.id), concept.key, next(iter(t2_columns)), alone)
        return [line_passage(store, report, line, clause, STATED_SECTION) for line, clause in found[:1]]
    if concept.table == TableId.T4 and t4_results:  # 其中结果维持6件: one result of the block named before it
        if len(t4_results) != 1 or concept.key not in _T4_BLOCKS:
            return []
        found = result_clauses(store.normalised_lines(report.id), concept.key, t4_results[0])
        return [line_passage(store, report, line, clause, STATED_SECTION) for line, clause in found[:1]]
    wanted = _wanted_columns(concept, columns, t4_results)
    full: Report | None = store.report(report.id)
    if full is None or wanted is None:
        return []
    lines = store.normalised_lines(report.id)  # stored at ingest: not normalised again per question
    claimed = _claimed(store, report, full, lines, concept, wanted)
    if claimed:
        return claimed
    if concept.table == TableId.T4 and t4_results:
        return []  # stated by a result's own words, above
    if concept.table == TableId.T3 and columns not in ([], [DEFAULT_T3_COLUMN]):
        return []
    return [
        line_passage(store, report, line, clause, STATED_SECTION)
        for line, clause in worded_clauses(lines, concept.key)[:1]
    ]


def _claimed(
    store: Store, report: ReportRow, full: Report, lines: list[str], concept: Concept, wanted: set[str]
) -> list[Passage]:
    source = SourceText(
        path=report.source,
        encoding="utf-8",
        script=full.metadata.script,
        original=store.original_lines(report.id),
        normalised=lines,
    )
    rows = {row for rows in concept.rows.values() for row in rows}
    claims = [
        claim
        for claim in narrative_claims(full, source)
        if claim.line
        and (claim.literal or _in_words(claim))
        and claim.pattern.table == concept.table
        and claim.pattern.row in rows
        and set(claim.pattern.columns) == wanted
    ]
    return [line_passage(store, report, claim.line or 0, claim.clause, STATED_SECTION) for claim in claims[:1]]


def _in_words(claim: Claim) -> bool:
    """A claim whose wording is its figure (未收到政府信息公开申请, 未发生行政复议): quoted, never turned into a 0."""
    return "n" not in claim.pattern.regex.groupindex


# ---- a figure by its own wording ---------------------------------------------------------------------


def _rows(concept: Concept) -> frozenset[str]:
    return frozenset(row for rows in concept.rows.values() for row in rows)


def _cells(concept: Concept) -> frozenset[tuple[str, str]]:
    """What a figure covers: its rows (table 3, whose columns the question says), or its one row's columns
    (table 4: 行政诉讼 holds 直接起诉 and 复议后起诉)."""
    if concept.table == TableId.T4:
        return frozenset(
            (row, column) for row in _rows(concept) for cols in concept.columns.values() for column in cols
        )
    return frozenset((row, "") for row in _rows(concept))


@cache
def stated_words() -> dict[str, tuple[str, ...]]:
    """Table-3 and table-4 figure → the words reports state it by: its lexicon ``stated`` words, and a leaf's label."""
    from_lexicon = {entry.key: entry.stated for entry in lexicon().figure}
    words: dict[str, tuple[str, ...]] = {}
    for concept in CONCEPTS:
        if concept.table == TableId.T2:
            continue
        own = list(from_lexicon.get(concept.key, ()))
        rows = _rows(concept)
        if len(rows) == 1 and concept.table == TableId.T3:
            own += [word for word in _leaf_words(leaf_label(next(iter(rows)))) if word not in own]
        if own:
            words[concept.key] = tuple(own)
    return words


def _leaf_words(label: str) -> list[str]:
    """A leaf's label as a report's text words it: its first phrase (申请人逾期未按收费通知要求缴纳费用, before
    、行政机关不再处理…), also without 申请人."""
    first = label.split("、")[0]
    words = [first, first.removeprefix("申请人")]
    return [word for word in dict.fromkeys(words) if len(word) >= _MIN_LEAF_WORD]


@cache
def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(f"[^{GAP}]{{0,{STATED_GAP}}}?".join(map(re.escape, word.split(GAP))))


def _spans(clause: str, key: str) -> list[tuple[int, int]]:
    return [m.span() for word in stated_words()[key] for m in _pattern(word).finditer(clause)]


def _others_in(clause: str, key: str) -> bool:
    """Whether the clause names a figure that is not this one nor one that holds it (outside the words of
    this one: 信息公开申请 inside 答复政府信息公开申请 is not a second figure)."""
    own, spans = _cells(CONCEPTS_BY_KEY[key]), _spans(clause, key)
    return any(
        not own <= _cells(CONCEPTS_BY_KEY[other])
        and any(not any(s <= start and end <= e for s, e in spans) for start, end in _spans(clause, other))
        for other in stated_words()
        if other != key
    )


def _count_after(clause: str, key: str) -> str | None:
    """The count right after the figure's words (予以公开71件), or right before them when it opens the clause
    (1件结转2023年度继续办理, 其中2件属于不予公开)."""
    for start, end in _spans(clause, key):
        found = _COUNT.match(clause, end) or _COUNT_BEFORE.fullmatch(clause, 0, start)
        if found:
            return found.group("n")
    return None


# A count opening its clause, then only a linking word before the figure's words.
_COUNT_BEFORE = re.compile(
    r"\s*(?:其中|另有|共有|有|共发生|发生)?(?P<n>\d{1,7})\s{0,2}(?:件|条|例|起|宗|次|个|项)\s*(?:申请)?[均都]?"
    r"(?:属于|属|为|系|是|已|被)?(?:有关|涉及)?(?:政府信息公开|信息公开)?的?"  # 发生1起有关政府信息公开的行政复议
)


def _clauses(line: str) -> list[str]:
    """A line's clauses. A count's bracket of parts (申请2件(1件属自然人申请,1件属商业企业申请)) is dropped
    from its clause; a bracket of figures (受理121件(其中本年度新收申请数112件,上年结转申请数9件)) makes the
    count a sum of them, stated as no figure: the count goes too. The bracket's own clauses are clauses."""
    inner: list[str] = []

    def without_bracket(found: re.Match[str]) -> str:
        parts = _CLAUSE.findall(found["inner"])
        inner.extend(parts)
        sums = any(_count_after(part, key) for part in parts for key in stated_words())
        return "" if sums else found["count"]

    return [*_CLAUSE.findall(_BREAKDOWN.sub(without_bracket, line)), *inner]


def worded_clauses(lines: list[str], key: str) -> list[tuple[int, str]]:
    """(line number, clause) of every clause stating figure ``key`` by its own words, in line order."""
    if key not in stated_words():
        return []
    found = []
    for number, line in enumerate(lines, start=1):
        for clause in _clauses(line):
            if _count_after(clause, key) and not _PART_OR_PERIOD.search(clause) and not _others_in(clause, key):
                found.append((number, clause.strip()))
    return found


# ---- table 2 written out in the text -------------------------------------------------------------------

# A count of items or matters (2021 table 2 counts 件; 处理决定数量 also 项): no money, no dates.
# Right after the words, only filler before the number (行政许可事项128条 counts items published, not decisions).
_T2_COUNT = re.compile(
    r"(?:件数|数量|总数|总计|合计|共计|共|为|达到|达|有|是|:|：|\s)*(?<![\d.])(?P<n>\d{1,7})\s{0,2}(?:件|项)"
)


@cache
def _t2_row_words() -> dict[str, tuple[str, ...]]:
    """Table-2 figure → the words its row is written with (规范性文件, 行政许可)."""
    return {
        entry.key: tuple(w for w in entry.words if GAP not in w and len(w) >= _MIN_T2_WORD)
        for entry in lexicon().figure
        if entry.key.startswith("t2:")
    }


@cache
def _t2_column_words(column: str) -> tuple[str, ...]:
    """A table-2 column's words (制发, 废止, 现行有效, 处理决定), and its label without 本年 and 数量."""
    own = [w for e in lexicon().t2_column if e.key == column for w in e.words if GAP not in w and len(w) >= 2]
    label = column.removeprefix("本年").removesuffix("数量").removesuffix("件数")
    return tuple(dict.fromkeys([*own, label] if len(label) >= 2 else own))


_MIN_T2_WORD = 2


def _format_for(report: ReportRow) -> TableFormat:
    """The report's table format; for a report without tables, the format of its year."""
    if report.format:
        return TableFormat(report.format)
    year = report.year or FIRST_2021_FORMAT_YEAR
    return TableFormat.V2021 if year >= FIRST_2021_FORMAT_YEAR else TableFormat.V2019


def t2_columns_meant(concept: Concept, report: ReportRow, t2_columns: list[str]) -> frozenset[str]:
    """The table-2 columns a question asks of a report, in the format of its year when it has no table 2."""
    if concept.table != TableId.T2:
        return frozenset()
    table_format = _format_for(report)
    rows = concept.rows_for(table_format)
    if not rows:
        return frozenset()
    groups = column_groups(concept, table_format, rows[0], [], t2_columns, [])
    return frozenset(column for _, columns in groups for column in columns)


def _rows_in(clause: str) -> set[str]:
    return {key for key, words in _t2_row_words().items() if any(w in clause for w in words)}


def t2_clauses(lines: list[str], key: str, column: str, alone: bool = False) -> list[tuple[int, str]]:
    """(line, clause) of the clauses that state one table-2 cell: its column's word and a count, its row
    named in the clause or in the line's nearest clause before that names a row ("本年出台行政规范性文件:
    制发件数2件,废止件数1件"), no other row nor column of the row named with it. ``alone``: the row has no
    other column, so a count right after its name states it (行政处罚2项)."""
    mine = _t2_column_words(column)
    others = {w for e in lexicon().t2_column if e.key != column for w in _t2_column_words(e.key)} - set(mine)
    found = []
    for number, line in enumerate(lines, start=1):
        row: set[str] = set()
        for clause in _CLAUSE.findall(line):
            named = _rows_in(clause)
            row = named or row
            if row != {key} or _PART_OR_PERIOD.search(clause):
                continue
            column_ends = [clause.find(w) + len(w) for w in mine if w in clause]
            row_ends = [clause.find(w) + len(w) for w in _t2_row_words()[key] if w in clause]
            if not (column_ends or (alone and row_ends)):
                continue
            if any(w in clause and not any(w in m for m in mine) for w in others):
                continue
            if _T2_COUNT.match(clause, max(column_ends + row_ends)):  # 制发行政规范性文件14件: after both
                found.append((number, clause.strip()))
    return found


# ---- a review's or lawsuit's result written out in the text -----------------------------------------

# The blocks a result is stated of, by the words that name them in a line (其中结果维持6件 after 被行政复议7件).
_T4_BLOCKS = lexicon().stated_blocks


def _block_at(text: str) -> str | None:
    """The block the last block word of the text names (复议后起诉 is a lawsuit: the later word wins)."""
    spots = [(text.rfind(w) + len(w), key) for key, words in _T4_BLOCKS.items() for w in words if w in text]
    return max(spots)[1] if spots else None


def result_clauses(lines: list[str], block: str, result: str) -> list[tuple[int, str]]:
    """(line, clause) of the clauses stating one result of one block: the result's word with a count right
    after it ("其中结果维持6件"), the block the nearest before it in the line ("被行政复议7件，其中…"); else the
    result in the table's own words without a count (发生1起行政复议案件，该案件…尚未审结), quoted: the count
    the text gives is of the cases, not of the result."""
    words = [w for e in lexicon().t4_result if e.key == result for w in (result, *e.words) if len(w) >= 2]
    others = {w for e in lexicon().t4_result if e.key != result for w in (e.key, *e.words) if len(w) >= 2}
    counted, uncounted = [], []
    for number, line, at, clause in _clauses_in(lines):
        ends = [clause.find(w) + len(w) for w in words if w in clause]
        alone = bool(ends) and not any(w in clause for w in others if not any(w in m for m in words))
        if alone and _block_at(line[: at + min(ends)]) == block and _COUNT.match(clause, max(ends)):
            counted.append((number, clause.strip()))
        if result in clause and _block_at(line[: at + clause.find(result)]) == block:
            uncounted.append((number, clause.strip()))
    return counted or uncounted


def _clauses_in(lines: list[str]) -> Iterator[tuple[int, str, int, str]]:
    """(line number, line, where the clause starts in it, clause) of every clause of the lines."""
    for number, line in enumerate(lines, start=1):
        position = 0
        for clause in _CLAUSE.findall(line):
            at = line.find(clause, position)
            position = at + len(clause)
            yield number, line, at, clause
