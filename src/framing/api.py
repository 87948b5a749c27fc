"""The one-call API: :func:`classify` with the shipped model, loaded once per process."""

from __future__ import annotations

import threading

from framing.model import FramingModel, ParagraphResult
from framing.persistence import load_model

__all__ = ["classify", "default_model"]

_default = None
_default_lock = threading.Lock()


def default_model() -> FramingModel:
    """The shipped model, loaded on first use and then shared (thread-safe, never at import)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = load_model()
    return _default


def _check_text(text) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "classify() expects the article as str, got bytes; decode it first, e.g. data.decode('utf-8')"
        )
    raise TypeError(f"classify() expects the article as str, got {type(text).__name__}")


def classify(text: str, *, model: FramingModel | None = None, explain: bool = False) -> list[ParagraphResult]:
    """Label each paragraph of an Indonesian news article with its frames.

    Parameters
    ----------
    text : str
        The article. Published line breaks separate paragraphs; a text that
        arrives as one block is cut into paragraphs of a few sentences.
    model : FramingModel, optional
        Defaults to the shipped model (``framing.load_model()``), loaded once.
    explain : bool, default=False
        Also return, per frame, the features (stems and cues) that pushed the
        frame's score up.

    Returns
    -------
    list of ParagraphResult
        One per paragraph, in order; boilerplate paragraphs are included,
        marked, and not classified. Empty for empty or blank text.

    Raises
    ------
    TypeError
        ``text`` is not a ``str`` (``None``, bytes, a number, ...).

    Examples
    --------
    >>> import framing
    >>> for p in framing.classify("Korea Utara membantah memasok amunisi ke Rusia."):
    ...     print(p.index, p.frames)                       # doctest: +SKIP
    0 ('military_cooperation', 'denial')
    """
    text = _check_text(text)
    if not text.strip():
        return []
    if model is not None and not isinstance(model, FramingModel):
        raise TypeError(f"model must be a FramingModel (see framing.load_model), got {type(model).__name__}")
    return (model or default_model()).classify(text, explain=explain)
