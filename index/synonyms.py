"""Everyday question words → catalogue rows and columns (data, next to the row catalogue).

A *concept* names a set of rows (summed when more than one, and the answer says so) in one table, per
format; a *column concept* names a set of table-3 columns. Words are matched longest first, so
"部分公开" wins over "公开" and "法律服务机构" over "机构".
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from index.catalog import T2_ROWS, T3_COLUMNS, T3_ROWS, T4_BLOCKS, T4_ROW, rows_for
from index.models import TableFormat, TableId

V2019, V2021 = TableFormat.V2019, TableFormat.V2021


class Concept(BaseModel):
    """Rows of one table that a question word means, per format; columns fixed where the word implies one."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str  # Chinese, for answers
    words: tuple[str, ...]
    table: TableId
    rows: dict[TableFormat, tuple[str, ...]]
    columns: dict[TableFormat, tuple[str, ...]] = {}  # empty: the question's column words, else the default

    def rows_for(self, table_format: TableFormat) -> tuple[str, ...]:
        return self.rows.get(table_format, ())

    @property
    def is_sum(self) -> bool:
        return any(len(rows) > 1 for rows in self.rows.values())


class ColumnConcept(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    words: tuple[str, ...]
    columns: tuple[str, ...]


def _t3_rows(prefix: str, table_format: TableFormat) -> tuple[str, ...]:
    return tuple(row.key for row in rows_for(TableId.T3, table_format) if row.key.startswith(prefix))


def _t3(key: str, label: str, words: tuple[str, ...], prefix: str) -> Concept:
    return Concept(
        key=key,
        label=label,
        words=words,
        table=TableId.T3,
        rows={fmt: _t3_rows(prefix, fmt) for fmt in (V2019, V2021) if _t3_rows(prefix, fmt)},
    )


def _t3_leaf(row_key: str, words: tuple[str, ...]) -> Concept:
    row = next(r for r in T3_ROWS if r.key == row_key)
    return Concept(
        key=f"t3:{row.label}", label=row.label, words=words, table=TableId.T3, rows={f: (row_key,) for f in row.formats}
    )


def _t2(leaf: str, words: tuple[str, ...], label: str | None = None) -> Concept:
    rows: dict[TableFormat, tuple[str, ...]] = {}
    for row in T2_ROWS:
        if row.key.endswith(f"/{leaf}"):
            for fmt in row.formats:
                rows[fmt] = (row.key,)
    return Concept(key=f"t2:{leaf}", label=label or leaf, words=words, table=TableId.T2, rows=rows)


_R = "三、本年度办理结果"

CONCEPTS: tuple[Concept, ...] = (
    _t3(
        "t3:received",
        "本年新收政府信息公开申请数量",
        ("新收", "收到", "受理", "申请数量", "多少申请", "几件申请", "申请量", "收到申请", "依申请公开"),
        "一、",
    ),
    _t3("t3:carried_in", "上年结转政府信息公开申请数量", ("上年结转", "结转上年", "上年度结转"), "二、"),
    _t3("t3:granted", "予以公开", ("予以公开", "同意公开", "全部公开"), f"{_R}/（一）"),
    _t3("t3:partly", "部分公开", ("部分公开",), f"{_R}/（二）"),
    _t3(
        "t3:withheld",
        "不予公开（各项之和）",
        ("不予公开", "不公开", "拒绝公开", "不予以公开", "不同意公开"),
        f"{_R}/（三）",
    ),
    _t3("t3:unavailable", "无法提供（各项之和）", ("无法提供",), f"{_R}/（四）"),
    _t3("t3:not_handled", "不予处理（各项之和）", ("不予处理", "不予受理"), f"{_R}/（五）"),
    _t3("t3:other", "其他处理", ("其他处理",), f"{_R}/（六）"),
    _t3(
        "t3:handled",
        "本年度办理结果总计",
        ("办理结果总计", "办结", "办理总数", "处理总数", "办理了多少"),
        f"{_R}/（七）",
    ),
    _t3(
        "t3:carried_out",
        "结转下年度继续办理",
        ("结转下年度", "结转下年", "转入下年", "继续办理", "未办结", "尚未办结"),
        "四、",
    ),
    _t3_leaf(f"{_R}/（三）不予公开/1.属于国家秘密", ("国家秘密",)),
    _t3_leaf(f"{_R}/（三）不予公开/2.其他法律行政法规禁止公开", ("法律行政法规禁止公开",)),
    _t3_leaf(f"{_R}/（三）不予公开/3.危及“三安全一稳定”", ("三安全一稳定",)),
    _t3_leaf(f"{_R}/（三）不予公开/4.保护第三方合法权益", ("第三方合法权益", "第三方")),
    _t3_leaf(f"{_R}/（三）不予公开/5.属于三类内部事务信息", ("内部事务",)),
    _t3_leaf(f"{_R}/（三）不予公开/6.属于四类过程性信息", ("过程性信息",)),
    _t3_leaf(f"{_R}/（三）不予公开/7.属于行政执法案卷", ("行政执法案卷", "执法案卷")),
    _t3_leaf(f"{_R}/（三）不予公开/8.属于行政查询事项", ("行政查询事项",)),
    _t3_leaf(f"{_R}/（四）无法提供/1.本机关不掌握相关政府信息", ("不掌握", "本机关不掌握")),
    _t3_leaf(f"{_R}/（四）无法提供/2.没有现成信息需要另行制作", ("没有现成信息", "另行制作")),
    _t3_leaf(f"{_R}/（四）无法提供/3.补正后申请内容仍不明确", ("补正后申请内容仍不明确", "仍不明确")),
    _t3_leaf(f"{_R}/（五）不予处理/1.信访举报投诉类申请", ("信访举报投诉", "信访")),
    _t3_leaf(f"{_R}/（五）不予处理/2.重复申请", ("重复申请",)),
    _t3_leaf(f"{_R}/（五）不予处理/3.要求提供公开出版物", ("公开出版物",)),
    _t3_leaf(f"{_R}/（五）不予处理/4.无正当理由大量反复申请", ("大量反复申请", "反复申请")),
    _t3_leaf(f"{_R}/（五）不予处理/5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或重新出具")),
    _t3_leaf(f"{_R}/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正",)),
    _t3_leaf(
        f"{_R}/（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("逾期未缴纳费用", "未按收费通知", "逾期未缴费"),
    ),
    _t2("规章", ("规章",)),
    Concept(
        key="t2:规范性文件",
        label="规范性文件",
        words=("规范性文件", "红头文件"),
        table=TableId.T2,
        rows={V2021: ("第二十条第（一）项/行政规范性文件",), V2019: ("第二十条第（一）项/规范性文件",)},
    ),
    _t2("行政许可", ("行政许可", "许可")),
    _t2("其他对外管理服务事项", ("其他对外管理服务事项", "对外管理服务事项")),
    _t2("行政处罚", ("行政处罚", "处罚")),
    _t2("行政强制", ("行政强制", "强制")),
    _t2("行政事业性收费", ("行政事业性收费", "收费金额", "收费")),
    _t2("政府集中采购", ("政府集中采购", "集中采购", "采购")),
    Concept(
        key="t4:review",
        label="行政复议",
        words=("行政复议", "复议"),
        table=TableId.T4,
        rows={V2019: (T4_ROW,), V2021: (T4_ROW,)},
        columns={V2019: ("行政复议/总计",), V2021: ("行政复议/总计",)},
    ),
    Concept(
        key="t4:litigation",
        label="行政诉讼（未经复议直接起诉与复议后起诉之和）",
        words=("行政诉讼", "诉讼", "起诉"),
        table=TableId.T4,
        rows={V2019: (T4_ROW,), V2021: (T4_ROW,)},
        columns={f: (f"{T4_BLOCKS[1]}/总计", f"{T4_BLOCKS[2]}/总计") for f in (V2019, V2021)},
    ),
)

# Words for table-4 results within a block: 行政复议 被纠正 → 行政复议/结果纠正.
T4_RESULT_WORDS: dict[str, tuple[str, ...]] = {
    "结果维持": ("维持",),
    "结果纠正": ("纠正", "被纠错", "纠错"),
    "其他结果": ("其他结果",),
    "尚未审结": ("尚未审结", "未审结", "未结"),
}

# Table-2 column words: the column whose label contains the catalogue label is chosen.
T2_COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "本年制发件数": ("制发", "新制发", "本年制发", "发布了多少"),
    "本年废止件数": ("废止",),
    "现行有效件数": ("现行有效", "有效"),
    "本年新制作数量": ("新制作", "制作"),
    "本年新公开数量": ("新公开",),
    "对外公开总数量": ("对外公开总数", "公开总数"),
    "上一年项目数量": ("上一年项目", "上年项目"),
    "本年增/减": ("增减", "增/减", "增加", "减少"),
    "处理决定数量": ("处理决定", "决定数量"),
    "本年处理决定数量": ("处理决定", "决定数量"),
    "本年收费金额（万元）": ("收费金额", "金额"),
    "采购项目数量": ("采购项目",),
    "采购总金额": ("采购金额", "采购总金额", "金额"),
}

_ORGANISATIONS = tuple(c.key for c in T3_COLUMNS if c.key.startswith("法人或其他组织/"))
COLUMN_CONCEPTS: tuple[ColumnConcept, ...] = (
    ColumnConcept(key="natural", label="自然人", words=("自然人", "个人", "群众", "公民"), columns=("自然人",)),
    ColumnConcept(
        key="business",
        label="商业企业",
        words=("商业企业", "企业", "公司"),
        columns=("法人或其他组织/商业企业",),
    ),
    ColumnConcept(key="research", label="科研机构", words=("科研机构", "科研"), columns=("法人或其他组织/科研机构",)),
    ColumnConcept(
        key="nonprofit",
        label="社会公益组织",
        words=("社会公益组织", "公益组织", "社会组织"),
        columns=("法人或其他组织/社会公益组织",),
    ),
    ColumnConcept(
        key="legal",
        label="法律服务机构",
        words=("法律服务机构", "律师事务所", "律所", "律师"),
        columns=("法人或其他组织/法律服务机构",),
    ),
    ColumnConcept(
        key="organisations",
        label="法人或其他组织（五类之和）",
        words=("法人或其他组织", "法人", "单位申请", "组织"),
        columns=_ORGANISATIONS,
    ),
    ColumnConcept(key="total", label="总计", words=("总计", "合计", "总共", "一共", "总数"), columns=("总计",)),
)
DEFAULT_T3_COLUMN = "total"


def _longest_first(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    return sorted(pairs, key=lambda pair: -len(pair[0]))


CONCEPT_WORDS = _longest_first([(word, concept) for concept in CONCEPTS for word in concept.words])
COLUMN_WORDS = _longest_first([(word, column) for column in COLUMN_CONCEPTS for word in column.words])
CONCEPTS_BY_KEY = {concept.key: concept for concept in CONCEPTS}
COLUMN_CONCEPTS_BY_KEY = {column.key: column for column in COLUMN_CONCEPTS}
