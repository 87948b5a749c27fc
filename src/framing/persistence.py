"""Saving and loading models, with a model card that is checked before anything is unpickled.

A saved model is a directory holding two files:

``model-card.json``
    What the model is: frames, thresholds, the training data's SHA-256 and
    counts, library versions, evaluation figures, and the name and SHA-256 of
    the model file.
``model-<sha12>.joblib``
    The fitted model: the :class:`~framing.features.TextFeatures` (vocabulary,
    idf) and the per-frame weights, intercepts and thresholds as NumPy arrays. No
    scikit-learn object is stored, so loading and classifying never import
    scikit-learn. The name carries the first 12 hex digits of its SHA-256, so a
    new save never overwrites the file the current card names.

Saving writes the new model file first, then replaces the card atomically
(``os.replace``), then removes the model file the old card named. A process
killed at any moment leaves a card that names a complete, matching model file:
the previous model, or the new one.

Loading reads the card, checks the frame set and versions, hashes the model file
and compares it with the card *before* calling :func:`joblib.load`: a joblib file
runs code when it is loaded, so a file that fails the check is never unpickled.
Only load model files from sources you trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

from framing._version import __version__
from framing.exceptions import ModelIntegrityError, ModelMismatchError, ModelNotFoundError
from framing.frames import FRAMES

__all__ = [
    "CARD_NAME",
    "FORMAT_VERSION",
    "default_model_path",
    "load_model",
    "read_card",
    "save_model",
    "update_card",
]

CARD_NAME = "model-card.json"
"""File name of the model card inside a model directory."""

FORMAT_VERSION = 2
"""Version of the on-disk model format; a card with another format version is refused.

Format 1 (framing 0.1) stored a scikit-learn pipeline; format 2 stores features and weights."""


def default_model_path() -> Path:
    """The directory of the shipped model.

    Installed wheels carry it as package data (``framing/models``); in a source
    checkout (editable install) it is the repository's top-level ``models/``.
    """
    packaged = Path(__file__).resolve().parent / "models"
    if (packaged / CARD_NAME).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "models"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_model(model, path) -> Path:
    """Save a :class:`~framing.model.FramingModel` into directory ``path``.

    Parameters
    ----------
    model : FramingModel
    path : str or Path
        Directory; created if missing. An existing model there is replaced
        atomically.

    Returns
    -------
    Path
        The card's path.
    """
    import joblib

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    card_path = path / CARD_NAME
    old_file = None
    if card_path.is_file():
        try:
            old_file = json.loads(card_path.read_text(encoding="utf-8")).get("model_file")
        except (ValueError, OSError):
            old_file = None

    fd, tmp = tempfile.mkstemp(dir=path, prefix=".model-", suffix=".joblib.tmp")
    os.close(fd)
    try:
        joblib.dump(_payload(model), tmp, compress=3)
        digest = _sha256_file(Path(tmp))
        model_file = f"model-{digest[:12]}.joblib"
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path / model_file)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

    card = dict(model.card)
    card.update(
        format_version=FORMAT_VERSION,
        framing_version=__version__,
        frames=list(model.frames),
        thresholds=model.thresholds,
        model_file=model_file,
        model_sha256=digest,
    )
    card.setdefault("library_versions", library_versions())
    model.card = card
    _atomic_write(card_path, (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    if old_file and old_file != model_file and "/" not in old_file and "\\" not in old_file:
        try:
            (path / old_file).unlink()
        except FileNotFoundError:
            pass
    return card_path


def _payload(model) -> dict:
    """What the model file holds (the card is saved beside it)."""
    return {
        "features": model.features,
        "coef": model.coef,
        "intercept": model.intercept,
        "thresholds": model.thresholds_,
        "frames": list(model.frames),
    }


def update_card(path, **fields) -> Path:
    """Set top-level fields of a saved model's card (e.g. ``evaluation=...``), atomically.

    The model file and its hash are untouched; the card is validated first.
    """
    card_path = _card_path(path)
    card = read_card(card_path)
    card.update(fields)
    _atomic_write(card_path, (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return card_path


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model was made with."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"framing": __version__}
    for name, dist in (
        ("scikit-learn", "scikit-learn"),
        ("numpy", "numpy"),
        ("scipy", "scipy"),
        ("joblib", "joblib"),
        ("pysastrawi", "pysastrawi"),
    ):
        try:
            out[name] = version(dist)
        except PackageNotFoundError:  # pragma: no cover - metadata missing in odd installs
            out[name] = "unknown"
    out["python"] = platform.python_version()
    return out


def _card_path(path) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / CARD_NAME
    if not path.is_file():
        raise ModelNotFoundError(
            f"no model card at {path}; pass the directory written by 'framing train' "
            f"(it holds {CARD_NAME} and a model-*.joblib file)"
        )
    return path


def read_card(path) -> dict:
    """Read and validate a model card (a model directory or the card file itself)."""
    card_path = _card_path(path)
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(
            f"model card {card_path} is not valid JSON ({exc}); retrain with 'framing train'"
        ) from None
    if not isinstance(card, dict):
        raise ModelIntegrityError(f"model card {card_path} is not a JSON object")
    missing = [k for k in ("format_version", "frames", "model_file", "model_sha256") if k not in card]
    if missing:
        raise ModelIntegrityError(f"model card {card_path} lacks {', '.join(missing)}")
    if card["format_version"] != FORMAT_VERSION:
        raise ModelMismatchError(
            f"model card {card_path} has format version {card['format_version']!r}; this framing "
            f"{__version__} reads format {FORMAT_VERSION}. Retrain with 'framing train'."
        )
    if tuple(card["frames"]) != FRAMES:
        raise ModelMismatchError(
            f"model at {card_path.parent} labels frames {card['frames']}, but this framing uses {list(FRAMES)}. "
            "Retrain with 'framing train'."
        )
    return card


def load_model(path=None):
    """Load a saved model after checking its card and the SHA-256 of its file.

    Parameters
    ----------
    path : str or Path, optional
        A model directory or its ``model-card.json``. ``None`` loads the shipped model.

    Returns
    -------
    FramingModel

    Raises
    ------
    ModelNotFoundError
        No card or no model file at ``path``.
    ModelIntegrityError
        The card is damaged or the model file does not match the card's SHA-256
        (the file is then never unpickled).
    ModelMismatchError
        The model labels another frame set, or has an unreadable format version.

    Warns
    -----
    UserWarning
        The model was saved by another version of framing or pysastrawi (whose
        dictionary decides the stems).
    """
    import joblib

    from framing.model import FramingModel

    card_path = _card_path(default_model_path() if path is None else path)
    card = read_card(card_path)
    name = card["model_file"]
    if not isinstance(name, str) or Path(name).name != name:
        raise ModelIntegrityError(f"model card {card_path} names an invalid model file {name!r}")
    model_path = card_path.parent / name
    if not model_path.is_file():
        raise ModelNotFoundError(f"model file {model_path} named by {card_path} is missing")
    digest = _sha256_file(model_path)
    if digest != card["model_sha256"]:
        raise ModelIntegrityError(
            f"model file {model_path} does not match its card (SHA-256 {digest[:12]}..., card says "
            f"{str(card['model_sha256'])[:12]}...): it is damaged or was replaced. Refusing to load it; "
            "retrain with 'framing train' or restore the file."
        )
    versions = card.get("library_versions", {})
    current = library_versions()
    for lib in ("framing", "pysastrawi"):
        saved = versions.get(lib)
        if saved and saved != current[lib]:
            warnings.warn(
                f"model at {card_path.parent} was saved with {lib} {saved}; this is {lib} {current[lib]}. "
                "Predictions may differ; retrain with 'framing train' to be sure.",
                UserWarning,
                stacklevel=2,
            )
    try:
        payload = joblib.load(model_path)
    except Exception as exc:
        raise ModelIntegrityError(f"model file {model_path} cannot be loaded: {exc}") from exc
    if not isinstance(payload, dict) or set(payload) != {
        "features",
        "coef",
        "intercept",
        "thresholds",
        "frames",
    }:
        raise ModelIntegrityError(f"model file {model_path} does not hold a framing model")
    if tuple(payload["frames"]) != tuple(card["frames"]):
        raise ModelMismatchError(
            f"model file {model_path} labels {payload['frames']}, its card {card['frames']}"
        )
    try:
        return FramingModel(
            payload["features"],
            payload["coef"],
            payload["intercept"],
            payload["thresholds"],
            card["frames"],
            card,
        )
    except ValueError as exc:
        raise ModelIntegrityError(f"model file {model_path}: {exc}") from None
