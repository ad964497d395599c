"""The kind of answer a question asks for, from its cue words and what it names."""

from __future__ import annotations

from qa.models import AnswerKind
from qa.reading import Reading
from qa.words import FACT_SHEET_BARE, PARTICLES, Cue

# ---- the kind of answer ------------------------------------------------------------------------------


def decide_kind(cues: frozenset[Cue], places: int, years: int, has_metric: bool, bare: bool = False) -> AnswerKind:
    """The kind of answer from cue words and what the question names; the order of the rules matters."""
    superlative = bool(cues & {Cue.MOST, Cue.LEAST})
    if Cue.CHECK in cues:
        return AnswerKind.CHECK
    if Cue.WHY in cues:
        return AnswerKind.MIXED if has_metric else AnswerKind.NARRATIVE
    which = bool(cues & {Cue.WHICH, Cue.WHICH_YEAR})
    if Cue.RANK in cues or (superlative and (which or places != 1)):
        # 平安镇、港口乡和兑镇镇谁最多: the named places ranked; 平安镇和港口乡哪个多 (no 最) stays a comparison
        return AnswerKind.RANK
    if Cue.COMPARE in cues or (has_metric and (places >= 2 or years >= 2)):
        return AnswerKind.COMPARE
    if not has_metric and (Cue.FACT_SHEET in cues or (bare and places == 1)):
        return AnswerKind.FACT_SHEET
    if has_metric:
        # 如何处理不予公开的申请 asks how, not how many
        how = Cue.HOW in cues and Cue.QUANTITY not in cues
        return AnswerKind.NARRATIVE if how else AnswerKind.LOOKUP
    return AnswerKind.NARRATIVE


def fact_sheet_bare(reading: Reading) -> bool:
    """The question is only a place (and a year), perhaps with 怎么样 / 情况: a fact sheet."""
    rest = reading.text
    for start, end in sorted((*reading.place_spans, *reading.year_spans), reverse=True):
        rest = rest[:start] + rest[end:]
    rest = "".join(c for c in rest if c not in PARTICLES)
    return rest in FACT_SHEET_BARE
