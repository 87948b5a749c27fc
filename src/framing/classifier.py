"""The classifier behind a frame model: one linear model per frame, each with a threshold tuned by cross-validation.

:class:`ThresholdedOneVsRest` is a scikit-learn meta-estimator: one clone of a
binary classifier per label column, and a per-label decision threshold chosen
by cross-validation to maximise that label's F1. The binary classifier of the
shipped model is :class:`NBLogisticRegression`, a logistic regression whose
features are first scaled by how differently they occur in the two classes.
Both are used to *train*;
:meth:`ThresholdedOneVsRest.linear_weights` then hands its weights to
:class:`framing.model.FramingModel`, which classifies with NumPy alone, so that
using a trained model never imports scikit-learn.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.exceptions import DataConversionWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

__all__ = ["NBLogisticRegression", "ThresholdedOneVsRest"]


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

    def linear_weights(self) -> tuple[np.ndarray, np.ndarray]:
        """The fitted classifiers as one linear model: ``coef`` (n_features, n_labels) and ``intercept``.

        ``predict_proba(X)[:, j] == sigmoid(X @ coef[:, j] + intercept[j])`` for multi-label fits. A label
        that was constant in training gets a zero weight vector and an infinite intercept of its sign.
        """
        check_is_fitted(self)
        coef = np.zeros((self.n_features_in_, len(self.estimators_)))
        intercept = np.zeros(len(self.estimators_))
        for j, est in enumerate(self.estimators_):
            if hasattr(est, "coef_"):
                coef[:, j] = est.coef_.ravel()
                intercept[j] = float(np.ravel(est.intercept_)[0])
            else:
                intercept[j] = np.inf if float(est.classes_[0]) >= 0.5 else -np.inf
        return coef, intercept

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        return tags


class NBLogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary logistic regression on features scaled by their naive-Bayes log-count ratio.

    The idea of NBSVM (Wang and Manning, 2012, "Baselines and Bigrams"), on
    TF-IDF values and with logistic loss. For each feature ``k`` the ratio

        r_k = log((alpha + P_k) / sum(alpha + P)) - log((alpha + N_k) / sum(alpha + N))

    compares its total value ``P_k`` in the positive and ``N_k`` in the negative
    training samples (weighted by ``sample_weight``). Each column is multiplied by ``|r_k| ** power`` before an
    L2-regularised logistic regression is fitted, which amounts to a lighter
    penalty on the features that separate the classes in the training data and a
    heavier one on the features common to both; a long news paragraph's many
    topic words then pull its score around less. The fitted model is still linear
    in the original features: ``coef_`` already includes the scaling.

    Parameters
    ----------
    alpha : float, default=0.1
        Smoothing added to every feature's total in each class (> 0).
    power : float, default=0.5
        Exponent of ``|r|``; 0 gives plain logistic regression.
    C : float, default=8.0
        Inverse regularisation strength of the logistic regression.
    class_weight : dict, "balanced" or None, default="balanced"
        As in :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int, default=3000
        As in :class:`~sklearn.linear_model.LogisticRegression`.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
    scale_ : ndarray of shape (n_features,)
        ``|r| ** power``, the factor each feature was multiplied by.
    coef_ : ndarray of shape (1, n_features)
        Weights on the *unscaled* features.
    intercept_ : ndarray of shape (1,)
    n_iter_ : ndarray of shape (1,)
        Iterations of the solver.

    Notes
    -----
    Features must be non-negative (counts, TF-IDF values): a ratio of class totals
    means nothing otherwise. ``class_weight`` enters the logistic regression's loss
    only. ``alpha`` is the same amount in both classes, so when the classes differ in
    size a column with no evidence either way does not get ``r = 0`` but
    ``log(sum(alpha + N) / sum(alpha + P))``: with a small positive class, columns seen only
    in positive samples get scales well above 1 and rare columns seen only in negative
    samples can get scales near 0. The shipped settings were measured with this
    smoothing; a smoothing in proportion to each class's total was tried and measured
    no better (``annotations/ERRORS.md``).
    """

    def __init__(self, alpha=0.1, power=0.5, C=8.0, class_weight="balanced", max_iter=3000):
        self.alpha = alpha
        self.power = power
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        """Compute the feature scales on ``(X, y)``, then fit the logistic regression on the scaled ``X``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features), non-negative
        y : array-like of shape (n_samples,), two classes
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self
        """
        if not (isinstance(self.alpha, numbers.Real) and self.alpha > 0):
            raise ValueError(f'Invalid value for "alpha": {self.alpha!r}; use a number > 0')
        if not (isinstance(self.power, numbers.Real) and self.power >= 0):
            raise ValueError(f'Invalid value for "power": {self.power!r}; use a number >= 0')
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(
                f"Only binary classification is supported; got {len(self.classes_)} class(es) in y"
            )
        values = X.data if sp.issparse(X) else X
        if values.size and values.min() < 0:
            raise ValueError(
                "Negative values in data passed to NBLogisticRegression: it needs non-negative "
                "features (counts or TF-IDF values)"
            )
        weight = _check_sample_weight(sample_weight, X)
        positive = y == self.classes_[1]
        p = self.alpha + np.asarray(X[positive].T @ weight[positive]).ravel()
        q = self.alpha + np.asarray(X[~positive].T @ weight[~positive]).ravel()
        self.scale_ = np.abs(np.log(p / p.sum()) - np.log(q / q.sum())) ** self.power
        scaled = X @ sp.diags(self.scale_) if sp.issparse(X) else X * self.scale_
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        lr.fit(scaled, y, sample_weight=sample_weight)
        self.coef_ = lr.coef_ * self.scale_
        self.intercept_ = lr.intercept_
        self.n_iter_ = lr.n_iter_
        return self

    def decision_function(self, X):
        """``X @ coef_.T + intercept_``: the log-odds of the second class, shape (n_samples,)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=False)
        return np.asarray(X @ self.coef_.ravel()).ravel() + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities of the two classes, shape (n_samples, 2)."""
        d = self.decision_function(X)
        return np.column_stack([expit(-d), expit(d)])

    def predict(self, X):
        """The more probable class of each sample."""
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(int)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.input_tags.positive_only = True
        tags.classifier_tags.multi_class = False
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
