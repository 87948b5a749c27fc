import numpy as np
import pytest

from framing import stem
from framing.text import (
    PARAGRAPH_END,
    QUOTE,
    SENTENCE_END,
    STOP_WORDS,
    TermTable,
    analyze,
    split_glued,
    stem_word,
    stem_words,
    strip_dateline,
    term_id,
    term_ids,
    term_stream,
    term_string,
    terms,
    vocabulary_in_use,
)

from .conftest import SHARED, run_at_once


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("JABAR EKSPRES – Menteri Pertahanan Rusia", "Menteri Pertahanan Rusia"),
        ("Bisnis.com, JAKARTA - Menteri Pertahanan", "Menteri Pertahanan"),
        ("PYONGYANG, KOMPAS.TV - Hubungan militer", "Hubungan militer"),
        ("Liputan6.com, Jakarta - Presiden", "Presiden"),
        ("JAKARTA, KOMPAS.com - Pemerintah", "Pemerintah"),
        ("MOSKOW, (Antara) - Kremlin", "Kremlin"),
        ("Kompas dunia | 19 Juli 2024, 14:11 WIBPYONGYANG, KOMPAS.TV - Hubungan", "Hubungan"),
    ],
)
def test_dateline_prefixes_are_removed(text, rest):
    assert strip_dateline(text) == rest


@pytest.mark.parametrize(
    "text",
    [
        "Korea Utara - Rusia menjalin hubungan.",
        "AS mengatakan hal itu.",
        "Menurut Kim - yang juga ketua partai - itu benar.",
    ],
)
def test_ordinary_sentences_keep_their_start(text):
    assert strip_dateline(text) == text


def test_datelines_do_not_become_features():
    assert "kompas" not in analyze("JAKARTA, KOMPAS.com - Rusia memasok senjata.")
    assert "kompas" not in terms(
        "Kompas dunia | 19 Juli 2024, 14:11 WIBPYONGYANG, KOMPAS.TV - Rusia memasok."
    )


def test_glued_words_are_split():
    assert split_glued("ke wilayahKursk") == "ke wilayah Kursk"
    assert split_glued("diSuriahuntuk") == "di Suriah untuk"
    assert split_glued("Festival2025pada") == "Festival 2025 pada"
    assert terms("ke wilayahKursk diSuriahuntuk Festival2025pada") == [
        "ke", "wilayah", "kursk", "di", "suriah", "untuk", "festival", "2025", "pada",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("variants", "token"),
    [
        (["AS", "Amerika Serikat", "Washington"], "_as"),
        (["Korut", "Korea Utara", "Pyongyang", "DPRK"], "_korut"),
        (["Korsel", "Korea Selatan"], "_korsel"),
        (["Tiongkok", "Cina", "China", "Beijing"], "_china"),
        (["PBB", "Perserikatan Bangsa-Bangsa"], "_pbb"),
        (["DK PBB", "Dewan Keamanan PBB"], "_dkpbb"),
        (["UE", "Uni Eropa"], "_ue"),
    ],
)
def test_actor_variants_become_one_token(variants, token):
    for v in variants:
        assert terms(f"Menurut {v} hal itu penting.") == ["menurut", token, "hal", "itu", "penting"], v


def test_longest_actor_name_wins_and_names_need_their_case():
    assert terms("Departemen Luar Negeri AS menolak.") == ["_deplu_as", "menolak"]
    assert terms("Dewan Keamanan PBB bersidang.") == ["_dkpbb", "bersidang"]
    assert terms("Harga emas naik seperti as roda.") == ["harga", "emas", "naik", "seperti", "as", "roda"]
    assert terms("korea utara") == ["korea", "utara"]


def test_marks_end_sentences_but_not_decimals_or_domains():
    stream = term_stream(['Kata dia: "Rusia!" Lalu 3.5 persen; Kompas.com hari ini.'])
    marks = [t for t in stream.term.tolist() if t < 3]
    assert marks == [QUOTE, SENTENCE_END, QUOTE, SENTENCE_END, SENTENCE_END, PARAGRAPH_END]
    assert [term_string(t) for t in stream.term.tolist() if t >= 3] == [
        "kata", "dia", "_rusia", "lalu", "3", "5", "persen", "kompas", "com", "hari", "ini",
    ]  # fmt: skip


def test_a_batch_keeps_its_paragraphs_apart():
    stream = term_stream(["Satu dua.", "", "Tiga\nempat", "lima \x01 enam"])
    assert stream.n_paragraphs == 4
    ends = np.flatnonzero(stream.term == PARAGRAPH_END)
    assert len(ends) == 4
    assert stream.paragraph[ends].tolist() == [0, 1, 2, 3]
    words = {
        p: [term_string(t) for t, q in zip(stream.term, stream.paragraph) if q == p and t >= 3]
        for p in range(4)
    }
    assert words == {0: ["satu", "dua"], 1: [], 2: ["tiga", "empat"], 3: ["lima", "enam"]}


def test_term_stream_rejects_a_bare_string_and_non_text():
    with pytest.raises(TypeError, match="single string"):
        term_stream("AS khawatir.")
    with pytest.raises(TypeError, match="must be str"):
        term_stream(["ok", None])


def test_unicode_is_normalised_and_invisible_characters_separate_words():
    assert terms("ＡＳ khawatir") == ["_as", "khawatir"]  # fullwidth letters (NFKC)
    assert terms("Rusia\u200bmemasok") == ["_rusia", "memasok"]
    assert terms("“Kami tidak tahu,” katanya.") == ["kami", "tidak", "tahu", "katanya"]


def test_negators_and_frame_cues_survive_stop_words():
    for word in [
        "tidak",
        "bukan",
        "belum",
        "tak",
        "tanpa",
        "bersama",
        "kerja",
        "sama",
        "menurut",
        "mengatakan",
    ]:
        assert word not in STOP_WORDS
    stems = analyze("Rusia tidak pernah bekerja sama secara militer dengan Korut.")
    assert "tidak" in stems and "sama" in stems and "dengan" not in stems


def test_stem_matches_pysastrawi_on_sentences():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    reference = StemmerFactory().create_stemmer()
    text = "Pemerintah membantah adanya pengiriman amunisi-amunisi ke wilayah perbatasan."
    assert stem(text) == reference.stem(text)


def test_stem_matches_pysastrawi_on_its_own_test_words():
    path = SHARED / "sastrawi" / "test_words.txt"
    if not path.is_file():
        pytest.skip("../shared/sastrawi/test_words.txt is not here")
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    reference = StemmerFactory().create_stemmer()
    lines = [w for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
    assert len(lines) >= 200
    mismatches = [(w, stem(w), reference.stem(w)) for w in lines if stem(w) != reference.stem(w)]
    assert mismatches == []


def test_stem_rejects_non_text():
    with pytest.raises(TypeError):
        stem(None)


def test_stemmer_is_built_once_under_concurrent_first_use(monkeypatch):
    import framing.stemmer as stemmer_module
    import framing.text as text_module

    builds = []
    original = stemmer_module.sastrawi_root_words

    def counting():
        builds.append(1)
        return original()

    monkeypatch.setattr(stemmer_module, "sastrawi_root_words", counting)
    monkeypatch.setattr(text_module, "_stemmer", None)
    monkeypatch.setattr(text_module, "_stem_cache", {})
    run_at_once(lambda: text_module.stem_word("menggunakan"))
    assert len(builds) == 1


def test_batch_stemming_and_ids_agree_with_one_word_at_a_time(monkeypatch):
    import framing.text as text_module

    words = ["menggunakan", "2024", "amerika_serikat", "persenjataan", "menggunakan", "dipasok", "x"]
    monkeypatch.setattr(text_module, "_stem_cache", {})  # every word a miss, "menggunakan" then a hit
    batch = stem_words(words)
    monkeypatch.setattr(text_module, "_stem_cache", {})
    assert batch == [stem_word(w) for w in words]
    assert batch[:4] == ["guna", "2024", "amerika_serikat", "senjata"]
    new = ["termbarusekali", "rusia", "termbarusekali", "termbarulagi"]
    ids = term_ids(new)  # two terms unseen before, one of them twice
    assert ids == [term_id(t) for t in new]
    assert ids[0] == ids[2] != ids[3]
    assert [term_string(i) for i in ids] == new


def test_importing_framing_builds_nothing_expensive():
    import subprocess
    import sys

    code = (
        "import sys, framing, framing.text as t; "
        "assert t._stemmer is None; "
        "assert 'sklearn' not in sys.modules, 'scikit-learn imported'; "
        "framing.classify('Rusia memasok rudal.'); "
        "assert 'sklearn' not in sys.modules, 'scikit-learn imported by classify()'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_glued_name_needs_two_letters_after_it():
    assert terms("Rusiadan Putinx Perancisuntuk Rusiaxy") == [
        "_rusia",
        "dan",
        "putinx",
        "perancis",
        "untuk",
        "_rusia",
        "xy",
    ]


def test_new_tokens_get_the_parts_their_words_have():
    # Tokens come to the table a batch at a time, lowercase and capitalised words by shortcuts: same parts.
    from framing.text import _TERMS, _Tokens

    tokens = [
        b"memasok",
        b"Menurut",
        b"Amerika",
        b"Kim",
        b"Rusia",
        b"Suriahuntuk",
        b"kerja-sama",
        b"wilayahKursk",
        b"3.5",
        b'"Kami',
        b"rudal.",
        b"AS",
        b"--",
    ]
    table = _Tokens(_TERMS)
    with vocabulary_in_use():
        table.add(tokens + tokens[:3])
        table.sync()
        assert len(table) == len(tokens)
        _check_parts(table, tokens)


def _check_parts(table, tokens):
    from framing.text import _token_parts

    for token in tokens:
        i = table[token]
        first, n = table.first_part.array[i], table.n_parts.array[i]
        parts = zip(
            table.part_term.array[first : first + n].tolist(),
            table.part_name.array[first : first + n].tolist(),
        )
        assert list(parts) == list(_token_parts(token.decode())), token


def test_a_token_looked_up_alone_and_an_interrupted_batch_leave_the_table_consistent():
    from framing.text import _TERMS, _Tokens

    table = _Tokens(_TERMS)
    with vocabulary_in_use():
        assert table[b"Rusia."] == 0  # a lookup of an unknown token prepares it
        with pytest.raises(UnicodeDecodeError):
            table.add([b"Menurut", b"wilayahKursk", b"\xe9t\xe9", b"memasok"])  # stops at the third
        table.add([b"memasok", b'"Kami', b"AS"])
        table.sync()
        _check_parts(table, [b"Rusia.", b"Menurut", b"wilayahKursk", b"memasok", b'"Kami', b"AS"])


def test_a_batch_term_table_computes_each_term_and_pickles():
    import pickle
    from functools import partial

    from framing.features import _columns

    vocabulary = {"rusia": 7, "rudal": 2}
    with vocabulary_in_use():
        ids = np.array([term_id(t) for t in ["rudal", "tabelbaru", "rusia"]])
        batch = TermTable(partial(_columns, vocabulary=vocabulary), np.int64, batch=True)
        every = np.arange(ids.max() + 1)  # the table computes every term up to the largest id asked for
        assert batch[every].tolist() == [vocabulary.get(term_string(i), -1) for i in every.tolist()]
        assert batch[ids].tolist() == [2, -1, 7]
        clone = pickle.loads(pickle.dumps(batch))
        assert clone.batch and clone[ids].tolist() == [2, -1, 7]
        old = TermTable.__new__(TermTable)  # as pickled before tables could compute in batches
        old.__setstate__({"compute": len, "dtype": np.dtype(np.int64)})
        assert not old.batch and old[ids].tolist() == [5, 9, 5]
        short = TermTable(lambda terms: [0], np.int64, batch=True)  # one value, however many terms
        with pytest.raises(ValueError, match="values for"):
            short[ids]
