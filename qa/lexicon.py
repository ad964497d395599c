"""The question vocabulary (qa/lexicon.toml), validated: the words people use for every figure.

The file is the data; this module checks it once at import — every target exists in the figure
catalogue, no word is empty, every entry has examples — and serves it longest word first.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jieba
import jieba.posseg
from pydantic import BaseModel, ConfigDict, Field, model_validator

from index.catalog import T2_ROWS, T4_COLUMNS
from qa.figures import COLUMN_CONCEPTS_BY_KEY, CONCEPTS_BY_KEY, RATES_BY_KEY

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")
GAP = "…"  # in a word: up to MAX_GAP characters between its parts (罚…款)
MAX_GAP = 4


class Entry(BaseModel):
    """One target and its words, with the questions that show them (and those that must not match)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    words: tuple[str, ...] = Field(min_length=1)
    weak: tuple[str, ...] = ()  # words that mean the target only when no other figure is named
    examples: tuple[str, ...] = Field(min_length=1)
    counter: tuple[str, ...] = ()
    # How reports word the figure in their own text, right before its count (qa/stated.py; "…": a few
    # characters between the parts), with lines that must state it and lines that must not.
    stated: tuple[str, ...] = ()
    stated_examples: tuple[str, ...] = ()
    stated_counter: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _words_are_words(self) -> Entry:
        for word in (*self.words, *self.weak, *self.stated):
            if not word.strip(GAP) or word != word.strip():
                raise ValueError(f"{self.key}: empty or padded word {word!r}")
        if self.stated and not self.stated_examples:
            raise ValueError(f"{self.key}: stated words without a line that shows them")
        return self


def _t2_columns() -> set[str]:
    return {column.key for row in T2_ROWS for column in row.columns}


def _t4_results() -> set[str]:
    return {column.key.rsplit("/", 1)[-1] for column in T4_COLUMNS} - {"总计"}


class Aspect(BaseModel):
    """Words by which a question asks for one aspect of the narrative, and by which a passage is about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: tuple[str, ...] = Field(min_length=1)
    passage: tuple[str, ...] = Field(min_length=1)


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    figure: tuple[Entry, ...]
    column: tuple[Entry, ...]
    t2_column: tuple[Entry, ...]
    t4_result: tuple[Entry, ...]
    rate: tuple[Entry, ...] = ()
    filler: frozenset[str] = frozenset()  # words of a question that name no figure
    aspects: dict[str, Aspect] = {}  # measures / problems of section 五
    change: tuple[str, ...] = ()  # words asking how a figure changed between years
    corpus: tuple[str, ...] = ()  # words asking about the corpus itself
    corpus_unplaced: tuple[str, ...] = ()  # …and words that do so only without a place
    not_figures: tuple[str, ...] = ()  # words holding a figure word that name no table figure
    bare_rates: tuple[str, ...] = ()  # rate words without their block: the previous question's block decides
    published: tuple[str, ...] = ()  # words asking when the report was published
    percent: tuple[str, ...] = ()  # words asking a share: with a rate's numerator figures, that rate
    agency_determiners: tuple[str, ...] = ()  # 哪个单位, 本单位: an applicant word after these names an agency
    exclusions: tuple[str, ...] = ()  # 不算, 除了: an applicant word after these is excluded, not asked
    known_markers: tuple[str, ...] = ()  # 我看到了: a clause saying what the asker knows asks nothing
    asker_markers: tuple[str, ...] = ()  # 我们是…的: a clause opening so says who asks, and asks nothing
    denials: tuple[str, ...] = ()  # 没被废止的: a table-2 column denied describes the one asked
    not_an_applicant_after: tuple[str, ...] = ()  # 个人信息: an applicant word before these names no applicant
    case_outcome_words: frozenset[str] = frozenset()  # 驳回: 不予公开, or in a review's clause one of its results
    decided_verbs: tuple[str, ...] = ()  # 办了, 处理了 after a table-2 matter: its decisions
    outcome_characters: frozenset[str] = frozenset()  # 退, 撤, 给 alone: an outcome no figure word names
    stated_blocks: dict[str, tuple[str, ...]] = {}  # table-4 block → the words a report's text names it by
    table_titles: dict[str, tuple[str, ...]] = {}  # 表三 → its titles as questions write them
    # 卫生健康委员会 → 卫健委: how people shorten a department's name (one short form, or several)
    agency_short: dict[str, str | tuple[str, ...]] = {}

    def agency_shorts(self) -> list[tuple[str, str]]:
        """(full, short) for every short form of every full name."""
        return [
            (full, short)
            for full, shorts in self.agency_short.items()
            for short in ((shorts,) if isinstance(shorts, str) else shorts)
        ]

    thesaurus: dict[str, tuple[str, ...]] = {}  # 官网 → 门户网站: everyday words → the reports' words
    answer_shapes: frozenset[str] = frozenset()  # 渠道, 形式, 号码: nouns naming an answer's shape, not its topic
    # 公安 → the words its agencies' names hold (公安): corpus questions by kind of department (公安部门的年报)
    departments: dict[str, tuple[str, ...]] = {}

    @model_validator(mode="after")
    def _targets_exist(self) -> Lexicon:
        known = {
            "figure": set(CONCEPTS_BY_KEY),
            "column": set(COLUMN_CONCEPTS_BY_KEY),
            "t2_column": _t2_columns(),
            "t4_result": _t4_results(),
            "rate": set(RATES_BY_KEY),
        }
        strays = [key for key in self.stated_blocks if key not in CONCEPTS_BY_KEY]
        if strays:
            raise ValueError(f"{LEXICON_FILE.name}: stated_blocks name no catalogue figure: {strays}")
        for kind, keys in known.items():
            entries: tuple[Entry, ...] = getattr(self, kind)
            unknown = [entry.key for entry in entries if entry.key not in keys]
            if unknown:
                raise ValueError(f"{LEXICON_FILE.name}: [{kind}] entries name no catalogue target: {unknown}")
            seen = [entry.key for entry in entries]
            if len(seen) != len(set(seen)):
                raise ValueError(f"{LEXICON_FILE.name}: [{kind}] lists a target twice")
        return self

    def entries(self) -> Iterator[tuple[str, Entry]]:
        for kind in ("figure", "column", "t2_column", "t4_result", "rate"):
            for entry in getattr(self, kind):
                yield kind, entry


@cache
def segmenter() -> jieba.posseg.POSTokenizer:
    """jieba for questions, loaded once for words (``.tokenizer``) and parts of speech; private, so that
    words added to jieba's global dictionary elsewhere do not change how questions are read. The filler
    words are its words too: 同一年 is one filler, not 同一 and a 年."""
    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at INFO
    tokenizer = jieba.Tokenizer()
    for word in lexicon().filler:
        tokenizer.add_word(word)
    return jieba.posseg.POSTokenizer(tokenizer)


@cache
def lexicon() -> Lexicon:
    with LEXICON_FILE.open("rb") as handle:
        return Lexicon.model_validate(tomllib.load(handle))


def longest_first(entries: tuple[Entry, ...]) -> list[tuple[str, str]]:
    """(word, target) pairs, longest word first (a gap word counts by its letters)."""
    pairs = [(word, entry.key) for entry in entries for word in (*entry.words, *entry.weak)]
    # On equal letters a gap word first: 罚…款 covers 罚了几次款 where 罚了 leaves 几次款.
    return sorted(pairs, key=lambda pair: (-len(pair[0].replace(GAP, "")), GAP not in pair[0]))


def weak_words(entries: tuple[Entry, ...]) -> frozenset[tuple[str, str]]:
    """(word, target) pairs of the weak words."""
    return frozenset((word, entry.key) for entry in entries for word in entry.weak)


def words_for(key: str) -> tuple[str, ...]:
    """The plain words of a figure or column target (for retrieval: a report may use any of them)."""
    return tuple(
        word
        for _, entry in lexicon().entries()
        if entry.key == key
        for word in (*entry.words, *entry.weak)
        if GAP not in word
    )


# A gap of a figure word spans no clause break (复议了几件，后来被起诉了几件 asks two figures, not 复议…后…起诉),
# nor a count, except the last gap before a one-character object (收了多少费, 罚了几次款): 复议几件然后起诉几件
# asks two figures too.
_GAP_STOPS = "，,。？?；;！!"
_COUNT_STOPS = "几多少"


@cache
def gap_pattern(word: str) -> re.Pattern[str]:
    parts = word.split(GAP)
    pattern = re.escape(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        holds_count = index == len(parts) - 1 and len(part) == 1
        stops = _GAP_STOPS if holds_count else _GAP_STOPS + _COUNT_STOPS
        pattern += f"[^{stops}]{{0,{MAX_GAP}}}?" + re.escape(part)
    return re.compile(pattern)


def occurrences(text: str, word: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """Where ``word`` stands in ``text`` from ``start`` on: (start, end) pairs, left to right."""
    if GAP in word:
        for match in gap_pattern(word).finditer(text, start):
            yield match.start(), match.end()
        return
    found = text.find(word, start)
    while found != -1:
        yield found, found + len(word)
        found = text.find(word, found + 1)
