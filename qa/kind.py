"""The kind of answer a question asks for, from its cue words and what it names."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from qa.models import AnswerKind
from qa.reading import Reading
from qa.words import FACT_SHEET_BARE, PARTICLES, Cue

# ---- the kind of answer ------------------------------------------------------------------------------

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signals:
    """What a question shows that decides its kind of answer."""

    cues: frozenset[Cue]
    places: int  # places named
    years: int  # years named
    has_metric: bool  # a figure or a rate named
    bare: bool  # nothing but a place (and a year)

    @property
    def superlative(self) -> bool:
        return bool(self.cues & {Cue.MOST, Cue.LEAST})

    @property
    def which(self) -> bool:
        return bool(self.cues & {Cue.WHICH, Cue.WHICH_YEAR})

    @property
    def asks_how(self) -> bool:
        return Cue.HOW in self.cues and Cue.QUANTITY not in self.cues


@dataclass(frozen=True)
class KindRule:
    kind: AnswerKind
    applies: Callable[[Signals], bool]
    reason: str
    example: str  # a question this rule decides (tests/test_understand.py asks it)


# In priority order: the first rule that applies decides, and its reason is logged.
KIND_RULES: tuple[KindRule, ...] = (
    KindRule(
        AnswerKind.CHECK,
        lambda s: Cue.CHECK in s.cues,
        "a consistency word (对得上吗, 平衡吗)",
        "平桥区2021年的数据对得上吗",
    ),
    KindRule(
        AnswerKind.MIXED,
        lambda s: Cue.WHY in s.cues and s.has_metric,
        "why, of a figure: figure and text",
        "平桥区2021年为什么有不予公开的",
    ),
    KindRule(
        AnswerKind.NARRATIVE, lambda s: Cue.WHY in s.cues, "why, of no figure: the text", "港口乡为什么要加强培训"
    ),
    KindRule(
        AnswerKind.RANK,
        lambda s: Cue.RANK in s.cues or (s.superlative and (s.which or s.places != 1)),
        "a ranking word, or a superlative over places (哪个镇最多, 甲、乙和丙谁最多)",
        "哪个镇收到申请最多",
    ),
    KindRule(
        AnswerKind.COMPARE,
        lambda s: Cue.COMPARE in s.cues or (s.has_metric and (s.places >= 2 or s.years >= 2)),
        "a comparison word, or a figure of several places or years (平安镇和港口乡哪个多)",
        "港口乡和平桥区收到申请哪个多",
    ),
    KindRule(
        AnswerKind.FACT_SHEET,
        lambda s: not s.has_metric and (Cue.FACT_SHEET in s.cues or (s.bare and s.places == 1)),
        "an overview word, or only a place (平安镇2023年概况, 平安镇2023年)",
        "港口乡2021年的基本情况",
    ),
    KindRule(
        AnswerKind.NARRATIVE,
        lambda s: s.has_metric and s.asks_how,
        "how, not how many (如何处理不予公开的申请)",
        "港口乡如何处理不予公开的申请",
    ),
    KindRule(AnswerKind.LOOKUP, lambda s: s.has_metric, "a figure", "港口乡2021年收到多少申请"),
    KindRule(AnswerKind.NARRATIVE, lambda s: True, "no figure: the text", "港口乡存在哪些问题"),
)


def decide_kind(cues: frozenset[Cue], places: int, years: int, has_metric: bool, bare: bool = False) -> AnswerKind:
    """The kind of answer: the first of ``KIND_RULES`` that applies."""
    signals = Signals(cues, places, years, has_metric, bare)
    rule = next(rule for rule in KIND_RULES if rule.applies(signals))
    logger.debug("kind %s: %s", rule.kind.value, rule.reason)
    return rule.kind


def fact_sheet_bare(reading: Reading) -> bool:
    """The question is only a place (and a year), perhaps with 怎么样 / 情况: a fact sheet."""
    rest = reading.text
    for start, end in sorted((*reading.place_spans, *reading.year_spans), reverse=True):
        rest = rest[:start] + rest[end:]
    rest = "".join(c for c in rest if c not in PARTICLES)
    return rest in FACT_SHEET_BARE
