import csv
import gzip
import json

import pytest

from framing import CorpusError, segment
from framing.corpus import Document, label_corpus, label_to_file, read_documents

ARTICLES = [
    {
        "doc_id": f"d{i}",
        "outlet": ["kompas", "tempo"][i % 2],
        "date": f"{10 + i % 18} Juni 2025",
        "text": f"Paragraf pembuka artikel {i} tentang Rusia.\nBaca Juga: Berita lain\n"
        f"Korea Utara membantah memasok amunisi, kata juru bicara pada hari ke-{i}.\n"
        f"Harga beras di Jakarta naik {i} persen pekan ini.",
    }
    for i in range(40)
]
N_PARAGRAPHS = 3 * len(ARTICLES)  # one boilerplate line per article is skipped


def jsonl(tmp_path, rows, name="corpus.jsonl"):
    path = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n")
    return path


def test_label_corpus_yields_records_lazily_in_input_order(small_model):
    records = list(label_corpus(ARTICLES, model=small_model))
    assert len(records) == N_PARAGRAPHS
    assert [(r["doc_id"], r["paragraph"]) for r in records[:3]] == [("d0", 0), ("d0", 2), ("d0", 3)]
    first = records[0]
    assert set(first["scores"]) == {"military_cooperation", "sanctions", "denial", "us_concern"}
    assert first["outlet"] == "kompas" and first["text"].startswith("Paragraf pembuka")
    assert first["sha256"] == segment(ARTICLES[0]["text"])[0].sha256


def test_parallel_results_equal_serial(small_model):
    # 20 chunks of 2, labeled by two worker processes.
    assert len(ARTICLES) // 2 >= 20
    serial = list(label_corpus(ARTICLES, model=small_model, n_jobs=1, chunk_size=2))
    parallel = list(label_corpus(ARTICLES, model=small_model, n_jobs=2, chunk_size=2))
    assert parallel == serial


def test_label_corpus_is_strict_about_its_input(small_model):
    with pytest.raises(TypeError, match="not a single string"):
        list(label_corpus("Rusia dan Korut.", model=small_model))
    with pytest.raises(CorpusError, match="empty text"):
        list(label_corpus([{"doc_id": "x", "text": "  "}], model=small_model))
    bad = []
    list(label_corpus([{"doc_id": "x"}, ARTICLES[0]], model=small_model, on_error=bad.append))
    assert [(d.doc_id, d.error) for d in bad] == [("x", "missing field 'text'")]
    with pytest.raises(ValueError, match="n_jobs"):
        list(label_corpus(ARTICLES, model=small_model, n_jobs=0))


def test_read_every_input_format(tmp_path):
    path = jsonl(tmp_path, ARTICLES[:3], "c.jsonl.gz")
    assert [d.doc_id for d in read_documents(path)] == ["d0", "d1", "d2"]
    csv_path = tmp_path / "c.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["doc_id", "outlet", "date", "text"])
        w.writeheader()
        w.writerows(ARTICLES[:3])
    docs = list(read_documents(csv_path))
    assert [d.doc_id for d in docs] == ["d0", "d1", "d2"] and docs[0].meta["outlet"] == "kompas"
    folder = tmp_path / "txt"
    folder.mkdir()
    for a in ARTICLES[:3]:
        (folder / f"{a['doc_id']}.txt").write_text(a["text"], encoding="utf-8")
    assert [d.doc_id for d in read_documents(folder)] == ["d0", "d1", "d2"]
    custom = jsonl(tmp_path, [{"id": "a", "body": "Teks.", "src": "x"}], "custom.jsonl")
    doc = next(read_documents(custom, text_field="body", id_field="id", meta_fields=["src"]))
    assert (doc.doc_id, doc.text, doc.meta) == ("a", "Teks.", {"src": "x"})


def test_bad_documents_are_listed_not_fatal(tmp_path, small_model):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(ARTICLES[0]).encode()
    path.write_bytes(
        good
        + b"\n"
        + b'{"doc_id": "broken", "text": \n'
        + b'{"doc_id": "bytes", "text": "\xff\xfe"}\n'
        + b'{"doc_id": "notext"}\n'
        + b'{"doc_id": "empty", "text": ""}\n'
        + b'["list"]\n'
        + json.dumps(ARTICLES[1]).encode()
        + b"\n"
    )
    out = tmp_path / "labels.jsonl"
    summary = label_to_file(path, out, model=small_model)
    assert summary.documents == 2 and summary.errors == 5
    errors = [json.loads(line) for line in (tmp_path / "labels.jsonl.errors.jsonl").read_text().splitlines()]
    reasons = " | ".join(e["reason"] for e in errors)
    for expected in (
        "malformed JSON",
        "undecodable bytes",
        "missing field 'text'",
        "empty text",
        "not a JSON object",
    ):
        assert expected in reasons
    assert len(out.read_text().splitlines()) == 6


def test_missing_source_is_an_error(tmp_path, small_model):
    with pytest.raises(CorpusError, match="no such file"):
        label_to_file(tmp_path / "nope.jsonl", tmp_path / "o.jsonl", model=small_model)
    with pytest.raises(CorpusError, match="unknown input format"):
        list(read_documents(tmp_path / "file.xlsx"))


def test_existing_output_needs_resume(tmp_path, small_model):
    src = jsonl(tmp_path, ARTICLES[:2])
    out = tmp_path / "o.jsonl"
    label_to_file(src, out, model=small_model)
    with pytest.raises(CorpusError, match="--resume"):
        label_to_file(src, out, model=small_model)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_run_killed_at_any_byte_resumes_to_exactly_one_record_per_paragraph(tmp_path, small_model, fmt):
    src = jsonl(tmp_path, ARTICLES)
    complete = tmp_path / f"complete.{fmt}"
    label_to_file(src, complete, model=small_model)
    full = complete.read_bytes()

    def keys(path):
        if fmt == "csv":
            with open(path, newline="", encoding="utf-8") as f:
                return [(r["seq"], r["paragraph"]) for r in csv.DictReader(f)]
        return [(r["seq"], r["paragraph"]) for r in map(json.loads, path.read_text().splitlines())]

    expected = keys(complete)
    assert len(expected) == N_PARAGRAPHS
    # Simulate a kill at many points, including mid-line, then resume.
    for cut in sorted({1, 10, len(full) // 7, len(full) // 3, len(full) // 2 + 13, len(full) - 5, len(full)}):
        out = tmp_path / f"partial-{cut}.{fmt}"
        out.write_bytes(full[:cut])
        summary = label_to_file(src, out, model=small_model, resume=True)
        assert keys(out) == expected, cut
        assert out.read_bytes() == full, cut
        assert summary.resumed_from >= 0


def test_csv_output_has_every_score_and_metadata(tmp_path, small_model):
    out = tmp_path / "o.csv"
    label_to_file(jsonl(tmp_path, ARTICLES[:2]), out, model=small_model, include_text=False)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 6
    assert {"score_denial", "score_us_concern", "outlet", "date", "doc_id", "paragraph"} <= set(rows[0])
    assert "text" not in rows[0]


def test_memory_stays_flat_on_a_long_stream(small_model):
    # A generator of 2,000 documents is consumed lazily: only a bounded number are in flight.
    pulled = []

    def docs():
        for i in range(2000):
            pulled.append(i)
            yield Document(i, f"g{i}", "Rusia mengirim amunisi ke Korea Utara, menurut laporan.")

    stream = label_corpus(docs(), model=small_model, chunk_size=10)
    next(stream)
    assert len(pulled) <= 20


def test_records_are_the_content_paragraphs_segment_gives(small_model):
    # Batch labeling segments without Paragraph objects; its records must be segment()'s content paragraphs.
    long_line = " ".join(f"Kalimat ke-{i} tentang amunisi Korea Utara untuk Rusia." for i in range(40))
    text = "Judul berita\nBaca Juga: Lain\nParagraf yang diulang.\n" + long_line + "\nParagraf yang diulang."
    records = list(label_corpus([{"doc_id": "a", "text": text}], model=small_model))
    expected = [(p.index, p.sha256, p.text) for p in segment(text) if not p.boilerplate]
    assert [(r["paragraph"], r["sha256"], r["text"]) for r in records] == expected
    assert len(expected) >= 4 and len(segment(text)) - len(expected) == 2  # "Baca Juga" and the repeat
