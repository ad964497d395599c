"""Flat vs HNSW on random normalised 512-d vectors: build time, query latency, HNSW recall@10.

Feeds the choice of ``index.vectors.HNSW_THRESHOLD``. Queries run one at a time (the QA path embeds one
question per request), unfiltered. Run: ``python bench/vector_threshold.py [--sizes 10000 50000 ...]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.vectors import HNSW_EF_SEARCH, HNSW_M, VectorIndex

DIM = 512
QUERIES = 200
K = 20
RECALL_AT = 10


def _random_unit(n: int, rng: np.random.Generator) -> np.ndarray:
    x = rng.standard_normal((n, DIM), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _build(vectors: np.ndarray, *, hnsw: bool) -> tuple[VectorIndex, float]:
    index = VectorIndex(DIM, hnsw_threshold=1 if hnsw else len(vectors) + 1)
    start = time.perf_counter()
    index.add(np.arange(len(vectors), dtype=np.int64), vectors)
    return index, time.perf_counter() - start


def _query(index: VectorIndex, queries: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    found, latencies = [], []
    for q in queries:
        start = time.perf_counter()
        hits = index.search(q, K)[0]
        latencies.append(time.perf_counter() - start)
        found.append([i for i, _ in hits])
    return found, np.array(latencies) * 1000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000, 200_000])
    args = parser.parse_args()

    rng = np.random.default_rng(20240601)
    print(
        f"faiss {faiss.__version__}, dim {DIM}, k {K}, {QUERIES} single queries, "
        f"HNSW M={HNSW_M} efSearch={HNSW_EF_SEARCH}, omp threads {faiss.omp_get_max_threads()}, "
        f"cpus {os.cpu_count()}"
    )
    header = f"{'n':>8} | {'index':<5} | {'build s':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'recall@10':>9}"
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        vectors = _random_unit(n, rng)
        # Queries near stored vectors, like a question near its answer chunk, rather than uniform noise.
        queries = vectors[rng.choice(n, QUERIES, replace=False)] + 0.5 * _random_unit(QUERIES, rng)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        flat, flat_build = _build(vectors, hnsw=False)
        truth, flat_ms = _query(flat, queries)
        del flat
        hnsw, hnsw_build = _build(vectors, hnsw=True)
        approx, hnsw_ms = _query(hnsw, queries)
        del hnsw
        recall = np.mean(
            [len(set(a[:RECALL_AT]) & set(t[:RECALL_AT])) / RECALL_AT for a, t in zip(approx, truth, strict=True)]
        )
        for name, build, ms, rec in (
            ("flat", flat_build, flat_ms, "1.000"),
            ("hnsw", hnsw_build, hnsw_ms, f"{recall:.3f}"),
        ):
            p50, p95 = np.percentile(ms, [50, 95])
            print(f"{n:>8} | {name:<5} | {build:>8.2f} | {p50:>7.2f} | {p95:>7.2f} | {rec:>9}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
