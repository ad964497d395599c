"""The whole evaluation in one command, one table out.

    python -m bench.eval [--reports 350] [--per-template 25] [--seed 20240601]     (make eval)

- parse: cell accuracy of the five seeds against the hand-read gold (tests/gold/seeds.json), and of a
  generated corpus against the truth it was rendered from (``spec.cells()``);
- real world: the 92 real reports of tests/realworld/ against their hand-read facts (those without
  doubt): cells per table and per layout, metadata per field;
- QA exactness per kind: the seed suite (tests/qa/questions.json, as tests/test_qa_suite.py checks it)
  and the template questions of bench/qa_eval.py over the generated corpus;
- citation correctness over every answer given: the quote stands on the cited line of the original file
  and, for a figure, contains the figure;
- retrieval Recall@1/@5 (bench/retrieval_eval.py, tests/retrieval/questions.json);
- year disambiguation: the generated corpus has seven years per place; "{county}{place}{year}年…" must be
  answered from that year's report (first figure's citation, first passage).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # python bench/eval.py works too

from bench import qa_eval
from bench.qa_eval import KIND_ORDER, Tally, report_of
from bench.retrieval_eval import MODES, build_seed_index, evaluate, load_questions, report_ids_by_file
from index.build import Builder
from index.catalog import T4_ROW
from index.embed import make_embedder
from index.models import Report, TableId
from index.parse import parse_file
from index.testing.generate import ReportSpec, write_corpus
from qa.engine import Engine, load_engine
from qa.models import Answer, Value
from tests.qa_checks import ask_case, check_case, load_suite
from tests.support import realworld

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
GOLD = ROOT / "tests" / "gold" / "seeds.json"
DEFAULT_REPORTS = 350  # 50 places × 7 years: a build of about half a minute with real encoding
DEFAULT_PER_TEMPLATE = 25
YEAR_PLACES = 20  # places whose seven years are each asked for (140 questions per template)
RECEIVED_QUESTION = "本年新收政府信息公开申请数量是多少？"
PROBLEMS_QUESTION = "存在哪些主要问题？"


@dataclass
class Row:
    area: str
    measure: str
    right: int
    total: int
    note: str = ""

    def markdown(self) -> str:
        share = f"{self.right / self.total:.1%}" if self.total else "-"
        return f"| {self.area} | {self.measure} | {self.right}/{self.total} | {share} | {self.note} |"


# ---- the QA template run of bench/qa_eval.py, with its tallies and answers kept ----------------------


class RecordingEngine:
    """The engine, keeping every answer it gives so that citations can be checked afterwards."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.answers: list[Answer] = []

    def answer(self, question: str, history: list[Answer] | None = None, filters: Any = None) -> Answer:
        answer = self.engine.answer(question, history, filters)
        self.answers.append(answer)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


def qa_tallies(
    engine: Engine, specs: list[ReportSpec], seed: int, per_template: int
) -> tuple[dict[str, Tally], str, list[Answer]]:
    """bench/qa_eval.py's template questions: (tallies by template, its markdown output, every answer).

    ``run_questions`` prints its figures rather than returning them; its ``print_table`` is wrapped for the
    duration of the call to keep the tallies, so that the questions, checks and timing stay in one place.
    """
    kept: dict[str, Tally] = {}
    printer = qa_eval.print_table

    def keep(tallies: dict[str, Tally], seed_suite: bool) -> None:
        kept.update(tallies)
        printer(tallies, seed_suite)

    recorder = RecordingEngine(engine)
    out = io.StringIO()
    qa_eval.print_table = keep
    try:
        with redirect_stdout(out):
            qa_eval.run_questions(recorder, specs, seed, per_template)  # type: ignore[arg-type]
    finally:
        qa_eval.print_table = printer
    return kept, out.getvalue().strip(), recorder.answers


# ---- parse accuracy ----------------------------------------------------------------------------------


def _parsed_cells(report: Report) -> dict[tuple[TableId, str, str], Any]:
    return {(t, cell.row, cell.column): cell.value for t, table in report.tables.items() for cell in table.cells}


def seed_cell_accuracy() -> tuple[int, int, list[str]]:
    """Cells of the seeds equal to the hand-read gold (a short row's cells may be 0 or missing, as the gold
    allows); a table the gold says is absent counts as one cell that must be absent."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    right = total = 0
    wrong: list[str] = []
    for entry in gold["reports"]:
        cells = _parsed_cells(parse_file(REPORTS / entry["file"]))
        expected: dict[tuple[TableId, str, str], Any] = {}
        if entry["t2"] is None:
            total += 1
            right += not any(key[0] == TableId.T2 for key in cells)
        else:
            expected |= {(TableId.T2, r, c): v for r, cols in entry["t2"].items() for c, v in cols.items()}
        rows = gold["t3_rows_2021" if entry["table_format"] == "2021" else "t3_rows_2019"]
        short = set(entry.get("t3_short_rows", []))
        for row in rows:
            for column in gold["t3_columns"]:
                expected[(TableId.T3, row, column)] = None if row in short else entry["t3"][row][column]
        expected |= {(TableId.T4, T4_ROW, c): v for c, v in entry["t4"].items()}
        for key, value in expected.items():
            got = cells.get(key, "absent")
            ok = got in (0, None) if key[0] == TableId.T3 and key[1] in short else got == value
            total += 1
            right += ok
            if not ok:
                wrong.append(f"{entry['file']} {key}: {got} ≠ {value}")
    return right, total, wrong


def generated_cell_accuracy(corpus: Path, specs: list[ReportSpec]) -> tuple[int, int, int, int]:
    """(cells right, cells expected, reports read exactly, reports) of a generated corpus."""
    right = total = exact = 0
    for spec in specs:
        truth = spec.cells()
        got = _parsed_cells(parse_file(corpus / f"{spec.id}.txt"))
        hits = sum(key in got and got[key] == value for key, value in truth.items())
        right += hits
        total += len(truth)
        exact += hits == len(truth) and len(got) == len(truth)
    return right, total, exact, len(specs)


# ---- citations ---------------------------------------------------------------------------------------


def _leaves(values: list[Value]) -> Iterator[Value]:
    for value in values:
        yield value
        yield from _leaves(value.parts)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def citation_check(engine: Engine, answers: list[Answer]) -> tuple[int, int, list[str]]:
    """(citations right, citations, problems): the quote stands on the cited original line, and a cited
    figure's quote contains the figure (spaces inside a number, as some reports write them, ignored)."""
    right = total = 0
    problems: list[str] = []
    lines: dict[str, list[str]] = {}
    values = list(_leaves([v for a in answers for v in a.values]))
    checks = [(c, v.value if not v.parts else None) for v in values for c in v.citations]
    checks += [(p.citation, None) for a in answers for p in a.passages]
    for citation, number in checks:
        if citation.report_id not in lines:
            lines[citation.report_id] = engine.original_lines(citation.report_id)
        original = lines[citation.report_id]
        line = original[citation.line - 1] if 0 < citation.line <= len(original) else ""
        ok = bool(citation.quote) and citation.quote in line
        if ok and number is not None:
            ok = _squeeze(number) in _squeeze(citation.quote)
        total += 1
        right += ok
        if not ok:
            problems.append(f"{citation.source}:{citation.line} quote「{citation.quote[:60]}」 number {number}")
    return right, total, problems


# ---- year disambiguation -----------------------------------------------------------------------------


def year_disambiguation(engine: Engine, specs: list[ReportSpec], seed: int) -> tuple[Row, Row]:
    """Every year of YEAR_PLACES places, asked by place and year: does the answer come from that year?"""
    by_place: dict[tuple[str | None, str], list[ReportSpec]] = defaultdict(list)
    for spec in specs:
        by_place[(spec.county, spec.place)].append(spec)
    full = sorted(key for key, group in by_place.items() if len({s.year for s in group}) == 7)
    chosen = [s for key in random.Random(seed).sample(full, min(YEAR_PLACES, len(full))) for s in by_place[key]]
    lookup = narrative = 0
    for spec in chosen:
        who = f"{spec.county or ''}{spec.place}{spec.year}年"
        answer = engine.answer(who + RECEIVED_QUESTION)
        first = answer.values[0] if answer.values else None
        if first is not None and first.citations:
            lookup += report_of(first.citations[0].source) == spec.id
        elif first is not None:  # not reported: no cell to cite, the figure names its report's year
            lookup += (first.place, first.year) == (spec.place, spec.year)
        answer = engine.answer(who + PROBLEMS_QUESTION)
        narrative += bool(answer.passages) and report_of(answer.passages[0].citation.source) == spec.id
    places = len(chosen) // 7
    note = f"{places} places × 7 years"
    return (
        Row("year disambiguation", "lookup top-1 (first figure cites that year's report)", lookup, len(chosen), note),
        Row(
            "year disambiguation",
            "narrative top-1 (first passage from that year's report)",
            narrative,
            len(chosen),
            note,
        ),
    )


# ---- the run -----------------------------------------------------------------------------------------


def realworld_rows() -> tuple[list[Row], list[str]]:
    """Cells per table and layout, metadata per field, of the real-world corpus (facts without doubt)."""
    results = realworld.run(parse_file)
    rows = []
    for group, (right, total) in realworld.summary(results).items():
        area = "real world meta" if group.startswith("meta") else "real world cells"
        rows.append(Row(area, group, right, total, "tests/realworld, facts without doubt"))
    wrong = [f"{r.fact.name}: {r.fact.value!r} → {r.got!r}" for r in results if not r.ok and not r.fact.doubt]
    return rows, wrong


def seed_rows(folder: Path) -> tuple[list[Row], list[str]]:
    """The seed index: QA suite per kind, its citations, and retrieval recall."""
    engine = load_engine(build_seed_index(folder))
    rows: list[Row] = []
    tallies: dict[str, Tally] = defaultdict(Tally)
    answers: list[Answer] = []
    for case in load_suite():
        answer, seconds = ask_case(engine, case)
        answers.append(answer)
        try:
            check_case(engine, case, answer)
            ok = True
        except AssertionError:
            ok = False
        tallies[case["kind"]].add(ok, seconds)
        tallies[case["kind"]].known_wrong += not ok and "xfail_reason" in case
    for kind in sorted(tallies, key=KIND_ORDER.index):
        t = tallies[kind]
        note = f"{t.known_wrong} of the misses known (xfail)" if t.known_wrong else ""
        rows.append(Row("QA seeds", kind, t.right, t.asked, note))
    right, total, problems = citation_check(engine, answers)
    rows.append(Row("citations", "seed suite answers: quote on the line, holds the number", right, total))

    questions = load_questions()
    ids = report_ids_by_file(engine.index, (q.file for q in questions))
    for mode in MODES:
        result = evaluate(engine.index, questions, mode, 5, ids)
        n = len(questions)
        for at in (1, 5):
            found = round(result[f"recall@{at}"] * n)
            rows.append(Row("retrieval", f"{mode} Recall@{at}", found, n, "tests/retrieval/questions.json"))
    return rows, problems


def generated_rows(reports: int, seed: int, per_template: int) -> tuple[list[Row], list[str], str]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-eval-") as tmp:
        corpus = Path(tmp) / "corpus"
        specs = write_corpus(corpus, n=reports, seed=seed, distinct=True)
        right, total, exact, n = generated_cell_accuracy(corpus, specs)
        rows.append(Row("parse", f"generated corpus cells ({n} reports)", right, total, f"{exact}/{n} reports exact"))
        Builder(Path(tmp) / "index", make_embedder("use")).build([corpus])
        engine = load_engine(Path(tmp) / "index")
        tallies, markdown, answers = qa_tallies(engine, specs, seed, per_template)
        by_kind: dict[str, Tally] = defaultdict(Tally)
        for name, tally in tallies.items():
            kind = by_kind[name.split(" ")[0]]
            kind.asked += tally.asked
            kind.right += tally.right
        for kind, tally in sorted(by_kind.items(), key=lambda item: KIND_ORDER.index(item[0])):
            rows.append(Row("QA generated", kind, tally.right, tally.asked, f"{reports} reports, qa_eval templates"))
        right, total, problems = citation_check(engine, answers)
        rows.append(Row("citations", "generated-corpus answers: quote on the line, holds the number", right, total))
        rows += year_disambiguation(engine, specs, seed)
    return rows, problems, markdown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=DEFAULT_REPORTS, help="generated corpus size")
    parser.add_argument("--per-template", type=int, default=DEFAULT_PER_TEMPLATE, help="questions per template")
    parser.add_argument("--seed", type=int, default=20240601, help="corpus and question sampling seed")
    parser.add_argument("--details", action="store_true", help="also print the failures and qa_eval's own table")
    args = parser.parse_args()
    started = time.perf_counter()
    right, total, parse_wrong = seed_cell_accuracy()
    rows = [Row("parse", "seed cells vs tests/gold/seeds.json", right, total, "5 real reports")]
    real, real_wrong = realworld_rows()
    with tempfile.TemporaryDirectory(prefix="nianbao-eval-seeds-") as folder:
        seeds, seed_problems = seed_rows(Path(folder))
    generated, generated_problems, markdown = generated_rows(args.reports, args.seed, args.per_template)
    rows = rows[:1] + generated[:1] + real + seeds + generated[1:]
    print("| area | measure | right | share | note |")
    print("|---|---|---|---|---|")
    print("\n".join(row.markdown() for row in rows))
    print(f"\n(bench/eval.py, {time.perf_counter() - started:.0f} s; generated corpus seed {args.seed})")
    if args.details:
        for title, lines in (
            ("Seed cells not as the gold", parse_wrong),
            ("Real-world facts not as the gold", real_wrong),
            ("Citation problems", seed_problems + generated_problems),
        ):
            print(f"\n{title}: {len(lines)}")
            print("\n".join(f"- {line}" for line in lines[:30]))
        print("\n" + markdown)


if __name__ == "__main__":
    main()
