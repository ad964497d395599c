"""ReportSpec: everything a synthetic report says, so a test can compare a parse with the truth."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from index.models import CellKind, Level, Script, TableFormat, TableId
from index.testing.values import ExpectedFinding, Value


class ExpectedCell(NamedTuple):
    """A cell a parse must give back; ``raw`` and ``unit`` are None where any rendering of the value will do."""

    kind: CellKind
    value: Value | None
    raw: str | None = None
    unit: str | None = None


class Layout(StrEnum):
    TAB = "tab"  # one table row per line, cells separated by tabs (seeds 000, 002)
    PIPE = "pipe"  # cells separated by " | " (seed 004)
    CELL_PER_LINE = "cell_per_line"  # every cell on its own line after a tab, blank line between rows (001, 003)
    SPLIT_ROWS = "split_rows"  # tab layout where some rows put the labels and the numbers on two lines (002)


class LabelMode(StrEnum):
    """How the label cells of merged parents (三、本年度办理结果, （三）不予公开) appear on later rows."""

    EMPTY = "empty"  # an empty cell, as a Word table's vertically merged cell comes out (seeds 000, 001)
    REPEAT = "repeat"  # the parent label again on every row
    COMPACT = "compact"  # no cell at all (seed 004)


class LabelStyle(StrEnum):
    OFFICIAL = "official"  # （一）予以公开, full-width brackets as in the catalogue
    ASCII = "ascii"  # (一) 予以公开, ASCII brackets and commas (seeds 000, 002, 004)
    SPACED = "spaced"  # (三) 不 予 公 开, letters of group labels spread out (seed 000)


class TitleStyle(StrEnum):
    PLAIN = "plain"  # 彰武县平安镇2023年政府信息公开工作年度报告
    SPACED_YEAR = "spaced_year"  # 兑镇镇 2021 年政府信息公开工作年度报告 (seed 000)
    AGENCY = "agency"  # 平桥区人民政府2021年政府信息公开工作年度报告 (seed 002)
    SPLIT = "split"  # the title broken over two lines with a blank between (seed 003)
    NONE = "none"  # no title: the opening sentence names the place (seed 004)


class HeadingStyle(StrEnum):
    CHINESE = "chinese"  # 一、总体情况
    ARABIC = "arabic"  # 1、总体情况
    MIXED = "mixed"  # each heading picks one (seed 001: 1、 … 二、 … 5、 … 六、)


# ---- variants: layouts and quirks of real reports the seeds do not show (opt-in; defaults change nothing) ----


class Form(StrEnum):
    """The kind of file the report is published as; ``layout`` only applies to ``TEXT``."""

    TEXT = "text"  # plain text in one of the layouts above (the seeds)
    HTML_FRAGMENT = "html_fragment"  # a CMS article body saved as .txt: <p>…</p><table>… without <html>, quotes as \"
    WORD_HTML = "word_html"  # the site's own page, Word-exported: every run in <span>/<font>, digits split (f04)
    MARKDOWN = "markdown"  # a PDF converted to markdown: prose wrapped, | pipe | tables | with |---| rules (f02)
    PDF_TEXT = "pdf_text"  # text extracted from a PDF: cells joined by spaces, prose wrapped (f06, f07)


class T4Header(StrEnum):
    """How table 4's three-level header comes out of a PDF (``Form.PDF_TEXT`` only)."""

    OFFICIAL = "official"  # the header rows as cells
    FRAGMENTS = "fragments"  # each header word broken in two, the halves of all columns on shared lines (f06)
    VERTICAL = "vertical"  # one character per line, stacked down each column: 结 / 果 / 维 / 持 (f07)


class PageMark(StrEnum):
    """The page header or footer a PDF or flipbook leaves between lines, inside tables too."""

    NONE = "none"
    P_DOT = "p_dot"  # P. 9
    PAGE_TITLE = "page_title"  # Page 9 - 2020年报_审计局, then P. 9 (f06, f07)
    EM_DASH = "em_dash"  # — 3 —
    HYPHEN = "hyphen"  # - 3 -


class AgencyKind(StrEnum):
    PLACE = "place"  # the government of the place drawn: township, street office or county (the seeds)
    STREET_OFFICE = "street_office"  # 城关街道办事处
    COUNTY_GOVERNMENT = "county_government"  # 彰武县人民政府
    COUNTY_DEPARTMENT = "county_department"  # 彰武县教育局, 彰武县卫生健康委员会, 彰武县政务服务中心
    CITY_DEPARTMENT = "city_department"  # 阜新市自然资源局
    PROVINCIAL_OFFICE = "provincial_office"  # 辽宁省生态环境厅, 辽宁省人民政府办公厅


class MetaStyle(StrEnum):
    """Where the text states who published the report and for which year."""

    TITLE = "title"  # in the title (the seeds)
    YEAR_FIRST = "year_first"  # the title preceded by "2022年度", on its line or the one above
    SOURCE_LINE = "source_line"  # a title without the agency; the agency only in a 来源:/发布机构: line
    SIGNATURE = "signature"  # a title without the agency; the agency and a date signed at the end
    UNSTATED = "unstated"  # neither the agency (nor its place) nor the year anywhere in the text


class PrintedCell(BaseModel):
    """A cell printed otherwise than as its plain number; ``text`` "" is a blank cell."""

    model_config = ConfigDict(frozen=True)

    text: str  # as the file holds it: "减3", "+21", "47.10万元", ""
    unit: str | None = None  # the unit printed with the figure, never converted


class ReportSpec(BaseModel):
    """The truth behind one synthetic report; ``render`` turns it into text.

    ``values`` holds only the tables the report has; ``narrative[0]`` is the opening paragraph(s) before
    section 一, ``narrative[n]`` the paragraphs of section n. ``expected_findings`` is empty when balanced.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    place: str
    level: Level
    county: str | None
    city: str
    province: str  # one-character abbreviation for the ICP line, e.g. 辽
    agency: str
    year: int
    table_format: TableFormat
    script: Script = Script.SIMPLIFIED
    layout: Layout = Layout.TAB
    label_mode: LabelMode = LabelMode.EMPTY
    label_style: LabelStyle = LabelStyle.OFFICIAL
    title_style: TitleStyle = TitleStyle.PLAIN
    heading_style: HeadingStyle = HeadingStyle.CHINESE
    website_footer: bool = False
    numbers_with_spaces: bool = False
    wrapped_cells: bool = False  # cell_per_line only: header words and group labels broken over lines (001, 003)
    encoding: str = "utf-8"  # for write_corpus: "utf-8" or "gb18030"
    publish_date: str | None = None
    values: dict[TableId, dict[tuple[str, str], Value]]
    expected_findings: tuple[ExpectedFinding, ...] = ()
    narrative: dict[int, tuple[str, ...]]
    render_seed: int = 0  # cosmetic choices inside render (padding, which rows split, pinyin positions)
    # Variants (index.testing.variants.with_variants sets them); the defaults render as before.
    form: Form = Form.TEXT
    t4_header: T4Header = T4Header.OFFICIAL
    page_marks: PageMark = PageMark.NONE
    broken_labels: bool = False  # PDF_TEXT: a long row label over two lines, the numbers after its second half
    t3_detached: bool = False  # MARKDOWN: some table-3 row labels in one block, their numbers in the next (f02)
    year_in_headers: bool = False  # 本年(2023)制发件数
    pinyin_everywhere: bool = False  # TRADITIONAL: a converter's pinyin after every listed character, names too
    spam: bool = False  # a mirror copy: gambling words in the chrome and in place of 政府信息公开 in the prose
    mojibake: bool = False  # clauses of the prose as UTF-8 read as GBK (“三審三?!敝贫?)
    agency_kind: AgencyKind = AgencyKind.PLACE
    meta_style: MetaStyle = MetaStyle.TITLE
    printed: dict[tuple[TableId, str, str], PrintedCell] = {}  # signed changes, money with units, blanks

    @property
    def tables_present(self) -> tuple[TableId, ...]:
        return tuple(table for table in TableId if table in self.values)

    @property
    def balanced(self) -> bool:
        return not self.expected_findings

    def cells(self) -> dict[tuple[TableId, str, str], Value | None]:
        """Every cell as {(table, row key, column key): value}: what a parse must give back (None: blank)."""
        return {
            (table, row, column): None if self.is_blank(table, row, column) else value
            for table, cells in self.values.items()
            for (row, column), value in cells.items()
        }

    def is_blank(self, table: TableId, row: str, column: str) -> bool:
        printed = self.printed.get((table, row, column))
        return printed is not None and printed.text == ""

    def expected_cells(self) -> dict[tuple[TableId, str, str], ExpectedCell]:
        """Every cell with its kind, and for a cell in ``printed`` the raw text and unit a parse must keep."""
        expected = {}
        for key, value in self.cells().items():
            printed = self.printed.get(key)
            kind = CellKind.BLANK if value is None else CellKind.NUMBER
            raw, unit = (printed.text, printed.unit) if printed else (None, None)
            expected[key] = ExpectedCell(kind, value, raw, unit)
        return expected

    @property
    def full_agency(self) -> str:
        """The agency as a title names it, with the county above a township: 彰武县平安镇人民政府."""
        if self.agency_kind == AgencyKind.PLACE and self.county and not self.agency.startswith(self.county):
            return self.county + self.agency
        return self.agency
