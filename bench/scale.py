"""Scale benchmark: build and query generated corpora of 1k, 10k, 100k reports.

    python -m bench.scale --reports 1000 --reports 10000 [--reports 100000] [--per-template 50]

For each size, in a process of its own (so peak RSS is that size's): generate N distinct agency-years,
build the index (parse + structured store, encoding, FAISS, BM25 — each stage timed), then ask the
template questions of bench/qa_eval.py on the served index, warm, and time them per kind of question.

Dense encoding is real up to ``--dense-up-to`` reports (10k); above it the USE encoder encodes
``--encode-sample`` passages to measure its passages/s, and the rest reuse those vectors (tiled, as
bench/index_build.py does) so that FAISS is still built, saved and searched at the full count. The full
encoding time is then extrapolated from the measured rate and said so; narrative answers of such a run
are not meaningful (their latency is). Lookups always run against the real store.

The build parses and stores in a worker process while it encodes (``Builder(workers=None)``: automatic;
``--workers 0`` for the serial build). "encode s" in the tables is the encoder's own time for the
build's passages measured alone, after the build: a fresh USE embedder (weights loading included, as in a
build) encoding them in the build's batches with nothing else running here; up to ``--alone-sample``
passages, the rest extrapolated from their rate (said so). "build ÷ encode" divides the build's wall
time by that. Stage times are the build's own (``BuildResult.timings``): parse+store and BM25 are the
worker's time, hidden behind encoding when there is a worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # python bench/scale.py works too

from bench.eval import qa_tallies
from bench.index_build import ALONE_SAMPLE, TimedEmbedder, _size, encode_alone, full_build_estimate
from bench.qa_eval import DEFAULT_PER_TEMPLATE, TARGETS_MS, percentile
from index.build import (
    FAISS_FILE,
    LEXICAL_DIR,
    ORIGINALS,
    STORE_FILE,
    VECTOR_IDS_FILE,
    VECTORS_FILE,
    Builder,
    current_build,
)
from index.testing.generate import write_corpus
from index.vectors import HNSW_THRESHOLD
from qa.engine import load_engine

DENSE_UP_TO = 10_000  # reports: above this the encoder is sampled and extrapolated
ENCODE_SAMPLE = 5_000  # passages encoded for real above DENSE_UP_TO (enough for a stable passages/s)
BUILD_TARGET = 1.2  # index build ≤ 1.2 × the encoder's own time for the same passages
LOOKUP_TARGET_100K_MS = 1000.0
KINDS = ("lookup", "narrative", "compare", "rank")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(
    reports: int,
    seed: int,
    per_template: int,
    dense_up_to: int,
    encode_sample: int,
    workers: int | None = None,
    alone_sample: int = ALONE_SAMPLE,
) -> dict[str, Any]:
    """Every figure of one corpus size (run in its own process: peak RSS is a process-wide maximum)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-scale-") as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        started = time.perf_counter()
        specs = write_corpus(corpus, n=reports, seed=seed, distinct=True)
        generate_s = time.perf_counter() - started
        corpus_mb = _size(corpus) / 1e6

        dense = reports <= dense_up_to
        embedder = TimedEmbedder(10**12 if dense else encode_sample)
        started = time.perf_counter()
        result = Builder(index_dir, embedder, workers=workers).build([corpus])
        build_s = time.perf_counter() - started
        build_rss = peak_rss_mb()
        worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        build = current_build(index_dir)
        assert build is not None and result.manifest is not None
        passages = result.manifest.counts["passages"]
        alone_s, alone_n, _ = encode_alone(build, alone_sample if dense else min(alone_sample, encode_sample))
        rate = alone_n / alone_s if alone_s else 0.0
        encode_full_s = passages / rate if rate else 0.0
        beside_rate = embedder.rate_beside_worker()
        # Tiled vectors cost nothing: what the build would take encoding every passage for real.
        build_full_s = build_s if dense else full_build_estimate(result.timings, passages, rate, beside_rate or rate)
        sizes = {
            "store_mb": _size(build / STORE_FILE) / 1e6,
            "faiss_mb": _size(build / FAISS_FILE) / 1e6,
            "vectors_npy_mb": (_size(build / VECTORS_FILE) + _size(build / VECTOR_IDS_FILE)) / 1e6,
            "bm25_mb": _size(build / LEXICAL_DIR) / 1e6,
            "build_mb": _size(build) / 1e6,
            "originals_mb": _size(index_dir / ORIGINALS) / 1e6,
        }

        started = time.perf_counter()
        engine = load_engine(index_dir)
        load_s = time.perf_counter() - started
        load_rss = peak_rss_mb()
        tallies, qa_markdown, _ = qa_tallies(engine, specs, seed, per_template)
        by_kind: dict[str, dict[str, float]] = {}
        for kind in KINDS:
            chosen = [t for name, t in tallies.items() if name.split(" ")[0] == kind]
            seconds = [s for t in chosen for s in t.seconds]
            by_kind[kind] = {
                "asked": sum(t.asked for t in chosen),
                "right": sum(t.right for t in chosen),
                "p50_ms": percentile(seconds, 0.5) * 1000,
                "p95_ms": percentile(seconds, 0.95) * 1000,
            }
        return {
            "reports": reports,
            "passages": passages,
            "rejected": sum(o.status == "rejected" for o in result.outcomes),
            "dense_real": dense,
            "vector_index": result.manifest.vector_index,
            "generate_s": generate_s,
            "corpus_mb": corpus_mb,
            "timings": result.timings,
            "encoded": embedder.encoded,
            "encode_in_build_s": embedder.seconds,
            "beside_rate": beside_rate,
            "alone_encoded": alone_n,
            "passages_per_s": rate,
            "encode_full_s": encode_full_s,
            "build_s": build_s,
            "build_full_s": build_full_s,
            "build_rss_mb": build_rss,
            "worker_rss_mb": worker_rss,
            "load_s": load_s,
            "peak_rss_mb": peak_rss_mb(),
            "load_rss_mb": load_rss,
            **sizes,
            "queries": by_kind,
            "qa_markdown": qa_markdown,
        }


# ---- the tables --------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _markdown(headers: list[str], rows: Iterable[list[str]]) -> str:
    """A markdown table: its separator line follows from the headers, never counted by hand."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(headers), "|" + "---|" * len(headers), *map(line, rows)])


def build_table(runs: list[dict[str, Any]]) -> str:
    headers = [
        "reports", "passages", "generate s", "parse+store s", "BM25 s",
        "encoder passages/s (alone / beside the worker)", "encode s (alone)", "FAISS s", "manifest s", "build s",
        "build ÷ encode", "peak RSS MB (build / worker / queries)",
    ]  # fmt: skip
    rows = []
    for r in runs:
        t = r["timings"]
        encode = f"{r['encode_full_s']:.0f}"
        if r["alone_encoded"] < r["passages"]:
            encode = f"~{encode} (extrapolated from {r['alone_encoded']} encoded alone)"
        build = f"{r['build_s']:.0f}"
        if not r["dense_real"]:
            build = f"{build} (~{r['build_full_s']:.0f} with real encoding: {r['encoded']} encoded, rest tiled)"
        if not t["workers"]:
            build += " (no worker)"
        ratio = r["build_full_s"] / r["encode_full_s"] if r["encode_full_s"] else 0.0
        beside = f" / {r['beside_rate']:.0f}" if r["beside_rate"] else ""
        verdict = f"{ratio:.2f} (target ≤ {BUILD_TARGET}: {_verdict(ratio <= BUILD_TARGET)})"
        rows.append(
            [
                f"{r['reports']}", f"{r['passages']}", f"{r['generate_s']:.0f}", f"{t['parse_store']:.1f}",
                f"{t['lexical']:.1f}", f"{r['passages_per_s']:.0f}{beside}", encode, f"{t['faiss']:.1f}",
                f"{t['manifest']:.1f}", build, verdict,
                f"{r['build_rss_mb']:.0f} / {r['worker_rss_mb']:.0f} / {r['peak_rss_mb']:.0f}",
            ]
        )  # fmt: skip
    return _markdown(headers, rows)


def size_table(runs: list[dict[str, Any]]) -> str:
    headers = [
        "reports", "corpus MB", "index MB", "store MB", "FAISS MB", "vectors.npy MB", "BM25 MB", "originals MB",
        "vector index", "engine load s",
    ]  # fmt: skip
    rows = [
        [
            f"{r['reports']}", f"{r['corpus_mb']:.0f}", f"{r['build_mb']:.0f}", f"{r['store_mb']:.0f}",
            f"{r['faiss_mb']:.0f}{'' if r['dense_real'] else ' (tiled)'}", f"{r['vectors_npy_mb']:.0f}",
            f"{r['bm25_mb']:.1f}", f"{r['originals_mb']:.0f}", f"{r['vector_index']}", f"{r['load_s']:.1f}",
        ]
        for r in runs
    ]  # fmt: skip
    return _markdown(headers, rows)


def query_table(runs: list[dict[str, Any]]) -> str:
    headers = ["reports", "kind", "questions", "right", "p50 ms", "p95 ms", "target p95"]
    rows = []
    for r in runs:
        for kind in KINDS:
            q = r["queries"][kind]
            target = TARGETS_MS.get(kind) if r["reports"] <= DENSE_UP_TO else None
            if kind == "lookup" and r["reports"] > DENSE_UP_TO:
                target = LOOKUP_TARGET_100K_MS
            verdict = "" if target is None else f"≤ {target:.0f}: {_verdict(q['p95_ms'] <= target)}"
            right = f"{q['right']:.0f}"
            if kind == "narrative" and not r["dense_real"]:
                right += " (tiled vectors: not meaningful)"
            rows.append(
                [
                    f"{r['reports']}",
                    kind,
                    f"{q['asked']:.0f}",
                    right,
                    f"{q['p50_ms']:.1f}",
                    f"{q['p95_ms']:.1f}",
                    verdict,
                ]
            )
    return _markdown(headers, rows)


def report(runs: list[dict[str, Any]]) -> str:
    parts = [
        "### Index build (generated corpus, USE encoder, 2 cores)",
        build_table(runs),
        "",
        "### On disk",
        size_table(runs),
        "",
        "### Questions (warm, one thread of questions; template questions of bench/qa_eval.py)",
        query_table(runs),
        "",
        f"FAISS: exact (Flat) below {HNSW_THRESHOLD} vectors, HNSW above. "
        "build ÷ encode: whole build (wall) over the encoder's own time for the same passages, measured alone "
        "after the build (fresh encoder, weights loading included). parse+store and BM25: the build's worker "
        "process, hidden behind encoding; beside the worker the encoder runs on one core fewer.",
    ]
    for r in runs:
        parts += ["", f"<details><summary>QA detail at {r['reports']} reports</summary>", "", r["qa_markdown"]]
        parts += ["", "</details>"]
    return "\n".join(parts)


def _child(args: argparse.Namespace, reports: int) -> dict[str, Any]:
    """One size in a fresh process, its figures back as JSON."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "bench.scale", "--one", str(reports), "--json", out.name]
        command += ["--seed", str(args.seed), "--per-template", str(args.per_template)]
        command += ["--dense-up-to", str(args.dense_up_to), "--encode-sample", str(args.encode_sample)]
        command += ["--alone-sample", str(args.alone_sample)]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        subprocess.run(command, check=True, cwd=Path(__file__).resolve().parent.parent)
        return json.loads(Path(out.name).read_text(encoding="utf-8"))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, action="append", help="corpus size (repeatable); default 1000")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--per-template", type=int, default=DEFAULT_PER_TEMPLATE, help="questions per template")
    parser.add_argument("--dense-up-to", type=int, default=DENSE_UP_TO, help="largest size encoded for real")
    parser.add_argument("--encode-sample", type=int, default=ENCODE_SAMPLE, help="passages encoded above that")
    parser.add_argument("--alone-sample", type=int, default=ALONE_SAMPLE, help="passages encoded alone, at most")
    parser.add_argument("--workers", type=int, help="Builder(workers=...): 0 serial, 1 pipelined; default auto")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    parser.add_argument("--json", type=Path, help="write the figures of the run(s) as JSON to this file")
    args = parser.parse_args()
    if args.one:
        figures = [
            run_size(
                args.one,
                args.seed,
                args.per_template,
                args.dense_up_to,
                args.encode_sample,
                args.workers,
                args.alone_sample,
            )
        ]
    else:
        figures = []
        for reports in args.reports or [1000]:
            print(f"scale: {reports} reports …", file=sys.stderr, flush=True)
            figures.append(_child(args, reports))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.one:
        print(report(figures))


if __name__ == "__main__":
    main()
