"""The figures a question can ask for: sets of catalogue rows and columns (the words for them are in
qa/lexicon.toml).

A *concept* names a set of rows (summed when more than one, and the answer says so) in one table, per
format; a *column concept* names a set of table-3 columns.
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
    columns: tuple[str, ...]


def _t3_rows(prefix: str, table_format: TableFormat) -> tuple[str, ...]:
    return tuple(row.key for row in rows_for(TableId.T3, table_format) if row.key.startswith(prefix))


def _t3(key: str, label: str, prefix: str) -> Concept:
    return Concept(
        key=key,
        label=label,
        table=TableId.T3,
        rows={fmt: _t3_rows(prefix, fmt) for fmt in (V2019, V2021) if _t3_rows(prefix, fmt)},
    )


def _t3_leaf(row_key: str) -> Concept:
    row = next(r for r in T3_ROWS if r.key == row_key)
    return Concept(key=f"t3:{row.label}", label=row.label, table=TableId.T3, rows={f: (row_key,) for f in row.formats})


def _t2(leaf: str, label: str | None = None) -> Concept:
    rows: dict[TableFormat, tuple[str, ...]] = {}
    for row in T2_ROWS:
        if row.key.endswith(f"/{leaf}"):
            for fmt in row.formats:
                rows[fmt] = (row.key,)
    return Concept(key=f"t2:{leaf}", label=label or leaf, table=TableId.T2, rows=rows)


def _t4(key: str, label: str, columns: tuple[str, ...]) -> Concept:
    return Concept(
        key=key,
        label=label,
        table=TableId.T4,
        rows={V2019: (T4_ROW,), V2021: (T4_ROW,)},
        columns={V2019: columns, V2021: columns},
    )


_R = "三、本年度办理结果"

CONCEPTS: tuple[Concept, ...] = (
    _t3("t3:received", "本年新收政府信息公开申请数量", "一、"),
    _t3("t3:carried_in", "上年结转政府信息公开申请数量", "二、"),
    _t3("t3:granted", "予以公开", f"{_R}/（一）"),
    _t3("t3:partly", "部分公开", f"{_R}/（二）"),
    _t3("t3:withheld", "不予公开（各项之和）", f"{_R}/（三）"),
    _t3("t3:unavailable", "无法提供（各项之和）", f"{_R}/（四）"),
    _t3("t3:not_handled", "不予处理（各项之和）", f"{_R}/（五）"),
    _t3("t3:other", "其他处理", f"{_R}/（六）"),
    _t3("t3:handled", "本年度办理结果总计", f"{_R}/（七）"),
    _t3("t3:carried_out", "结转下年度继续办理", "四、"),
    *(_t3_leaf(row.key) for row in T3_ROWS if row.key.count("/") == 2 and row.key.startswith(_R)),
    _t2("规章"),
    Concept(
        key="t2:规范性文件",
        label="规范性文件",
        table=TableId.T2,
        rows={V2021: ("第二十条第（一）项/行政规范性文件",), V2019: ("第二十条第（一）项/规范性文件",)},
    ),
    _t2("行政许可"),
    _t2("其他对外管理服务事项"),
    _t2("行政处罚"),
    _t2("行政强制"),
    _t2("行政事业性收费"),
    _t2("政府集中采购"),
    _t4("t4:review", "行政复议", ("行政复议/总计",)),
    _t4(
        "t4:litigation",
        "行政诉讼（未经复议直接起诉与复议后起诉之和）",
        (f"{T4_BLOCKS[1]}/总计", f"{T4_BLOCKS[2]}/总计"),
    ),
    _t4("t4:litigation_direct", "行政诉讼·未经复议直接起诉", (f"{T4_BLOCKS[1]}/总计",)),
    _t4("t4:litigation_after_review", "行政诉讼·复议后起诉", (f"{T4_BLOCKS[2]}/总计",)),
)

_ORGANISATIONS = tuple(c.key for c in T3_COLUMNS if c.key.startswith("法人或其他组织/"))
COLUMN_CONCEPTS: tuple[ColumnConcept, ...] = (
    ColumnConcept(key="natural", label="自然人", columns=("自然人",)),
    ColumnConcept(
        key="business",
        label="商业企业",
        columns=("法人或其他组织/商业企业",),
    ),
    ColumnConcept(key="research", label="科研机构", columns=("法人或其他组织/科研机构",)),
    ColumnConcept(
        key="nonprofit",
        label="社会公益组织",
        columns=("法人或其他组织/社会公益组织",),
    ),
    ColumnConcept(
        key="legal",
        label="法律服务机构",
        columns=("法人或其他组织/法律服务机构",),
    ),
    ColumnConcept(key="other_organisation", label="法人或其他组织·其他", columns=("法人或其他组织/其他",)),
    ColumnConcept(
        key="organisations",
        label="法人或其他组织（五类之和）",
        columns=_ORGANISATIONS,
    ),
    ColumnConcept(key="total", label="总计", columns=("总计",)),
)
DEFAULT_T3_COLUMN = "total"


CONCEPTS_BY_KEY = {concept.key: concept for concept in CONCEPTS}
COLUMN_CONCEPTS_BY_KEY = {column.key: column for column in COLUMN_CONCEPTS}


# ---- derived figures: rates of two sums of figures ------------------------------------------------


class Term(BaseModel):
    """One figure of a rate: a concept, in one table-3 column concept or one table-4 result."""

    model_config = ConfigDict(frozen=True)

    concept: str
    t4_result: str | None = None


class Rate(BaseModel):
    """A rate: the sum of ``numerator`` over the sum of ``denominator`` in one report, as a percentage."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    zero: str  # why there is no rate when the denominator is 0 (Chinese, for users)

    def made_of(self, asked: set[tuple[str, str | None]]) -> bool:
        """Whether figures asked ((concept, table-4 result)) are exactly this rate's numerator (予以公开 and
        部分公开: 公开率)."""
        return bool(asked) and asked == {(term.concept, term.t4_result) for term in self.numerator}


RATES: tuple[Rate, ...] = (
    Rate(
        key="rate:open",
        label="公开率",
        numerator=(Term(concept="t3:granted"), Term(concept="t3:partly")),
        denominator=(Term(concept="t3:handled"),),
        zero="该报告本年没有办理完毕的申请（办理结果总计为0），无法计算公开率",
    ),
    Rate(
        key="rate:done",
        label="办结率",
        numerator=(Term(concept="t3:handled"),),
        denominator=(Term(concept="t3:received"), Term(concept="t3:carried_in")),
        zero="该报告本年既无新收申请也无上年结转申请，无法计算办结率",
    ),
    Rate(
        key="rate:review_corrected",
        label="复议纠错率",
        numerator=(Term(concept="t4:review", t4_result="结果纠正"),),
        denominator=(Term(concept="t4:review"),),
        zero="该报告本年没有行政复议案件（行政复议总计为0），无法计算复议纠错率",
    ),
    Rate(
        key="rate:litigation_corrected",
        label="诉讼纠错率",
        numerator=(Term(concept="t4:litigation", t4_result="结果纠正"),),
        denominator=(Term(concept="t4:litigation"),),
        zero="该报告本年没有行政诉讼案件（行政诉讼总计为0），无法计算诉讼纠错率",
    ),
)
RATES_BY_KEY = {rate.key: rate for rate in RATES}
