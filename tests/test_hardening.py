"""Hostile input, concurrency: every input either labels or raises the documented error."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing import FRAMES, segment

from .conftest import run_at_once


def non_space(s):
    return "".join(s.split())


def check_segmentation(text):
    paras = segment(text)
    pos = 0
    for i, p in enumerate(paras):
        assert p.index == i
        assert text[p.start : p.end] == p.text
        assert p.start >= pos  # in order, no overlap
        pos = p.end
        assert p.text == p.text.strip() and p.text
    # nothing silently lost: every non-space character of the input is in some paragraph
    assert non_space(text) == "".join(non_space(p.text) for p in paras)
    return paras


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_segment_never_raises_and_loses_nothing(text):
    check_segmentation(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec=None), max_size=3000))
def test_classify_never_raises_on_any_str(small_model, text):
    results = framing.classify(text, model=small_model)
    paras = check_segmentation(text) if text.strip() else []
    assert [r.index for r in results] == [p.index for p in paras]
    for r in results:
        assert set(r.frames) <= set(FRAMES)
        assert all(0.0 <= s <= 1.0 for s in r.scores.values())
        if not r.boilerplate:
            assert set(r.scores) == set(FRAMES)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(st.sampled_from("abc Rusia AS .!?\n\u2028\r\t"), min_size=1, max_size=300), max_size=8)
)
def test_long_mixed_lines_segment_consistently(small_model, parts):
    check_segmentation("\n".join(p * 5 for p in parts))


NASTY = {
    "ten megabytes": ("Korea Utara membantah memasok amunisi ke Rusia, kata juru bicara. " * 8 + "\n")
    * 19_000,
    "one megabyte word": "a" * 1_000_000,
    "control characters": "Rusia\x00\x01\x02 mengirim\x07\x1b[31m amunisi\x7f ke Korut.\x0b\x0c",
    "nul bytes": "\x00" * 1000 + "AS khawatir\x00 atas latihan militer.",
    "lone surrogates": "Kremlin \ud800 membantah \udfff laporan itu.",
    "right-to-left marks": "\u202eRusia\u200f membantah\u202c laporan itu.\u2066",
    "emoji": "🇷🇺🤝🇰🇵 Rusia dan Korut 💥🚀 latihan bersama 😱",
    "html with scripts": "<script>alert('x')</script><p>AS <b>khawatir</b> atas sanksi</p><style>p{}</style>",
    "windows line endings": "Paragraf satu tentang Rusia.\r\n\r\nKorut membantah laporan itu.\r\n",
    "only punctuation": "!!! ??? ... ,,, --- ;;; ::: ''' \"\"\" ((( )))",
    "arabic": "روسيا وكوريا الشمالية تجريان مناورات عسكرية مشتركة.",
    "chinese": "俄罗斯和朝鲜举行联合军事演习。美国对此表示担忧。",
    "cyrillic": "Россия и КНДР провели совместные учения.",
    "combining marks": "Ru\u0301si\u0308a\u0323 membantah" * 50,
    "zero-width spaces": "Ru\u200bsia\u200b \u200bmem\u200cbantah\u2060",
    "unicode line separators": "Satu\u2028Dua\u2029Tiga\x85Empat",
    "very long line of numbers": " ".join(str(i) for i in range(200_000)),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_nasty_inputs_label_or_raise_the_documented_error(small_model, name):
    text = NASTY[name]
    results = framing.classify(text, model=small_model)
    check_segmentation(text)
    assert results, name
    for r in results:
        assert all(0.0 <= s <= 1.0 for s in r.scores.values())
        assert set(r.frames) <= set(FRAMES)
        if r.explanation is None:
            r.to_dict()


@pytest.mark.parametrize("bad", [None, b"bytes", bytearray(b"x"), 12, 1.5, object(), ["list"], {"text": "x"}])
def test_non_text_raises_type_error_naming_str(small_model, bad):
    with pytest.raises(TypeError, match="str"):
        framing.classify(bad, model=small_model)
    with pytest.raises(TypeError):
        segment(bad)


def test_eight_threads_give_the_serial_results(small_model):
    texts = [
        f"Artikel {i}: Korea Utara membantah memasok amunisi ke Rusia.\nAS khawatir atas sanksi baru nomor {i}."
        for i in range(40)
    ]
    serial = [framing.classify(t, model=small_model) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda t: framing.classify(t, model=small_model), texts))
    assert parallel == serial


def test_default_model_is_loaded_once_under_concurrent_first_use(monkeypatch):
    import framing.api as api

    loads = []
    real = api.load_model

    def counting(*args, **kwargs):
        loads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "load_model", counting)
    monkeypatch.setattr(api, "_default", None)
    results = []
    run_at_once(
        lambda: results.append(framing.classify("Rusia dan Korut menggelar latihan militer bersama."))
    )
    assert len(loads) == 1
    assert len(results) == 8 and all(r == results[0] for r in results)


def _run_python(code: str, timeout: float = 120) -> str:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=True
    )
    return proc.stdout


def test_first_use_of_the_name_tables_from_many_threads_merges_every_name():
    # A fresh process, threads switching as often as possible: every thread must see the names merged.
    code = """
import sys, threading
import framing.text as t
sys.setswitchinterval(1e-6)
text = "Dewan Keamanan PBB dan Amerika Serikat serta Korea Utara, Uni Eropa, Gedung Putih, Federasi Rusia."
results = [None] * 8
barrier = threading.Barrier(8)
def work(k):
    barrier.wait()
    results[k] = t.terms(text)
threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
[x.start() for x in threads]
[x.join() for x in threads]
print(all(r == ["_dkpbb", "dan", "_as", "serta", "_korut", "_ue", "_gedungputih", "_rusia"] for r in results))
"""
    for _ in range(3):
        assert _run_python(code).strip() == "True"


def test_workers_forked_while_another_thread_uses_the_tables_do_not_hang(saved_model):
    # Another thread is inside vocabulary_in_use() when the worker pool forks, and the workers' tables pass
    # their cap: the workers must not wait for a thread that does not exist in them.
    code = f"""
import threading, time
import framing, framing.text as t
from framing.corpus import label_corpus
model = framing.load_model({str(saved_model)!r})
docs = [{{"doc_id": str(i), "text": f"Kata{{i}} baru di artikel {{i}}. Rusia memasok rudal{{i}}."}} for i in range(60)]
model.classify("Rusia memasok rudal ke Korut.")  # this process has prepared words and tables
hold = threading.Event()
def other():
    with t.vocabulary_in_use():
        hold.wait()
threading.Thread(target=other, daemon=True).start()
time.sleep(0.1)
t.MAX_CACHED_TOKENS = 5  # so that each worker empties its tables, which waits for users to leave
records = list(label_corpus(docs, model=model, n_jobs=2, chunk_size=2, include_text=False))  # forks now
hold.set()
print(len(records))
"""
    assert _run_python(code, timeout=60).strip() == "60"


def test_workers_forked_while_another_thread_builds_the_column_table_do_not_hang(saved_model):
    # label_corpus is the model's first use, and another thread holds the lock under which a model's column
    # table is built when the workers fork: each worker builds its own table with a lock of its own.
    code = f"""
import threading, time
import framing
from framing.corpus import label_corpus
model = framing.load_model({str(saved_model)!r})
docs = [{{"doc_id": str(i), "text": f"Artikel {{i}}. Rusia memasok rudal ke Korut."}} for i in range(40)]
hold = threading.Event()
def other():
    with model.features._lock:
        hold.wait()
threading.Thread(target=other, daemon=True).start()
time.sleep(0.1)
records = list(label_corpus(docs, model=model, n_jobs=2, chunk_size=2, include_text=False))
hold.set()
print(len(records))
"""
    assert _run_python(code, timeout=60).strip() == "40"
