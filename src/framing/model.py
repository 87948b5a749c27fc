"""The frame model: text features and one linear classifier per frame, with tuned thresholds.

:class:`FramingModel` is what users hold (from :func:`framing.load_model` or
:func:`framing.train`): the fitted :class:`framing.features.TextFeatures`, the
weights of the per-frame logistic regressions as one matrix, and each frame's
decision threshold. Scoring is ``sigmoid(features @ coef + intercept)`` in NumPy
and SciPy, so classifying never imports scikit-learn (which is only needed to
train, in :mod:`framing.classifier`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from framing.frames import FRAMES
from framing.segment import segment

__all__ = ["FramingModel", "ParagraphResult"]


@dataclass(frozen=True)
class ParagraphResult:
    """The frames of one paragraph.

    Attributes
    ----------
    index : int
        Paragraph number within the article (as :func:`framing.segment` counts).
    text : str
        The paragraph text.
    frames : tuple of str
        Frames whose score reached the model's threshold, in :data:`framing.FRAMES` order.
    scores : dict
        Every frame -> probability in [0, 1]. Empty for boilerplate.
    boilerplate : bool
        True for page furniture, which is not classified (``frames`` is empty).
    explanation : dict or None
        With ``explain=True``: every frame -> list of ``(feature, weight)`` pairs
        that pushed that frame's score up, strongest first.
    """

    index: int
    text: str
    frames: tuple[str, ...]
    scores: dict[str, float]
    boilerplate: bool = False
    explanation: dict[str, list[tuple[str, float]]] | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """A JSON-ready dictionary of this result."""
        out = {
            "index": self.index,
            "text": self.text,
            "frames": list(self.frames),
            "scores": dict(self.scores),
            "boilerplate": self.boilerplate,
        }
        if self.explanation is not None:
            out["explanation"] = {k: [list(p) for p in v] for k, v in self.explanation.items()}
        return out


class FramingModel:
    """A trained frame model: features, weights, thresholds and the model card.

    Parameters
    ----------
    features : framing.features.TextFeatures
        Fitted.
    coef : ndarray of shape (features.n_features_, len(frames))
        One column of logistic-regression weights per frame.
    intercept, thresholds : ndarray of shape (len(frames),)
        Each frame's intercept, and the score at which the frame is assigned.
    frames : sequence of str
    card : dict
        The model card (see :mod:`framing.persistence`).
    """

    def __init__(self, features, coef, intercept, thresholds, frames=FRAMES, card=None):
        self.features = features
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.thresholds_ = np.asarray(thresholds, dtype=np.float64)
        self.frames = tuple(frames)
        self.card = dict(card or {})
        n = len(self.frames)
        if (
            self.coef.shape != (features.n_features_, n)
            or self.intercept.shape != (n,)
            or self.thresholds_.shape != (n,)
        ):
            raise ValueError(
                f"model weights of shape {self.coef.shape}, {self.intercept.shape}, {self.thresholds_.shape} do "
                f"not fit {features.n_features_} features and {n} frames"
            )

    @property
    def thresholds(self) -> dict[str, float]:
        """Decision threshold of each frame."""
        return dict(zip(self.frames, map(float, self.thresholds_)))

    def __repr__(self) -> str:
        trained = self.card.get("training", {}).get("n_paragraphs", "?")
        return f"<FramingModel frames={list(self.frames)} trained_on={trained} paragraphs>"

    # --- scoring -----------------------------------------------------------------------------------------

    def predict_scores(self, paragraphs) -> np.ndarray:
        """Probabilities of every frame for each paragraph text, shape (n, len(frames))."""
        if isinstance(paragraphs, (str, bytes)):
            raise TypeError("predict_scores() expects a list of paragraph texts, not a single string")
        paragraphs = list(paragraphs)
        if not paragraphs:
            return np.zeros((0, len(self.frames)))
        words, cues = self.features.transform_blocks(paragraphs)
        n_words = words.shape[1]
        z = words @ self.coef[:n_words] + self.intercept
        if cues is not None:
            z += cues @ self.coef[n_words:]
        return _sigmoid(np.asarray(z))

    def decide(self, scores: np.ndarray) -> np.ndarray:
        """The 0/1 matrix of assigned frames for a score matrix (score >= the frame's threshold)."""
        return (np.asarray(scores) >= self.thresholds_).astype(int)

    # --- classifying -------------------------------------------------------------------------------------

    def classify_paragraphs(self, paragraphs, *, explain: bool = False) -> list[ParagraphResult]:
        """Classify already segmented paragraphs (:class:`framing.Paragraph` objects)."""
        paragraphs = list(paragraphs)
        content = [p for p in paragraphs if not p.boilerplate]
        scores = self.predict_scores([p.text for p in content])
        explanations = self.explain([p.text for p in content]) if explain and content else None
        by_index = {}
        for k, (p, row) in enumerate(zip(content, scores)):
            frames = tuple(f for f, s, t in zip(self.frames, row, self.thresholds_) if s >= t)
            by_index[p.index] = ParagraphResult(
                p.index,
                p.text,
                frames,
                {f: float(s) for f, s in zip(self.frames, row)},
                False,
                explanations[k] if explanations else None,
            )
        return [
            by_index.get(p.index) or ParagraphResult(p.index, p.text, (), {}, True, {} if explain else None)
            for p in paragraphs
        ]

    def classify(self, text: str, *, explain: bool = False) -> list[ParagraphResult]:
        """Segment an article and classify each paragraph; see :func:`framing.classify`."""
        return self.classify_paragraphs(segment(text), explain=explain)

    def explain(self, texts, top: int = 8) -> list[dict[str, list[tuple[str, float]]]]:
        """For each text, the features that pushed each frame's score up, strongest first.

        The contribution of a feature is its value in the text times the frame's
        weight; only positive contributions are listed.
        """
        X = self.features.transform(list(texts))
        names = self.features.feature_names()
        out = []
        for i in range(X.shape[0]):
            start, end = X.indptr[i], X.indptr[i + 1]
            columns, values = X.indices[start:end], X.data[start:end]
            per_frame = {}
            for j, frame in enumerate(self.frames):
                contrib = values * self.coef[columns, j]
                order = np.argsort(-contrib, kind="stable")[:top]
                per_frame[frame] = [
                    (str(names[columns[k]]), round(float(contrib[k]), 4)) for k in order if contrib[k] > 0
                ]
            out.append(per_frame)
        return out

    def save(self, path) -> None:
        """Save model and card into directory ``path`` atomically; see :func:`framing.persistence.save_model`."""
        from framing.persistence import save_model

        save_model(self, path)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow; +-inf give exactly 1 and 0."""
    out = np.empty_like(z, dtype=np.float64)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out
