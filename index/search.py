"""A served index, loaded and checked, and its hybrid search: filters first, then FAISS and BM25 ranks
fused by reciprocal rank fusion."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.build import FAISS_FILE, LEXICAL_DIR, STORE_FILE, current_build
from index.embed import Embedder, make_embedder
from index.lexical import LexicalIndex
from index.manifest import IndexMismatch, Manifest, verify
from index.models import Passage
from index.parse import PARSER_VERSION
from index.store import STORE_VERSION, Filters, Store
from index.vectors import VectorIndex

RRF_K = 60  # the usual constant: damps the weight of the very first ranks
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
CANDIDATES = 50  # per ranking, before fusion


@dataclass(frozen=True)
class Hit:
    passage_id: int
    passage: Passage
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    dense_score: float | None  # cosine similarity of question and passage, when dense search ran


def fuse(rankings: list[tuple[list[int], float]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion of ranked id lists; ties keep the smaller id first."""
    scores: dict[int, float] = {}
    for ids, weight in rankings:
        for rank, pid in enumerate(ids, start=1):
            scores[pid] = scores.get(pid, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


class LoadedIndex:
    """Everything a question needs, loaded once: store, vectors, lexical index, the matching embedder."""

    def __init__(self, folder: Path, manifest: Manifest, embedder: Embedder) -> None:
        self.folder = folder
        self.manifest = manifest
        self.embedder = embedder
        self.store = Store(folder / STORE_FILE, readonly=True)
        self.vectors = VectorIndex.load(folder / FAISS_FILE)
        self.lexical = LexicalIndex.load(folder / LEXICAL_DIR)

    def search(
        self, query: str, filters: Filters | None = None, k: int = 5, mode: str = "hybrid", known: tuple[str, ...] = ()
    ) -> list[Hit]:
        """Best ``k`` passages for ``query`` among those the filters allow; mode: hybrid, lexical or dense.

        Words the filters already apply (place, county, agency, year) and the ``known`` ones are taken out of
        the query before ranking: every allowed passage carries them in its prefix, so they only reward the
        short passages that are mostly prefix (titles, "无").
        """
        query = strip_known(query, filters, known)
        allowed = None if filters is None or filters.is_empty() else self.store.passage_ids(filters)
        if allowed is not None and not allowed:
            return []
        allowed_array = None if allowed is None else np.asarray(allowed, dtype=np.int64)
        lexical = [] if mode == "dense" else [pid for pid, _ in self.lexical.search(query, CANDIDATES, allowed_array)]
        dense_hits: list[tuple[int, float]] = []
        if mode != "lexical" and self.vectors.count:
            dense_hits = self.vectors.search(self.embedder.encode([query]), CANDIDATES, allowed_array)[0]
        dense = [pid for pid, _ in dense_hits]
        similarity = dict(dense_hits)
        fused = fuse([(lexical, LEXICAL_WEIGHT), (dense, DENSE_WEIGHT)], k=RRF_K)[:k]
        passages = self.store.passages(pid for pid, _ in fused)
        lexical_rank = {pid: rank for rank, pid in enumerate(lexical, start=1)}
        dense_rank = {pid: rank for rank, pid in enumerate(dense, start=1)}
        return [
            Hit(pid, passages[pid], score, lexical_rank.get(pid), dense_rank.get(pid), similarity.get(pid))
            for pid, score in fused
            if pid in passages
        ]


def strip_known(query: str, filters: Filters | None, known: tuple[str, ...] = ()) -> str:
    terms = list(known)
    if filters is not None:
        terms += [v for v in (filters.place, filters.county, filters.agency) if v]
        if filters.year:
            terms += [f"{filters.year}年度", f"{filters.year}年", str(filters.year)]
    stripped = query
    for term in sorted(set(terms), key=len, reverse=True):
        stripped = stripped.replace(term, " ")
    return stripped if stripped.strip() else query


def open_index(index_dir: str | Path, embedder: Embedder | None = None, *, verify_files: bool = True) -> LoadedIndex:
    """Load the served build, refusing one built by another parser or embedder, or damaged."""
    folder = current_build(Path(index_dir))
    if folder is None:
        raise IndexMismatch(f"{index_dir} 中没有索引：请先运行 python -m index build")
    manifest = Manifest.load(folder)
    if verify_files or (manifest.parser_version, manifest.store_version) != (PARSER_VERSION, STORE_VERSION):
        verify(folder, manifest, PARSER_VERSION, STORE_VERSION)
    embedder = embedder or make_embedder(manifest.embedder_id)
    if embedder.id != manifest.embedder_id:
        raise IndexMismatch(
            f"索引使用向量模型 {manifest.embedder_id} 构建，当前配置为 {embedder.id}；"
            "向量不可混用，请重新构建索引 (python -m index build)"
        )
    return LoadedIndex(folder, manifest, embedder)
