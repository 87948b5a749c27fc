"""The ``framing`` command. Each subcommand parses its options and calls one library function.

The library raises; only this module turns errors into one-line messages and exit codes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from framing._version import __version__
from framing.exceptions import AnnotationError, CorpusError, FramingError, ModelError

__all__ = ["EXIT_CODES", "main"]

EXIT_CODES = {
    0: "success",
    1: "internal error (a bug: please report it)",
    2: "bad command-line usage (unknown option, missing argument)",
    3: "input problem: a file is missing, unreadable or not a corpus in a known format",
    4: "annotation problem: an annotation file is invalid (the message names file and line)",
    5: "model problem: missing, damaged, refused or incompatible model (retrain with 'framing train')",
    6: "an optional extra is not installed (the message says what to install)",
}
"""Exit status of the ``framing`` command -> meaning."""


class _Progress:
    """A one-line progress display on stderr, shown only on a terminal."""

    def __init__(self, unit="documents", stream=None):
        self.stream = stream or sys.stderr
        self.unit = unit
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, done, paragraphs, total):
        now = time.perf_counter()
        if now - self.last < 0.2 and (total is None or done < total):
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        parts = [
            f"{done}" + (f"/{total}" if total else "") + f" {self.unit}",
            f"{rate:.1f} docs/s",
            f"{paragraphs / elapsed:.0f} paragraphs/s",
        ]
        if total and rate > 0:
            remaining = max(total - done, 0) / rate
            parts.append(f"ETA {int(remaining // 60)}:{int(remaining % 60):02d}")
        self.stream.write("\r" + "  ".join(parts) + "   ")
        self.stream.flush()

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def _step_printer(stream=None):
    """A ``progress`` callable for long library calls: one line per step on stderr, if it is a terminal."""
    stream = stream or sys.stderr
    started = time.perf_counter()

    def say(message: str) -> None:
        if stream.isatty():
            stream.write(f"[{time.perf_counter() - started:6.1f} s] {message}\n")
            stream.flush()

    return say


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if p.is_dir():
            raise CorpusError(
                f"{path} is a directory; 'framing classify' takes one article (use 'framing label')"
            )
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise CorpusError(f"{path}: no such file") from None
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _model(path):
    from framing.api import default_model
    from framing.persistence import load_model

    return load_model(path) if path else default_model()


def cmd_classify(args) -> int:
    from framing.api import classify
    from framing.frames import FRAMES

    text = _read_text(args.file)
    results = classify(text, model=_model(args.model), explain=args.explain)
    out = sys.stdout
    if args.json:
        for r in results:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        return 0
    out.write(f"{'#':>3}  {'frames':38s}" + "".join(f"{f[:10]:>11s}" for f in FRAMES) + "  text\n")
    for r in results:
        if r.boilerplate:
            out.write(f"{r.index:>3}  {'(boilerplate)':38s}" + " " * 11 * len(FRAMES) + f"  {r.text[:60]}\n")
            continue
        frames = ", ".join(r.frames) or "-"
        out.write(
            f"{r.index:>3}  {frames:38s}"
            + "".join(f"{r.scores[f]:>11.2f}" for f in FRAMES)
            + f"  {r.text[:60]}\n"
        )
        if r.explanation:
            for f in r.frames:
                feats = ", ".join(name for name, _ in r.explanation[f][:6])
                out.write(f"     {f}: {feats}\n")
    return 0


def cmd_train(args) -> int:
    from framing.training import train

    sets = tuple(args.sets.split(",")) if args.sets else ("seeds", "authored", "real-train")
    model = train(args.annotations, sets=sets, corpus=args.corpus, cv=args.cv, progress=_step_printer())
    info = model.card["training"]
    if info["unresolved_references"]:
        print(
            f"framing: {info['unresolved_references']} corpus references were not used "
            f"({'; '.join(info['unresolved_reason'])}); pass --corpus PATH to train on them",
            file=sys.stderr,
        )
    model.save(args.output)
    counts = ", ".join(f"{f} {n}" for f, n in info["frame_counts"].items())
    print(
        f"trained on {info['n_paragraphs']} paragraphs from {info['n_articles']} articles ({counts}, "
        f"none {info['no_frame']}); saved to {args.output}"
    )
    print("thresholds: " + ", ".join(f"{f} {t:.3f}" for f, t in model.thresholds.items()))
    return 0


def cmd_evaluate(args) -> int:
    from framing.evaluation import evaluate
    from framing.persistence import default_model_path

    model = _model(args.model)
    report = evaluate(
        model,
        args.annotations,
        corpus=args.corpus,
        cross_validation=not args.no_cv,
        baselines=not args.no_baselines,
        progress=_step_printer(),
    )
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report)
    if args.update_card:
        from framing.persistence import update_card

        card_path = update_card(args.model or default_model_path(), evaluation=report.to_dict())
        print(f"evaluation written into {card_path}", file=sys.stderr)
    return 0


def cmd_label(args) -> int:
    from framing.corpus import label_to_file

    quiet = args.quiet or not sys.stderr.isatty()
    progress = None if quiet else _Progress()
    meta = args.meta.split(",") if args.meta else None
    summary = label_to_file(
        args.source,
        args.output,
        model=_model(args.model),
        n_jobs=args.jobs,
        output_format=args.format,
        include_text=not args.no_text,
        resume=args.resume,
        errors_path=args.errors,
        text_field=args.text_field,
        id_field=args.id_field,
        meta_fields=meta,
        input_format=args.input_format,
        progress=progress,
    )
    if progress:
        progress.close()
    print(f"framing label: {summary}", file=sys.stderr)
    if summary.errors:
        errors = args.errors or f"{args.output}.errors.jsonl"
        print(f"framing label: {summary.errors} bad documents listed in {errors}", file=sys.stderr)
    return 0


def cmd_report(args) -> int:
    from framing.report import write_report

    path = write_report(args.labels, args.output, top=args.top)
    print(f"report written to {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Frame analysis of Indonesian news: military cooperation, sanctions, denial, US concern.",
        epilog=f"exit status:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("classify", help="label each paragraph of one article")
    p.add_argument("file", help="article as UTF-8 text, or - for standard input")
    p.add_argument("--json", action="store_true", help="one JSON object per paragraph instead of a table")
    p.add_argument("--explain", action="store_true", help="show the features that pushed each frame up")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("train", help="train a model from annotation files")
    p.add_argument(
        "--annotations", default="annotations", help="annotations directory (default: %(default)s)"
    )
    p.add_argument("--corpus", help="corpus JSONL(.gz) that resolves the real-news references")
    p.add_argument("--output", "-o", default="models", help="model directory to write (default: %(default)s)")
    p.add_argument("--sets", help="comma-separated annotation sets (default: seeds,authored,real-train)")
    p.add_argument("--cv", type=int, default=5, help="folds for choosing thresholds (default: %(default)s)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="score a model, its baselines and the annotators' agreement")
    p.add_argument(
        "--annotations", default="annotations", help="annotations directory (default: %(default)s)"
    )
    p.add_argument("--corpus", help="corpus JSONL(.gz) that resolves the real-news references")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    p.add_argument("--no-baselines", action="store_true", help="skip the baselines")
    p.add_argument("--update-card", action="store_true", help="write the figures into the model card")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("label", help="label every paragraph of a corpus into JSONL or CSV")
    p.add_argument("source", help="directory of .txt files, .jsonl(.gz), .csv, or - for JSONL on stdin")
    p.add_argument("--output", "-o", required=True, help="records file (.jsonl or .csv)")
    p.add_argument("--format", choices=["jsonl", "csv"], help="output format (default: from the file name)")
    p.add_argument(
        "--jobs", "-j", type=int, default=1, help="worker processes, -1 for all cores (default: 1)"
    )
    p.add_argument("--no-text", action="store_true", help="leave paragraph texts out of the records")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run into the same output")
    p.add_argument("--errors", help="file listing bad documents (default: OUTPUT.errors.jsonl)")
    p.add_argument("--text-field", default="text", help="field/column with the text (default: %(default)s)")
    p.add_argument("--id-field", default="doc_id", help="field/column with the id (default: %(default)s)")
    p.add_argument("--meta", help="comma-separated metadata fields to copy (default: all others)")
    p.add_argument(
        "--input-format", choices=["jsonl", "csv", "txt", "txt-dir"], help="force the input format"
    )
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    p.set_defaults(func=cmd_label)

    p = sub.add_parser("report", help="an HTML report of labeled records (needs framing[report])")
    p.add_argument("labels", help="records written by 'framing label' (.jsonl or .csv)")
    p.add_argument("--output", "-o", default="report.html", help="HTML file to write (default: %(default)s)")
    p.add_argument(
        "--top", type=int, default=5, help="top-scoring paragraphs shown per frame (default: %(default)s)"
    )
    p.set_defaults(func=cmd_report)
    return parser


def main(argv=None) -> int:
    """Run the command line; returns the exit status (see :data:`EXIT_CODES`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except AnnotationError as exc:
        return _fail(exc, 4)
    except ModelError as exc:
        return _fail(exc, 5)
    except (CorpusError, FileNotFoundError, IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        return _fail(exc, 3)
    except FramingError as exc:
        return _fail(exc, 3)
    except ImportError as exc:
        if getattr(exc, "name", None) == "matplotlib" or "framing[report]" in str(exc):
            return _fail(exc, 6)
        raise
    except ValueError as exc:
        return _fail(exc, 2)
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _fail(exc: BaseException, code: int) -> int:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    print(f"framing: error: {message}", file=sys.stderr)
    return code
