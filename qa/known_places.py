"""The places the corpus knows (``Gazetteer``): each report's place, county and agency, the forms questions
name them by (平安镇政府, 康荣, 卫健委), and their report years."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.gazetteer import Tier
from index.gazetteer import gazetteer as national_gazetteer
from index.models import Level
from index.store import ReportRow
from qa.lexicon import lexicon
from qa.models import PlaceRef
from qa.words import (
    AGENCY_FORMS,
    COMMON_WORD_STEMS,
    COUNTY_SUFFIXES,
    MIN_STEM,
    PLACE_SUFFIXES,
    SUBDISTRICT_FORMS,
    Match,
    longest_pairs_first,
    mark_taken,
    scan,
    stem_of,
    within_one_edit,
)

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
        if self.department:
            return self.agency or f"{self.place}{UNNAMED_DEPARTMENT}"
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
        # every county a report names, also one whose report names no place of its own (我镇, in 昭化区)
        self.counties = tuple(sorted({r.county for r in reports if r.county}))
        self._by_name: dict[str, tuple[Place, ...]] = {}
        for place in self.places:
            self._by_name[place.place] = (*self._by_name.get(place.place, ()), place)
        self.lexicon = longest_pairs_first(self._aliases().items())
        self._by_start: dict[str, list[tuple[str, Named]]] = {}
        for alias, named in self.lexicon:
            self._by_start.setdefault(alias[:MIN_STEM], []).append((alias, named))

    def _aliases(self) -> dict[str, Named]:
        """Full names, agency forms, counties; stems (康荣, 彰武) only where they name one thing."""
        aliases: dict[str, Named] = {}
        for name, places in self._by_name.items():
            if all(p.department and p.agency != name for p in places):
                continue  # 白云区 of 广州市白云区档案局 names the district, not its bureau: found by its agency
            # 洞头区政府 names the district's government, not also the departments whose place is 洞头区
            governments = tuple(p for p in places if not p.department) or places
            bare = {name, *national_gazetteer().written_forms(name)}
            for alias in _place_forms(places):
                aliases[alias] = Named(name=name, places=places if alias in bare else governments)
        departments: dict[str, list[Place]] = {}
        ending: dict[str, list[Place]] = {}  # every tail of a department's name (自然资源局 of 县自然资源局)
        for place in self.places:
            if place.department:
                for alias in agency_forms(place):
                    departments.setdefault(alias, []).append(place)
                for start in range(1, len(place.agency or "") - MIN_STEM + 1):
                    ending.setdefault((place.agency or "")[start:], []).append(place)
        for alias, places in departments.items():
            # 自然资源局 is also the end of 县自然资源局, whose division is unknown: both are candidates
            places += [p for p in ending.get(alias, ()) if p not in places]
            if alias not in aliases:  # a place's own name stands for all of its reports
                aliases[alias] = Named(name=alias, places=tuple(places))
        for county in self.counties:
            named = aliases.get(county)
            governments = tuple(p for p in named.places if not p.department) if named else ()
            aliases[county] = Named(name=county, places=governments, county=county)
            for written in national_gazetteer().written_forms(county):
                aliases.setdefault(written, aliases[county])
            full = national_gazetteer().full_names(county)  # the report writes 河口县, a user 河口瑶族自治县
            if len(full) == 1:
                aliases.setdefault(full[0], aliases[county])
        stems: dict[str, set[str]] = {}
        for name in self._by_name:
            stem = stem_of(name, PLACE_SUFFIXES)
            if stem:
                stems.setdefault(stem, set()).add(name)
        for county in self.counties:
            stem = stem_of(county, COUNTY_SUFFIXES)
            if stem:
                stems.setdefault(stem, set()).add(county)
        for stem, targets in stems.items():
            target = next(iter(targets))
            usable = stem not in aliases and stem not in COMMON_WORD_STEMS and not _another_division(stem, target)
            if len(targets) == 1 and usable and target in aliases:
                aliases[stem] = aliases[target]
        return aliases

    def scan(self, text: str, taken: list[bool]) -> list[Match[Named]]:
        """Known names in the text; a stem followed by another place suffix (平安 of 平安乡, when the corpus
        has 平安镇) names a different place and is left for the unknown-place reader."""
        kept = [m for m in scan(text, self.lexicon, list(taken)) if not _stem_of_another_place(text, m)]
        for match in kept:
            mark_taken(taken, match.start, match.end)
        return kept

    def misspelt(self, text: str, taken: list[bool]) -> list[tuple[Match[Named], str]]:
        """葫芦岛市卫建委, 故城县教育句, 蠡县审汁局: a department's name written with one character wrong after
        its first two (never its level: 平安乡 is not 平安镇), where only one name fits; with the name meant."""
        found = []
        for start in range(len(text) - 1):
            fits = {}
            for alias, named in self._by_start.get(text[start : start + MIN_STEM], ()):
                written, after = text[start : start + len(alias)], text[start + len(alias) : start + len(alias) + 1]
                if len(alias) < MIN_MISSPELT or len(written) != len(alias) or any(taken[start : start + len(alias)]):
                    continue
                if after in _ORGAN_CHARS:
                    continue  # the name goes on (会同县林页处): another organ than this one
                wrong = [i for i, (a, b) in enumerate(zip(written, alias, strict=True)) if a != b]
                if len(wrong) == 1 and _a_typo(written[wrong[0]], alias[wrong[0]], wrong[0]):
                    fits.setdefault(named.places, (Match(start, start + len(alias), written, named), alias))
            if len(fits) == 1:
                match, alias = next(iter(fits.values()))
                mark_taken(taken, match.start, match.end)
                found.append((match, alias))
        return found

    def place_of(self, ref: PlaceRef) -> Place | None:
        """The place a reference was made from (an intent's places, kept by a follow-up)."""
        return next((p for p in self._by_name.get(ref.place, ()) if p.ref() == ref), None)

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


_ORGAN_CHARS = frozenset("局委办厅部处室所站")  # 卫生健康委 and 卫生健康局 are two names, not a typo


def _a_typo(written: str, meant: str, at: int) -> bool:
    """One character written for another past a name's first two, that changes neither its level (平安乡 is
    not 平安镇) nor its kind of organ (委 for 局)."""
    return at >= MIN_STEM and meant not in PLACE_SUFFIX_CHARS and not {written, meant} <= _ORGAN_CHARS


def place_name(row: ReportRow) -> str | None:
    """The name a report's place goes by: its place, else (a department whose division it never names:
    区投资促进局) its agency."""
    return row.place or row.agency


def agency_name(row: ReportRow) -> str | None:
    """How answers name a report's agency: as printed, or for a department that never names itself (我局)
    its division and 某部门 (中江县某部门), never the division alone as if it were the government."""
    if row.agency or row.level != Level.DEPARTMENT.value or not row.place:
        return row.agency
    return row.place + UNNAMED_DEPARTMENT


def _identity(row: ReportRow) -> tuple[str, str | None, str | None] | None:
    """Which place a report is of: its place and county, and for a department also its agency."""
    name = place_name(row)
    if not name:
        return None
    department = row.agency if row.level == Level.DEPARTMENT.value else None
    return name, row.county, department


def _places(reports: Sequence[ReportRow]) -> tuple[Place, ...]:
    groups: dict[tuple[str, str | None, str | None], list[ReportRow]] = {}
    for row in reports:
        key = _identity(row)
        if key:
            groups.setdefault(key, []).append(row)
    places = []
    for (name, county, department), rows in groups.items():
        is_department = any(r.level == Level.DEPARTMENT.value for r in rows)
        agencies = Counter(r.agency for r in rows if r.agency)
        levels = Counter(r.level for r in rows if r.level)
        places.append(
            Place(
                place=name,
                county=county,
                agency=department or (agencies.most_common(1)[0][0] if agencies else None),
                level=levels.most_common(1)[0][0] if levels else None,
                years=tuple(sorted({r.year for r in rows if r.year})),
                department=is_department,
                above=tuple(dict.fromkeys(x for r in rows for x in (r.city, r.province) if x)),
            )
        )
    return tuple(sorted(places, key=lambda p: (p.place, p.county or "", p.agency or "")))


def _place_forms(places: tuple[Place, ...]) -> set[str]:
    """The names of a place's government: 平安镇, 平安镇人民政府, 平安镇政府 (a department has its own)."""
    name = places[0].place
    names = {name, *national_gazetteer().written_forms(name)}  # 白沙县 for 白沙黎族自治县
    forms = set(names)
    governments = [p for p in places if not p.department]
    if governments:
        forms |= {written + form for written in names for form in AGENCY_FORMS}
        if name.endswith("街道"):
            forms |= {name + form for form in SUBDISTRICT_FORMS}
        forms |= {p.agency for p in governments if p.agency}
    return forms


MAX_DIVISION_NAME = 12  # characters of the longest division name (克孜勒苏柯尔克孜自治州)
MIN_MISSPELT = 5  # characters of the shortest name corrected for one wrong character (蠡县审计局)
PLACE_SUFFIX_CHARS = frozenset("".join(PLACE_SUFFIXES))
UNNAMED_DEPARTMENT = "某部门"  # a department whose report never names it (我局), after its division: 中江县某部门
NATION = "中华人民共和国"  # a ministry is asked about without it: 司法部
_BARE_LEVELS = frozenset("市县区镇乡")  # a level alone before a department's name: a division left unnamed
_DIVISION_ENDINGS = ("市", "县", "区", "州")  # said without, before a department: 京山(市)卫健局, 临夏(州)公安


def agency_forms(place: Place) -> set[str]:
    """How questions name a department: in full, without the divisions before it (信访局), after its
    county or place alone (文登区信访局), and by the usual short names (卫健委, 发改局)."""
    if not place.agency:
        return set()
    core = place.agency
    prefixes = [p for p in (NATION, *place.above, place.county, place.place) if p]
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if core.startswith(prefix) and len(core) > len(prefix) + 1:
                core, changed = core[len(prefix) :], True
    shorts = lexicon().agency_shorts()
    if core[:1] in _BARE_LEVELS and len(core) > MIN_STEM + 1 and not place.county and place.place in (None, core):
        core = core[1:]  # 区科技工业商务信息化局 of a district it never names: asked about without its 区
    cores = {core, *_branch_forms(core, place), *(core.replace(full, short) for full, short in shorts if full in core)}
    # 卫生健康委 and 卫生健康委员会 are one name (both 卫健委): each stands for the other.
    cores |= {c.replace(full, other) for c in list(cores) for full, short in shorts if full in c
              for other, same in shorts if same == short and other != full}  # fmt: skip
    # A report that names itself by the short form (上海市科委) is asked about in full too (科学技术委员会).
    cores |= {core.replace(short, full) for full, short in shorts if core.endswith(short) and full not in core}
    cores |= {c.replace("人民政府", "政府") for c in cores}  # 文登区政府办公室
    forms = {place.agency, *cores}
    for prefix in {p for p in (place.county, place.place) if p}:
        forms |= {prefix + c for c in cores}
        forms |= {prefix + c[:-1] for c in cores if c.endswith("局") and len(c) > MIN_STEM}  # 临夏州公安
        if len(prefix) > MIN_STEM and prefix.endswith(_DIVISION_ENDINGS):  # 京山卫健局, 洞头农业农村局
            forms |= {prefix[:-1] + c for c in cores}
            forms |= {prefix[:-1] + c[:-1] for c in cores if c.endswith("局") and len(c) > MIN_STEM}  # 临夏公安
    return {form for form in forms if len(form) >= MIN_STEM}


def _branch_forms(core: str, place: Place) -> set[str]:
    """A branch named inside its parent (杭州市公安局滨江区分局, 深圳市市场监督管理局龙华监管局) is asked about from
    its division on: 滨江区分局, 龙华监管局; with the parent's stem, full or short, before or after the
    division: 滨江区公安分局, 滨江公安局, 龙华市场监管局, 市场监管龙华局."""
    forms = set()
    for division in {d for d in (place.county, place.place) if d}:
        at = core.find(division)
        if at > 0:
            branch, parent = core[at:], _without_division(core[:at]).removesuffix("局")
            own = branch[len(division) :]
            names = {division, division[:-1]} if division.endswith(_DIVISION_ENDINGS) else {division}
            names |= _full_division_names(division, place.above)  # the report writes 龙华, a user 龙华区
            stems = {parent, *(s.removesuffix("局") for f, s in lexicon().agency_shorts() if f == parent + "局")}
            forms |= {branch} | {name + own for name in names}
            forms |= {name + stem + end for name in names for stem in stems for end in {own, "局"}}
            forms |= {stem + name + end for name in names for stem in stems for end in {own, "局"}}
    return forms


def _full_division_names(short: str, above: tuple[str, ...]) -> set[str]:
    """The full name of the one county-tier division ``short`` is the short name of, under the city or
    province the report names (龙华 in 深圳市: 龙华区); none when the report names no division above."""
    fits = {
        d.name
        for d in national_gazetteer().divisions(short, short=True)
        if d.tier == Tier.COUNTY and d.name != short and set(above) & {d.city, d.province}
    }
    return fits if len(fits) == 1 else set()


def _another_division(word: str, target: str) -> bool:
    """北京 (of 北京街道) names a province or city of its own, in full or short, or a county in full: no
    stem for a place of the corpus (港口 of 港口乡 may stay: only the short name of a county); 海口 of 海口市
    names that city itself."""
    places = national_gazetteer()
    divisions = places.divisions(word, short=True)
    if divisions and all(d.name == target for d in divisions):
        return False
    return places.is_upper(word) or any(d.tier <= Tier.CITY for d in divisions)


def _without_division(name: str) -> str:
    """杭州市公安局 → 公安局: a name without the division (by the national gazetteer) it starts with."""
    for end in range(min(len(name) - 1, MAX_DIVISION_NAME), 1, -1):
        if national_gazetteer().is_upper(name[:end]):
            return name[end:]
    return name


def by_recency(places: Iterable[Place]) -> list[Place]:
    """Newest report first, then by county: the order candidates are offered in."""
    return sorted(places, key=lambda p: (-(p.newest or 0), p.county or "", p.place))


def unique_refs(places: Iterable[Place]) -> list[PlaceRef]:
    seen: dict[tuple[str, str | None], PlaceRef] = {}
    for place in places:
        seen.setdefault((place.place, place.county), place.ref())
    return list(seen.values())


def _stem_of_another_place(text: str, match: Match[Named]) -> bool:
    following = text[match.end : match.end + 2]
    return (
        match.word != match.value.name
        and not match.word.endswith(PLACE_SUFFIXES)
        and following.startswith(PLACE_SUFFIXES)
    )
