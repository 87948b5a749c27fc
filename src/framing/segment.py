"""Paragraph segmentation: the unit every frame label is attached to.

News arrives in two shapes. About half of a scraped corpus keeps the published
paragraphs, one per line; the rest was flattened by the scraper into a single
block of text. :func:`segment` turns both into paragraphs:

* every non-blank line is one paragraph;
* a line longer than :data:`LONG_LINE_CHARS` is a flattened block (or an
  unusually long paragraph) and is cut into paragraphs of a few sentences;
* paragraphs that are page furniture rather than journalism ("Baca Juga: ...",
  subscription banners, author credits, a photo caption repeated twice) are kept
  and marked ``boilerplate=True`` so that nothing is dropped silently, but they
  are never classified.

The numbering of paragraphs is part of the annotation format: annotations that
refer to corpus paragraphs store ``(doc_id, paragraph index, SHA-256 of the
paragraph text)``. Changing how text is cut into paragraphs therefore
invalidates stored references, and the annotation loader reports exactly which
ones (a hash mismatch) rather than silently pairing labels with other text.
Whether a paragraph is boilerplate does not affect numbering.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

__all__ = [
    "LONG_LINE_CHARS",
    "MAX_PARAGRAPH_CHARS",
    "Paragraph",
    "paragraph_hash",
    "segment",
]

LONG_LINE_CHARS = 700
"""A line longer than this many characters is split into paragraphs of a few sentences.

Published Indonesian news paragraphs are short (one to three sentences, rarely
over 500 characters); a longer line is almost always a whole article that a
scraper flattened into one block.
"""

_CHUNK_SENTENCES = 3
"""At most this many sentences go into one paragraph cut from a long line."""

_CHUNK_CHARS = 450
"""A paragraph cut from a long line is closed once it reaches this many characters."""

MAX_PARAGRAPH_CHARS = 5000
"""No paragraph is longer than this: a longer stretch without a sentence end (a table, a run-on
scrape, one enormous "word") is cut at the last white space before the limit, or at the limit."""

# Line breaks as the Unicode standard defines them for text, not str.splitlines(),
# which also splits on the vertical tab, form feed and the C0 file/group/record separators.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u0085\u2028\u2029]")
_OTHER_BREAKS = ("\r", "\u0085", "\u2028", "\u2029")  # without any of them, lines end at "\n" alone

# A sentence ends at . ! or ? (possibly followed by closing quotes or brackets),
# then white space, then something that can start a sentence.
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")

# Tokens whose final period does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "a.n",
        "an",
        "dkk",
        "dll",
        "dsb",
        "dst",
        "no",
        "nomor",
        "hlm",
        "jl",
        "jln",
        "prof",
        "dr",
        "drs",
        "ir",
        "h",
        "hj",
        "kh",
        "st",
        "tn",
        "ny",
        "sdr",
        "kol",
        "letjen",
        "mayjen",
        "brigjen",
        "jend",
        "laksma",
        "marsma",
        "kapt",
        "lt",
        "bpk",
        "ibu",
        "mr",
        "mrs",
        "ms",
        "vs",
        "sen",
        "rep",
        "gen",
        "u.s",
        "u.n",
        "s.h",
        "s.e",
        "m.si",
        "m.a",
        "s.ip",
    ]
)

_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))
_STRIPPED = "(\"'“"  # stripped from the word before a period before it is looked up

_BOILERPLATE_PATTERNS = [
    r"baca\s*juga\b",
    r"(simak|lihat|saksikan)\s+(juga|berita|video|selengkapnya)\b",
    r"nyaman tanpa iklan",
    r"langganan \w+pro\b",
    r"cek berita dan artikel",
    r"(google news|wa channel|whatsapp channel)\b.{0,20}$",
    r"penulis\s*:",
    r"editor\s*:",
    r"sumber\s*:",
    r"reporter\s*:",
    r"pewarta\s*:",
    r"#\s*hot topic",
    r"konten premium$",
    r"dapatkan informasi komprehensif",
    r"silakan login",
    r"scan qr code",
    r"(artikel terkait|berita lainnya|berita terbaru|berita terkait|rekomendasi kami|foto|video|tag|topik)$",
    r"advertisement",
    r"scroll to continue",
    r"\[?gambas:",
    r"(download|unduh) aplikasi",
    r"ikuti (kami|berita|saluran)",
]
_BOILERPLATE = re.compile(r"^\W*(?:" + "|".join(_BOILERPLATE_PATTERNS) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article.

    Attributes
    ----------
    index : int
        Position of the paragraph in the article, counting from 0. Boilerplate
        paragraphs are counted too.
    text : str
        The paragraph exactly as it stands in the input, without surrounding
        white space.
    boilerplate : bool
        True for page furniture ("Baca Juga: ...", banners, credits, repeated
        captions), which is never classified.
    start, end : int
        Character offsets of ``text`` in the input: ``input[start:end] == text``.
    """

    index: int
    text: str
    boilerplate: bool
    start: int
    end: int

    @property
    def sha256(self) -> str:
        """SHA-256 of the paragraph text, the form in which annotations refer to it."""
        return paragraph_hash(self.text)


def paragraph_hash(text: str) -> str:
    """Return the hex SHA-256 of a paragraph's text (UTF-8, lone surrogates escaped)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def segment(text: str) -> list[Paragraph]:
    """Split an article into paragraphs.

    Parameters
    ----------
    text : str
        The article. Line breaks separate published paragraphs; a line longer
        than :data:`LONG_LINE_CHARS` characters is split into paragraphs of at
        most three sentences.

    Returns
    -------
    list of Paragraph
        In reading order, numbered from 0. Empty for empty or blank text.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() expects the article as str, got {type(text).__name__}")
    spans, bodies, boilerplate = _segment_spans(text)
    return [Paragraph(i, body, boilerplate[i], *spans[i]) for i, body in enumerate(bodies)]


def _segment_spans(text: str) -> tuple[list[tuple[int, int]], list[str], list[bool]]:
    """:func:`segment` as three lists, the paragraphs' (start, end), texts and boilerplate flags, without
    a :class:`Paragraph` object per paragraph (batch labeling makes 60,000 of them for nothing)."""
    spans: list[tuple[int, int]] = []
    for start, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end = start + len(stripped)
        if end - start <= LONG_LINE_CHARS:
            spans.append((start, end))
        else:
            spans.extend(_split_line(text, start, end))

    bodies = [text[start:end] for start, end in spans]
    boilerplate = []
    seen: set[str] = set()
    for body in bodies:
        boilerplate.append(_is_furniture(body) or body in seen)
        seen.add(body)
    return spans, bodies, boilerplate


def _lines(text: str):
    """Yield (offset, line) for each line of ``text``, split at the line breaks of :data:`_LINE_BREAK`."""
    if not any(brk in text for brk in _OTHER_BREAKS):
        pos = 0
        for line in text.split("\n"):
            yield pos, line
            pos += len(line) + 1
        return
    pos = 0
    for brk in _LINE_BREAK.finditer(text):
        yield pos, text[pos : brk.start()]
        pos = brk.end()
    yield pos, text[pos:]


def is_boilerplate(paragraph: str) -> bool:
    """Return True if a paragraph is page furniture rather than journalism.

    Repeated paragraphs (a photo caption printed twice) are recognised by
    :func:`segment`, which sees the whole article.
    """
    return _is_furniture(paragraph.strip())


def _is_furniture(stripped: str) -> bool:
    if not (stripped[:1].isalnum() or any(ch.isalnum() for ch in stripped)):
        return False
    return bool(_BOILERPLATE.search(stripped))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the paragraphs in the long line ``text[start:end]`` (stripped)."""
    spans = []
    chunk_start = start
    sentences = 0
    for stop in _sentence_stops(text, start, end):
        sentences += 1
        if sentences >= _CHUNK_SENTENCES or stop - chunk_start >= _CHUNK_CHARS:
            spans.append(_strip_span(text, chunk_start, stop))
            chunk_start = stop
            sentences = 0
    last = _strip_span(text, chunk_start, end)
    if last[0] < last[1]:
        spans.append(last)
    return [piece for span in spans for piece in _cap_length(text, *span)]


def _cap_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span longer than MAX_PARAGRAPH_CHARS at white space (or hard, if there is none)."""
    pieces = []
    while end - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        cut = max(text.rfind(" ", start + 1, limit), text.rfind("\t", start + 1, limit))
        cut = cut if cut > start else limit
        pieces.append(_strip_span(text, start, cut))
        start, _ = _strip_span(text, cut, end)
    if start < end:
        pieces.append((start, end))
    return pieces


def _sentence_stops(text: str, start: int, end: int):
    """Yield the offsets just after each sentence end inside ``text[start:end]``."""
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.start()
        if text[stop] == ".":
            # The word before the period: an abbreviation or a single initial does not end a sentence.
            raw = text[max(text.rfind(" ", start, stop) + 1, start) : stop]
            # Most words are too long to be either, with nothing to strip: skip the test for them.
            if len(raw) <= _LONGEST_ABBREVIATION or raw[0] in _STRIPPED or raw[-1] in _STRIPPED:
                word = raw.lower().strip(_STRIPPED)
                if word in _ABBREVIATIONS or len(word) == 1:
                    continue
        yield match.end()
