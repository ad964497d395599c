"""Variants of a synthetic report for the layouts and quirks real reports have and the seeds do not.

    spec = random_spec(random.Random(7), table_format=TableFormat.V2019)
    spec = with_variants(spec, form=Form.PDF_TEXT, t4_header=T4Header.VERTICAL, signed_changes=True)
    text = render(spec)                  # the same tables and narrative, published the other way
    spec.expected_cells()                # kind, value, and for 减3 / 47.10万元 / blank cells their raw text

A variant never changes a value, only how it is printed and what the text around it says, so every table
rule still holds: a "减3" is the value -3 as before, "47.10万元" keeps Decimal("47.10") (unit 万元), a blank
cell is a cell whose value was 0 (as reports leave zeros blank) and must come back BLANK, never 0.
Options left at their defaults change nothing; ``random_spec`` itself never draws them.
"""

from __future__ import annotations

import random
from decimal import Decimal

from index.catalog import T3_TOTAL_COLUMN
from index.models import Level, Script, TableId
from index.testing import places, quirks
from index.testing.generate import narrative
from index.testing.spec import AgencyKind, Form, MetaStyle, PageMark, PrintedCell, ReportSpec, T4Header, TitleStyle
from index.testing.values import Value

_SIGNED_COLUMN = "本年增/减"
_MONEY_COLUMNS = ("本年收费金额（万元）", "采购总金额")
_BLANK_SHARE = 0.5
_NOT_BLANKED = (T3_TOTAL_COLUMN,)  # a total is printed even where its parts are left blank (f04)


def with_variants(
    spec: ReportSpec,
    rng: random.Random | None = None,
    *,
    form: Form = Form.TEXT,
    t4_header: T4Header = T4Header.OFFICIAL,
    page_marks: PageMark = PageMark.NONE,
    broken_labels: bool = False,
    t3_detached: bool = False,
    year_in_headers: bool = False,
    signed_changes: bool = False,
    money_units: bool = False,
    blank_cells: bool = False,
    pinyin_everywhere: bool = False,
    spam: bool = False,
    mojibake: bool = False,
    agency_kind: AgencyKind = AgencyKind.PLACE,
    meta_style: MetaStyle = MetaStyle.TITLE,
) -> ReportSpec:
    """``spec`` published with the given variants; choices inside them (which cells, 减 or -) draw on ``rng``
    (default: seeded by the spec), so the same call always gives the same spec."""
    rng = rng or random.Random(f"variants:{spec.render_seed}")
    update: dict[str, object] = {
        "form": form,
        "t4_header": t4_header,
        "page_marks": page_marks,
        "broken_labels": broken_labels,
        "t3_detached": t3_detached,
        "year_in_headers": year_in_headers and meta_style != MetaStyle.UNSTATED,
        "pinyin_everywhere": pinyin_everywhere,
        "spam": spam,
        "mojibake": mojibake,
        "agency_kind": agency_kind,
        "meta_style": meta_style,
        "printed": printed_cells(spec, rng, signed=signed_changes, money=money_units, blank=blank_cells),
    }
    if pinyin_everywhere:
        update["script"] = Script.TRADITIONAL
    if meta_style == MetaStyle.UNSTATED:  # the site chrome would state the publication date and the agency
        update |= {"website_footer": False, "publish_date": None}
    if agency_kind != AgencyKind.PLACE:  # an untitled report opens with "{county}{place}根据…": a place's words
        update["title_style"] = TitleStyle.PLAIN
    changed = spec.model_copy(update=update | agency_update(spec, agency_kind, rng))
    return changed.model_copy(update={"narrative": variant_narrative(changed, spec, rng)})


# ---- how cells are printed ---------------------------------------------------------------------------


def signed_text(value: int, rng: random.Random) -> str | None:
    """减3 or -3 for a decrease, +21 for an increase (v50); None for 0, printed as it is."""
    if value < 0:
        return rng.choice(("减{}", "-{}")).format(-value)
    return f"+{value}" if value > 0 else None


def money_text(value: Value, rng: random.Random) -> PrintedCell | None:
    """251000元 or 47.10万元: the figure as stored, with a unit after it (v14, v61); 0 stays bare."""
    if value == 0:
        return None
    unit = rng.choice(("元", "万元"))
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return PrintedCell(text=text + unit, unit=unit)


def printed_cells(
    spec: ReportSpec, rng: random.Random, *, signed: bool, money: bool, blank: bool
) -> dict[tuple[TableId, str, str], PrintedCell]:
    printed: dict[tuple[TableId, str, str], PrintedCell] = {}
    for table, cells in spec.values.items():
        for (row, column), value in cells.items():
            key = (table, row, column)
            blankable = blank and table != TableId.T4 and value == 0 and column not in _NOT_BLANKED
            if blankable and rng.random() < _BLANK_SHARE:
                printed[key] = PrintedCell(text="")
                continue
            if signed and column == _SIGNED_COLUMN and isinstance(value, int):
                text = signed_text(value, rng)
                if text is not None:
                    printed[key] = PrintedCell(text=text)
            elif money and column in _MONEY_COLUMNS:
                cell = money_text(value, rng)
                if cell is not None:
                    printed[key] = cell
    return printed


# ---- who publishes ---------------------------------------------------------------------------------


def agency_update(spec: ReportSpec, kind: AgencyKind, rng: random.Random) -> dict[str, object]:
    """place, level, county and agency for ``kind``, in the spec's county (or its city, its province)."""
    county = next((c for c in places.COUNTIES if c.city == spec.city and c.province == spec.province), None)
    if kind == AgencyKind.PLACE or county is None:
        return {}
    if kind == AgencyKind.STREET_OFFICE:
        streets = [p for c in places.COUNTIES for p in c.places if p.endswith("街道")]
        street = rng.choice(streets)
        home = next(c for c in places.COUNTIES if street in c.places)
        return _where(street, Level.SUBDISTRICT, home.name, f"{street}办事处", home.city, home.province)
    if kind == AgencyKind.COUNTY_GOVERNMENT:
        return _where(county.name, county.level, None, f"{county.name}人民政府", county.city, county.province)
    if kind == AgencyKind.COUNTY_DEPARTMENT:
        agency = county.name + rng.choice(places.COUNTY_DEPARTMENTS)
        return _where(county.name, Level.DEPARTMENT, county.name, agency, county.city, county.province)
    if kind == AgencyKind.CITY_DEPARTMENT:
        agency = county.city + rng.choice(places.CITY_DEPARTMENTS)
        return _where(county.city, Level.DEPARTMENT, None, agency, county.city, county.province)
    province = places.PROVINCES[county.province]
    agency = province + rng.choice(places.PROVINCIAL_OFFICES)
    return _where(province, Level.DEPARTMENT, None, agency, county.city, county.province)


def _where(place: str, level: Level, county: str | None, agency: str, city: str, province: str) -> dict[str, object]:
    return {"place": place, "level": level, "county": county, "agency": agency, "city": city, "province": province}


# ---- what the prose says -----------------------------------------------------------------------------


def variant_narrative(spec: ReportSpec, before: ReportSpec, rng: random.Random) -> dict[int, tuple[str, ...]]:
    """The paragraphs for the new agency (written afresh when it changed), without names the variant hides,
    with spam words and mojibake in sections 1–6 (never in the opening, which states the period)."""
    paragraphs = before.narrative if spec.agency == before.agency else narrative(spec, rng)
    hidden = spec.meta_style in (MetaStyle.SOURCE_LINE, MetaStyle.SIGNATURE, MetaStyle.UNSTATED)
    out = {}
    for number, texts in paragraphs.items():
        texts = tuple(quirks.unnamed(text, spec) for text in texts) if hidden else texts
        if number and spec.spam:
            texts = tuple(quirks.spammed(text, rng) for text in texts)
        if number in _GARBLED_SECTIONS and spec.mojibake:
            texts = tuple(quirks.with_mojibake(text, rng) for text in texts)
        out[number] = texts
    return out


# Sections whose prose restates no table figure (the checks compare those with the tables).
_GARBLED_SECTIONS = (1, 5, 6)
