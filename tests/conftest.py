"""Shared fixtures. The shared corpus lives beside the project in ../shared/corpus; tests that need it skip
cleanly where it is absent (a user's clone does not have it)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "indonews.jsonl.gz"


@pytest.fixture(scope="session")
def corpus_path():
    if not CORPUS.is_file():
        pytest.skip("../shared/corpus/indonews.jsonl.gz is not here (it is not part of a user's clone)")
    return CORPUS


@pytest.fixture(scope="session")
def small_model():
    """A model trained on the seed and authored paragraphs only: seconds to fit, good enough to exercise the API."""
    from framing.annotations import load_annotations
    from framing.training import train_on

    data = load_annotations(ANNOTATIONS, sets=("seeds", "authored"))
    return train_on(data.usable(), cv=3)


@pytest.fixture(scope="session")
def saved_model(small_model, tmp_path_factory):
    path = tmp_path_factory.mktemp("model")
    small_model.save(path)
    return path


def run_at_once(work, n=8):
    """Run ``work`` in ``n`` threads released together by a barrier (first use under contention)."""
    barrier = threading.Barrier(n)

    def start():
        barrier.wait()
        work()

    threads = [threading.Thread(target=start) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
