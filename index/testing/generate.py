"""Synthetic 政府信息公开工作年度报告 with known truth, for round-trip tests and benchmarks.

    rng = random.Random(7)
    spec = random_spec(rng, layout=Layout.PIPE, script=Script.TRADITIONAL, balanced=False)
    text = render(spec)            # the report as a file would hold it
    spec.cells()                   # {(table, row key, column key): value} a parse must give back
    spec.expected_findings         # the 勾稽 findings a checker must report (empty when balanced)
    write_corpus("var/synthetic", n=200, seed=1)   # files for bench/

Layouts and options are modelled on the five seed reports; see ``index.testing.spec`` for each choice.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path
from typing import NamedTuple, TypeVar

import opencc

from index.catalog import SECTION_TITLES, T3_RESULTS_TOTAL, T3_TOTAL_COLUMN
from index.models import Level, Script, TableFormat, TableId
from index.testing import places, quirks
from index.testing.layouts import Style, table_lines
from index.testing.spec import (
    AgencyKind,
    Form,
    HeadingStyle,
    LabelMode,
    LabelStyle,
    Layout,
    MetaStyle,
    PageMark,
    ReportSpec,
    TitleStyle,
)
from index.testing.values import ExpectedFinding, perturb, random_tables, t3_edge_rows, unbalance

__all__ = [
    "ExpectedFinding",
    "HeadingStyle",
    "LabelMode",
    "LabelStyle",
    "Layout",
    "ReportSpec",
    "TitleStyle",
    "random_spec",
    "random_tables",
    "render",
    "unbalance",
    "write_corpus",
]

T = TypeVar("T")
_CHINESE_NUMERALS = "一二三四五六"
_TABLE_OF_SECTION = {2: TableId.T2, 3: TableId.T3, 4: TableId.T4}
_YEARS_OF_FORMAT = {TableFormat.V2019: (2019, 2020), TableFormat.V2021: (2021, 2025)}


# ---- specs -------------------------------------------------------------------------------------


class _Where(NamedTuple):
    place: str
    level: Level
    county: str | None
    city: str
    province: str


def _random_place(rng: random.Random) -> _Where:
    county = rng.choice(places.COUNTIES)
    roll = rng.random()
    if roll < 0.15:  # the county-level government's own report
        return _Where(county.name, county.level, None, county.city, county.province)
    place = rng.choice(county.places)
    # Some towns never name their county (seed 000): then nothing in the text may name it.
    county_name = None if roll < 0.25 else county.name
    return _Where(place, places.level_of(place), county_name, county.city, county.province)


_SYLLABLES_A = (
    "安宝北昌城大东丰福高古广和河红华黄吉建江金京康兰乐临龙隆民明南宁平埔青庆仁"
    "三山上石双顺太天通万文西祥新兴阳永玉长正中"
)
_SYLLABLES_B = "安坝坊丰冈沟关河湖家涧口里林岭楼门桥泉沙山水寺台滩亭屯湾溪峡庄寨镇洲子堡川店集"
_NATIONAL_SUFFIXES = ("镇", "乡", "镇", "街道")
_PLACES_PER_COUNTY = 12


def national_place(index: int) -> _Where:
    """The ``index``-th of a synthetic national list of townships: distinct names, twelve per county; every
    fiftieth repeats a name from the county before, as real names repeat across counties."""
    source = index - _PLACES_PER_COUNTY if index % 50 == 49 else index
    a, b = _SYLLABLES_A[source % len(_SYLLABLES_A)], _SYLLABLES_B[(source // len(_SYLLABLES_A)) % len(_SYLLABLES_B)]
    place = f"{a}{b}{_NATIONAL_SUFFIXES[source % len(_NATIONAL_SUFFIXES)]}"
    county_number = index // _PLACES_PER_COUNTY
    first = _SYLLABLES_B[county_number % len(_SYLLABLES_B)]
    second = _SYLLABLES_A[(county_number // len(_SYLLABLES_B)) % len(_SYLLABLES_A)]
    county = f"{first}{second}县"
    return _Where(place, places.level_of(place), county, "某市", "某")


def _year_and_format(rng: random.Random, year: int | None, table_format: TableFormat | None) -> tuple[int, TableFormat]:
    if year is None:
        low, high = (2019, 2025) if table_format is None else _YEARS_OF_FORMAT[table_format]
        year = rng.randint(low, high)
    if table_format is None:
        table_format = TableFormat.V2019 if year <= 2020 else TableFormat.V2021
    return year, table_format


def _pick(rng: random.Random, value: T | None, choices: tuple[T, ...]) -> T:
    """``value`` if given, else a random choice; the draw happens either way, so that overriding one option
    leaves every other choice of the same seed as it was (the same report in another layout)."""
    drawn = rng.choice(choices)
    return drawn if value is None else value


def _label_modes(layout: Layout) -> tuple[LabelMode, ...]:
    if layout == Layout.PIPE:  # seed 004 leaves merged parents out
        return (LabelMode.COMPACT, LabelMode.COMPACT, LabelMode.EMPTY, LabelMode.REPEAT)
    return (LabelMode.EMPTY, LabelMode.EMPTY, LabelMode.REPEAT, LabelMode.COMPACT)


def random_spec(
    rng: random.Random,
    *,
    spec_id: str | None = None,
    layout: Layout | None = None,
    table_format: TableFormat | None = None,
    year: int | None = None,
    script: Script | None = None,
    balanced: bool = True,
    include_t2: bool | None = None,
    website_footer: bool | None = None,
    numbers_with_spaces: bool | None = None,
    wrapped_cells: bool | None = None,
    label_mode: LabelMode | None = None,
    label_style: LabelStyle | None = None,
    title_style: TitleStyle | None = None,
    heading_style: HeadingStyle | None = None,
    encoding: str | None = None,
    where: _Where | None = None,
) -> ReportSpec:
    """A random report; every argument left None is drawn from ``rng``.

    The year decides the format (≤ 2020: 2019 trial format, ≥ 2021: 2021 format) unless both are given.
    ``wrapped_cells`` only applies to the cell_per_line layout and is False for the others.
    """
    where = where or _random_place(rng)
    year, table_format = _year_and_format(rng, year, table_format)
    layout = _pick(rng, layout, tuple(Layout))
    tables = random_tables(rng, table_format)
    expected: list[ExpectedFinding] = []
    if not balanced:
        tables, expected = perturb(tables, rng)
    if not _pick(rng, include_t2, (True, True, True, True, False)):
        del tables[TableId.T2]
    website_footer = _pick(rng, website_footer, (True, False))
    publish_date = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    spec = ReportSpec(
        id="",
        place=where.place,
        level=where.level,
        county=where.county,
        city=where.city,
        province=where.province,
        agency=places.agency_of(where.place, where.level),
        year=year,
        table_format=table_format,
        script=_pick(rng, script, (Script.SIMPLIFIED, Script.SIMPLIFIED, Script.TRADITIONAL)),
        layout=layout,
        label_mode=_pick(rng, label_mode, _label_modes(layout)),
        label_style=_pick(rng, label_style, tuple(LabelStyle)),
        title_style=_pick(rng, title_style, tuple(TitleStyle)),
        heading_style=_pick(rng, heading_style, tuple(HeadingStyle)),
        website_footer=website_footer,
        numbers_with_spaces=_pick(rng, numbers_with_spaces, (True, False)),
        wrapped_cells=_pick(rng, wrapped_cells, (True, False)) and layout == Layout.CELL_PER_LINE,
        encoding=_pick(rng, encoding, ("gb18030",) + ("utf-8",) * 4),  # GB18030 one file in five
        publish_date=publish_date if website_footer else None,
        values=tables,
        expected_findings=tuple(expected),
        narrative={},
        render_seed=rng.getrandbits(32),
    )
    narrative_paragraphs = narrative(spec, rng)
    return spec.model_copy(update={"id": spec_id or f"syn_{spec.render_seed:08x}", "narrative": narrative_paragraphs})


# ---- narrative ---------------------------------------------------------------------------------


def _context(spec: ReportSpec, rng: random.Random) -> dict[str, object]:
    """Values for the narrative templates: the table numbers a report restates, and a few of its own."""
    county_level = spec.level in (Level.COUNTY, Level.DISTRICT, Level.CITY)
    superior = f"{spec.city}人民政府" if county_level else f"{spec.county}人民政府" if spec.county else "上级政府"
    context: dict[str, object] = {
        "self": places.self_name(spec.level, spec.agency),
        "place": spec.place,
        "county": spec.county or "",
        "agency": spec.agency,
        "superior": superior,
        "year": spec.year,
        "next_year": spec.year + 1,
        "circular": places.CIRCULARS[spec.table_format.value],
    }
    context |= {f"n{i}": rng.randint(2, 400) for i in range(1, 7)}
    t3 = spec.values[TableId.T3]
    received, carried_in, carried_out = t3_edge_rows(spec.table_format)
    for name, row in (("received", received), ("carried_in", carried_in), ("carried_out", carried_out)):
        context[name] = t3[(row, T3_TOTAL_COLUMN)]
    context["handled"] = t3[(T3_RESULTS_TOTAL, T3_TOTAL_COLUMN)]
    context["disclosed"] = t3[(f"{T3_RESULTS_TOTAL.split('/')[0]}/（一）予以公开", T3_TOTAL_COLUMN)]
    t4 = spec.values[TableId.T4]
    context["review"] = t4[("行政复议、行政诉讼", "行政复议/总计")]
    context["litigation"] = sum(
        v for (_, column), v in t4.items() if column.startswith("行政诉讼") and "总计" in column
    )
    return context


def _overview(rng: random.Random) -> list[str]:
    if rng.random() < 0.4:  # sub-headed like seeds 000 and 004: （一）主动公开政府信息情况 …
        chosen = sorted(rng.sample(range(len(places.OVERVIEW_SUBHEADINGS)), rng.randint(2, 5)))
        return [line for index in chosen for line in places.OVERVIEW_SUBHEADINGS[index]]
    chosen = sorted(rng.sample(range(len(places.OVERVIEW)), rng.randint(2, 4)))
    return [places.OVERVIEW[index] for index in chosen]


def _section_templates(spec: ReportSpec, number: int, context: dict[str, object], rng: random.Random) -> list[str]:
    if number == 0:
        return [places.OPENING_NAMED if spec.title_style == TitleStyle.NONE else rng.choice(places.OPENING)]
    if number == 1:
        return _overview(rng)
    if number == 2:
        return [rng.choice(places.PROACTIVE if TableId.T2 in spec.values else places.PROACTIVE_NO_TABLE)]
    if number == 3:
        idle = context["received"] == 0 and context["carried_in"] == 0
        return [rng.choice(places.REQUESTS_NONE if idle else places.REQUESTS)]
    if number == 4:
        idle = context["review"] == 0 and context["litigation"] == 0
        return [rng.choice(places.APPEALS_NONE if idle else places.APPEALS)]
    if number == 5:
        both = places.PROBLEMS[0] + places.PROBLEMS[1]
        return list(both if rng.random() < 0.6 else places.PROBLEMS[2])
    return list(rng.choice(places.OTHER))


def narrative(spec: ReportSpec, rng: random.Random) -> dict[int, tuple[str, ...]]:
    """Paragraphs for the opening (0) and sections 1–6, restating some of the tables' numbers."""
    context = _context(spec, rng)
    return {
        number: tuple(template.format(**context) for template in _section_templates(spec, number, context, rng))
        for number in range(7)
    }


# ---- rendering ---------------------------------------------------------------------------------


def _title_lines(spec: ReportSpec, rng: random.Random) -> list[str]:
    if spec.meta_style != MetaStyle.TITLE or spec.agency_kind != AgencyKind.PLACE:
        return quirks.title_lines(spec, rng)
    county = spec.county or ""
    year_word = rng.choice(("年", "年", "年度"))
    return {
        TitleStyle.PLAIN: [f"{county}{spec.place}{spec.year}{year_word}政府信息公开工作年度报告"],
        TitleStyle.SPACED_YEAR: [f"{county}{spec.place} {spec.year} 年政府信息公开工作年度报告"],
        TitleStyle.AGENCY: [f"{county}{spec.agency}{spec.year}年政府信息公开工作年度报告"],
        TitleStyle.SPLIT: [f"{county}{spec.place}{spec.year}年政府信息", "", "公开工作年度报告"],
        TitleStyle.NONE: [],
    }[spec.title_style]


def _heading(spec: ReportSpec, number: int, rng: random.Random) -> str:
    arabic = spec.heading_style == HeadingStyle.ARABIC or (
        spec.heading_style == HeadingStyle.MIXED and rng.random() < 0.5
    )
    numeral = str(number) if arabic else _CHINESE_NUMERALS[number - 1]
    return f"{numeral}、{' ' if rng.random() < 0.25 else ''}{SECTION_TITLES[number - 1][0]}"


def _block(lines: list[str], gap: bool) -> list[str]:
    """Paragraph lines, with a blank line after each when the report spaces its paragraphs."""
    return [part for line in lines for part in ((line, "") if gap else (line,))]


def _section(spec: ReportSpec, number: int, style: Style, gap: bool) -> list[str]:
    lines = _block([_heading(spec, number, style.rng), *spec.narrative[number]], gap)
    table = _TABLE_OF_SECTION.get(number)
    if table in spec.values:
        lines += table_lines(table, spec, style)
        lines += [""] * style.rng.choice((0, 1, 2))
    return lines


def _host(spec: ReportSpec) -> str:
    """Who runs the website: the county when the report names one, else the government itself."""
    if spec.level in (Level.COUNTY, Level.DISTRICT, Level.CITY):
        return f"{spec.place}人民政府办公室"
    return f"{spec.county}人民政府办公室" if spec.county else spec.agency


def _source_line(spec: ReportSpec, rng: random.Random) -> str:
    editor = rng.choice(places.EDITORS)
    views = rng.randint(30, 999)
    source = f"{spec.county or ''}{spec.agency}"
    return f"日期: {spec.publish_date} 浏览量:{views} 来源:{source} 责任编辑:{editor} 文字大小: 大 中 小"


def _footer_lines(spec: ReportSpec, rng: random.Random) -> list[str]:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(24))
    host = _host(spec)
    return [
        f"主办单位:{host} 版权所有:{spec.city}人民政府办公室",
        f"地址:{spec.county or spec.place}{rng.choice(places.STREETS)} 邮编:{digits[:6]} Email:[email protected]",
        f"{spec.province}公网安备 {digits[6:20]}号",
        f"{spec.province}ICP备{spec.year - 3}{digits[:6]}号 网站标识码:{digits[10:20]}",
        "建议使用1440*768分辨率 IE9.0及以上版本浏览器",
    ]


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str, rng: random.Random) -> str:
    """Mainland wording in traditional characters, with pinyin after some characters: 鎮(zhèn)."""
    converted = _s2t().convert(text)
    return "".join(
        f"{ch}({places.PINYIN[ch]})" if ch in places.PINYIN and rng.random() < 0.5 else ch for ch in converted
    )


def text_style(spec: ReportSpec, rng: random.Random, layout: Layout | None = None) -> Style:
    layout = spec.layout if layout is None else layout
    return Style(
        layout=layout,
        label_mode=spec.label_mode,
        label_style=spec.label_style,
        numbers_with_spaces=spec.numbers_with_spaces,
        wrapped=spec.wrapped_cells and layout == Layout.CELL_PER_LINE,
        rng=rng,
        header_year=spec.year if spec.year_in_headers else None,
    )


def render(spec: ReportSpec) -> str:
    """The full report text; the same spec always gives the same text."""
    if spec.form != Form.TEXT:
        from index.testing.forms import render_form  # forms builds on this module's pieces

        return render_form(spec)
    rng = random.Random(spec.render_seed)
    quirky = quirks.has_text_quirks(spec)
    quirk_rng = random.Random(f"quirks:{spec.render_seed}")  # drawn only for a spec with quirks
    style = text_style(spec, rng)
    gap = rng.random() < 0.5
    lines = [_source_line(spec, rng)] if spec.website_footer else []
    lines += quirks.chrome_top(spec, quirk_rng) if quirky else []
    lines += [""] * rng.choice((0, 0, 1, 2))
    lines += _block(_title_lines(spec, rng), gap)
    lines += _block(list(spec.narrative[0]), gap)
    inside: list[int] = []  # a line inside table 3, where a page ends in the paginated variant
    for number in range(1, 7):
        section = _section(spec, number, style, gap)
        if number == 3 and TableId.T3 in spec.values:
            inside.append(len(lines) + len(section) * 3 // 4)
        lines += section
    if quirky:
        lines += quirks.signature(spec, quirk_rng)
    if spec.website_footer:
        lines += _footer_lines(spec, rng)
    if spec.page_marks != PageMark.NONE:
        lines = quirks.paginate(lines, spec, tuple(inside), quirk_rng)
    text = "\n".join(lines) + "\n"
    return script_text(text, spec, rng)


def script_text(text: str, spec: ReportSpec, rng: random.Random) -> str:
    """``text`` in the spec's script: traditional with some pinyin, or a converter's pinyin everywhere."""
    if spec.script != Script.TRADITIONAL:
        return text
    return quirks.converter_traditional(text) if spec.pinyin_everywhere else to_traditional(text, rng)


# ---- corpus ------------------------------------------------------------------------------------


def write_corpus(
    directory: str | Path, n: int, seed: int, distinct: bool = False, variants: dict[str, object] | None = None
) -> list[ReportSpec]:
    """``n`` rendered reports as ``{spec.id}.txt`` in ``directory`` (UTF-8, some GB18030); their specs.

    ``distinct``: every report a different agency-year, from ``national_place``, seven years (2019–2025)
    per place, so a corpus of n reports is n reports after de-duplication (benchmarks at scale).
    ``variants``: options for ``index.testing.variants.with_variants`` applied to every report, e.g.
    ``{"meta_style": MetaStyle.UNSTATED}`` for reports that state neither agency nor year; a saved page is
    written as ``.html``.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    specs = []
    for index in range(n):
        place = {"where": national_place(index // 7), "year": 2019 + index % 7} if distinct else {}
        spec = random_spec(rng, spec_id=f"syn_{seed}_{index:04d}", balanced=rng.random() < 0.8, **place)
        suffix = ".txt"
        if variants is not None:
            from index.testing.forms import file_suffix
            from index.testing.variants import with_variants

            spec = with_variants(spec, **variants)
            suffix = file_suffix(spec)
        (directory / f"{spec.id}{suffix}").write_bytes(render(spec).encode(spec.encoding))
        specs.append(spec)
    return specs
