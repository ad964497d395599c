"""Who published a report, where, and for which year: read from the normalised (simplified) lines.

Sources, in the order they are trusted: the title (one line or two, after a page's chrome prefix), the
opening sentence (现将XX2022年政府信息公开工作年度报告…, 本报告由XX编制), the signature block (agency
line over a date), web chrome fields (来源, 发布机构…), the contact sentence (请与XX联系), a sentence the
agency is the subject of (2025年，矿市街道深入贯彻…), then the file name. A name is split into the
divisions it starts with (广元市 / 利州区 / 河西街道) and what follows them (人民政府, 卫生健康局); the
national gazetteer (index/gazetteer.py) recognises the divisions and supplies the ones above a place
when the text pins the place down. A name the text does not state stays unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from index.gazetteer import Division, Tier, gazetteer
from index.models import Level, Metadata, MetaOrigin, Script, TableFormat
from index.normalise import to_simplified


class Term(NamedTuple):
    """A word of the vocabulary and a line, written the way real reports write it, that shows it."""

    word: str
    example: str


# ---- vocabulary ------------------------------------------------------------------------------------

# What follows a division's name when the name is its government (longest first).
GOVERNMENT_ORGANS = (
    Term("街道办事处", "城关街道办事处2021年政府信息公开工作年度报告"),
    Term("管理委员会", "深圳市深汕特别合作区管理委员会2024年政府信息公开工作年度报告"),
    Term("人民政府", "平桥区人民政府2021年政府信息公开工作年度报告"),
    Term("办事处", "北京街道办事处全年主动公开政府信息86条"),
    Term("管委会", "高新区管委会2022年政府信息公开工作年度报告"),
    Term("政府", "中埠镇政府2020年政府信息公开工作年度报告"),
)
# The last word of a department's name (its organ kind).
DEPARTMENT_SUFFIXES = (
    Term("委员会", "葫芦岛市卫生健康委员会2023年政府信息公开工作年度报告"),
    Term("办公室", "舟山市政务服务办公室 2020年政府信息公开工作年度报告"),
    Term("中心", "桐乡市政务服务中心2022年政府信息公开工作年度报告"),
    Term("局", "蠡县审计局2022年度政府信息公开工作年度报告"),
    Term("委", "信丰县卫生健康委2023年政府信息公开工作年度报告"),
    Term("办", "自治区北部湾办2022年政府信息公开工作年度报告"),
    Term("厅", "海南省生态环境厅2022年政府信息公开工作年度报告"),
    Term("室", "海口市人民政府研究室2022年政府信息公开工作年度报告"),
    Term("部", "司法部2020年政府信息公开工作年度报告"),
    Term("署", "东莞市税务署2021年政府信息公开工作年度报告"),
    Term("院", "温州市规划设计研究院2021年政府信息公开工作年度报告"),
    Term("馆", "广州市白云区档案馆2023年政府信息公开工作年度报告"),
)
# Zones run by a 管委会 that reports like a government; 经济区 is not one (北部湾经济区 spans cities).
ZONES = (
    Term("特别合作区", "深圳市深汕特别合作区管理委员会2024年政府信息公开工作年度报告"),
    Term("示范区", "示范区教育局2019年政府信息公开工作年度报告"),
    Term("开发区", "经济技术开发区管委会2022年政府信息公开工作年度报告"),
    Term("高新区", "高新区管委会2022年政府信息公开工作年度报告"),
    Term("新区", "兰州新区2021年政府信息公开工作年度报告"),
)
# The state itself comes before a ministry's name (中华人民共和国司法部); it is no division.
NATIONAL = Term("中华人民共和国", "现将中华人民共和国司法部2020年政府信息公开工作年度报告公开如下")
# Web chrome fields that name who published the page.
CHROME_FIELDS = (
    Term("发布机构", "发文日期: 2021-01-30 发布机构: 中埠镇人民政府"),
    Term("信息来源", "信息来源:会同县林业局"),
    Term("发布单位", "发布单位 靖江市住建局 发文日期 2026-01-28"),
    Term("来源", "发布时间:2021-01-26 09:16 来源:拖市镇"),
    Term("单位", "单位:沭阳县发改局"),
)
# Values of a chrome field that never name an agency (the site, a repost): the field is then ignored.
NOT_AGENCIES = (
    Term("原创", "来源:原创"),
    Term("本站", "来源:本站"),
    Term("本网", "来源:本网"),
    Term("转载", "来源:转载"),
    Term("官网", "来源:司法部官网 发布时间:2021-01-29 10:52"),
    Term("网站", "来源:县政府网站"),
)
# A name never starts with these: 我局/本单位 refer to the agency without naming it.
NOT_A_NAME_START = "我本该各全其此"
# How a report refers to itself when it gives no name: the kind of agency it is.
SELF_WORDS = (
    Term("我街道", "本年度，我街道严格按照《条例》要求"),
    Term("我苏木", "2022年我苏木在微信公众平台发布信息"),
    Term("我镇", "2022年我镇公开政府信息243条"),
    Term("我乡", "2021年度我乡主动公开政府信息213条"),
    Term("我县", "2022年，我县认真贯彻落实"),
    Term("我区", "今年我区共收到政府信息公开申请18件"),
    Term("我旗", "我旗认真落实政府信息公开工作"),
    Term("我市", "我市全面推进政务公开"),
    Term("我局", "2024年，我局共主动公开政府信息376条"),
    Term("我委", "我委坚持以习近平新时代中国特色社会主义思想为指引"),
    Term("我办", "2022年，我办坚持以习近平新时代中国特色社会主义思想为引领"),
    Term("我厅", "我厅认真贯彻国务院办公厅部署要求"),
    Term("本单位", "2022年，本单位未收到书面申请政府信息公开"),
    Term("我单位", "2022年我单位共制作、获取政府信息总数84条"),
)
_SELF_LEVEL = {
    "我街道": Level.SUBDISTRICT, "我苏木": Level.TOWNSHIP, "我镇": Level.TOWN, "我乡": Level.TOWNSHIP,
    "我县": Level.COUNTY, "我旗": Level.COUNTY, "我区": Level.DISTRICT, "我市": Level.CITY,
}  # fmt: skip
# Words after which a sentence's subject ends (2025年，矿市街道深入贯彻…).
SUBJECT_VERBS = (
    Term("深入", "2025年，矿市街道深入贯彻落实上级关于政府信息公开工作的决策部署"),
    Term("在", "2025年，朝外街道在区委、区政府的正确领导下"),
    Term("严格", "茅坪回族镇人民政府严格按照《中华人民共和国政府信息公开条例》要求"),
    Term("认真", "2020年，鹤山市司法局认真贯彻实施《中华人民共和国政府信息公开条例》"),
    Term("坚持", "2024年，深圳市深汕特别合作区管理委员会坚持以习近平新时代中国特色社会主义思想为指导"),
    Term("以", "2021年，温州市洞头区农业农村局以习近平新时代中国特色社会主义思想为指导"),
    Term("全年", "北京街道办事处全年主动公开政府信息86条"),
    Term("主动", "2023年度河西街道主动公开政府信息152条"),
    Term("紧紧", "2023年，康荣镇紧紧围绕政务公开工作"),
    Term("高度", "康荣镇高度重视政府信息公开工作"),
    Term("积极", "2021年，港口乡积极推进政府信息公开"),
    Term("紧密", "2023年，县自然资源局紧密结合自然资源和规划管理工作实际"),
    Term("本年度", "区科技工业商务信息化局本年度主动公开政府信息229条"),
)
# A page title or chrome label before a title line: "Page 8 - ", "【图文】", "标题:", "名  称:", "• ".
_TITLE_PREFIX = re.compile(r"^(?:Page\s*\d+\s*-\s*|【[^】]{0,6}】|[•·]\s*|(?:标\s*题|名\s*称|文件名称)\s*[:：]\s*)+")
# What a contact sentence names after the agency: its office (请与XX镇人民政府党政办公室联系).
_INTERNAL_UNIT = re.compile(r"(?:党政|综合|行政|政务|办公)[\u4e00-\u9fff]{0,12}(?:办公室|办|室|科|股)$|办公室$")

# ---- patterns ----------------------------------------------------------------------------------------

_HAN = r"\u4e00-\u9fff"
_ANY_HAN = re.compile(f"[{_HAN}]")
_YEAR = r"(?<!\d)(?P<year>20[0-3]\d)(?!\d)"
_REPORT_WORDS = r"(?:政府信息公开|信息公开|政务公开|年度报告|年报)"
_TITLES = (
    re.compile(rf"^(?P<name>[{_HAN}()·]*?)\s*{_YEAR}(?:\s*年)?(?:\s*度)?(?=.*{_REPORT_WORDS})"),
    re.compile(rf"^{_YEAR}\s*年(?:\s*度)?\s*(?P<name>[{_HAN}()·]+?)(?:政府)?{_REPORT_WORDS}"),
    # a file-like title with the name after the report's words: "2020年报_审计局"
    re.compile(rf"^{_YEAR}\s*年?(?:\s*度)?\s*(?:政府)?{_REPORT_WORDS}+\s*[_—－-]\s*(?P<name>[{_HAN}()·]+)"),
)
# The second line of a title split after the name: "2023年政府信息公开工作年度报告", "2022政府信息公开…".
_TITLE_TAIL = re.compile(rf"^{_YEAR}(?:\s*年)?(?:\s*度)?\s*(?:政府)?{_REPORT_WORDS}")
_ALIAS = r"(?:\((?:以下简称|下称|简称)[^)]{1,20}\))?"
# The opening sentence: a name right before the year and the report's own words, or after 由 / 现公布.
# Every optional part that may follow a run of spaces starts with its own \s* ("年(?:\s*度)?", not "年\s*度?\s*"):
# runs of spaces side by side split a long run in n² (three: n³) ways before failing on what follows.
_NAME_BEFORE = re.compile(
    rf"(?P<run>[{_HAN}]{{2,60}}?){_ALIAS}(?:\s*{_YEAR}\s*年(?:\s*度)?)?\s*(?:政府)?{_REPORT_WORDS}"
)
_NAME_AFTER_YEAR = re.compile(rf"{_YEAR}\s*年(?:\s*度)?(?P<run>[{_HAN}]{{2,40}}?)(?:政府)?{_REPORT_WORDS}")
# A report without a title names itself in its opening sentence: "兰西县康荣镇根据《条例》…编制本报告".
_NAME_THEN_BASIS = re.compile(rf"^(?P<run>[{_HAN}]{{2,40}}?)(?:根据|依据|依照|按照)", re.MULTILINE)
_REPORT_WORD = re.compile(_REPORT_WORDS)
_ALIAS_WORD = re.compile(r"\((?:以下简称|下称|简称)")
# How far before (after) its anchor word a match of each anchored pattern can start (end): its longest
# run, alias, year and the spaces between them, with room to spare.
_NAME_BEFORE_REACH = 130
_NAME_AFTER_YEAR_REACH = 60
_FULL_NAME_REACH = (70, 25)
_COMPILED_BY = re.compile(rf"由(?P<run>[{_HAN}]{{2,60}}){_ALIAS}[^。]{{0,80}}编制")
_CONTACT = re.compile(rf"请与(?P<run>[{_HAN}]{{2,60}}?)联系")
_FULL_NAME = re.compile(rf"(?P<full>[{_HAN}]{{4,60}})\((?:以下简称|下称|简称)(?P<short>[{_HAN}]{{2,20}})\)")
_SUBJECT = re.compile(
    rf"(?:^|[。；;])\s*(?:{_YEAR}\s*年(?:\s*(?:度|以来))?(?:\s*[,，])?\s*)?(?P<run>[{_HAN}]{{2,40}}?)"
    rf"(?={'|'.join(term.word for term in SUBJECT_VERBS)})",
    re.MULTILINE,
)
_CHROME = re.compile(
    rf"(?<![{_HAN}])(?:{'|'.join(term.word for term in CHROME_FIELDS)})(?:\s*[:：|]|\s)\s*(?P<value>[^\s:：|]{{2,60}})"
)
_CHROME_LINE = re.compile(rf"^[•·\s]*(?:{'|'.join(term.word for term in CHROME_FIELDS)})\s*(?:[:：]\s*)?$")
_SIGNATURE_DATE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_WEBSITE = re.compile(rf"(?P<run>[{_HAN}]{{2,30}}?)(?:人民政府|政府)?(?:门户网站|网站|政务服务网|信息公开网站|网)")
_DATE = r"(?<!\d)(?P<{p}y>(?:19|20)\d{{2}})\s*年\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
# "\s*(?:起\s*)?", not "\s*(?:起)?\s*": two optional runs of spaces side by side split a long run of spaces
# in n² ways before failing (a date followed by 1 MB of spaces never finishes).
_PERIOD = re.compile(_DATE.format(p="a") + r"\s*(?:起\s*)?(?:[,，]\s*)?(?:至|到|—|-|~)\s*" + _DATE.format(p="b"))
# A saved page's publication date: 发布日期/发布时间/日期, or 时间 alone as web chrome writes it (来源: 时间:…), not
# 统计时间 or 办理时间.
_PUBLISH = re.compile(
    r"(?:发布日期|发布时间|日期|(?<!统计)(?<!办理)(?<!答复)时间)\s*[:：]\s*"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
)
# A sentence opening on the year it reports on ("2024年，我局共…"), not on a date ("2024年1月").
_YEAR_OPENING = re.compile(
    rf"(?:^|[。])\s*(?:\([一二三四五六七八九十]\)[^。]{{0,16}}。)?{_YEAR}\s*年(?!\s*\d)"
    rf"|(?:^|[。，,；;])\s*{_YEAR.replace('year', 'year2')}\s*年(?:\s*度)?(?:\s*[,，])?\s*(?=我|本|全)",
    re.MULTILINE,
)
_TOWNSHIP_LIKE = re.compile(rf"^[{_HAN}]{{1,8}}?(?:乡|镇|苏木|街道)")
_COUNTY_LIKE = re.compile(rf"^[{_HAN}]{{1,6}}?(?:自治县|县|旗|区|市)(?=[{_HAN}]{{1,8}}?(?:乡|镇|苏木|街道))")
# A county-level government the gazetteer lacks (renamed, new, or a name it never had): 安澜区人民政府.
_GOVERNMENT_LIKE = re.compile(rf"^[{_HAN}]{{1,6}}?(?:自治县|县|旗|区|市)(?=(?:人民政府|政府)$)")
_ZONE_LIKE = re.compile(rf"^[{_HAN}]{{0,8}}?(?:{'|'.join(term.word for term in ZONES)})")
_TITLE_WINDOW = 25  # lines before the first heading in which the title and chrome stand
_OPENING_LINES = 12  # lines in which the opening sentence stands (a flattened file has it on line 2)
_SUBJECT_LINES = 40
_PLAIN_LINE_CHARS = 1000
_MENTION_CHARS = 60_000  # divisions named in the text: enough of a report to have them all
_LONGEST_NAME = 12  # characters of the longest division name looked up (克孜勒苏柯尔克孜自治州)
_DIVISION_ENDING = re.compile("[省市区县旗州盟]")
# What ends a division's full name: a short name followed by one of these is part of a longer name.
_DIVISION_SUFFIX_CHARS = frozenset("省市区县旗州盟乡镇街")
_SELF_WINDOW = 20_000
_FIRST_YEAR, _LAST_YEAR = 2007, 2035  # the 条例 took effect in 2008; later years are typos
_FUNCTION_CHARS = set("和与及在对由向从据按照根的是为于将把被并经可全本我该各")  # never inside a county's name
# Characters that join words of a sentence, never of a department's name (和 and 与 do: 人力资源和社会保障局).
_NOT_IN_DEPARTMENT = set("的，,、各是为于将把被并本我该对向从")
# Words of a sentence that a department's name never holds; 据 alone is in names (大数据中心).
_NOT_IN_DEPARTMENT_WORDS = ("根据", "依据", "按照", "依照")
_NOT_A_COUNTY = ("按照", "根据", "依照", "遵照", "参照")
_ORGANS = tuple(term.word for term in GOVERNMENT_ORGANS)
_DEPARTMENTS = tuple(term.word for term in DEPARTMENT_SUFFIXES)
_NOT_AGENCIES = tuple(term.word for term in NOT_AGENCIES)


class Source(NamedTuple):
    name: str
    origin: MetaOrigin


class Name(NamedTuple):
    """A name as written, split: the divisions it starts with and what follows them."""

    written: str
    chain: tuple[str, ...]  # divisions as written: 广元市, 利州区, 河西街道
    rest: str  # 人民政府, 卫生健康局, 市场监督管理局龙华监管局, or "" (a division's name alone)
    department: bool


# ---- names ---------------------------------------------------------------------------------------


def _division_at(text: str, start: int, chain: list[str]) -> str | None:
    """The longest division name written at ``start``: a gazetteer name, a province or prefecture short
    name (天津, 临夏州), or the short name of a division inside the last one in ``chain`` (龙华 in 深圳市)."""
    return _division_prefix(text[start : start + _LONGEST_NAME], chain[-1] if chain else None)


@lru_cache(maxsize=1 << 16)
def _division_prefix(segment: str, outer: str | None) -> str | None:
    places = gazetteer()
    for end in range(len(segment), 1, -1):
        word = segment[:end]
        if word.endswith(_DEPARTMENTS):  # 林业局 and 农场 units listed as townships publish as departments
            continue
        if places.is_name(word):
            return word
        if segment[end : end + 1] in _DIVISION_SUFFIX_CHARS:
            continue  # 吉安乡 is a township of that name, not 吉安 (市) and then 乡
        for division in places.divisions(word, short=True):
            written = word in places.written_forms(division.name)  # 东乡县 for 东乡族自治县: a name, not a short one
            if written or division.tier <= Tier.CITY or (outer and _inside_written(division, outer)):
                return word
    return None


def _upper_at(text: str, start: int) -> bool:
    """A province, city or county is written in full at ``start``."""
    places = gazetteer()
    return any(places.is_upper(text[start:end]) for end in range(start + 2, min(len(text), start + _LONGEST_NAME) + 1))


def _inside_written(division: Division, outer: str) -> bool:
    return any(division.inside(name) for name in _full_names(outer))


def _full_names(written: str) -> list[str]:
    return sorted({division.name for division in gazetteer().divisions(written, short=True)}) or [written]


def _chain(text: str) -> tuple[list[str], int]:
    """The divisions a name starts with, and where the rest begins."""
    chain: list[str] = []
    position = len(NATIONAL.word) if text.startswith(NATIONAL.word) else 0
    while position < len(text):
        word = _division_at(text, position, chain) or _unlisted_division(text[position:], chain)
        if word is None:
            break
        chain.append(word)
        position += len(word)
        # 西宁市城中区人民政府礼让街街道办事处: a government's name goes on with a division inside it.
        for organ in ("人民政府", "政府"):
            after = position + len(organ)
            if text.startswith(organ, position) and after < len(text) and _division_at(text, after, chain):
                position = after
                break
    return chain, position


def _unlisted_division(text: str, chain: list[str]) -> str | None:
    """A division the gazetteer lacks (renamed, merged, or a zone): a township ending the name, a county
    before one, a zone."""
    for pattern in (_ZONE_LIKE, _COUNTY_LIKE, _TOWNSHIP_LIKE, _GOVERNMENT_LIKE):
        match = pattern.match(text)
        if match is None:
            continue
        rest = text[match.end() :]
        ends_the_name = rest in ("", *_ORGANS)
        # 和坝镇 / 和平镇 ending an agency's name is a township; 和 between two names joins a sentence.
        inner = match.group(0)[1:] if pattern is _TOWNSHIP_LIKE and ends_the_name else match.group(0)
        if not set(inner) & _FUNCTION_CHARS and (pattern is not _TOWNSHIP_LIKE or ends_the_name):
            return match.group(0)
    return None


def parse_name(written: str) -> Name | None:
    """广元市利州区人民政府河西街道办事处 → chain (广元市, 利州区, 河西街道), rest 办事处; None when it is no
    agency's name (我局, 本站, a phrase that ends in no organ)."""
    written = re.sub(r"\([^)]*\)", "", written).strip()
    if not written or len(written) > 40 or written[0] in NOT_A_NAME_START or written.endswith(_NOT_AGENCIES):
        return None
    chain, position = _chain(written)
    rest = written[position:]
    if rest in ("", *_ORGANS):
        return Name(written, tuple(chain), rest, False) if chain else None
    sentence_like = set(rest) & _NOT_IN_DEPARTMENT or any(word in rest for word in _NOT_IN_DEPARTMENT_WORDS)
    if rest.endswith(_DEPARTMENTS) and not sentence_like and rest != written[:1]:
        # A division further in means the name starts there (现将深圳市…局 is 深圳市…局).
        if not chain and any(rest.startswith(NATIONAL.word, i) or _upper_at(rest, i) for i in range(1, len(rest))):
            return None
        return Name(written, tuple(chain), rest, True)
    return None


def _anchored(run: str) -> Name | None:
    """The name that ends a run of text and starts with a division (现公布鹤山市司法局 → 鹤山市司法局)."""
    for start in range(len(run) - 1):
        if run.startswith(NATIONAL.word, start) or _division_at(run, start, []):
            name = parse_name(run[start:])
            if name:
                return name
    return None


def _leading(run: str) -> Name | None:
    """The longest name a run of text starts with (温州市洞头区人民政府办公室综合 → …办公室)."""
    for end in range(len(run), 1, -1):
        name = parse_name(run[:end])
        if name:
            return name
    return None


# ---- sources -------------------------------------------------------------------------------------


def _strip_title(line: str) -> str:
    return _TITLE_PREFIX.sub("", line.strip())


def title_name_and_year(lines: list[str]) -> tuple[str | None, int | None]:
    """The name before the year in the title (平桥区人民政府, 兰西县康荣镇) and the year."""
    short = [_strip_title(line) for line in lines if 0 < len(line.strip()) <= 80]
    for index, line in enumerate(short):
        following = short[index + 1] if index + 1 < len(short) else ""
        # "漳平市卫生健康局" / "2023年政府信息公开工作年度报告": the name stands on the line above.
        tail = _TITLE_TAIL.match(following)
        if tail and parse_name(line) and not _TITLE_TAIL.match(line):
            return line, int(tail["year"])
        # "…2020年政府信息" / "公开工作年度报告" reads whole with the next line.
        matches = [pattern.search(line + following) for pattern in _TITLES]
        # the name and year stand on the title line itself
        matches = [match for match in matches if match and max(match.end("year"), match.end("name")) <= len(line)]
        if matches:
            named = next((match for match in matches if match["name"]), matches[0])
            return named["name"] or None, int(named["year"])
    return None, None


def _in_book_title(text: str, start: int) -> bool:
    """Inside 《…》: the name of a document (《上海市政府信息公开规定》), not of the reporting agency."""
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


def _near(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, before: int, after: int = 0
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern each match of which holds a match of ``anchor`` and starts
    at most ``before`` characters before it and ends at most ``after`` past it. A pattern that opens with a
    lazy run of up to 60 characters tries 60 ends at every character of the text; searched only near its
    anchor words it costs a tenth."""
    pos = 0
    for word in anchor.finditer(text):
        if word.end() <= pos:
            continue
        match = pattern.search(text, max(pos, word.start() - before), word.end() + after)
        if match:
            pos = match.end()
            yield match


def _opening_names(text: str) -> list[str]:
    found = []
    readers = (
        (_NAME_THEN_BASIS.finditer(text), parse_name),
        (_near(_NAME_BEFORE, _REPORT_WORD, text, _NAME_BEFORE_REACH), _anchored),
        (_near(_NAME_AFTER_YEAR, _REPORT_WORD, text, _NAME_AFTER_YEAR_REACH), parse_name),
        (_COMPILED_BY.finditer(text), _leading),
    )
    for matches, read in readers:
        for match in matches:
            name = None if _in_book_title(text, match.start("run")) else read(match["run"])
            if name and read is _leading:
                name = _compiled_for(name, match.group(0))
            if name:
                found.append(name.written)
    return found


# 本报告由温州市洞头区人民政府办公室综合…各街道(乡镇)和区各有关部门的…情况编制: the government's own report,
# put together by its office from everyone's; the office is not the agency reported on.
_GOVERNMENT_OFFICE = re.compile(r"(?:人民)?政府办公(?:室|厅)$")
_FROM_OTHERS = re.compile(r"综合[^。]{0,60}各")


def _compiled_for(name: Name, sentence: str) -> Name | None:
    """The agency a report compiled by ``name`` is about: its government when a government office compiles
    the work of the government's parts, else ``name`` itself."""
    if not _GOVERNMENT_OFFICE.search(name.written) or not _FROM_OTHERS.search(sentence):
        return name
    return parse_name(name.written[: -len("办公室")]) or name


def _chrome_names(lines: list[str]) -> list[str]:
    found = []
    for index, line in enumerate(lines):
        values = [match["value"] for match in _CHROME.finditer(line)]
        if _CHROME_LINE.match(line):  # "• 发布机构" / "桥头乡": the value on the next line
            values += [next((later.strip() for later in lines[index + 1 :] if later.strip()), "")]
        found += [value for value in values if parse_name(value)]
    return found


def _signature_names(lines: list[str]) -> list[str]:
    """An agency line right above a date line among the last lines: 威海市文登区人民政府办公室 / 2023 年 1 月 16 日."""
    tail = [line.strip() for line in lines[-40:] if line.strip()][-10:]
    return [
        name for name, below in pairwise(tail) if _SIGNATURE_DATE.match(below.replace(" ", "")) and parse_name(name)
    ]


def _contact_names(text: str) -> list[str]:
    found = []
    for match in _CONTACT.finditer(text):
        run = match["run"]
        cut = max((run.rfind(organ) + len(organ) for organ in ("人民政府", "办事处") if organ in run), default=-1)
        if 0 < cut < len(run):
            run = run[:cut]
        elif _INTERNAL_UNIT.search(run) and parse_name(_INTERNAL_UNIT.sub("", run)):
            run = _INTERNAL_UNIT.sub("", run)
        if parse_name(run):
            found.append(run)
    return found


def _subject_names(text: str) -> list[str]:
    return [name.written for match in _SUBJECT.finditer(text) if (name := parse_name(match["run"]))]


def _file_name(path: str | None) -> tuple[str | None, int | None]:
    if not path:
        return None, None
    return title_name_and_year([to_simplified(Path(path).stem)])


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return len(short) < len(long) and all(char in letters for char in short)


def _core(name: str) -> str:
    for organ in _ORGANS:
        if name.endswith(organ) and len(name) > len(organ):
            return name[: -len(organ)] + ("街道" if organ == "街道办事处" and not name.endswith("街道办事处") else "")
    return name


def _fullest(name: str, others: list[str], text: str) -> str:
    """The fullest form of the same name: 司法部 → 中华人民共和国司法部, 自治区北部湾办 → the name it abbreviates."""
    for match in _near(_FULL_NAME, _ALIAS_WORD, text, *_FULL_NAME_REACH):
        if match["short"] == name:
            full = _anchored(match["full"])
            if full:
                return full.written
    longer = [other for other in others if _core(other).endswith(_core(name)) and len(_core(other)) > len(_core(name))]
    return max(longer, key=len) if longer else name


def _agency_source(lines: list[str], text: str, path: str | None) -> tuple[Source | None, int | None]:
    """``lines`` stripped, ``text`` their join."""
    top = lines[: _top_end(lines)]
    title, year = title_name_and_year(top)
    # Only lines with the report's own words can name it (a cheap filter before the name patterns).
    opening = _opening_names("\n".join(line for line in lines[:_OPENING_LINES] if "公开" in line or "报告" in line))
    signature = _signature_names(lines)
    body = "\n".join(lines[:_SUBJECT_LINES])
    ranked = [
        *[name.written for name in [title and (parse_name(title) or _anchored(title))] if name],
        *opening,
        *signature,
        *_chrome_names(top),
        *_contact_names(text),
        *_subject_names(body),
    ]
    if not ranked:
        name, file_year = _file_name(path)
        if name and parse_name(name):
            return Source(name, MetaOrigin.FILE_NAME), year or file_year
        return None, year
    best = ranked[0]
    # A title that drops characters of the signature's name (威海市文登人民政府办公室) is a typo of it.
    best = next((name for name in signature if _is_subsequence(best, name)), best)
    return Source(_fullest(best, ranked, body), MetaOrigin.TEXT), year


def _top_end(lines: list[str]) -> int:
    heading = next((n for n, line in enumerate(lines[:200]) if re.match(r"^\s*[一1][、.]\s*总体情况", line)), None)
    return max(_TITLE_WINDOW, heading or 0)


# ---- divisions in the text -----------------------------------------------------------------------------


def mentions(text: str) -> Counter[str]:
    """Division names (county tier and above) written in the text, longest at each place, with counts."""
    places = gazetteer()
    found: Counter[str] = Counter()
    text = text[:_MENTION_CHARS]
    for match in _DIVISION_ENDING.finditer(text):
        end = match.end()
        for size in range(min(_LONGEST_NAME, end), 1, -1):
            word = text[end - size : end]
            if places.is_upper(word):
                found[word] += 1
                break
    return found


def locate(place: str, above: tuple[str, ...], named: Counter[str]) -> Division | None:
    """The one division ``place`` can be: inside the divisions written before it, else inside one the text
    names. A township needs one of them (its name alone repeats, and the gazetteer lacks renamed ones)."""
    places = gazetteer()
    candidates = [d for d in places.divisions(place, short=True) if all(_inside_written(d, a) for a in above)]
    if len(candidates) == 1 and (above or candidates[0].tier <= Tier.COUNTY):
        return candidates[0]
    confirmed = [d for d in candidates if set(d.above()) & set(named)]
    return confirmed[0] if len(confirmed) == 1 else None


def _as_written(name: str, text: str) -> tuple[str, MetaOrigin]:
    """A division the gazetteer supplied, as the text writes it if it does (天津 for 天津市)."""
    if name in text:
        return name, MetaOrigin.TEXT
    shorts = [d for d in gazetteer().divisions(name)]
    for division in shorts:
        for form in _short_names(division):
            if form in text:
                return form, MetaOrigin.TEXT
    return name, MetaOrigin.GAZETTEER


def _short_names(division: Division) -> list[str]:
    places = gazetteer()
    return [
        form
        for size in range(len(division.name) - 1, 1, -1)
        if places.is_name(form := division.name[:size], short=True) and division in places.divisions(form, short=True)
    ]


def _website_division(text: str) -> str | None:
    """The division whose government site a report names (我局在中江县人民政府网站公开…)."""
    for match in _WEBSITE.finditer(text):
        run = match["run"]
        for start in range(len(run) - 1):
            chain, position = _chain(run[start:])
            if chain and start + position == len(run):
                return chain[-1]
    return None


def _self_word(text: str) -> str | None:
    """The word the report calls itself by most often (我局, 我镇), if any."""
    counts = Counter({term.word: text[:_SELF_WINDOW].count(term.word) for term in SELF_WORDS})
    word, count = counts.most_common(1)[0]
    return word if count else None


def _self_level(text: str) -> Level | None:
    word = _self_word(text)
    return _SELF_LEVEL.get(word, Level.DEPARTMENT) if word else None


# Self-words only a department uses (a government's office may write 我办 or 本单位 of itself).
_BUREAU_SELF_WORDS = frozenset({"我局", "我委", "我厅"})


# ---- levels and fields ---------------------------------------------------------------------------------


def level_of(place: str, organ: str = "") -> Level | None:
    if not organ and place.endswith(_DEPARTMENTS):
        return Level.DEPARTMENT
    if place.endswith("街道"):
        return Level.SUBDISTRICT
    if place.endswith(("苏木", "乡")):
        return Level.TOWNSHIP
    if place.endswith("镇"):
        return Level.TOWN
    if place.endswith(("省", "自治区")):
        return Level.PROVINCE
    if place.endswith(("县", "旗")):
        return Level.COUNTY
    if place.endswith("区"):
        return Level.DISTRICT
    if place.endswith(("市", "州", "盟", "地区")):
        return Level.CITY
    return None


_TOWNSHIP_LEVELS = (Level.TOWNSHIP, Level.TOWN, Level.SUBDISTRICT)
_COUNTY_LEVELS = (Level.COUNTY, Level.DISTRICT)


def _sub_place(name: Name) -> str | None:
    """A department's branch for a division inside its own (深圳市市场监督管理局龙华监管局 → 龙华)."""
    if not name.chain:
        return None
    for start in range(1, len(name.rest) - 1):
        word = _division_at(name.rest, start, list(name.chain))
        branch = word and name.rest[start + len(word) :].endswith(_DEPARTMENTS) and not _division_at(name.rest, 0, [])
        if branch and any(_inside_written(d, name.chain[-1]) for d in gazetteer().divisions(word, short=True)):
            return word
    return None


class _Fields(NamedTuple):
    agency: str | None
    place: str | None
    level: Level | None
    chain: tuple[str, ...]


def _fields(name: Name) -> _Fields:
    if name.department:
        place = _sub_place(name) or (name.chain[-1] if name.chain else None)
        chain = (*name.chain, place) if place and place not in name.chain else name.chain
        return _Fields(name.written, place, Level.DEPARTMENT, chain)
    place = name.chain[-1]
    level = level_of(place)
    organ = name.rest or ("办事处" if level == Level.SUBDISTRICT else "人民政府")
    return _Fields(place + organ, place, level, name.chain)


def _tier_of(level: Level | None, department: bool, place_tier: Tier | None) -> Tier | None:
    if place_tier is not None:
        return place_tier
    if level in _TOWNSHIP_LEVELS:
        return Tier.TOWNSHIP
    if level in _COUNTY_LEVELS:
        return Tier.COUNTY
    return None


def _county_from_mentions(named: Counter[str], text: str) -> str | None:
    """The county-tier division a township's report names most in a government's context."""
    counts: Counter[str] = Counter()
    for word in named:
        if any(d.tier == Tier.COUNTY for d in gazetteer().divisions(word)):
            counts[word] = len(re.findall(re.escape(word) + r"(?:人民政府|政府|委|政务|信息公开)", text))
    best = [word for word, count in counts.items() if count and count == max(counts.values())]
    return best[0] if len(best) == 1 else None


def _legacy_county(text: str, place: str | None) -> str | None:
    """A county the gazetteer does not know, named most before 人民政府/政府/委 (兴城市 in a synthetic report)."""
    endings: Counter[str] = Counter()
    for match in re.finditer(rf"[{_HAN}]{{2,4}}?(?:自治县|县)(?=人民政府|政府|委|信息公开|政务公开)", text):
        mention = match.group(0)
        base = mention[: -len("自治县")] if mention.endswith("自治县") else mention[:-1]
        suffix = mention[len(base) :]
        for size in range(2, len(base) + 1):
            head = base[-size:]
            plain = not set(head) & _FUNCTION_CHARS and not head.endswith(_NOT_A_COUNTY)
            if plain and head + suffix != place:
                endings[head + suffix] += 1
    if not endings:
        return None
    top = max(endings.values())
    return max((name for name, count in endings.items() if count == top), key=len)


def _iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def statistics_period(text: str) -> tuple[str | None, str | None]:
    match = _PERIOD.search(text)
    if not match or not _FIRST_YEAR <= int(match["ay"]) <= _LAST_YEAR:
        return None, None
    return _iso(match["ay"], match["am"], match["ad"]), _iso(match["by"], match["bm"], match["bd"])


def publish_date(text: str) -> str | None:
    match = _PUBLISH.search(text)
    return _iso(match["y"], match["m"], match["d"]) if match else None


def publish_date_line(lines: list[str]) -> tuple[int, str, str] | None:
    """(1-based line, the date as written there, ISO date) of the first line stating the publication date."""
    for number, line in enumerate(lines, start=1):
        match = _PUBLISH.search(line)
        if match:
            return number, match.group(0), _iso(match["y"], match["m"], match["d"])
    return None


_OPENING_YEAR = re.compile(
    rf"{_YEAR}\s*年(?:\s*度)?\s*(?:本级)?(?:政府信息公开|信息公开|政务公开)(?:工作)?(?:年度)?报告"
)


def report_year(lines: list[str], title_year: int | None, period_start: str | None) -> int | None:
    """The year reported on: the title's, the opening sentence's, the statistics period's, else the year
    the overview's first sentence opens with. A typo (202020年, 20231月) gives none."""
    if title_year and _FIRST_YEAR <= title_year <= _LAST_YEAR:
        return title_year
    opening = _OPENING_YEAR.search("\n".join(lines[:_OPENING_LINES]))
    if opening:
        return int(opening["year"])
    if period_start:
        return int(period_start[:4])
    body = "\n".join(line.strip() for line in lines[:_SUBJECT_LINES])
    first = _YEAR_OPENING.search(body)
    year = first and int(first["year"] or first["year2"])
    return year if year and _FIRST_YEAR <= year <= _LAST_YEAR else None


# ---- the reader ---------------------------------------------------------------------------------------


class _Place(NamedTuple):
    county: str | None
    city: str | None
    province: str | None
    origins: dict[str, MetaOrigin]


def _places_above(fields: _Fields, name: Name | None, text: str, named: Counter[str]) -> _Place:
    """County, city and province of the place: as written in the name, else from the one division the
    place can be (``locate``), as the text writes it."""
    origins: dict[str, MetaOrigin] = {}
    found: dict[str, str | None] = {"county": None, "city": None, "province": None}
    chain = fields.chain
    division = locate(chain[-1], chain[:-1], named) if chain else None
    tiers = {Tier.PROVINCE: "province", Tier.CITY: "city", Tier.COUNTY: "county"}
    for written in chain[:-1]:
        options = gazetteer().divisions(written, short=True)
        tier = options[0].tier if options else (Tier.COUNTY if level_of(written) in _COUNTY_LEVELS else None)
        if tier in tiers:
            found[tiers[tier]] = written
            origins[tiers[tier]] = MetaOrigin.TEXT
    if division:
        for tier, field in tiers.items():
            value = (division.province, division.city, division.county)[tier]
            if value and tier < division.tier and found[field] is None:
                found[field], origins[field] = _as_written(value, text)
    own = division.tier if division else None
    if fields.level == Level.DEPARTMENT and chain and (own == Tier.COUNTY or level_of(chain[-1]) in _COUNTY_LEVELS):
        found["county"], origins["county"] = chain[-1], MetaOrigin.TEXT  # a county's department: that county
    if fields.level in _TOWNSHIP_LEVELS and found["county"] is None:
        county = _county_from_mentions(named, text) if division is None else None
        county = county or (None if division else _legacy_county(text, fields.place))
        if county:
            found["county"], origins["county"] = county, MetaOrigin.TEXT
    if found["county"] and found["city"] is None:
        above = locate(found["county"], (), named)
        if above and above.city:
            found["city"], origins["city"] = _as_written(above.city, text)
    return _Place(found["county"], found["city"], found["province"], origins)


def _unnamed(text: str) -> tuple[_Fields, Name | None]:
    """No name in the text: the kind of agency from how it calls itself, the place from the site it names."""
    level = _self_level(text)
    site = _website_division(text)
    if site and level == Level.DEPARTMENT:
        return _Fields(None, site, level, (site,)), None
    if site and level in _COUNTY_LEVELS and level_of(site) == level:
        return _Fields(site + "人民政府", site, level, (site,)), None
    if site and level in _TOWNSHIP_LEVELS and level_of(site) in _COUNTY_LEVELS:
        return _Fields(None, None, level, ()), None
    return _Fields(None, None, level, ()), None


def _readable(line: str) -> str:
    """``line`` stripped; a long line without one Han character (10 MB of digits) names nothing the reader
    looks for, and is empty here so that a dozen patterns do not each scan it."""
    line = line.strip()
    return "" if len(line) > _PLAIN_LINE_CHARS and not _ANY_HAN.search(line) else line


def read_metadata(
    lines: list[str],
    table_format: TableFormat | None,
    script: Script,
    path: str | None = None,
    chrome: Collection[int] = (),
) -> Metadata:
    """``chrome``: 1-based numbers of the page's chrome lines. A footer names the site's owner
    (版权所有:渭南市人民政府办公室), not what the report says of itself, so divisions are not read there."""
    stripped = [_readable(line) for line in lines]
    text = "\n".join(stripped)
    body = "\n".join(line for n, line in enumerate(stripped, start=1) if n not in chrome) if chrome else text
    source, title_year = _agency_source(stripped, text, path)
    name = parse_name(source.name) if source else None
    fields, _ = (_fields(name), name) if name else _unnamed(text)
    if name and not name.department and _self_word(text) in _BUREAU_SELF_WORDS:
        # 我局深入落实…海口市政务公开…: a bureau of that place, which no government calls itself
        fields = _Fields(None, fields.place, Level.DEPARTMENT, fields.chain)
    if name and name.department and fields.place is None:
        site = _website_division(text)
        fields = fields._replace(place=site, chain=(site,)) if site else fields
    named = mentions(body)
    above = _places_above(fields, name, body, named)
    start, end = statistics_period(text)
    year = report_year(stripped, title_year, start)
    origin = source.origin if source else MetaOrigin.TEXT
    origins = {key: origin for key in ("agency", "place", "level") if getattr(fields, key) is not None}
    origins |= above.origins
    if year is not None:
        file_year = _file_name(path)[1]
        from_file = source is not None and source.origin == MetaOrigin.FILE_NAME and year == file_year
        origins["year"] = MetaOrigin.FILE_NAME if from_file else MetaOrigin.TEXT
    return Metadata(
        agency=fields.agency,
        place=fields.place,
        level=fields.level,
        county=above.county,
        city=above.city,
        province=above.province,
        year=year,
        period_start=start,
        period_end=end,
        publish_date=publish_date(text),
        format=table_format,
        script=script,
        origins=origins,
    )
