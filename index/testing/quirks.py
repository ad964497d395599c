"""Text-level quirks of real reports, for the variants in ``index.testing.spec``: titles and chrome that
state the agency elsewhere, signatures, page headers and footers, spam words, mojibake, a converter's pinyin.

Each function draws only on the ``rng`` it is given, and render calls them only for a spec that asks, so a
spec without variants renders exactly as before.
"""

from __future__ import annotations

import random
import re
from functools import cache

import opencc

from index.models import Level
from index.testing import places
from index.testing.spec import AgencyKind, MetaStyle, PageMark, ReportSpec, TitleStyle

REPORT_WORDS = "政府信息公开工作年度报告"
_SOURCE_FIELDS = ("来源：{}", "来源:{}", "发布机构：{}", "信息来源：{}", "发布机构 {}")
_CLAUSE_END = re.compile(r"(?<=[，；。])")


def has_text_quirks(spec: ReportSpec) -> bool:
    """Whether render must call this module at all (keeps a plain spec's text and draws as they were)."""
    return (
        spec.meta_style != MetaStyle.TITLE
        or spec.agency_kind != AgencyKind.PLACE
        or spec.spam
        or spec.page_marks != PageMark.NONE
    )


# ---- who and when ----------------------------------------------------------------------------------


def _named(spec: ReportSpec) -> str:
    """The name a title puts before the year: the place for a government (as the seeds), else the agency."""
    if spec.agency_kind == AgencyKind.PLACE:
        return f"{spec.county or ''}{spec.place}"
    return spec.full_agency


def title_lines(spec: ReportSpec, rng: random.Random) -> list[str]:
    year_word = rng.choice(("年", "年度"))
    if spec.meta_style == MetaStyle.UNSTATED:
        return [REPORT_WORDS]
    if spec.meta_style in (MetaStyle.SOURCE_LINE, MetaStyle.SIGNATURE):
        return [f"{spec.year}{year_word}{REPORT_WORDS}"]
    if spec.meta_style == MetaStyle.YEAR_FIRST:
        if rng.random() < 0.5:
            return [f"{spec.year}年度", f"{_named(spec)}{REPORT_WORDS}"]
        return [f"{spec.year}年度{_named(spec)}{REPORT_WORDS}"]
    title = f"{_named(spec)}{spec.year}{year_word}{REPORT_WORDS}"
    if spec.title_style == TitleStyle.SPLIT:
        cut = title.index("信息公开")
        return [title[:cut], "", title[cut:]]
    return [title]


def chrome_top(spec: ReportSpec, rng: random.Random) -> list[str]:
    """Lines above the title: spam words of a mirror site, the 来源 line that alone names the agency."""
    lines = []
    if spec.spam:
        lines.append(f"{rng.choice(places.SPAM_WORDS)}  图片  打印  {rng.choice(places.SPAM_WORDS)}")
    if spec.meta_style == MetaStyle.SOURCE_LINE:
        field = rng.choice(_SOURCE_FIELDS).format(spec.full_agency)
        lines.append(f"发布时间：{spec.year + 1}-01-{rng.randint(10, 28)}  {field}  字体：大 中 小")
    return lines


def signature(spec: ReportSpec, rng: random.Random) -> list[str]:
    if spec.meta_style != MetaStyle.SIGNATURE:
        return []
    return ["", spec.full_agency, f"{spec.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"]


def self_word(spec: ReportSpec) -> str:
    return places.self_name(spec.level, spec.agency)


def unnamed(paragraph: str, spec: ReportSpec) -> str:
    """A paragraph that no longer names the agency (nor, for ``UNSTATED``, its place and the year)."""
    self = self_word(spec)
    for name in sorted({spec.full_agency, spec.agency, f"{spec.county or ''}{spec.place}", spec.place}, key=len)[::-1]:
        paragraph = paragraph.replace(name, self)
    if spec.meta_style != MetaStyle.UNSTATED:
        return paragraph
    for name, generic in ((spec.county, "县"), (spec.city, "市")):
        if name:
            paragraph = paragraph.replace(name, generic)
    paragraph = paragraph.replace(f"{spec.year + 1}年", "下一年").replace(f"{spec.year}年", "本年")
    return paragraph.replace(str(spec.year), "本年")


def level_of_kind(kind: AgencyKind, place_level: Level) -> Level:
    if kind in (AgencyKind.COUNTY_DEPARTMENT, AgencyKind.CITY_DEPARTMENT, AgencyKind.PROVINCIAL_OFFICE):
        return Level.DEPARTMENT
    return place_level


# ---- mirror copies -------------------------------------------------------------------------------


def spammed(paragraph: str, rng: random.Random) -> str:
    """A mirror's injection: 政府信息公开 replaced by a gambling keyword (v30), some of the time."""
    if "政府信息公开" not in paragraph or rng.random() < 0.4:
        return paragraph
    return paragraph.replace("政府信息公开", rng.choice(places.SPAM_WORDS), 1)


def garbled(text: str) -> str:
    """UTF-8 bytes read as GBK, as a mis-saved page shows them; ASCII digits survive (never a GBK trail byte)."""
    return text.encode("utf-8").decode("gbk", errors="replace").replace("\ufffd", "?")


def with_mojibake(paragraph: str, rng: random.Random) -> str:
    """One clause after the first of ``paragraph`` garbled; a one-clause paragraph stays as it is."""
    clauses = [clause for clause in _CLAUSE_END.split(paragraph) if clause]
    if len(clauses) < 2:
        return paragraph
    index = rng.randrange(1, len(clauses))
    clauses[index] = garbled(clauses[index])
    return "".join(clauses)


# ---- a converter's pinyin --------------------------------------------------------------------------


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def converter_traditional(text: str) -> str:
    """Traditional characters with pinyin after every character the converter annotates, in labels and names
    alike (規(guī)章, 鎮(zhèn)), as a GB-to-Big5 converter leaves them (v40, v63)."""
    annotated = places.PINYIN | places.CONVERTER_PINYIN
    return "".join(f"{ch}({annotated[ch]})" if ch in annotated else ch for ch in _s2t().convert(text))


# ---- pages -------------------------------------------------------------------------------------------


def page_title(spec: ReportSpec) -> str:
    if spec.meta_style == MetaStyle.UNSTATED:
        return REPORT_WORDS
    return f"{spec.year}年报_{spec.full_agency}"


def mark_lines(mark: PageMark, page: int, title: str) -> list[str]:
    return {
        PageMark.NONE: [],
        PageMark.P_DOT: [f"P. {page}"],
        PageMark.PAGE_TITLE: [f"Page {page} - {title}", f"P. {page}"],
        PageMark.EM_DASH: [f"— {page} —"],
        PageMark.HYPHEN: [f"- {page} -"],
    }[mark]


def paginate(lines: list[str], spec: ReportSpec, inside: tuple[int, ...], rng: random.Random) -> list[str]:
    """``lines`` with a page mark every 25–40 lines and after each line index in ``inside`` (a table carried
    over to the next page); a flipbook page title opens the first page too."""
    title = page_title(spec)
    page = rng.randint(1, 8)
    breaks = set(inside)
    position = rng.randint(25, 40)
    while position < len(lines) - 1:
        breaks.add(position)
        position += rng.randint(25, 40)
    out = mark_lines(spec.page_marks, page, title) if spec.page_marks == PageMark.PAGE_TITLE else []
    header = spec.page_marks == PageMark.PAGE_TITLE  # else a footer: it names the page it ends
    for index, line in enumerate(lines):
        out.append(line)
        if index in breaks and index < len(lines) - 1:
            out.extend(mark_lines(spec.page_marks, page + header, title))
            page += 1
    return out
