"""The words of questions that are kept as code: suffixes, cue words, year and count patterns, and the
small text helpers every step of reading a question uses (scan, clean, Chinese numerals, one-edit typos)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from index.normalise import normalise_question
from qa.lexicon import occurrences

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
    "乡镇", "城镇", "集镇", "村镇", "小镇", "古镇", "重镇", "城乡", "县乡", "下乡", "家乡", "老乡", "乡镇区", "镇街",
    "社区", "小区", "城区", "市区", "县区", "辖区", "地区", "园区", "景区", "山区", "片区", "街区",
    "校区", "新区", "老区", "灾区", "矿区", "专区", "开发区", "示范区", "试验区", "保护区", "服务区",
    "功能区", "工业区", "商业区", "住宅区", "城市", "都市", "超市", "县市", "省市", "上市", "门市",
    "集市", "城关镇街道",
)  # fmt: skip
# Characters that cannot be part of a place name: where an unknown name starts (请问|大王庄镇).
NAME_STOP_CHARS = frozenset(
    "的和与跟同及或在了是吗呢请问查看我你他她它那这该本各全每哪个些其"
    "对比把从于向给为被让将就都也还再又今年月日共有没很最几啥谁啊呀吧么"
    "件项份次篇"  # counters: 多少件市长信箱交办件 names no 件市
)
# Words a user puts before a place; an unknown name starts after the last of them (我想知道|大王庄镇).
NAME_FILLER_WORDS = (
    "知道", "了解", "告诉", "介绍", "一下", "查询", "查查", "请问", "想问", "关于", "看看", "帮忙", "麻烦",
    "统计", "列出", "显示", "通过", "经过", "依托", "利用", "借助",
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
                "对不对", "矛盾", "平衡", "全不全", "完整吗", "是否完整", "齐不齐", "加得拢", "对得拢", "加得上",
                "合得上", "算得对", "加起来对", "吻合", "相符", "对应得上", "等不等于", "等于不等于", "是否等于",
                "正好等于", "是不是等于", "平不平", "加起来平", "平吗"),
    Cue.WHY: ("为什么", "为何", "原因", "怎么回事", "咋回事", "何故", "缘故", "为啥", "什么情况", "具体情况",
              "详细情况"),
    Cue.COMPARE: ("对比", "比较", "相比", "相较", "比起", "比一比", "比比看", "比比", "差异", "差别", "区别", "不同",
                  "变化", "趋势", "增长", "下降", "高于", "低于", "多于", "少于"),
    Cue.FACT_SHEET: ("基本情况", "概况", "总体情况", "整体情况", "总体怎么样", "整体怎么样", "介绍一下", "介绍下",
                     "简要介绍", "简介", "概要", "概览", "总览", "一览", "全貌"),
    Cue.RANK: ("排名", "排行", "排序", "排个序", "排一下", "排第几", "名次", "前几名"),
    Cue.WHICH: ("哪个", "哪些", "哪几", "哪一个", "哪家", "哪里", "哪份", "哪一份"),
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
FOLLOW_UP_STARTS = (
    "那么", "那", "还有", "换成", "改成", "换", "如果是", "要是", "再看", "再查", "同样", "它", "同一年"
)  # fmt: skip
FOLLOW_UP_ENDS = ("呢", "看看")
# 和平桥区比呢 / 跟港口乡相比: the places named join the previous question's instead of replacing them.
ADDING_STARTS = ("和", "跟", "与", "同")
ADDING_WORDS = ("比", "对比", "相比", "比较")
PARTICLES = frozenset("的呢吗嘛了么那呀啊吧哦呐是和与及跟、，,。.？?！! 　")
MEASURE_WORDS = frozenset("件条个项次份起例宗篇")  # 废止了几件: what a count is counted in, no topic
PLURAL_WHICH = ("哪些", "哪几")
# The table format a question restricts reports to (2019年格式的报告里…最多); the year in the words is no year.
FORMAT_WORDS = {
    "2019": ("2019版格式", "2019年版", "2019版", "2019年格式", "2019格式", "老表格", "旧格式", "试行格式", "老格式",
             "老版", "旧版", "试行版", "19版", "19年版"),
    "2021": ("2021版格式", "2021年版", "2021版", "2021年格式", "2021格式", "新表格", "新格式", "新版", "21版",
             "21年版"),
}  # fmt: skip
# 谁多 / 哪个行政许可决定多 / 哪家少: "which has more" is the most of those named (not 多少, not 更多的内容)
WHICH_MORE = re.compile(r"(?:谁|哪个|哪家|哪一个|哪份)[^，,。？?]{0,16}?(?<!更)(?:多|高|大)(?![少大])")
WHICH_LESS = re.compile(r"(?:谁|哪个|哪家|哪一个|哪份)[^，,。？?]{0,16}?(?:少|低|小)(?!于)")
# An agency set aside in brackets: 海口市那个局（不是市政府研究室）. Only in brackets: 是不是都公开了 sets
# nothing aside.
EXCLUDING = re.compile(r"[（(]\s*(?:不是|不包括|除了|除去|排除|并非|非)(?P<name>[^（()）]{2,20}?)\s*[）)]")


def sets_aside(agency: str | None, excluded: Sequence[str]) -> bool:
    """The agency is one of those set aside (市政府研究室 of 海口市人民政府研究室)."""
    name = (agency or "").replace("人民政府", "政府")
    return any(word.replace("人民政府", "政府") in name for word in excluded)


# 昭化区那个镇, 平湖那个局, 海口市的局: the one report of that level inside the division just named.
THAT_ONE = re.compile(
    r"(?:那个|这个|那家|这家|那份|这份|的那个|的这个|那|这|的|某)(乡镇|镇|乡|街道|局|委|办|部门|县|区)"
    r"|(?:那份|这份|那篇|这篇|的那份|的这份)(?:(?:19|20)\d{2}\s*年度?的?)?(报告|年报)"  # 那份2021年报告
    r"|(局)(?![长里内])"  # 龙华局: a department of 龙华 (not 龙华局长)
)
_EVERY_LEVEL = ("乡", "镇", "街道", "区", "县", "市", "省", "部门")
THAT_ONE_LEVELS = {
    "乡镇": ("乡", "镇"), "镇": ("镇",), "乡": ("乡",), "街道": ("街道",), "县": ("县",), "区": ("区",),
    "局": ("部门",), "委": ("部门",), "办": ("部门",), "部门": ("部门",),
    "报告": _EVERY_LEVEL, "年报": _EVERY_LEVEL,  # 略阳县那份报告: the county's one report, whoever wrote it
}  # fmt: skip


def that_one_levels(found: re.Match[str]) -> tuple[str, ...]:
    """The levels a THAT_ONE match names (那个局 → 部门; 那份报告 → any)."""
    return THAT_ONE_LEVELS[next(group for group in found.groups() if group)]


# 哪个镇 / 哪些街道 / 哪家单位 ask across places; 存在哪些问题 does not.
ACROSS_PLACES = re.compile(
    r"(?:哪(?:个|些|几个|一个|家)?|各|所有|这几个|这些|[\d一二两三四五六七八九十]+个)"
    r"(?:乡镇区|乡镇街道|镇街|乡镇|镇|乡|街道|区|县|市|地方|单位|机关|政府|部门|家)"
    r"|谁家|哪一?份(?:报告|年报)"
)
# The level a ranking question ranks among: 哪个镇 → 镇, 哪些乡镇 → 乡 and 镇.
LEVEL_WORDS = {
    "乡镇区": ("乡", "镇", "区"), "乡镇街道": ("乡", "镇", "街道"), "镇街": ("镇", "街道"), "乡镇": ("乡", "镇"),
    "镇": ("镇",), "乡": ("乡",), "街道": ("街道",), "区": ("区",), "县": ("县",),
}  # fmt: skip
ORDINALS = {
    "第一个": 0, "第1个": 0, "前者": 0, "前一个": 0, "第二个": 1, "第2个": 1, "第三个": 2, "第3个": 2,
    "后者": -1, "后一个": -1,
}  # fmt: skip
# "申请" on its own is the number of requests only when the question asks for a number ("申请有多少件");
# inside 依申请公开, 重复申请 … it is part of a longer word and matched there.
BARE_REQUEST = "申请"
BARE_REQUEST_CONCEPT = "t3:received"
NOT_BARE_REQUEST_AFTER = "人"  # 申请人

HAN = re.compile(r"[\u4e00-\u9fff]")
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# 法人或其他组织-其他, 法人·其他: a joiner between two Chinese words of one label (a year range has digits).
_JOINER_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s*[-—–·・]\s*(?=[\u4e00-\u9fff])")
_CN_NUMBER = "[一二两三四五六七八九十]++"
YEAR_PATTERNS = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?"),
    re.compile(r"((?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})\s*(?:年度|年)?"),
    re.compile(r"(?<![\d.])([0-3]\d)\s*年(?![级代龄])"),
    re.compile(r"(?<![〇零○一二三四五六七八九十])([〇零○一二][〇零○一二三四五六七八九])年(?![级代龄])"),
)
RECENT_YEARS = re.compile(rf"(?:最近|近)(\d++|{_CN_NUMBER})年")
_EARLIER_YEAR = "|".join(sorted(COMPARED_WITH, key=len, reverse=True))
COMPARED_WITH_PATTERN = re.compile(f"(?:比|较|相比于?|对比)({_EARLIER_YEAR})(?!结转)")
TOP_N = (
    (re.compile(rf"(?:前|(?i:top)\s*-?)\s*(\d++|{_CN_NUMBER})(?!\s*[年月])\s*(?:名|个|位|家)?"), False),
    (re.compile(rf"后\s*(\d++|{_CN_NUMBER})\s*(?:名|个|位|家)"), True),
    (re.compile(rf"倒数\s*(?:前|第)?\s*(\d++|{_CN_NUMBER})\s*(?:名|个|位|家)?"), True),
    (re.compile(rf"哪\s*(\d++|{_CN_NUMBER})\s*(?:个|家)"), False),
)
# 最多的三个镇: a count of places is a top-N only next to 最多 / 最少.
PLACE_COUNT = re.compile(rf"(?<![第前后])(\d++|{_CN_NUMBER})\s*(?:个|家)\s*(?:乡镇|镇|乡|街道|区|县|市|地方|单位|机关)")

T = TypeVar("T")


# ---- small helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    word: str  # as written in the question
    value: T


def longest_pairs_first(pairs: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
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


def mark_taken(taken: list[bool], start: int, end: int) -> None:
    taken[start:end] = [True] * (end - start)


def is_han(char: str) -> bool:
    return bool(HAN.match(char))


def cn_number(text: str) -> int | None:
    """1–99 in digits or Chinese numerals (三, 十, 十二, 二十, 两)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return (CN_DIGITS.get(text) or None) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return value or None


def year_digits(text: str) -> int:
    return int(text) if text.isdigit() else int("".join(str(CN_DIGITS[c]) for c in text))


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1 (one character replaced, added or dropped)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def stem_of(name: str, suffixes: Sequence[str]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM:
            return name[: -len(suffix)]
    return None
