"""Homophone typos: a character read as the report's only where it sounds alike and its neighbours agree."""

from __future__ import annotations

import pytest

from qa.spelling import homophone_fix, sound_alike

REPORT = "按照市委、市政府安排，我镇微信公众号已注销。群众满意。工作人员两名，工作机构一个。"


@pytest.mark.parametrize(
    ("written", "meant", "alike"),
    [("工", "公", True), ("也", "业", True), ("法", "罚", True), ("行", "型", True), ("工", "作", False),
     ("公", "公", False), ("a", "a", False)],
)  # fmt: skip
def test_sound_alike(written: str, meant: str, alike: bool) -> None:
    assert sound_alike(written, meant) is alike


def test_a_word_is_fixed_where_the_report_writes_its_neighbours_with_it() -> None:
    assert homophone_fix("兑镇镇的微信工众号现在还开着吗", "工众", REPORT) == "公众"


def test_no_fix_without_neighbours_that_agree_or_with_two_that_fit() -> None:
    assert homophone_fix("兑镇镇的工资是多少", "工资", REPORT) is None  # 的工资是: no such line
    assert homophone_fix("工众", "工众", REPORT) is None  # no characters of the question beside it
    assert homophone_fix("微信工众号", "工众", "微信公众号。微信供众号。") is None  # 公众 and 供众 both fit
