"""Tables as real files write them: small excerpts in each real layout (the way tests/realworld/ files are
written), then the real files themselves where one shows the rule best.

Each excerpt is a rule about how reports are written, not a case of one file: a web page's CMS fragment, Word
markup that splits a number over tags, PDF text with page furniture inside a table, markdown from a PDF
conversion with labels and figures apart, figures with signs, units and blanks.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from index.layout import Token, TokenKind, tokenize, tokenize_line
from index.models import Cell, CellKind, Report, Table, TableFormat, TableId
from index.parse import parse_file, parse_text
from index.readers.sniff import Kind, sniff
from index.tables import infer_cells
from tests.support import realworld

R = "三、本年度办理结果"
RECEIVED = "一、本年新收政府信息公开申请数量"
CARRIED_OUT = "四、结转下年度继续办理"
T3_HEAD = [
    "三、收到和处理政府信息公开申请情况",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |",
    "自然人 | 法人或其他组织 | 总计 |",
    "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |",
]


def parse(lines: list[str]) -> Report:
    return parse_text(lines, "excerpt.txt").report


def cell(report: Report, table: TableId, row: str, column: str) -> Cell:
    found = report.tables[table].cell(row, column)
    assert found is not None, (table, row, column)
    return found


def codes(report: Report) -> set[str]:
    return {warning.code for warning in report.warnings}


def real(name: str) -> Report:
    return parse_file(realworld.path_of(f"reports/{name}"))


# ---- how a figure is written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12", 12, None),
        ("1,234", 1234, None),
        ("47.10", Decimal("47.10"), None),
        ("减3", -3, None),  # a change in words
        ("增5", 5, None),
        ("-35", -35, None),
        ("+21", 21, None),
        ("251000元", 251000, "元"),  # money with its unit: never converted
        ("47.10万元", Decimal("47.10"), "万元"),
        ("2792220.8元", Decimal("2792220.8"), "元"),
    ],
)
def test_a_figure_as_printed(text: str, value: int | Decimal, unit: str | None) -> None:
    [token] = tokenize_line(text, 1)
    assert token.kind == TokenKind.NUMBER
    assert (token.number, token.unit) == (value, unit)


@pytest.mark.parametrize("text", ["18件", "−18", "一八", "l8", "2020 年,我单位", "P. 9"])
def test_text_that_only_looks_like_a_figure(text: str) -> None:
    assert [token.kind for token in tokenize_line(text, 1)] == [TokenKind.TEXT]


def test_signed_changes_and_money_in_a_2019_table_two() -> None:
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "规章 | 0 | 0 | 0 |",
        "规范性文件 | 2 | 2 | 9 |",
        "第二十条第(五)项 |",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "行政许可 | 40 | 减3 | 37 |",
        "其他对外管理服务事项 | 12 | +21 | 33 |",
        "行政处罚 | 50 | -35 | 15 |",
        "第二十条第(九)项 |",
        "信息内容 | 采购项目数量 | 采购总金额 |",
        "政府集中采购 | 6 | 976.81万元 |",
    ]
    report = parse(lines)
    t2 = TableId.T2
    change = cell(report, t2, "第二十条第（五）项/行政许可", "本年增/减")
    assert (change.kind, change.value, change.raw) == (CellKind.NUMBER, -3, "减3")
    assert cell(report, t2, "第二十条第（五）项/其他对外管理服务事项", "本年增/减").value == 21
    assert cell(report, t2, "第二十条第（六）项/行政处罚", "本年增/减").raw == "-35"
    amount = cell(report, t2, "第二十条第（九）项/政府集中采购", "采购总金额")
    assert (amount.value, amount.unit, amount.raw) == (Decimal("976.81"), "万元", "976.81万元")


def test_a_year_inside_the_header_still_names_the_format() -> None:
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项",
        "信息内容\t本年(2023)制发件数\t本年(2023)废止件数\t现行有效件数",
        "规章\t0\t0\t0",
        "行政规范性文件\t3\t1\t20",
    ]
    report = parse(lines)
    assert report.tables[TableId.T2].format == TableFormat.V2021
    assert cell(report, TableId.T2, "第二十条第（一）项/行政规范性文件", "本年废止件数").value == 1


# ---- blank cells ----------------------------------------------------------------------------------


def test_an_empty_cell_between_pipes_is_blank_not_zero() -> None:
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | |",
        "第二十条第(五)项 |",
        "信息内容 | 本年处理决定数量 |",
        "行政许可 | ||||",
    ]
    report = parse(lines)
    rules = "第二十条第（一）项/规章"
    assert cell(report, TableId.T2, rules, "本年废止件数").value == 0
    blank = cell(report, TableId.T2, rules, "现行有效件数")
    assert (blank.kind, blank.value) == (CellKind.BLANK, None)
    assert cell(report, TableId.T2, "第二十条第（五）项/行政许可", "本年处理决定数量").kind == CellKind.BLANK


def test_empty_cells_at_both_edges_of_a_row_are_not_guessed() -> None:
    """ "规章 |  | 16 | 52 ||": a blank first column and padding after, or the label's merged cell and a blank
    last column: table 2 has no row total to tell, so the row is missing, never shifted."""
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 |  | 16 | 52 ||",
        "行政规范性文件 | 7 | 8 | 0 |",
    ]
    report = parse(lines)
    rules = "第二十条第（一）项/规章"
    columns = ("本年制发件数", "本年废止件数", "现行有效件数")
    assert {cell(report, TableId.T2, rules, column).kind for column in columns} == {CellKind.MISSING}
    assert "edge_blanks" in codes(report)


def test_tabs_after_a_rows_last_cell_are_padding() -> None:
    """Text exports end rows with a tab: six numbers and a trailing tab are a short row, not a blank 总计."""
    lines = [*T3_HEAD, f"{RECEIVED}\t\t0\t0\t0\t0\t0\t0\t", "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"]
    report = parse(lines)
    assert cell(report, TableId.T3, RECEIVED, "总计").kind == CellKind.MISSING
    assert "short_row" in codes(report)


def test_an_empty_first_cell_is_a_blank_column_where_the_row_total_says_so() -> None:
    """Seven cells for seven columns, the first empty: a blank 自然人 when 总计 is the sum under that reading;
    with every figure 0 nothing tells it from the label's merged cell, and the row stays unread."""
    carried_in = "二、上年结转政府信息公开申请数量"
    lines = [*T3_HEAD, f"{RECEIVED}\t\t9\t2\t4\t\t1\t16", f"{carried_in}\t\t0\t0\t0\t0\t0\t0", f"{CARRIED_OUT}\t0"]
    report = parse(lines)
    assert cell(report, TableId.T3, RECEIVED, "自然人").kind == CellKind.BLANK
    assert cell(report, TableId.T3, RECEIVED, "法人或其他组织/商业企业").value == 9
    assert cell(report, TableId.T3, RECEIVED, "总计").value == 16
    assert cell(report, TableId.T3, carried_in, "自然人").kind == CellKind.MISSING


def test_blank_applicant_cells_of_a_word_page(tmp_path: Path) -> None:
    """Word-exported HTML: numbers split over <span>s, the 法人 cells empty (<o:p> </o:p>), the label merged
    over three grid columns."""
    empty = "<td><p><span><o:p> </o:p></span></p></td>"
    label = '<td colspan="3"><span>一、本年新收政府信息公开</span><span>申请数量</span></td>'
    row = f"<tr>{label}<td><span>2</span><span>6</span></td>{empty * 5}<td>26</td></tr>"
    page = (
        "<!doctype html><html><body><h1>某局2023年政府信息公开年度报告</h1><p>三、收到和处理政府信息公开申请情况</p>"
        '<table><tr><td colspan="3" rowspan="2"></td><td colspan="7">申请人情况</td></tr>'
        "<tr><td>自然人</td><td>法人或其他组织</td><td></td><td></td><td></td><td></td><td>总计</td></tr>"
        f"{row}</table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report = parse_file(path)
    assert cell(report, TableId.T3, RECEIVED, "自然人").value == 26
    assert cell(report, TableId.T3, RECEIVED, "法人或其他组织/商业企业").kind == CellKind.BLANK
    assert cell(report, TableId.T3, RECEIVED, "总计").value == 26


def test_the_real_word_page_keeps_its_blank_cells() -> None:
    report = real("f04.txt")
    for row in (RECEIVED, f"{R}/（七）总计", CARRIED_OUT):
        kinds = [c.kind for c in report.tables[TableId.T3].cells if c.row == row]
        assert kinds[0] == kinds[-1] == CellKind.NUMBER and set(kinds[1:-1]) == {CellKind.BLANK}, row


# ---- web pages --------------------------------------------------------------------------------------

FRAGMENT = (
    r"<p style=\"text-align: center;\"><strong>某某镇人民政府2023年政府信息公开工作年度报告</strong></p>"
    r"<p>一、总体情况</p><p>本年度我镇认真贯彻落实《条例》。</p><p>二、主动公开政府信息情况</p>"
    r"<table border=\"1\"><tbody><tr><td colspan=\"4\">第二十条第（一）项</td></tr>"
    r"<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    r"<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
    r"<tr><td>行政规范性文件</td><td><span>1</span><span>2</span></td><td>&nbsp;</td><td>30</td></tr>"
    r"<tr><td colspan=\"4\">第二十条第（五）项</td></tr>"
    r"<tr><td>信息内容</td><td colspan=\"3\">本年处理决定数量</td></tr>"
    r"<tr><td>行政许可</td><td colspan=\"3\">35</td></tr></tbody></table><\/p>"
)


def test_a_cms_fragment_saved_as_text_is_read_as_a_web_page(tmp_path: Path) -> None:
    path = tmp_path / "content.txt"
    path.write_text(FRAGMENT, encoding="utf-8")
    assert sniff(path.read_bytes(), ".txt") == Kind.HTML
    report = parse_file(path)
    docs = "第二十条第（一）项/行政规范性文件"
    assert cell(report, TableId.T2, docs, "本年制发件数").value == 12  # one number over two <span>s
    assert cell(report, TableId.T2, docs, "本年废止件数").kind == CellKind.BLANK  # &nbsp;
    assert cell(report, TableId.T2, docs, "现行有效件数").value == 30
    assert cell(report, TableId.T2, "第二十条第（五）项/行政许可", "本年处理决定数量").value == 35


def test_a_report_that_mentions_a_tag_is_still_text() -> None:
    assert sniff("一、总体情况\n网页中的<p>标签不是报告的格式。\n".encode()) == Kind.TEXT


# ---- PDF text ---------------------------------------------------------------------------------------


def test_page_furniture_inside_a_table_is_no_value() -> None:
    """A table 3 row broken by a page: the running head and page number between its figures."""
    lines = [*T3_HEAD, f"{RECEIVED} 1 2 0", "— 3 —", "Page 3 - 2023年报_审计局", "P. 3", "0 0 0 3"]
    report = parse(lines)
    row = [c.value for c in report.tables[TableId.T3].cells if c.row == RECEIVED]
    assert row == [1, 2, 0, 0, 0, 0, 3]
    assert {6, 7, 8} <= set(report.boilerplate_lines)


def test_a_flipbook_page_with_a_stacked_table_four_header() -> None:
    report = real("f07.txt")
    t4 = report.tables[TableId.T4]
    assert [c.value for c in t4.cells] == [0] * 15 and t4.first_line == 7
    # The page begins with table 3's last row, one line of a label and seven figures.
    assert [c.value for c in report.tables[TableId.T3].cells if c.row == CARRIED_OUT] == [0] * 7


def test_review_in_the_overview_before_the_tables_is_no_table_four() -> None:
    """ "(三)因政府信息公开申请行政复议…的情况" in 总体情况 comes before table 2: table 2 is read."""
    report = real("v06.txt")
    assert TableId.T4 not in report.tables
    assert cell(report, TableId.T2, "第二十条第（一）项/行政规范性文件", "现行有效件数").value == 0


# ---- markdown from a PDF conversion --------------------------------------------------------------


def test_loose_label_lines_and_a_first_block_printed_last() -> None:
    report = real("f02.txt")
    assert cell(report, TableId.T2, "第二十条第（五）项/行政许可", "本年处理决定数量").value == 97
    assert cell(report, TableId.T2, "第二十条第（一）项/行政规范性文件", "现行有效件数").value == 55


def test_labels_printed_apart_from_their_figures() -> None:
    """Figures on lines of their own between two rows read from their own lines: the rows between, whose
    labels stand elsewhere, take them in order; each is named in a warning."""
    lines = [
        *T3_HEAD,
        f"| {RECEIVED} | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 三、 | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "|---|---|---|---|---|---|---|",
        "（二）部分公开（区分处理的，只",
        "计这一情形，不计其他情形）",
        "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    report = parse(lines)
    partial = f"{R}/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert [c.value for c in report.tables[TableId.T3].cells if c.row == partial] == [1, 0, 0, 0, 0, 0, 1]
    assert next(c.value for c in report.tables[TableId.T3].cells if c.row == f"{R}/（一）予以公开") == 2
    assert any(w.code == "labels_detached" and w.row == partial for w in report.warnings)


def test_the_shattered_table_three_of_a_pdf_conversion() -> None:
    t3 = real("f02.txt").tables[TableId.T3]
    unavailable = f"{R}/（四）无法提供"
    assert t3.cell(f"{unavailable}/1.本机关不掌握相关政府信息", "总计").value == 4  # type: ignore[union-attr]
    assert t3.cell(f"{unavailable}/2.没有现成信息需要另行制作", "自然人").value == 6  # type: ignore[union-attr]
    other = f"{R}/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert [c.value for c in t3.cells if c.row == other] == [8, 2, 0, 0, 0, 0, 10]
    assert t3.cell(CARRIED_OUT, "总计").kind == CellKind.BLANK  # type: ignore[union-attr]


def test_no_detached_figures_are_taken_without_the_rows_labels() -> None:
    """A line of bare figures where a row's label is nowhere in the table is no row's: left unread."""
    lines = [
        *T3_HEAD,
        f"| {RECEIVED} | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 三、 | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    ]
    report = parse(lines)
    carried_in = "二、上年结转政府信息公开申请数量"
    assert {c.kind for c in report.tables[TableId.T3].cells if c.row == carried_in} == {CellKind.MISSING}


# ---- labels ---------------------------------------------------------------------------------------


def test_a_short_label_with_an_explanation_after_it() -> None:
    """A regional template: 规章(设区的市、自治州人民政府应提供相关数据), one cell per line."""
    report = real("v03.txt")
    assert [c.value for c in report.tables[TableId.T2].cells if c.row == "第二十条第（一）项/规章"] == [0, 0, 0]


def test_traditional_labels_with_pinyin() -> None:
    lines = [
        "二、主動公開政府信息情況",
        "第二十條第(一)項 |",
        "信息內容 | 本年制發件數 | 本年廢止件數 | 現行有效件數 |",
        "規(guī)章 | 0 | 0 | 0 |",
        "行政規(guī)范性文件 | 2 | 0 | 4 |",
    ]
    report = parse(lines)
    assert cell(report, TableId.T2, "第二十条第（一）项/行政规范性文件", "现行有效件数").value == 4


def test_table_two_heading_without_di() -> None:
    report = real("v17.txt")  # 第二十条(一)项
    assert cell(report, TableId.T2, "第二十条第（一）项/规章", "本年新制作数量").value == 0


# ---- saying what is true about a table ------------------------------------------------------------


def test_a_table_whose_figures_cannot_be_read_is_kept_unread() -> None:
    """Table 3's header is in the file, its rows are not (the page ends): present, every cell missing."""
    report = real("v06.txt")
    t3 = report.tables[TableId.T3]
    assert t3.unread
    warning = next(w for w in report.warnings if w.code == "table_unread")
    assert warning.table == TableId.T3 and "表三" in warning.message and "无法读出" in warning.message


def test_tables_that_are_only_pictures_are_not_reported() -> None:
    report = real("v65.txt")
    assert report.tables == {}
    pictures = [w for w in report.warnings if w.code == "unread_content"]
    assert {w.table for w in pictures} == {TableId.T2, TableId.T3, TableId.T4}
    assert "1705995746322.jpg" in pictures[0].message


@pytest.mark.parametrize(
    "line",
    ["嚴格執行“三審三?!敝贫?,確保公開內容的合法性", "本年度共收到申请锟斤拷件", "æ”¿åºœä¿¡æ¯å…¬å¼€"],
)
def test_a_garbled_line_is_warned_and_read_on(tmp_path: Path, line: str) -> None:
    path = tmp_path / "mirror.txt"
    path.write_text(f"一、总体情况\n{line}\n二、主动公开政府信息情况\n", encoding="utf-8")
    report = parse_file(path)
    assert [(w.code, w.line) for w in report.warnings] == [("mojibake", 2)]
    assert [s.number for s in report.sections] == [1, 2]


def test_questions_and_latin_text_are_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("一、总体情况\n网址 http://www.gov.cn/?id=3 可查询。是否公开?是。Café\n", encoding="utf-8")
    assert parse_file(path).warnings == []


def test_a_report_without_table_text_has_no_tables() -> None:
    assert real("f05.txt").tables == {}


# ---- inferred cells --------------------------------------------------------------------------------


def _row_table(values: list[int | None], blank: int | None = None) -> Table:
    """A table 3 with one row as the parser leaves it: figures read, the rest missing (a cut row)."""
    columns = [c.column for c in real("f04.txt").tables[TableId.T3].cells if c.row == RECEIVED]
    cells = []
    for index, (column, value) in enumerate(zip(columns, values, strict=True)):
        kind = CellKind.BLANK if index == blank else CellKind.MISSING if value is None else CellKind.NUMBER
        shown = value if kind == CellKind.NUMBER else None
        cells.append(Cell(table=TableId.T3, row=RECEIVED, column=column, value=shown, kind=kind, raw="", line=1))
    return Table(id=TableId.T3, format=TableFormat.V2021, cells=cells, first_line=1, last_line=1)


def _values(table: Table) -> list[tuple[CellKind, int | Decimal | None]]:
    return [(c.kind, c.value) for c in table.cells]


N, INF, B = CellKind.NUMBER, CellKind.INFERRED, CellKind.BLANK


def test_a_total_that_the_printed_parts_reach_makes_the_rest_zero() -> None:
    table = infer_cells(_row_table([3, None, None, 0, 0, 0, 3]))
    assert _values(table) == [(N, 3), (INF, 0), (INF, 0), (N, 0), (N, 0), (N, 0), (N, 3)]
    assert all(c.inferred_by for c in table.cells if c.kind == INF)


def test_a_total_fixes_one_gap() -> None:
    table = infer_cells(_row_table([3, 1, None, 0, 0, 0, 6]))
    assert _values(table)[2] == (INF, 2)
    assert "总计" in (table.cells[2].inferred_by or "")


def test_a_missing_total_is_the_sum_of_its_printed_parts() -> None:
    assert _values(infer_cells(_row_table([3, 1, 2, 0, 0, 0, None])))[-1] == (INF, 6)


@pytest.mark.parametrize(
    "values",
    [
        [3, None, None, 0, 0, 0, 9],  # two gaps, 6 left: not determined
        [3, 5, None, 0, 0, 0, 6],  # the parts exceed the total: no negative figure is invented
        [None, None, None, None, None, None, None],  # nothing printed
    ],
)
def test_nothing_is_inferred_where_the_row_does_not_fix_it(values: list[int | None]) -> None:
    table = infer_cells(_row_table(values))
    assert all(c.kind != INF for c in table.cells)


def test_a_blank_cell_stays_blank_in_a_row_of_zeros() -> None:
    table = infer_cells(_row_table([0, None, 0, 0, 0, 0, 0], blank=1))
    assert _values(table)[1] == (B, None)


def test_the_tokens_of_an_excerpt_keep_their_lines() -> None:
    assert tokenize_line("行政许可 97", 7) == [Token(TokenKind.TEXT, "行政许可", 7), Token(TokenKind.NUMBER, "97", 7)]


def test_the_second_half_of_a_label_broken_inside_its_bracket_keeps_its_figures() -> None:
    """PDF text breaks （二）部分公开（区分处理的，只计这一情形，不计其他情形） after 区分: the commas are inside
    the bracket the line before opened, so the line is a label and seven figures, not narrative."""
    tokens = tokenize_line("处理的，只计这一情形，不计其他情形） 0 11 0 8 0 2 21", 3)
    assert [token.kind for token in tokens] == [TokenKind.TEXT, *[TokenKind.NUMBER] * 7]
    assert [token.kind for token in tokenize_line("全年共收到申请，其中 5", 3)] == [TokenKind.TEXT]


def test_a_line_of_just_a_tab_is_the_empty_cell_of_a_one_cell_a_line_table() -> None:
    kinds = [token.kind for token in tokenize(["\t规章", "\t39", "\t", "\t28", ""])]
    assert kinds == [TokenKind.TEXT, TokenKind.NUMBER, TokenKind.BLANK, TokenKind.NUMBER]
    assert tokenize(["规章\t39", "\t", "", "第二段"]) == tokenize(["规章\t39", "", "", "第二段"])  # no cell beside it
