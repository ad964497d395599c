"""Which places a reading means: a county qualifying a place (彰武县平安镇), divisions above it checked
against the national gazetteer (河南信阳平桥区), names several places share."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.gazetteer import gazetteer as national_gazetteer
from index.store import ReportRow
from qa.known_places import Gazetteer, Named, Place, by_recency, place_name, unique_refs
from qa.models import PlaceRef
from qa.reading import Reading, read, upper_divisions
from qa.words import COUNTY_SUFFIXES, THAT_ONE, Match, T, clean, that_one_levels

# ---- places: counties, ambiguity, unknown names ------------------------------------------------------


@dataclass
class Resolution:
    groups: list[tuple[Place, ...]] = field(default_factory=list)  # one per place named; >1 = ambiguous
    also_county: list[str | None] = field(default_factory=list)  # 平桥区 is a place and a county
    missing: list[tuple[str, list[str]]] = field(default_factory=list)  # (name as asked, suggestions)
    scope: str | None = None  # a county named without a place in it
    named_by_that_one: list[str] = field(default_factory=list)  # 海口市那个局: divisions that named a place


def _adjacent(text: str, before: Match[T], after: Match[Named]) -> bool:
    """彰武县平安镇, 彰武县的平安镇: a county immediately qualifying a place."""
    return before.end <= after.start and text[before.end : after.start] in ("", "的")


def places_meant(reading: Reading, gazetteer: Gazetteer | None = None) -> Resolution:
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
                result.missing.append((county.value + mention.value.name, [p.display for p in by_recency(places)]))
                continue
            places = inside
        elif unknown_county is not None:
            used.add(unknown_county.start)
            result.missing.append((unknown_county.word + mention.value.name, [p.display for p in by_recency(places)]))
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
        that_one = THAT_ONE.match(text, county.end)
        if county.start not in used and gazetteer and that_one and (result.groups or reading.places):
            # 信丰县卫健委、中江县那个局: the county's one report of that level is one of the places named
            levels = that_one_levels(that_one)
            group = tuple(p for p in gazetteer.in_county(county.value) if p.level in levels)
            if group:
                result.groups.append(group)
                result.also_county.append(None)
            else:
                result.missing.append((county.value + that_one.group(0), []))
            used.add(county.start)
        if county.start not in used and result.scope is None:
            result.scope = county.value
    if gazetteer and result.groups:
        used |= _that_ones_of_divisions(reading, gazetteer, result)
    for unknown in reading.unknown:
        if unknown.start not in used:
            result.missing.append((unknown.word, []))
    return result


def _that_ones_of_divisions(reading: Reading, gazetteer: Gazetteer, result: Resolution) -> set[int]:
    """洞头区农业农村局、海口市那个局: a division no report has as its county (a city) with 那个局 after it
    names its reports of that level, among the places listed; the starts of the divisions so read."""
    text, used = reading.text, set()
    spots = [(text.find(word), word) for word in reading.qualifiers]
    spots += [(u.start, u.word) for u in reading.unknown if upper_divisions(u.word)]
    for at, word in spots:
        that_one = THAT_ONE.match(text, at + len(word)) if at >= 0 else None
        group = (
            ()
            if that_one is None
            else tuple(p for p in gazetteer.places if p.level in that_one_levels(that_one) and _inside(p, word))
        )
        if group:
            result.groups.append(group)
            result.also_county.append(None)
            result.named_by_that_one.append(word)
            used.add(at)
    return used


def within_qualifiers(resolution: Resolution, qualifiers: list[str]) -> Resolution:
    """Only the places inside every division the question names above them (河南信阳平桥区); a place that is
    not inside one is not the place meant, and the question names a place the corpus lacks."""
    qualifiers = [q for q in qualifiers if q not in resolution.named_by_that_one]
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
    names = {d.name for d in upper_divisions(word)} | {word}
    known = {n for n in (place.county, *place.above) if n}
    if names & known or any(k.startswith(word) for k in known):
        return True
    divisions = [d for name in {place.place, *known} for d in national_gazetteer().divisions(name, short=True)]
    if place.above:  # 龙华 of 深圳市 is not the 龙华区 of 海口市
        divisions = [d for d in divisions if set(d.above()) & set(place.above) or d.name in place.above]
    return any(d.inside(full) or d.name == full for d in divisions for full in names)


def resolve(text: str, gazetteer: Gazetteer) -> list[PlaceRef]:
    """Every known place a text names (all candidates of an ambiguous name), county-qualified where it says."""
    reading = read(clean(text), gazetteer)
    return unique_refs(p for group in places_meant(reading, gazetteer).groups for p in by_recency(group))


def report_inside(row: ReportRow, word: str) -> bool:
    """The report lies inside the division ``word`` names (海南, 北京市): by its own province, city or county,
    else (a report naming only its township: 朝外街道) when every division of that name lies inside it."""
    names = {d.name for d in upper_divisions(word)} | {word}
    known = [n for n in (row.province, row.city, row.county) if n]
    if row.place == word or any(n in names or n.startswith(word) for n in known):
        return True
    written = known or [n for n in (place_name(row),) if n]
    divisions = [d for name in written for d in national_gazetteer().divisions(name, short=True)]
    return bool(divisions) and all(any(d.inside(full) or d.name == full for full in names) for d in divisions)
