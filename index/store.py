"""The structured store (SQLite): reports, cells with provenance, findings, warnings and passages.

Indexed for the lookups the answer engine makes: one cell of one report by place/year/row/column, and
one cell across every report for rankings. Writes happen inside one transaction per report.

Compact by design, since a national corpus holds hundreds of thousands of reports: row and column
labels are stored once (``labels``) and cells refer to them by number in a clustered table; a report's
JSON leaves out its cells and its passages' repeated metadata; of the normalised text only the lines
that differ from the original are kept.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from index.models import Cell, CellKind, Finding, Level, Metadata, Passage, Report, SourceText, Table, TableId

STORE_VERSION = "4"  # bump when SCHEMA changes: an index with another version must be rebuilt
SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    key INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    agency TEXT, place TEXT, level TEXT, county TEXT, city TEXT, province TEXT, year INTEGER, format TEXT,
    script TEXT,
    period_start TEXT, period_end TEXT, publish_date TEXT,
    tables TEXT NOT NULL,
    report_json TEXT NOT NULL,  -- the Report without its cells (they are in cells)
    original_text TEXT NOT NULL,
    normalised_diff TEXT NOT NULL,  -- {line: normalised text} for the lines normalisation changed
    pages TEXT  -- PDF: JSON list, the page of each line
);
CREATE INDEX IF NOT EXISTS reports_place_year ON reports(place, year);
CREATE INDEX IF NOT EXISTS reports_county ON reports(county);
CREATE INDEX IF NOT EXISTS reports_agency_year ON reports(agency, year);
CREATE TABLE IF NOT EXISTS labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS cells (
    report INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    table_id TEXT NOT NULL, row INTEGER NOT NULL, col INTEGER NOT NULL, ord INTEGER NOT NULL,
    value TEXT, value_num REAL, kind TEXT NOT NULL, raw TEXT NOT NULL, line INTEGER,
    unit TEXT, inferred_by TEXT,
    PRIMARY KEY (report, table_id, row, col)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cells_rank ON cells(row, col, value_num);
CREATE TABLE IF NOT EXISTS findings (
    report INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    rule TEXT NOT NULL, table_id TEXT NOT NULL, message TEXT NOT NULL, finding_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_report ON findings(report);
CREATE TABLE IF NOT EXISTS warnings (
    report INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    code TEXT NOT NULL, message TEXT NOT NULL, table_id TEXT, row TEXT, line INTEGER
);
CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: vectors are kept by passage id across adds
    report INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    section_number INTEGER NOT NULL, section_path TEXT NOT NULL, text TEXT NOT NULL,
    first_line INTEGER NOT NULL, last_line INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_report ON passages(report);
CREATE TABLE IF NOT EXISTS possible_duplicates (  -- kept both, for the user to confirm (or not)
    report INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    of INTEGER NOT NULL REFERENCES reports(key) ON DELETE CASCADE,
    PRIMARY KEY (report, of)
);
"""
_REPORT_COLUMNS = "id, source, agency, place, level, county, year, format, tables, city, province"
_PASSAGE_SELECT = (
    "SELECT p.id, r.id, r.agency, r.place, r.level, r.county, r.year, p.section_number, p.section_path, p.text, "
    "p.first_line, p.last_line FROM passages p JOIN reports r ON r.key = p.report"
)


class Identity(StrEnum):
    """How a new report relates to a stored one."""

    SAME = "same"  # equal agency, year and a known, equal administrative path: the new one replaces it
    POSSIBLY_SAME = "possibly same"  # equal agency and year, the path unknown on a side: both kept, flagged
    DIFFERENT = "different"


PATH_FIELDS = ("province", "city", "county")
# Which path field locates an agency of each level (any one of them, known on both sides): a town's name
# repeats across counties (太平镇), a district's across cities (鼓楼区), a city's across provinces; a
# department or an agency of unknown level needs at least one.
LOCATED_BY: dict[Level | None, tuple[str, ...]] = {
    Level.TOWNSHIP: ("county",),
    Level.TOWN: ("county",),
    Level.SUBDISTRICT: ("county",),
    Level.DISTRICT: ("city",),
    Level.COUNTY: ("city",),
    Level.CITY: ("province",),
    Level.PROVINCE: (),
    Level.DEPARTMENT: PATH_FIELDS,
    None: PATH_FIELDS,
}


class AdminPath(BaseModel):
    """Where an agency sits: its level and the divisions above it, as far as they are known."""

    level: Level | None
    province: str | None
    city: str | None
    county: str | None

    @classmethod
    def of(cls, meta: Metadata) -> AdminPath:
        return cls(level=meta.level, province=meta.province, city=meta.city, county=meta.county)

    def located(self) -> bool:
        needed = LOCATED_BY[self.level]
        return not needed or any(getattr(self, name) for name in needed)


def compare(a: AdminPath, b: AdminPath) -> Identity:
    """Two reports of the same agency name and year: the same report only when both paths are known and equal;
    different when a division known on both sides differs; else possibly the same (the user decides)."""
    pairs = [(getattr(a, name), getattr(b, name)) for name in PATH_FIELDS]
    if any(x and y and x != y for x, y in pairs):
        return Identity.DIFFERENT
    if not (a.located() and b.located()) or any(bool(x) != bool(y) for x, y in pairs):
        return Identity.POSSIBLY_SAME
    return Identity.SAME


class Filters(BaseModel):
    """Metadata constraints applied before any ranking."""

    report_ids: list[str] | None = None
    place: str | None = None
    agency: str | None = None
    county: str | None = None
    level: str | None = None
    year: int | None = None

    def is_empty(self) -> bool:
        return not any(value is not None for value in self.model_dump().values())


class ReportRow(BaseModel):
    id: str
    source: str
    agency: str | None
    place: str | None
    level: str | None
    county: str | None
    year: int | None
    format: str | None
    tables: list[str]
    city: str | None = None
    province: str | None = None


def _value_text(value: int | Decimal | None) -> str | None:
    return None if value is None else str(value)


def _value(text: str | None) -> int | Decimal | None:
    if text is None:
        return None
    return Decimal(text) if "." in text else int(text)


class Store:
    """``durable=False`` is for a build folder nobody serves yet: no fsync per transaction (the build
    syncs the file once, in ``close``, before the folder is swapped in). ``readonly`` is for a served
    index: opening it must not change a byte, or its checksums would no longer match."""

    def __init__(self, path: str | Path, *, durable: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.durable = durable or readonly
        if readonly:
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            if not durable:
                self.db.execute("PRAGMA synchronous = OFF")
                self.db.execute("PRAGMA journal_mode = MEMORY")
            self.db.executescript(SCHEMA)
        self._labels = dict(self.db.execute("SELECT text, id FROM labels"))
        self._label_texts = {number: text for text, number in self._labels.items()}

    def close(self) -> None:
        self.db.close()
        if not self.durable and self.path.exists():
            with self.path.open("rb") as handle:
                os.fsync(handle.fileno())

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    # ---- labels ----------------------------------------------------------------------------------

    def _label(self, db: sqlite3.Connection, text: str) -> int:
        number = self._labels.get(text)
        if number is None:
            number = int(db.execute("INSERT INTO labels (text) VALUES (?)", (text,)).lastrowid or 0)
            self._labels[text], self._label_texts[number] = number, text
        return number

    def _label_id(self, text: str) -> int | None:
        if text not in self._labels:
            found = self.db.execute("SELECT id FROM labels WHERE text = ?", (text,)).fetchone()
            if found is None:
                return None
            self._labels[text], self._label_texts[found[0]] = found[0], text
        return self._labels[text]

    def _label_text(self, number: int) -> str:
        if number not in self._label_texts:
            (text,) = self.db.execute("SELECT text FROM labels WHERE id = ?", (number,)).fetchone()
            self._labels[text], self._label_texts[number] = number, text
        return self._label_texts[number]

    def _key(self, report_id: str) -> int | None:
        found = self.db.execute("SELECT key FROM reports WHERE id = ?", (report_id,)).fetchone()
        return found[0] if found else None

    # ---- writing ---------------------------------------------------------------------------------

    def add_report(self, report: Report, source: SourceText, passages: list[Passage]) -> list[int]:
        """Store one report (replacing one with the same id) and return its passages' ids."""
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id = ?", (report.id,))
            meta = report.metadata
            pairs = enumerate(zip(source.normalised, source.original, strict=True), start=1)
            diff = {number: text for number, (text, original) in pairs if text != original}
            key = db.execute(
                "INSERT INTO reports (id, source, agency, place, level, county, city, province, year, format, script, "
                "period_start, period_end, publish_date, tables, report_json, original_text, normalised_diff, pages) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    report.id,
                    report.source,
                    meta.agency,
                    meta.place,
                    meta.level.value if meta.level else None,
                    meta.county,
                    meta.city,
                    meta.province,
                    meta.year,
                    meta.format.value if meta.format else None,
                    meta.script.value,
                    meta.period_start,
                    meta.period_end,
                    meta.publish_date,
                    json.dumps(sorted(t.value for t in report.tables)),
                    report.model_dump_json(exclude={"tables": {"__all__": {"cells"}}}),
                    "\n".join(source.original),
                    json.dumps(diff, ensure_ascii=False),
                    json.dumps(source.pages) if source.pages else None,
                ),
            ).lastrowid
            db.executemany(
                "INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        key,
                        c.table.value,
                        self._label(db, c.row),
                        self._label(db, c.column),
                        order,
                        _value_text(c.value),
                        _num(c),
                        c.kind.value,
                        c.raw,
                        c.line,
                        c.unit,
                        c.inferred_by,
                    )
                    for table in report.tables.values()
                    for order, c in enumerate(table.cells)
                ],
            )
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?)",
                [(key, f.rule, f.table.value, f.message, f.model_dump_json()) for f in report.findings],
            )
            db.executemany(
                "INSERT INTO warnings VALUES (?,?,?,?,?,?)",
                [(key, w.code, w.message, w.table.value if w.table else None, w.row, w.line) for w in report.warnings],
            )
            ids = []
            for p in passages:
                cursor = db.execute(
                    "INSERT INTO passages (report, section_number, section_path, text, first_line, last_line) "
                    "VALUES (?,?,?,?,?,?)",
                    (key, p.section_number, json.dumps(p.section_path, ensure_ascii=False), p.text, p.first_line,
                     p.last_line),
                )  # fmt: skip
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def remove_report(self, report_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    # ---- reading ---------------------------------------------------------------------------------

    def report_rows(self, filters: Filters | None = None) -> list[ReportRow]:
        where, params = _where(filters or Filters())
        rows = self.db.execute(f"SELECT {_REPORT_COLUMNS} FROM reports {where} ORDER BY place, year", params)
        return [_report_row(r) for r in rows.fetchall()]

    def report(self, report_id: str) -> Report | None:
        row = self.db.execute("SELECT key, report_json FROM reports WHERE id = ?", (report_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(row[1])
        cells: dict[str, list[Cell]] = {}
        for found in self.db.execute(
            "SELECT table_id, row, col, value, kind, raw, line, unit, inferred_by FROM cells WHERE report = ? "
            "ORDER BY table_id, ord",
            (row[0],),
        ):
            cells.setdefault(found[0], []).append(self._cell(found))
        data["tables"] = {
            table_id: Table(**{**table, "cells": cells.get(table_id, [])}) for table_id, table in data["tables"].items()
        }
        return Report.model_validate(data)

    def original_lines(self, report_id: str) -> list[str]:
        row = self.db.execute("SELECT original_text FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row[0].split("\n") if row else []

    def page_of(self, report_id: str, line: int) -> int | None:
        """The PDF page a line stands on; None for other formats."""
        row = self.db.execute("SELECT pages FROM reports WHERE id = ?", (report_id,)).fetchone()
        pages = json.loads(row[0]) if row and row[0] else None
        return pages[line - 1] if pages and 0 < line <= len(pages) else None

    def normalised_lines(self, report_id: str) -> list[str]:
        row = self.db.execute(
            "SELECT original_text, normalised_diff FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
        if row is None:
            return []
        lines = row[0].split("\n")
        for number, text in json.loads(row[1]).items():
            lines[int(number) - 1] = text
        return lines

    def source_of(self, report_id: str) -> str | None:
        found = self.db.execute("SELECT source FROM reports WHERE id = ?", (report_id,)).fetchone()
        return found[0] if found else None

    def has_report(self, report_id: str) -> bool:
        return self._key(report_id) is not None

    def related(self, meta: Metadata, report_id: str) -> dict[str, Identity]:
        """Stored reports that may be the same report as one with this metadata: id → SAME (an equal known
        identity: the new one replaces it) or POSSIBLY_SAME (same agency and year, the path unknown on one
        side or both: both are kept). A report whose agency or year is unknown is related to none."""
        if meta.agency is None or meta.year is None:
            return {}
        rows = self.db.execute(
            "SELECT id, level, province, city, county FROM reports WHERE agency = ? AND year = ? AND id != ?",
            (meta.agency, meta.year, report_id),
        ).fetchall()
        new = AdminPath.of(meta)
        found = {row[0]: compare(new, AdminPath(level=row[1], province=row[2], city=row[3], county=row[4]))
                 for row in rows}  # fmt: skip
        return {rid: relation for rid, relation in found.items() if relation != Identity.DIFFERENT}

    def flag_possible_duplicate(self, report_id: str, of: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO possible_duplicates VALUES (?, ?)", (self._key(report_id), self._key(of)))

    def possible_duplicates(self) -> list[tuple[str, str]]:
        """(newer report id, the stored report it may duplicate), in the order they were flagged."""
        rows = self.db.execute(
            "SELECT r.id, o.id FROM possible_duplicates d JOIN reports r ON r.key = d.report "
            "JOIN reports o ON o.key = d.of ORDER BY d.rowid"
        )
        return [(row[0], row[1]) for row in rows]

    def unknown_identity(self) -> list[ReportRow]:
        """Reports whose agency or year is unknown: each its own report until the user says otherwise."""
        rows = self.db.execute(
            f"SELECT {_REPORT_COLUMNS} FROM reports WHERE agency IS NULL OR year IS NULL ORDER BY key"
        )
        return [_report_row(r) for r in rows.fetchall()]

    def cell(self, report_id: str, table: TableId, row: str, column: str) -> Cell | None:
        row_id, column_id = self._label_id(row), self._label_id(column)
        if row_id is None or column_id is None:
            return None
        found = self.db.execute(
            "SELECT c.table_id, c.row, c.col, c.value, c.kind, c.raw, c.line, c.unit, c.inferred_by FROM cells c "
            "JOIN reports r ON r.key = c.report WHERE r.id = ? AND c.table_id = ? AND c.row = ? AND c.col = ?",
            (report_id, table.value, row_id, column_id),
        ).fetchone()
        return self._cell(found) if found else None

    def table_unread(self, report_id: str, table: TableId) -> bool:
        """The report has the table (its labels are in the file) but not one of its figures could be read."""
        found = self.db.execute(
            "SELECT COUNT(*), SUM(c.kind != ?) FROM cells c JOIN reports r ON r.key = c.report "
            "WHERE r.id = ? AND c.table_id = ?",
            (CellKind.MISSING.value, report_id, table.value),
        ).fetchone()
        return bool(found[0]) and not found[1]

    def numbers_across(self, table: TableId, row: str, column: str) -> dict[str, str]:
        """Report id → value of one cell position, for every report where it is a number (rankings:
        one indexed query, no objects per report)."""
        found = self.db.execute(
            "SELECT r.id, c.value FROM cells c JOIN reports r ON r.key = c.report "
            "WHERE c.row = ? AND c.col = ? AND c.table_id = ? AND c.kind = ? AND c.value IS NOT NULL",
            (self._label_id(row), self._label_id(column), table.value, CellKind.NUMBER.value),
        )
        return dict(found.fetchall())

    def findings(self, report_id: str) -> list[Finding]:
        rows = self.db.execute(
            "SELECT f.finding_json FROM findings f JOIN reports r ON r.key = f.report WHERE r.id = ?", (report_id,)
        )
        return [Finding.model_validate_json(r[0]) for r in rows]

    def passage_ids(self, filters: Filters | None = None) -> list[int]:
        if filters is None or filters.is_empty():
            return [r[0] for r in self.db.execute("SELECT id FROM passages ORDER BY id")]
        where, params = _where(filters, prefix="r.")
        query = f"SELECT p.id FROM passages p JOIN reports r ON r.key = p.report {where} ORDER BY p.id"
        return [r[0] for r in self.db.execute(query, params)]

    def passages(self, ids: Iterable[int]) -> dict[int, Passage]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"{_PASSAGE_SELECT} WHERE p.id IN ({marks})", ids).fetchall()
        return {r[0]: _passage(r) for r in rows}

    def all_passages(self) -> Iterator[tuple[int, Passage]]:
        for row in self.db.execute(f"{_PASSAGE_SELECT} ORDER BY p.id"):
            yield row[0], _passage(row)

    def counts(self) -> dict[str, int]:
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("reports", "cells", "findings", "warnings", "passages")
        }

    def _cell(self, row: tuple) -> Cell:
        table, row_id, column_id, value, kind, raw, line, unit, inferred_by = row
        return Cell(
            table=TableId(table),
            row=self._label_text(row_id),
            column=self._label_text(column_id),
            value=_value(value),
            kind=CellKind(kind),
            raw=raw,
            line=line,
            unit=unit,
            inferred_by=inferred_by,
        )


def _num(cell: Cell) -> float | None:
    return float(cell.value) if cell.kind == CellKind.NUMBER and cell.value is not None else None


def _report_row(row: tuple) -> ReportRow:
    return ReportRow(
        id=row[0],
        source=row[1],
        agency=row[2],
        place=row[3],
        level=row[4],
        county=row[5],
        year=row[6],
        format=row[7],
        tables=json.loads(row[8]),
        city=row[9],
        province=row[10],
    )


def _passage(row: tuple) -> Passage:
    _, report_id, agency, place, level, county, year, section, path, text, first, last = row
    return Passage(
        report_id=report_id,
        agency=agency,
        place=place,
        level=level,
        county=county,
        year=year,
        section_number=section,
        section_path=json.loads(path),
        text=text,
        first_line=first,
        last_line=last,
    )


def _where(filters: Filters, prefix: str = "") -> tuple[str, list]:
    clauses, params = [], []
    for field in ("place", "agency", "county", "level", "year"):
        value = getattr(filters, field)
        if value is not None:
            clauses.append(f"{prefix}{field} = ?")
            params.append(value)
    if filters.report_ids is not None:
        clauses.append(f"{prefix}id IN ({','.join('?' * len(filters.report_ids))})")
        params.extend(filters.report_ids)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
