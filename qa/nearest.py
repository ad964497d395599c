"""The figures nearest in meaning to words no figure has, by the index's own embedder: offered as follow-up
questions when a question is asked back, never answered.

``MIN_SIMILARITY`` was measured on the tune part of tests/qa/voices.json, over the count questions that no
figure word and no passage answered: the figures that meant them scored 0.53–0.78 (USE), unrelated ones at
most 0.35 (工资 0.20, 联系电话 0.15). On the held-out part a few unrelated figures reach 0.50–0.58; they are
offered, never answered.
"""

from __future__ import annotations

import numpy as np

from index.embed import Embedder
from qa.figures import CONCEPTS
from qa.lexicon import words_for

NEAREST_OFFERED = 3
MIN_SIMILARITY = 0.5
_WORDS_PER_FIGURE = 6  # a figure is described by its label and its first few everyday words


class FigureMeanings:
    """Every figure's label and words, encoded once with the index's embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.concepts = list(CONCEPTS)
        texts = [" ".join((c.label, *words_for(c.key)[:_WORDS_PER_FIGURE])) for c in self.concepts]
        self.vectors = _unit(embedder.encode(texts))

    def nearest(self, words: str, k: int = NEAREST_OFFERED, floor: float = MIN_SIMILARITY) -> list[tuple[str, float]]:
        """(concept key, cosine similarity) of the ``k`` figures most like ``words``, best first, above ``floor``."""
        if not words.strip():
            return []
        scores = self.vectors @ _unit(self.embedder.encode([words]))[0]
        order = np.argsort(-scores)[:k]
        return [(self.concepts[i].key, float(scores[i])) for i in order if scores[i] >= floor]


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
