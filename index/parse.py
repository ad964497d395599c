"""One report file → a validated Report: read → normalise → sections → tables → metadata → checks."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from index.boilerplate import boilerplate_lines
from index.checks import run_checks
from index.layout import tokenize
from index.metadata import read_metadata
from index.models import ParseWarning, Report, SourceText
from index.normalise import normalise_lines
from index.read import check_line_count, read_document
from index.sections import find_headings, split_sections
from index.tables import read_tables
from index.textchecks import text_findings

PARSER_VERSION = "7"  # bump when parsing the same file can give another report: indexes must be rebuilt


def report_id(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


class Parsed(NamedTuple):
    report: Report
    source: SourceText


def parse_file(path: str | Path) -> Report:
    return parse_source(path).report


def parse_source(path: str | Path) -> Parsed:
    """The report and the text it was read from (for chunking and for showing original lines)."""
    document = read_document(path)
    # What the reader could not use (scanned pages, tables as images) is said with the report's warnings.
    unread = tuple(ParseWarning(code="unread_content", message=note) for note in document.notes)
    return parse_text(document.lines, str(path), document.encoding, document.pages, (*document.warnings, *unread))


def parse_lines(lines: list[str], path: str, encoding: str = "utf-8") -> Report:
    return parse_text(lines, path, encoding).report


def parse_text(
    lines: list[str],
    path: str,
    encoding: str = "utf-8",
    pages: list[int] | None = None,
    read_warnings: Sequence[ParseWarning] = (),
) -> Parsed:
    """``read_warnings``: what reading the file changed in ``lines`` (replaced bytes), kept in the report."""
    check_line_count(lines, path)  # here too, for callers that split the lines themselves
    script, normalised = normalise_lines(lines)
    source = SourceText(path=path, encoding=encoding, script=script, original=lines, normalised=normalised, pages=pages)
    headings = find_headings(normalised)
    body_start = headings[0].line if headings else 1
    chrome = boilerplate_lines(normalised, body_start, headings[-1].line if headings else len(lines))
    body_end = max((n for n in range(1, len(lines) + 1) if n not in chrome and normalised[n - 1].strip()), default=0)
    tables, table_format, warnings = read_tables(
        source, tokenize(normalised, skip=chrome), {heading.number: heading.line for heading in headings}
    )
    report = Report(
        id=report_id(lines),
        source=path,
        metadata=read_metadata(normalised, table_format, script, path, chrome),
        sections=split_sections(normalised, headings, body_end),
        tables=tables,
        boilerplate_lines=sorted(chrome),
        warnings=[*read_warnings, *warnings],
    )
    report.findings = run_checks(report) + text_findings(report, source)
    return Parsed(report, source)
