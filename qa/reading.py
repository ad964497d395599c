"""One question read word by word (``Reading``): places, years, figures, columns, rates, cue words, and the
words no vocabulary knows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.catalog import t2_row
from index.gazetteer import Division, Tier
from index.gazetteer import gazetteer as national_gazetteer
from index.models import TableId
from qa.figures import (
    COLUMN_CONCEPTS,
    COLUMN_CONCEPTS_BY_KEY,
    CONCEPTS,
    CONCEPTS_BY_KEY,
    DEFAULT_T3_COLUMN,
    RATES,
    Concept,
)
from qa.known_places import Gazetteer, Named
from qa.lexicon import GAP, lexicon, longest_first, segmenter, weak_words
from qa.spelling import sound_alike
from qa.words import (
    BARE_REQUEST,
    BARE_REQUEST_CONCEPT,
    COMPARED_WITH,
    COMPARED_WITH_PATTERN,
    COUNTERS,
    CUE_WORDS,
    EXCLUDING,
    FORMAT_WORDS,
    GENERIC_PLACE_WORDS,
    HAN,
    KIND_CUES,
    MAX_QUALIFIER_GAP,
    MAX_RECENT_YEARS,
    MAX_STEM,
    MEASURE_WORDS,
    MIN_COLUMN_NAME,
    MIN_STEM,
    NAME_FILLER_WORDS,
    NAME_STOP_CHARS,
    NOT_A_PLACE_AFTER,
    NOT_BARE_REQUEST_AFTER,
    NOT_HOW_WORDS,
    ORDINALS,
    PARTICLES,
    PLACE_COUNT,
    PLACE_SUFFIXES,
    PLAN_WORDS,
    PLURAL_WHICH,
    RANGE_JOINERS,
    RECENT_YEARS,
    RELATIVE_YEARS,
    TOP_N,
    YEAR_ON_YEAR,
    YEAR_PATTERNS,
    Cue,
    Match,
    T,
    cn_number,
    is_han,
    longest_pairs_first,
    mark_taken,
    scan,
    within_one_edit,
    year_digits,
)

# ---- reading one question ----------------------------------------------------------------------------

CONCEPT_LEXICON = longest_first(lexicon().figure)
WEAK_CONCEPT_WORDS = weak_words(lexicon().figure)
CLAUSE_BREAKS = frozenset("，,；;。？?！!")
RATE_LEXICON = longest_first(lexicon().rate)
PERCENT_LEXICON = longest_pairs_first((word, word) for word in lexicon().percent)
FORMAT_LEXICON = longest_pairs_first((word, name) for name, words in FORMAT_WORDS.items() for word in words)
NOT_FIGURE_LEXICON = longest_pairs_first((word, word) for word in lexicon().not_figures)
FILLER_WORDS = lexicon().filler
# jieba's tags for numerals, measure words, pronouns, prepositions, conjunctions, particles, interjections
# and onomatopoeia: they say how a question is put, never which figure (adverbs and verbs may: 直接, 撤回).
# Numerals (多次, 一遍遍) and pronouns (其他) may say which figure: they stay.
GRAMMAR_TAGS = frozenset({"q", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o"})
# 三个 (镇), 前 5 (名), 一件 / 一项 / 那一行: a count of what the question names, not a figure of its own
_COUNT_WORD = re.compile(r"[\d一二两三四五六七八九十]+[个名家位份件项行条栏]?")
COLUMN_LEXICON = longest_first(lexicon().column)
# A table-2 word may name the column of several formats (处理决定 → 处理决定数量 and 本年处理决定数量).
_T2_PAIRS = longest_first(lexicon().t2_column)
T2_LEXICON: list[tuple[str, tuple[str, ...]]] = [
    (word, tuple(key for other, key in _T2_PAIRS if other == word)) for word in dict.fromkeys(w for w, _ in _T2_PAIRS)
]
T4_LEXICON: list[tuple[str, str]] = longest_first(lexicon().t4_result)
CUE_LEXICON: list[tuple[str, Cue]] = longest_pairs_first((w, cue) for cue, words in CUE_WORDS.items() for w in words)
RELATIVE_LEXICON = longest_pairs_first(RELATIVE_YEARS.items())
ORDINAL_LEXICON = longest_pairs_first(ORDINALS.items())
AGENCY_DETERMINERS = lexicon().agency_determiners
EXCLUSIONS = lexicon().exclusions
# 结转到2023年: the year applications were carried into, not the year asked (the row is 结转下年度).
CARRIED_INTO = ("结转到", "结转至", "转入", "转到", "结转")
DEPARTMENT_WORDS = frozenset(word for words in lexicon().departments.values() for word in words)


@dataclass
class Reading:
    """Everything recognised in one normalised question, with where it stands."""

    text: str
    places: list[Match[Named]] = field(default_factory=list)  # exact names, or one-edit corrections
    counties: list[Match[str]] = field(default_factory=list)  # counties named on their own
    unknown: list[Match[str]] = field(default_factory=list)  # place names the corpus lacks
    years: list[int] = field(default_factory=list)
    plan_years: list[int] = field(default_factory=list)  # years followed by 打算 / 计划 …
    offsets: list[int] = field(default_factory=list)  # 今年 0, 去年 -1 …
    year_spans: list[tuple[int, int]] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    rates: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    t2_columns: list[str] = field(default_factory=list)
    t2_named: list[str] = field(default_factory=list)  # table-2 columns named in their own words (新制作)
    t4_results: list[str] = field(default_factory=list)
    top_n: int | None = None
    ascending: bool | None = None  # None: the question does not say
    ordinal: int | None = None
    compared: bool = False  # 比去年 / 同比: a comparison with an earlier year
    cues: frozenset[Cue] = frozenset()
    leftover: str = ""  # what no rule recognised, particles dropped
    unknown_words: list[str] = field(default_factory=list)  # words of the leftover that name no figure we know
    # 除了个人以外, 行政复议被拒: words that leave no figure of the tables asked (the question is asked back)
    excluding: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)  # divisions above a place (江西, 信阳市)
    corrections: list[str] = field(default_factory=list)  # "平按镇→平安镇"
    excluded: list[str] = field(default_factory=list)  # agencies set aside: （不是市政府研究室）
    table_format: str | None = None  # 2019年格式的报告里: only reports of that format
    context_words: list[str] = field(default_factory=list)  # unknown words of clauses that ask nothing

    @property
    def place_spans(self) -> list[tuple[int, int]]:
        spans = [(m.start, m.end) for m in (*self.places, *self.counties, *self.unknown)]
        return sorted(spans)

    @property
    def kind_cues(self) -> frozenset[Cue]:
        return self.cues & KIND_CUES


def read(text: str, gazetteer: Gazetteer) -> Reading:
    """What a question names. A word no rule knows that is one character off a figure word of the lexicon
    (行政强治 for 行政强制) is read as that word, and the correction is noted, when it is the only such word."""
    reading = _read_once(text, gazetteer)
    typo = _figure_word_typo(reading) if reading.unknown_words else None
    if typo is None:
        return reading
    start, right = typo
    corrected = _read_once(text[:start] + right + text[start + len(right) :], gazetteer)
    if len(corrected.unknown_words) >= len(reading.unknown_words):
        return reading  # the correction must be what made a word unknown
    corrected.corrections.append(f"{text[start : start + len(right)]}→{right}")
    return corrected


MIN_TYPO_WORD = 4  # shorter figure words are too near one another (收到/收费) to be corrected
# An unknown word this common in jieba's dictionary is a word, not a typo (条例 is no 比例; 公升 may be 公开),
# unless the character off sounds like the right one.
MAX_TYPO_FREQUENCY = 100
QUESTION_CHARACTERS = frozenset("哪几多少啥谁怎么")  # 哪件申请 asks which, it is no 几件申请
# figure word → what it names (a figure, column, table-2 column, table-4 result or rate)
_TYPO_WORDS = {
    word: f"{kind}:{entry.key}"
    for kind, entry in lexicon().entries()
    for word in (*entry.words, *entry.weak)
    if GAP not in word and len(word) >= MIN_TYPO_WORD and all(is_han(c) for c in word)
}


def _figure_word_typo(reading: Reading) -> tuple[int, str] | None:
    """(where, the word) of a figure word one character off an unknown word's place in the question, when
    all such words name one thing (行政处法决定: 行政处罚 and 处罚决定 are both 行政处罚)."""
    text = reading.text
    found: list[tuple[int, str, bool]] = []
    frequency = segmenter().tokenizer.FREQ
    in_text = set(text)
    # a word one character off has all its other characters in the question: the others cannot fit
    near = [word for word in _TYPO_WORDS if sum(char in in_text for char in word) >= len(word) - 1]
    for unknown in reading.unknown_words:
        common = frequency.get(unknown, 0) >= MAX_TYPO_FREQUENCY
        at = text.find(unknown)
        spots = range(at, at + len(unknown))
        for word in near:
            # the window holds the whole unknown word: 主动 of 主动公开了 is no 给 of 给公开了
            for start in range(max(0, at + len(unknown) - len(word)), min(at, len(text) - len(word)) + 1):
                window = text[start : start + len(word)]
                wrong = [i for i, (a, b) in enumerate(zip(window, word, strict=True)) if a != b]
                typed = window[wrong[0]] if len(wrong) == 1 else ""
                if not typed or not is_han(typed) or typed in QUESTION_CHARACTERS:
                    continue
                # a character that sounds like the right one (商业企也) may stand beside a common word
                alike = sound_alike(typed, word[wrong[0]])
                if alike or (start + wrong[0] in spots and not common):
                    found.append((start, word, alike))
    if any(alike for *_, alike in found):  # 行政处法决定: 处罚 sounds like 处法, 处理 does not
        found = [spot for spot in found if spot[2]]
    if len({_TYPO_WORDS[word] for _, word, _ in found}) != 1:
        return None
    return min(((start, word) for start, word, _ in found), key=lambda spot: (spot[0], -len(spot[1])))


def _read_once(text: str, gazetteer: Gazetteer) -> Reading:
    reading = Reading(text=text)
    taken = [False] * len(text)
    for aside in EXCLUDING.finditer(text):  # read apart: its name is no place or figure of the question
        reading.excluded.append(aside["name"])
        mark_taken(taken, *aside.span())
    exact = _outside_quoted_names(text, gazetteer.scan(text, list(taken)))
    for match in _with_misspelt(text, exact, gazetteer, list(taken), reading):
        mark_taken(taken, match.start, match.end)
        if match.value.places:
            reading.places.append(match)
        else:
            reading.counties.append(Match(match.start, match.end, match.word, match.value.name))
    _without_the_askers_place(reading)
    formats = scan(text, FORMAT_LEXICON, taken)  # 2019年格式: a format, its 2019 no year
    reading.table_format = formats[0].value if len({m.value for m in formats}) == 1 else None
    _read_years(reading, taken)
    if reading.table_format:  # 2019年那套老表格: the year names the format, not the reports
        reading.years = [y for y in reading.years if str(y) != reading.table_format]
        reading.year_spans = [(s, e) for s, e in reading.year_spans if reading.table_format not in text[s:e]]
    reading.ordinal = next((m.value for m in scan(text, ORDINAL_LEXICON, taken)), None)
    _read_top_n(reading, taken)
    for start, end in _known_clauses(text):  # 依申请公开62件这个我看到了，被告了几件: what is known is not asked
        mark_taken(taken, start, end)
    scan(text, NOT_FIGURE_LEXICON, taken)  # 信息公开收费 is no 收费 of table 2
    # Rates first: 办结率 and 复议纠错率 hold the words of the figures they are made of.
    reading.rates = unique(m.value for m in scan(text, RATE_LEXICON, taken))
    covered = _read_metrics(reading, taken)
    metric = [c and not t for c, t in zip(covered, taken, strict=True)]  # a figure's words, not places or years
    share = scan(text, PERCENT_LEXICON, list(covered))
    derived = bool(share) and not reading.rates and _read_rate_by_its_parts(reading)
    for match in share if derived else ():
        mark_taken(covered, match.start, match.end)
    _read_unknown_places(reading, covered, gazetteer)
    # Cue words are looked for outside metric words: 不同 in 不同意公开 is no comparison.
    cues = scan(text, CUE_LEXICON, covered)
    reading.cues = _cues(text, cues, reading)
    for match in (*reading.places, *reading.unknown):
        mark_taken(covered, match.start, match.end)
    reading.leftover = "".join(
        c for c, done in zip(text, covered, strict=True) if not done and c not in PARTICLES | MEASURE_WORDS
    )
    words = _unknown_words(text, covered)
    # 公安 is a kind of department before it is 公安县's short name
    reading.qualifiers = [w for w in words if upper_divisions(w) and w not in DEPARTMENT_WORDS]
    # 白山市 before 抚松县东岗镇: a division above a known place, not a place the corpus lacks
    known_starts = {m.start for m in (*reading.places, *reading.counties)}
    # 深圳市 on its own: a division (the reports inside it are meant), not a place the corpus lacks
    above = [
        u for u in reading.unknown if upper_divisions(u.word) and (not known_starts or _before_a_known(u, known_starts))
    ]
    reading.unknown = [u for u in reading.unknown if u not in above]
    reading.qualifiers += [u.word for u in above]
    reading.unknown_words = [
        w
        for w in words
        if w not in reading.qualifiers and not _restates_a_label(w, reading) and not _its_own(w, reading)
    ]
    if reading.excluding:  # 不算个人 stands for its words: 不算 is not a second unknown word
        kept = [w for w in reading.unknown_words if not any(w in phrase for phrase in reading.excluding)]
        reading.unknown_words = unique([*kept, *reading.excluding])
    if share and not derived and not reading.rates:  # a share of one figure is not its count: asked back
        reading.unknown_words += [m.word for m in share if m.word not in reading.unknown_words]
    reading.context_words = _in_context_clauses(text, reading.unknown_words, metric)
    return reading


_CONTEXT_BREAKS = frozenset("，,；;。？?！!：:")
# What the asker says they already know: its clause names its place and year, and asks no figure.
KNOWN_MARKERS = lexicon().known_markers
ASKER_MARKERS = lexicon().asker_markers


def _clauses_of(text: str) -> list[tuple[int, int]]:
    clauses, start = [], 0
    for at, char in enumerate(text + "。"):
        if char in _CONTEXT_BREAKS:
            clauses.append((start, at))
            start = at + 1
    return [(s, e) for s, e in clauses if e > s]


def _without_the_askers_place(reading: Reading) -> None:
    """我是平桥区的个体户，想问港口乡…: the place of a clause saying who the asker is, when another clause names
    one, is where the asker is from, not what is asked (alone, 我是平桥区的，收到多少申请, it is what is asked)."""
    own = [(s, e) for s, e in _clauses_of(reading.text) if _says_who_asks(reading.text[s:e])]
    if not own:
        return

    def in_own(match: Match[T]) -> bool:
        return any(s <= match.start < e for s, e in own)

    named = [*reading.places, *reading.counties]
    if any(not in_own(m) for m in named):
        reading.places = [m for m in reading.places if not in_own(m)]
        reading.counties = [m for m in reading.counties if not in_own(m)]


def _known_clauses(text: str) -> list[tuple[int, int]]:
    """The clauses saying what the asker knows, or who the asker is (我们是企业合规部的), when another clause
    asks something."""
    clauses = _clauses_of(text)
    known = [(s, e) for s, e in clauses if any(m in text[s:e] for m in KNOWN_MARKERS) or _says_who_asks(text[s:e])]
    return known if len(known) < len(clauses) else []


def _says_who_asks(clause: str) -> bool:
    """我们是企业合规部的: a clause opening with an asker marker."""
    return clause.startswith(ASKER_MARKERS)


def _in_context_clauses(text: str, words: list[str], metric: list[bool]) -> list[str]:
    """The unknown words that stand in clauses naming no figure and asking nothing: what a person says of
    themselves before the question (我是平桥区的个体户，最近在跑证照的事，…行政许可一共作了多少个决定)."""
    clauses = _clauses_of(text)
    context = [
        (s, e) for s, e in clauses
        if not any(metric[s:e]) and not any(w in text[s:e] for w in CUE_WORDS[Cue.QUANTITY])
    ]  # fmt: skip
    if len(context) == len(clauses):
        return []  # a question that is all context asks about those words
    return [w for w in words if any(text.find(w, s, e) >= 0 for s, e in context)]


def _with_misspelt(
    text: str, exact: list[Match[Named]], gazetteer: Gazetteer, taken: list[bool], reading: Reading
) -> list[Match[Named]]:
    """The exact matches, and a department written with one character wrong (故城县教育句) in place of the
    shorter exact ones inside it (故城县); each correction noted."""
    matches = list(exact)
    for wrong, alias in gazetteer.misspelt(text, taken):
        inside = [m for m in matches if wrong.start <= m.start and m.end <= wrong.end]
        if any((m.start, m.end) == (wrong.start, wrong.end) for m in inside):
            continue  # written exactly as another known name
        if any(m.value.places and all(p.department for p in m.value.places) for m in inside):
            continue  # 临夏公安微信: the department 临夏公安 exactly, not 临夏公安局 with 微 wrong
        if any(m.start < wrong.end and wrong.start < m.end for m in matches if m not in inside):
            continue
        matches = [m for m in matches if m not in inside] + [wrong]
        reading.corrections.append(f"{wrong.word}→{alias}")
    return sorted(matches, key=lambda m: m.start)


_QUOTED = re.compile(r"“([^”]+)”|「([^」]+)」|《([^》]+)》|\"([^\"]+)\"")


# What a report's title holds besides its agency: 2020年报_审计局, 平安镇2023年度政府信息公开工作年度报告.
_TITLE_WORDS = re.compile(r"(?:\d{4}年?度?|年度|年报|报告|政府信息公开工作|政府信息公开|工作|[_\-—、·.\s()（）]|的)*")


def _outside_quoted_names(text: str, matches: list[Match[Named]]) -> list[Match[Named]]:
    """Without the places inside a quoted name (“天津东丽教育”公众号 is an account, not 东丽区); a quote
    holding just the place (“港口乡”), or a report's title (“2020年报_审计局”), still names it."""
    quoted = [(q.start() + 1, q.end() - 1) for q in _QUOTED.finditer(text)]

    def names_it(match: Match[Named], start: int, end: int) -> bool:
        rest = text[start : match.start] + text[match.end : end]
        return _TITLE_WORDS.fullmatch(rest) is not None

    return [m for m in matches if not any(s <= m.start and m.end <= e and not names_it(m, s, e) for s, e in quoted)]


def _before_a_known(match: Match[str], known_starts: set[int]) -> bool:
    """A name right before a known place or county, or a few characters before it (白山市抚松县东岗镇)."""
    return any(0 <= start - match.end <= MAX_QUALIFIER_GAP for start in known_starts)


def upper_divisions(word: str) -> list[Division]:
    """The provinces, cities and counties (not townships) a word names, in full or short (江西, 信阳)."""
    return [d for d in national_gazetteer().divisions(word, short=True) if d.tier < Tier.TOWNSHIP]


_OWN_GOVERNMENT = re.compile(r"(乡|镇|区|县|市)(?:人民)?政府")


def _its_own(word: str, reading: Reading) -> bool:
    """乡政府 in 港口乡有人告过乡政府吗: the government of the 乡 the question names, no other figure."""
    found = _OWN_GOVERNMENT.fullmatch(word)
    return bool(found) and any(m.value.name.endswith(found.group(1)) for m in reading.places)


def _restates_a_label(word: str, reading: Reading) -> bool:
    """A word of the official wording of a figure the question names (补正 of 补正后申请内容仍不明确, 万元
    of 本年收费金额（万元）, 四类 of 属于四类过程性信息) is no other figure."""
    return any(word in label for label in _labels(reading))


def _labels(reading: Reading) -> list[str]:
    """The official wording of what the question asks: its rows, and the columns it names."""
    labels = []
    for key in reading.concepts:
        concept = CONCEPTS_BY_KEY.get(key)
        if concept:  # a sum's parts are not its wording: 正当理由 of one reason is not 不予处理 in all
            labels += [concept.label, *(rows[0] for rows in concept.rows.values() if len(rows) == 1)]
    labels += [column for key in reading.columns for column in COLUMN_CONCEPTS_BY_KEY[key].columns]
    return [*labels, *reading.t2_columns, *reading.t4_results]


def _unknown_words(text: str, covered: list[bool]) -> list[str]:
    """Words of two or more characters in the runs no rule recognised that are not question filler nor
    grammar (一件, 整年, 那年, 各: numerals, measure words, pronouns … by their part of speech)."""
    runs = "".join(c if not done and c not in PARTICLES else " " for c, done in zip(text, covered, strict=True))
    words = [pair for run in runs.split() for pair in segmenter().lcut(run)]
    return unique(
        [
            *_outcome_characters(text, covered),
            *(
                word
                for word, tag in words
                if len(word) > 1
                and HAN.search(word)
                and word not in FILLER_WORDS
                and not _COUNT_WORD.fullmatch(word)
                and tag not in GRAMMAR_TAGS
            ),
        ]
    )


OUTCOME_CHARACTERS = lexicon().outcome_characters


def _outcome_characters(text: str, covered: list[bool]) -> list[str]:
    """退, 撤, 给 left unread and not leading into a figure's words or a filler word (给纠正了, 没给提供的): an
    outcome the question names that no figure word does (申请没给的, 被退了)."""
    found = []
    for at, char in enumerate(text):
        if char not in OUTCOME_CHARACTERS or covered[at]:
            continue
        after = at + 1
        if after < len(text) and (covered[after] or any(text.startswith(w, after) for w in FILLER_WORDS)):
            continue
        found.append(char)
    return found


def _read_years(reading: Reading, taken: list[bool]) -> None:
    text = reading.text
    # 近三年 / 近10年 first: its 10年 is not 2010
    for found in RECENT_YEARS.finditer(text):
        count = cn_number(found.group(1))
        if count and count <= MAX_RECENT_YEARS and not any(taken[found.start() : found.end()]):
            reading.offsets += range(1 - count, 1)
            reading.year_spans.append(found.span())
            mark_taken(taken, *found.span())
    tokens: list[Match[int]] = []
    for pattern in YEAR_PATTERNS:
        for found in pattern.finditer(text):
            start, end = found.span()
            if any(taken[start:end]) or _is_count(text, found) or text[:start].endswith(CARRIED_INTO):
                continue
            year = year_digits(found.group(1))
            year += 2000 if year < 100 else 0
            tokens.append(Match(start, end, found.group(0), year))
            mark_taken(taken, start, end)
    tokens.sort(key=lambda m: m.start)
    years: list[int] = []
    for index, token in enumerate(tokens):
        previous = tokens[index - 1] if index else None
        if previous and _is_range(text[previous.end : token.start]) and 0 < token.value - previous.value <= 30:
            years += range(previous.value + 1, token.value + 1)
        else:
            years.append(token.value)
    reading.years = sorted(set(years))
    reading.plan_years = [m.value for m in tokens if text[m.end :].lstrip("的，, ").startswith(PLAN_WORDS)]
    reading.year_spans += [(m.start, m.end) for m in tokens]
    _read_compared_with(reading, taken)
    for match in scan(text, RELATIVE_LEXICON, taken):
        reading.offsets.append(match.value)
        reading.year_spans.append((match.start, match.end))
    reading.year_spans.sort()


def _read_compared_with(reading: Reading, taken: list[bool]) -> None:
    """比去年 / 同比: the year asked (or the newest) and the one before it."""
    text = reading.text
    found = [(m.span(1), COMPARED_WITH[m.group(1)]) for m in COMPARED_WITH_PATTERN.finditer(text)]
    at = text.find(YEAR_ON_YEAR)
    if at >= 0:
        found.append(((at, at + len(YEAR_ON_YEAR)), -1))
    for (start, end), offset in found:
        if any(taken[start:end]):
            continue
        if reading.years:
            reading.years = sorted(set(reading.years) | {year + offset for year in reading.years})
        else:
            reading.offsets += [offset, 0]
        reading.year_spans.append((start, end))
        reading.compared = True
        mark_taken(taken, start, end)


def _is_count(text: str, found: re.Match[str]) -> bool:
    """2021件 is a count; a year needs 年 or no counter after it."""
    rest = text[found.end() :].lstrip()
    return not found.group(0).rstrip().endswith(("年", "年度")) and bool(rest) and rest[0] in COUNTERS


def _is_range(gap: str) -> bool:
    return gap.strip() in RANGE_JOINERS


def _read_top_n(reading: Reading, taken: list[bool]) -> None:
    for pattern, ascending in TOP_N:
        for found in pattern.finditer(reading.text):
            if any(taken[found.start() : found.end()]):
                continue
            number = cn_number(found.group(1))
            if number:
                reading.top_n = number
                reading.ascending = True if ascending else reading.ascending
                mark_taken(taken, *found.span())
                return


def _read_rate_by_its_parts(reading: Reading) -> bool:
    """百分之多少是给公开了的（含部分公开）: a share asked of the figures that make a rate's numerator is that rate
    (予以公开 + 部分公开 → 公开率; 复议 结果纠正 → 复议纠错率)."""
    named = {(key, result) for key in reading.concepts for result in (reading.t4_results or [None])}
    for rate in RATES:
        if rate.made_of(named):
            reading.rates, reading.concepts, reading.t4_results = [rate.key], [], []
            return True
    return False


def _read_metrics(reading: Reading, taken: list[bool]) -> list[bool]:
    """Concepts, columns, table-2 columns and table-4 results: each list longest first, on its own.

    The lists may overlap one another (采购金额 is both 政府集中采购 and 采购总金额), never themselves.
    Returns the positions any of them covers.
    """
    text = reading.text
    concept_taken = list(taken)
    matches = _of_cases(reading, _t2_decisions(text, scan(text, CONCEPT_LEXICON, concept_taken)), concept_taken)
    matches = _without_excluded_figures(reading, matches, concept_taken)
    for match in matches:  # 行政许可处理了多少: the handling verb is that matter's decisions, no other figure
        verb = _DECIDED.match(text, match.end) if CONCEPTS_BY_KEY[match.value].table == TableId.T2 else None
        if verb:
            mark_taken(concept_taken, *verb.span())
    strong = _strong(text, _without_scopes(text, matches))
    reading.concepts = _narrowest(_summed(strong) if SUM_WORDS.search(text) else strong)
    column_taken = list(taken)
    found: list[Match[str]] = []
    excluded: list[tuple[Match[str], tuple[int, int]]] = []
    for m in scan(text, COLUMN_LEXICON, list(taken)):
        if text[m.end :].startswith(NOT_AN_APPLICANT_AFTER):
            continue  # 个人信息: left for the words no figure has
        mark_taken(column_taken, m.start, m.end)
        if text[: m.start].endswith(AGENCY_DETERMINERS):
            continue
        exclusion = _exclusion_of(text, m)
        if exclusion:
            excluded.append((m, exclusion))
        else:
            found.append(m)
    columns = unique(_without_excluded(reading, found, excluded, column_taken))
    # 法律服务机构 总计 is that column's figure: 总计 with another column names no column of its own.
    reading.columns = [c for c in columns if c != DEFAULT_T3_COLUMN] if len(columns) > 1 else columns
    if reading.columns and _total_asked_too(text, matches, found, TableId.T3):
        reading.columns = [DEFAULT_T3_COLUMN, *reading.columns]
    t2_taken = list(taken)
    t2_matches = scan(text, T2_LEXICON, t2_taken)
    if len(t2_matches) > 1:  # 还有效、没被废止的: the column denied describes the one asked, it is not asked
        t2_matches = [m for m in t2_matches if not text[: m.start].endswith(DENIALS)] or t2_matches
    reading.t2_columns = unique(key for m in t2_matches for key in m.value)
    reading.t2_named = unique(key for m in t2_matches for key in m.value if _names_column(m.word, key))
    t4_taken = list(taken)
    results = scan(text, T4_LEXICON, t4_taken)
    reading.t4_results = unique(m.value for m in results)
    if reading.t4_results and _total_asked_too(text, matches, results, TableId.T4):
        reading.t4_results = [T4_TOTAL, *reading.t4_results]  # 有没有被复议？还没审结的有几件？
    bare = _bare_request(text, concept_taken) if not reading.concepts and not reading.rates else None
    if bare is not None:
        reading.concepts = [BARE_REQUEST_CONCEPT]
        mark_taken(concept_taken, bare, bare + len(BARE_REQUEST))
    return [any(flags) for flags in zip(concept_taken, column_taken, t2_taken, t4_taken, strict=True)]


T4_TOTAL = "总计"  # a table-4 block's total, asked beside one of its results


def _total_asked_too(text: str, figures: list[Match[str]], columns: list[Match[str]], table: TableId) -> bool:
    """新收申请多少？其中企业申请的有几件？ / 有没有被复议？还没审结的有几件？: a clause counting a figure of the
    table with no part, and a part (an applicant column, a result) asked in a later clause: the total is
    asked too, then the part."""
    clause = _clause_numbers(text)
    with_columns = {clause[m.start] for m in columns}
    counted = [
        m
        for m in figures
        if CONCEPTS_BY_KEY[m.value].table == table
        and clause[m.start] not in with_columns
        and _counts(_clause_text(text, clause, clause[m.start]))
    ]
    # 个人申请的里头，只给公开了一部分的是几件: a column named first is where the figure is counted
    return bool(counted) and min(with_columns, default=-1) > min(clause[m.start] for m in counted)


def _clause_text(text: str, clause: list[int], number: int) -> str:
    return "".join(char for at, char in enumerate(text) if clause[at] == number)


def _counts(text: str) -> bool:
    return any(word in text for word in CUE_WORDS[Cue.QUANTITY])


def _exclusion_of(text: str, match: Match[str]) -> tuple[int, int] | None:
    """The span of the word excluding an applicant column (不算个人, 除了个人以外), if one stands beside it."""
    before = next((w for w in EXCLUSIONS if text[: match.start].endswith(w)), None)
    start = match.start - len(before or "")
    # 是不是收到, 算不算个人: a yes-no question (A不A), no exclusion
    if before and not (before.startswith("不") and text[:start].endswith(before[1])):
        return start, match.start
    after = next((w for w in EXCLUSIONS if text[match.end :].startswith(w)), None)
    return (match.end, match.end + len(after)) if after else None


def _without_excluded(
    reading: Reading, found: list[Match[str]], excluded: list[tuple[Match[str], tuple[int, int]]], taken: list[bool]
) -> list[str]:
    """The columns asked, given those excluded. 单位（不算个人）: the excluded column confirms the one asked
    when that does not hold it. 除了个人以外的 (no other column): the applicants who remain, when they make a
    column (法人或其他组织). Otherwise (除了企业以外的, 除了企业的单位: 法人 holds 企业) no column of the tables
    is asked: asked back."""
    asked = {column for m in found for column in COLUMN_CONCEPTS_BY_KEY[m.value].columns}
    gone = {column for m, _ in excluded for column in COLUMN_CONCEPTS_BY_KEY[m.value].columns}
    remaining = _column_of(_APPLICANT_COLUMNS - gone) if excluded and not found else None
    _settle(reading, excluded, (bool(found) and not asked & gone) or remaining is not None, taken)
    return [m.value for m in found] + ([remaining] if remaining else [])


def _settle(
    reading: Reading, excluded: list[tuple[Match[str], tuple[int, int]]], settled: bool, taken: list[bool]
) -> None:
    """Exclusions whose meaning is settled are read (their words taken); the others leave their phrase as
    words no figure has, so the question is asked back."""
    for m, (start, end) in excluded:
        if settled:
            mark_taken(taken, start, end)
        else:
            reading.excluding.append(reading.text[min(m.start, start) : max(m.end, end)])


def _without_excluded_figures(reading: Reading, matches: list[Match[str]], taken: list[bool]) -> list[Match[str]]:
    """新收的申请有多少件？不算上年结转的: a figure excluded is not asked; it confirms another figure named that
    does not hold it, else (除了行政许可，其他的) no figure is asked and the question is asked back."""
    excluded = [(m, span) for m in matches if (span := _exclusion_of(reading.text, m))]
    if not excluded:
        return matches
    kept = [m for m in matches if all(m is not e for e, _ in excluded)]
    apart = bool(kept) and all(not _cells(m.value) & _cells(e.value) for m in kept for e, _ in excluded)
    _settle(reading, excluded, apart, taken)
    return kept


# Every applicant column of table 3: 自然人 and the five of 法人或其他组织 (总计 is their sum).
_APPLICANT_COLUMNS = frozenset(
    column for key in ("natural", "organisations") for column in COLUMN_CONCEPTS_BY_KEY[key].columns
)


def _column_of(columns: frozenset[str]) -> str | None:
    """The applicant column (or sum of columns) that is exactly these columns."""
    return next((c.key for c in COLUMN_CONCEPTS if frozenset(c.columns) == columns), None)


def _cells(key: str) -> set[tuple[str, str, str]]:
    """(format, row, column) of every cell a concept can mean; the column "" for its question's columns."""
    concept = CONCEPTS_BY_KEY[key]
    return {
        (fmt.value, row, column)
        for fmt, rows in concept.rows.items()
        for row in rows
        for column in concept.columns.get(fmt, ("",))
    }


# 一共 / 加起来 / 直接起诉加复议后起诉: the parts named are to be added (增加, 加强 are no adding).
SUM_WORDS = re.compile(r"一共|合计|总共|共计|加起来|之和|相加|(?<![增参更追施附])加(?![强大快入])")


def _summed(keys: list[str]) -> list[str]:
    """行政诉讼一共几件（直接起诉加复议后起诉）: a figure named with all of its parts is their sum, asked as a
    whole; the parts are not asked besides it."""
    known = [key for key in keys if key in CONCEPTS_BY_KEY]
    cells = {key: _cells(key) for key in known}
    for whole in known:
        parts = [key for key in known if key != whole and cells[key] < cells[whole]]
        if len(parts) > 1 and set().union(*(cells[key] for key in parts)) == cells[whole]:
            return [key for key in keys if key not in parts]
    return keys


def _narrowest(keys: list[str]) -> list[str]:
    """Without the figures that hold another one named: 不予公开 国家秘密 asks for the 国家秘密 row, and
    未经复议直接起诉的行政诉讼 for that block, not the sums they belong to."""
    known = [key for key in keys if key in CONCEPTS_BY_KEY]
    cells = {key: _cells(key) for key in known}
    return [key for key in keys if not any(other != key and cells[other] < cells.get(key, set()) for other in known)]


# 个人信息 / 个人隐私 / 企业信息 are what was asked for, not who asked: no applicant column
NOT_AN_APPLICANT_AFTER = lexicon().not_an_applicant_after
DENIALS = lexicon().denials
_DECIDED = re.compile(rf"的?(?:{'|'.join(map(re.escape, lexicon().decided_verbs))})了?")


# Everyday refusal words: of an application, 不予公开; said of a review or lawsuit, one of its results.
CASE_OUTCOME_WORDS = lexicon().case_outcome_words


def _of_cases(reading: Reading, matches: list[Match[str]], taken: list[bool]) -> list[Match[str]]:
    """行政复议被驳回了几件: 驳回 in a clause about reviews or lawsuits is no 不予公开 of applications; it is
    left unread, and said to be (被拒 is no word of its own), so the question is asked back."""
    text = reading.text
    clause = _clause_numbers(text)
    cases = {clause[m.start] for m in matches if CONCEPTS_BY_KEY[m.value].table == TableId.T4}
    kept = []
    for m in matches:
        if m.word in CASE_OUTCOME_WORDS and clause[m.start] in cases:
            taken[m.start : m.end] = [False] * (m.end - m.start)
            reading.excluding.append(m.word)
        else:
            kept.append(m)
    return kept


def _t2_decisions(text: str, matches: list[Match[str]]) -> list[Match[str]]:
    """Without an application figure worded right after a table-2 matter: 行政许可办了多少件 asks that
    matter's decisions, not how many applications were handled."""
    t2_ends = {m.end for m in matches if CONCEPTS_BY_KEY[m.value].table == TableId.T2}
    return [
        m
        for m in matches
        if CONCEPTS_BY_KEY[m.value].table != TableId.T3
        or not any(end <= m.start and not text[end : m.start].strip("的了都共一") for end in t2_ends)
    ]


def _clause_numbers(text: str) -> list[int]:
    """For each position of the text (and its end), the number of the clause it stands in."""
    clause = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        clause[index + 1] = clause[index] + (char in CLAUSE_BREAKS)
    return clause


def _strong(text: str, matches: list[Match[str]]) -> list[str]:
    """The figures named, without those named only by a weak word when another figure is named in the same
    clause: 收到几件，同意公开的几件 asks two figures, 有多少申请被驳回了 one; 多少申请 (a count of requests)
    yields to any other figure of its clause, weak too (有多少申请还在办)."""
    clause = _clause_numbers(text)
    strong_in = {clause[m.start] for m in matches if (m.word, m.value) not in WEAK_CONCEPT_WORDS}
    named_in = Counter(clause[m.start] for m in matches)
    kept = {
        m.value
        for m in matches
        if ((m.word, m.value) not in WEAK_CONCEPT_WORDS or clause[m.start] not in strong_in)
        and not (_counts_requests(m.word) and named_in[clause[m.start]] > 1)
    }
    return [key for key in unique(m.value for m in matches) if key in kept]


def _counts_requests(word: str) -> bool:
    """多少申请, 几件申请: how many requests, whatever else the clause says of them."""
    return word.endswith(BARE_REQUEST) and word.startswith(CUE_WORDS[Cue.QUANTITY])


# 办结的申请中 / 新收的申请里: the figure before it is where the next one is counted, not a figure asked
_SCOPE_AFTER = re.compile(r"的?(?:政府信息公开|信息公开)?(?:申请)?(?:中|里|当中|之中|里面|里头|中间)")


def _without_scopes(text: str, matches: list[Match[str]]) -> list[Match[str]]:
    """在办结的申请中予以公开的有几件: 予以公开 only (a table-3 figure followed by 中 and another one)."""
    table3 = [m for m in matches if CONCEPTS_BY_KEY[m.value].table == TableId.T3]
    scopes = {
        id(m)
        for m in table3
        if _SCOPE_AFTER.match(text, m.end) and any(o.start >= m.end and o.value != m.value for o in table3)
    }
    return [m for m in matches if id(m) not in scopes]


def _names_column(word: str, column: str) -> bool:
    """新制作 names 本年新制作数量 on its own; 增加 or 发布了多少 need a row to mean a table-2 column."""
    return len(word) >= MIN_COLUMN_NAME and word in column


def t2_concepts(columns: list[str]) -> list[str]:
    """The table-2 rows that have these columns in some format: 新制作 → 规章 and 规范性文件."""

    def has_column(concept: Concept) -> bool:
        named = {spec.key for fmt, rows in concept.rows.items() for row in rows for spec in t2_row(row, fmt).columns}
        return bool(named.intersection(columns))

    return [concept.key for concept in CONCEPTS if concept.table == TableId.T2 and has_column(concept)]


_QUOTED_COUNT = re.compile(r"\d+\s*件(?:政府信息公开|信息公开|依申请公开)?申请")


def _bare_request(text: str, taken: list[bool]) -> int | None:
    """Where 申请 stands alone in a question that asks for a number (the number of requests received), or
    that quotes it (那26件申请都是个人提的吗)."""
    if not any(word in text for word in CUE_WORDS[Cue.QUANTITY]) and not _QUOTED_COUNT.search(text):
        return None
    start = text.find(BARE_REQUEST)
    while start != -1:
        end = start + len(BARE_REQUEST)
        following = text[end : end + 1]
        if not any(taken[start:end]) and not (following and following in NOT_BARE_REQUEST_AFTER):
            return start
        start = text.find(BARE_REQUEST, end)
    return None


def unique(values: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(values))


def _read_unknown_places(reading: Reading, taken: list[bool], gazetteer: Gazetteer) -> None:
    """Han names ending in 乡/镇/街道/区/县/市 that no known name covers; corrected when one edit away.

    A one-edit correction (平按镇 → 平安镇) is made only when the question names no known place exactly.
    """
    text = reading.text
    taken = list(taken)
    exact = bool(reading.places)
    for found in re.finditer("|".join(PLACE_SUFFIXES), text):
        start, end = _unknown_name(text, found, taken)
        if start < 0:
            continue
        start = _division_ending(text, start, end)  # 西延安吴起县 (of 陕西延安吴起县): 吴起县
        mark_taken(taken, start, end)
        name = text[start:end]
        if _typo_before_a_place(reading, start, end, name):
            continue
        # A different level is a different place (平安乡 is not 平安镇): only same-suffix names are typos.
        # 琼海市 is a city of its own, not a typo of 上海市: only a name the country lacks is corrected.
        typo = not exact and not national_gazetteer().is_upper(name)
        near = tuple(p for p in (gazetteer.near(name) if typo else ()) if _suffix(p.place) == _suffix(name))
        if near:
            reading.places.append(Match(start, end, name, Named(name=near[0].place, places=near)))
            reading.corrections.append(f"{name}→{near[0].place}")
        else:
            reading.unknown.append(Match(start, end, name, name))
    reading.places.sort(key=lambda m: m.start)


def _division_ending(text: str, start: int, end: int) -> int:
    """Where the division a name ends with starts, when the name is none but its end is one (西延安吴起县 ends
    with 吴起县: what stands before it is read on its own)."""
    places = national_gazetteer()
    if places.is_upper(text[start:end]):
        return start
    for at in range(start + 1, end - 1):
        # only after another division's name (延安 of 西延安): 大兴县 is not 大 and 兴县
        after_one = any(upper_divisions(text[j:at]) for j in range(start, at - 1))
        if places.is_upper(text[at:end]) and after_one:
            return at
    return start


def _typo_before_a_place(reading: Reading, start: int, end: int, name: str) -> bool:
    """信风县卫生健康委, 章武县平安镇: an unknown division one edit from the division of the department or place
    named right after it (信丰县卫生健康委, 彰武县平安镇) is that division, and the two are read as that one;
    a correction is noted."""
    after = next((m for m in reading.places if m.start == end), None)
    if after is None or national_gazetteer().is_upper(name):
        return False
    fits = [p for p in after.value.places if any(d and within_one_edit(name, d) for d in (p.county, p.place))]
    divisions = {p.county or p.place for p in fits}
    if len(divisions) != 1:
        return False
    reading.places.remove(after)
    named = Named(name=after.value.name, places=tuple(fits))
    reading.places.append(Match(start, after.end, name + after.word, named))
    reading.corrections.append(f"{name}→{divisions.pop()}")
    return True


def _suffix(name: str) -> str:
    return next((suffix for suffix in PLACE_SUFFIXES if name.endswith(suffix)), "")


def _unknown_name(text: str, found: re.Match[str], taken: list[bool]) -> tuple[int, int]:
    """The span of the place name ending at this suffix, or (-1, -1) when it is not clearly a name."""
    start, end = found.span()
    following = text[end : end + 1]
    if any(taken[start:end]) or (following and following in NOT_A_PLACE_AFTER.get(found.group(0), "")):
        return -1, -1
    begin = start
    while (
        begin > 0
        and start - begin < MAX_STEM
        and is_han(text[begin - 1])
        and not taken[begin - 1]
        and text[begin - 1] not in NAME_STOP_CHARS
    ):
        begin -= 1
    stem = text[begin:start]
    for filler in NAME_FILLER_WORDS:
        cut = stem.rfind(filler)
        if cut >= 0:
            begin += cut + len(filler)
            stem = text[begin:start]
    name = text[begin:end]
    if len(stem) < MIN_STEM or name.endswith(GENERIC_PLACE_WORDS) or _has_a_done_verb(stem):
        return -1, -1
    return begin, end


def _has_a_done_verb(stem: str) -> bool:
    """有人告过乡政府: a verb with its aspect mark (告过, 去了) is said of a place, never part of its name."""
    return any(
        (tag.startswith("v") or tag == "x") and len(word) > 1 and word.endswith(("过", "了", "着"))
        for word, tag in segmenter().lcut(stem)
    )  # x: a lexicon word jieba was given (告过) has no part of speech


def _cues(text: str, cues: list[Match[Cue]], reading: Reading) -> frozenset[Cue]:
    found = {m.value for m in cues}
    if Cue.HOW in found:
        # 怎么样 / 情况如何 were matched as whole words, so a HOW here is a real "how".
        plain = text
        for word in NOT_HOW_WORDS:
            plain = plain.replace(word, "")
        if not any(word in plain for word in CUE_WORDS[Cue.HOW]):
            found.discard(Cue.HOW)
    if any(word in text for word in CUE_WORDS[Cue.QUANTITY]):
        found.add(Cue.QUANTITY)  # 多少 inside 多少申请 still asks for a number
    if reading.top_n is None and found & {Cue.MOST, Cue.LEAST}:
        count = PLACE_COUNT.search(text)
        reading.top_n = cn_number(count.group(1)) if count else None
    if reading.top_n is not None:
        found.add(Cue.RANK)
    if reading.ascending:
        found.add(Cue.LEAST)
    if reading.compared:
        found.add(Cue.COMPARE)
    return frozenset(found)


def plural(text: str) -> bool:
    return any(word in text for word in PLURAL_WHICH)


def asks_ascending(cues: frozenset[Cue]) -> bool:
    """最少 / 倒数 / 后3名; a question with both 最多 and 最少 reads from the top."""
    return Cue.LEAST in cues and Cue.MOST not in cues
