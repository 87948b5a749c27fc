"""framing: paragraph-level framing analysis of Indonesian news."""
from framing._version import __version__
from framing.segment import Paragraph, segment

__all__ = ["Paragraph", "__version__", "segment"]
