"""Training a frame model from annotation files."""

from __future__ import annotations

import hashlib
import json
import time
import warnings

import numpy as np

from framing.annotations import load_annotations
from framing.exceptions import AnnotationError
from framing.features import TextFeatures
from framing.frames import FRAMES
from framing.model import FramingModel

__all__ = [
    "AUTHORED_WEIGHT",
    "CUE_SCALE",
    "DEFAULT_TRAINING_SETS",
    "LOGISTIC_C",
    "NB_ALPHA",
    "NB_POWER",
    "US_SCALE",
    "frame_classifier",
    "label_matrix",
    "train",
    "train_on",
]

DEFAULT_TRAINING_SETS = ("seeds", "authored", "real-train")
"""The annotation sets the shipped model is trained on. ``real-validation`` is never among them."""

AUTHORED_WEIGHT = 0.5
"""Weight of an authored paragraph in the classifiers' loss, relative to a real one (seed or corpus).

Authored paragraphs are cleaner and more explicit than published news; at full weight they teach
the model that a frame word alone makes a frame. Half weight measured better in cross-validation
on real paragraphs and on the validation set (see ``annotations/ERRORS.md``)."""


CUE_SCALE = 0.25
"""Cue counts enter the features as ``log1p(count) * CUE_SCALE`` (see :class:`framing.features.TextFeatures`).

Chosen by grouped cross-validation whose test folds are real-train paragraphs (5 folds by article; never
the validation set): macro-F1 0.530 at 1.0, 0.545 at 0.5, 0.552 at 0.25 with the 2,578 real-train paragraphs
of the release it was chosen in. At full weight the cues, designed while reading validation errors, outweigh the words; see
``annotations/ERRORS.md``."""


US_SCALE = 0.5
"""Weight of the "us|" block: the stems of sentences that name a US actor, as TF-IDF columns of their own
(see :class:`framing.features.TextFeatures`). Chosen like :data:`CUE_SCALE`, by cross-validation with real
test folds, repeated over six assignments of articles to folds: macro-F1 0.556 without the block, 0.564
with it at 0.5. The weight 0.5 was preferred to 0.35 and 0.75 with a first version of the block, over three
assignments (0.569 against 0.567 and 0.564); see ``annotations/ERRORS.md``."""


NB_POWER = 0.5
"""Exponent of the naive-Bayes feature scaling of the shipped classifier (see
:class:`framing.classifier.NBLogisticRegression`; 0: plain logistic regression).

Chosen with :data:`NB_ALPHA` and :data:`LOGISTIC_C` by cross-validation with real test folds repeated over the
same six assignments of articles to folds as :data:`US_SCALE`: macro-F1 0.564 with plain logistic regression
(C 8), 0.580 with the scaling (power 0.5, alpha 0.03, C 32), better in all six assignments; US concern 0.464 →
0.518, military cooperation 0.516 → 0.539, sanctions 0.586 → 0.571. The other settings tried are in
``annotations/ERRORS.md``."""

NB_ALPHA = 0.03
"""Smoothing of the naive-Bayes log-count ratios (see :class:`framing.classifier.NBLogisticRegression`)."""

LOGISTIC_C = 32.0
"""Inverse regularisation strength (``C``) of each frame's logistic regression. The scaling shrinks most
columns (their ratios are below 1), so it takes a larger ``C`` than plain logistic regression's 8."""


def frame_classifier(*, cv=5, nb_power=NB_POWER, nb_alpha=NB_ALPHA, C=LOGISTIC_C):
    """The (unfitted) classifier of the shipped pipeline: one NB-scaled logistic regression per frame
    (:class:`~framing.classifier.NBLogisticRegression`), thresholds tuned by ``cv``-fold cross-validation
    (:class:`~framing.classifier.ThresholdedOneVsRest`). Benchmarks and baselines use it to compare like
    with like."""
    from framing.classifier import NBLogisticRegression, ThresholdedOneVsRest

    estimator = NBLogisticRegression(alpha=nb_alpha, power=nb_power, C=C)
    return ThresholdedOneVsRest(estimator=estimator, cv=cv)


def _silent(message: str) -> None:
    """The default ``progress``: say nothing."""


def label_matrix(annotations) -> np.ndarray:
    """The (n, len(FRAMES)) 0/1 matrix of the annotations' frames."""
    Y = np.zeros((len(annotations), len(FRAMES)), dtype=int)
    for i, a in enumerate(annotations):
        for f in a.frames:
            Y[i, FRAMES.index(f)] = 1
    return Y


def data_fingerprint(annotations) -> str:
    """SHA-256 over the (id, text, frames) of the training records, in order."""
    digest = hashlib.sha256()
    for a in annotations:
        digest.update(
            json.dumps([a.id, a.text, list(a.frames)], ensure_ascii=False).encode("utf-8", "surrogatepass")
        )
    return digest.hexdigest()


def train_on(
    annotations,
    *,
    stemming=True,
    cues=True,
    cv=5,
    authored_weight=AUTHORED_WEIGHT,
    cue_scale=CUE_SCALE,
    us_scale=US_SCALE,
    nb_power=NB_POWER,
    nb_alpha=NB_ALPHA,
    C=LOGISTIC_C,
) -> FramingModel:
    """Fit a model on already loaded annotations (non-boilerplate, with text).

    The features are fitted on the training paragraphs; one logistic regression per
    frame, on features scaled by their naive-Bayes ratios (:func:`frame_classifier`), is fitted on them, and
    each frame's threshold chosen by cross-validation in which the paragraphs of one
    article share a fold. Training is deterministic: the same annotations give the
    same model.
    """
    if not annotations:
        raise AnnotationError("no annotated paragraphs to train on")
    texts = [a.text for a in annotations]
    Y = label_matrix(annotations)
    groups = np.array([f"{a.source}:{a.doc_id}" for a in annotations])
    weights = np.array([authored_weight if a.source == "authored" else 1.0 for a in annotations])
    features = TextFeatures(stemming=stemming, cues=cues, cue_scale=cue_scale, us_scale=us_scale)
    X = features.fit_transform(texts)
    classifier = frame_classifier(cv=cv, nb_power=nb_power, nb_alpha=nb_alpha, C=C)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*The least populated class.*")
        classifier.fit(X, Y, groups=groups, sample_weight=weights)
    coef, intercept = classifier.linear_weights()
    return FramingModel(features, coef, intercept, classifier.thresholds_, FRAMES)


def train(
    annotations_dir="annotations",
    *,
    sets=DEFAULT_TRAINING_SETS,
    corpus=None,
    cv=5,
    stemming=True,
    cues=True,
    authored_weight=AUTHORED_WEIGHT,
    cue_scale=CUE_SCALE,
    us_scale=US_SCALE,
    nb_power=NB_POWER,
    progress=None,
):
    """Train a frame model from an annotations directory.

    Parameters
    ----------
    annotations_dir : str or Path
        Directory with the annotation files (see ``annotations/README.md``).
    sets : sequence of str
        Annotation sets to train on. ``"real-validation"`` is refused: it is
        held out for evaluation.
    corpus : str or Path, optional
        Corpus file that resolves the references of ``real-train``. Without it
        the model trains on the records that carry text, and the model card
        lists how many references it could not use.
    cv : int
        Folds for choosing the per-frame thresholds.
    stemming, cues : bool
        Switch off Sastrawi stemming or the cue features (for comparisons).
    authored_weight : float
        Loss weight of authored paragraphs relative to real ones (:data:`AUTHORED_WEIGHT`).
    cue_scale : float
        Weight of the cue features relative to TF-IDF (:data:`CUE_SCALE`).
    us_scale : float
        Weight of the "us|" block, the stems of sentences that name a US actor (:data:`US_SCALE`; 0: none).
    nb_power : float
        Exponent of the classifiers' naive-Bayes feature scaling (:data:`NB_POWER`; 0: plain logistic
        regression).
    progress : callable, optional
        Called with a short message before each long step.

    Returns
    -------
    FramingModel
        With a model card describing the training data; call ``.save(path)``.
    """
    if "real-validation" in sets:
        raise AnnotationError("the real-validation set is for evaluation only and is never trained on")
    started = time.perf_counter()
    progress = progress or _silent
    progress("reading the annotations" + (f" and resolving references against {corpus}" if corpus else ""))
    data = load_annotations(annotations_dir, sets=sets, corpus=corpus)
    usable = data.usable()
    progress(f"training on {len(usable)} paragraphs (features, then 4 classifiers with {cv}-fold thresholds)")
    model = train_on(
        usable,
        stemming=stemming,
        cues=cues,
        cv=cv,
        authored_weight=authored_weight,
        cue_scale=cue_scale,
        us_scale=us_scale,
        nb_power=nb_power,
    )
    Y = label_matrix(usable)
    per_set = {}
    for name in sets:
        file = data.files[name]["path"]
        used = [a for a in usable if a.where.rsplit(":", 1)[0] == file]
        per_set[name] = {
            **data.files[name],
            "used_paragraphs": len(used),
            "unresolved_references": sum(1 for a, _ in data.unresolved if a.where.rsplit(":", 1)[0] == file),
        }
    model.card = {
        "training": {
            "sets": per_set,
            "n_paragraphs": len(usable),
            "n_articles": len({(a.source, a.doc_id) for a in usable}),
            "frame_counts": {f: int(n) for f, n in zip(FRAMES, Y.sum(axis=0))},
            "no_frame": int((Y.sum(axis=1) == 0).sum()),
            "data_sha256": data_fingerprint(usable),
            "unresolved_references": len(data.unresolved),
            "unresolved_reason": sorted({r for _, r in data.unresolved}),
            "corpus": str(corpus) if corpus else None,
            "stemming": stemming,
            "cue_features": cues,
            "cue_scale": cue_scale,
            "us_scale": us_scale,
            "classifier": {"nb_power": nb_power, "nb_alpha": NB_ALPHA, "C": LOGISTIC_C},
            "min_df": model.features.min_df,
            "n_features": model.features.n_features_,
            "threshold_cv_folds": cv,
            "authored_weight": authored_weight,
            "seconds": round(time.perf_counter() - started, 1),
        },
    }
    return model
