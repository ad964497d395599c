"""A figure the tables do not give (table missing or unread) but the narrative states: quoted from its
line, never put in a table cell. "该报告未提供表三；正文写明：全年共受理政府信息公开申请7件".

The claims are those index.textchecks reads for its findings (the same patterns, the same context rules):
a claim answers a figure when it states exactly that figure's rows and columns.
"""

from __future__ import annotations

from index.models import Report, SourceText, TableId
from index.store import ReportRow, Store
from index.textchecks import Claim, narrative_claims
from qa.figures import COLUMN_CONCEPTS_BY_KEY, DEFAULT_T3_COLUMN, Concept
from qa.lookup import line_citation
from qa.models import Passage

STATED_SECTION = "正文"


def _wanted_columns(concept: Concept, columns: list[str], t4_results: list[str]) -> set[str] | None:
    """The cells of the row the question asks for, as a claim names them; None for a table-4 result."""
    if concept.table == TableId.T4:
        return None if t4_results else set(next(iter(concept.columns.values()), ()))
    keys = columns or [DEFAULT_T3_COLUMN]
    return {column for key in keys for column in COLUMN_CONCEPTS_BY_KEY[key].columns}


def stated_passages(
    store: Store, report: ReportRow, concept: Concept, columns: list[str], t4_results: list[str]
) -> list[Passage]:
    """The narrative line that states the figure a question asks, for a report whose tables give none."""
    wanted = _wanted_columns(concept, columns, t4_results)
    rows = {row for rows in concept.rows.values() for row in rows}
    full: Report | None = store.report(report.id)
    if full is None or wanted is None:
        return []
    source = SourceText(
        path=report.source,
        encoding="utf-8",
        script=full.metadata.script,
        original=store.original_lines(report.id),
        normalised=store.normalised_lines(report.id),  # stored at ingest: not normalised again per question
    )
    claims = [
        claim
        for claim in narrative_claims(full, source)
        if claim.line
        and claim.literal
        and claim.pattern.table == concept.table
        and claim.pattern.row in rows
        and set(claim.pattern.columns) == wanted
    ]
    return [_passage(store, report, claim) for claim in claims[:1]]


def _passage(store: Store, report: ReportRow, claim: Claim) -> Passage:
    citation = line_citation(store, report, claim.line or 0, claim.clause)
    return Passage(text=citation.quote, highlight=claim.clause, section=STATED_SECTION, citation=citation, score=1.0)
