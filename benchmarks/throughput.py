"""Throughput, start-up time, peak memory and stemming parity on the shared news corpus.

Run from the repository root (needs ../shared/corpus/indonews.jsonl.gz):

    python benchmarks/throughput.py            # everything, about five minutes on 2 cores
    python benchmarks/throughput.py --quick    # the first 1,000 articles

Every measurement runs in a fresh Python process, so no cache (stems, model, imports) carries over
from one to the next. Reported, in paragraphs per second over the same articles and paragraphs:

(a) ``framing label`` machinery (read, segment, label) with one process and with all cores;
(b) the naive pipeline a user would write: pysastrawi's ``StemmerFactory().create_stemmer().stem``
    as the ``TfidfVectorizer`` preprocessor, the same classifier (per-frame logistic regression with
    thresholds), trained on the same annotations;
(c) the limit: the same TF-IDF + classifier with no stemming at all — framing's own pipeline with
    the stemmer switched off (same preparation and cue features), and, for reference, a plain
    ``TfidfVectorizer()`` with the same classifier.

Targets (issue "Batch-labeling a corpus"): (a) single >= 0.5 x (c) and >= 5 x (b); all cores >= 1.6 x
single; a new process imports framing, loads the shipped model and classifies one paragraph in
<= 1.0 s; peak memory labeling the whole corpus <= 400 MB; stems identical to pysastrawi's for every
token of the corpus vocabulary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "indonews.jsonl.gz"


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
    from framing.corpus import label_corpus

    model = framing.load_model()
    start = time.perf_counter()
    n = sum(1 for _ in label_corpus(_documents(limit), model=model, n_jobs=jobs, include_text=False))
    return {"paragraphs": n, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _baseline_classifier(preprocessor, tokenizer=None):
    """TF-IDF + the framing classifier, trained on the shipped model's annotations (text-bearing sets)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    from framing.annotations import load_annotations
    from framing.model import ThresholdedOneVsRest
    from framing.training import label_matrix

    data = load_annotations(
        ROOT / "annotations", sets=("seeds", "authored", "real-train"), corpus=CORPUS
    ).usable()
    vectorizer = TfidfVectorizer(preprocessor=preprocessor, ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    pipe = Pipeline([("tfidf", vectorizer), ("frames", ThresholdedOneVsRest(cv=5))])
    groups = np.array([a.doc_id for a in data])
    pipe.fit([a.text for a in data], label_matrix(data), frames__groups=groups)
    return pipe


def _label_with(pipe, limit):
    from framing.segment import segment

    start = time.perf_counter()
    n = 0
    batch = []
    for doc in _documents(limit):
        if doc.error:
            continue
        batch.extend(p.text for p in segment(doc.text) if not p.boilerplate)
        if len(batch) >= 2000:
            pipe.predict_proba(batch)
            n += len(batch)
            batch = []
    if batch:
        pipe.predict_proba(batch)
        n += len(batch)
    return {"paragraphs": n, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def run_naive(limit):
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    pipe = _baseline_classifier(StemmerFactory().create_stemmer().stem)
    # Training stemmed the training paragraphs; the cache that built stays, as it would for a user.
    return _label_with(pipe, limit)


def run_plain(limit):
    return _label_with(_baseline_classifier(None), limit)


def run_nostem(limit):
    from framing.annotations import load_annotations
    from framing.training import train_on

    data = load_annotations(
        ROOT / "annotations", sets=("seeds", "authored", "real-train"), corpus=CORPUS
    ).usable()
    model = train_on(data, stemming=False)
    return _label_with(model.pipeline, limit)


def run_startup(_limit):
    start = time.perf_counter()
    import framing

    framing.classify("Korea Utara membantah memasok amunisi artileri ke Rusia, kata juru bicara Kemlu.")
    return {"seconds": time.perf_counter() - start}


def run_parity(limit):
    """Every token of the corpus vocabulary: framing's stem == pysastrawi's stem."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from framing.text import prepare, raw_tokens, stem_word

    vocabulary = set()
    for doc in _documents(limit):
        if doc.text:
            vocabulary.update(t for t in raw_tokens(prepare(doc.text)) if t[0] != "_")
    reference = StemmerFactory().create_stemmer()
    start = time.perf_counter()
    ours = {w: stem_word(w) for w in vocabulary}
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    mismatches = [w for w in vocabulary if reference.stem(w) != ours[w]]
    return {
        "tokens": len(vocabulary),
        "mismatches": len(mismatches),
        "examples": sorted(mismatches)[:10],
        "framing_seconds": ours_s,
        "pysastrawi_seconds": time.perf_counter() - start,
    }


MODES = {
    "framing-1": lambda limit: run_framing(limit, 1),
    "framing-all": lambda limit: run_framing(limit, os.cpu_count() or 1),
    "naive": run_naive,
    "nostem": run_nostem,
    "plain": run_plain,
    "startup": run_startup,
    "parity": run_parity,
}


def measure(mode, limit):
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
    parser.add_argument("--quick", action="store_true", help="only the first 1,000 articles")
    parser.add_argument("--child", choices=list(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(MODES[args.child](args.limit)))
        return
    if not CORPUS.is_file():
        raise SystemExit(f"{CORPUS} not found: the benchmark needs the shared corpus")
    limit = 1000 if args.quick else 0
    results = {}
    for mode in ("startup", "framing-1", "framing-all", "nostem", "plain", "naive", "parity"):
        results[mode] = measure(mode, limit)
        print(f"{mode:12s} {results[mode]}", file=sys.stderr, flush=True)
    rate = {
        m: results[m]["paragraphs"] / results[m]["seconds"]
        for m in ("framing-1", "framing-all", "nostem", "plain", "naive")
    }
    cores = os.cpu_count()
    print(
        f"\nCorpus: {'first 1,000 articles' if limit else 'all articles'}, {results['framing-1']['paragraphs']} paragraphs; {cores} cores"
    )
    print(
        f"(a) framing, 1 process       {rate['framing-1']:8.0f} paragraphs/s   peak {results['framing-1']['peak_mb']:.0f} MB"
    )
    print(f"(a) framing, {cores} processes     {rate['framing-all']:8.0f} paragraphs/s")
    print(f"(b) naive pysastrawi + tfidf {rate['naive']:8.0f} paragraphs/s")
    print(f"(c) framing without stemming {rate['nostem']:8.0f} paragraphs/s")
    print(f"(c') plain TfidfVectorizer   {rate['plain']:8.0f} paragraphs/s")
    print(f"start-up (import, load, classify one paragraph): {results['startup']['seconds']:.2f} s")
    p = results["parity"]
    print(
        f"stem parity: {p['tokens']} corpus tokens, {p['mismatches']} differ from pysastrawi "
        f"(framing {p['framing_seconds']:.1f} s, pysastrawi {p['pysastrawi_seconds']:.1f} s)"
    )
    checks = [
        (
            "single >= 0.5 x (c)",
            rate["framing-1"] >= 0.5 * rate["nostem"],
            rate["framing-1"] / rate["nostem"],
        ),
        ("single >= 5 x (b)", rate["framing-1"] >= 5 * rate["naive"], rate["framing-1"] / rate["naive"]),
        (
            "all cores >= 1.6 x single",
            rate["framing-all"] >= 1.6 * rate["framing-1"],
            rate["framing-all"] / rate["framing-1"],
        ),
        ("start-up <= 1.0 s", results["startup"]["seconds"] <= 1.0, results["startup"]["seconds"]),
        ("peak memory <= 400 MB", results["framing-1"]["peak_mb"] <= 400, results["framing-1"]["peak_mb"]),
        ("stems identical", p["mismatches"] == 0, p["mismatches"]),
    ]
    print()
    for name, ok, value in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name:28s} ({value:.2f})")


if __name__ == "__main__":
    main()
