"""Question (Chinese) → Intent: which places and years, which figures, and what kind of answer.

No model and no network: places come from the corpus itself (``Gazetteer``), figures from the words in
``qa.figures``, and the kind of answer from cue words (qa.words).

A follow-up ("那2020年呢？", "港口乡呢？", "不予公开的呢？") is read against the previous intent. Its
``normalised`` is rewritten into a self-contained question (the previous one with the new place or year
put in), so that the next follow-up, and retrieval for narrative answers, still see the whole topic.

The steps live in their own modules: qa.words (the words kept as code, text helpers), qa.known_places (the
corpus places), qa.reading (one question read), qa.resolve_places, qa.years and qa.kind; this module
builds the intent from them, asks back where needed, and reads follow-ups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from index.catalog import T2_ROWS, T4_BLOCKS
from index.models import TableFormat, TableId
from qa.corpus import DEPARTMENT_KIND_WORDS, names_a_table, year_of_a_format
from qa.figures import COLUMN_CONCEPTS_BY_KEY, CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN, RATES
from qa.kind import decide_kind, fact_sheet_bare
from qa.known_places import Gazetteer, Place, by_recency, unique_refs
from qa.lexicon import lexicon
from qa.models import AnswerKind, AskBack, AskWhy, Intent, PlaceGroup, PlaceRef
from qa.reading import Reading, asks_ascending, plural, read, t2_concepts, unique
from qa.resolve_places import Resolution, places_meant, within_qualifiers
from qa.words import (
    ACROSS_PLACES,
    ADDING_STARTS,
    ADDING_WORDS,
    CONNECTORS,
    FOLLOW_UP_ENDS,
    FOLLOW_UP_STARTS,
    LEVEL_WORDS,
    METRIC_CUES,
    RANGE_JOINERS,
    RANK_CUES,
    RELATIVE_YEAR_WORD,
    THAT_ONE,
    WHICH_LESS,
    WHICH_MORE,
    Cue,
    clean,
    is_han,
    sets_aside,
    that_one_levels,
)
from qa.years import resolve_years

# ---- building the intent -----------------------------------------------------------------------------


@dataclass
class Wanted:
    """The figures asked for; a follow-up may take them from the previous intent."""

    concepts: list[str]
    columns: list[str]
    t2_columns: list[str]
    t4_results: list[str]
    rates: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, reading: Reading) -> Wanted:
        concepts = reading.concepts or t2_concepts(reading.t2_named)
        return cls(concepts, reading.columns, reading.t2_columns, reading.t4_results, reading.rates)

    @classmethod
    def asked_before(cls, previous: Intent) -> Wanted:
        """The figures the previous question asked for."""
        return cls(previous.concepts, previous.columns, previous.t2_columns, previous.t4_results, previous.rates)

    def tidy(self) -> Wanted:
        """Column words count only for a concept of their table (组织 in 组织开展培训 is not 法人)."""
        tables = {CONCEPTS_BY_KEY[key].table for key in self.concepts if key in CONCEPTS_BY_KEY}
        return Wanted(
            self.concepts,
            self.columns if TableId.T3 in tables else [],
            self.t2_columns if TableId.T2 in tables else [],
            self.t4_results if TableId.T4 in tables else [],
            self.rates,
        )


def _build(
    question: str,
    normalised: str,
    reading: Reading,
    gazetteer: Gazetteer,
    wanted: Wanted | None = None,
    cues: frozenset[Cue] | None = None,
    rank: tuple[int | None, bool] | None = None,
    places_of: Intent | None = None,
) -> Intent:
    """The intent of a self-contained reading; a follow-up passes what it inherits: figures (``wanted``),
    and the previous intent whose places it keeps (``places_of``: taken as they were resolved, not read again
    from text)."""
    inherited = wanted is not None and bool(wanted.concepts or wanted.rates)
    wanted = (wanted or Wanted.of(reading)).tidy()
    cues = reading.cues if cues is None else cues
    resolution = (
        _resolution_of(places_of, gazetteer)
        if places_of
        else _set_aside(within_qualifiers(places_meant(reading, gazetteer), reading.qualifiers), reading.excluded)
    )
    year_count = len(set(reading.years) | set(reading.offsets))
    has_metric = bool(wanted.concepts or wanted.rates)
    # A part named without its row (上一年项目数量, 总计) is asked back, unless a follow-up's row carries it.
    named = bool(reading.concepts or reading.rates or inherited)
    # A part alone asks a figure even in shorthand (康荣镇 本年增/减, 港口乡 总计), without 多少
    shorthand = Cue.QUANTITY in cues or reading.t2_columns or not reading.leftover  # 港口乡 总计
    if not named and shorthand and (which := _rows_with_part(reading)):
        return _which_row(question, normalised, reading, which)
    if _about_the_corpus(reading, resolution, has_metric):
        return _corpus_intent(question, normalised, reading, resolution)
    among = _ranked_among(resolution, cues)
    kind = decide_kind(cues, among or len(resolution.groups), year_count, has_metric, fact_sheet_bare(reading))
    if kind == AnswerKind.RANK and among:  # 各个教育局里谁最多: the places of that name are what is ranked
        resolution.groups = [(p,) for p in _unique_places(resolution.groups)]
        resolution.also_county = [None] * len(resolution.groups)
    if kind == AnswerKind.RANK and len(resolution.groups) == 1 and resolution.also_county[0] and not resolution.scope:
        # 平桥区哪个街道…最多: the district is where to rank, not what to rank
        resolution.scope, resolution.groups = resolution.also_county[0], []
    places = [group[0] for group in resolution.groups if len(group) == 1]
    ambiguous = len(places) < len(resolution.groups)
    years, relative = resolve_years(replace(reading, cues=cues), places, ambiguous, gazetteer, kind)
    within = reading.qualifiers if not resolution.groups and not resolution.missing else []
    that_one = _that_one(reading) if resolution.scope or within else []
    top_n, ascending = rank if rank else (reading.top_n, asks_ascending(cues))
    if kind == AnswerKind.RANK and top_n is None and Cue.WHICH in cues and not plural(reading.text):
        top_n = 1  # 哪个镇最多: the one
    intent = Intent(
        question=question,
        normalised=normalised,
        kind=kind,
        topic=_cut(reading.text, [*reading.place_spans, *reading.year_spans]),
        places=[p.ref() for p in places],
        years=years,
        year_was_given=bool(reading.years or reading.offsets),
        relative_year=relative,
        concepts=wanted.concepts,
        rates=wanted.rates,
        columns=wanted.columns,
        t2_columns=wanted.t2_columns,
        t4_results=wanted.t4_results,
        asks_count=Cue.QUANTITY in cues,
        terms=reading.unknown_words,
        top_n=top_n if kind == AnswerKind.RANK else None,
        ascending=ascending if kind == AnswerKind.RANK else False,
        county_scope=resolution.scope if not places else None,
        levels=_levels(reading.text) if kind == AnswerKind.RANK else that_one,
        within=within,
        corrections=reading.corrections,
        excluding=reading.excluded,
        table_format=TableFormat(reading.table_format) if reading.table_format else None,
    )
    if kind in FIGURE_KINDS and [w for w in reading.unknown_words if w not in reading.context_words]:
        # Asked back; the engine first looks whether the place's text states it in those words (热线工单338条).
        return _unrecognised(question, normalised, reading, wanted).model_copy(update=_place_and_year(intent))
    if places_of is not None and not places_of.places:  # 中江县那个局: the reports its scope and level pick
        scope = ("county_scope", "within", "levels", "excluding")
        intent = intent.model_copy(update={name: getattr(places_of, name) for name in scope})
    return _unresolved(intent, resolution, gazetteer)


def _ranked_among(resolution: Resolution, cues: frozenset[Cue]) -> int:
    """How many places a superlative over a name several places share ranks (教育局里谁的行政许可最多: every
    教育局); 0 when no such name is asked across, or the years of one place are (平安镇哪年最多)."""
    superlative = bool(cues & {Cue.MOST, Cue.LEAST, Cue.RANK}) and Cue.WHICH_YEAR not in cues
    if not superlative or not any(len(group) > 1 for group in resolution.groups):
        return 0
    return len(_unique_places(resolution.groups))


def _unique_places(groups: list[tuple[Place, ...]]) -> list[Place]:
    return list(dict.fromkeys(p for group in groups for p in by_recency(group)))


def _resolution_of(previous: Intent, gazetteer: Gazetteer) -> Resolution:
    """The places an intent resolved, as a resolution: each its own group (one place each)."""
    places = [p for ref in previous.places if (p := gazetteer.place_of(ref))]
    return Resolution(groups=[(p,) for p in places], also_county=[None] * len(places))


def _keeps_places(current: Reading, previous: Intent, gazetteer: Gazetteer) -> Intent | None:
    """The previous intent, when a question naming no place of its own keeps its places as they were
    resolved (东丽区教育局, not every 教育局 its text would name), or the scope and level that picked its
    report (中江县那个局); None when it names one, or the previous places were candidates (asked back) or
    a ranking's scope."""
    if current.place_spans or current.counties or current.unknown or current.qualifiers:
        return None
    if previous.kind in (AnswerKind.CLARIFY, AnswerKind.NOT_FOUND, AnswerKind.RANK, AnswerKind.CORPUS):
        return None
    if not previous.places:  # 中江县那个局: a scope and a level that pick one report
        return previous if _picked_by_scope(previous) else None
    return previous if all(gazetteer.place_of(ref) for ref in previous.places) else None


def _picked_by_scope(intent: Intent) -> bool:
    """中江县那个局: the intent's report was picked by a scope and a level, not by a place."""
    return bool((intent.county_scope or intent.within) and intent.levels)


def _set_aside(resolution: Resolution, excluded: list[str]) -> Resolution:
    """Without the agencies the question sets aside (海口市（不是市政府研究室）: the other 海口市 report)."""
    if excluded:
        kept = [tuple(p for p in group if not sets_aside(p.agency, excluded)) for group in resolution.groups]
        pairs = [(group, county) for group, county in zip(kept, resolution.also_county, strict=True) if group]
        resolution.groups, resolution.also_county = [g for g, _ in pairs], [c for _, c in pairs]
    return resolution


def _about_the_corpus(reading: Reading, resolution: Resolution, has_metric: bool) -> bool:
    """有几份报告 / 哪些年份 / 海南省的报告有几份: a corpus word, no figure named (unless it names the table
    reports are picked by: 哪些报告有表四), and no place the corpus lacks."""
    named = resolution.groups or resolution.scope or reading.qualifiers
    words = (*lexicon().corpus, *(() if named else lexicon().corpus_unplaced))
    said = [word for word in words if word in reading.text]
    if not said or resolution.missing or reading.unknown:
        return False
    if all(word in _BARE_COUNTS for word in said) and reading.unknown_words:
        return False  # 万潮镇公布了几份政策类文件: 几份 of something else than reports
    if Cue.CHECK in reading.cues:
        return False  # 哪些报告的数据有问题 is a check across the reports
    return not has_metric or names_a_table(reading.text)


def _corpus_intent(question: str, normalised: str, reading: Reading, resolution: Resolution) -> Intent:
    # 公安局的年报: a kind of department, not the one 公安局 whose name ends so (临夏州公安局 is one agency)
    kinds = {p for m in reading.places if m.word in DEPARTMENT_KIND_WORDS for p in m.value.places}
    places = [group[0].place for group in resolution.groups if not set(group) <= kinds]
    return Intent(
        question=question,
        normalised=normalised,
        kind=AnswerKind.CORPUS,
        topic=reading.text,
        years=sorted({y for y in reading.years if not year_of_a_format(reading.text, y)}),
        year_was_given=bool(reading.years),
        within=[*reading.qualifiers, *places, *([resolution.scope] if resolution.scope else [])],
    )


# Kinds that answer with figures: a word they do not understand may change which figure is meant.
FIGURE_KINDS = frozenset({AnswerKind.LOOKUP, AnswerKind.COMPARE, AnswerKind.RANK})


def _unrecognised(question: str, normalised: str, reading: Reading, wanted: Wanted) -> Intent:
    """Ask back: the figure words were read, but other words of the question may mean another figure."""
    named = [CONCEPTS_BY_KEY[key].label for key in wanted.concepts if key in CONCEPTS_BY_KEY]
    return _asked_back(
        question,
        normalised,
        reading,
        AskBack(why=AskWhy.NO_FIGURE_FOR, words=reading.unknown_words, options=named),
        [f"{_place_and_year_text(reading)}{label}是多少？" for label in named],
    ).model_copy(update={"concepts": wanted.concepts, "rates": wanted.rates})


def _place_and_year_text(reading: Reading) -> str:
    """平桥区2021年: the places and years a question names, as written, to start a question offered back."""
    return "".join(reading.text[s:e] for s, e in sorted({*reading.place_spans, *reading.year_spans}))


def _asked_back(question: str, normalised: str, reading: Reading, ask: AskBack, suggestions: list[str]) -> Intent:
    return Intent(
        question=question,
        normalised=normalised,
        kind=AnswerKind.CLARIFY,
        topic=_cut(reading.text, [*reading.place_spans, *reading.year_spans]),
        ask=ask,
        suggestions=suggestions,
    )


# A result or column word said without its row names a cell of several rows: asked back, never guessed.
_TOTAL_ROWS = ("本年新收政府信息公开申请数量", "本年度办理结果总计", "行政复议总计")
_DECISION_ROWS = ("本年度办理结果总计", "行政许可·处理决定数量", "行政处罚·处理决定数量")
# Words that are a cell of several rows when no row is named: 总计 of which row, 处理 of applications or cases.
# 其他 alone: the organisations' 其他 column, the 其他处理 row, or a review's 其他结果
_OTHER_PARTS = ("法人或其他组织·其他（申请人）", "（六）其他处理", "行政复议·其他结果")
_BARE_PARTS = {
    "总计": _TOTAL_ROWS, "合计": _TOTAL_ROWS, "处理了多少": _DECISION_ROWS, "处理多少": _DECISION_ROWS,
    "其他": _OTHER_PARTS, "其它": _OTHER_PARTS,
}  # fmt: skip
# The table-3 rows an applicant column is asked of most, offered when the question names none.
_COLUMN_ROWS = (
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果总计", "结转下年度继续办理"
)  # fmt: skip
_BARE_COUNTS = ("多少份", "几份", "哪几份")  # corpus words only when nothing else is counted
COUNTY_OPTIONS = 5  # the reports of a county without its own report offered when asked which one
_MIN_T2_PART = 4  # 现行有效, 本年增减 as the table says them: other words (制定, 出台) also mean plain verbs


def _rows_with_part(reading: Reading) -> tuple[str, list[str]] | None:
    """(the word, the rows that have such a cell) for a part named without its row."""
    applicants = [c for c in reading.columns if c != DEFAULT_T3_COLUMN]  # 总计 is asked below, by its own rows
    # 自然人那一栏是多少: of which row? (with other words, 组织了多少场活动 is no applicant column)
    if applicants and not reading.unknown_words and not reading.t2_columns and not reading.t4_results:
        return COLUMN_CONCEPTS_BY_KEY[applicants[0]].label, list(_COLUMN_ROWS)
    if reading.t4_results:
        word = reading.t4_results[0]
        return word, [block.replace("/", "·") for block in T4_BLOCKS]
    for column in reading.t2_columns:
        core = re.sub(r"件数$|数量$|（.*）$", "", column.replace("/", ""))
        rows = [row.label for row in T2_ROWS if any(c.key == column for c in row.columns)]
        if len(core) >= _MIN_T2_PART and core in reading.text.replace("/", "") and len(set(rows)) > 1:
            return core, list(dict.fromkeys(rows))
    bare = next((word for word in _BARE_PARTS if _stands_alone(word, reading.text)), None)
    return (bare, list(_BARE_PARTS[bare])) if bare else None


_OTHER_WORDS = ("其他", "其它")
_AFTER_A_BARE_OTHER = "那这的一项栏是有多几呢吗”」\"'"  # “其他”那一项, 其他的有几件 — not 其他渠道, 其他组织


def _stands_alone(word: str, text: str) -> bool:
    """A bare part in the question: 其他 only where it names no thing of its own (其他渠道 is a channel)."""
    at = text.find(word)
    if at < 0:
        return False
    after = text[at + len(word) : at + len(word) + 1]
    return word not in _OTHER_WORDS or not after or after in _AFTER_A_BARE_OTHER or not is_han(after)


def _which_row(question: str, normalised: str, reading: Reading, which: tuple[str, list[str]]) -> Intent:
    word, rows = which
    ask = AskBack(why=AskWhy.ROW_OF_PART, words=[word], options=rows)
    return _asked_back(question, normalised, reading, ask, [f"{reading.text}（{row}）" for row in rows[:3]])


def _that_one(reading: Reading) -> list[str]:
    """The levels a "that one" names right after a division (昭化区那个镇 → 镇, 平湖那个局 → 部门)."""
    text = reading.text
    ends = [m.end for m in reading.counties] + [text.find(q) + len(q) for q in reading.qualifiers if q in text]
    for end in ends:
        found = THAT_ONE.match(text, end)
        if found:
            return list(that_one_levels(found))
    return []


def _levels(text: str) -> list[str]:
    """The levels a ranking ranks among: 哪个镇 → 镇; 这几个乡镇和区 → 乡, 镇 and 区."""
    match = ACROSS_PLACES.search(text)
    if not match:
        return []
    word = next((w for w in LEVEL_WORDS if match.group(0).endswith(w)), None)
    if not word:
        return []
    levels = list(LEVEL_WORDS[word])
    end = match.end()
    while more := _MORE_LEVELS.match(text, end):  # 乡镇和区, 乡镇、街道和区: each level joined on
        levels += [level for level in LEVEL_WORDS[more.group(1)] if level not in levels]
        end = more.end()
    return levels


_MORE_LEVELS = re.compile(f"(?:和|与|及|、|或)({'|'.join(sorted(LEVEL_WORDS, key=len, reverse=True))})")


def _unresolved(intent: Intent, resolution: Resolution, gazetteer: Gazetteer) -> Intent:
    """NOT_FOUND for a place the corpus lacks, CLARIFY for a name in several counties."""
    if resolution.missing:
        names = [name for name, _ in resolution.missing]
        suggestions = unique(s for name, given in resolution.missing for s in given or gazetteer.closest(name))
        return intent.model_copy(
            update={
                "kind": AnswerKind.NOT_FOUND,
                "ask": AskBack(why=AskWhy.NO_SUCH_PLACE, words=names),
                "suggestions": suggestions[:3],
            }
        )
    ambiguous = [group for group in resolution.groups if len(group) > 1]
    if ambiguous:
        groups = []
        for group in ambiguous:
            same = len({p.place for p in group}) == 1 and not any(p.department for p in group)
            groups.append(
                PlaceGroup(name=group[0].place if same else None, options=[p.display for p in by_recency(group)])
            )
        candidates = [p for group in resolution.groups for p in by_recency(group)]
        return intent.model_copy(
            update={
                "kind": AnswerKind.CLARIFY,
                "places": unique_refs(candidates),
                "ask": AskBack(why=AskWhy.SEVERAL_PLACES, groups=groups),
                "suggestions": [p.display for group in ambiguous for p in by_recency(group)],
            }
        )
    scope = intent.county_scope
    lookup_kinds = (AnswerKind.LOOKUP, AnswerKind.FACT_SHEET, AnswerKind.MIXED)
    counted = intent.kind == AnswerKind.NARRATIVE and intent.asks_count  # 利州区主动公开了多少条: whose count?
    if scope and not intent.places and not intent.levels and (intent.kind in lookup_kinds or counted):
        under = [p.display for p in by_recency(gazetteer.in_county(scope))]
        return intent.model_copy(
            update={
                "kind": AnswerKind.CLARIFY,
                "ask": AskBack(why=AskWhy.COUNTY_ONLY, words=[scope], options=under[:COUNTY_OPTIONS]),
                "suggestions": under[:COUNTY_OPTIONS],
            }
        )
    return intent


# ---- follow-ups --------------------------------------------------------------------------------------


def _is_follow_up(reading: Reading) -> bool:
    """那2020年呢？ / 港口乡呢？ / 不予公开的呢？ / 2020年的？ / 为什么？: a fragment leaning on the last question.

    Without 呢 or 那, a question is a fragment when every word of it is recognised and it lacks a place
    or a topic; "港口乡收到了多少申请？" has both and stands on its own.
    """
    bare = reading.text.rstrip("？?！!。. ")
    if bare.endswith(FOLLOW_UP_ENDS) or bare.startswith(FOLLOW_UP_STARTS):
        return True
    names_place = bool(reading.places or reading.counties or reading.unknown)
    topic = bool(
        reading.concepts or reading.columns or reading.t2_columns or reading.t4_results or reading.cues - {Cue.QUANTITY}
    )
    if names_place and not topic and not reading.unknown_words:
        return True  # 平安镇那边有没有 / 中江县那个局是多少: another place, in words that ask nothing else
    return not reading.leftover and not (names_place and topic)


def _part_of_previous(reading: Reading, previous: Intent) -> bool:
    """被纠正的占比多少 after 行政复议一共几件: a part of the previous question's figure, asked of it (a result
    of a review or lawsuit, an applicant column of applications, a column of a table-2 row), in words that
    ask nothing else."""
    if reading.places or reading.counties or reading.unknown or reading.concepts or reading.rates or reading.kind_cues:
        return False
    tables = {CONCEPTS_BY_KEY[key].table for key in previous.concepts if key in CONCEPTS_BY_KEY}
    t2_rows = [key for key in previous.concepts if key in t2_concepts(reading.t2_columns)]
    return bool(
        (reading.t4_results and TableId.T4 in tables)
        or (reading.columns and TableId.T3 in tables)
        or (reading.t2_columns and t2_rows)  # 现行有效的有几件 after 制发了几件规范性文件: that row's column
    )


def _region(text: str, spans: list[tuple[int, int]], joiners: Iterable[str] = ()) -> tuple[int, int] | None:
    """The stretch from the first to the last span when only connectors stand between them."""
    if not spans:
        return None
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        gap = text[end:next_start]
        if gap and not (all(c in CONNECTORS or c == "的" for c in gap) or gap.strip() in joiners):
            break
        end = max(end, next_end)
    return start, end


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


def _place_text(reading: Reading) -> str:
    """The places a fragment names, as text to put into the previous question (typos corrected)."""
    region = _region(reading.text, reading.place_spans)
    if region is None:
        return ""
    start, end = region
    out = reading.text[start:end]
    for mention in sorted(reading.places, key=lambda m: -m.start):
        if mention.word != mention.value.name and start <= mention.start < end:
            out = out[: mention.start - start] + mention.value.name + out[mention.end - start :]
    return out


def _rewrite(previous: Intent, current: Reading, gazetteer: Gazetteer) -> str:
    """The previous question with the fragment's places and years put in: a self-contained question."""
    text = previous.normalised
    before = read(text, gazetteer)
    places = _place_text(current) if current.places or current.unknown else ""
    place_region = _region(text, before.place_spans)
    if places and place_region and _adds_places(current):
        places = f"{text[place_region[0] : place_region[1]]}和{places}"
    if not places and previous.kind == AnswerKind.CLARIFY and current.ordinal is not None and previous.places:
        chosen = previous.places[current.ordinal] if current.ordinal < len(previous.places) else None
        places = f"{chosen.county or ''}{chosen.place}" if chosen else ""
    if not places and current.counties:
        county = current.counties[0].value
        that_one = THAT_ONE.match(current.text, current.counties[0].end)
        # 兰西县呢？ after a question about 平安镇: the 平安镇 in 兰西县; 中江县那个局呢: that one instead
        names = [m.value.name for m in before.places] if not that_one else []
        places = "和".join(county + name for name in names) if names else county
        places += that_one.group(0) if that_one else ""
    years = ""
    if current.year_spans:
        first, last = current.year_spans[0][0], current.year_spans[-1][1]
        years = current.text[first:last]
    year_region = _region(text, before.year_spans, RANGE_JOINERS)
    edits: list[tuple[int, int, str]] = []
    if places:
        edits.append((*place_region, places) if place_region else (0, 0, places))
    if years:
        at = place_region[1] if place_region else 0  # a year the previous question lacked goes after its place
        edits.append((*year_region, years) if year_region else (at, at, years))
    for start, end, new in sorted(edits, key=lambda e: (-e[0], -e[1])):
        text = text[:start] + new + text[end:]
    return text


def _adds_places(current: Reading) -> bool:
    return current.text.startswith(ADDING_STARTS) and any(word in current.text for word in ADDING_WORDS)


def _new_words(current: Reading, previous: Intent) -> bool:
    """Whether a fragment asks for other figures than the previous question."""
    return any(
        mine and mine != theirs
        for mine, theirs in (
            (current.concepts, previous.concepts),
            (current.columns, previous.columns),
            (current.t2_columns, previous.t2_columns),
            (current.t4_results, previous.t4_results),
        )
    )


def _follow_up(question: str, current: Reading, previous: Intent, gazetteer: Gazetteer) -> Intent:
    rewritten = _rewrite(previous, current, gazetteer)
    own = current.kind_cues
    names_its_own = current.place_spans or current.year_spans or current.unknown_words
    if rates := _rate_of_the_parts_before(current, previous):
        text = _context_prefix(previous) + current.text
        reading = read(text, gazetteer)
        # the share's words and 这两项 (the figures before) are what the rate is made of
        reading.unknown_words = [w for w in reading.unknown_words if not _of_the_share(w)]
        kept = _keeps_places(current, previous, gazetteer)
        return _build(question, text, reading, gazetteer, Wanted([], [], [], [], rates), places_of=kept)
    if current.concepts and not set(current.concepts) <= set(previous.concepts) and not names_its_own:
        # 那现行有效的规范性文件有几件: a figure of its own, asked of the previous question's place and year
        rewritten = _context_prefix(previous) + current.text.lstrip("那么")
    elif _new_words(current, previous) or own or current.unknown_words:  # 其中微信公众号呢: about those words
        # 不予公开的呢？ / 为什么呢？: keep the new words in the text for retrieval
        extra = _cut(current.text, [*current.place_spans, *current.year_spans]).lstrip("那么")
        rewritten = f"{rewritten}{extra}"
    reading = read(rewritten, gazetteer)
    # 被纠正的占比多少 after 行政复议: with the previous question's figure, the share is a rate
    share_of_a_rate = bool(reading.rates) and set(current.unknown_words) <= set(lexicon().percent)
    asks_a_check = Cue.CHECK in current.cues  # 各块的合计对得上吗: a check, whatever words it has
    if current.unknown_words and previous.kind in FIGURE_KINDS and not share_of_a_rate and not asks_a_check:
        # 还没审结的呢？ with a word we do not know: not the previous figure again. Asked back about the
        # previous question's place, whose text may state it (其中网上申请的呢: 其中网络申请11件).
        return _unrecognised(question, current.text, current, Wanted.asked_before(previous)).model_copy(
            update=_place_and_year(_build(question, rewritten, reading, gazetteer))
        )
    keeps_metric = not own or bool(own & METRIC_CUES)
    rates = (
        current.rates
        or _rate_of_the_block(current, previous)
        or (reading.rates if any(word in current.text for word in lexicon().percent) else [])
    )
    keeps_figure = keeps_metric and not rates  # 办结率呢 after 其中法人的呢: the rate, not the figure again
    wanted = Wanted(
        concepts=current.concepts or (previous.concepts if keeps_figure else []),
        columns=current.columns or (previous.columns if keeps_figure or current.concepts else []),
        t2_columns=current.t2_columns or previous.t2_columns,
        t4_results=current.t4_results or (previous.t4_results if keeps_figure or current.concepts else []),
        rates=rates or (previous.rates if keeps_metric and not current.concepts else []),
    )
    if previous.kind == AnswerKind.RANK and (current.places or current.unknown) and not own:
        cues = current.cues  # 港口乡呢？ after a ranking: that place's figure
    else:
        cues = current.cues if own else reading.cues
    rank = (
        current.top_n if current.top_n is not None else previous.top_n,
        asks_ascending(own) if own & {Cue.MOST, Cue.LEAST} else previous.ascending,
    )
    kept = _keeps_places(current, previous, gazetteer)
    if kept is not None and previous.earlier_places and _asks_which_of(current):
        # 港口乡呢 → 平桥区呢 → 哪个多: the place before and this one, compared
        kept = previous.model_copy(update={"places": [*previous.places, previous.earlier_places[0]]})
    intent = _build(question, rewritten, reading, gazetteer, wanted, cues, rank, places_of=kept)
    inherited = previous.year_was_given and not current.year_spans
    earlier = [p for p in (*previous.places, *previous.earlier_places) if p not in intent.places]
    update: dict[str, object] = {"earlier_places": earlier[:MAX_EARLIER_PLACES]}
    return intent.model_copy(update={**update, "year_inherited": True} if inherited else update)


MAX_EARLIER_PLACES = 3  # places of earlier turns a chat keeps for 哪个多


def _asks_which_of(current: Reading) -> bool:
    """哪个多 / 谁少 / 比一比, naming no figure and no place: which of the places asked about in turn."""
    named = current.concepts or current.columns or current.t2_columns or current.t4_results or current.rates
    asks = Cue.COMPARE in current.cues or WHICH_MORE.search(current.text) or WHICH_LESS.search(current.text)
    return bool(asks) and not named


def _place_and_year(intent: Intent) -> dict[str, object]:
    names = ("places", "years", "year_was_given", "terms", "asks_count")
    return {name: getattr(intent, name) for name in names}


def _rate_of_the_parts_before(current: Reading, previous: Intent) -> list[str]:
    """这两项加起来占办理结果总数的百分之几 after 予以公开和部分公开各几件: the share of the previous question's
    figures is the rate they are the numerator of, when the fragment names its denominator or none."""
    if not any(word in current.text for word in lexicon().percent) or current.place_spans or current.unknown:
        return []
    asked = {(key, result) for key in previous.concepts for result in (previous.t4_results or [None])}
    return [
        rate.key
        for rate in RATES
        if rate.made_of(asked) and set(current.concepts) <= {term.concept for term in rate.denominator}
    ]


_REFERENT = re.compile(r"[这那]?(?:两|几|些|二|俩)[项个类种者]?|它们|他们")


def _of_the_share(word: str) -> bool:
    """占比, 百分之几, 这两项: the words of a share asked of the figures before."""
    percent = lexicon().percent
    return bool(_REFERENT.fullmatch(word)) or any(word in p or p in word for p in percent)


def _rate_of_the_block(current: Reading, previous: Intent) -> list[str]:
    """那纠错率呢 after a question on 行政复议: 复议纠错率 (the rate whose denominator is that block)."""
    if not any(word in current.text for word in lexicon().bare_rates):
        return []
    return [
        rate.key
        for rate in RATES
        if any(term.t4_result for term in rate.numerator)
        and any(key.startswith(term.concept) for term in rate.denominator for key in previous.concepts)
    ]


def _context_prefix(previous: Intent) -> str:
    """Places and years of the previous question, written out to stand before a new question.

    After a CLARIFY the places are the candidates: their bare name keeps the question ambiguous.
    """
    qualify = previous.kind != AnswerKind.CLARIFY
    places = "和".join(unique(_written(p, qualify) for p in previous.places))
    years = ""
    if previous.relative_year is not None and len(previous.years) <= 1:
        years = RELATIVE_YEAR_WORD.get(previous.relative_year, "")
    elif previous.year_was_given and previous.years:
        years = "和".join(f"{year}年" for year in previous.years)
    return places + years


def _written(place: PlaceRef, qualify: bool) -> str:
    """A place as a question would name it: a department by its agency's name (嘉兴市市场监督管理局, not 嘉兴市)."""
    if place.department and place.agency:
        # 教育局 of 东丽区: named with its division, or it is every 教育局 of the corpus
        division = place.county or place.place
        return place.agency if not division or division in place.agency else division + place.agency
    return f"{(place.county or '') if qualify else ''}{place.place}"


_TABLE_TITLES = sorted(
    ((title, table) for table, titles in lexicon().table_titles.items() for title in titles), key=lambda p: -len(p[0])
)


def tables_by_name(text: str) -> str:
    """收到和处理政府信息公开申请情况表 → 表三: a table named by its title, as its short name."""
    for title, table in _TABLE_TITLES:
        text = text.replace(title, table)
    return text


def _inherits_places(reading: Reading, previous: Intent) -> bool:
    """A whole question without a place asks about the previous one's, unless it asks across places."""
    if reading.places or reading.counties or reading.unknown or not (previous.places or _picked_by_scope(previous)):
        return False
    across = ACROSS_PLACES.search(reading.text) or reading.cues & RANK_CUES
    return not across and previous.kind != AnswerKind.NOT_FOUND


# ---- the door ----------------------------------------------------------------------------------------


def understand(question: str, gazetteer: Gazetteer, previous: Intent | None = None) -> Intent:
    """What a question asks: places, years, figures and the kind of answer; ``previous`` for follow-ups."""
    text = tables_by_name(clean(question))
    reading = read(text, gazetteer)
    if previous is not None and (
        _is_follow_up(reading)
        or _part_of_previous(reading, previous)
        or _rate_of_the_parts_before(reading, previous)
        or (previous.earlier_places and _asks_which_of(reading) and not reading.place_spans)
    ):
        return _follow_up(question, reading, previous, gazetteer)
    kept = None
    if previous is not None and _inherits_places(reading, previous):
        kept = _keeps_places(reading, previous, gazetteer)
        text = _context_prefix(previous) + text
        reading = read(text, gazetteer)
    if previous is not None and not reading.concepts and reading.cues & RANK_CUES and previous.concepts:
        return _build(question, text, reading, gazetteer, Wanted.asked_before(previous))
    return _build(question, text, reading, gazetteer, places_of=kept)
