"""Numbers stated in a report's narrative (正文) checked against its tables → findings.

A claim is a clause such as “今年我区共收到政府信息公开申请18件” that states the same quantity as a
table cell (or a sum of cells). Extraction is deliberately conservative: a wrong claim becomes a false
finding shown to users, a missed one costs nothing. So a clause states no claim when it is about
another year (上年, 2019年), another kind of request (咨询, 信访, 转办, 留言), a part of the total (其中通过
信函提交…, 自然人…), an outcome (结果纠正…) or a plan (确保…), and a claim must sit in a sentence or
under a heading about information disclosure. A claim is one clause on one line: a sentence broken
across lines is not read.

A new kind of claim is one line in ``CLAIMS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from index.catalog import T3_CARRIED_OUT, T3_RECEIVED, T3_TOTAL_COLUMN, T4_ROW
from index.chunk import is_subheading, table_lines
from index.models import Cell, CellKind, CellRef, Finding, Report, SourceText, TableId

Number = int | Decimal


@dataclass(frozen=True)
class ClaimPattern:
    """One way the narrative states a table quantity. ``regex`` has a group ``n`` for the number, or none
    when the wording itself means 0 (未收到…申请). The table side is the sum of ``columns`` in ``row``."""

    rule: str
    regex: re.Pattern[str]
    table: TableId
    row: str
    columns: tuple[str, ...]
    description: str  # the table side as users see it: 「本年新收申请·总计」
    unless: re.Pattern[str] | None = None  # words in the clause that make it something else
    unless_before: re.Pattern[str] | None = None  # words earlier in the sentence that do (其中 → a part)
    needs_context: bool = True  # only in a sentence or under a heading about information disclosure
    word: str = ""  # a word every match holds: a clause without it is not searched


@dataclass(frozen=True)
class Claim:
    pattern: ClaimPattern
    value: int
    clause: str  # the clause as it stands in the normalised text
    literal: bool  # the number is written in Arabic digits in the clause
    line: int | None = None


# --- Building blocks -----------------------------------------------------------------------------------

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS)
# A count of applications or cases: Arabic or a small Chinese numeral, then a measure word. The measure
# word is what keeps dates (2021年12月31日), percentages, phone numbers and 15个工作日 out. The number
# must start a run of digits (第三次, 1.5件, 进一步 are not counts); 一次性 is not a count either.
_NUM = rf"(?<![第\d.{_CN_CHARS}])(?P<n>\d{{1,6}}|[{_CN_CHARS}]{{1,4}})\s{{0,2}}(?:件|起|宗|例|次)(?!性)"

_RECEIVE = r"(?:收到|接收到|接到|受理|新收)"
# 申请 itself, or the object of 依申请公开(政府信息) (000: “受理依申请公开政府信息 0 件”).
_APPLICATION = r"(?:申请公开(?:政府)?(?:信息)?|申请)(?!人)"
# Only filler words between the object and the number: “收到申请并办结17件” states 办结, not 收到.
_FILLER = r"(?:数量|总数|总量|数)?(?:共计|合计|总计|累计|共有|共|达到|达|为|是|有)?\s{0,2}"
_NOT_RECEIVED = r"(?:未|没有|尚未|均未|并未)(?:接收到|收到|接到|受理|发生|产生|有)"
# 无 as a word, not 无法/无论/无正当理由…, and not the question 有无.
_NONE = r"(?<!有)无(?!法|论|正当|需|须|关|偿|效|误)"
_NEGATED = rf"(?:未发生|未出现|未发现|未收到|未接到|未有|未涉及|未被|没有|不存在|{_NONE})"
_CASE_FILLER = r"(?:申请|案件|案)?(?:数量)?(?:共计|合计|总计|共有|共|为|有|达)?\s{0,2}"
_CASE_LEAD = r"(?:有|发生|出现|收到|受理|涉及|被提起|提起|被申请)\s{0,2}"
# “行政复议、行政诉讼均为0件”: one number for both.
_BOTH = r"行政复议(?:案件)?[、和及与]行政诉讼(?:案件)?(?:数量)?(?:均为|均是|都是|都为|均|各)\s{0,2}"
_NEXT_YEAR = r"结转(?:至|到|入)?下一?年度?"

# Clauses about something else than this agency's own requests this year: never a claim.
_OTHER_SCOPE = re.compile(
    "转办|转交|转来|咨询|信访|留言|申请人|投诉|举报|建议|提案|来电|热线"
    "|以来|历年|近年|近[一二两三四五\\d]年|上半年|下半年|季度|月份"
    "|同比|环比|增加|减少|增长|下降|上升|%|百分之"
    "|确保|力争|争取|避免|防止|杜绝|预计|计划|各(?:部门|单位|乡镇|街道|县区|区县|级)|[区县市]直"
)
# A received claim must be the overall total: not a channel (通过信函…), applicant type, outcome, or
# another kind of application (行政复议申请, 行政许可申请).
_PART_OF_RECEIVED = re.compile(
    "复议|诉讼|其中|通过|当面|窗口|书面|信函|传真|邮件|邮寄|网站|在线|平台"
    # 网上/线上/线下 alone is one channel; 网上和线下 (001) is all of them.
    "|[网线]上(?![和及与、]?线下)|(?<![网线]上)(?<![网线]上[和及与、])线下"
    "|自然人|企业|科研机构|公益组织|法律服务机构|法人或其他组织"
    "|重复|补正|不予|部分公开|予以公开|许可|审批|办件|政务服务"
)
_PART_BEFORE = re.compile("其中|分别")
# A review or litigation count must be the block total, not one outcome (结果纠正1件) nor training.
_PART_OF_CASES = re.compile("维持|纠正|纠错|撤销|败诉|胜诉|驳回|违法|审结|结果|应诉|出庭|培训")

# A claim counts only where the text is about information disclosure: in its sentence, or under the
# nearest heading (“三、收到和处理政府信息公开申请情况”, “（二）依申请公开情况”).
_SENTENCE_CONTEXT = re.compile("公开")
_HEADING_CONTEXT = re.compile("申请|复议|诉讼")

_LITIGATION_COLUMNS = ("行政诉讼/未经复议直接起诉/总计", "行政诉讼/复议后起诉/总计")


def _received(regex: str) -> ClaimPattern:
    return ClaimPattern(
        "text.received",
        re.compile(regex),
        TableId.T3,
        T3_RECEIVED,
        (T3_TOTAL_COLUMN,),
        "本年新收申请·总计",
        unless=_PART_OF_RECEIVED,
        unless_before=_PART_BEFORE,
        word="申请",
    )


def _carried_out(regex: str) -> ClaimPattern:
    # 结转下年度 with a count of 件 is table 3's own wording: it needs no further context.
    return ClaimPattern(
        "text.carried_out",
        re.compile(regex),
        TableId.T3,
        T3_CARRIED_OUT,
        (T3_TOTAL_COLUMN,),
        "结转下年度继续办理·总计",
        needs_context=False,
        word="结转",
    )


def _review(regex: str) -> ClaimPattern:
    return ClaimPattern(
        "text.review",
        re.compile(regex),
        TableId.T4,
        T4_ROW,
        ("行政复议/总计",),
        "行政复议·总计",
        unless=_PART_OF_CASES,
        word="复议",
    )


def _litigation(regex: str) -> ClaimPattern:
    return ClaimPattern(
        "text.litigation",
        re.compile(regex),
        TableId.T4,
        T4_ROW,
        _LITIGATION_COLUMNS,
        "行政诉讼·未经复议直接起诉·总计 + 行政诉讼·复议后起诉·总计",
        unless=_PART_OF_CASES,
        word="诉讼",
    )


# Per rule, the first pattern that matches a clause wins: numbers before the zero wordings, so that
# “没有及时答复引发行政复议1起” reads as 1.
CLAIMS: tuple[ClaimPattern, ...] = (
    _received(rf"{_RECEIVE}\D{{0,20}}?{_APPLICATION}{_FILLER}{_NUM}"),  # 共收到政府信息公开申请18件
    _received(rf"{_RECEIVE}\D{{0,4}}?{_NUM}\D{{0,12}}?申请(?!人)"),  # 共受理3件政府信息公开申请
    _received(rf"{_NOT_RECEIVED}\D{{0,20}}?申请(?!人)"),  # 未收到相关政府信息公开申请 = 0
    _received(rf"{_NONE}\D{{0,12}}?申请(?!人)"),  # 本年度无政府信息公开申请 = 0
    _carried_out(rf"{_NEXT_YEAR}\D{{0,16}}?{_NUM}"),  # 结转下年度继续办理2件
    _carried_out(rf"{_NUM}\D{{0,8}}?{_NEXT_YEAR}"),  # 2件结转下年度办理
    _carried_out(rf"(?:无|没有|未有)\D{{0,8}}?{_NEXT_YEAR}"),  # 无结转下年度办理的申请 = 0
    _review(rf"行政复议{_CASE_FILLER}{_NUM}"),  # 被申请行政复议1件
    _review(rf"{_CASE_LEAD}{_NUM}\D{{0,8}}?行政复议"),  # 有1起涉及行政复议
    _review(rf"{_BOTH}{_NUM}"),  # 行政复议、行政诉讼均为0件
    _review(rf"{_NEGATED}\D{{0,20}}?行政复议"),  # 未发生行政复议 = 0
    _litigation(rf"行政诉讼{_CASE_FILLER}{_NUM}"),  # 被提起行政诉讼2起
    _litigation(rf"{_CASE_LEAD}{_NUM}\D{{0,8}}?行政诉讼"),  # 发生1起行政诉讼
    _litigation(rf"{_BOTH}{_NUM}"),  # 行政复议、行政诉讼均为0件
    _litigation(rf"{_NEGATED}\D{{0,20}}?行政诉讼"),  # 没有行政诉讼 = 0
)


# --- Numbers and years ---------------------------------------------------------------------------------


def parse_count(text: str) -> int | None:
    """``18`` or a small Chinese numeral (一, 两, 十二, 二十, 一百零五) → int; None for anything else
    (一二, 十十), so that an odd run of numeral characters states no claim."""
    if text.isascii() and text.isdigit():
        return int(text)
    total, digit, previous = 0, None, ""
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None and previous != "零":
                return None  # two digits in a row: not a number written in words
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            if previous in _CN_UNITS:
                return None
            total += (digit or 1) * _CN_UNITS[char]
            digit = None
        else:
            return None
        previous = char
    return total + (digit or 0)


# The last year named before a claim decides which year it is about (“与上年相比，今年共收到…” is this
# year's). 下年度 is not here: it is part of the carried-over wording. 全年/年内 name no year (上年全年).
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s?年|(?P<other>上一?年|去年|前年|明年|来年|次年)|(?P<this>今年|本年)")


def _about_other_year(last: re.Match[str] | None, year: int | None) -> bool:
    """Whether ``last``, the last year named up to a clause's end, makes the clause about another year."""
    if last is None or last.group("this"):
        return False
    if last.group("other"):
        return True
    return year is None or int(last.group("year")) != year


_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_END = re.compile(r"[，,：:]")


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """(where the clause starts in the sentence, the clause) for each clause of a sentence."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in _CLAUSE_END.finditer(sentence):
        found.append((start, sentence[start : match.start()]))
        start = match.end()
    found.append((start, sentence[start:]))
    return found


def _said_before(sentence: str, start: int, pattern: re.Pattern[str], first: dict[re.Pattern[str], int]) -> bool:
    """Whether ``pattern`` (literal words such as 其中) occurs in ``sentence[:start]``: its first occurrence
    in the sentence, found once per sentence in ``first``, ends by ``start``."""
    if pattern not in first:
        match = pattern.search(sentence)
        first[pattern] = match.end() if match else len(sentence) + 1
    return first[pattern] <= start


# Every pattern in CLAIMS names one of these words: a line without them states no claim (most lines of a
# table, digits, website chrome), so it is not searched fifteen times.
_CLAIM_WORDS = re.compile("申请|结转|复议|诉讼")
# The longest line of the seeds is a 1 000-character paragraph; a line ten times longer is not narrative
# (a pasted dump, damage), and reading claims from it costs seconds per megabyte for nothing.
_MAX_CLAIM_LINE = 10_000


# --- Extraction ----------------------------------------------------------------------------------------


def extract_claims(text: str, year: int | None, heading: str = "", line: int | None = None) -> list[Claim]:
    """The claims stated in one line of narrative. ``year`` is the report's year; ``heading`` the nearest
    heading above the line, which can supply the information-disclosure context a bare sentence lacks."""
    claims: list[Claim] = []
    if len(text) > _MAX_CLAIM_LINE or not _CLAIM_WORDS.search(text):
        return claims
    heading_context = bool(_HEADING_CONTEXT.search(heading))
    for sentence in _SENTENCE_END.split(text):
        in_context = heading_context or bool(_SENTENCE_CONTEXT.search(sentence))
        # Years and 其中 are found once per sentence and followed clause by clause: re-reading the text
        # before every clause costs n² on a sentence of n clauses (a 1 MB line of commas never ends).
        years, named = list(_YEAR.finditer(sentence)), 0
        first: dict[re.Pattern[str], int] = {}
        for start, clause in _clauses(sentence):
            while named < len(years) and years[named].end() <= start + len(clause):
                named += 1
            last_year = years[named - 1] if named else None
            if not _CLAIM_WORDS.search(clause) or _OTHER_SCOPE.search(clause) or _about_other_year(last_year, year):
                continue
            claims += _clause_claims(clause, partial(_said_before, sentence, start, first=first), in_context, line)
    return claims


def _clause_claims(
    clause: str, before: Callable[[re.Pattern[str]], bool], in_context: bool, line: int | None
) -> list[Claim]:
    """``before(pattern)``: whether the pattern occurs in the sentence before the clause."""
    claims: list[Claim] = []
    done: set[str] = set()
    for pattern in CLAIMS:
        if pattern.rule in done or (pattern.needs_context and not in_context) or pattern.word not in clause:
            continue
        if pattern.unless and pattern.unless.search(clause):
            continue
        if pattern.unless_before and before(pattern.unless_before):
            continue
        match = pattern.regex.search(clause)
        if not match:
            continue
        number = match.groupdict().get("n")
        value = 0 if number is None else parse_count(number)
        if value is None:
            continue
        done.add(pattern.rule)
        literal = number is not None and number.isascii()
        claims.append(Claim(pattern, value, clause.strip(), literal, line))
    return claims


def narrative_claims(report: Report, source: SourceText) -> list[Claim]:
    """Claims on the report's narrative lines: not tables, not website chrome."""
    skipped = table_lines(report, source.normalised) | set(report.boilerplate_lines)
    headings = {section.heading_line for section in report.sections}
    heading = ""
    claims: list[Claim] = []
    for number, text in enumerate(source.normalised, start=1):
        stripped = text.strip()
        if number in skipped or not stripped:
            continue
        if number in headings or is_subheading(stripped):
            heading = stripped
        claims += extract_claims(stripped, report.metadata.year, heading, number)
    return claims


# --- Findings ------------------------------------------------------------------------------------------

_TABLE_NAMES = {TableId.T2: "表二", TableId.T3: "表三", TableId.T4: "表四"}


def _table_cells(report: Report, pattern: ClaimPattern) -> list[Cell] | None:
    table = report.table(pattern.table)
    if table is None:
        return None
    cells = [table.cell(pattern.row, column) for column in pattern.columns]
    if any(cell is None or cell.kind != CellKind.NUMBER for cell in cells):
        return None  # missing, blank or “/”: nothing to compare with
    return cells  # type: ignore[return-value]


def _finding(claim: Claim, cells: list[Cell]) -> Finding | None:
    pattern = claim.pattern
    table_value: Number = sum(cell.value for cell in cells)  # type: ignore[assignment, misc]
    if table_value == claim.value:
        return None
    stated = "" if claim.literal else f"（即 {claim.value}）"
    parts = "+".join(cell.raw for cell in cells) + "=" if len(cells) > 1 else ""
    where = f"正文第{claim.line}行" if claim.line else "正文"
    return Finding(
        rule=pattern.rule,
        message=(
            f"{where}称“{claim.clause}”{stated}，"
            f"而{_TABLE_NAMES[pattern.table]}「{pattern.description}」为 {parts}{table_value}"
        ),
        table=pattern.table,
        left=[],
        right=[CellRef(table=cell.table, row=cell.row, column=cell.column) for cell in cells],
        left_value=claim.value,
        right_value=table_value,
        line=claim.line,
    )


def text_findings(report: Report, source: SourceText) -> list[Finding]:
    """Narrative numbers that disagree with the table cell they restate. Nothing where they agree or where
    the cell was not read as a number."""
    findings: list[Finding] = []
    seen: set[tuple[str, int | None, int]] = set()
    for claim in narrative_claims(report, source):
        key = (claim.pattern.rule, claim.line, claim.value)
        cells = _table_cells(report, claim.pattern)
        if key in seen or cells is None:
            continue
        seen.add(key)
        finding = _finding(claim, cells)
        if finding:
            findings.append(finding)
    return findings
