"""The official table catalogue for both formats: every row and column once, with how it is matched.

Parser, checks, qa and app all read labels from here; nothing else spells a table label.
Row and column keys are the label paths used by the hand-read gold data (``shared/gold/seeds.json``).
"""

from __future__ import annotations

import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from index.models import TableFormat, TableId
from index.normalise import label_key

_ENUMERATOR = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.)")
BOTH = (TableFormat.V2019, TableFormat.V2021)
ONLY_2019 = (TableFormat.V2019,)
ONLY_2021 = (TableFormat.V2021,)


class ColumnSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: str  # short Chinese label for users
    aliases: tuple[str, ...] = ()
    # Columns of the two formats that count the same thing share a meaning; only they may be compared
    # across formats, and a row's column with a meaning is its headline figure.
    meaning: str | None = None


class RowSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    table: TableId
    formats: tuple[TableFormat, ...]
    label: str  # short Chinese label for users
    match: tuple[str, ...]  # label fragments that identify the row in a report's text
    columns: tuple[ColumnSpec, ...]

    @cached_property
    def match_keys(self) -> tuple[str, ...]:
        return tuple(label_key(m) for m in self.match)

    @property
    def headline(self) -> ColumnSpec:
        """The one figure of a row when a question asks for one and names no column."""
        return next((c for c in self.columns if c.meaning), self.columns[0])

    @cached_property
    def leaf_key(self) -> str:
        """The whole official label of the row, without its numbering (（二）, 1.)."""
        return label_key(leaf_label(self.key))


def leaf_label(key: str) -> str:
    """The last part of a row key without its numbering: …/（三）不予公开/1.属于国家秘密 → 属于国家秘密."""
    return _ENUMERATOR.sub("", key.rsplit("/", 1)[-1])


def _columns(*labels: str) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(key=label, label=label) for label in labels)


T3_COLUMNS = (
    ColumnSpec(key="自然人", label="自然人"),
    ColumnSpec(key="法人或其他组织/商业企业", label="商业企业", aliases=("企业",)),
    ColumnSpec(key="法人或其他组织/科研机构", label="科研机构"),
    ColumnSpec(key="法人或其他组织/社会公益组织", label="社会公益组织", aliases=("社会组织", "公益组织")),
    ColumnSpec(key="法人或其他组织/法律服务机构", label="法律服务机构", aliases=("律所",)),
    ColumnSpec(key="法人或其他组织/其他", label="其他法人或其他组织"),
    ColumnSpec(key="总计", label="总计"),
)
T3_TOTAL_COLUMN = "总计"

_T4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_BLOCKS = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
T4_COLUMNS = tuple(
    ColumnSpec(key=f"{block}/{result}", label=f"{block.replace('/', '·')}·{result}")
    for block in T4_BLOCKS
    for result in _T4_RESULTS
)
T4_ROW = "行政复议、行政诉讼"

T2_COLUMNS_2021_DOCS = _columns("本年制发件数", "本年废止件数", "现行有效件数")
T2_COLUMNS_2019_DOCS = _columns("本年新制作数量", "本年新公开数量", "对外公开总数量")
_DECISIONS = "decisions made this year"
T2_COLUMNS_2019_ITEMS = (
    *_columns("上一年项目数量", "本年增/减"),
    ColumnSpec(key="处理决定数量", label="处理决定数量", meaning=_DECISIONS),
)
T2_DECISIONS_2021 = (ColumnSpec(key="本年处理决定数量", label="本年处理决定数量", meaning=_DECISIONS),)


def _t2(key: str, formats: tuple[TableFormat, ...], columns: tuple[ColumnSpec, ...], *extra: str) -> RowSpec:
    leaf = key.rsplit("/", 1)[1]
    return RowSpec(key=key, table=TableId.T2, formats=formats, label=leaf, match=(leaf, *extra), columns=columns)


T2_ROWS = (
    _t2("第二十条第（一）项/规章", ONLY_2021, T2_COLUMNS_2021_DOCS),
    _t2("第二十条第（一）项/行政规范性文件", ONLY_2021, T2_COLUMNS_2021_DOCS, "规范性文件"),
    _t2("第二十条第（五）项/行政许可", ONLY_2021, T2_DECISIONS_2021),
    _t2("第二十条第（六）项/行政处罚", ONLY_2021, T2_DECISIONS_2021),
    _t2("第二十条第（六）项/行政强制", ONLY_2021, T2_DECISIONS_2021),
    _t2("第二十条第（八）项/行政事业性收费", ONLY_2021, _columns("本年收费金额（万元）")),
    _t2("第二十条第（一）项/规章", ONLY_2019, T2_COLUMNS_2019_DOCS),
    _t2("第二十条第（一）项/规范性文件", ONLY_2019, T2_COLUMNS_2019_DOCS),
    _t2("第二十条第（五）项/行政许可", ONLY_2019, T2_COLUMNS_2019_ITEMS),
    _t2("第二十条第（五）项/其他对外管理服务事项", ONLY_2019, T2_COLUMNS_2019_ITEMS),
    _t2("第二十条第（六）项/行政处罚", ONLY_2019, T2_COLUMNS_2019_ITEMS),
    _t2("第二十条第（六）项/行政强制", ONLY_2019, T2_COLUMNS_2019_ITEMS),
    _t2("第二十条第（八）项/行政事业性收费", ONLY_2019, _columns("上一年项目数量", "本年增/减")),
    _t2("第二十条第（九）项/政府集中采购", ONLY_2019, _columns("采购项目数量", "采购总金额")),
)

# Column headers that only one format's table 2 has: the format is read from these, not from the year.
# Without 本年 where a header may put the year in its place (本年(2023)废止件数, 2023年制发件数).
T2_FORMAT_MARKERS = {
    TableFormat.V2021: ("制发件数", "废止件数", "现行有效件", "本年处理决定数量", "收费金额"),
    TableFormat.V2019: ("新制作数量", "新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量"),
}
# Without 第 before the item too ("第二十条(一)项"): label keys drop the brackets, not the words.
T2_START = ("第二十条第（一）项", "第二十条（一）项")
# How a figure may be written in a cell besides its digits: a change in words (减3 is -3) and a money unit
# printed with the amount (251000元, 47.10万元), kept as printed and never converted.
CHANGE_WORDS = {"增": 1, "减": -1}
VALUE_UNITS = ("万元", "元")

_RESULTS = "三、本年度办理结果"
_WITHHELD = f"{_RESULTS}/（三）不予公开"
_UNAVAILABLE = f"{_RESULTS}/（四）无法提供"
_NOT_HANDLED = f"{_RESULTS}/（五）不予处理"
_OTHER = f"{_RESULTS}/（六）其他处理"


def _t3(key: str, label: str, *match: str, formats: tuple[TableFormat, ...] = BOTH) -> RowSpec:
    return RowSpec(key=key, table=TableId.T3, formats=formats, label=label, match=match, columns=T3_COLUMNS)


T3_ROWS = (
    _t3("一、本年新收政府信息公开申请数量", "本年新收申请", "本年新收"),
    _t3("二、上年结转政府信息公开申请数量", "上年结转申请", "上年结转"),
    _t3(f"{_RESULTS}/（一）予以公开", "予以公开", "予以公开"),
    _t3(f"{_RESULTS}/（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", "部分公开"),
    _t3(f"{_WITHHELD}/1.属于国家秘密", "不予公开·属于国家秘密", "属于国家秘密"),
    _t3(f"{_WITHHELD}/2.其他法律行政法规禁止公开", "不予公开·其他法律行政法规禁止公开", "法律行政法规禁止公开"),
    _t3(f"{_WITHHELD}/3.危及“三安全一稳定”", "不予公开·危及“三安全一稳定”", "三安全一稳定"),
    _t3(f"{_WITHHELD}/4.保护第三方合法权益", "不予公开·保护第三方合法权益", "保护第三方合法权益"),
    _t3(f"{_WITHHELD}/5.属于三类内部事务信息", "不予公开·属于三类内部事务信息", "三类内部事务"),
    _t3(f"{_WITHHELD}/6.属于四类过程性信息", "不予公开·属于四类过程性信息", "四类过程性"),
    _t3(f"{_WITHHELD}/7.属于行政执法案卷", "不予公开·属于行政执法案卷", "行政执法案卷"),
    _t3(f"{_WITHHELD}/8.属于行政查询事项", "不予公开·属于行政查询事项", "行政查询事项", "行政查找事项"),
    _t3(f"{_UNAVAILABLE}/1.本机关不掌握相关政府信息", "无法提供·本机关不掌握相关政府信息", "不掌握相关政府信息"),
    _t3(f"{_UNAVAILABLE}/2.没有现成信息需要另行制作", "无法提供·没有现成信息需要另行制作", "没有现成信息"),
    _t3(f"{_UNAVAILABLE}/3.补正后申请内容仍不明确", "无法提供·补正后申请内容仍不明确", "补正后申请内容仍不明确"),
    _t3(f"{_NOT_HANDLED}/1.信访举报投诉类申请", "不予处理·信访举报投诉类申请", "信访举报投诉"),
    _t3(f"{_NOT_HANDLED}/2.重复申请", "不予处理·重复申请", "重复申请"),
    _t3(f"{_NOT_HANDLED}/3.要求提供公开出版物", "不予处理·要求提供公开出版物", "公开出版物"),
    _t3(f"{_NOT_HANDLED}/4.无正当理由大量反复申请", "不予处理·无正当理由大量反复申请", "大量反复申请"),
    _t3(
        f"{_NOT_HANDLED}/5.要求行政机关确认或重新出具已获取信息",
        "不予处理·要求行政机关确认或重新出具已获取信息",
        "确认或重新出具",
    ),
    _t3(f"{_RESULTS}/（六）其他处理", "其他处理", "其他处理", formats=ONLY_2019),
    _t3(
        f"{_OTHER}/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理·申请人逾期不补正",
        "逾期不补正",
        formats=ONLY_2021,
    ),
    _t3(
        f"{_OTHER}/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理·申请人逾期未缴纳费用",
        "逾期未按收费通知",
        "缴纳费用",
        formats=ONLY_2021,
    ),
    _t3(f"{_OTHER}/3.其他", "其他处理·其他", "其他", formats=ONLY_2021),
    _t3(f"{_RESULTS}/（七）总计", "办理结果总计", "总计"),
    _t3("四、结转下年度继续办理", "结转下年度继续办理", "结转下年度"),
)
T3_RECEIVED = T3_ROWS[0].key
T3_CARRIED_IN = T3_ROWS[1].key
T3_RESULTS_TOTAL = f"{_RESULTS}/（七）总计"
T3_CARRIED_OUT = T3_ROWS[-1].key
T3_START = T3_ROWS[0].match
T3_2021_MARKERS = ("逾期不补正", "逾期未按收费通知")
T3_2019_MARKER = "其他处理"  # a row of its own in 2019; in 2021 the parent of the two markers above
# Table 3's column header: the table is in the file even when no row of it is (a page cut after it).
T3_HEADER = ("申请人情况",)
T4_START = ("行政复议",)

# The six narrative sections, in order: the words that identify each heading.
SECTION_TITLES = (
    ("总体情况", ("总体情况",)),
    ("主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息")),
    ("收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "依申请公开政府信息情况")),
    ("政府信息公开行政复议、行政诉讼情况", ("行政复议", "行政诉讼")),
    ("存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进", "存在问题及改进")),
    ("其他需要报告的事项", ("其他需要报告", "其它需要报告")),
)


def rows_for(table: TableId, table_format: TableFormat) -> tuple[RowSpec, ...]:
    """Rows of table 2 or 3 in that format (table 4 is one row: ``T4_ROW`` × ``T4_COLUMNS``)."""
    if table == TableId.T4:
        raise ValueError("table 4 has one row, T4_ROW, with the columns T4_COLUMNS")
    rows = T2_ROWS if table == TableId.T2 else T3_ROWS
    return tuple(row for row in rows if table_format in row.formats)


def columns_for(table: TableId) -> tuple[ColumnSpec, ...]:
    return T4_COLUMNS if table == TableId.T4 else T3_COLUMNS


def t2_row(key: str, table_format: TableFormat) -> RowSpec:
    return next(row for row in T2_ROWS if row.key == key and table_format in row.formats)


def t2_column_formats(column: str) -> tuple[TableFormat, ...]:
    """The formats whose table 2 has a column of this key (本年新制作数量: only the 2019 one)."""
    return tuple(fmt for fmt in BOTH if any(fmt in r.formats and column in {c.key for c in r.columns} for r in T2_ROWS))
