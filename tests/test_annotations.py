import gzip
import hashlib
import json
from pathlib import Path

import pytest

from framing import AnnotationError, UnknownFrameError, load_annotations, segment
from framing.annotations import read_annotation_file, resolve_references
from framing.frames import FRAMES

from .conftest import ANNOTATIONS, ROOT, SHARED

GOOD = {
    "id": "a1",
    "doc_id": "d1",
    "index": 0,
    "text": "Rusia memasok amunisi.",
    "frames": ["military_cooperation"],
    "source": "authored",
}


def write(tmp_path, *records, name="authored.jsonl"):
    path = tmp_path / name
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**GOOD, "frames": ["militer"]}, "unknown frame name 'militer'"),
        ({**GOOD, "frames": "denial"}, "must be list"),
        ({**GOOD, "text": "   "}, "empty text"),
        ("{not json", "malformed JSON"),
        ("[1, 2]", "expected a JSON object"),
        ({k: v for k, v in GOOD.items() if k != "doc_id"}, "missing field 'doc_id'"),
        ({**GOOD, "index": "3"}, "field 'index' must be int"),
        ({**GOOD, "index": True}, "field 'index' must be int"),
        ({**GOOD, "source": "scraped"}, "unknown source"),
        ({**GOOD, "frames": ["denial", "denial"]}, "listed twice"),
        ({**GOOD, "sha256": "0" * 64}, "sha256 does not match"),
        ({**GOOD, "boilerplate": True}, "boilerplate paragraph cannot carry frames"),
        ({"id": "r", "doc_id": "d", "index": 0, "frames": [], "source": "corpus"}, "needs the sha256"),
        (
            {
                "id": "r",
                "doc_id": "d",
                "index": 0,
                "frames": [],
                "source": "corpus",
                "text": "x",
                "sha256": "0" * 64,
            },
            "must not carry its text",
        ),
    ],
)
def test_each_problem_raises_one_error_naming_file_and_line(tmp_path, record, message):
    path = write(tmp_path, GOOD | {"id": "first"}, record)
    with pytest.raises(AnnotationError, match=message) as info:
        read_annotation_file(path)
    assert f"{path}:2:" in str(info.value)


def test_unknown_frame_is_its_own_error(tmp_path):
    with pytest.raises(UnknownFrameError):
        read_annotation_file(write(tmp_path, {**GOOD, "frames": ["propaganda"]}))


def test_duplicate_id_names_both_lines(tmp_path):
    with pytest.raises(AnnotationError, match=r":3: duplicate id 'a1' \(first on line 1\)"):
        read_annotation_file(write(tmp_path, GOOD, GOOD | {"id": "b"}, GOOD))


def test_duplicate_id_across_files(tmp_path):
    write(tmp_path, GOOD, name="seeds.jsonl")
    write(tmp_path, GOOD)
    with pytest.raises(AnnotationError, match="duplicate id 'a1', also in"):
        load_annotations(tmp_path, sets=("seeds", "authored"))


def test_empty_line_is_an_error_not_skipped(tmp_path):
    path = tmp_path / "authored.jsonl"
    path.write_text(json.dumps(GOOD) + "\n\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=":2: empty line"):
        read_annotation_file(path)


def make_corpus(tmp_path, text):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"doc_id": "doc-1", "text": text}) + "\n")
    return path


def reference(text, index=0, **extra):
    p = segment(text)[index]
    return {
        "id": "r1",
        "doc_id": "doc-1",
        "index": index,
        "sha256": p.sha256,
        "frames": ["denial"],
        "source": "corpus",
        **extra,
    }


def test_references_resolve_against_a_corpus(tmp_path):
    text = "Paragraf satu.\nKremlin membantah laporan itu."
    corpus = make_corpus(tmp_path, text)
    path = write(tmp_path, reference(text, 1), name="real-train.jsonl")
    data = load_annotations(tmp_path, sets=("real-train",), corpus=corpus)
    assert [a.text for a in data.annotations] == ["Kremlin membantah laporan itu."]
    assert data.unresolved == []
    assert path.exists()


def test_a_reference_whose_hash_no_longer_matches_is_an_error(tmp_path):
    ref = reference("Kremlin membantah laporan itu.")
    corpus = make_corpus(tmp_path, "Kremlin membantah laporan tersebut.")
    path = write(tmp_path, ref, name="real-train.jsonl")
    with pytest.raises(AnnotationError, match=f"{path}:1: paragraph 0 of 'doc-1' no longer matches"):
        load_annotations(tmp_path, sets=("real-train",), corpus=corpus)


def test_references_to_missing_documents_or_paragraphs_are_errors(tmp_path):
    corpus = make_corpus(tmp_path, "Satu paragraf saja.")
    write(tmp_path, {**reference("Satu paragraf saja."), "doc_id": "nope"}, name="real-train.jsonl")
    with pytest.raises(AnnotationError, match="'nope' is not in the corpus"):
        load_annotations(tmp_path, sets=("real-train",), corpus=corpus)
    write(tmp_path, {**reference("Satu paragraf saja."), "index": 5}, name="real-train.jsonl")
    with pytest.raises(AnnotationError, match="has 1 paragraphs, no index 5"):
        load_annotations(tmp_path, sets=("real-train",), corpus=corpus)


def test_without_corpus_references_are_reported_not_dropped(tmp_path):
    write(tmp_path, reference("Kremlin membantah laporan itu."), name="real-train.jsonl")
    data = load_annotations(tmp_path, sets=("real-train",))
    assert data.annotations == []
    assert [(a.id, reason) for a, reason in data.unresolved] == [("r1", "no corpus given")]
    _annotations, unresolved = resolve_references(
        read_annotation_file(tmp_path / "real-train.jsonl"), tmp_path / "x.gz"
    )
    assert "not found" in unresolved[0][1]


# --- the project's own annotation files --------------------------------------------------------------------


def test_seed_files_are_byte_identical_to_the_shared_seeds():
    shared = SHARED / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not here")
    ours = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert ours == sorted(p.name for p in shared.glob("*.txt"))
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (shared / name).read_bytes()


def test_every_seed_paragraph_is_annotated_in_order():
    records = read_annotation_file(ANNOTATIONS / "seeds.jsonl")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paras = segment(path.read_text(encoding="utf-8"))
        mine = [r for r in records if r.doc_id == path.stem]
        assert [(r.index, r.text, r.boilerplate) for r in mine] == [
            (p.index, p.text, p.boilerplate) for p in paras
        ]


def test_authored_set_covers_the_frames():
    records = read_annotation_file(ANNOTATIONS / "authored.jsonl")
    assert all(r.source == "authored" for r in records)
    assert len(records) >= 500
    for frame in FRAMES:
        assert sum(frame in r.frames for r in records) >= 100, frame
    assert sum(not r.frames for r in records) >= 150
    assert sum(len(r.frames) >= 2 for r in records) >= 50
    assert len({r.text for r in records}) == len(records)


def test_real_sets_store_references_only_and_never_share_an_article():
    val = read_annotation_file(ANNOTATIONS / "real-validation.jsonl")
    train = read_annotation_file(ANNOTATIONS / "real-train.jsonl")
    assert len(val) >= 300 and len(train) >= 600
    assert all(r.source == "corpus" and r.text is None for r in val + train)
    assert not {r.doc_id for r in val} & {r.doc_id for r in train}
    raw = (ANNOTATIONS / "real-validation.jsonl").read_text(encoding="utf-8")
    assert '"text"' not in raw


def test_real_sets_follow_the_documented_article_split():
    # annotations/README.md: an article is on the validation side iff int(sha256(doc_id), 16) % 3 == 0.
    def validation_side(doc_id):
        return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 3 == 0

    val = read_annotation_file(ANNOTATIONS / "real-validation.jsonl")
    train = read_annotation_file(ANNOTATIONS / "real-train.jsonl")
    assert all(validation_side(r.doc_id) for r in val)
    assert not any(validation_side(r.doc_id) for r in train)


def test_two_pass_real_train_labels_are_the_agreed_or_adjudicated_ones():
    train = {
        r["id"]: r
        for r in map(json.loads, (ANNOTATIONS / "real-train.jsonl").read_text(encoding="utf-8").splitlines())
    }
    passes = [
        json.loads(line)
        for line in (ANNOTATIONS / "agreement" / "real-train-two-passes.jsonl").read_text().splitlines()
    ]
    assert len(passes) >= 900
    for p in passes:
        record = train[p["id"]]
        if p["first"] == p["second"]:
            assert record["frames"] == p["first"], p["id"]
        else:
            assert record.get("note", "").startswith("adjudicated:"), p["id"]


def test_real_references_resolve_against_the_shared_corpus(corpus_path):
    data = load_annotations(ANNOTATIONS, sets=("real-train", "real-validation"), corpus=corpus_path)
    assert data.unresolved == []
    assert len(data.annotations) >= 900


def test_second_pass_ids_exist_in_the_first_pass():
    second = [
        json.loads(line)
        for line in (ANNOTATIONS / "agreement" / "second-pass.jsonl").read_text().splitlines()
    ]
    assert len(second) >= 120
    first = {
        r.id
        for name in ("seeds.jsonl", "real-validation.jsonl")
        for r in read_annotation_file(ANNOTATIONS / name)
    }
    assert {r["id"] for r in second} <= first


def test_repository_layout():
    for name in ("src/framing", "models", "seeds", "annotations", "tests", "pyproject.toml", "benchmarks"):
        assert Path(ROOT / name).exists(), name


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{oops", "not valid JSON"),
        ('["a"]', "expected"),
        ('{"id": 3, "frames": []}', "expected"),
        ('{"id": "x", "frames": ["nonsense"]}', "unknown frame name"),
        ('{"id": "x", "frames": []}\n{"id": "x", "frames": []}', "given twice"),
    ],
)
def test_a_bad_second_pass_line_is_named(tmp_path, line, message):
    from framing.evaluation import read_second_pass

    (tmp_path / "agreement").mkdir()
    (tmp_path / "agreement" / "second-pass.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=message) as info:
        read_second_pass(tmp_path)
    assert "second-pass.jsonl:" in str(info.value)
