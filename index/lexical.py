"""BM25 over two token streams of the same texts: jieba words and Chinese character bigrams.

The reports are boilerplate-heavy and phrased in a fixed official vocabulary, so exact lexical overlap is the
strongest single retrieval signal. Words give precise matches ("政府信息公开申请"); bigrams catch what jieba
segments differently in query and document ("依申请公开" vs "申请公开"), with no dictionary to maintain.

Scoring: each stream's BM25 scores are divided by that stream's best score among the allowed documents, and
the two are summed, so a hit scores in (0, 2] and the best document of a query scores at most 2. Scores are
comparable within one query only; fuse with other retrievers by rank (e.g. reciprocal rank fusion).
IDF and length statistics come from the whole corpus; the filter only decides which documents may be returned.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import os
import shutil
import tempfile
import unicodedata
import uuid
from pathlib import Path

import bm25s
import jieba
import numpy as np

FORMAT_VERSION = 1
_WORDS = "words"
_BIGRAMS = "bigrams"
_IDS_FILE = "ids.npy"
_META_FILE = "meta.json"

jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at INFO/DEBUG on every process start
# A private tokenizer: words added to jieba's global dictionary elsewhere must not change how this index
# segments, or queries would stop matching documents indexed before the change.
_JIEBA = jieba.Tokenizer()

Hits = list[tuple[int, float]]


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and latin ("２０２３", "ＡＢＣ") that the reports mix with half-width ones.
    return unicodedata.normalize("NFKC", text).lower()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def word_tokens(text: str) -> list[str]:
    """jieba words, lowercased; tokens with no letter or digit (whitespace, punctuation, symbols) dropped.

    jieba segments each run of word characters (its ``re_han_default`` blocks) on its own, so the text is
    split into those runs here and each run's words are cached: the reports repeat the same phrases
    (a 1,000-report corpus has 161k runs, 4.5k distinct), and the words are exactly jieba's for the whole text.
    """
    tokens: list[str] = []
    for block in jieba.re_han_default.split(_normalise(text)):
        if block:
            tokens += _block_words(block)
    return tokens


@functools.lru_cache(maxsize=1 << 15)
def _block_words(block: str) -> tuple[str, ...]:
    return tuple(tok for tok in _JIEBA.lcut(block) if any(ch.isalnum() for ch in tok))


def bigram_tokens(text: str) -> list[str]:
    """Overlapping bigrams within each run of Chinese characters; a lone character stands for itself."""
    tokens: list[str] = []
    run: list[str] = []
    for ch in _normalise(text) + "\n":  # the sentinel flushes the last run
        if _is_cjk(ch):
            run.append(ch)
            continue
        if len(run) == 1:
            tokens.append(run[0])
        tokens.extend(a + b for a, b in itertools.pairwise(run))
        run = []
    return tokens


def _build_stream(docs: list[list[str]]) -> bm25s.BM25 | None:
    # bm25s cannot index a corpus without a single token; such a stream simply never matches.
    if not any(docs):
        return None
    model = bm25s.BM25()
    model.index(docs, show_progress=False)
    return model


def _stream_scores(model: bm25s.BM25 | None, tokens: list[str], n_docs: int) -> np.ndarray:
    if model is None:
        return np.zeros(n_docs, dtype=np.float32)
    token_ids = model.get_tokens_ids(tokens)
    if not token_ids:  # bm25s indexes an empty query's scores at [0] and fails
        return np.zeros(n_docs, dtype=np.float32)
    return np.asarray(model.get_scores_from_ids(token_ids), dtype=np.float32)


class LexicalIndex:
    def __init__(self, ids: np.ndarray, words: bm25s.BM25 | None, bigrams: bm25s.BM25 | None) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._words = words
        self._bigrams = bigrams

    @property
    def count(self) -> int:
        return len(self._ids)

    @classmethod
    def build(cls, ids: list[int], texts: list[str]) -> LexicalIndex:
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        id_array = np.asarray(ids, dtype=np.int64).reshape(-1)
        if len(np.unique(id_array)) != len(id_array):
            raise ValueError("duplicate ids")
        return cls(
            id_array,
            _build_stream([word_tokens(t) for t in texts]),
            _build_stream([bigram_tokens(t) for t in texts]),
        )

    def search(self, query: str, k: int, allowed_ids: set[int] | np.ndarray | None = None) -> Hits:
        """Top ``k`` (id, combined score) for ``query``, best first; only documents that share a token."""
        if k <= 0 or self.count == 0:
            return []
        mask = np.ones(self.count, dtype=bool)
        if allowed_ids is not None:
            allowed = np.fromiter(allowed_ids, dtype=np.int64) if isinstance(allowed_ids, set) else allowed_ids
            mask = np.isin(self._ids, np.asarray(allowed, dtype=np.int64))
            if not mask.any():
                return []
        combined = np.zeros(self.count, dtype=np.float32)
        for model, tokens in ((self._words, word_tokens(query)), (self._bigrams, bigram_tokens(query))):
            scores = _stream_scores(model, tokens, self.count)
            scores[~mask] = 0.0  # filter before ranking: a disallowed document must not set the scale either
            best = scores.max()
            if best > 0:
                combined += scores / best
        candidates = np.flatnonzero(combined > 0)
        if len(candidates) > k:
            candidates = candidates[np.argpartition(-combined[candidates], k - 1)[:k]]
        # Ties break by id so results are reproducible across runs and platforms.
        order = np.lexsort((self._ids[candidates], -combined[candidates]))
        return [(int(self._ids[candidates[i]]), float(combined[candidates[i]])) for i in order]

    def save(self, folder: str | Path) -> None:
        """Write to a temporary sibling folder, then swap it in with renames (never a half-written index)."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
        try:
            np.save(tmp / _IDS_FILE, self._ids, allow_pickle=False)
            for name, model in ((_WORDS, self._words), (_BIGRAMS, self._bigrams)):
                if model is not None:
                    model.save(tmp / name, show_progress=False)
            meta = {"format": FORMAT_VERSION, "jieba": jieba.__version__, "bm25s": bm25s.__version__}
            (tmp / _META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # A directory with content cannot be replaced by one rename: move the old one aside, then swap.
        old = folder.with_name(f".{folder.name}.old-{uuid.uuid4().hex}")
        had_old = folder.exists()
        if had_old:
            os.replace(folder, old)
        try:
            os.replace(tmp, folder)
        except BaseException:
            if had_old:
                os.replace(old, folder)
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if had_old:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: str | Path) -> LexicalIndex:
        folder = Path(folder)
        meta = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{folder}: lexical index format {meta.get('format')}, expected {FORMAT_VERSION}")
        streams = [
            bm25s.BM25.load(folder / name, show_progress=False) if (folder / name).is_dir() else None
            for name in (_WORDS, _BIGRAMS)
        ]
        return cls(np.load(folder / _IDS_FILE, allow_pickle=False), *streams)
