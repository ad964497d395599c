"""Index build figures on generated corpora: time per stage, encoder passages/s, peak RAM, index size.

    python -m bench.index_build --reports 1000 [--reports 10000 ...] [--encode-limit 20000]

Every stage runs for real. The encoder (USE on the CPU) is the slow stage; above ``--encode-limit``
passages the run encodes that many, measures passages/s, and reports the full encoding time as an
extrapolation (said as such), while FAISS is built from that many real vectors tiled to the full count
so its build time and size are still measured at full scale.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from index.build import ENCODE_BATCH, FAISS_FILE, LEXICAL_DIR, STORE_FILE, Builder, current_build
from index.embed import make_embedder
from index.testing.generate import write_corpus


class TimedEmbedder:
    """The real embedder, timed; past ``limit`` texts it reuses real vectors instead of encoding more."""

    def __init__(self, limit: int) -> None:
        self.inner = make_embedder("use")
        self.limit = limit
        self.encoded = 0
        self.seconds = 0.0
        self.requested = 0
        self._pool: list[np.ndarray] = []

    @property
    def id(self) -> str:
        return self.inner.id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        self.requested += len(texts)
        if self.encoded < self.limit or not self._pool:
            started = time.perf_counter()
            vectors = self.inner.encode(texts)
            self.seconds += time.perf_counter() - started
            self.encoded += len(texts)
            self._pool.append(vectors)
            return vectors
        pool = np.vstack(self._pool)
        return pool[np.arange(len(texts)) % len(pool)]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def run(reports: int, encode_limit: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        started = time.perf_counter()
        write_corpus(corpus, n=reports, seed=reports, distinct=True)
        generated = time.perf_counter() - started
        stages: dict[str, float] = {}
        clock = {"stage": "", "since": time.perf_counter()}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if stage != clock["stage"]:
                if clock["stage"]:
                    stages[clock["stage"]] = stages.get(clock["stage"], 0.0) + now - clock["since"]
                clock["stage"], clock["since"] = stage, now

        embedder = TimedEmbedder(encode_limit)
        started = time.perf_counter()
        result = Builder(index_dir, embedder, progress).build([corpus])
        total = time.perf_counter() - started
        stages[clock["stage"]] = stages.get(clock["stage"], 0.0) + time.perf_counter() - clock["since"]
        build = current_build(index_dir)
        assert build is not None and result.manifest is not None
        passages = result.manifest.counts["passages"]
        rate = embedder.encoded / embedder.seconds if embedder.seconds else 0.0
        full_encode = passages / rate if rate else 0.0
        return {
            "reports": reports,
            "passages": passages,
            "generate_s": generated,
            "parse_store_s": stages.get("解析", 0.0),
            "encode_measured_s": embedder.seconds,
            "encoded": embedder.encoded,
            "passages_per_s": rate,
            "encode_full_s": full_encode,
            "index_s": stages.get("建立索引", 0.0),
            "build_wall_s": total,
            "build_full_estimate_s": total - embedder.seconds + full_encode,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "store_mb": _size(build / STORE_FILE) / 1e6,
            "faiss_mb": _size(build / FAISS_FILE) / 1e6,
            "lexical_mb": _size(build / LEXICAL_DIR) / 1e6,
            "index_mb": _size(build) / 1e6,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, action="append", help="corpus size (repeatable); default 1000")
    parser.add_argument("--encode-limit", type=int, default=20_000, help="passages encoded for real per run")
    args = parser.parse_args()
    print(
        "| reports | passages | parse+store s | encoder passages/s | encode s | FAISS+BM25 s | build s "
        "| peak RSS MB | index MB (store / faiss / bm25) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for reports in args.reports or [1000]:
        f = run(reports, args.encode_limit)
        measured = f["encoded"] >= f["passages"]
        encode = f"{f['encode_full_s']:.0f}" + ("" if measured else f" (extrapolated from {f['encoded']:.0f})")
        build = f"{f['build_wall_s']:.0f}" if measured else f"~{f['build_full_estimate_s']:.0f} (extrapolated)"
        print(
            f"| {f['reports']:.0f} | {f['passages']:.0f} | {f['parse_store_s']:.1f} | {f['passages_per_s']:.1f} "
            f"| {encode} | {f['index_s']:.1f} | {build} | {f['peak_rss_mb']:.0f} "
            f"| {f['index_mb']:.1f} ({f['store_mb']:.1f} / {f['faiss_mb']:.1f} / {f['lexical_mb']:.1f}) |"
        )
    print(f"(encoder: USE multilingual, {ENCODE_BATCH} passages per call, CPU)")


if __name__ == "__main__":
    main()
