"""The exceptions the library raises.

Every error of the library's own is a :class:`FramingError`; each also subclasses
the built-in exception it corresponds to, so ``except ValueError`` keeps working.
The CLI turns these into one-line messages and exit codes (see ``framing --help``).
"""

from __future__ import annotations

__all__ = [
    "AnnotationError",
    "CorpusError",
    "FramingError",
    "ModelError",
    "ModelIntegrityError",
    "ModelMismatchError",
    "ModelNotFoundError",
    "UnknownFrameError",
]


class FramingError(Exception):
    """Base class of every error raised by ``framing`` itself."""


class AnnotationError(FramingError, ValueError):
    """An annotation file is invalid; the message names the file and line."""


class UnknownFrameError(AnnotationError):
    """A frame name is not one of :data:`framing.FRAMES`."""


class CorpusError(FramingError, ValueError):
    """A corpus file or option cannot be read as documents."""


class ModelError(FramingError):
    """A model cannot be used."""


class ModelNotFoundError(ModelError, FileNotFoundError):
    """No model card or model file at the given path."""


class ModelIntegrityError(ModelError, ValueError):
    """The model file does not match the SHA-256 recorded in its card, or the card is damaged.

    The file is never unpickled in that case: a joblib file executes code on load.
    """


class ModelMismatchError(ModelError, ValueError):
    """The model was made for another frame set or another, incompatible framing version."""
