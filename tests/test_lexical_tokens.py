"""word_tokens caches jieba's words per run of word characters: the words must be exactly jieba's for the
whole text, whatever the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.lexical import _JIEBA, _normalise, word_tokens

ROOT = Path(__file__).resolve().parent.parent
ALPHABET = (
    "政府信息公开申请依答复行政复议诉讼年度报告收到件万亿两零一二三四五六七八九十"
    "abcXYZ0123456789２０２３ＡＢ+#&._%-，。、；：？！（）()《》“”\"' \t\r\n\u3000—…·/|"
)


def _jieba_words(text: str) -> list[str]:
    return [tok for tok in _JIEBA.lcut(_normalise(text)) if any(ch.isalnum() for ch in tok)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_words_are_jiebas_for_any_text(text: str) -> None:
    assert word_tokens(text) == _jieba_words(text)
    assert word_tokens(text) == _jieba_words(text)  # again, from the cache


def test_words_are_jiebas_for_every_seed_line() -> None:
    for path in sorted((ROOT / "data" / "reports").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert word_tokens(line) == _jieba_words(line)
