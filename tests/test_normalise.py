"""Normalisation: pinyin annotations, script conversion, width folding, label keys."""

from __future__ import annotations

import pytest

from index.models import Script
from index.normalise import detect_script, label_key, normalise_lines, normalise_question, strip_pinyin


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("彰武縣平安鎮(zhèn)人民政府", "彰武縣平安鎮人民政府"),
        ("機關(guān)和單位", "機關和單位"),
        ("方面?zhèn)宣傳單", "方面宣傳單"),
        ("（一）主动公开政府信息情况", "（一）主动公开政府信息情况"),
        ("根据《条例》(以下简称《条例》)规定", "根据《条例》(以下简称《条例》)规定"),
        ("网站(http://www.tonggu.gov.cn/)", "网站(http://www.tonggu.gov.cn/)"),
        ("第二十条第(一)项", "第二十条第(一)项"),
        ("共(5)件", "共(5)件"),
    ],
)
def test_strip_pinyin_touches_only_annotations(line: str, expected: str) -> None:
    assert strip_pinyin(line) == expected


def test_mainland_wording_in_traditional_script_keeps_its_words() -> None:
    script, lines = normalise_lines(["行政規範性文件", "屬於行政查詢事項", "進一步建立健全政府信息公開制度"])
    assert script == Script.TRADITIONAL
    assert lines == ["行政规范性文件", "属于行政查询事项", "进一步建立健全政府信息公开制度"]


def test_taiwan_phrasing_is_mapped() -> None:
    script, lines = normalise_lines(["政府資訊公開工作年度報告", "相關檔案已公開，政府資訊均已上網"])
    assert script == Script.TRADITIONAL
    assert lines == ["政府信息公开工作年度报告", "相关文件已公开，政府信息均已上网"]


def test_simplified_text_is_left_as_written() -> None:
    text = ["规范性文件 文件精神 政府信息公开"]
    assert detect_script(text[0]) == Script.SIMPLIFIED
    assert normalise_lines(text)[1] == text


def test_full_width_digits_and_brackets_fold_but_chinese_commas_stay() -> None:
    _, lines = normalise_lines(["收到申请１８件（其中：自然人１６件），全部办结"])
    assert lines == ["收到申请18件(其中:自然人16件)，全部办结"]


def test_question_in_traditional_script() -> None:
    assert normalise_question("平安鎮２０２３年收到多少申請") == "平安镇2023年收到多少申请"


def test_label_key_ignores_spacing_punctuation_and_width() -> None:
    assert label_key("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)") == label_key(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    )
