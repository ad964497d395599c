"""Vector index: add/search/filter/save/load round trips for the exact and the HNSW layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.vectors import VectorIndex

DIM = 32
N = 600


def _unit(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture(params=["flat", "hnsw"])
def built(request: pytest.FixtureRequest) -> tuple[VectorIndex, np.ndarray, np.ndarray]:
    vectors = _unit(N, seed=1)
    ids = np.arange(1000, 1000 + N, dtype=np.int64) * 3  # sparse, large ids: the index must not assume 0..n-1
    # A small threshold forces HNSW; adding in two steps also covers the flat → HNSW rebuild.
    index = VectorIndex(DIM, hnsw_threshold=100 if request.param == "hnsw" else 10**9)
    index.add(ids[:50], vectors[:50])
    index.add(ids[50:], vectors[50:])
    assert index.is_hnsw == (request.param == "hnsw")
    return index, ids, vectors


def test_each_vector_finds_itself_first(built: tuple[VectorIndex, np.ndarray, np.ndarray]) -> None:
    index, ids, vectors = built
    assert index.count == N
    results = index.search(vectors[:20], k=5)
    assert [hits[0][0] for hits in results] == ids[:20].tolist()
    for hits in results:
        assert len(hits) == 5
        assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_filter_applies_before_ranking(built: tuple[VectorIndex, np.ndarray, np.ndarray]) -> None:
    index, ids, vectors = built
    queries = _unit(30, seed=2)
    for allowed in (ids[::2], ids[:3], ids[-40:], np.array([ids[7], 424242])):
        allowed_set = set(allowed.tolist())
        expected_len = min(10, len(allowed_set & set(ids.tolist())))
        for hits in index.search(queries, k=10, allowed_ids=allowed):
            assert {i for i, _ in hits} <= allowed_set
            assert len(hits) == expected_len  # a filtered search still fills k when enough ids are allowed
    # Exactness under a restrictive filter: the best allowed vector is what brute force says it is.
    allowed = ids[100:110]
    brute = vectors[100:110] @ queries.T
    best = [int(allowed[j]) for j in brute.argmax(axis=0)]
    assert [hits[0][0] for hits in index.search(queries, k=1, allowed_ids=allowed)] == best


def test_filter_maps_ids_added_out_of_order_to_their_own_vectors() -> None:
    vectors = _unit(200, seed=3)
    ids = np.random.default_rng(4).permutation(np.arange(5000, 5200, dtype=np.int64))
    index = VectorIndex(DIM)
    index.add(ids, vectors)
    allowed = ids[[3, 50, 120, 199]]
    for row in (3, 50, 120, 199):
        hits = index.search(vectors[row], k=4, allowed_ids=allowed[::-1])[0]
        assert hits[0] == (int(ids[row]), pytest.approx(1.0, abs=1e-5))
        assert {i for i, _ in hits} == set(allowed.tolist())


def test_filter_with_no_known_ids_returns_nothing(built: tuple[VectorIndex, np.ndarray, np.ndarray]) -> None:
    index, _, vectors = built
    assert index.search(vectors[:2], k=5, allowed_ids=np.array([], dtype=np.int64)) == [[], []]
    assert index.search(vectors[:2], k=5, allowed_ids=np.array([7])) == [[], []]


def test_save_load_round_trip(built: tuple[VectorIndex, np.ndarray, np.ndarray], tmp_path: Path) -> None:
    index, ids, vectors = built
    path = tmp_path / "sub" / "vectors.faiss"
    index.save(path)
    index.save(path)  # overwriting goes through the same temp-then-replace path
    assert [p.name for p in path.parent.iterdir()] == ["vectors.faiss"]  # no temp files left behind
    loaded = VectorIndex.load(path)
    assert loaded.count == N and loaded.dim == DIM and loaded.is_hnsw == index.is_hnsw
    queries = _unit(5, seed=3)
    assert loaded.search(queries, k=7) == index.search(queries, k=7)
    assert loaded.search(queries, k=7, allowed_ids=ids[::3]) == index.search(queries, k=7, allowed_ids=ids[::3])
    loaded.add(np.array([1]), vectors[:1])  # a loaded index keeps accepting vectors
    assert loaded.count == N + 1


def test_empty_index_and_degenerate_queries() -> None:
    index = VectorIndex(DIM)
    assert index.count == 0
    assert index.search(_unit(2, seed=4), k=3) == [[], []]
    index.add(np.array([5, 6]), _unit(2, seed=5))
    assert len(index.search(_unit(1, seed=6)[0], k=10)[0]) == 2  # a single 1-d query, k above count
    assert index.search(_unit(1, seed=6), k=0) == [[]]


def test_rejects_bad_input() -> None:
    index = VectorIndex(DIM)
    index.add(np.array([1, 2]), _unit(2, seed=7))
    with pytest.raises(ValueError, match="duplicate"):
        index.add(np.array([2]), _unit(1, seed=8))
    with pytest.raises(ValueError, match="duplicate"):
        index.add(np.array([3, 3]), _unit(2, seed=8))
    with pytest.raises(ValueError, match="dim"):
        index.add(np.array([4]), np.ones((1, DIM + 1), dtype=np.float32))
    with pytest.raises(ValueError):
        index.add(np.array([-1]), _unit(1, seed=9))
    with pytest.raises(ValueError):
        index.add(np.array([4, 5]), _unit(1, seed=9))
    assert index.count == 2
