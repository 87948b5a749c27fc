"""An HTML report of labeled records: frame shares overall, per outlet and per month.

Needs the ``report`` extra (matplotlib): ``pip install "framing[report]"``.
Dates are parsed from the free text the outlets print (:func:`parse_date`).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from framing.exceptions import CorpusError
from framing.frames import FRAMES

__all__ = ["MONTHS", "parse_date", "read_records", "summarise", "write_report"]

MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3,
    "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7,
    "juli": 7, "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11,
    "nopember": 11, "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip
"""Indonesian and English month names and abbreviations -> month number."""

_NAMED = re.compile(r"(?<!\d)(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_SLASHED = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def parse_date(text, *, day_first: bool | None = None) -> date | None:
    """Parse a date the way Indonesian outlets print it.

    Handles "Diperbarui 18 Jun 2025, 14:05 WIB", "Selasa, 26 Mei 2026 16:13 WIB",
    ", Jurnalis-Rabu, 18 Juni 2025 |10:05 WIB", ISO "2025-07-03 13:55:00",
    "2025/07/03", "Kompas.com- 18/06/2025, 10:00 WIB" and "6/18/2025 14:00".

    Parameters
    ----------
    text : str
    day_first : bool, optional
        For d/m/yyyy vs m/d/yyyy when both numbers are <= 12. ``None`` returns
        None for such ambiguous dates (the report then infers the order from the
        outlet's unambiguous dates).

    Returns
    -------
    datetime.date or None
        None when no date can be read ("Tanggal tidak ditemukan").
    """
    if not isinstance(text, str):
        return None
    m = _NAMED.search(text)
    if m and m.group(2).lower() in MONTHS:
        return _date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _ISO.search(text)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _SLASHED.search(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12:
            return _date(y, b, a)
        if b > 12:
            return _date(y, a, b)
        if day_first is None:
            return None
        return _date(y, b, a) if day_first else _date(y, a, b)
    return None


def _date(y, m, d):
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_records(path) -> list[dict]:
    """Read the records written by ``framing label`` (JSONL or CSV)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    records = []
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                row["frames"] = [x for x in (row.get("frames") or "").split(";") if x]
                row["scores"] = {fr: float(row.get(f"score_{fr}") or 0) for fr in FRAMES}
                records.append(row)
        return records
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                raise CorpusError(f"{path}:{lineno}: not a JSON record written by 'framing label'") from None
            if not isinstance(rec, dict) or "frames" not in rec:
                raise CorpusError(f"{path}:{lineno}: not a record written by 'framing label' (no 'frames')")
            records.append(rec)
    return records


def _month_keys(records) -> list[str | None]:
    """YYYY-MM of each record's date; ambiguous slashed dates take their outlet's usual order."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        m = _SLASHED.search(str(r.get("date") or ""))
        if m and not _NAMED.search(str(r.get("date"))):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12:
                votes[r.get("outlet")]["day_first"] += 1
            elif b > 12:
                votes[r.get("outlet")]["month_first"] += 1
    out = []
    for r in records:
        v = votes.get(r.get("outlet"), Counter())
        day_first = None
        if v:
            day_first = v["day_first"] >= v["month_first"]
        d = parse_date(r.get("date"), day_first=day_first)
        out.append(f"{d.year:04d}-{d.month:02d}" if d else None)
    return out


def summarise(records) -> dict:
    """Frame counts and shares overall, per outlet and per month (share = paragraphs with the frame / paragraphs)."""
    months = _month_keys(records)

    def table(keys):
        groups: dict = defaultdict(lambda: {"paragraphs": 0, **dict.fromkeys(FRAMES, 0)})
        for r, k in zip(records, keys):
            g = groups[k]
            g["paragraphs"] += 1
            for f in r["frames"]:
                if f in g:
                    g[f] += 1
        return dict(groups)

    overall = table(["all"] * len(records)).get("all", {"paragraphs": 0, **dict.fromkeys(FRAMES, 0)})
    return {
        "overall": overall,
        "documents": len({r.get("doc_id") for r in records}),
        "per_outlet": table([str(r.get("outlet") or "(unknown)") for r in records]),
        "per_month": {
            k: v for k, v in sorted(table(months).items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
        },
        "undated": sum(1 for m in months if m is None),
    }


def _figure_png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _bars(plt, groups: dict, title: str):
    names = [k for k in groups if k is not None]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(names) + 3), 3.6))
    width = 0.8 / len(FRAMES)
    for j, f in enumerate(FRAMES):
        shares = [
            100 * groups[n][f] / groups[n]["paragraphs"] if groups[n]["paragraphs"] else 0 for n in names
        ]
        ax.bar([i + j * width for i in range(len(names))], shares, width, label=f)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(names))])
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.set_ylabel("% of paragraphs")
    ax.set_title(title)
    ax.legend(fontsize=8)
    return fig


def _html_table(groups: dict, key_name: str) -> str:
    head = f"<tr><th>{key_name}</th><th>paragraphs</th>" + "".join(f"<th>{f}</th>" for f in FRAMES) + "</tr>"
    rows = []
    for k, g in groups.items():
        n = g["paragraphs"]
        cells = "".join(f"<td>{g[f]} ({100 * g[f] / n:.1f}%)</td>" if n else "<td>0</td>" for f in FRAMES)
        rows.append(
            f"<tr><td>{html.escape(str(k if k is not None else '(no date)'))}</td><td>{n}</td>{cells}</tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def write_report(labels, output="report.html", *, top=5) -> Path:
    """Write a self-contained HTML report of the records in ``labels``.

    Raises
    ------
    ImportError
        matplotlib is not installed; install the extra: ``pip install "framing[report]"``.
    CorpusError
        ``labels`` is missing or not a file written by ``framing label``.
    """
    records = read_records(labels)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            'framing report needs matplotlib: pip install "framing[report]"', name="matplotlib"
        ) from exc
    s = summarise(records)
    figures = []
    overall = s["overall"]
    fig, ax = plt.subplots(figsize=(6, 3))
    n = max(overall["paragraphs"], 1)
    ax.barh(list(FRAMES), [100 * overall[f] / n for f in FRAMES], color="#4c72b0")
    ax.set_xlabel("% of paragraphs")
    ax.set_title("Frame shares, all paragraphs")
    figures.append(("Frame shares overall", _figure_png(fig)))
    plt.close(fig)
    for key, title in (("per_outlet", "Frame shares per outlet"), ("per_month", "Frame shares per month")):
        groups = {k: v for k, v in s[key].items() if k is not None}
        if groups:
            fig = _bars(plt, groups, title)
            figures.append((title, _figure_png(fig)))
            plt.close(fig)

    tops = []
    for f in FRAMES:
        best = sorted(records, key=lambda r: -float(r["scores"].get(f, 0)))[:top]
        items = "".join(
            f"<li><b>{float(r['scores'].get(f, 0)):.2f}</b> {html.escape(str(r.get('doc_id')))} "
            f"&para;{html.escape(str(r.get('paragraph')))}: {html.escape(str(r.get('text', '(text not stored)')))}</li>"
            for r in best
        )
        tops.append(f"<h3>{f}</h3><ol>{items}</ol>")

    body = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>framing report</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>",
        "<h1>Frames in the corpus</h1>",
        f"<p>{s['documents']} documents, {overall['paragraphs']} labeled paragraphs (boilerplate excluded); "
        f"{s['undated']} paragraphs without a readable date. Source: {html.escape(str(labels))}.</p>",
        _html_table({"all": overall}, "set"),
    ]
    for title, png in figures:
        body.append(f"<h2>{title}</h2><img alt='{title}' src='data:image/png;base64,{png}'>")
        if "outlet" in title:
            body.append(_html_table(s["per_outlet"], "outlet"))
        elif "month" in title:
            body.append(_html_table(s["per_month"], "month"))
    body.append(f"<h2>Top {top} paragraphs per frame</h2>")
    body.extend(tops)
    body.append("</body></html>")
    output = Path(output)
    output.write_text("\n".join(body), encoding="utf-8")
    return output
