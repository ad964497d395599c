"""Who published a report, for which year and period: read from its title, opening lines and 来源 line."""

from __future__ import annotations

import re
from collections import Counter

from index.models import Level, Metadata, Script, TableFormat

_TITLE_WINDOW = 12  # lines at the top of a report in which the title and source stand
_TITLE_WORDS = r"(?=.*(?:信息公开|年度报告))"
_TITLES = (
    re.compile(r"^(?P<name>[\u4e00-\u9fff()·]*?)\s*(?P<year>(?:19|20)\d{2})\s*年" + _TITLE_WORDS),
    re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<name>[\u4e00-\u9fff()·]+?)(?:政府)?信息公开"),
)
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<name>[\u4e00-\u9fff]+)")
# A report without a title names itself in its opening sentence: "兰西县康荣镇根据《条例》…编制本报告".
_OPENING = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,24}?(?:人民政府|办事处|乡|镇|街道|区|县|市))(?:根据|依据|依照|按照)",
    re.MULTILINE,
)
_AGENCY_IN_TEXT = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,20}?(?:人民政府|街道办事处|办事处))")
_DATE = r"(?P<{p}y>(?:19|20)\d{{2}})\s*年\s*(?P<{p}m>\d{{1,2}})\s*月\s*(?P<{p}d>\d{{1,2}})\s*日"
# "\s*(?:起\s*)?", not "\s*(?:起)?\s*": two optional runs of spaces side by side split a long run of spaces
# in n² ways before failing (a date followed by 1 MB of spaces never finishes).
_PERIOD = re.compile(_DATE.format(p="a") + r"\s*(?:起\s*)?(?:至|到|—|-|~)\s*" + _DATE.format(p="b"))
_PUBLISH = re.compile(
    r"(?:发布日期|发布时间|日期)\s*[:：]\s*(?P<y>(?:19|20)\d{2})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"
)
_GOVERNMENT_SUFFIXES = ("人民政府", "办事处", "政府")  # 城关街道办事处: the place keeps its 街道
_DEPARTMENT_SUFFIXES = ("局", "委员会", "委", "办公室", "中心", "厅", "院", "署", "所", "站", "队", "馆")
_PARENT = re.compile(
    r"^(?P<parent>[\u4e00-\u9fff]{1,6}?(?:自治县|县|旗|市|区))(?P<rest>[\u4e00-\u9fff]+(?:乡|镇|街道))$"
)
_COUNTY_MENTION = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:自治县|县)(?=人民政府|政府|委|信息公开|政务公开)")
_GOVERNMENT_LEVELS = (Level.TOWNSHIP, Level.TOWN, Level.SUBDISTRICT, Level.DISTRICT, Level.COUNTY, Level.CITY)
_FUNCTION_CHARS = set("和与及在对由向从据按照根的是为于将把被并经可全本我该各")
_NOT_A_COUNTY = ("按照", "根据", "依照", "遵照", "参照")


def _iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def title_name_and_year(lines: list[str]) -> tuple[str | None, int | None]:
    """The name before the year in the title (平桥区人民政府, 兰西县康荣镇) and the year."""
    short = [line.strip() for line in lines[:_TITLE_WINDOW] if 0 < len(line.strip()) <= 60]
    for index, line in enumerate(short):
        # A title split over lines ("…2020年政府信息" / "公开工作年度报告") reads whole with the next line.
        candidate = line + (short[index + 1] if index + 1 < len(short) else "")
        for pattern in _TITLES:
            match = pattern.search(candidate)
            if match and match.end("year") <= len(line):
                return match.group("name") or None, int(match.group("year"))
    return None, None


def _top_text(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in lines[:_TITLE_WINDOW])


def split_name(name: str) -> tuple[str, str | None, Level | None]:
    """兰西县康荣镇人民政府 → (康荣镇人民政府, 兰西县, 镇); 平桥区人民政府 → (平桥区人民政府, None, 区)."""
    organ = next((s for s in _GOVERNMENT_SUFFIXES if name.endswith(s)), "")
    base = name[: len(name) - len(organ)] if organ else name
    parent = None
    match = _PARENT.match(base)
    if match:
        parent, base = match.group("parent"), match.group("rest")
    return base + organ, parent, level_of(base, organ)


def level_of(place: str, organ: str = "") -> Level | None:
    if not organ and place.endswith(_DEPARTMENT_SUFFIXES):
        return Level.DEPARTMENT
    if place.endswith("街道"):
        return Level.SUBDISTRICT
    for level in (Level.TOWNSHIP, Level.TOWN, Level.DISTRICT, Level.COUNTY, Level.CITY):
        if place.endswith(level.value):
            return level
    return None


def place_of(agency: str) -> str:
    for suffix in _GOVERNMENT_SUFFIXES:
        if agency.endswith(suffix):
            return agency[: -len(suffix)]
    return agency


def agency_name(lines: list[str]) -> tuple[str | None, int | None]:
    """Agency name as written (with any county prefix still on it) and the report year."""
    name, year = title_name_and_year(lines)
    top = _top_text(lines)
    source = _SOURCE.search(top)
    if source:
        return source.group("name"), year
    if name and not name.endswith(_GOVERNMENT_SUFFIXES):
        written = _AGENCY_IN_TEXT.search(top)
        if written and written.group("name").startswith(name):
            return written.group("name"), year
    if name is None:
        opening = _OPENING.search(top)
        name = opening.group("name") if opening else None
    return name, year


def county_from_text(text: str, place: str | None) -> str | None:
    """The county a township's report names most (铜鼓县政府信息公开办公室 → 铜鼓县).

    Each mention yields its 2–4 character endings in 县; the longest ending among the most frequent
    ones wins, so 和铜鼓县 and 在铜鼓县 both count for 铜鼓县.
    """
    endings: Counter[str] = Counter()
    for match in _COUNTY_MENTION.finditer(text):
        mention = match.group(0)
        name = mention[: -len("自治县")] if mention.endswith("自治县") else mention[:-1]
        suffix = mention[len(name) :]
        for size in range(2, len(name) + 1):
            head = name[-size:]
            if not (set(head) & _FUNCTION_CHARS) and not head.endswith(_NOT_A_COUNTY) and head + suffix != place:
                endings[head + suffix] += 1
    if not endings:
        return None
    top = max(endings.values())
    return max((name for name, count in endings.items() if count == top), key=len)


def statistics_period(text: str) -> tuple[str | None, str | None]:
    match = _PERIOD.search(text)
    if not match:
        return None, None
    return _iso(match["ay"], match["am"], match["ad"]), _iso(match["by"], match["bm"], match["bd"])


def publish_date(text: str) -> str | None:
    match = _PUBLISH.search(text)
    return _iso(match["y"], match["m"], match["d"]) if match else None


def read_metadata(lines: list[str], table_format: TableFormat | None, script: Script) -> Metadata:
    text = "\n".join(lines)
    written, year = agency_name(lines)
    agency = place = county = level = None
    if written:
        agency, county, level = split_name(written)
        place = place_of(agency)
        if agency == place and level in _GOVERNMENT_LEVELS:
            agency = place + ("办事处" if level == Level.SUBDISTRICT else "人民政府")
    if county is None and level in (Level.TOWNSHIP, Level.TOWN, Level.SUBDISTRICT):
        county = county_from_text(text, place)
    start, end = statistics_period(text)
    if year is None and start:
        year = int(start[:4])
    return Metadata(
        agency=agency,
        place=place,
        level=level,
        county=county,
        year=year,
        period_start=start,
        period_end=end,
        publish_date=publish_date(text),
        format=table_format,
        script=script,
    )
