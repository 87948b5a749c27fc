"""Evaluation: per-frame precision, recall and F1, baselines, and inter-annotator agreement."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from framing.annotations import load_annotations
from framing.exceptions import AnnotationError
from framing.frames import FRAMES, check_frames
from framing.training import (
    AUTHORED_WEIGHT,
    DEFAULT_TRAINING_SETS,
    LOGISTIC_C,
    NB_ALPHA,
    NB_POWER,
    _silent,
    label_matrix,
    train_on,
)

__all__ = [
    "KEYWORDS",
    "EvaluationReport",
    "agreement",
    "cross_validate",
    "evaluate",
    "keyword_baseline",
    "scores",
]

KEYWORDS = {
    "military_cooperation": (
        r"latihan (militer )?(bersama|gabungan)",
        r"kerja ?sama (militer|pertahanan)",
        r"pasokan senjata",
        r"memasok (senjata|amunisi|rudal)",
        r"bantuan militer",
        r"pakta pertahanan",
        r"mengirim (pasukan|tentara)",
    ),
    "sanctions": (r"sanksi", r"embargo", r"pembekuan aset", r"kontrol ekspor"),
    "denial": (r"membantah", r"menampik", r"menyangkal", r"tidak benar", r"bantahan"),
    "us_concern": (
        r"(AS|Amerika Serikat|Washington|Gedung Putih)\W+(\w+\W+){0,6}(khawatir|kekhawatiran|memperingatkan)",
    ),
}
"""The keyword-lexicon baseline: a frame is predicted when any of its patterns occurs (case-insensitive)."""

_KEYWORD_RE = {f: re.compile("|".join(p), re.IGNORECASE) for f, p in KEYWORDS.items()}


def keyword_baseline(texts) -> np.ndarray:
    """Predict frames with :data:`KEYWORDS`; returns a (n, len(FRAMES)) 0/1 matrix."""
    return np.array(
        [[int(bool(_KEYWORD_RE[f].search(t))) for f in FRAMES] for t in texts], dtype=int
    ).reshape(-1, len(FRAMES))


def scores(Y_true, Y_pred) -> dict:
    """Per-frame precision, recall, F1 and support, plus micro and macro F1."""
    Y_true = np.asarray(Y_true, dtype=int)
    Y_pred = np.asarray(Y_pred, dtype=int)
    out = {}
    f1s = []
    for j, frame in enumerate(FRAMES):
        tp = int(np.sum((Y_true[:, j] == 1) & (Y_pred[:, j] == 1)))
        fp = int(np.sum((Y_true[:, j] == 0) & (Y_pred[:, j] == 1)))
        fn = int(np.sum((Y_true[:, j] == 1) & (Y_pred[:, j] == 0)))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f1)
        out[frame] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "support": tp + fn}
    tp = int(np.sum((Y_true == 1) & (Y_pred == 1)))
    denom = int(Y_true.sum() + Y_pred.sum())
    out["micro_f1"] = round(2 * tp / denom, 3) if denom else 0.0
    out["macro_f1"] = round(float(np.mean(f1s)), 3)
    out["n"] = int(Y_true.shape[0])
    return out


def cross_validate(annotations, *, n_splits=5, progress=_silent, name="", **train_options) -> dict:
    """Grouped cross-validation whose test folds are real news paragraphs.

    The real paragraphs (seeds and corpus references) are split into ``n_splits``
    folds by article, so that the paragraphs of one article are never on both
    sides; each fold is predicted by a model trained on the other folds plus every
    authored paragraph (authored text is never a test paragraph: it is not what the
    model will meet). ``train_options`` go to :func:`framing.training.train_on`.
    """
    from sklearn.model_selection import GroupKFold

    real = [a for a in annotations if a.source != "authored"]
    authored = [a for a in annotations if a.source == "authored"]
    Y = label_matrix(real)
    groups = np.array([f"{a.source}:{a.doc_id}" for a in real])
    pred = np.zeros_like(Y)
    folds = GroupKFold(n_splits=n_splits).split(Y, Y, groups)
    for k, (train_idx, test_idx) in enumerate(folds, 1):
        progress(f"cross-validation{' of ' + name if name else ''}: fold {k}/{n_splits}")
        model = train_on(authored + [real[i] for i in train_idx], **train_options)
        pred[test_idx] = model.decide(model.predict_scores([real[i].text for i in test_idx]))
    return scores(Y, pred)


def agreement(first: dict, second: dict) -> dict:
    """Per-frame Cohen's kappa and Krippendorff's alpha (nominal, two coders) between two label dicts.

    Parameters
    ----------
    first, second : dict
        Paragraph id -> tuple of frames; only ids in both are compared.
    """
    ids = sorted(set(first) & set(second))
    out = {"n": len(ids)}
    for frame in FRAMES:
        a = np.array([frame in first[i] for i in ids], dtype=int)
        b = np.array([frame in second[i] for i in ids], dtype=int)
        out[frame] = {
            "kappa": round(float(_kappa(a, b)), 3),
            "alpha": round(_alpha(a, b), 3),
            "positives": [int(a.sum()), int(b.sum())],
        }
    out["mean_kappa"] = round(float(np.mean([out[f]["kappa"] for f in FRAMES])), 3)
    out["mean_alpha"] = round(float(np.mean([out[f]["alpha"] for f in FRAMES])), 3)
    first_m = np.array([[f in first[i] for f in FRAMES] for i in ids], dtype=int).reshape(-1, len(FRAMES))
    second_m = np.array([[f in second[i] for f in FRAMES] for i in ids], dtype=int).reshape(-1, len(FRAMES))
    out["macro_f1_between_annotators"] = scores(first_m, second_m)["macro_f1"]
    return out


def _kappa(a, b) -> float:
    po = float(np.mean(a == b))
    pa, pb = a.mean(), b.mean()
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def _alpha(a, b) -> float:
    # Krippendorff's alpha for two coders, nominal data, no missing values: 1 - D_o / D_e
    # with the coincidence-matrix formulation (n = 2N pairable values).
    values = np.concatenate([a, b])
    n = len(values)
    if n == 0:
        return 1.0
    disagreements = 2 * np.sum(a != b)
    n1 = values.sum()
    n0 = n - n1
    d_e = 2 * n0 * n1 / (n - 1)
    return 1.0 if d_e == 0 else float(1 - disagreements / d_e)


@dataclass
class EvaluationReport:
    """Figures from :func:`evaluate`, as nested dictionaries; ``str(report)`` is a readable table."""

    results: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return self.results

    def __str__(self) -> str:
        lines = []
        training = self.results.get("training")
        if training:
            lines.append(
                f"training sets: {training['paragraphs']} paragraphs, "
                f"{training['unresolved_references']} unresolved references"
            )
            lines.append("")
        for section, systems in self.results.items():
            if section in ("agreement", "training"):
                continue
            if not isinstance(systems, dict) or not systems:
                continue
            lines.append(f"== {section}")
            header = (
                f"{'system':28s}" + "".join(f"{f[:12]:>14s}" for f in FRAMES) + f"{'micro':>8s}{'macro':>8s}"
            )
            lines.append(header)
            for name, s in systems.items():
                if not isinstance(s, dict) or "macro_f1" not in s:
                    lines.append(f"{name:28s} {s}")
                    continue
                cells = "".join(f"{s[f]['f1']:>14.3f}" for f in FRAMES)
                lines.append(f"{name:28s}{cells}{s['micro_f1']:>8.3f}{s['macro_f1']:>8.3f}")
            lines.append("")
        agree = self.results.get("agreement")
        if agree:
            lines.append(f"== inter-annotator agreement ({agree['n']} paragraphs, two blind passes)")
            for f in FRAMES:
                lines.append(f"{f:28s} kappa {agree[f]['kappa']:.3f}  alpha {agree[f]['alpha']:.3f}")
            lines.append(f"{'macro-F1 between annotators':28s} {agree['macro_f1_between_annotators']:.3f}")
        return "\n".join(lines)


def read_second_pass(annotations_dir) -> dict | None:
    """Labels of the second, blind annotation pass (``agreement/second-pass.jsonl``), or None.

    Raises
    ------
    AnnotationError
        A line that is not a JSON object with a string ``id`` and a list of known
        ``frames``, or an id given twice; the message names the file and line.
    """
    path = Path(annotations_dir) / "agreement" / "second-pass.jsonl"
    if not path.is_file():
        return None
    out = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise AnnotationError(f"{where}: not valid JSON ({exc})") from None
        if (
            not isinstance(rec, dict)
            or not isinstance(rec.get("id"), str)
            or not isinstance(rec.get("frames"), list)
        ):
            raise AnnotationError(f'{where}: expected {{"id": "...", "frames": [...]}}')
        if rec["id"] in out:
            raise AnnotationError(f"{where}: id {rec['id']!r} is given twice")
        out[rec["id"]] = check_frames(rec["frames"], where=f"{where}: ")
    return out


def evaluate(
    model=None,
    annotations_dir="annotations",
    *,
    corpus=None,
    training_sets=DEFAULT_TRAINING_SETS,
    cross_validation=True,
    baselines=True,
    n_splits=5,
    progress=_silent,
) -> EvaluationReport:
    """Evaluate a model and its baselines on the real-news validation set and by cross-validation.

    Parameters
    ----------
    model : FramingModel, optional
        The model to score on the validation set; default the shipped model. The
        baselines and the cross-validation use its training settings (cue weight,
        authored weight), with one component switched off.
    annotations_dir : str or Path
    corpus : str or Path, optional
        Resolves the references of ``real-validation`` (and ``real-train``).
        Without it, only the cross-validation on annotations with text is run.
    training_sets : sequence of str
        Sets the baselines (and cross-validation) train on, as the shipped model does.
    cross_validation : bool
        Run grouped cross-validation on the training sets (slower; see :func:`cross_validate`).
    baselines : bool
        Also score the keyword baseline, TF-IDF without stemming and TF-IDF without cue features.
    progress : callable, optional
        Called with a short message before each long step.

    Returns
    -------
    EvaluationReport
    """
    from framing.api import default_model

    model = model or default_model()
    settings = _training_settings(model)
    systems = {"shipped pipeline": settings}
    if baselines:
        systems["tf-idf without cues"] = {**settings, "cues": False, "us_scale": 0.0}
        systems["tf-idf without stemming"] = {**settings, "stemming": False}
    results: dict = {}
    progress("reading the annotations")
    train = load_annotations(annotations_dir, sets=training_sets, corpus=corpus)
    train_usable = train.usable()
    results["training"] = {
        "paragraphs": len(train_usable),
        "unresolved_references": len(train.unresolved),
    }
    val_path = Path(annotations_dir) / "real-validation.jsonl"
    if val_path.is_file():
        val = load_annotations(annotations_dir, sets=("real-validation",), corpus=corpus)
        val_usable = val.usable()
        if val_usable:
            Y = label_matrix(val_usable)
            texts = [a.text for a in val_usable]
            section = {"shipped model": scores(Y, model.decide(model.predict_scores(texts)))}
            for name, options in list(systems.items())[1:]:
                progress(f"training {name}")
                m = train_on(train_usable, **options)
                section[name] = scores(Y, m.decide(m.predict_scores(texts)))
            if baselines:
                section["keyword baseline"] = scores(Y, keyword_baseline(texts))
            results["real-validation"] = section
        else:
            results["real-validation"] = {
                "skipped": f"references unresolved ({len(val.unresolved)}): pass --corpus"
            }
    if cross_validation:
        section = {
            name: cross_validate(train_usable, n_splits=n_splits, progress=progress, name=name, **options)
            for name, options in systems.items()
        }
        if baselines:
            real = [a for a in train_usable if a.source != "authored"]
            section["keyword baseline"] = scores(label_matrix(real), keyword_baseline([a.text for a in real]))
        results["cross-validation (grouped by article, real test folds)"] = section
    second = read_second_pass(annotations_dir)
    if second:
        sets = [s for s in ("seeds", "real-validation") if (Path(annotations_dir) / f"{s}.jsonl").is_file()]
        first_pass = load_annotations(annotations_dir, sets=sets)
        first = {a.id: a.frames for a in first_pass.annotations}
        first.update({a.id: a.frames for a, _ in first_pass.unresolved})
        results["agreement"] = agreement(first, second)
    return EvaluationReport(results)


def _training_settings(model) -> dict:
    """The train_on() options a model was trained with (from its features and card)."""
    training = model.card.get("training", {})
    return {
        "stemming": model.features.stemming,
        "cues": model.features.cues,
        "cue_scale": model.features.cue_scale,
        "us_scale": model.features.us_scale,
        "authored_weight": training.get("authored_weight", AUTHORED_WEIGHT),
        **_classifier_settings(model.card),
    }


def _classifier_settings(card) -> dict:
    """The classifier options of a model: from its card; the current ones for a model without a training
    record (made by train_on()); plain logistic regression at C 8 for cards from before the scaling."""
    training = card.get("training")
    if training is None:
        return {"nb_power": NB_POWER, "nb_alpha": NB_ALPHA, "C": LOGISTIC_C}
    saved = training.get("classifier")
    if saved is None:
        return {"nb_power": 0.0, "nb_alpha": NB_ALPHA, "C": 8.0}
    return {"nb_power": saved["nb_power"], "nb_alpha": saved["nb_alpha"], "C": saved["C"]}
