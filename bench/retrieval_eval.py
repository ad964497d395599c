"""Retrieval quality on our own question set: Recall@1 and Recall@5 for lexical, dense and hybrid search.

Each question in ``tests/retrieval/questions.json`` names the report file and the original line that
answers it; a hit is correct when it is a passage of that report whose line span contains the line.
Questions run through ``normalise_question`` first, as the answer engine does (traditional script).

python bench/retrieval_eval.py [--index DIR] [--questions FILE] [--k 5]

Without ``--index`` it builds a temporary index of data/reports with the offline USE embedder.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # python bench/retrieval_eval.py works too

from index.build import Builder
from index.embed import make_embedder
from index.normalise import normalise_question
from index.read import read_text
from index.search import Hit, LoadedIndex, open_index
from index.store import Filters
from qa.retrieve import report_wording

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
QUESTIONS = ROOT / "tests" / "retrieval" / "questions.json"
# Questions worded unlike the passage that answers them, by a helper session that did not read the lexicon.
PARAPHRASES = ROOT / "tests" / "retrieval" / "paraphrases.json"
# "hybrid+wording": the hybrid search of a question with the reports' words for its everyday words added
# (qa.retrieve.report_wording, the lexicon thesaurus), as the answer engine searches.
WORDING = "hybrid+wording"
MODES = ("lexical", "dense", "hybrid", WORDING)
DEFAULT_K = 5
SHOWN_HITS = 3


@dataclass(frozen=True)
class Question:
    question: str
    filters: dict[str, Any]
    file: str
    line: int
    answer_text: str
    alt_lines: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.filters)

    @property
    def lines(self) -> tuple[int, ...]:
        """Every original line that answers the question: ``line`` first, then any alternatives."""
        return (self.line, *self.alt_lines)

    def search_filters(self) -> Filters | None:
        return Filters(**self.filters) if self.filters else None


@dataclass
class QuestionResult:
    question: Question
    rank: int | None  # 1-based rank of the first correct hit, None when no hit is correct
    hits: list[Hit] = field(default_factory=list)


def load_questions(path: str | Path = QUESTIONS) -> list[Question]:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Question(
            question=entry["question"],
            filters=dict(entry.get("filters") or {}),
            file=entry["file"],
            line=int(entry["line"]),
            answer_text=entry["answer_text"],
            alt_lines=tuple(int(n) for n in entry.get("alt_lines", ())),
            tags=tuple(entry.get("tags", ())),
        )
        for entry in entries
    ]


def report_ids_by_file(index: LoadedIndex, files: Iterable[str], reports_dir: str | Path = REPORTS) -> dict[str, str]:
    """Map each question file name to the id of the indexed report with the same original text."""
    by_text = {tuple(index.store.original_lines(row.id)): row.id for row in index.store.report_rows()}
    found: dict[str, str] = {}
    for name in sorted(set(files)):
        lines, _ = read_text(Path(reports_dir) / name)
        report_id = by_text.get(tuple(lines))
        if report_id is None:  # fall back to the kept original's name: <id>_<file name>
            report_id = next(
                (row.id for row in index.store.report_rows() if Path(row.source).name.endswith(name)), None
            )
        if report_id is None:
            raise LookupError(f"{name} is not in the index")
        found[name] = report_id
    return found


def is_correct(hit: Hit, question: Question, report_id: str) -> bool:
    passage = hit.passage
    return passage.report_id == report_id and any(passage.first_line <= n <= passage.last_line for n in question.lines)


def run_question(
    index: LoadedIndex, question: Question, report_id: str, mode: str, k: int = DEFAULT_K
) -> QuestionResult:
    text = normalise_question(question.question)
    if mode == WORDING:
        text, mode = " ".join((text, *report_wording(text))), "hybrid"
    hits = index.search(text, question.search_filters(), k=k, mode=mode)
    rank = next((i for i, hit in enumerate(hits, start=1) if is_correct(hit, question, report_id)), None)
    return QuestionResult(question, rank, hits)


def _recall(results: Sequence[QuestionResult], at: int) -> float | None:
    if not results:
        return None
    return sum(1 for r in results if r.rank is not None and r.rank <= at) / len(results)


def evaluate(
    index: LoadedIndex,
    questions: Sequence[Question],
    mode: str = "hybrid",
    k: int = DEFAULT_K,
    report_ids: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Recall@1 and Recall@k over all questions and over the filtered / unfiltered ones, plus each result."""
    report_ids = report_ids or report_ids_by_file(index, (q.file for q in questions))
    results = [run_question(index, q, report_ids[q.file], mode, k) for q in questions]
    groups = {
        "all": results,
        "filtered": [r for r in results if r.question.filtered],
        "unfiltered": [r for r in results if not r.question.filtered],
    }
    for tag in sorted({t for q in questions for t in q.tags}):
        groups[tag] = [r for r in results if tag in r.question.tags]
    return {
        "mode": mode,
        "k": k,
        "groups": {
            name: {"n": len(group), "recall@1": _recall(group, 1), f"recall@{k}": _recall(group, k)}
            for name, group in groups.items()
        },
        "recall@1": _recall(results, 1),
        f"recall@{k}": _recall(results, k),
        "results": results,
    }


def build_seed_index(folder: str | Path, reports: str | Path = REPORTS) -> Path:
    """A fresh index of the seed reports with the offline USE embedder."""
    result = Builder(folder, make_embedder("use")).build([reports])
    rejected = [o for o in result.outcomes if o.status == "rejected"]
    if rejected:
        raise RuntimeError(f"rejected while building the seed index: {rejected}")
    return Path(folder)


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def format_table(evaluations: Sequence[dict[str, Any]]) -> str:
    k = evaluations[0]["k"]
    names = list(evaluations[0]["groups"])
    header = f"{'mode':<8}" + "".join(
        f" | {name} (n={evaluations[0]['groups'][name]['n']})".ljust(19) for name in names
    )
    sub = f"{'':<8}" + "".join(f" | {'R@1':>6} {f'R@{k}':>8}".ljust(19) for _ in names)
    rows = [header, sub, "-" * len(header)]
    for ev in evaluations:
        cells = "".join(
            f" | {_pct(ev['groups'][n]['recall@1']):>6} {_pct(ev['groups'][n][f'recall@{k}']):>8}".ljust(19)
            for n in names
        )
        rows.append(f"{ev['mode']:<8}{cells}")
    return "\n".join(rows)


def describe_hit(hit: Hit, file_of: dict[str, str]) -> str:
    p = hit.passage
    section = " > ".join(p.section_path)
    return (
        f"{file_of.get(p.report_id, p.report_id)}:{p.first_line}-{p.last_line} {p.place} [{section}] "
        f"lex={hit.lexical_rank} dense={hit.dense_rank} score={hit.score:.4f}"
    )


def format_misses(evaluation: dict[str, Any], report_ids: dict[str, str], shown: int = SHOWN_HITS) -> str:
    file_of = {report_id: name for name, report_id in report_ids.items()}
    k = evaluation["k"]
    lines = []
    for result in evaluation["results"]:
        if result.rank is not None:
            continue
        q = result.question
        where = ",".join(str(n) for n in q.lines)
        lines.append(f"✗ {q.question}  filters={q.filters or '{}'}  expected {q.file}:{where}  「{q.answer_text}」")
        lines.extend(f"    {i}. {describe_hit(hit, file_of)}" for i, hit in enumerate(result.hits[:shown], start=1))
        if not result.hits:
            lines.append("    (no hits)")
    return "\n".join(lines) if lines else f"(no misses at k={k})"


def run(index_dir: str | Path, questions_path: str | Path, k: int) -> list[dict[str, Any]]:
    index = open_index(index_dir)
    questions = load_questions(questions_path)
    report_ids = report_ids_by_file(index, (q.file for q in questions))
    evaluations = [evaluate(index, questions, mode, k, report_ids) for mode in MODES]
    print(f"{len(questions)} questions, {index.manifest.counts.get('passages')} passages, embedder {index.embedder.id}")
    print(format_table(evaluations))
    print()
    print(f"hybrid misses at k={k} (top {SHOWN_HITS} hits each):")
    print(format_misses(evaluations[-1], report_ids))
    return evaluations


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="a built index folder (default: build one of data/reports)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--k", type=int, default=DEFAULT_K)
    args = parser.parse_args(argv)
    if args.index is not None:
        run(args.index, args.questions, args.k)
        return 0
    with tempfile.TemporaryDirectory(prefix="retrieval_eval_") as folder:
        run(build_seed_index(folder), args.questions, args.k)
    return 0


if __name__ == "__main__":
    sys.exit(main())
