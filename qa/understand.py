"""Question (Chinese) → Intent: which places and years, which figures, and what kind of answer.

No model and no network: places come from the corpus itself (``Gazetteer``), figures from the words in
``qa.figures``, and the kind of answer from the cue words kept as data below.

A follow-up ("那2020年呢？", "港口乡呢？", "不予公开的呢？") is read against the previous intent. Its
``normalised`` is rewritten into a self-contained question (the previous one with the new place or year
put in), so that the next follow-up, and retrieval for narrative answers, still see the whole topic.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Generic, TypeVar

from index.catalog import T2_ROWS, T4_BLOCKS, t2_row
from index.gazetteer import Division, Tier
from index.gazetteer import gazetteer as national_gazetteer
from index.models import Level, TableId
from index.normalise import normalise_question
from index.store import ReportRow
from qa.corpus import names_a_table, year_of_a_format
from qa.figures import COLUMN_CONCEPTS_BY_KEY, CONCEPTS, CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN, RATES, Concept
from qa.lexicon import lexicon, longest_first, occurrences, segmenter, weak_words
from qa.models import AnswerKind, Intent, PlaceRef

# ---- words (data) ------------------------------------------------------------------------------------

PLACE_SUFFIXES = ("街道", "乡", "镇", "区", "县", "市")
COUNTY_SUFFIXES = ("自治县", "县", "区", "市", "旗")
# How questions name a government besides its place: 平安镇人民政府, 平安镇政府, 平中街道办事处. Not 街道办:
# "办" alone would swallow the 办 of 平中街道办理了多少.
AGENCY_FORMS = ("人民政府", "政府")
SUBDISTRICT_FORMS = ("办事处",)
MIN_STEM = 2  # 康荣 → 康荣镇; a one-character stem (孙 of 孙镇) would match everywhere
# Stems that are everyday words of these questions: 人民 of 人民街道 would match every 人民政府.
COMMON_WORD_STEMS = frozenset({"人民", "政府", "政务", "信息", "公开", "中心", "经济", "开发", "工业", "城区", "新区"})
MIN_COLUMN_NAME = 3  # characters of a column's own wording that name it without a row (新制作)
MAX_QUALIFIER_GAP = 8  # characters between a division above a place and the place (白山市|抚松县|东岗镇)
MAX_STEM = 5  # characters before a suffix that can belong to an unknown place name (前福兴地 + 乡)

# A suffix followed by one of these starts another word: 区别, 市场, 乡村, 镇长.
NOT_A_PLACE_AFTER = {"区": "别分域间块", "市": "场值民面", "乡": "村亲愁土", "镇": "长定静压"}
# Words ending in a place suffix that name no particular place.
GENERIC_PLACE_WORDS = (
    "乡镇", "城镇", "集镇", "村镇", "小镇", "古镇", "重镇", "城乡", "县乡", "下乡", "家乡", "老乡",
    "社区", "小区", "城区", "市区", "县区", "辖区", "地区", "园区", "景区", "山区", "片区", "街区",
    "校区", "新区", "老区", "灾区", "矿区", "专区", "开发区", "示范区", "试验区", "保护区", "服务区",
    "功能区", "工业区", "商业区", "住宅区", "城市", "都市", "超市", "县市", "省市", "上市", "门市",
    "集市", "城关镇街道",
)  # fmt: skip
# Characters that cannot be part of a place name: where an unknown name starts (请问|大王庄镇).
NAME_STOP_CHARS = frozenset(
    "的和与跟同及或在了是吗呢请问查看我你他她它那这该本各全每哪个些其"
    "对比把从于向给为被让将就都也还再又今年月日共有没很最几啥谁啊呀吧么"
)
# Words a user puts before a place; an unknown name starts after the last of them (我想知道|大王庄镇).
NAME_FILLER_WORDS = (
    "知道", "了解", "告诉", "介绍", "一下", "查询", "查查", "请问", "想问", "关于", "看看", "帮忙", "麻烦",
    "统计", "列出", "显示",
)  # fmt: skip
CONNECTORS = frozenset("和与及跟同、,，/ ")  # between two places or years that belong together
RANGE_JOINERS = ("到", "至", "-", "~", "～", "—", "–")

# "2024年打算…": plans for a year are written in the previous year's report.
PLAN_WORDS = ("打算", "计划", "准备", "将", "要", "下一步")
RELATIVE_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0}
RELATIVE_YEAR_WORD = {offset: word for word, offset in RELATIVE_YEARS.items()}
MAX_RECENT_YEARS = 10  # 近三年 … 近十年
# "比去年多了多少", "同比": this year against an earlier one (上年 only here: alone it is 上年结转).
COMPARED_WITH = {"去年": -1, "上年": -1, "上一年": -1, "前年": -2}
YEAR_ON_YEAR = "同比"
# A bare four-digit year followed by a counter is a count, not a year (2021件).
COUNTERS = "件条个次项人元万份名位%"
CN_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
}  # fmt: skip


class Cue(Enum):
    CHECK = "check"
    WHY = "why"
    COMPARE = "compare"
    FACT_SHEET = "fact_sheet"
    RANK = "rank"
    WHICH = "which"
    WHICH_YEAR = "which_year"
    MOST = "most"
    LEAST = "least"
    HOW = "how"
    QUANTITY = "quantity"
    NARRATIVE = "narrative"


CUE_WORDS: dict[Cue, tuple[str, ...]] = {
    Cue.CHECK: ("是否一致", "一致吗", "一不一致", "数据有问题", "有没有问题", "有问题吗", "有无问题", "有没有错",
                "有错误", "有误", "勾稽", "钩稽", "对得上", "对不上", "对上吗", "核查", "核对", "校验", "是否正确",
                "对不对", "矛盾", "平衡", "全不全", "完整吗", "是否完整", "齐不齐"),
    Cue.WHY: ("为什么", "为何", "原因", "怎么回事", "咋回事", "何故", "缘故", "为啥", "什么情况", "具体情况",
              "详细情况"),
    Cue.COMPARE: ("对比", "比较", "相比", "相较", "比起", "比一比", "差异", "差别", "区别", "不同", "变化", "趋势",
                  "增长", "下降", "高于", "低于", "多于", "少于"),
    Cue.FACT_SHEET: ("基本情况", "概况", "总体情况", "整体情况", "总体怎么样", "整体怎么样", "介绍一下", "介绍下",
                     "简要介绍", "简介", "概要", "概览", "总览", "一览", "全貌"),
    Cue.RANK: ("排名", "排行", "排序", "排个序", "排一下", "排第几", "名次", "前几名"),
    Cue.WHICH: ("哪个", "哪些", "哪几", "哪一个", "哪家"),
    Cue.WHICH_YEAR: ("哪一年", "哪年", "哪个年份", "哪个年度", "哪一年度", "哪些年"),
    Cue.MOST: ("最多", "最高", "最大", "从多到少", "从高到低", "降序"),
    Cue.LEAST: ("最少", "最低", "最小", "垫底", "倒数", "从少到多", "从低到高", "升序"),
    Cue.HOW: ("如何", "怎样", "怎么", "措施", "做法", "举措", "办法", "经验", "方式", "途径", "改进", "打算", "计划"),
    Cue.QUANTITY: ("多少", "几", "数量", "数据", "数字", "件数", "总数", "有没有", "是否有", "有无", "多不多", "了吗",
                   "过吗"),
    Cue.NARRATIVE: ("什么", "哪些", "如何", "怎样", "怎么样", "情况", "措施", "问题", "做法", "工作"),
}  # fmt: skip
# "怎么样" and "情况如何" ask for the state of a figure, not for how something was done.
NOT_HOW_WORDS = ("怎么样", "情况如何", "如何呢", "怎么回事")
# Cues that decide the kind by themselves (a follow-up with none of them keeps the previous kind).
KIND_CUES = frozenset({Cue.CHECK, Cue.WHY, Cue.COMPARE, Cue.FACT_SHEET, Cue.RANK, Cue.MOST, Cue.LEAST, Cue.HOW})
# Cues after which a follow-up still wants the previous question's figures (为什么呢？ 最少的呢？).
METRIC_CUES = frozenset({Cue.WHY, Cue.COMPARE, Cue.RANK, Cue.MOST, Cue.LEAST})
# A ranking needs a figure: "哪个镇最多？" after "收到多少申请" ranks that.
RANK_CUES = frozenset({Cue.RANK, Cue.MOST, Cue.LEAST})
# What is left of "平安镇2023年…" when a question is only a place (and year): a fact sheet.
FACT_SHEET_BARE = ("", "怎么样", "情况", "情况如何", "情况怎么样", "如何", "报告", "年报", "年度报告", "数据")
FOLLOW_UP_STARTS = ("那么", "那", "还有", "换成", "改成", "如果是", "要是", "再看", "再查", "同样")
FOLLOW_UP_ENDS = ("呢",)
# 和平桥区比呢 / 跟港口乡相比: the places named join the previous question's instead of replacing them.
ADDING_STARTS = ("和", "跟", "与", "同")
ADDING_WORDS = ("比", "对比", "相比", "比较")
PARTICLES = frozenset("的呢吗嘛了么那呀啊吧哦呐是和与及跟、，,。.？?！! 　")
PLURAL_WHICH = ("哪些", "哪几")
# 哪个镇 / 哪些街道 / 哪家单位 ask across places; 存在哪些问题 does not.
ACROSS_PLACES = re.compile(
    r"(?:哪(?:个|些|几个|一个|家)?|各|所有|[\d一二两三四五六七八九十]+个)(?:乡镇|镇|乡|街道|区|县|市|地方|单位|机关|政府|部门|家)"
    r"|谁家"
)
# The level a ranking question ranks among: 哪个镇 → 镇, 哪些乡镇 → 乡 and 镇.
LEVEL_WORDS = {"乡镇": ("乡", "镇"), "镇": ("镇",), "乡": ("乡",), "街道": ("街道",), "区": ("区",), "县": ("县",)}
ORDINALS = {
    "第一个": 0, "第1个": 0, "前者": 0, "前一个": 0, "第二个": 1, "第2个": 1, "第三个": 2, "第3个": 2,
    "后者": -1, "后一个": -1,
}  # fmt: skip
# "申请" on its own is the number of requests only when the question asks for a number ("申请有多少件");
# inside 依申请公开, 重复申请 … it is part of a longer word and matched there.
BARE_REQUEST = "申请"
BARE_REQUEST_CONCEPT = "t3:received"
NOT_BARE_REQUEST_AFTER = "人"  # 申请人

_HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# 法人或其他组织-其他, 法人·其他: a joiner between two Chinese words of one label (a year range has digits).
_JOINER_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s*[-—–·・]\s*(?=[\u4e00-\u9fff])")
_CN_NUMBER = "[一二两三四五六七八九十]++"
_YEAR_PATTERNS = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?"),
    re.compile(r"((?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})\s*(?:年度|年)?"),
    re.compile(r"(?<![\d.])([0-3]\d)\s*年(?![级代龄])"),
    re.compile(r"(?<![〇零○一二三四五六七八九十])([〇零○一二][〇零○一二三四五六七八九])年(?![级代龄])"),
)
_RECENT_YEARS = re.compile(rf"(?:最近|近)(\d++|{_CN_NUMBER})年")
_EARLIER_YEAR = "|".join(sorted(COMPARED_WITH, key=len, reverse=True))
_COMPARED_WITH = re.compile(f"(?:比|较|相比于?|对比)({_EARLIER_YEAR})(?!结转)")
_TOP_N = (
    (re.compile(rf"(?:前|(?i:top)\s*-?)\s*(\d++|{_CN_NUMBER})(?!\s*[年月])\s*(?:名|个|位|家)?"), False),
    (re.compile(rf"后\s*(\d++|{_CN_NUMBER})\s*(?:名|个|位|家)"), True),
    (re.compile(rf"倒数\s*(?:前|第)?\s*(\d++|{_CN_NUMBER})\s*(?:名|个|位|家)?"), True),
    (re.compile(rf"哪\s*(\d++|{_CN_NUMBER})\s*(?:个|家)"), False),
)
# 最多的三个镇: a count of places is a top-N only next to 最多 / 最少.
_PLACE_COUNT = re.compile(
    rf"(?<![第前后])(\d++|{_CN_NUMBER})\s*(?:个|家)\s*(?:乡镇|镇|乡|街道|区|县|市|地方|单位|机关)"
)

T = TypeVar("T")


# ---- small helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    word: str  # as written in the question
    value: T


def _longest_first(pairs: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def scan(text: str, lexicon: Sequence[tuple[str, T]], taken: list[bool]) -> list[Match[T]]:
    """Every occurrence of the lexicon's words (longest first), not overlapping each other or ``taken``.

    Marks what it finds in ``taken``; returns the matches in text order.
    """
    found: list[Match[T]] = []
    for word, value in lexicon:
        for start, end in occurrences(text, word):
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append(Match(start, end, text[start:end], value))
    return sorted(found, key=lambda m: m.start)


def clean(question: str) -> str:
    """normalise_question (traditional → simplified, full-width digits) and no spaces inside Chinese."""
    text = _SPACE_BETWEEN_HAN.sub("", normalise_question(question))
    return _JOINER_BETWEEN_HAN.sub("", text).strip()


def _mark(taken: list[bool], start: int, end: int) -> None:
    taken[start:end] = [True] * (end - start)


def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def cn_number(text: str) -> int | None:
    """1–99 in digits or Chinese numerals (三, 十, 十二, 二十, 两)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return (CN_DIGITS.get(text) or None) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return value or None


def _year_digits(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(CN_DIGITS[c]) for c in text))


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1 (one character replaced, added or dropped)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _stem(name: str, suffixes: Sequence[str]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM:
            return name[: -len(suffix)]
    return None


# ---- the gazetteer -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One place (or agency) the corpus has reports for; the same name in two counties is two places."""

    place: str
    county: str | None
    agency: str | None
    level: str | None
    years: tuple[int, ...]
    department: bool = False  # a department's reports: one place per agency (文登区信访局, 文登区审计局)
    above: tuple[str, ...] = ()  # city and province, where the reports say

    @property
    def display(self) -> str:
        """How answers name it: 彰武县平安镇 when the county is known; a department by its agency."""
        if self.department and self.agency:
            return self.agency
        return f"{self.county}{self.place}" if self.county and not self.place.startswith(self.county) else self.place

    @property
    def newest(self) -> int | None:
        return self.years[-1] if self.years else None

    def ref(self) -> PlaceRef:
        return PlaceRef(place=self.place, county=self.county, agency=self.agency, department=self.department)


@dataclass(frozen=True)
class Named:
    """What a name in a question stands for: places with that name, a county, or both (平桥区)."""

    name: str
    places: tuple[Place, ...] = ()
    county: str | None = None


class Gazetteer:
    """The places the corpus knows, with their counties, agencies and report years; built once."""

    def __init__(self, reports: Sequence[ReportRow]) -> None:
        self.places = _places(reports)
        self.counties = tuple(sorted({p.county for p in self.places if p.county}))
        self._by_name: dict[str, tuple[Place, ...]] = {}
        for place in self.places:
            self._by_name[place.place] = (*self._by_name.get(place.place, ()), place)
        self.lexicon = _longest_first(self._aliases().items())

    def _aliases(self) -> dict[str, Named]:
        """Full names, agency forms, counties; stems (康荣, 彰武) only where they name one thing."""
        aliases: dict[str, Named] = {}
        for name, places in self._by_name.items():
            for alias in _place_forms(places):
                aliases[alias] = Named(name=name, places=places)
        departments: dict[str, list[Place]] = {}
        for place in self.places:
            if place.department:
                for alias in agency_forms(place):
                    departments.setdefault(alias, []).append(place)
        for alias, places in departments.items():
            if alias not in aliases:  # a place's own name stands for all of its reports
                aliases[alias] = Named(name=alias, places=tuple(places))
        for county in self.counties:
            named = aliases.get(county)
            aliases[county] = Named(name=county, places=named.places if named else (), county=county)
        stems: dict[str, set[str]] = {}
        for name in self._by_name:
            stem = _stem(name, PLACE_SUFFIXES)
            if stem:
                stems.setdefault(stem, set()).add(name)
        for county in self.counties:
            stem = _stem(county, COUNTY_SUFFIXES)
            if stem:
                stems.setdefault(stem, set()).add(county)
        for stem, targets in stems.items():
            if len(targets) == 1 and stem not in aliases and stem not in COMMON_WORD_STEMS:
                aliases[stem] = aliases[next(iter(targets))]
        return aliases

    def scan(self, text: str, taken: list[bool]) -> list[Match[Named]]:
        """Known names in the text; a stem followed by another place suffix (平安 of 平安乡, when the corpus
        has 平安镇) names a different place and is left for the unknown-place reader."""
        kept = [m for m in scan(text, self.lexicon, list(taken)) if not _stem_of_another_place(text, m)]
        for match in kept:
            _mark(taken, match.start, match.end)
        return kept

    def in_county(self, county: str) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.county == county)

    def near(self, name: str) -> tuple[Place, ...]:
        """The places of the one known name within one edit of ``name``; none if zero or several names are."""
        names = [known for known in self._by_name if within_one_edit(name, known)]
        return self._by_name[names[0]] if len(names) == 1 else ()

    def closest(self, name: str, limit: int = 3) -> list[str]:
        """Display names of the known places most like ``name`` (difflib ratio), best first."""
        scored = []
        for place in self.places:
            ratio = max(difflib.SequenceMatcher(None, name, form).ratio() for form in (place.place, place.display))
            if ratio > 0:
                scored.append((-ratio, place.display))
        return [display for _, display in sorted(scored)[:limit]]

    def newest_year(self, places: Iterable[Place] | None = None) -> int | None:
        years = [p.newest for p in (self.places if places is None else places) if p.newest]
        return max(years) if years else None

    def resolve(self, text: str) -> list[PlaceRef]:
        """Every known place a text names (all candidates of an ambiguous name), county-qualified where it says."""
        reading = read(clean(text), self)
        return _unique_refs(p for group in _resolve_places(reading).groups for p in _by_recency(group))


def _identity(row: ReportRow) -> tuple[str, str | None, str | None] | None:
    """Which place a report is of: its place and county, and for a department also its agency."""
    name = row.place or row.agency
    if not name:
        return None
    department = row.agency if row.level == Level.DEPARTMENT.value and row.agency else None
    return name, row.county, department


def _places(reports: Sequence[ReportRow]) -> tuple[Place, ...]:
    groups: dict[tuple[str, str | None, str | None], list[ReportRow]] = {}
    for row in reports:
        key = _identity(row)
        if key:
            groups.setdefault(key, []).append(row)
    places = []
    for (name, county, department), rows in groups.items():
        agencies = Counter(r.agency for r in rows if r.agency)
        levels = Counter(r.level for r in rows if r.level)
        places.append(
            Place(
                place=name,
                county=county,
                agency=department or (agencies.most_common(1)[0][0] if agencies else None),
                level=levels.most_common(1)[0][0] if levels else None,
                years=tuple(sorted({r.year for r in rows if r.year})),
                department=department is not None,
                above=tuple(dict.fromkeys(x for r in rows for x in (r.city, r.province) if x)),
            )
        )
    return tuple(sorted(places, key=lambda p: (p.place, p.county or "", p.agency or "")))


def _place_forms(places: tuple[Place, ...]) -> set[str]:
    """The names of a place's government: 平安镇, 平安镇人民政府, 平安镇政府 (a department has its own)."""
    name = places[0].place
    forms = {name}
    governments = [p for p in places if not p.department]
    if governments:
        forms |= {name + form for form in AGENCY_FORMS}
        if name.endswith("街道"):
            forms |= {name + form for form in SUBDISTRICT_FORMS}
        forms |= {p.agency for p in governments if p.agency}
    return forms


_DIVISION_ENDINGS = ("市", "县", "区")  # said without, before a department: 京山(市)卫健局


def agency_forms(place: Place) -> set[str]:
    """How questions name a department: in full, without the divisions before it (信访局), after its
    county or place alone (文登区信访局), and by the usual short names (卫健委, 发改局)."""
    if not place.agency:
        return set()
    core = place.agency
    prefixes = [p for p in (*place.above, place.county, place.place) if p]
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if core.startswith(prefix) and len(core) > len(prefix) + 1:
                core, changed = core[len(prefix) :], True
    shorts = lexicon().agency_short.items()
    cores = {core, *(core.replace(full, short) for full, short in shorts if full in core)}
    # A report that names itself by the short form (上海市科委) is asked about in full too (科学技术委员会).
    cores |= {core.replace(short, full) for full, short in shorts if core.endswith(short) and full not in core}
    cores |= {c.replace("人民政府", "政府") for c in cores}  # 文登区政府办公室
    forms = {place.agency, *cores}
    for prefix in {p for p in (place.county, place.place) if p}:
        forms |= {prefix + c for c in cores}
        if len(prefix) > MIN_STEM and prefix.endswith(_DIVISION_ENDINGS):  # 京山卫健局, 洞头农业农村局
            forms |= {prefix[:-1] + c for c in cores}
    return {form for form in forms if len(form) >= MIN_STEM}


def _by_recency(places: Iterable[Place]) -> list[Place]:
    """Newest report first, then by county: the order candidates are offered in."""
    return sorted(places, key=lambda p: (-(p.newest or 0), p.county or "", p.place))


def _unique_refs(places: Iterable[Place]) -> list[PlaceRef]:
    seen: dict[tuple[str, str | None], PlaceRef] = {}
    for place in places:
        seen.setdefault((place.place, place.county), place.ref())
    return list(seen.values())


# ---- reading one question ----------------------------------------------------------------------------

CONCEPT_LEXICON = longest_first(lexicon().figure)
WEAK_CONCEPT_WORDS = weak_words(lexicon().figure)
CLAUSE_BREAKS = frozenset("，,；;。？?！!")
RATE_LEXICON = longest_first(lexicon().rate)
PERCENT_LEXICON = _longest_first((word, word) for word in lexicon().percent)
NOT_FIGURE_LEXICON = _longest_first((word, word) for word in lexicon().not_figures)
FILLER_WORDS = lexicon().filler
_COUNT_WORD = re.compile(r"[\d一二两三四五六七八九十]+[个名家位份]?")  # 三个 (镇), 前 5 (名)
COLUMN_LEXICON = longest_first(lexicon().column)
# A table-2 word may name the column of several formats (处理决定 → 处理决定数量 and 本年处理决定数量).
_T2_PAIRS = longest_first(lexicon().t2_column)
T2_LEXICON: list[tuple[str, tuple[str, ...]]] = [
    (word, tuple(key for other, key in _T2_PAIRS if other == word)) for word in dict.fromkeys(w for w, _ in _T2_PAIRS)
]
T4_LEXICON: list[tuple[str, str]] = longest_first(lexicon().t4_result)
CUE_LEXICON: list[tuple[str, Cue]] = _longest_first((w, cue) for cue, words in CUE_WORDS.items() for w in words)
RELATIVE_LEXICON = _longest_first(RELATIVE_YEARS.items())
ORDINAL_LEXICON = _longest_first(ORDINALS.items())


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
    qualifiers: list[str] = field(default_factory=list)  # divisions above a place (江西, 信阳市)
    corrections: list[str] = field(default_factory=list)  # "平按镇→平安镇"

    @property
    def place_spans(self) -> list[tuple[int, int]]:
        spans = [(m.start, m.end) for m in (*self.places, *self.counties, *self.unknown)]
        return sorted(spans)

    @property
    def kind_cues(self) -> frozenset[Cue]:
        return self.cues & KIND_CUES


def read(text: str, gazetteer: Gazetteer) -> Reading:
    reading = Reading(text=text)
    taken = [False] * len(text)
    for match in gazetteer.scan(text, taken):
        if match.value.places:
            reading.places.append(match)
        else:
            reading.counties.append(Match(match.start, match.end, match.word, match.value.name))
    _read_years(reading, taken)
    reading.ordinal = next((m.value for m in scan(text, ORDINAL_LEXICON, taken)), None)
    _read_top_n(reading, taken)
    scan(text, NOT_FIGURE_LEXICON, taken)  # 信息公开收费 is no 收费 of table 2
    # Rates first: 办结率 and 复议纠错率 hold the words of the figures they are made of.
    reading.rates = _unique(m.value for m in scan(text, RATE_LEXICON, taken))
    covered = _read_metrics(reading, taken)
    share = scan(text, PERCENT_LEXICON, list(covered))
    derived = bool(share) and not reading.rates and _read_rate_by_its_parts(reading)
    for match in share if derived else ():
        _mark(covered, match.start, match.end)
    _read_unknown_places(reading, covered, gazetteer)
    # Cue words are looked for outside metric words: 不同 in 不同意公开 is no comparison.
    cues = scan(text, CUE_LEXICON, covered)
    reading.cues = _cues(text, cues, reading)
    for match in (*reading.places, *reading.unknown):
        _mark(covered, match.start, match.end)
    reading.leftover = "".join(c for c, done in zip(text, covered, strict=True) if not done and c not in PARTICLES)
    words = _unknown_words(text, covered)
    reading.qualifiers = [w for w in words if _upper_divisions(w)]
    # 白山市 before 抚松县东岗镇: a division above a known place, not a place the corpus lacks
    known_starts = {m.start for m in (*reading.places, *reading.counties)}
    above = [u for u in reading.unknown if _upper_divisions(u.word) and _before_a_known(u, known_starts)]
    reading.unknown = [u for u in reading.unknown if u not in above]
    reading.qualifiers += [u.word for u in above]
    reading.unknown_words = [w for w in words if w not in reading.qualifiers and not _restates_a_label(w, reading)]
    if share and not derived and not reading.rates:  # a share of one figure is not its count: asked back
        reading.unknown_words += [m.word for m in share if m.word not in reading.unknown_words]
    return reading


def _before_a_known(match: Match[str], known_starts: set[int]) -> bool:
    """A name right before a known place or county, or a few characters before it (白山市抚松县东岗镇)."""
    return any(0 <= start - match.end <= MAX_QUALIFIER_GAP for start in known_starts)


def _upper_divisions(word: str) -> list[Division]:
    """The provinces, cities and counties (not townships) a word names, in full or short (江西, 信阳)."""
    return [d for d in national_gazetteer().divisions(word, short=True) if d.tier < Tier.TOWNSHIP]


def _restates_a_label(word: str, reading: Reading) -> bool:
    """A word of the official wording of a figure the question names (补正 of 补正后申请内容仍不明确, 万元
    of 本年收费金额（万元）, 四类 of 属于四类过程性信息) is no other figure."""
    return any(word in label for label in _labels(reading))


def _labels(reading: Reading) -> list[str]:
    """The official wording of what the question asks: its rows, and the columns it names."""
    labels = []
    for key in reading.concepts:
        concept = CONCEPTS_BY_KEY.get(key)
        if concept:
            labels += [concept.label, *(row for rows in concept.rows.values() for row in rows)]
    labels += [column for key in reading.columns for column in COLUMN_CONCEPTS_BY_KEY[key].columns]
    return [*labels, *reading.t2_columns, *reading.t4_results]


def _unknown_words(text: str, covered: list[bool]) -> list[str]:
    """Words of two or more characters in the runs no rule recognised that are not question filler."""
    runs = "".join(c if not done and c not in PARTICLES else " " for c, done in zip(text, covered, strict=True))
    words = (word for run in runs.split() for word in segmenter().tokenizer.lcut(run))
    return _unique(
        w for w in words if len(w) > 1 and _HAN.search(w) and w not in FILLER_WORDS and not _COUNT_WORD.fullmatch(w)
    )


def _read_years(reading: Reading, taken: list[bool]) -> None:
    text = reading.text
    # 近三年 / 近10年 first: its 10年 is not 2010
    for found in _RECENT_YEARS.finditer(text):
        count = cn_number(found.group(1))
        if count and count <= MAX_RECENT_YEARS and not any(taken[found.start() : found.end()]):
            reading.offsets += range(1 - count, 1)
            reading.year_spans.append(found.span())
            _mark(taken, *found.span())
    tokens: list[Match[int]] = []
    for pattern in _YEAR_PATTERNS:
        for found in pattern.finditer(text):
            start, end = found.span()
            if any(taken[start:end]) or _is_count(text, found):
                continue
            year = _year_digits(found.group(1))
            year += 2000 if year < 100 else 0
            tokens.append(Match(start, end, found.group(0), year))
            _mark(taken, start, end)
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
    found = [(m.span(1), COMPARED_WITH[m.group(1)]) for m in _COMPARED_WITH.finditer(text)]
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
        _mark(taken, start, end)


def _is_count(text: str, found: re.Match[str]) -> bool:
    """2021件 is a count; a year needs 年 or no counter after it."""
    rest = text[found.end() :].lstrip()
    return not found.group(0).rstrip().endswith(("年", "年度")) and bool(rest) and rest[0] in COUNTERS


def _is_range(gap: str) -> bool:
    return gap.strip() in RANGE_JOINERS


def _read_top_n(reading: Reading, taken: list[bool]) -> None:
    for pattern, ascending in _TOP_N:
        for found in pattern.finditer(reading.text):
            if any(taken[found.start() : found.end()]):
                continue
            number = cn_number(found.group(1))
            if number:
                reading.top_n = number
                reading.ascending = True if ascending else reading.ascending
                _mark(taken, *found.span())
                return


def _read_rate_by_its_parts(reading: Reading) -> bool:
    """百分之多少是给公开了的（含部分公开）: a share asked of the figures that make a rate's numerator is that rate
    (予以公开 + 部分公开 → 公开率; 复议 结果纠正 → 复议纠错率)."""
    named = {(key, result) for key in reading.concepts for result in (reading.t4_results or [None])}
    for rate in RATES:
        if named and named == {(term.concept, term.t4_result) for term in rate.numerator}:
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
    reading.concepts = _narrowest(_strong(text, scan(text, CONCEPT_LEXICON, concept_taken)))
    column_taken = list(taken)
    columns = _unique(m.value for m in scan(text, COLUMN_LEXICON, column_taken))
    # 法律服务机构 总计 is that column's figure: 总计 with another column names no column of its own.
    reading.columns = [c for c in columns if c != DEFAULT_T3_COLUMN] if len(columns) > 1 else columns
    t2_taken = list(taken)
    t2_matches = scan(text, T2_LEXICON, t2_taken)
    reading.t2_columns = _unique(key for m in t2_matches for key in m.value)
    reading.t2_named = _unique(key for m in t2_matches for key in m.value if _names_column(m.word, key))
    t4_taken = list(taken)
    reading.t4_results = _unique(m.value for m in scan(text, T4_LEXICON, t4_taken))
    bare = _bare_request(text, concept_taken) if not reading.concepts else None
    if bare is not None:
        reading.concepts = [BARE_REQUEST_CONCEPT]
        _mark(concept_taken, bare, bare + len(BARE_REQUEST))
    return [any(flags) for flags in zip(concept_taken, column_taken, t2_taken, t4_taken, strict=True)]


def _cells(key: str) -> set[tuple[str, str, str]]:
    """(format, row, column) of every cell a concept can mean; the column "" for its question's columns."""
    concept = CONCEPTS_BY_KEY[key]
    return {
        (fmt.value, row, column)
        for fmt, rows in concept.rows.items()
        for row in rows
        for column in concept.columns.get(fmt, ("",))
    }


def _narrowest(keys: list[str]) -> list[str]:
    """Without the figures that hold another one named: 不予公开 国家秘密 asks for the 国家秘密 row, and
    未经复议直接起诉的行政诉讼 for that block, not the sums they belong to."""
    known = [key for key in keys if key in CONCEPTS_BY_KEY]
    cells = {key: _cells(key) for key in known}
    return [key for key in keys if not any(other != key and cells[other] < cells.get(key, set()) for other in known)]


def _strong(text: str, matches: list[Match[str]]) -> list[str]:
    """The figures named, without those named only by a weak word when another figure is named in the same
    clause: 收到几件，同意公开的几件 asks two figures, 有多少申请被驳回了 one."""
    clause = [0] * (len(text) + 1)
    for index, char in enumerate(text):
        clause[index + 1] = clause[index] + (char in CLAUSE_BREAKS)
    strong_in = {clause[m.start] for m in matches if (m.word, m.value) not in WEAK_CONCEPT_WORDS}
    kept = {m.value for m in matches if (m.word, m.value) not in WEAK_CONCEPT_WORDS or clause[m.start] not in strong_in}
    return [key for key in _unique(m.value for m in matches) if key in kept]


def _names_column(word: str, column: str) -> bool:
    """新制作 names 本年新制作数量 on its own; 增加 or 发布了多少 need a row to mean a table-2 column."""
    return len(word) >= MIN_COLUMN_NAME and word in column


def _t2_concepts(columns: list[str]) -> list[str]:
    """The table-2 rows that have these columns in some format: 新制作 → 规章 and 规范性文件."""

    def has_column(concept: Concept) -> bool:
        named = {spec.key for fmt, rows in concept.rows.items() for row in rows for spec in t2_row(row, fmt).columns}
        return bool(named.intersection(columns))

    return [concept.key for concept in CONCEPTS if concept.table == TableId.T2 and has_column(concept)]


def _bare_request(text: str, taken: list[bool]) -> int | None:
    """Where 申请 stands alone in a question that asks for a number (the number of requests received)."""
    if not any(word in text for word in CUE_WORDS[Cue.QUANTITY]):
        return None
    start = text.find(BARE_REQUEST)
    while start != -1:
        end = start + len(BARE_REQUEST)
        following = text[end : end + 1]
        if not any(taken[start:end]) and not (following and following in NOT_BARE_REQUEST_AFTER):
            return start
        start = text.find(BARE_REQUEST, end)
    return None


def _unique(values: Iterable[T]) -> list[T]:
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
        _mark(taken, start, end)
        name = text[start:end]
        if _typo_before_a_department(reading, start, end, name):
            continue
        # A different level is a different place (平安乡 is not 平安镇): only same-suffix names are typos.
        near = tuple(p for p in (gazetteer.near(name) if not exact else ()) if _suffix(p.place) == _suffix(name))
        if near:
            reading.places.append(Match(start, end, name, Named(name=near[0].place, places=near)))
            reading.corrections.append(f"{name}→{near[0].place}")
        else:
            reading.unknown.append(Match(start, end, name, name))
    reading.places.sort(key=lambda m: m.start)


def _typo_before_a_department(reading: Reading, start: int, end: int, name: str) -> bool:
    """信风县卫生健康委: an unknown division one edit from the division of the department named right after it
    (信丰县卫生健康委) is that division, and the two are read as that department; a correction is noted."""
    after = next((m for m in reading.places if m.start == end), None)
    if after is None or not any(p.department for p in after.value.places):
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


def _stem_of_another_place(text: str, match: Match[Named]) -> bool:
    following = text[match.end : match.end + 2]
    return (
        match.word != match.value.name
        and not match.word.endswith(PLACE_SUFFIXES)
        and following.startswith(PLACE_SUFFIXES)
    )


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
        and _is_han(text[begin - 1])
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
    if len(stem) < MIN_STEM or name.endswith(GENERIC_PLACE_WORDS):
        return -1, -1
    return begin, end


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
        count = _PLACE_COUNT.search(text)
        reading.top_n = cn_number(count.group(1)) if count else None
    if reading.top_n is not None:
        found.add(Cue.RANK)
    if reading.ascending:
        found.add(Cue.LEAST)
    if reading.compared:
        found.add(Cue.COMPARE)
    return frozenset(found)


def _plural(text: str) -> bool:
    return any(word in text for word in PLURAL_WHICH)


def _ascending(cues: frozenset[Cue]) -> bool:
    """最少 / 倒数 / 后3名; a question with both 最多 and 最少 reads from the top."""
    return Cue.LEAST in cues and Cue.MOST not in cues


# ---- places: counties, ambiguity, unknown names ------------------------------------------------------


@dataclass
class Resolution:
    groups: list[tuple[Place, ...]] = field(default_factory=list)  # one per place named; >1 = ambiguous
    also_county: list[str | None] = field(default_factory=list)  # 平桥区 is a place and a county
    missing: list[tuple[str, list[str]]] = field(default_factory=list)  # (name as asked, suggestions)
    scope: str | None = None  # a county named without a place in it


def _adjacent(text: str, before: Match[T], after: Match[Named]) -> bool:
    """彰武县平安镇, 彰武县的平安镇: a county immediately qualifying a place."""
    return text[before.end : after.start] in ("", "的")


def _resolve_places(reading: Reading) -> Resolution:
    result = Resolution()
    text = reading.text
    used: set[int] = set()  # starts of county / unknown matches that qualified a place
    for mention in reading.places:
        places = mention.value.places
        county = next((c for c in reading.counties if _adjacent(text, c, mention)), None)
        unknown_county = next(
            (u for u in reading.unknown if u.word.endswith(COUNTY_SUFFIXES) and _adjacent(text, u, mention)), None
        )
        if county is not None:
            used.add(county.start)
            inside = tuple(p for p in places if p.county == county.value)
            if not inside:
                result.missing.append((county.value + mention.value.name, [p.display for p in _by_recency(places)]))
                continue
            places = inside
        elif unknown_county is not None:
            used.add(unknown_county.start)
            result.missing.append((unknown_county.word + mention.value.name, [p.display for p in _by_recency(places)]))
            continue
        if places not in result.groups:
            result.groups.append(places)
            result.also_county.append(mention.value.county)
    for county in reading.counties:
        if county.start in used:
            continue
        for index, group in enumerate(result.groups):
            inside = tuple(p for p in group if p.county == county.value)
            if len(group) > 1 and inside:
                result.groups[index] = inside
                used.add(county.start)
        if county.start not in used and result.scope is None:
            result.scope = county.value
    for unknown in reading.unknown:
        if unknown.start not in used:
            result.missing.append((unknown.word, []))
    return result


def _qualified(resolution: Resolution, qualifiers: list[str]) -> Resolution:
    """Only the places inside every division the question names above them (河南信阳平桥区); a place that is
    not inside one is not the place meant, and the question names a place the corpus lacks."""
    if not qualifiers:
        return resolution
    groups, also = [], []
    for group, county in zip(resolution.groups, resolution.also_county, strict=True):
        kept = tuple(p for p in group if all(_inside(p, q) for q in qualifiers))
        if kept:
            groups.append(kept)
            also.append(county)
        else:
            resolution.missing.append(("".join(qualifiers) + group[0].place, [p.display for p in group]))
    resolution.groups, resolution.also_county = groups, also
    return resolution


def _inside(place: Place, word: str) -> bool:
    """The place lies inside the division ``word`` names, by the reports' own county, city and province or
    by the national gazetteer (names in full or short: 河口县 is 河口瑶族自治县)."""
    names = {d.name for d in _upper_divisions(word)} | {word}
    known = {n for n in (place.county, *place.above) if n}
    if names & known or any(k.startswith(word) for k in known):
        return True
    divisions = [d for name in {place.place, *known} for d in national_gazetteer().divisions(name, short=True)]
    return any(d.inside(full) or d.name == full for d in divisions for full in names)


# ---- years -------------------------------------------------------------------------------------------


def _resolve_years(
    reading: Reading, places: list[Place], ambiguous: bool, gazetteer: Gazetteer, kind: AnswerKind
) -> tuple[list[int], int | None]:
    """Explicit years, relative years against the newest report of each place, or all years (哪一年)."""
    years = set(reading.years)
    for year in reading.plan_years:
        if places and all(year not in p.years and year - 1 in p.years for p in places):
            years = (years - {year}) | {year - 1}
    relative = reading.offsets[0] if reading.offsets else None
    if reading.offsets:
        # With no place, 今年 is the corpus's newest year; but a text search keeps every year, because
        # a narrative question's 今年 is usually the report's own wording ("今年9月份召开…").
        if places:
            years |= {p.newest + offset for p in places if p.newest for offset in reading.offsets}
        elif not ambiguous and kind != AnswerKind.NARRATIVE and (newest := gazetteer.newest_year()):
            years |= {newest + offset for offset in reading.offsets}
    if Cue.WHICH_YEAR in reading.cues and not years:
        years = {year for p in places for year in p.years}
    return sorted(years), relative


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


def _fact_sheet_bare(reading: Reading) -> bool:
    """The question is only a place (and a year), perhaps with 怎么样 / 情况: a fact sheet."""
    rest = reading.text
    for start, end in sorted((*reading.place_spans, *reading.year_spans), reverse=True):
        rest = rest[:start] + rest[end:]
    rest = "".join(c for c in rest if c not in PARTICLES)
    return rest in FACT_SHEET_BARE


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
        concepts = reading.concepts or _t2_concepts(reading.t2_named)
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
) -> Intent:
    """The intent of a self-contained reading; a follow-up passes what it inherits."""
    wanted = (wanted or Wanted.of(reading)).tidy()
    cues = reading.cues if cues is None else cues
    resolution = _qualified(_resolve_places(reading), reading.qualifiers)
    year_count = len(set(reading.years) | set(reading.offsets))
    has_metric = bool(wanted.concepts or wanted.rates)
    if not has_metric and Cue.QUANTITY in cues and (which := _rows_with_part(reading)):
        return _which_row(question, normalised, reading, which)
    if _about_the_corpus(reading, resolution, has_metric):
        return _corpus_intent(question, normalised, reading, resolution)
    kind = decide_kind(cues, len(resolution.groups), year_count, has_metric, _fact_sheet_bare(reading))
    if kind == AnswerKind.RANK and len(resolution.groups) == 1 and resolution.also_county[0] and not resolution.scope:
        # 平桥区哪个街道…最多: the district is where to rank, not what to rank
        resolution.scope, resolution.groups = resolution.also_county[0], []
    places = [group[0] for group in resolution.groups if len(group) == 1]
    ambiguous = len(places) < len(resolution.groups)
    years, relative = _resolve_years(replace(reading, cues=cues), places, ambiguous, gazetteer, kind)
    top_n, ascending = rank if rank else (reading.top_n, _ascending(cues))
    if kind == AnswerKind.RANK and top_n is None and Cue.WHICH in cues and not _plural(reading.text):
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
        levels=_levels(reading.text) if kind == AnswerKind.RANK else [],
        corrections=reading.corrections,
    )
    if kind in FIGURE_KINDS and reading.unknown_words:
        # Asked back; the engine first looks whether the place's text states it in those words (热线工单338条).
        inherited = ("places", "years", "year_was_given", "terms", "asks_count")
        asked_back = _unrecognised(question, normalised, reading, wanted)
        return asked_back.model_copy(update={name: getattr(intent, name) for name in inherited})
    return _unresolved(intent, resolution, gazetteer)


def _about_the_corpus(reading: Reading, resolution: Resolution, has_metric: bool) -> bool:
    """有几份报告 / 哪些年份 / 海南省的报告有几份: a corpus word, no figure named (unless it names the table
    reports are picked by: 哪些报告有表四), and no place the corpus lacks."""
    words = (*lexicon().corpus, *(() if resolution.groups else lexicon().corpus_unplaced))
    if not any(word in reading.text for word in words) or resolution.missing or reading.unknown:
        return False
    if Cue.CHECK in reading.cues:
        return False  # 哪些报告的数据有问题 is a check across the reports
    return not has_metric or names_a_table(reading.text)


def _corpus_intent(question: str, normalised: str, reading: Reading, resolution: Resolution) -> Intent:
    places = [group[0].place for group in resolution.groups]
    return Intent(
        question=question,
        normalised=normalised,
        kind=AnswerKind.CORPUS,
        topic=reading.text,
        years=sorted({y for y in reading.years if not year_of_a_format(reading.text, y)}),
        year_was_given=bool(reading.years),
        within=[*reading.qualifiers, *places],
    )


# Kinds that answer with figures: a word they do not understand may change which figure is meant.
FIGURE_KINDS = frozenset({AnswerKind.LOOKUP, AnswerKind.COMPARE, AnswerKind.RANK})


def _unrecognised(question: str, normalised: str, reading: Reading, wanted: Wanted) -> Intent:
    """Ask back: the figure words were read, but other words of the question may mean another figure."""
    words = "、".join(f"「{word}」" for word in reading.unknown_words)
    named = [CONCEPTS_BY_KEY[key].label for key in wanted.concepts if key in CONCEPTS_BY_KEY]
    offer = "、".join(f"「{label}」" for label in named)
    asked = f"。您问的是{offer}吗？" if offer else "。请换一种说法，或问表格中的某一项。"
    return _asked_back(
        question,
        normalised,
        reading,
        f"年报表格中没有与{words}对应的数字{asked}",
        [_without_words(reading.text, reading.unknown_words)] if named else [],
    ).model_copy(update={"concepts": wanted.concepts, "rates": wanted.rates})


def _asked_back(question: str, normalised: str, reading: Reading, clarification: str, suggestions: list[str]) -> Intent:
    return Intent(
        question=question,
        normalised=normalised,
        kind=AnswerKind.CLARIFY,
        topic=_cut(reading.text, [*reading.place_spans, *reading.year_spans]),
        clarification=clarification,
        suggestions=suggestions,
    )


# A result or column word said without its row names a cell of several rows: asked back, never guessed.
_BARE_TOTALS = ("总计", "合计")
_TOTAL_ROWS = ("本年新收政府信息公开申请数量", "本年度办理结果总计", "行政复议总计")
_MIN_T2_PART = 4  # 现行有效, 本年增减 as the table says them: other words (制定, 出台) also mean plain verbs


def _rows_with_part(reading: Reading) -> tuple[str, list[str]] | None:
    """(the word, the rows that have such a cell) for a part named without its row."""
    if reading.t4_results:
        word = reading.t4_results[0]
        return word, [block.replace("/", "·") for block in T4_BLOCKS]
    for column in reading.t2_columns:
        core = re.sub(r"件数$|数量$|（.*）$", "", column.replace("/", ""))
        rows = [row.label for row in T2_ROWS if any(c.key == column for c in row.columns)]
        if len(core) >= _MIN_T2_PART and core in reading.text and len(set(rows)) > 1:
            return core, list(dict.fromkeys(rows))
    bare = next((word for word in _BARE_TOTALS if word in reading.text), None)
    return (bare, list(_TOTAL_ROWS)) if bare else None


def _which_row(question: str, normalised: str, reading: Reading, which: tuple[str, list[str]]) -> Intent:
    word, rows = which
    listed = "、".join(f"「{row}」" for row in rows)
    clarification = f"「{word}」是多项数据共有的一栏，{listed}中都有。请问是哪一项的「{word}」？"
    return _asked_back(question, normalised, reading, clarification, [f"{reading.text}（{row}）" for row in rows[:3]])


def _without_words(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, "")
    return text


def _levels(text: str) -> list[str]:
    match = ACROSS_PLACES.search(text)
    if not match:
        return []
    word = next((w for w in LEVEL_WORDS if match.group(0).endswith(w)), None)
    return list(LEVEL_WORDS[word]) if word else []


def _unresolved(intent: Intent, resolution: Resolution, gazetteer: Gazetteer) -> Intent:
    """NOT_FOUND for a place the corpus lacks, CLARIFY for a name in several counties."""
    if resolution.missing:
        names = "、".join(f"「{name}」" for name, _ in resolution.missing)
        suggestions = _unique(s for name, given in resolution.missing for s in given or gazetteer.closest(name))
        return intent.model_copy(
            update={
                "kind": AnswerKind.NOT_FOUND,
                "clarification": f"语料库中没有{names}的报告。",
                "suggestions": suggestions[:3],
            }
        )
    ambiguous = [group for group in resolution.groups if len(group) > 1]
    if ambiguous:
        asks = []
        for group in ambiguous:
            listed = "、".join(p.display for p in _by_recency(group))
            same = len({p.place for p in group}) == 1 and not any(p.department for p in group)
            what = f"「{group[0].place}」" if same else "符合的机关"
            asks.append(f"语料库中有{len(group)}个{what}：{listed}。")
        candidates = [p for group in resolution.groups for p in _by_recency(group)]
        return intent.model_copy(
            update={
                "kind": AnswerKind.CLARIFY,
                "places": _unique_refs(candidates),
                "clarification": "".join(asks) + "请问您问的是哪一个？",
                "suggestions": [p.display for group in ambiguous for p in _by_recency(group)],
            }
        )
    scope = intent.county_scope
    if scope and not intent.places and intent.kind in (AnswerKind.LOOKUP, AnswerKind.FACT_SHEET, AnswerKind.MIXED):
        under = [p.display for p in _by_recency(gazetteer.in_county(scope))]
        return intent.model_copy(
            update={
                "kind": AnswerKind.NOT_FOUND,
                "clarification": f"语料库中没有{scope}本级的报告，只有其下属乡镇、街道的报告。",
                "suggestions": under[:3],
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
    return not reading.leftover and not (names_place and topic)


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
        # 兰西县呢？ after a question about 平安镇: the 平安镇 in 兰西县
        names = [m.value.name for m in before.places]
        places = "和".join(county + name for name in names) if names else county
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
    if current.unknown_words and previous.kind in FIGURE_KINDS:
        # 还没审结的呢？ with a word we do not know: not the previous figure again
        return _unrecognised(question, current.text, current, Wanted.asked_before(previous))
    rewritten = _rewrite(previous, current, gazetteer)
    own = current.kind_cues
    if _new_words(current, previous) or own:
        # 不予公开的呢？ / 为什么呢？: keep the new words in the text for retrieval
        extra = _cut(current.text, [*current.place_spans, *current.year_spans]).lstrip("那么")
        rewritten = f"{rewritten}{extra}"
    reading = read(rewritten, gazetteer)
    keeps_metric = not own or bool(own & METRIC_CUES)
    wanted = Wanted(
        concepts=current.concepts or (previous.concepts if keeps_metric else []),
        columns=current.columns or previous.columns,
        t2_columns=current.t2_columns or previous.t2_columns,
        t4_results=current.t4_results or previous.t4_results,
        rates=current.rates
        or _rate_of_the_block(current, previous)
        or (previous.rates if keeps_metric and not current.concepts else []),
    )
    if previous.kind == AnswerKind.RANK and (current.places or current.unknown) and not own:
        cues = current.cues  # 港口乡呢？ after a ranking: that place's figure
    else:
        cues = current.cues if own else reading.cues
    rank = (
        current.top_n if current.top_n is not None else previous.top_n,
        _ascending(own) if own & {Cue.MOST, Cue.LEAST} else previous.ascending,
    )
    return _build(question, rewritten, reading, gazetteer, wanted, cues, rank)


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
    places = "和".join(_unique(f"{(p.county or '') if qualify else ''}{p.place}" for p in previous.places))
    years = ""
    if previous.relative_year is not None and len(previous.years) <= 1:
        years = RELATIVE_YEAR_WORD.get(previous.relative_year, "")
    elif previous.year_was_given and previous.years:
        years = "和".join(f"{year}年" for year in previous.years)
    return places + years


def _inherits_places(reading: Reading, previous: Intent) -> bool:
    """A whole question without a place asks about the previous one's, unless it asks across places."""
    if reading.places or reading.counties or reading.unknown or not previous.places:
        return False
    across = ACROSS_PLACES.search(reading.text) or reading.cues & RANK_CUES
    return not across and previous.kind != AnswerKind.NOT_FOUND


# ---- the door ----------------------------------------------------------------------------------------


def understand(question: str, gazetteer: Gazetteer, previous: Intent | None = None) -> Intent:
    """What a question asks: places, years, figures and the kind of answer; ``previous`` for follow-ups."""
    text = clean(question)
    reading = read(text, gazetteer)
    if previous is not None and _is_follow_up(reading):
        return _follow_up(question, reading, previous, gazetteer)
    if previous is not None and _inherits_places(reading, previous):
        text = _context_prefix(previous) + text
        reading = read(text, gazetteer)
    if previous is not None and not reading.concepts and reading.cues & RANK_CUES and previous.concepts:
        return _build(question, text, reading, gazetteer, Wanted.asked_before(previous))
    return _build(question, text, reading, gazetteer)
