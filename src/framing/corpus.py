"""Batch labeling of a corpus: reading documents, labeling paragraphs in parallel, resumable output.

Reading (:func:`read_documents`) turns a directory of ``.txt`` files, a JSON
Lines file (optionally gzipped), a CSV file or standard input into
:class:`Document` objects. A document that cannot be used (undecodable bytes, a
malformed JSON line, a missing or empty text) is still yielded, with ``error``
set, so that callers can list it; it never stops the run.

Labeling (:func:`label_corpus`) yields one record per non-boilerplate
paragraph, lazily and in input order, with ``n_jobs`` worker processes. At most
a few chunks of documents are in flight at a time, so memory does not grow with
the corpus.

Writing (:func:`label_to_file`) appends records to a JSONL or CSV file, one
physical line per record, a whole document at a time. Every record carries
``seq``, the document's position in the input. After a crash, ``resume=True``
drops a torn last line and the records of the last document in the file (which
may be incomplete), then continues from that document: the finished file has
exactly one record per paragraph.
"""

from __future__ import annotations

import csv
import gc
import gzip
import io
import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from framing.exceptions import CorpusError
from framing.frames import FRAMES
from framing.segment import _segment_spans, paragraph_hash

__all__ = [
    "Document",
    "LabelSummary",
    "label_corpus",
    "label_to_file",
    "read_documents",
]

CHUNK_DOCUMENTS = 96
"""Documents per unit of work: large enough to vectorise paragraphs in bulk, small enough to keep memory flat."""


@dataclass
class Document:
    """One input article.

    Attributes
    ----------
    seq : int
        Position in the input, from 0.
    doc_id : str
        The document's id (from the id field or column, or the file name).
    text : str or None
        The article text; None when ``error`` is set.
    meta : dict
        Metadata fields copied into every record (outlet, date, ...).
    error : str or None
        Why the document cannot be labeled.
    """

    seq: int
    doc_id: str
    text: str | None
    meta: dict = field(default_factory=dict)
    error: str | None = None


# --- reading --------------------------------------------------------------------------------------------------


def _check_text(doc: Document) -> Document:
    if doc.error is None:
        if not isinstance(doc.text, str):
            doc.error = f"text is {type(doc.text).__name__}, not a string"
            doc.text = None
        elif not doc.text.strip():
            doc.error = "empty text"
            doc.text = None
    return doc


def _jsonl_documents(stream, source, text_field, id_field, meta_fields):
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        seq_id = f"{source}:{lineno}"
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            yield Document(
                -1, seq_id, None, {}, f"line {lineno}: undecodable bytes ({exc.reason} at {exc.start})"
            )
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield Document(-1, seq_id, None, {}, f"line {lineno}: malformed JSON ({exc})")
            continue
        if not isinstance(rec, dict):
            yield Document(-1, seq_id, None, {}, f"line {lineno}: not a JSON object")
            continue
        doc_id = rec.get(id_field)
        doc_id = str(doc_id) if doc_id is not None else seq_id
        if text_field not in rec:
            yield Document(-1, doc_id, None, {}, f"line {lineno}: missing field {text_field!r}")
            continue
        names = (
            meta_fields if meta_fields is not None else [k for k in rec if k not in (text_field, id_field)]
        )
        meta = {k: rec.get(k) for k in names}
        yield _check_text(Document(-1, doc_id, rec[text_field], meta))


def _csv_documents(stream, source, text_field, id_field, meta_fields):
    try:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None:
            return
        if text_field not in reader.fieldnames:
            raise CorpusError(
                f"{source}: no column {text_field!r} (columns: {', '.join(reader.fieldnames)}); use --text-field"
            )
        for row in reader:
            line = reader.line_num
            doc_id = row.get(id_field) or f"{source}:{line}"
            names = (
                meta_fields
                if meta_fields is not None
                else [k for k in row if k not in (text_field, id_field) and k]
            )
            yield _check_text(Document(-1, doc_id, row.get(text_field), {k: row.get(k) for k in names}))
    except UnicodeDecodeError as exc:
        yield Document(
            -1,
            f"{source}:?",
            None,
            {},
            f"undecodable bytes ({exc.reason}); the rest of the file is unreadable",
        )
    except csv.Error as exc:
        yield Document(
            -1, f"{source}:?", None, {}, f"malformed CSV ({exc}); the rest of the file is unreadable"
        )


def _txt_documents(directory: Path):
    files = sorted(p for p in directory.rglob("*.txt") if p.is_file())
    for path in files:
        doc_id = path.relative_to(directory).with_suffix("").as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Document(
                -1, doc_id, None, {"file": path.name}, f"undecodable bytes ({exc.reason} at byte {exc.start})"
            )
            continue
        except OSError as exc:
            yield Document(-1, doc_id, None, {"file": path.name}, f"unreadable ({exc.strerror})")
            continue
        yield _check_text(Document(-1, doc_id, text, {"file": path.name}))


def detect_format(source) -> str:
    """The input format of ``source``: "txt-dir", "jsonl" or "csv" (from the path; stdin is "jsonl")."""
    if str(source) == "-":
        return "jsonl"
    path = Path(source)
    if path.is_dir():
        return "txt-dir"
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json.gz", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    if name.endswith(".txt"):
        return "txt"
    raise CorpusError(
        f"{source}: unknown input format; use a directory of .txt files, .jsonl(.gz), .csv or -"
    )


def read_documents(source, *, text_field="text", id_field="doc_id", meta_fields=None, input_format=None):
    """Yield the documents of a corpus, bad ones included with their ``error`` set.

    Parameters
    ----------
    source : str or Path
        A directory of ``.txt`` files (one article each, doc_id = path without
        ``.txt``), a ``.jsonl`` / ``.jsonl.gz`` file (one article per line),
        a ``.csv`` file (one article per row), a single ``.txt`` file, or ``"-"``
        for JSON Lines on standard input.
    text_field, id_field : str
        Field (or column) holding the text and the id.
    meta_fields : list of str, optional
        Fields copied into each record; default every field but text and id.
    input_format : str, optional
        Force "jsonl", "csv", "txt" or "txt-dir" instead of guessing from the name.

    Raises
    ------
    CorpusError
        The source does not exist or has an unknown format. Problems inside the
        source are reported per document instead.
    """
    fmt = input_format or detect_format(source)
    if str(source) != "-" and not Path(source).exists():
        raise CorpusError(f"{source}: no such file or directory")
    seq = 0

    def numbered(docs):
        nonlocal seq
        for doc in docs:
            doc.seq = seq
            seq += 1
            yield doc

    if fmt == "txt-dir":
        yield from numbered(_txt_documents(Path(source)))
        return
    if fmt == "txt":
        if str(source) == "-":
            data = sys.stdin.buffer.read()
            name = "stdin"
        else:
            data = Path(source).read_bytes()
            name = Path(source).stem
        try:
            doc = _check_text(Document(0, name, data.decode("utf-8")))
        except UnicodeDecodeError as exc:
            doc = Document(0, name, None, {}, f"undecodable bytes ({exc.reason} at byte {exc.start})")
        yield doc
        return
    if str(source) == "-":
        binary = sys.stdin.buffer
        label = "stdin"
    else:
        path = Path(source)
        label = path.name
        try:
            binary = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
        except OSError as exc:
            raise CorpusError(f"{source}: cannot open ({exc.strerror})") from None
    try:
        if fmt == "jsonl":
            yield from numbered(_jsonl_documents(binary, label, text_field, id_field, meta_fields))
        elif fmt == "csv":
            stream = io.TextIOWrapper(binary, encoding="utf-8", newline="")
            yield from numbered(_csv_documents(stream, label, text_field, id_field, meta_fields))
        else:
            raise CorpusError(f"unknown input format {fmt!r}; use jsonl, csv, txt or txt-dir")
    except (OSError, EOFError) as exc:
        # A truncated gzip stream or a read error ends the input; say so as a bad "document".
        yield Document(seq, f"{label}:end", None, {}, f"input ends in error: {exc}")
        seq += 1
    finally:
        if binary is not sys.stdin.buffer:
            binary.close()


def count_documents(source, input_format=None) -> int | None:
    """Number of documents in ``source`` if it can be counted cheaply (for progress), else None."""
    fmt = input_format or detect_format(source)
    if str(source) == "-":
        return None
    path = Path(source)
    try:
        if fmt == "txt-dir":
            return sum(1 for p in path.rglob("*.txt") if p.is_file())
        if fmt == "jsonl":
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as f:
                return sum(1 for line in f if line.strip())
    except (OSError, EOFError):
        return None
    return None


# --- labeling ---------------------------------------------------------------------------------------------------

_worker_model = None


def _init_worker(model):
    global _worker_model
    _worker_model = model
    # What the worker has at this point (the model, the loaded modules; inherited when forked) is never
    # garbage: out of the collector's sight, full collections do not walk it (0.09-0.10 s -> 0.05-0.06 s
    # of collecting per worker, here).
    gc.freeze()


def _score_texts(texts, model=None):
    """Segment and score a list of article texts (the work a worker process does).

    Returns, per article, (number of boilerplate paragraphs, [(paragraph index, start, end, sha256), ...])
    for its content paragraphs, and for all of them together the rounded scores and the frames as bit
    codes (frame j -> bit j): compact to send between processes.
    """
    model = model or _worker_model
    articles = []
    paragraphs = []
    for text in texts:
        spans, bodies, boilerplate = _segment_spans(text)
        content = []
        for index, body in enumerate(bodies):
            if not boilerplate[index]:
                content.append((index, *spans[index], paragraph_hash(body)))
                paragraphs.append(body)
        articles.append((len(bodies) - len(content), content))
    scores = model.predict_scores(paragraphs)
    codes = (model.decide(scores) << np.arange(len(model.frames))).sum(axis=1)
    return articles, np.round(scores, 4), codes


def _records(docs, scored, frames, include_text):
    """The records of a chunk of documents from :func:`_score_texts`: (doc seq, records, n_boilerplate) each."""
    articles, scores, codes = scored
    names = [[f for j, f in enumerate(frames) if code >> j & 1] for code in range(1 << len(frames))]
    rounded = scores.tolist()
    codes = codes.tolist()
    out = []
    row = 0
    for doc, (n_boiler, content) in zip(docs, articles):
        meta = {k: v for k, v in doc.meta.items() if k not in _RECORD_FIELDS}
        records = []
        for index, start, end, sha256 in content:
            rec = {
                "seq": doc.seq,
                "doc_id": doc.doc_id,
                "paragraph": index,
                "frames": list(names[codes[row]]),
                "scores": dict(zip(frames, rounded[row])),
                "sha256": sha256,
                **meta,
            }
            if include_text:
                rec["text"] = doc.text[start:end]
            records.append(rec)
            row += 1
        out.append((doc.seq, records, n_boiler))
    return out


def _label_chunk(docs, model, include_text=True):
    """Label a list of good documents in this process; returns (doc seq, records, n_boilerplate) per document."""
    return _records(docs, _score_texts([d.text for d in docs], model), model.frames, include_text)


_RECORD_FIELDS = frozenset(["seq", "doc_id", "paragraph", "frames", "scores", "sha256"])
"""Fields every record has; metadata fields of the same name are left out rather than overwrite them."""


def _chunks(documents, size, on_error):
    chunk = []
    for doc in documents:
        if not isinstance(doc, Document):
            doc = _as_document(doc)
        if doc.error is not None:
            on_error(doc)
            continue
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _as_document(obj) -> Document:
    if isinstance(obj, str):
        raise TypeError(
            "label_corpus() expects an iterable of documents (dicts or Document), not strings; "
            "wrap texts as {'doc_id': ..., 'text': ...}"
        )
    if not isinstance(obj, dict):
        raise TypeError(f"a document must be a dict with 'text' and 'doc_id', got {type(obj).__name__}")
    meta = {k: v for k, v in obj.items() if k not in ("text", "doc_id", "seq")}
    doc = Document(obj.get("seq", -1), str(obj.get("doc_id", obj.get("seq", "?"))), obj.get("text"), meta)
    if "text" not in obj:
        doc.error = "missing field 'text'"
    return _check_text(doc)


def _raise_error(doc: Document):
    raise CorpusError(f"document {doc.doc_id!r}: {doc.error}")


def _labeled_chunks(documents, model, n_jobs, include_text, on_error, chunk_size):
    numbered = _number(documents)
    chunks = _chunks(numbered, chunk_size, on_error)
    if n_jobs == 1:
        for chunk in chunks:
            yield _label_chunk(chunk, model, include_text)
        return
    import itertools
    import multiprocessing

    head = list(itertools.islice(chunks, 2))
    if len(head) < 2:
        for chunk in head:  # too little work to share out
            yield _label_chunk(chunk, model, include_text)
        return
    chunks = itertools.chain(head, chunks)
    # The workers fork at once and each prepares the words it meets. Labeling the first chunks here
    # first, so that the workers would inherit their words, measured slower (see benchmarks/throughput.py).
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    with ctx.Pool(n_jobs, initializer=_init_worker, initargs=(model,)) as pool:
        # Workers get the texts and return compact scores; the records are built here, from the documents.
        pending = deque()
        max_pending = 3 * n_jobs
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(_score_texts, ([d.text for d in chunk],))))
            while len(pending) >= max_pending:
                done, result = pending.popleft()
                yield _records(done, result.get(), model.frames, include_text)
        while pending:
            done, result = pending.popleft()
            yield _records(done, result.get(), model.frames, include_text)


def _number(documents):
    for i, doc in enumerate(documents):
        if isinstance(doc, Document):
            if doc.seq < 0:
                doc.seq = i
        elif isinstance(doc, dict) and "seq" not in doc:
            doc = {**doc, "seq": i}
        yield doc


def label_corpus(
    documents, *, model=None, n_jobs=1, include_text=True, on_error=None, chunk_size=CHUNK_DOCUMENTS
):
    """Label every paragraph of a stream of documents, lazily and in input order.

    Parameters
    ----------
    documents : iterable of dict or Document
        Dicts need ``text`` and ``doc_id``; other keys are metadata copied into
        each record. :func:`read_documents` gives :class:`Document` objects.
    model : FramingModel, optional
        Default: the shipped model.
    n_jobs : int, default=1
        Worker processes; ``-1`` for all cores. Results are identical to
        ``n_jobs=1`` and come in input order.
    include_text : bool, default=True
        Put the paragraph text into each record.
    on_error : callable, optional
        Called with each bad :class:`Document` (its ``error`` says why). By
        default a bad document raises :class:`~framing.exceptions.CorpusError`.

    Yields
    ------
    dict
        One record per non-boilerplate paragraph: ``seq`` (document position),
        ``doc_id``, ``paragraph`` (index as :func:`framing.segment` counts),
        ``frames``, ``scores`` (every frame), ``sha256`` of the text, the
        document's metadata fields, and ``text`` unless ``include_text=False``.
    """
    for _, records, _ in _iter_documents(documents, model, n_jobs, include_text, on_error, chunk_size):
        yield from records


def _iter_documents(documents, model, n_jobs, include_text, on_error, chunk_size):
    from framing.api import default_model

    if isinstance(documents, (str, bytes)):
        raise TypeError(
            "label_corpus() expects an iterable of documents, not a single string; "
            "use framing.classify() for one article or read_documents() for a file"
        )
    n_jobs = _n_jobs(n_jobs)
    model = model or default_model()
    on_error = on_error or _raise_error
    for chunk in _labeled_chunks(documents, model, n_jobs, include_text, on_error, chunk_size):
        yield from chunk


def _n_jobs(n_jobs) -> int:
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(
            f'Invalid value for "n_jobs": {n_jobs!r}; use a positive integer or -1 for all cores'
        )
    return os.cpu_count() or 1 if n_jobs == -1 else n_jobs


# --- writing ----------------------------------------------------------------------------------------------------


@dataclass
class LabelSummary:
    """Counts from one :func:`label_to_file` run (resumed runs count what this run did)."""

    documents: int = 0
    paragraphs: int = 0
    boilerplate: int = 0
    errors: int = 0
    frame_counts: dict = field(default_factory=lambda: dict.fromkeys(FRAMES, 0))
    seconds: float = 0.0
    resumed_from: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    def __str__(self) -> str:
        frames = ", ".join(f"{f} {n}" for f, n in self.frame_counts.items())
        resumed = f" (resumed at document {self.resumed_from})" if self.resumed_from else ""
        return (
            f"{self.documents} documents, {self.paragraphs} paragraphs labeled, {self.boilerplate} boilerplate "
            f"paragraphs skipped, {self.errors} bad documents; frames: {frames}; {self.seconds:.1f} s{resumed}"
        )


_CSV_FIXED = ["seq", "doc_id", "paragraph", "frames", *[f"score_{f}" for f in FRAMES], "sha256"]


def _csv_line(rec: dict, columns: list[str]) -> str:
    flat = {k: v for k, v in rec.items() if k != "scores"}
    flat["frames"] = ";".join(rec["frames"])
    for f, v in rec["scores"].items():
        flat[f"score_{f}"] = v
    # Metadata keys the header does not name are kept, as JSON, in the "extra" column.
    extra = {k: v for k, v in flat.items() if k not in columns}
    flat["extra"] = json.dumps(extra, ensure_ascii=False) if extra else ""
    # One physical line per record: line breaks inside metadata become spaces.
    return _csv_row(" ".join(str(flat[c]).splitlines()) if flat.get(c) is not None else "" for c in columns)


def _csv_columns(first: dict, include_text: bool) -> list[str]:
    meta = [k for k in first if k not in (*_CSV_FIXED, "scores", "text")]
    return [*_CSV_FIXED, *meta, "extra"] + (["text"] if include_text else [])


def _csv_row(cells) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def _csv_header(path: Path) -> list[str] | None:
    """The header of an existing CSV output (when resuming), else None."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            first = f.readline()
    except OSError:
        return None
    return next(csv.reader([first])) if first.startswith("seq,") else None


def _trim_for_resume(path: Path) -> tuple[int, int]:
    """Cut a torn last line and the last document's records; return (next seq, bytes kept)."""
    with open(path, "rb") as f:
        data = f.read()
    end = data.rfind(b"\n") + 1  # drop a torn last line
    lines = data[:end].splitlines(keepends=True)
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    last_seq, cut = -1, end
    is_csv = path.suffix.lower() == ".csv"
    for i in range(len(lines) - 1, -1, -1):
        seq = _line_seq(lines[i], is_csv)
        if seq is None:
            continue
        if last_seq == -1:
            last_seq = seq
        if seq != last_seq:
            break
        cut = offsets[i]
    if last_seq == -1:
        # Nothing but a header (CSV) or nothing at all: start over from the top, keeping the header.
        header = lines[0] if is_csv and lines else b""
        cut, last_seq = len(header), 0
    with open(path, "r+b") as f:
        f.truncate(cut)
    return last_seq, cut


def _line_seq(line: bytes, is_csv: bool):
    try:
        if is_csv:
            first = line.split(b",", 1)[0]
            return int(first)
        return int(json.loads(line)["seq"])
    except (ValueError, KeyError, TypeError):
        return None


def _trim_errors(path: Path, next_seq: int) -> None:
    if not path.exists():
        return
    keep = []
    for line in path.read_bytes().splitlines(keepends=True):
        if not line.endswith(b"\n"):
            continue
        try:
            if int(json.loads(line)["seq"]) < next_seq:
                keep.append(line)
        except (ValueError, KeyError, TypeError):
            continue
    path.write_bytes(b"".join(keep))


def label_to_file(
    source,
    output,
    *,
    model=None,
    n_jobs=1,
    output_format=None,
    include_text=True,
    resume=False,
    errors_path=None,
    text_field="text",
    id_field="doc_id",
    meta_fields=None,
    input_format=None,
    progress=None,
) -> LabelSummary:
    """Label a corpus into a JSONL or CSV file; see the module docstring for crash safety.

    Parameters
    ----------
    source : str or Path
        As for :func:`read_documents`.
    output : str or Path
        The records file. Without ``resume`` an existing file is an error.
    output_format : "jsonl" or "csv", optional
        Default from the file name (``.csv`` -> CSV, else JSONL).
    resume : bool
        Continue an interrupted run into ``output``.
    errors_path : str or Path, optional
        Where bad documents are listed (JSONL: seq, doc_id, reason); default
        ``<output>.errors.jsonl``.
    progress : callable, optional
        Called as ``progress(documents_done, paragraphs_done, total_or_None)``.

    Returns
    -------
    LabelSummary
    """
    from framing.api import default_model

    started = time.perf_counter()
    output = Path(output)
    fmt = output_format or ("csv" if output.suffix.lower() == ".csv" else "jsonl")
    if fmt not in ("jsonl", "csv"):
        raise CorpusError(f'Invalid output format {fmt!r}; use "jsonl" or "csv"')
    errors_path = Path(errors_path) if errors_path else output.with_name(output.name + ".errors.jsonl")
    summary = LabelSummary()
    start_seq = 0
    if output.exists() and output.stat().st_size > 0:
        if not resume:
            raise CorpusError(f"{output} exists; pass --resume to continue it, or choose another output file")
        start_seq, _ = _trim_for_resume(output)
        _trim_errors(errors_path, start_seq)
        summary.resumed_from = start_seq
    elif not resume:
        errors_path.unlink(missing_ok=True)
    model = model or default_model()
    columns = None
    out = open(output, "a", encoding="utf-8", newline="", errors="surrogatepass")
    errs = open(errors_path, "a", encoding="utf-8", errors="surrogatepass")
    total = count_documents(source, input_format) if progress else None

    def on_error(doc):
        summary.errors += 1
        errs.write(
            json.dumps({"seq": doc.seq, "doc_id": doc.doc_id, "reason": doc.error}, ensure_ascii=False) + "\n"
        )
        errs.flush()

    def remaining():
        for doc in read_documents(
            source,
            text_field=text_field,
            id_field=id_field,
            meta_fields=meta_fields,
            input_format=input_format,
        ):
            if doc.seq >= start_seq:
                yield doc

    try:
        done = start_seq
        for _seq, records, n_boiler in _iter_documents(
            remaining(), model, n_jobs, include_text, on_error, CHUNK_DOCUMENTS
        ):
            if fmt == "csv" and columns is None and records:
                columns = _csv_header(output) or _csv_columns(records[0], include_text)
                if out.tell() == 0:
                    out.write(_csv_row(columns))
            lines = [
                _csv_line(r, columns) if fmt == "csv" else json.dumps(r, ensure_ascii=False) + "\n"
                for r in records
            ]
            out.write("".join(lines))
            summary.documents += 1
            summary.paragraphs += len(records)
            summary.boilerplate += n_boiler
            for r in records:
                for f in r["frames"]:
                    summary.frame_counts[f] += 1
            done += 1
            if progress and summary.documents % 8 == 0:
                out.flush()
                progress(done + summary.errors, summary.paragraphs, total)
        out.flush()
        os.fsync(out.fileno())
    finally:
        out.close()
        errs.close()
    summary.seconds = round(time.perf_counter() - started, 2)
    if progress:
        progress(done + summary.errors, summary.paragraphs, total)
    return summary
