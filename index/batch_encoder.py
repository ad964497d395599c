"""Encoding a build's passages: in fixed batches, in the order the store gave them ids, so a build gives
the same vectors bit for bit whether its reports were parsed here or in a worker process meanwhile."""

from __future__ import annotations

import inspect
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from index.embed import Embedder

ENCODE_BATCH = 256
WARM_UP_TEXT = "政府信息公开工作年度报告"


class BatchEncoder:
    """Encodes passages in ``ENCODE_BATCH`` batches in arrival order. Without a worker, all of them in
    ``finish`` with progress, as a build always did. With one (``busy`` says whether it still runs), each
    batch as soon as it is complete, on one core fewer while the worker runs (for an embedder whose
    ``encode`` takes ``threads``, as USE's does)."""

    def __init__(
        self, embedder: Embedder, progress: Callable[[str, int, int], None], busy: Callable[[], bool] | None
    ) -> None:
        self.embedder = embedder
        self.progress = progress
        self.busy = busy
        self.ids: list[int] = []
        self._texts: deque[str] = deque()  # not yet encoded
        self._parts = [np.zeros((0, embedder.dim), dtype=np.float32)]
        self._encoded = 0
        self.seconds = 0.0  # inside embedder.encode, on the passages
        self.idle = 0.0  # with a worker: waiting for passages with none to encode
        self._idle_since: float | None = None
        self.beside_worker = [0, 0.0]  # passages encoded, and seconds, while the worker ran
        self._threads = encode_threads(embedder)
        self._spared = max(1, self._threads - 1) if self._threads else 0

    def start(self) -> None:
        """With a worker: load the model while the worker starts (one text, its vector not kept)."""
        if self.busy is None:
            return
        self._encode([WARM_UP_TEXT], self._spared)
        self._idle_since = time.perf_counter()

    def add(self, ids: list[int], texts: list[str]) -> None:
        self.ids += ids
        self._texts += texts

    def ready(self) -> bool:
        """With a worker: a full batch is waiting to be encoded."""
        return self.busy is not None and len(self._texts) >= ENCODE_BATCH

    def batch(self) -> None:
        """Encode the next full batch (with a worker, while its events come in)."""
        self._batch()
        self._idle_since = time.perf_counter()

    def finish(self) -> tuple[np.ndarray, list[int]]:
        """Every passage's vector, in arrival order, with their ids."""
        total = len(self.ids)
        while self._encoded < total:
            self.progress("向量化", self._encoded, total)
            self._batch()
        self.progress("向量化", total, total)
        vectors = np.concatenate(self._parts)
        self._parts = []
        return vectors, self.ids

    def _batch(self) -> None:
        started = time.perf_counter()
        if self._idle_since is not None:
            self.idle += started - self._idle_since
            self._idle_since = None
        batch = [self._texts.popleft() for _ in range(min(ENCODE_BATCH, len(self._texts)))]  # kept no longer
        beside_worker = self.busy is not None and self.busy()
        self._parts.append(self._encode(batch, self._spared if beside_worker else self._threads))
        self._encoded += len(batch)
        self.seconds += time.perf_counter() - started
        if beside_worker:
            self.beside_worker[0] += len(batch)
            self.beside_worker[1] += time.perf_counter() - started

    def _encode(self, texts: list[str], threads: int) -> np.ndarray:
        if threads:
            return self.embedder.encode(texts, threads=threads)  # type: ignore[call-arg]
        return self.embedder.encode(texts)


def encode_threads(embedder: Embedder) -> int:
    """The embedder's own thread count if its ``encode`` takes ``threads``; else 0 (it decides alone)."""
    try:
        takes = "threads" in inspect.signature(embedder.encode).parameters
    except (TypeError, ValueError):
        return 0
    threads = getattr(embedder, "threads", None)
    return int(threads) if takes and isinstance(threads, int) and threads > 0 else 0
