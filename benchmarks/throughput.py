"""Throughput, start-up time, peak memory and stemming parity on the shared news corpus.

Run from the repository root (needs ../shared/corpus/indonews.jsonl.gz):

    python benchmarks/throughput.py              # everything: three rounds, 3-6 minutes on 2 cores
    python benchmarks/throughput.py --rounds 1   # one round
    python benchmarks/throughput.py --quick      # the first 1,000 articles, one round

Every measurement runs in a fresh Python process, so no cache (stems, tokens, model, imports) carries
over from one to the next, and every system is measured in every round, so that a slower minute of a
shared machine slows all of them about alike. framing in one process and in all cores, the two short
runs the ratio targets rest on, are measured three times a round, first, in the order 1, all, all, 1,
1, all (this machine's speed swings by up to half from one minute to the next), then the other systems
once each. Reported: the median over all the runs of a system, in paragraphs per second over the same
articles and paragraphs, for

(a) framing's labeling (read, segment, label every paragraph: ``framing.label_corpus``) with one
    process and with all cores, and ``framing label --no-text`` writing its JSON Lines file;
(b) the naive pipeline a user would write: pysastrawi's ``StemmerFactory().create_stemmer().stem`` as
    the ``TfidfVectorizer`` preprocessor, the same classifier (per-frame logistic regression with tuned
    thresholds), trained on the same annotations, labeling the same paragraphs;
(c) the limit: the same TF-IDF + classifier with no stemming at all: framing's own pipeline with the
    stemmer switched off (same preparation and cue features), and, for reference, a plain
    ``TfidfVectorizer()`` with the same classifier.

For reference, (a') what the machine itself gives all its cores: as many independent one-process runs
as there are cores, started together, each labeling the whole corpus (nothing shared, nothing to
coordinate), counted together. (a) in all cores can at best match it.

Targets (issue "Batch-labeling a corpus"): (a) single >= 0.5 x (c) and >= 5 x (b); all cores >= 1.6 x
single; a new process imports framing, loads the shipped model and classifies one paragraph in
<= 1.0 s; peak memory labeling the whole corpus <= 400 MB; stems identical to pysastrawi's for every
word of the corpus vocabulary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "indonews.jsonl.gz"
TRAINING_SETS = ("seeds", "authored", "real-train")


def _documents(limit):
    from framing.corpus import read_documents

    for doc in read_documents(CORPUS):
        if limit and doc.seq >= limit:
            break
        yield doc


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_framing(limit, jobs):
    import framing

    model = framing.load_model()
    start = time.perf_counter()
    n = sum(1 for _ in framing.label_corpus(_documents(limit), model=model, n_jobs=jobs, include_text=False))
    return {"paragraphs": n, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def run_cli(limit):
    """``framing label --no-text`` end to end: reading, labeling and writing the records file."""
    source = CORPUS
    with tempfile.TemporaryDirectory() as tmp:
        if limit:
            import gzip

            source = Path(tmp) / "part.jsonl"
            with gzip.open(CORPUS, "rt", encoding="utf-8") as f, open(source, "w", encoding="utf-8") as out:
                for i, line in enumerate(f):
                    if i >= limit:
                        break
                    out.write(line)
        output = Path(tmp) / "labels.jsonl"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "framing",
                "label",
                str(source),
                "-o",
                str(output),
                "--no-text",
                "--quiet",
            ],
            check=True,
        )
        seconds = time.perf_counter() - start
        with open(output, encoding="utf-8") as f:
            n = sum(1 for _ in f)
    return {"paragraphs": n, "seconds": seconds}


def _training_data():
    from framing.annotations import load_annotations

    return load_annotations(ROOT / "annotations", sets=TRAINING_SETS, corpus=CORPUS).usable()


def _baseline_classifier(preprocessor):
    """TF-IDF + the framing classifier, trained on the shipped model's annotations."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    from framing.training import frame_classifier, label_matrix

    data = _training_data()
    vectorizer = TfidfVectorizer(preprocessor=preprocessor, ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    pipe = Pipeline([("tfidf", vectorizer), ("frames", frame_classifier(cv=5))])
    groups = np.array([a.doc_id for a in data])
    pipe.fit([a.text for a in data], label_matrix(data), frames__groups=groups)
    return pipe.predict_proba


def _label_with(predict_proba, limit):
    from framing.segment import segment

    start = time.perf_counter()
    n = 0
    batch = []
    for doc in _documents(limit):
        if doc.error:
            continue
        batch.extend(p.text for p in segment(doc.text) if not p.boilerplate)
        if len(batch) >= 2000:
            predict_proba(batch)
            n += len(batch)
            batch = []
    if batch:
        predict_proba(batch)
        n += len(batch)
    return {"paragraphs": n, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def run_naive(limit):
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    # Training stems the training paragraphs; the stemmer's cache that builds stays, as it would for a user.
    return _label_with(_baseline_classifier(StemmerFactory().create_stemmer().stem), limit)


def run_plain(limit):
    return _label_with(_baseline_classifier(None), limit)


def run_nostem(limit):
    from framing.training import train_on

    return _label_with(train_on(_training_data(), stemming=False).predict_scores, limit)


def run_startup(_limit):
    start = time.perf_counter()
    import framing

    framing.classify("Korea Utara membantah memasok amunisi artileri ke Rusia, kata juru bicara Kemlu.")
    return {"seconds": time.perf_counter() - start, "sklearn_imported": "sklearn" in sys.modules}


def run_parity(limit):
    """Every word of the corpus vocabulary: framing's stem == pysastrawi's stem."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from framing.text import stem_word, terms

    vocabulary = set()
    for doc in _documents(limit):
        if doc.text:
            vocabulary.update(t for t in terms(doc.text) if "_" not in t)
    reference = StemmerFactory().create_stemmer()
    start = time.perf_counter()
    ours = {w: stem_word(w) for w in vocabulary}
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    mismatches = [w for w in vocabulary if reference.stem(w) != ours[w]]
    return {
        "words": len(vocabulary),
        "mismatches": len(mismatches),
        "examples": sorted(mismatches)[:10],
        "framing_seconds": ours_s,
        "pysastrawi_seconds": time.perf_counter() - start,
    }


MODES = {
    "startup": run_startup,
    "framing-1": lambda limit: run_framing(limit, 1),
    "framing-all": lambda limit: run_framing(limit, os.cpu_count() or 1),
    "cli": run_cli,
    "naive": run_naive,
    "nostem": run_nostem,
    "plain": run_plain,
}
"""The systems timed in every round (parity runs once)."""

PAIRED = ("framing-1", "framing-all")
"""Measured three times a round, in the order of :data:`PAIR_ORDER`, for the ratios between them."""
PAIR_ORDER = (0, 1, 1, 0, 0, 1)


INDEPENDENT = "independent"
"""(a'): one framing-1 run per core, all at once."""


def round_order():
    """The measurements of one round: start-up, the paired runs, (a'), then every other system once."""
    others = [m for m in MODES if m not in ("startup", *PAIRED)]
    return ["startup", *(PAIRED[i] for i in PAIR_ORDER), INDEPENDENT, *others]


def measure_independent(limit):
    """One framing-1 child per core, started together; their paragraphs counted together, over the
    longest child's time."""
    cores = os.cpu_count() or 1
    command = [sys.executable, __file__, "--child", "framing-1", "--limit", str(limit)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(cores)]
    results = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{INDEPENDENT} failed (exit {proc.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return {
        "paragraphs": sum(r["paragraphs"] for r in results),
        "seconds": max(r["seconds"] for r in results),
        "each": [round(r["seconds"], 2) for r in results],
    }


def measure(mode, limit):
    if mode == INDEPENDENT:
        return measure_independent(limit)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--limit", str(limit)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the first 1,000 articles, one round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of measurements (default 3)")
    parser.add_argument("--child", choices=[*MODES, "parity"], help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps((MODES.get(args.child) or run_parity)(args.limit)))
        return
    if not CORPUS.is_file():
        raise SystemExit(f"{CORPUS} not found: the benchmark needs the shared corpus")
    limit = 1000 if args.quick else 0
    rounds = 1 if args.quick else args.rounds
    runs: dict[str, list[dict]] = {mode: [] for mode in [*MODES, INDEPENDENT]}
    for r in range(rounds):
        for mode in round_order():
            runs[mode].append(measure(mode, limit))
            print(f"round {r + 1} {mode:12s} {runs[mode][-1]}", file=sys.stderr, flush=True)
    parity = measure("parity", limit)

    def median(mode, key):
        return statistics.median(run[key] for run in runs[mode])

    rate = {m: median(m, "paragraphs") / median(m, "seconds") for m in runs if m != "startup"}
    startup = median("startup", "seconds")
    cores = os.cpu_count()
    print(
        f"\nCorpus: {'first 1,000 articles' if limit else 'all articles'}, "
        f"{runs['framing-1'][0]['paragraphs']} paragraphs; {cores} cores; {rounds} round(s), median of "
        f"{len(runs['framing-1'])} runs for framing in 1 and {cores} processes, of {rounds} for the others"
    )
    print(
        f"(a) framing, 1 process          {rate['framing-1']:8.0f} paragraphs/s   peak {median('framing-1', 'peak_mb'):.0f} MB"
    )
    print(f"(a) framing, {cores} processes        {rate['framing-all']:8.0f} paragraphs/s")
    print(f"(a) framing label --no-text     {rate['cli']:8.0f} paragraphs/s   (1 process, writing the file)")
    print(
        f"(a') {cores} independent runs at once {rate[INDEPENDENT]:8.0f} paragraphs/s   "
        f"({rate[INDEPENDENT] / rate['framing-1']:.2f} x one process: the machine's own ceiling for all cores)"
    )
    print(f"(b) naive pysastrawi + tfidf    {rate['naive']:8.0f} paragraphs/s")
    print(f"(c) framing without stemming    {rate['nostem']:8.0f} paragraphs/s")
    print(f"(c') plain TfidfVectorizer      {rate['plain']:8.0f} paragraphs/s")
    print(
        f"start-up (import, load, classify one paragraph): {startup:.2f} s; "
        f"scikit-learn imported: {any(r['sklearn_imported'] for r in runs['startup'])}"
    )
    print(
        f"stem parity: {parity['words']} corpus words, {parity['mismatches']} differ from pysastrawi "
        f"(framing {parity['framing_seconds']:.1f} s, pysastrawi {parity['pysastrawi_seconds']:.1f} s)"
    )
    k = PAIR_ORDER.count(0)  # framing-1 runs per round
    single = [
        statistics.median(a["seconds"] for a in runs["framing-1"][k * r : k * r + k]) for r in range(rounds)
    ]
    per_round = [naive["seconds"] / single[r] for r, naive in enumerate(runs["naive"])]
    print(
        f"single / naive, per round (median of its {k} single runs): "
        + ", ".join(f"{x:.2f}" for x in per_round)
    )
    per_pair = [a["seconds"] / b["seconds"] for a, b in zip(runs["framing-1"], runs["framing-all"])]
    print(
        "all cores / single, per pair of runs: "
        + ", ".join(f"{x:.2f}" for x in per_pair)
        + f" (median {statistics.median(per_pair):.2f})"
    )
    ceiling = [single[r] * len(ind["each"]) / ind["seconds"] for r, ind in enumerate(runs[INDEPENDENT])]
    print(
        f"{cores} independent runs / single, per round (the machine's ceiling): "
        + ", ".join(f"{x:.2f}" for x in ceiling)
        + "; their seconds: "
        + "; ".join(", ".join(f"{x:.2f}" for x in ind["each"]) for ind in runs[INDEPENDENT])
    )
    print(
        "framing 1 process, seconds per run: "
        + ", ".join(f"{a['seconds']:.2f}" for a in runs["framing-1"])
        + "; all cores: "
        + ", ".join(f"{a['seconds']:.2f}" for a in runs["framing-all"])
    )
    peak = median("framing-1", "peak_mb")
    checks = [
        ("single >= 0.5 x (c)", rate["framing-1"] >= 0.5 * rate["nostem"], f"{rate['framing-1'] / rate['nostem']:.2f} x"),
        ("single >= 5 x (b)", rate["framing-1"] >= 5 * rate["naive"], f"{rate['framing-1'] / rate['naive']:.2f} x"),
        ("all cores >= 1.6 x single", rate["framing-all"] >= 1.6 * rate["framing-1"],
         f"{rate['framing-all'] / rate['framing-1']:.2f} x"),
        ("start-up <= 1.0 s", startup <= 1.0, f"{startup:.2f} s"),
        ("peak memory <= 400 MB", peak <= 400, f"{peak:.0f} MB"),
        ("stems identical", parity["mismatches"] == 0, f"{parity['mismatches']} differ"),
    ]  # fmt: skip
    print()
    for name, ok, value in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name:28s} ({value})")


if __name__ == "__main__":
    main()
