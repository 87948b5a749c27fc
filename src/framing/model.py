"""The frame model: TF-IDF on Sastrawi stems plus cue features, one linear classifier per frame.

:class:`ThresholdedOneVsRest` is a scikit-learn meta-estimator: one clone of a
binary classifier per label column, and a per-label decision threshold chosen
by cross-validation to maximise that label's F1. :func:`build_pipeline` puts it
behind the text features. :class:`FramingModel` is what users hold: the fitted
pipeline, the frame names and the model card, with :meth:`FramingModel.classify`
and :meth:`FramingModel.save`.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import DataConversionWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from framing.cues import CueFeatures
from framing.frames import FRAMES
from framing.segment import segment
from framing.text import prepare, tokenize

__all__ = ["FramingModel", "ParagraphResult", "ThresholdedOneVsRest", "build_pipeline"]


class ThresholdedOneVsRest(ClassifierMixin, BaseEstimator):
    """One binary classifier per label, each with a decision threshold tuned by cross-validation.

    Parameters
    ----------
    estimator : estimator, default=None
        A binary classifier with ``predict_proba``. ``None`` means
        ``LogisticRegression(class_weight="balanced", C=8.0, max_iter=3000)``.
    cv : int, default=5
        Number of folds used to collect out-of-fold probabilities, from which
        each label's threshold is chosen. Folds are grouped when ``groups`` is
        passed to :meth:`fit` (paragraphs of one article never on both sides).
    thresholds : "cv" or float, default="cv"
        ``"cv"`` tunes each threshold; a float uses that threshold for every label.

    Attributes
    ----------
    estimators_ : list of estimators
        One fitted classifier per label column.
    thresholds_ : ndarray of shape (n_labels,)
        The decision threshold of each label.
    oof_scores_ : ndarray of shape (n_samples, n_labels)
        Out-of-fold probabilities the thresholds were chosen on (when tuned).
    classes_ : ndarray
        Label column indices (multi-label ``Y``) or class labels (1-D ``y``).
    """

    def __init__(self, estimator=None, cv=5, thresholds="cv"):
        self.estimator = estimator
        self.cv = cv
        self.thresholds = thresholds

    def _base(self):
        if self.estimator is not None:
            return self.estimator
        return LogisticRegression(class_weight="balanced", C=8.0, max_iter=3000)

    def fit(self, X, y, groups=None, sample_weight=None):
        """Fit one classifier per label and choose each label's threshold.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples, n_labels) or (n_samples,)
            A binary indicator matrix (multi-label), or a 1-D vector of classes,
            which is one-hot encoded.
        groups : array-like of shape (n_samples,), default=None
            Group of each sample (the article) for grouped cross-validation.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sample in the classifiers' loss (thresholds are
            chosen on unweighted out-of-fold F1).

        Returns
        -------
        self
        """
        if not (self.thresholds == "cv" or isinstance(self.thresholds, numbers.Real)):
            raise ValueError(f'Invalid value for "thresholds": {self.thresholds!r}; use "cv" or a number')
        if not isinstance(self.cv, numbers.Integral) or self.cv < 2:
            raise ValueError(f'Invalid value for "cv": {self.cv!r}; use an integer >= 2')
        X, y = validate_data(self, X, y, accept_sparse="csr", multi_output=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        if y.ndim == 2 and y.shape[1] == 1:
            warnings.warn(
                "A column-vector y was passed when a 1d array was expected; it is treated as one target.",
                DataConversionWarning,
                stacklevel=2,
            )
            y = y.ravel()
        target = type_of_target(y)
        if target == "multilabel-indicator":
            Y = np.asarray(y, dtype=int)
            self.classes_ = np.arange(Y.shape[1])
            self._multilabel = True
        elif target in ("binary", "multiclass"):
            self.classes_, encoded = np.unique(y, return_inverse=True)
            Y = np.eye(len(self.classes_), dtype=int)[encoded]
            self._multilabel = False
        else:
            raise ValueError(f"Unknown label type: {target}; expected a binary indicator matrix or classes")

        self.estimators_ = []
        oof = np.zeros(Y.shape, dtype=float)
        for j in range(Y.shape[1]):
            column = Y[:, j]
            if column.min() == column.max():
                est = DummyClassifier(strategy="prior").fit(X, column)
            else:
                est = clone(self._base()).fit(X, column, sample_weight=sample_weight)
            self.estimators_.append(est)
            if self.thresholds == "cv":
                oof[:, j] = self._out_of_fold(X, column, groups, sample_weight)
        if self.thresholds == "cv":
            self.thresholds_ = np.array([_best_threshold(Y[:, j], oof[:, j]) for j in range(Y.shape[1])])
            self.oof_scores_ = oof
        else:
            self.thresholds_ = np.full(Y.shape[1], float(self.thresholds))
        return self

    def _out_of_fold(self, X, column, groups, sample_weight=None):
        scores = np.full(len(column), column.mean(), dtype=float)
        n_pos = int(column.sum())
        n_splits = min(self.cv, n_pos, len(column) - n_pos)
        if n_splits < 2:
            return scores
        if groups is not None and len(np.unique(groups)) >= n_splits:
            splits = GroupKFold(n_splits=n_splits).split(X, column, groups)
        else:
            splits = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0).split(X, column)
        for train, test in splits:
            if column[train].min() == column[train].max():
                continue
            weights = None if sample_weight is None else np.asarray(sample_weight)[train]
            est = clone(self._base()).fit(X[train], column[train], sample_weight=weights)
            scores[test] = est.predict_proba(X[test])[:, 1]
        return scores

    def predict_proba(self, X):
        """Per-label probabilities, shape (n_samples, n_labels)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        cols = []
        for est in self.estimators_:
            proba = est.predict_proba(X)
            cols.append(proba[:, 1] if proba.shape[1] == 2 else np.full(X.shape[0], float(est.classes_[0])))
        P = np.column_stack(cols) if cols else np.zeros((X.shape[0], 0))
        if not self._multilabel:
            # 1-D targets were one-hot encoded into one column per class; report a proper distribution.
            P = P / np.clip(P.sum(axis=1, keepdims=True), 1e-12, None)
        return P

    def predict(self, X):
        """Indicator matrix (score >= the label's threshold) for multi-label fits; the most probable class for 1-D targets."""
        P = self.predict_proba(X)
        if self._multilabel:
            return (self.thresholds_ <= P).astype(int)
        # For single-output targets the classes compete: the most probable one wins.
        return self.classes_[np.argmax(P, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags


def _best_threshold(y_true, scores) -> float:
    """The threshold with the highest F1 on (y_true, scores); ties go to the middle of the best range."""
    if y_true.sum() == 0:
        return 0.5
    candidates = np.unique(np.round(scores, 4))
    best_f1, best = -1.0, []
    for t in candidates:
        pred = scores >= t
        tp = np.sum(pred & (y_true == 1))
        f1 = 2 * tp / (pred.sum() + y_true.sum()) if tp else 0.0
        if f1 > best_f1 + 1e-12:
            best_f1, best = f1, [t]
        elif abs(f1 - best_f1) <= 1e-12:
            best.append(t)
    # Between the lowest and highest threshold that reach the best F1, take a point in the middle of
    # the gap below the lowest one, so the choice does not sit on one training example's score.
    lo = best[0]
    below = candidates[candidates < lo]
    return float((lo + below.max()) / 2) if below.size else float(lo)


def build_pipeline(*, stemming: bool = True, cues: bool = True, cv: int = 5) -> Pipeline:
    """Build the untrained text pipeline.

    Parameters
    ----------
    stemming : bool, default=True
        Tokens are Sastrawi stems. ``False`` gives the "TF-IDF without stemming"
        baseline (same preparation, raw tokens).
    cues : bool, default=True
        Add the sentence-level cue features of :mod:`framing.cues`.
    cv : int, default=5
        Folds for threshold tuning.
    """
    from framing.text import raw_tokens

    words = TfidfVectorizer(
        preprocessor=prepare,
        tokenizer=tokenize if stemming else raw_tokens,
        token_pattern=None,
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        dtype=np.float32,
    )
    parts = [("words", words)]
    if cues:
        parts.append(("cues", CueFeatures(preprocessor=prepare)))
    return Pipeline([("features", FeatureUnion(parts)), ("frames", ThresholdedOneVsRest(cv=cv))])


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
    """A trained frame model: the fitted pipeline, its frames and its model card.

    Obtain one with :func:`framing.load_model` or :func:`framing.train`.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        Fitted; maps paragraph texts to one probability per frame.
    frames : sequence of str
        Names of the pipeline's output columns.
    card : dict
        The model card (see ``models/README.md``).
    """

    def __init__(self, pipeline, frames=FRAMES, card=None):
        self.pipeline = pipeline
        self.frames = tuple(frames)
        self.card = dict(card or {})

    @property
    def thresholds(self) -> dict[str, float]:
        """Decision threshold of each frame."""
        return dict(zip(self.frames, map(float, self.pipeline[-1].thresholds_)))

    def __repr__(self) -> str:
        trained = self.card.get("training", {}).get("n_paragraphs", "?")
        return f"<FramingModel frames={list(self.frames)} trained_on={trained} paragraphs>"

    def predict_scores(self, paragraphs) -> np.ndarray:
        """Probabilities of every frame for each paragraph text, shape (n, len(frames))."""
        if isinstance(paragraphs, (str, bytes)):
            raise TypeError("predict_scores() expects a list of paragraph texts, not a single string")
        paragraphs = list(paragraphs)
        if not paragraphs:
            return np.zeros((0, len(self.frames)))
        return np.clip(self.pipeline.predict_proba(paragraphs), 0.0, 1.0)

    def classify_paragraphs(self, paragraphs, *, explain: bool = False) -> list[ParagraphResult]:
        """Classify already segmented paragraphs (:class:`framing.Paragraph` objects)."""
        paragraphs = list(paragraphs)
        content = [p for p in paragraphs if not p.boilerplate]
        scores = self.predict_scores([p.text for p in content])
        thresholds = self.pipeline[-1].thresholds_
        explanations = self.explain([p.text for p in content]) if explain and content else None
        by_index = {}
        for k, (p, row) in enumerate(zip(content, scores)):
            frames = tuple(f for f, s, t in zip(self.frames, row, thresholds) if s >= t)
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

        The contribution of a feature is its value in the text times the frame
        classifier's coefficient; only positive contributions are listed.
        """
        features = self.pipeline[0]
        X = features.transform(list(texts)).tocsr()
        names = features.get_feature_names_out()
        names = np.array([n.split("__", 1)[-1] for n in names], dtype=object)
        out = []
        for i in range(X.shape[0]):
            row = X.getrow(i)
            per_frame = {}
            for frame, est in zip(self.frames, self.pipeline[-1].estimators_):
                coef = getattr(est, "coef_", None)
                if coef is None:
                    per_frame[frame] = []
                    continue
                contrib = row.data * coef[0, row.indices]
                order = np.argsort(-contrib)[:top]
                per_frame[frame] = [
                    (str(names[row.indices[k]]), round(float(contrib[k]), 4)) for k in order if contrib[k] > 0
                ]
            out.append(per_frame)
        return out

    def save(self, path) -> None:
        """Save model and card into directory ``path`` atomically; see :func:`framing.persistence.save_model`."""
        from framing.persistence import save_model

        save_model(self, path)
