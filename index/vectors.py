"""FAISS inner-product index over L2-normalised vectors, with metadata filtering before ranking.

Below ``HNSW_THRESHOLD`` vectors the index is exact (``IndexFlatIP``); from there on it is HNSW, which trades a
little recall for query latency (figures: ``bench/vector_threshold.py``). Both sit inside ``IndexIDMap2`` so
callers use their own int64 ids (chunk ids) throughout.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import faiss
import numpy as np

HNSW_THRESHOLD = 200_000  # vectors; exact search is ~35 ms at 200k on 2 cores (bench/vector_threshold.py)
HNSW_M = 32  # graph degree: faiss's usual choice for 512-d; memory cost ~ M * 8 bytes per vector
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
# A filter keeping at most this share of the vectors is answered by exact scoring of just those vectors:
# HNSW with a restrictive filter walks mostly disallowed nodes and can return fewer than k hits.
EXACT_FILTER_FRACTION = 0.2

Hits = list[tuple[int, float]]


class VectorIndex:
    def __init__(self, dim: int, *, hnsw_threshold: int = HNSW_THRESHOLD) -> None:
        if dim <= 0:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.hnsw_threshold = hnsw_threshold
        self._index: faiss.IndexIDMap2 = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._ids_cache: np.ndarray | None = None
        self._order_cache: tuple[np.ndarray, np.ndarray] | None = None  # (argsort of _ids(), sorted ids)

    @property
    def count(self) -> int:
        return int(self._index.ntotal)

    @property
    def is_hnsw(self) -> bool:
        return isinstance(self._inner(), faiss.IndexHNSW)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.ascontiguousarray(ids, dtype=np.int64).reshape(-1)
        vectors = self._as_matrix(vectors)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids for {len(vectors)} vectors")
        if len(ids) == 0:
            return
        if (ids < 0).any():
            raise ValueError("ids must be non-negative (faiss uses -1 for 'no result')")
        # IndexIDMap2 silently accepts duplicates and then reconstructs the wrong vector for one of them.
        if len(np.unique(ids)) != len(ids) or np.isin(ids, self._ids()).any():
            raise ValueError("duplicate ids")
        if not self.is_hnsw and self.count + len(ids) >= self.hnsw_threshold:
            self._index = self._rebuild_as_hnsw()
        self._index.add_with_ids(vectors, ids)
        self._ids_cache = self._order_cache = None

    def search(self, query_vectors: np.ndarray, k: int, allowed_ids: np.ndarray | None = None) -> list[Hits]:
        """Top ``k`` (id, inner product) per query row, best first. With ``allowed_ids`` only those can appear."""
        queries = self._as_matrix(query_vectors)
        if k <= 0 or self.count == 0:
            return [[] for _ in range(len(queries))]
        if allowed_ids is None:
            scores, found = self._index.search(queries, min(k, self.count), params=self._params(None, k))
            return _hits(scores, found)

        allowed, rows = self._rows_of(np.asarray(allowed_ids, dtype=np.int64).reshape(-1))
        if len(allowed) == 0:
            return [[] for _ in range(len(queries))]
        k = min(k, len(allowed))
        if len(allowed) <= EXACT_FILTER_FRACTION * self.count:
            return self._exact_subset(queries, k, rows)
        params = self._params(faiss.IDSelectorBatch(allowed), k, selectivity=len(allowed) / self.count)
        scores, found = self._index.search(queries, k, params=params)
        results = _hits(scores, found)
        if any(len(row) < k for row in results):  # approximate search came up short: answer exactly instead
            return self._exact_subset(queries, k, rows)
        return results

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Same folder as the target so os.replace is a rename, never a copy: readers see old or new, never half.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            faiss.write_index(self._index, tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | Path, *, hnsw_threshold: int = HNSW_THRESHOLD) -> VectorIndex:
        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"{path} is not a VectorIndex file (found {type(index).__name__})")
        inner = faiss.downcast_index(index.index)
        if isinstance(inner, faiss.IndexHNSW):
            inner.hnsw.efSearch = HNSW_EF_SEARCH  # not persisted by faiss
        if inner.metric_type != faiss.METRIC_INNER_PRODUCT:
            raise ValueError(f"{path} does not use inner product")
        loaded = cls(index.d, hnsw_threshold=hnsw_threshold)
        loaded._index = index
        return loaded

    # ------------------------------------------------------------------ internals

    def _inner(self) -> faiss.Index:
        return faiss.downcast_index(self._index.index)

    def _ids(self) -> np.ndarray:
        if self._ids_cache is None:
            self._ids_cache = faiss.vector_to_array(self._index.id_map).astype(np.int64, copy=False)
        return self._ids_cache

    def _stored_vectors(self) -> np.ndarray:
        """All vectors in insertion order (the order of ``_ids()``), as a zero-copy view where faiss allows."""
        inner = self._inner()
        storage = faiss.downcast_index(inner.storage) if isinstance(inner, faiss.IndexHNSW) else inner
        return faiss.rev_swig_ptr(storage.get_xb(), self.count * self.dim).reshape(self.count, self.dim)

    def _rebuild_as_hnsw(self) -> faiss.IndexIDMap2:
        hnsw = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        index = faiss.IndexIDMap2(hnsw)
        if self.count:
            index.add_with_ids(np.array(self._stored_vectors()), self._ids().copy())
        return index

    def _params(
        self, selector: faiss.IDSelector | None, k: int, selectivity: float = 1.0
    ) -> faiss.SearchParameters | None:
        if not self.is_hnsw:
            return None if selector is None else faiss.SearchParameters(sel=selector)
        # With a filter, only a share of the visited nodes count towards k: widen the beam to compensate.
        ef = max(HNSW_EF_SEARCH, k, int(k / max(selectivity, 1e-9)))
        ef = min(ef, max(HNSW_EF_SEARCH, self.count))
        if selector is None:
            return faiss.SearchParametersHNSW(efSearch=ef)
        return faiss.SearchParametersHNSW(sel=selector, efSearch=ef)

    def _rows_of(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The wanted ids that are stored (sorted, unique) and their rows: a binary search per id, so a
        filter to one report costs the same in a corpus of 1k or 100k reports."""
        if self._order_cache is None:
            order = np.argsort(self._ids(), kind="stable")
            self._order_cache = order, self._ids()[order]
        order, ordered = self._order_cache
        wanted = np.unique(wanted)
        at = np.searchsorted(ordered, wanted)
        found = at < len(ordered)
        found[found] = ordered[at[found]] == wanted[found]
        return wanted[found], order[at[found]]

    def _exact_subset(self, queries: np.ndarray, k: int, rows: np.ndarray) -> list[Hits]:
        ids = self._ids()
        scores = queries @ self._stored_vectors()[rows].T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        results: list[Hits] = []
        for q in range(len(queries)):
            order = top[q][np.argsort(-scores[q, top[q]], kind="stable")]
            results.append([(int(ids[rows[j]]), float(scores[q, j])) for j in order])
        return results

    def _as_matrix(self, vectors: np.ndarray) -> np.ndarray:
        matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        if matrix.ndim == 1:
            matrix = matrix.reshape(1, -1)
        if matrix.ndim != 2 or (matrix.shape[0] and matrix.shape[1] != self.dim):
            raise ValueError(f"expected vectors of dim {self.dim}, got shape {matrix.shape}")
        return matrix.reshape(-1, self.dim)


def _hits(scores: np.ndarray, found: np.ndarray) -> list[Hits]:
    # faiss pads missing results with id -1.
    return [
        [(int(i), float(s)) for i, s in zip(row_ids, row_scores, strict=True) if i != -1]
        for row_ids, row_scores in zip(found, scores, strict=True)
    ]
