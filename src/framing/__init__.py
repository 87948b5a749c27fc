"""framing: paragraph-level framing analysis of Indonesian news.

>>> import framing
>>> results = framing.classify(article_text)          # doctest: +SKIP
>>> [(p.index, p.frames) for p in results]             # doctest: +SKIP

The four frames are in :data:`FRAMES`. See the README for training, evaluation
and batch labeling.
"""

from framing._version import __version__
from framing.annotations import load_annotations
from framing.api import classify
from framing.exceptions import (
    AnnotationError,
    CorpusError,
    FramingError,
    ModelError,
    ModelIntegrityError,
    ModelMismatchError,
    ModelNotFoundError,
    UnknownFrameError,
)
from framing.frames import FRAME_DESCRIPTIONS, FRAMES
from framing.model import FramingModel, ParagraphResult
from framing.persistence import load_model
from framing.segment import Paragraph, segment
from framing.text import stem
from framing.training import train

__all__ = [
    "FRAMES",
    "FRAME_DESCRIPTIONS",
    "AnnotationError",
    "CorpusError",
    "FramingError",
    "FramingModel",
    "ModelError",
    "ModelIntegrityError",
    "ModelMismatchError",
    "ModelNotFoundError",
    "Paragraph",
    "ParagraphResult",
    "UnknownFrameError",
    "__version__",
    "classify",
    "load_annotations",
    "load_model",
    "segment",
    "stem",
    "train",
]


def __getattr__(name):
    # Heavier entry points load on demand so that "import framing" stays fast.
    if name == "evaluate":
        from framing.evaluation import evaluate

        return evaluate
    if name == "label_corpus":
        from framing.corpus import label_corpus

        return label_corpus
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
