"""Store rows for understanding tests: a government's report of one place and year, as the parser reads it."""

from __future__ import annotations

from index.store import ReportRow


def government_row(place: str, year: int, county: str | None = None, level: str = "镇", fmt: str = "2021") -> ReportRow:
    agency = place + ("办事处" if place.endswith("街道") else "人民政府")
    return ReportRow(
        id=f"{county or ''}{place}{year}",
        source=f"{place}{year}.txt",
        agency=agency,
        place=place,
        level=level,
        county=county,
        year=year,
        format=fmt,
        tables=["t2", "t3", "t4"],
    )
