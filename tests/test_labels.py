"""Raw row labels as real files write them → catalogue rows. One table of cases is the spec."""

from __future__ import annotations

import pytest

from index.models import TableFormat, TableId
from index.normalise import normalise_lines
from index.tables import row_for_label

V2019, V2021 = TableFormat.V2019, TableFormat.V2021
T2, T3 = TableId.T2, TableId.T3
R = "三、本年度办理结果"

CASES = [
    (T3, V2021, "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
    (T3, V2021, "二、上年結轉政府信息公開申請數量", "二、上年结转政府信息公开申请数量"),
    (T3, V2021, "三、 本 年 度 办 理 结 果\t(一) 予以公开", f"{R}/（一）予以公开"),
    (
        T3,
        V2021,
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
        f"{R}/（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    (T3, V2019, "（三）不\n\n予\n\n公\n\n开\t1.属于国家秘密", f"{R}/（三）不予公开/1.属于国家秘密"),
    (T3, V2021, "3.危及“三安全一稳定”", f"{R}/（三）不予公开/3.危及“三安全一稳定”"),
    (T3, V2021, "8.屬於行政查詢事項", f"{R}/（三）不予公开/8.属于行政查询事项"),
    (T3, V2021, "(四) 无法提供\t1.本机关不掌握相关政府信息", f"{R}/（四）无法提供/1.本机关不掌握相关政府信息"),
    (T3, V2021, "4.无正当理由大量反复申请", f"{R}/（五）不予处理/4.无正当理由大量反复申请"),
    (
        T3,
        V2021,
        "(六) 其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{R}/（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        T3,
        V2021,
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        f"{R}/（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    (T3, V2021, "3. 其他", f"{R}/（六）其他处理/3.其他"),
    (T3, V2019, "（六）其他处理", f"{R}/（六）其他处理"),
    (T3, V2021, "(七) 总计", f"{R}/（七）总计"),
    (T3, V2021, "四、結轉下年度繼續辦理", "四、结转下年度继续办理"),
    (T2, V2021, "规章", "第二十条第（一）项/规章"),
    (T2, V2021, "行政規範性文件", "第二十条第（一）项/行政规范性文件"),
    (T2, V2019, "规范性文件", "第二十条第（一）项/规范性文件"),
    (T2, V2019, "其他对外管理服务事项", "第二十条第（五）项/其他对外管理服务事项"),
    (T2, V2021, "行政事業性收費", "第二十条第（八）项/行政事业性收费"),
    (T2, V2019, "政府集中采购", "第二十条第（九）项/政府集中采购"),
    (T3, V2021, "法人或其他组织", None),
    (T3, V2021, "申请人情况", None),
]


@pytest.mark.parametrize(("table", "table_format", "raw", "row"), CASES)
def test_label_to_row(table: TableId, table_format: TableFormat, raw: str, row: str | None) -> None:
    _, (text,) = normalise_lines([raw.replace("\n", " ")])
    assert row_for_label(text, table, table_format) == row
