"""What a question means (Intent) and what the engine says back (Answer), with its citations."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from index.models import CellKind, Finding, TableFormat, TableId


class AnswerKind(StrEnum):
    LOOKUP = "lookup"  # one cell, or a defined sum of cells
    NARRATIVE = "narrative"  # what/how/why, from the text
    COMPARE = "compare"  # two or more agencies or years, one metric
    RANK = "rank"  # 哪个…最多/最少, top-N
    FACT_SHEET = "fact_sheet"  # 概况 of one agency-year
    CHECK = "check"  # 勾稽 / consistency
    MIXED = "mixed"  # a number plus why
    CORPUS = "corpus"  # about the corpus itself: how many reports, which agencies, which years
    CLARIFY = "clarify"  # the question is ambiguous: ask which
    NOT_FOUND = "not_found"  # the reports do not say


class AskWhy(StrEnum):
    """Why a question is asked back or answered "not there" (the sentence is compose's)."""

    NO_FIGURE_FOR = "no_figure_for"  # words no table figure has; options: the figures recognised
    ROW_OF_PART = "row_of_part"  # a result or column named without its row; options: the rows that have it
    NO_SUCH_PLACE = "no_such_place"  # words: the places the corpus lacks
    SEVERAL_PLACES = "several_places"  # groups: each name several places share
    COUNTY_ONLY = "county_only"  # words: a county with reports only of places in it
    WHICH_AGENCY = "which_agency"  # words: the place; options: its agencies
    WHICH_REPORT = "which_report"  # several reports and no place named


class PlaceGroup(BaseModel):
    """Places one name of the question may mean: ``name`` when they share it, else None (机关 by its forms)."""

    name: str | None
    options: list[str]


class AskBack(BaseModel):
    why: AskWhy
    words: list[str] = []
    options: list[str] = []
    groups: list[PlaceGroup] = []


class PlaceRef(BaseModel):
    """A place the question names, resolved against the corpus."""

    place: str
    county: str | None = None
    agency: str | None = None
    department: bool = False  # the agency is a department: only its own reports are meant


class Intent(BaseModel):
    question: str
    normalised: str
    kind: AnswerKind
    topic: str = ""  # the question without its places and years: what a text search looks for
    places: list[PlaceRef] = []
    years: list[int] = []
    year_was_given: bool = False
    relative_year: int | None = None  # 0 = 今年 (newest), -1 = 去年 …
    concepts: list[str] = []  # qa.figures concept keys
    rates: list[str] = []  # qa.figures rate keys (公开率 …)
    columns: list[str] = []  # qa.figures column-concept keys
    t2_columns: list[str] = []
    t4_results: list[str] = []
    terms: list[str] = []  # content words of the question no vocabulary knows (工资, 办公楼)
    asks_count: bool = False  # 多少 / 几: an answer from the text should be the sentence with the number
    top_n: int | None = None
    ascending: bool = False  # 最少
    county_scope: str | None = None  # rank within a county
    within: list[str] = []  # divisions the question names without a place (海南省的报告)
    levels: list[str] = []  # 哪个镇 → ["镇"]: rank among places of these levels only
    corrections: list[str] = []  # one-character typos read as a known place: "平按镇→平安镇"
    excluding: list[str] = []  # agencies the question sets aside: 海口市那个局（不是市政府研究室）
    table_format: TableFormat | None = None  # 2019年格式的报告里: only reports of that table format
    year_inherited: bool = False  # a follow-up's year is the previous question's, not its own
    earlier_places: list[PlaceRef] = []  # the places of the turns before, newest first (A呢 → B呢 → 哪个多)
    ask: AskBack | None = None  # set when kind is CLARIFY, or NOT_FOUND for a place the corpus lacks
    suggestions: list[str] = []


class Citation(BaseModel):
    report_id: str
    source: str  # file name as ingested
    agency: str | None
    year: int | None
    line: int
    page: int | None = None  # for a PDF: the page the line stands on
    quote: str  # the original line, as written (traditional stays traditional)
    highlight: str = ""  # the part of the quote that carries the number or answer


class Value(BaseModel):
    """One figure in an answer: exactly what the report has, where it stands, and how it was read."""

    agency: str | None
    place: str | None
    year: int | None
    table: TableId
    row: str | None = None  # catalogue label path, as in the parser's JSON; None for a sum over rows
    column: str | None = None  # likewise; None for a sum over columns
    label: str  # Chinese: 本年新收政府信息公开申请数量 · 总计
    value: str | None  # exactly as the report gives it; None when blank, "/", missing or not reported
    kind: CellKind | None  # None: the table is not reported
    parts: list[Value] = []  # the cells of a sum, or the inputs of a derived figure
    formula: str = ""  # a derived figure (公开率): how it is computed from its parts, with their figures
    citations: list[Citation] = []
    note: str = ""  # e.g. 该报告未提供表二, 该行少一个数


class Passage(BaseModel):
    text: str
    highlight: str = ""
    section: str
    citation: Citation
    score: float


class Answer(BaseModel):
    kind: AnswerKind
    question: str
    text: str  # Chinese, plain text; numbers exactly as reported: its lines, findings and notes joined
    lines: list[str] = []  # the answer's own sentences, in order, without the findings and notes
    values: list[Value] = []
    passages: list[Passage] = []
    findings: list[Finding] = []
    notes: list[str] = []  # formulas of derived figures, format caveats, which year was used
    suggestions: list[str] = []  # follow-up questions worth asking next
    intent: Intent | None = None

    @property
    def lead(self) -> str:
        """The answer's first sentence: what a view shows above its table or passages."""
        return self.lines[0] if self.lines else self.text

    def citations(self) -> list[Citation]:
        found = [c for v in self.values for c in v.citations] + [p.citation for p in self.passages]
        return list({(c.report_id, c.line): c for c in found}.values())

    def to_json(self) -> dict:
        """The answer for machines: values with their label paths, citations, findings."""
        return {
            "text": self.text,
            "kind": self.kind.value,
            "values": [
                {
                    "agency": v.agency,
                    "place": v.place,
                    "year": v.year,
                    "table": v.table.value,
                    "row": v.row,
                    "column": v.column,
                    "value": v.value,
                    "kind": v.kind.value if v.kind else "not_reported",
                    "parts": [{"row": p.row, "column": p.column, "value": p.value} for p in v.parts],
                }
                for v in self.values
            ],
            "citations": [
                {"file": c.source, "line": c.line, "page": c.page, "quote": c.quote} for c in self.citations()
            ],
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "notes": self.notes,
            "suggestions": self.suggestions,
        }
