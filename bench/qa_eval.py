"""Answer quality and latency of the answer engine, per kind of question.

    python -m bench.qa_eval                      # the seed suite (tests/qa/questions.json)
    python -m bench.qa_eval --reports 1000       # template questions over a generated corpus
    python -m bench.qa_eval --reports 10000 [--per-template 50] [--encode-limit 0] [--profile]

``--reports 0`` (the default) builds an index of data/reports and asks the suite: accuracy per kind
(entries marked ``xfail_reason`` are known wrong answers and counted apart) and latency.

``--reports N`` generates N distinct agency-years (``write_corpus(..., distinct=True)``), builds an index
with the USE encoder, and asks questions whose truth is known from the specs: lookups of cells and
defined sums (exact text required; every miss is listed), narrative questions that must be answered
from the right report's section 五, comparisons of two towns and rankings within a county-year.

Latency is warm (the encoder and the index are loaded by warm-up questions first), per question, on
one thread. Targets: lookup p95 ≤ 50 ms, narrative p95 ≤ 300 ms. ``--profile`` adds a cProfile of the
lookup, narrative and rank questions (top functions by cumulative time).

``--query-threads N`` answers with N FAISS OpenMP threads (default: every core), to show what that setting
is worth on a busy machine. The USE encoder always encodes a question on one thread (index/embed.py
``QUERY_TEXTS``): a one-sentence forward pass on several BLAS threads mostly waits for them.

``--voices`` scores tests/qa/voices.json (questions written in many voices over the seeds and the real-world
corpus, each with its expected figure, refusal or question back): right, miss, and wrong — a figure other
than the one asked. With ``--keep DIR`` the two indexes are built once into DIR and reused.

``--keep DIR`` builds the index into DIR, or reuses it when DIR already holds one of the same corpus.

``--encode-limit L`` (default 0 = no limit) encodes only L passages for real and reuses their vectors
for the rest (as bench/index_build.py does): builds faster, but dense retrieval is then meaningless, so
narrative figures of such a run are marked as not representative.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # python bench/qa_eval.py works too

from index.build import Builder, current_build
from index.catalog import T4_ROW
from index.embed import make_embedder
from index.manifest import IndexMismatch
from index.models import Level, TableFormat, TableId
from index.testing.generate import ReportSpec, write_corpus
from qa.engine import Engine, load_engine
from qa.models import Answer, AnswerKind
from tests.qa_checks import ask_case, check_case, load_suite
from tests.support import voices

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
TARGETS_MS = {"lookup": 50.0, "narrative": 300.0}
DEFAULT_PER_TEMPLATE = 50
KIND_ORDER = ("lookup", "narrative", "compare", "rank", "fact_sheet", "check", "mixed", "clarify", "not_found")

RECEIVED = "一、本年新收政府信息公开申请数量"
GRANTED = "三、本年度办理结果/（一）予以公开"
WITHHELD = "三、本年度办理结果/（三）不予公开/"
ORGANISATIONS = tuple(
    f"法人或其他组织/{name}" for name in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
)
TOTAL = "总计"
PROBLEMS_SECTION = "存在的主要问题"
# Table-3 leaf rows with a word the engine knows, and applicant columns with theirs: random cells.
T3_LEAVES = {
    "三、本年度办理结果/（三）不予公开/1.属于国家秘密": "属于国家秘密",
    "三、本年度办理结果/（三）不予公开/4.保护第三方合法权益": "保护第三方合法权益",
    "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息": "本机关不掌握相关政府信息",
    "三、本年度办理结果/（四）无法提供/3.补正后申请内容仍不明确": "补正后申请内容仍不明确",
    "三、本年度办理结果/（五）不予处理/1.信访举报投诉类申请": "信访举报投诉类申请",
    "三、本年度办理结果/（五）不予处理/2.重复申请": "重复申请",
}
T3_COLUMN_WORDS = {
    "自然人": "自然人",
    "法人或其他组织/商业企业": "商业企业",
    "法人或其他组织/科研机构": "科研机构",
    "法人或其他组织/社会公益组织": "社会公益组织",
    "法人或其他组织/法律服务机构": "法律服务机构",
    "总计": "总计",
}


# ---- timing and tables -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Results of one kind (or template) of question."""

    asked: int = 0
    right: int = 0
    known_wrong: int = 0  # seed suite: entries marked xfail_reason that fail as expected
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    top1: int = 0  # narrative: the first passage is the right one

    def add(self, ok: bool, seconds: float, failure: str = "") -> None:
        self.asked += 1
        self.right += ok
        self.seconds.append(seconds)
        if not ok and failure:
            self.failures.append(failure)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def latency_cells(tally: Tally, kind: str) -> str:
    p50, p95 = percentile(tally.seconds, 0.5) * 1000, percentile(tally.seconds, 0.95) * 1000
    target = TARGETS_MS.get(kind)
    verdict = "" if target is None else f" (target ≤ {target:.0f}: {'met' if p95 <= target else 'MISSED'})"
    return f"{p50:.1f} | {p95:.1f}{verdict}"


def print_table(tallies: dict[str, Tally], seed_suite: bool) -> None:
    extra = " known wrong (xfail) |" if seed_suite else ""
    print(f"| kind | questions | right |{extra} accuracy | p50 ms | p95 ms |")
    print("|---|---|---|" + ("---|" if seed_suite else "") + "---|---|---|")
    everything = Tally()
    for kind in sorted(tallies, key=lambda k: (KIND_ORDER.index(k.split(" ")[0]), k)):
        tally = tallies[kind]
        everything.asked += tally.asked
        everything.right += tally.right
        everything.known_wrong += tally.known_wrong
        everything.seconds += tally.seconds
        known = f" {tally.known_wrong} |" if seed_suite else ""
        share = tally.right / tally.asked if tally.asked else 0.0
        latency = latency_cells(tally, kind.split(" ")[0])
        print(f"| {kind} | {tally.asked} | {tally.right} |{known} {share:.1%} | {latency} |")
    known = f" {everything.known_wrong} |" if seed_suite else ""
    share = everything.right / everything.asked if everything.asked else 0.0
    print(f"| all | {everything.asked} | {everything.right} |{known} {share:.1%} | {latency_cells(everything, '')} |")


@contextmanager
def profiled(enabled: bool, title: str) -> Iterator[None]:
    if not enabled:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
        print(f"\n### cProfile: {title} (top 25 by cumulative time)\n")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


def open_engine(index_dir: str | Path) -> Engine:
    return load_engine(index_dir)


def timed(engine: Engine, question: str) -> tuple[Answer, float]:
    started = time.perf_counter()
    answer = engine.answer(question)
    return answer, time.perf_counter() - started


# ---- the seed suite ----------------------------------------------------------------------------------


def run_seed_suite() -> None:
    cases = load_suite()
    with tempfile.TemporaryDirectory() as tmp:
        Builder(Path(tmp), make_embedder("use")).build([REPORTS])
        engine = open_engine(tmp)
        ask_case(engine, {"question": "平桥区存在哪些主要问题？"})  # warm-up: loads the encoder
        tallies: dict[str, Tally] = defaultdict(Tally)
        wrong: list[str] = []
        for index, case in enumerate(cases):
            answer, seconds = ask_case(engine, case)
            try:
                check_case(engine, case, answer)
                ok, failure = True, ""
            except AssertionError as error:
                ok, failure = False, f"{index:03d} {case['question']}: {str(error).splitlines()[0][:160]}"
            tally = tallies[case["kind"]]
            tally.add(ok, seconds)
            if not ok and "xfail_reason" in case:
                tally.known_wrong += 1
            elif not ok:
                wrong.append(failure)
            if case["kind"] == "narrative" and ok and answer.passages:
                line = case["passage_line"]
                first = answer.passages[0].citation
                tally.top1 += (first.source, first.line) == (line["file"], line["line"])
    print(f"## Seed suite: {len(cases)} questions over the 5 seed reports (tests/qa/questions.json)\n")
    print_table(tallies, seed_suite=True)
    narrative = tallies["narrative"]
    print(
        f"\nnarrative: {narrative.right}/{narrative.asked} have a returned passage on the expected line; for "
        f"{narrative.top1} of them it is the first passage (cited at exactly that line)."
    )
    if wrong:
        print("\nWrong answers not marked xfail:")
        print("\n".join(f"- {line}" for line in wrong))


# ---- the question set in many voices -------------------------------------------------------------------

REALWORLD = ROOT / "tests" / "realworld" / "reports"


def run_voices(keep: Path | None) -> None:
    """tests/qa/voices.json over its two corpora: right / miss / wrong per split, kind and voice."""
    entries = voices.load()
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"seeds": [REPORTS], "realworld": [REALWORLD]}
        engines = {}
        for corpus, sources in folders.items():
            folder = (keep or Path(tmp)) / f"voices-{corpus}"
            if current_build(folder) is None:
                Builder(folder, make_embedder("use")).build(sources)
            engines[corpus] = open_engine(folder)
        results = [voices.score(entry, voices.ask(engines[entry["corpus"]], entry)) for entry in entries]
    print(f"## Questions in many voices: {len(entries)} (tests/qa/voices.json, voices_fresh.json)\n")
    print("| part | asked | right | miss | wrong | right % |")
    print("|---|---|---|---|---|---|")
    for split in (*voices.SPLITS, None):
        counts = voices.tally(results, split)
        asked = sum(counts.values())
        share = 100 * counts[voices.Score.RIGHT] / asked if asked else 0.0
        print(
            f"| {split or 'all'} | {asked} | {counts[voices.Score.RIGHT]} | {counts[voices.Score.MISS]} | "
            f"{counts[voices.Score.WRONG]} | {share:.1f} |"
        )
    for field_name in ("type", "voice"):
        print(f"\nby {field_name}: " + ", ".join(_by(results, field_name)))
    for verdict in (voices.Score.WRONG, voices.Score.MISS):
        listed = [r for r in results if r.score == verdict]
        if listed:
            print(f"\n{verdict.value} ({len(listed)}):")
            for r in listed:
                print(f"- {r.entry['id']} [{r.entry['split']}] {r.entry['question']} — {r.why}")


def _by(results: list[voices.Scored], field_name: str) -> list[str]:
    groups: dict[str, list[voices.Scored]] = defaultdict(list)
    for r in results:
        key = r.entry["expect"]["type"] if field_name == "type" else r.entry.get("voice", "")
        groups[key].append(r)
    return [
        f"{key} {sum(r.score == voices.Score.RIGHT for r in rs)}/{len(rs)}"
        + (
            f" ({sum(r.score == voices.Score.WRONG for r in rs)} wrong)"
            if any(r.score == voices.Score.WRONG for r in rs)
            else ""
        )
        for key, rs in sorted(groups.items())
    ]


# ---- generated corpus --------------------------------------------------------------------------------


def text_of(value: int | Decimal | None) -> str | None:
    """A figure as the generator writes it into the report."""
    if value is None:
        return None
    return str(value) if isinstance(value, int) else format(value, "f")


@dataclass(frozen=True)
class Lookup:
    """A lookup template: the question, and the expected figure from the spec (None: not reported)."""

    name: str
    question: Callable[[ReportSpec], str]
    truth: Callable[[ReportSpec], int | Decimal | None]
    applies: Callable[[ReportSpec], bool] = lambda spec: True


def _who(spec: ReportSpec) -> str:
    return f"{spec.county or ''}{spec.place}{spec.year}年"


def _cell(spec: ReportSpec, table: TableId, row: str, column: str) -> int | Decimal | None:
    return spec.cells().get((table, row, column)) if table in spec.values else None


def _sum(spec: ReportSpec, keys: list[tuple[TableId, str, str]]) -> int | Decimal:
    cells = spec.cells()
    return sum((cells[key] for key in keys), start=0)


def _t3_withheld(spec: ReportSpec) -> int | Decimal:
    rows = [key for key in spec.cells() if key[0] == TableId.T3 and key[2] == TOTAL and key[1].startswith(WITHHELD)]
    return _sum(spec, rows)


def _random_cell(spec: ReportSpec) -> tuple[str, str, str, str]:
    """A table-3 leaf row and an applicant column drawn for this report: (row, column, row word, column word)."""
    rng = random.Random(spec.id)
    row, row_word = rng.choice(sorted(T3_LEAVES.items()))
    column, column_word = rng.choice(sorted(T3_COLUMN_WORDS.items()))
    return row, column, row_word, column_word


def _random_cell_question(spec: ReportSpec) -> str:
    _, _, row_word, column_word = _random_cell(spec)
    return f"{_who(spec)}{row_word}的申请中{column_word}有多少件？"


def _random_cell_truth(spec: ReportSpec) -> int | Decimal | None:
    row, column, _, _ = _random_cell(spec)
    return _cell(spec, TableId.T3, row, column)


LOOKUPS = (
    Lookup(
        "lookup received",
        lambda spec: f"{_who(spec)}本年新收政府信息公开申请数量是多少？",
        lambda spec: _cell(spec, TableId.T3, RECEIVED, TOTAL),
    ),
    Lookup(
        "lookup granted",
        lambda spec: f"{_who(spec)}予以公开多少件？",
        lambda spec: _cell(spec, TableId.T3, GRANTED, TOTAL),
    ),
    Lookup(
        "lookup t2 permit (2021)",
        lambda spec: f"{_who(spec)}行政许可本年处理决定数量是多少？",
        lambda spec: _cell(spec, TableId.T2, "第二十条第（五）项/行政许可", "本年处理决定数量"),
        lambda spec: spec.table_format == TableFormat.V2021,
    ),
    Lookup(
        "lookup t2 rules made (2019)",
        lambda spec: f"{_who(spec)}规章本年新制作数量是多少？",
        lambda spec: _cell(spec, TableId.T2, "第二十条第（一）项/规章", "本年新制作数量"),
        lambda spec: spec.table_format == TableFormat.V2019,
    ),
    Lookup(
        "lookup t4 review corrected",
        lambda spec: f"{_who(spec)}行政复议结果纠正多少件？",
        lambda spec: _cell(spec, TableId.T4, T4_ROW, "行政复议/结果纠正"),
    ),
    Lookup(
        "lookup sum organisations",
        lambda spec: f"{_who(spec)}法人或其他组织申请了多少？",
        lambda spec: _sum(spec, [(TableId.T3, RECEIVED, column) for column in ORGANISATIONS]),
    ),
    Lookup("lookup sum withheld", lambda spec: f"{_who(spec)}不予公开多少件？", _t3_withheld),
    Lookup("lookup t3 random cell", _random_cell_question, _random_cell_truth),
)


def check_lookup(answer: Answer, spec: ReportSpec, expected: int | Decimal | None) -> str:
    """'' when the answer is exactly the spec's figure for that agency-year, else what went wrong."""
    if answer.kind != AnswerKind.LOOKUP:
        return f"kind {answer.kind.value}: {answer.text[:80]}"
    got = [(v.place, v.year, v.value) for v in answer.values]
    want = [(spec.place, spec.year, text_of(expected))]
    if got != want:
        return f"got {got}, expected {want}"
    if expected is None and "未提供" not in answer.text:
        return f"no 未提供 in {answer.text[:80]}"
    return ""


def report_of(answer_source: str) -> str:
    return answer_source.removesuffix(".txt")


def run_generated(
    reports: int, seed: int, per_template: int, encode_limit: int, profile: bool, keep: Path | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        index_dir = keep or Path(tmp) / "index"
        started = time.perf_counter()
        specs = write_corpus(corpus, n=reports, seed=seed, distinct=True)
        generated = time.perf_counter() - started
        built = None
        if current_build(index_dir) is None:
            embedder = make_embedder("use")
            if encode_limit:
                from bench.index_build import TimedEmbedder

                embedder = TimedEmbedder(encode_limit)  # type: ignore[assignment]
            started = time.perf_counter()
            Builder(index_dir, embedder).build([corpus])
            built = time.perf_counter() - started
        started = time.perf_counter()
        try:
            engine = open_engine(index_dir)
        except IndexMismatch as error:
            raise SystemExit(f"{index_dir}: {error} — remove the folder to rebuild it") from error
        loaded = time.perf_counter() - started
        passages = engine.store.counts().get("passages", 0)
        print(f"## Generated corpus: {reports} reports (seed {seed}), {passages} passages\n")
        build = f"build (USE) {built:.0f} s" if built is not None else f"index reused from {index_dir}"
        print(f"generate {generated:.0f} s · {build} · load engine {loaded:.1f} s")
        if encode_limit and passages > encode_limit:
            print(
                f"NOTE: --encode-limit {encode_limit}: only {encode_limit} passages were encoded, the rest reuse "
                "their vectors — narrative figures of this run are NOT representative."
            )
        asked = run_questions(engine, specs, seed, per_template)
        if profile:
            for group in ("lookup", "narrative", "rank"):
                with profiled(True, f"{group} questions ({len(asked[group])}), asked again"):
                    for question in asked[group]:
                        engine.answer(question)


def run_questions(engine: Engine, specs: list[ReportSpec], seed: int, per_template: int) -> dict[str, list[str]]:
    """Asks the template questions, prints the table; returns the questions asked by group (for profiling)."""
    rng = random.Random(seed)
    tallies: dict[str, Tally] = defaultdict(Tally)
    asked: dict[str, list[str]] = defaultdict(list)
    timed(engine, f"{_who(specs[0])}存在哪些主要问题？")  # warm-up: encoder, FAISS, BM25, SQLite pages
    timed(engine, f"{_who(specs[-1])}本年新收政府信息公开申请数量是多少？")

    for template in LOOKUPS:
        eligible = [s for s in specs if template.applies(s)]
        for spec in rng.sample(eligible, min(per_template, len(eligible))):
            expected = template.truth(spec)
            question = template.question(spec)
            answer, seconds = timed(engine, question)
            problem = check_lookup(answer, spec, expected)
            tallies[template.name].add(not problem, seconds, f"{question} → {problem}")
            asked["lookup"].append(question)

    newest = sorted(_newest_per_place(specs).values(), key=lambda s: s.id)
    for name, chosen in (
        ("narrative (year given)", rng.sample(specs, min(per_template, len(specs)))),
        ("narrative (newest year)", rng.sample(newest, min(per_template, len(newest)))),
    ):
        for spec in chosen:
            year = f"{spec.year}年" if "year given" in name else ""
            question = f"{spec.county or ''}{spec.place}{year}存在哪些主要问题？"
            answer, seconds = timed(engine, question)
            right = [
                p for p in answer.passages if report_of(p.citation.source) == spec.id and PROBLEMS_SECTION in p.section
            ]
            tally = tallies[name]
            tally.add(bool(right), seconds, f"{question} → {[(p.citation.source, p.section) for p in answer.passages]}")
            tally.top1 += bool(right) and right[0] is answer.passages[0]
            asked["narrative"].append(question)

    by_county_year: dict[tuple[str, int], list[ReportSpec]] = defaultdict(list)
    for spec in specs:
        by_county_year[(spec.county or "", spec.year)].append(spec)
    groups = sorted(by_county_year.items())
    pairs = [group for group in groups if len(group[1]) >= 2]
    for (county, year), members in rng.sample(pairs, min(per_template, len(pairs))):
        first, second = rng.sample(members, 2)
        question = f"{county}{first.place}和{county}{second.place}{year}年收到的申请对比"
        answer, seconds = timed(engine, question)
        want = sorted((s.place, s.year, text_of(_cell(s, TableId.T3, RECEIVED, TOTAL))) for s in (first, second))
        got = sorted((v.place, v.year, v.value) for v in answer.values)
        ok = answer.kind == AnswerKind.COMPARE and got == want
        tallies["compare"].add(ok, seconds, f"{question} → {answer.kind.value} {got}, expected {want}")

    for (county, year), members in rng.sample(groups, min(per_template, len(groups))):
        towns = [s for s in members if s.level in (Level.TOWN, Level.TOWNSHIP)]
        if not towns:
            continue
        question = f"{county}{year}年哪个乡镇收到的政府信息公开申请最多？"
        answer, seconds = timed(engine, question)
        figures = {s.place: _cell(s, TableId.T3, RECEIVED, TOTAL) for s in towns}
        top = max(v for v in figures.values() if v is not None)
        want = sorted((place, text_of(v)) for place, v in figures.items() if v == top)
        # A ranking lists every report in scope; the asked ones are those tied first.
        first = answer.values[0].value if answer.values else None
        got = sorted((v.place or "", v.value or "") for v in answer.values if v.value == first)
        ok = answer.kind == AnswerKind.RANK and got == want
        tallies["rank"].add(ok, seconds, f"{question} → {answer.kind.value} {got}, expected {want}")
        asked["rank"].append(question)

    print()
    print_table(tallies, seed_suite=False)
    for name, tally in sorted(tallies.items()):
        if name.startswith("narrative"):
            among = f"{tally.right}/{tally.asked}"
            print(f"\n{name}: right report and section 五 among the passages {among}, as the first {tally.top1}")
    lookup_failures = [f for name, t in tallies.items() if name.startswith("lookup") for f in t.failures]
    if lookup_failures:
        print(f"\nLookups NOT exact: {len(lookup_failures)}")
        print("\n".join(f"- {f}" for f in lookup_failures[:40]))
    else:
        print("\nLookups: every answer exact (place, year and the figure as written).")
    for name, tally in sorted(tallies.items()):
        if not name.startswith("lookup") and tally.failures:
            print(f"\n{name}: {len(tally.failures)} wrong, first ones:")
            print("\n".join(f"- {f}" for f in tally.failures[:5]))
    return asked


def _newest_per_place(specs: list[ReportSpec]) -> dict[tuple[str | None, str], ReportSpec]:
    newest: dict[tuple[str | None, str], ReportSpec] = {}
    for spec in specs:
        key = (spec.county, spec.place)
        if key not in newest or spec.year > newest[key].year:
            newest[key] = spec
    return newest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=0, help="0: the seed suite; N: N generated reports")
    parser.add_argument("--seed", type=int, default=20240601, help="corpus and question sampling seed")
    parser.add_argument("--per-template", type=int, default=DEFAULT_PER_TEMPLATE, help="questions per template")
    parser.add_argument("--encode-limit", type=int, default=0, help="encode at most this many passages (0: all)")
    parser.add_argument("--profile", action="store_true", help="cProfile the lookup, narrative and rank questions")
    parser.add_argument("--query-threads", type=int, default=0, help="FAISS OpenMP threads when answering (0: default)")
    parser.add_argument("--voices", action="store_true", help="score tests/qa/voices.json: right / miss / wrong")
    parser.add_argument("--keep", type=Path, help="index folder: built there if empty, else reused (same corpus)")
    args = parser.parse_args()
    if args.query_threads:
        import faiss

        faiss.omp_set_num_threads(args.query_threads)
        print(f"(answering with {args.query_threads} FAISS OpenMP thread(s): --query-threads)")
    if args.voices:
        run_voices(args.keep)
        return
    if args.reports <= 0:
        run_seed_suite()
    else:
        run_generated(args.reports, args.seed, args.per_template, args.encode_limit, args.profile, args.keep)
    print(
        f"\nTargets (warm, p95): lookup ≤ {TARGETS_MS['lookup']:.0f} ms, narrative ≤ {TARGETS_MS['narrative']:.0f} ms."
    )


if __name__ == "__main__":
    main()
