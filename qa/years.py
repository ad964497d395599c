"""Which years a reading means: explicit, relative to each place's newest report (去年), or all (哪一年)."""

from __future__ import annotations

from qa.known_places import Gazetteer, Place
from qa.models import AnswerKind
from qa.reading import Reading
from qa.words import Cue

# ---- years -------------------------------------------------------------------------------------------


def resolve_years(
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
