"""Lexical index: tokenisation, Chinese retrieval, filtering, save/load, empty corpus and query."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.lexical import LexicalIndex, bigram_tokens, word_tokens

DOCS = {
    101: "2023年，本机关共收到政府信息公开申请18件，其中自然人申请15件，法人或其他组织申请3件，均已按时答复。",
    102: "本年度主动公开政府信息1,234条，其中通过政府门户网站公开987条，政务微博发布56条。",
    103: "全年因政府信息公开工作被申请行政复议2件，结果维持1件，纠正1件；被提起行政诉讼0件。",
    104: "加强业务培训，提高工作人员能力，全年举办政务公开培训班３期，参训人员120人次。",
    105: "政府信息公开工作存在的主要问题及改进情况：部分栏目更新不及时，下一步将加强监督检查。",
    106: "",
}


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(list(DOCS), list(DOCS.values()))


def test_tokens_drop_punctuation_fold_width_and_keep_numbers() -> None:
    words = word_tokens("全年举办培训班３期，ＡＢＣ系统 上线！")
    assert "3" in words and "abc" in words
    assert not {"，", "！", " ", ""} & set(words)
    assert bigram_tokens("依申请公开，件") == ["依申", "申请", "请公", "公开", "件"]
    assert word_tokens("") == [] and bigram_tokens(" ，。") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("今年收到多少件政府信息公开申请", 101),
        ("行政复议和行政诉讼情况", 103),
        ("主动公开了多少条信息", 102),
        ("培训班举办了几期", 104),
        ("存在的问题和改进措施", 105),
    ],
)
def test_chinese_query_finds_its_sentence(index: LexicalIndex, query: str, expected: int) -> None:
    hits = index.search(query, k=3)
    assert hits[0][0] == expected
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert 0 < hits[-1][1] <= hits[0][1] <= 2.0


def test_filter_applies_before_ranking(index: LexicalIndex) -> None:
    query = "政府信息公开申请"
    for allowed in ({102, 105}, np.array([102, 105]), {102, 105, 999}):
        hits = index.search(query, k=5, allowed_ids=allowed)
        assert hits and {i for i, _ in hits} <= {102, 105}
        # Normalised against the allowed documents only: each stream's best allowed document scores 1 in it.
        assert 1.0 <= hits[0][1] <= 2.0
    assert index.search(query, k=5, allowed_ids=set()) == []
    assert index.search(query, k=5, allowed_ids={999}) == []


def test_only_documents_sharing_a_token_are_returned(index: LexicalIndex) -> None:
    assert index.search("行政诉讼", k=10) == [(103, 2.0)]
    assert len(index.search("政府信息", k=2)) == 2


def test_empty_query_and_empty_corpus(index: LexicalIndex) -> None:
    assert index.search("", k=5) == []
    assert index.search("，。！？ ", k=5) == []
    assert index.search("xyz", k=5) == []  # shares no token with any document
    empty = LexicalIndex.build([], [])
    assert empty.count == 0 and empty.search("政府信息", k=5) == []
    blank = LexicalIndex.build([1, 2], ["", "，。"])
    assert blank.search("政府信息", k=5) == []


def test_save_load_round_trip(index: LexicalIndex, tmp_path: Path) -> None:
    folder = tmp_path / "lexical"
    index.save(folder)
    index.save(folder)  # replacing an existing index swaps folders without leaving debris
    assert [p.name for p in tmp_path.iterdir()] == ["lexical"]
    loaded = LexicalIndex.load(folder)
    assert loaded.count == index.count
    for query in ("政府信息公开申请", "行政复议", "培训"):
        assert loaded.search(query, k=5) == index.search(query, k=5)
        assert loaded.search(query, k=5, allowed_ids={101, 104}) == index.search(query, k=5, allowed_ids={101, 104})
    empty_folder = tmp_path / "empty"
    LexicalIndex.build([], []).save(empty_folder)
    assert LexicalIndex.load(empty_folder).search("政府", k=3) == []


def test_rejects_mismatched_or_duplicate_ids() -> None:
    with pytest.raises(ValueError):
        LexicalIndex.build([1, 2], ["只有一条"])
    with pytest.raises(ValueError, match="duplicate"):
        LexicalIndex.build([1, 1], ["甲", "乙"])
