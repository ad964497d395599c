"""Domain models: one definition of report, table, cell, finding and warning for the whole project."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class TableId(StrEnum):
    T2 = "t2"  # 主动公开政府信息情况 (第二十条)
    T3 = "t3"  # 收到和处理政府信息公开申请情况
    T4 = "t4"  # 行政复议、行政诉讼情况


class TableFormat(StrEnum):
    V2019 = "2019"  # 国办公开办函〔2019〕60号 trial format
    V2021 = "2021"  # 国办公开办函〔2021〕30号 format


class CellKind(StrEnum):
    NUMBER = "number"
    BLANK = "blank"
    SLASH = "slash"  # "/", "-", "—": the report says "not applicable", which is not 0
    MISSING = "missing"  # the cell could not be read from the file
    # Not printed, but fixed by the rest of its row (every printed figure 0 in a row that cannot be
    # negative, or a row total that leaves one gap): the value with the rule in ``Cell.inferred_by``.
    INFERRED = "inferred"


class Level(StrEnum):
    TOWNSHIP = "乡"
    TOWN = "镇"
    SUBDISTRICT = "街道"
    DISTRICT = "区"
    COUNTY = "县"
    CITY = "市"
    PROVINCE = "省"
    DEPARTMENT = "部门"


class MetaOrigin(StrEnum):
    """Where a metadata value came from."""

    TEXT = "text"  # the report's own text (title, opening sentence, signature, 来源 line, page title)
    FILE_NAME = "file_name"  # the name of the file ("2022年XX镇政府信息公开工作年度报告.html")
    GAZETTEER = "gazetteer"  # the one division of that name in the national gazetteer
    USER = "user"  # given by the user (command line, sidecar manifest, import or report page)


class Script(StrEnum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"


class Cell(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: TableId
    row: str
    column: str
    value: int | Decimal | None
    kind: CellKind
    raw: str = Field(description="the cell text as it stands in the original file")
    line: int | None = Field(description="1-based line number in the original file")
    unit: str | None = None  # a unit printed with the figure ("元" in 251000元, "万元"), never converted
    inferred_by: str | None = None  # for INFERRED cells: the rule that fixes the value (Chinese, for users)


class Table(BaseModel):
    id: TableId
    format: TableFormat
    cells: list[Cell]
    first_line: int
    last_line: int
    _by_key: dict[tuple[str, str], Cell] | None = PrivateAttr(default=None)

    @property
    def unread(self) -> bool:
        """The table's labels are in the file but none of its figures could be read."""
        return all(cell.kind == CellKind.MISSING for cell in self.cells)

    def cell(self, row: str, column: str) -> Cell | None:
        if self._by_key is None:
            self._by_key = {(cell.row, cell.column): cell for cell in self.cells}
        return self._by_key.get((row, column))


class Section(BaseModel):
    number: int = Field(ge=0, le=6, description="1–6 for the official sections, 0 for the text before 一")
    title: str
    heading_line: int | None  # None when the report has no heading for it
    first_line: int
    last_line: int


class ParseWarning(BaseModel):
    code: str
    message: str  # Chinese, for users
    table: TableId | None = None
    row: str | None = None
    line: int | None = None


class CellRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: TableId
    row: str
    column: str


class Finding(BaseModel):
    """A violated consistency rule (勾稽关系): data to show, not an error."""

    rule: str
    message: str  # Chinese, names both sides with their numbers
    table: TableId
    left: list[CellRef]
    right: list[CellRef]
    left_value: int | Decimal
    right_value: int | Decimal
    line: int | None = None  # for a number stated in the text: the original line that states it


class Metadata(BaseModel):
    agency: str | None
    place: str | None
    level: Level | None
    county: str | None
    year: int | None
    city: str | None = None
    province: str | None = None
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    publish_date: str | None = None
    format: TableFormat | None
    script: Script
    # Where each known field came from; a field absent here was read from the text.
    origins: dict[str, MetaOrigin] = {}
    # What the parser read for a field the user has since given or corrected (kept, shown beside it).
    as_read: dict[str, str | int | None] = {}


class SourceText(BaseModel):
    """A report file's text: original lines and their normalised twins, index for index."""

    path: str
    encoding: str
    script: Script
    original: list[str]
    normalised: list[str]
    pages: list[int] | None = None  # PDF: the page of each line, for citations (第3页)

    def original_line(self, line: int) -> str:
        return self.original[line - 1]


class Report(BaseModel):
    id: str
    source: str
    metadata: Metadata
    sections: list[Section]
    tables: dict[TableId, Table]
    boilerplate_lines: list[int] = []
    warnings: list[ParseWarning] = []
    findings: list[Finding] = []

    def table(self, table_id: TableId) -> Table | None:
        return self.tables.get(table_id)


class Passage(BaseModel):
    """A narrative passage: the unit of retrieval, with where it came from."""

    report_id: str
    agency: str | None
    place: str | None
    level: Level | None
    county: str | None
    year: int | None
    section_number: int
    section_path: list[str]
    text: str  # normalised text
    first_line: int  # original line span, 1-based, inclusive
    last_line: int

    def index_text(self) -> str:
        """What is embedded and indexed: agency + year + section path as a prefix, then the text.
        The prefix lets a question naming a place and year find its report's passages."""
        year = f"{self.year}年" if self.year else ""
        return f"{self.agency or self.place or ''} {year} {' > '.join(self.section_path)}：{self.text}"
