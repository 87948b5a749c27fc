"""Reading and validating annotation files.

An annotation file is JSON Lines, one labeled paragraph per line (the format is
documented in ``annotations/README.md``). Two kinds of record exist:

* records that carry their ``text`` (seed and authored paragraphs);
* references into a corpus the project may not redistribute: ``doc_id``,
  paragraph ``index`` as :func:`framing.segment` numbers it, and the
  ``sha256`` of the paragraph text. :func:`resolve_references` fills in the text
  from a corpus file and checks the hash.

Every problem — a malformed line, a missing or mistyped field, an unknown frame,
a duplicate id, an empty text, a reference whose hash no longer matches — raises
one :class:`~framing.exceptions.AnnotationError` that names the file and line.
Nothing is skipped silently: references that cannot be resolved because the
corpus is absent are returned in :attr:`AnnotationSet.unresolved`, and callers
report them.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from framing.exceptions import AnnotationError
from framing.frames import check_frames
from framing.segment import paragraph_hash, segment

__all__ = [
    "SET_FILES",
    "SOURCES",
    "Annotation",
    "AnnotationSet",
    "load_annotations",
    "read_annotation_file",
    "resolve_references",
]

SET_FILES = {
    "seeds": "seeds.jsonl",
    "authored": "authored.jsonl",
    "real-train": "real-train.jsonl",
    "real-validation": "real-validation.jsonl",
}
"""Annotation set name -> file name inside an annotations directory."""

SOURCES = ("seed", "authored", "corpus")
"""Allowed values of the ``source`` field: a seed article, a paragraph written for the
project, or a reference into a corpus (no text stored)."""

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FIELDS = {
    "id": str,
    "doc_id": str,
    "index": int,
    "frames": list,
    "source": str,
}
_OPTIONAL = {"text": str, "sha256": str, "boilerplate": bool, "note": str, "year": int, "annotator": str}


@dataclass(frozen=True)
class Annotation:
    """One labeled paragraph.

    ``text`` is None for a corpus reference that has not been resolved yet.
    ``where`` is "file:line", for messages.
    """

    id: str
    doc_id: str
    index: int
    frames: tuple[str, ...]
    source: str
    text: str | None
    sha256: str | None
    boilerplate: bool
    where: str


@dataclass
class AnnotationSet:
    """Annotations loaded from one or more files.

    Attributes
    ----------
    annotations : list of Annotation
        Every record with text (including resolved references).
    unresolved : list of tuple (Annotation, str)
        References that could not be given text, with the reason.
    files : dict
        Set name -> (path, SHA-256 of the file, number of records).
    """

    annotations: list
    unresolved: list
    files: dict

    def usable(self) -> list[Annotation]:
        """Records with text that are not boilerplate: what a model trains or is evaluated on."""
        return [a for a in self.annotations if not a.boilerplate]


def _fail(where: str, message: str) -> AnnotationError:
    return AnnotationError(f"{where}: {message}")


def read_annotation_file(path) -> list[Annotation]:
    """Read and validate one annotation file.

    Parameters
    ----------
    path : str or Path
        A ``.jsonl`` file (or ``.jsonl.gz``).

    Returns
    -------
    list of Annotation

    Raises
    ------
    AnnotationError
        On the first invalid line, naming the file and the line.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        raise AnnotationError(f"{path}: annotation file not found") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise AnnotationError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    out = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        if not line.strip():
            raise _fail(where, "empty line (every line must be one JSON object)")
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise _fail(where, f"malformed JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(rec, dict):
            raise _fail(where, f"expected a JSON object, got {type(rec).__name__}")
        for name, kind in _FIELDS.items():
            if name not in rec:
                raise _fail(where, f"missing field {name!r}")
            if not isinstance(rec[name], kind) or (isinstance(rec[name], bool) and kind is not bool):
                raise _fail(where, f"field {name!r} must be {kind.__name__}, got {type(rec[name]).__name__}")
        for name, kind in _OPTIONAL.items():
            if name in rec and not (
                isinstance(rec[name], kind) and not (kind is int and isinstance(rec[name], bool))
            ):
                raise _fail(where, f"field {name!r} must be {kind.__name__}, got {type(rec[name]).__name__}")
        if not rec["id"].strip():
            raise _fail(where, "empty id")
        if rec["id"] in seen:
            raise _fail(where, f"duplicate id {rec['id']!r} (first on line {seen[rec['id']]})")
        seen[rec["id"]] = lineno
        if rec["index"] < 0:
            raise _fail(where, f"paragraph index must be >= 0, got {rec['index']}")
        if rec["source"] not in SOURCES:
            raise _fail(where, f"unknown source {rec['source']!r}; expected one of {', '.join(SOURCES)}")
        if not all(isinstance(f, str) for f in rec["frames"]):
            raise _fail(where, "frames must be a list of frame names (strings)")
        frames = check_frames(rec["frames"], where=f"{where}: ")
        if len(frames) != len(rec["frames"]):
            raise _fail(where, f"a frame is listed twice in {rec['frames']}")
        text = rec.get("text")
        digest = rec.get("sha256")
        if digest is not None and not _HEX64.match(digest):
            raise _fail(where, "sha256 must be 64 lowercase hex digits")
        if rec["source"] == "corpus":
            if text is not None:
                raise _fail(
                    where, "a corpus reference must not carry its text (store doc_id, index and sha256)"
                )
            if digest is None:
                raise _fail(where, "a corpus reference needs the sha256 of the paragraph text")
        else:
            if text is None:
                raise _fail(where, f"a {rec['source']} record needs its text")
            if not text.strip():
                raise _fail(where, "empty text")
            if digest is not None and digest != paragraph_hash(text):
                raise _fail(where, "sha256 does not match the text")
        boilerplate = rec.get("boilerplate", False)
        if boilerplate and frames:
            raise _fail(where, "a boilerplate paragraph cannot carry frames")
        out.append(
            Annotation(
                rec["id"],
                rec["doc_id"],
                rec["index"],
                frames,
                rec["source"],
                text,
                digest,
                boilerplate,
                where,
            )
        )
    return out


def resolve_references(annotations, corpus) -> tuple[list[Annotation], list[tuple[Annotation, str]]]:
    """Give corpus references their text, checking each paragraph's SHA-256.

    Parameters
    ----------
    annotations : list of Annotation
    corpus : str or Path or None
        A JSON Lines corpus (``.jsonl`` or ``.jsonl.gz``) with ``doc_id`` and
        ``text`` fields. ``None``: references stay unresolved.

    Returns
    -------
    resolved : list of Annotation
        Every record that has text, in input order.
    unresolved : list of (Annotation, reason)
        References left without text because the corpus is absent.

    Raises
    ------
    AnnotationError
        A reference names a document missing from the corpus, a paragraph index
        beyond the document, or a paragraph whose text no longer has the stored hash.
    """
    refs = [a for a in annotations if a.text is None]
    if not refs:
        return list(annotations), []
    if corpus is None or not Path(corpus).is_file():
        reason = "no corpus given" if corpus is None else f"corpus {corpus} not found"
        return [a for a in annotations if a.text is not None], [(a, reason) for a in refs]
    wanted = {a.doc_id for a in refs}
    paragraphs: dict[str, list] = {}
    from framing.corpus import read_documents

    # Unreadable documents simply stay absent: a reference to one fails below with "not in the corpus".
    for doc in read_documents(corpus, input_format="jsonl"):
        if doc.doc_id in wanted and doc.text is not None:
            paragraphs[doc.doc_id] = segment(doc.text)
    resolved = []
    for a in annotations:
        if a.text is not None:
            resolved.append(a)
            continue
        paras = paragraphs.get(a.doc_id)
        if paras is None:
            raise _fail(a.where, f"document {a.doc_id!r} is not in the corpus {corpus}")
        if a.index >= len(paras):
            raise _fail(a.where, f"document {a.doc_id!r} has {len(paras)} paragraphs, no index {a.index}")
        p = paras[a.index]
        if p.sha256 != a.sha256:
            raise _fail(
                a.where,
                f"paragraph {a.index} of {a.doc_id!r} no longer matches its sha256 (the corpus text or the "
                "segmenter changed); re-check this annotation against the text",
            )
        resolved.append(replace(a, text=p.text, boilerplate=a.boilerplate or p.boilerplate))
    return resolved, []


def load_annotations(
    directory="annotations", *, sets=("seeds", "authored", "real-train"), corpus=None
) -> AnnotationSet:
    """Load annotation sets from a directory, resolving corpus references when a corpus is given.

    Parameters
    ----------
    directory : str or Path
        Holds the files named in :data:`SET_FILES`.
    sets : sequence of str
        Which sets to load. A set whose file is absent is an error.
    corpus : str or Path, optional
        Corpus for references (``real-train``, ``real-validation``).

    Returns
    -------
    AnnotationSet

    Raises
    ------
    AnnotationError
        An invalid file, or an id used in two files.
    """
    import hashlib

    directory = Path(directory)
    if isinstance(sets, str):
        raise TypeError("sets must be a sequence of set names, e.g. ('seeds', 'authored')")
    records, files = [], {}
    owner: dict[str, str] = {}
    unknown = [name for name in sets if name not in SET_FILES]
    if unknown:
        raise AnnotationError(f"unknown annotation set {unknown[0]!r}; the sets are {', '.join(SET_FILES)}")
    for name in sets:
        path = directory / SET_FILES[name]
        recs = read_annotation_file(path)
        for a in recs:
            if a.id in owner:
                raise _fail(a.where, f"duplicate id {a.id!r}, also in {owner[a.id]}")
            owner[a.id] = a.where
        files[name] = {
            "path": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "records": len(recs),
        }
        records.extend(recs)
    resolved, unresolved = resolve_references(records, corpus)
    return AnnotationSet(resolved, unresolved, files)
