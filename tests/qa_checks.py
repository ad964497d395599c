"""Checks every answer of the engine must pass (tests/test_qa.py, tests/test_qa_suite.py), and the question
suite's own checks (tests/test_qa_suite.py, bench/qa_eval.py)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from index.models import CellKind
from qa.engine import Engine
from qa.models import Answer, Citation, Value

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def original_lines(name: str) -> list[str]:
    return (REPORTS / name).read_text(encoding="utf-8").split("\n")


def assert_citations_are_real(answer: Answer) -> None:
    citations = [c for v in answer.values for c in v.citations] + [p.citation for p in answer.passages]
    for citation in citations:
        line = original_lines(citation.source)[citation.line - 1]
        assert citation.quote == line.strip()
        assert citation.highlight in line


# Numbers the engine itself writes that are not report data: format names, list numbering, counts of
# parts / reports / findings / warnings, report years, and the list of years a place has reports for.
_META = re.compile(
    r"20(?:19|21)版|^\d+\. |\d+ (?:项|份报告|处|条|个数)|(?:19|20)\d\d ?年|已有年份：(?:(?:19|20)\d\d[、，,]?)+",
    re.MULTILINE,
)


def assert_no_invented_number(answer: Answer) -> None:
    """Every number in the answer text is a reported figure, a line number, or a label's own numbering."""
    allowed: set[str] = set()
    for value in [*answer.values, *(p for v in answer.values for p in v.parts)]:
        allowed |= {value.value or ""} | set(re.findall(r"\d+", value.label))
        allowed |= {str(c.line) for c in value.citations}
        if value.formula:  # a derived figure: its result and the fraction of its summed parts
            allowed |= set(re.findall(r"\d+(?:\.\d+)?", f"{value.value} {value.formula}"))
    for passage in answer.passages:
        allowed |= set(re.findall(r"\d+", passage.text)) | {str(passage.citation.line), str(passage.citation.year)}
        allowed |= set(re.findall(r"\d+", passage.section))  # the heading's own numbering: 4.围绕“互联网+”…
    for finding in answer.findings:
        allowed |= set(re.findall(r"\d+", finding.message))
    for number in re.findall(r"\d+(?:\.\d+)?", _META.sub(" ", answer.text)):
        assert number in allowed, (number, answer.text)


# ---- the question suite (tests/qa/questions.json): used by tests/test_qa_suite.py and bench/qa_eval.py ----

SUITE = Path(__file__).resolve().parent / "qa" / "questions.json"
GOLD = Path(__file__).resolve().parent / "gold" / "seeds.json"
CASE_FIELDS = frozenset(
    {
        "question",
        "history",
        "kind",
        "values",
        "any_order",
        "text_contains",
        "text_excludes",
        "passage_line",
        "xfail_reason",
    }
)


def load_suite(path: Path = SUITE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def ask_case(engine: Engine, case: dict[str, Any]) -> tuple[Answer, float]:
    """The answer to a suite entry (its history asked first, in one conversation) and the seconds the
    last question took."""
    history: list[Answer] = []
    for earlier in case.get("history", []):
        history.append(engine.answer(earlier, history))
    started = time.perf_counter()
    answer = engine.answer(case["question"], history)
    return answer, time.perf_counter() - started


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_citation_quotes(citation: Citation) -> None:
    """The quote is the cited line of the original file, and the highlight stands inside it."""
    lines = original_lines(citation.source)
    assert 0 < citation.line <= len(lines), citation
    line = lines[citation.line - 1]
    assert citation.quote and citation.quote in line, (citation.quote, line)
    assert citation.highlight in citation.quote, (citation.highlight, citation.quote)


def assert_value_cited(value: Value) -> None:
    """A figure's citations carry the figure: one cell's highlight is its number; a sum's parts each theirs."""
    for citation in value.citations:
        assert_citation_quotes(citation)
    if value.parts:
        for part in value.parts:
            assert_value_cited(part)
        return
    if value.value is not None:
        assert value.kind == CellKind.NUMBER
        assert value.citations, f"{value.label}: {value.value} without a citation"
        for citation in value.citations:
            assert value.value in citation.highlight, (value.value, citation.highlight)


def assert_values(answer: Answer, case: dict[str, Any]) -> None:
    """(place, year, value) of every figure, in order unless ``any_order``; ``label`` a part of the label."""
    expected = case["values"]
    got = [{"place": v.place, "year": v.year, "value": v.value} for v in answer.values]
    want = [{"place": e["place"], "year": e["year"], "value": e["value"]} for e in expected]
    if case.get("any_order"):
        got, want = sorted(got, key=json.dumps), sorted(want, key=json.dumps)
    assert got == want, answer.text
    if not case.get("any_order"):
        for value, wanted in zip(answer.values, expected, strict=True):
            assert wanted.get("label", "") in value.label, (wanted, value.label)


def assert_passage_line(engine: Engine, answer: Answer, file: str, line: int) -> None:
    """A returned passage cites that line, or the passage's text holds the whole (normalised) line."""
    for passage in answer.passages:
        if passage.citation.source != file:
            continue
        if passage.citation.line == line:
            return
        wanted = _squeeze(engine.store.normalised_lines(passage.citation.report_id)[line - 1])
        if wanted and wanted in _squeeze(passage.text):
            return
    cited = [(p.citation.source, p.citation.line) for p in answer.passages]
    raise AssertionError(f"no passage at {file}:{line}; passages at {cited}\n{answer.text}")


def check_case(engine: Engine, case: dict[str, Any], answer: Answer) -> None:
    """Every expectation of a suite entry, and the checks every answer must pass."""
    assert answer.kind.value == case["kind"], (case["question"], answer.text)
    if "values" in case:
        assert_values(answer, case)
    for text in case.get("text_contains", []):
        assert text in answer.text, (text, answer.text)
    for text in case.get("text_excludes", []):
        assert text not in answer.text, (text, answer.text)
    assert_citations_are_real(answer)
    for value in answer.values:
        assert_value_cited(value)
    for passage in answer.passages:
        assert_citation_quotes(passage.citation)
    assert_no_invented_number(answer)
    if "passage_line" in case:
        assert_passage_line(engine, answer, case["passage_line"]["file"], case["passage_line"]["line"])


def gold_numbers() -> dict[tuple[str, int], set[str]]:
    """Every figure the hand-read gold gives a seed, as text, by (place, year)."""
    found: dict[tuple[str, int], set[str]] = {}
    for report in json.loads(GOLD.read_text(encoding="utf-8"))["reports"]:
        numbers: set[str] = set()
        for table in ("t2", "t3", "t4"):
            stack = [report.get(table) or {}]
            while stack:
                node = stack.pop()
                for item in node.values():
                    if isinstance(item, dict):
                        stack.append(item)
                    else:
                        numbers.add(str(item))
        found[(report["place"], report["year"])] = numbers
    return found
