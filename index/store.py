"""The structured store (SQLite): reports, cells with provenance, findings, warnings and passages.

Indexed for the lookups the answer engine makes: one cell of one report by place/year/row/column, and
one cell across every report for rankings. Writes happen inside one transaction per report.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from index.models import Cell, CellKind, Passage, Report, SourceText, TableId

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    agency TEXT, place TEXT, level TEXT, county TEXT, year INTEGER, format TEXT, script TEXT,
    period_start TEXT, period_end TEXT, publish_date TEXT,
    tables TEXT NOT NULL,
    report_json TEXT NOT NULL,
    original_text TEXT NOT NULL,
    normalised_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_place_year ON reports(place, year);
CREATE INDEX IF NOT EXISTS reports_county ON reports(county);
CREATE TABLE IF NOT EXISTS cells (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    table_id TEXT NOT NULL, row TEXT NOT NULL, col TEXT NOT NULL,
    value TEXT, value_num REAL, kind TEXT NOT NULL, raw TEXT NOT NULL, line INTEGER
);
CREATE INDEX IF NOT EXISTS cells_lookup ON cells(report_id, table_id, row, col);
CREATE INDEX IF NOT EXISTS cells_rank ON cells(table_id, row, col, value_num);
CREATE TABLE IF NOT EXISTS findings (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    rule TEXT NOT NULL, table_id TEXT NOT NULL, message TEXT NOT NULL, finding_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_report ON findings(report_id);
CREATE TABLE IF NOT EXISTS warnings (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    code TEXT NOT NULL, message TEXT NOT NULL, table_id TEXT, row TEXT, line INTEGER
);
CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report_id);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: vectors are kept by passage id across adds
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    passage_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_report ON passages(report_id);
"""


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


def _value_text(value: int | Decimal | None) -> str | None:
    return None if value is None else str(value)


def _value(text: str | None) -> int | Decimal | None:
    if text is None:
        return None
    return Decimal(text) if "." in text else int(text)


class Store:
    """``durable=False`` is for a build folder nobody serves yet: no fsync per transaction (the build
    syncs the file once, in ``close``, before the folder is swapped in)."""

    def __init__(self, path: str | Path, *, durable: bool = True) -> None:
        self.path = Path(path)
        self.durable = durable
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA foreign_keys = ON")
        if not durable:
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("PRAGMA journal_mode = MEMORY")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()
        if not self.durable and self.path.exists():
            with self.path.open("rb") as handle:
                os.fsync(handle.fileno())

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    # ---- writing ---------------------------------------------------------------------------------

    def add_report(self, report: Report, source: SourceText, passages: list[Passage]) -> list[int]:
        """Store one report (replacing one with the same id) and return its passages' ids."""
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id = ?", (report.id,))
            meta = report.metadata
            db.execute(
                "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    report.id,
                    report.source,
                    meta.agency,
                    meta.place,
                    meta.level.value if meta.level else None,
                    meta.county,
                    meta.year,
                    meta.format.value if meta.format else None,
                    meta.script.value,
                    meta.period_start,
                    meta.period_end,
                    meta.publish_date,
                    json.dumps(sorted(t.value for t in report.tables)),
                    report.model_dump_json(),
                    "\n".join(source.original),
                    "\n".join(source.normalised),
                ),
            )
            db.executemany(
                "INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?)",
                [
                    (
                        report.id,
                        c.table.value,
                        c.row,
                        c.column,
                        _value_text(c.value),
                        _num(c),
                        c.kind.value,
                        c.raw,
                        c.line,
                    )
                    for table in report.tables.values()
                    for c in table.cells
                ],
            )
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?)",
                [(report.id, f.rule, f.table.value, f.message, f.model_dump_json()) for f in report.findings],
            )
            db.executemany(
                "INSERT INTO warnings VALUES (?,?,?,?,?,?)",
                [
                    (report.id, w.code, w.message, w.table.value if w.table else None, w.row, w.line)
                    for w in report.warnings
                ],
            )
            ids = []
            for passage in passages:
                cursor = db.execute(
                    "INSERT INTO passages (report_id, passage_json) VALUES (?, ?)",
                    (report.id, passage.model_dump_json()),
                )
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def remove_report(self, report_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    # ---- reading ---------------------------------------------------------------------------------

    def report_rows(self, filters: Filters | None = None) -> list[ReportRow]:
        where, params = _where(filters or Filters())
        rows = self.db.execute(
            f"SELECT id, source, agency, place, level, county, year, format, tables FROM reports {where} "
            "ORDER BY place, year",
            params,
        ).fetchall()
        return [
            ReportRow(
                id=r[0],
                source=r[1],
                agency=r[2],
                place=r[3],
                level=r[4],
                county=r[5],
                year=r[6],
                format=r[7],
                tables=json.loads(r[8]),
            )
            for r in rows
        ]

    def report(self, report_id: str) -> Report | None:
        row = self.db.execute("SELECT report_json FROM reports WHERE id = ?", (report_id,)).fetchone()
        return Report.model_validate_json(row[0]) if row else None

    def original_lines(self, report_id: str) -> list[str]:
        row = self.db.execute("SELECT original_text FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row[0].split("\n") if row else []

    def normalised_lines(self, report_id: str) -> list[str]:
        row = self.db.execute("SELECT normalised_text FROM reports WHERE id = ?", (report_id,)).fetchone()
        return row[0].split("\n") if row else []

    def same_agency_year(self, report: Report) -> list[str]:
        """Ids of stored reports for the same agency (and county) and year: an added report replaces them."""
        meta = report.metadata
        rows = self.db.execute(
            "SELECT id FROM reports WHERE agency IS ? AND county IS ? AND year IS ? AND id != ?",
            (meta.agency, meta.county, meta.year, report.id),
        ).fetchall()
        return [r[0] for r in rows]

    def cell(self, report_id: str, table: TableId, row: str, column: str) -> Cell | None:
        found = self.db.execute(
            "SELECT table_id, row, col, value, kind, raw, line FROM cells "
            "WHERE report_id = ? AND table_id = ? AND row = ? AND col = ?",
            (report_id, table.value, row, column),
        ).fetchone()
        return _cell(found) if found else None

    def cells_across(
        self, table: TableId, row: str, column: str, filters: Filters | None = None
    ) -> list[tuple[ReportRow, Cell]]:
        """One cell in every report matching the filters, for rankings and comparisons."""
        reports = {r.id: r for r in self.report_rows(filters)}
        if not reports:
            return []
        found = self.db.execute(
            "SELECT report_id, table_id, row, col, value, kind, raw, line FROM cells "
            "WHERE table_id = ? AND row = ? AND col = ?",
            (table.value, row, column),
        ).fetchall()
        return [(reports[f[0]], _cell(f[1:])) for f in found if f[0] in reports]

    def passage_ids(self, filters: Filters | None = None) -> list[int]:
        if filters is None or filters.is_empty():
            return [r[0] for r in self.db.execute("SELECT id FROM passages ORDER BY id")]
        report_ids = [r.id for r in self.report_rows(filters)]
        marks = ",".join("?" * len(report_ids))
        query = f"SELECT id FROM passages WHERE report_id IN ({marks}) ORDER BY id"
        return [r[0] for r in self.db.execute(query, report_ids)] if report_ids else []

    def passages(self, ids: Iterable[int]) -> dict[int, Passage]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, passage_json FROM passages WHERE id IN ({marks})", ids).fetchall()
        return {r[0]: Passage.model_validate_json(r[1]) for r in rows}

    def all_passages(self) -> Iterator[tuple[int, Passage]]:
        for pid, text in self.db.execute("SELECT id, passage_json FROM passages ORDER BY id"):
            yield pid, Passage.model_validate_json(text)

    def counts(self) -> dict[str, int]:
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("reports", "cells", "findings", "warnings", "passages")
        }


def _num(cell: Cell) -> float | None:
    return float(cell.value) if cell.kind == CellKind.NUMBER and cell.value is not None else None


def _cell(row: tuple) -> Cell:
    table, row_key, column, value, kind, raw, line = row
    return Cell(
        table=TableId(table), row=row_key, column=column, value=_value(value), kind=CellKind(kind), raw=raw, line=line
    )


def _where(filters: Filters) -> tuple[str, list]:
    clauses, params = [], []
    for field in ("place", "agency", "county", "level", "year"):
        value = getattr(filters, field)
        if value is not None:
            clauses.append(f"{field} = ?")
            params.append(value)
    if filters.report_ids is not None:
        clauses.append(f"id IN ({','.join('?' * len(filters.report_ids))})")
        params.extend(filters.report_ids)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
