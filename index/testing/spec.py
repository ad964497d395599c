"""ReportSpec: everything a synthetic report says, so a test can compare a parse with the truth."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from index.models import Level, Script, TableFormat, TableId
from index.testing.values import ExpectedFinding, Value


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

    @property
    def tables_present(self) -> tuple[TableId, ...]:
        return tuple(table for table in TableId if table in self.values)

    @property
    def balanced(self) -> bool:
        return not self.expected_findings

    def cells(self) -> dict[tuple[TableId, str, str], Value]:
        """Every cell as {(table, row key, column key): value}: what a parse must give back."""
        return {
            (table, row, column): value
            for table, cells in self.values.items()
            for (row, column), value in cells.items()
        }
