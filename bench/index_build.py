"""Index build figures on generated corpora: time per stage, encoder passages/s, peak RAM, index size.

    python -m bench.index_build --reports 1000 [--reports 10000 ...] [--encode-limit 20000] [--workers 0]

Every stage runs for real. The encoder (USE on the CPU) is the slow stage; above ``--encode-limit``
passages the run encodes that many, measures passages/s, and reports the full encoding time as an
extrapolation (said as such), while FAISS is built from that many real vectors tiled to the full count
so its build time and size are still measured at full scale.

"encode s" is the encoder's own time for the build's passages, measured alone after the build (a fresh
embedder, weights loading included as in a build, the same ``ENCODE_BATCH`` calls, nothing else running
in this process): the build parses in a worker process while it encodes, so time spent inside
``encode`` during the build is not the encoder's own time. ``--alone-sample`` passages (default 20,000)
are encoded alone; above that the time is extrapolated from their rate (said as such).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from index.batch_encoder import ENCODE_BATCH
from index.build import FAISS_FILE, LEXICAL_DIR, STORE_FILE, Builder, current_build
from index.embed import make_embedder
from index.store import Store
from index.testing.generate import write_corpus

ALONE_SAMPLE = 20_000  # passages encoded alone after the build, at most (its rate gives the rest)


class TimedEmbedder:
    """The real embedder, timed; past ``limit`` texts it reuses real vectors instead of encoding more."""

    def __init__(self, limit: int) -> None:
        self.inner = make_embedder("use")
        self.limit = limit
        self.encoded = 0
        self.seconds = 0.0
        self.requested = 0
        self.fewer_threads = [0, 0.0]  # passages and seconds encoded for real on fewer threads (beside the worker)
        self._pool: list[np.ndarray] = []

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def threads(self) -> int:
        return self.inner.threads  # type: ignore[attr-defined, no-any-return]

    def encode(self, texts: list[str], *, threads: int | None = None) -> np.ndarray:
        self.requested += len(texts)
        if self.encoded < self.limit or not self._pool:
            started = time.perf_counter()
            vectors = self.inner.encode(texts, threads=threads)  # type: ignore[call-arg]
            self.seconds += time.perf_counter() - started
            self.encoded += len(texts)
            if threads is not None and threads < self.threads and len(texts) > 1:
                self.fewer_threads[0] += len(texts)
                self.fewer_threads[1] += time.perf_counter() - started
            self._pool.append(vectors)
            return vectors
        pool = np.vstack(self._pool) if len(self._pool) > 1 else self._pool[0]
        self._pool = [pool]
        return pool[np.arange(len(texts)) % len(pool)]

    def rate_beside_worker(self) -> float:
        """Passages/s of the real encoding done on fewer threads, beside the build's worker (0: none)."""
        return self.fewer_threads[0] / self.fewer_threads[1] if self.fewer_threads[1] else 0.0


def encode_alone(build: Path, sample: int) -> tuple[float, int, int]:
    """(seconds, passages encoded, passages in the build): a fresh USE embedder encoding the build's passages
    (all of them, or ``sample`` spread evenly over them) in ``ENCODE_BATCH`` calls, weights loading included."""
    store = Store(build / STORE_FILE, readonly=True)
    try:
        texts = [passage.index_text() for _, passage in store.all_passages()]
    finally:
        store.close()
    chosen = texts if len(texts) <= sample else [texts[i] for i in np.linspace(0, len(texts) - 1, sample, dtype=int)]
    embedder = make_embedder("use")
    started = time.perf_counter()
    for start in range(0, len(chosen), ENCODE_BATCH):
        embedder.encode(chosen[start : start + ENCODE_BATCH])
    return time.perf_counter() - started, len(chosen), len(texts)


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child (the build's parse worker), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def run(reports: int, encode_limit: int, workers: int | None = None, alone_sample: int = ALONE_SAMPLE) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        started = time.perf_counter()
        write_corpus(corpus, n=reports, seed=reports, distinct=True)
        generated = time.perf_counter() - started
        embedder = TimedEmbedder(encode_limit)
        started = time.perf_counter()
        result = Builder(index_dir, embedder, workers=workers).build([corpus])
        total = time.perf_counter() - started
        build = current_build(index_dir)
        assert build is not None and result.manifest is not None
        own_rss, worker_rss = peak_rss_mb()
        passages = result.manifest.counts["passages"]
        alone_s, alone_n, _ = encode_alone(build, alone_sample)
        rate = alone_n / alone_s
        full_encode = passages / rate
        t = result.timings
        return {
            "reports": reports,
            "passages": passages,
            "generate_s": generated,
            "workers": t["workers"],
            "parse_store_s": t["parse_store"],
            "bm25_s": t["lexical"],
            "encode_in_build_s": embedder.seconds,
            "encoded": embedder.encoded,
            "alone_encoded": alone_n,
            "passages_per_s": rate,
            "encode_full_s": full_encode,
            "index_s": t["faiss"] + t["lexical_wait"],
            "build_wall_s": total,
            "beside_rate": embedder.rate_beside_worker(),
            "build_full_estimate_s": full_build_estimate(t, passages, rate, embedder.rate_beside_worker() or rate),
            "peak_rss_mb": own_rss,
            "worker_rss_mb": worker_rss,
            "store_mb": _size(build / STORE_FILE) / 1e6,
            "faiss_mb": _size(build / FAISS_FILE) / 1e6,
            "lexical_mb": _size(build / LEXICAL_DIR) / 1e6,
            "index_mb": _size(build) / 1e6,
        }


def full_build_estimate(timings: dict[str, float], passages: int, rate: float, beside_rate: float) -> float:
    """The build's time had every passage been encoded for real (for a build that tiled sampled vectors).

    Without a worker the stages add up. With one, the encoder runs at ``beside_rate`` while the worker
    parses, stores and builds BM25, then at ``rate`` (alone); the build ends when both are done, plus FAISS
    and the manifest."""
    fixed = timings["faiss"] + timings["manifest"]
    worker = timings["parse_store"] + timings["lexical"]
    if not timings["workers"]:
        return worker + passages / rate + fixed
    during_worker = min(passages, beside_rate * worker)
    return max(worker, during_worker / beside_rate) + (passages - during_worker) / rate + fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, action="append", help="corpus size (repeatable); default 1000")
    parser.add_argument("--encode-limit", type=int, default=20_000, help="passages encoded for real per run")
    parser.add_argument("--alone-sample", type=int, default=ALONE_SAMPLE, help="passages encoded alone, at most")
    parser.add_argument("--workers", type=int, help="Builder(workers=...): 0 serial, 1 pipelined; default auto")
    args = parser.parse_args()
    print(
        "| reports | passages | workers | parse+store s | BM25 s | encoder passages/s (alone) | encode s (alone) "
        "| FAISS+BM25 wait s | build s | build ÷ encode | peak RSS MB (build / worker) "
        "| index MB (store / faiss / bm25) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for reports in args.reports or [1000]:
        f = run(reports, args.encode_limit, args.workers, args.alone_sample)
        measured = f["encoded"] >= f["passages"]
        encode = f"{f['encode_full_s']:.0f}"
        if f["alone_encoded"] < f["passages"]:
            encode += f" (extrapolated from {f['alone_encoded']:.0f})"
        build_s = f["build_wall_s"] if measured else f["build_full_estimate_s"]
        build = f"{build_s:.0f}" if measured else f"~{build_s:.0f} (extrapolated)"
        print(
            f"| {f['reports']:.0f} | {f['passages']:.0f} | {f['workers']:.0f} | {f['parse_store_s']:.1f} "
            f"| {f['bm25_s']:.1f} | {f['passages_per_s']:.1f} | {encode} | {f['index_s']:.1f} | {build} "
            f"| {build_s / f['encode_full_s']:.2f} | {f['peak_rss_mb']:.0f} / {f['worker_rss_mb']:.0f} "
            f"| {f['index_mb']:.1f} ({f['store_mb']:.1f} / {f['faiss_mb']:.1f} / {f['lexical_mb']:.1f}) |"
        )
    print(f"(encoder: USE multilingual, {ENCODE_BATCH} passages per call, CPU)")


if __name__ == "__main__":
    main()
