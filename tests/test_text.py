import pytest

from framing import stem
from framing.text import STOP_WORDS, prepare, split_glued, strip_dateline, tokenize

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
    assert "kompas" not in " ".join(tokenize(prepare("JAKARTA, KOMPAS.com - Rusia memasok senjata.")))


def test_glued_words_are_split():
    assert split_glued("ke wilayahKursk") == "ke wilayah Kursk"
    assert split_glued("diSuriahuntuk") == "di Suriah untuk"
    assert split_glued("Festival2025pada") == "Festival 2025 pada"


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
        assert tokenize(prepare(f"Menurut {v} hal itu penting.")).count(token) == 1, v


def test_lowercase_as_is_not_the_united_states():
    assert "_as" not in tokenize(prepare("Harga emas naik."))


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
    stems = tokenize(prepare("Rusia tidak pernah bekerja sama secara militer dengan Korut."))
    assert "tidak" in stems and "sama" in stems


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
    words = [w for w in path.read_text(encoding="utf-8").split() if w]
    assert len(words) >= 200
    mismatches = [(w, stem(w), reference.stem(w)) for w in words if stem(w) != reference.stem(w)]
    assert mismatches == []


def test_stem_rejects_non_text():
    with pytest.raises(TypeError):
        stem(None)


def test_stemmer_is_built_once_under_concurrent_first_use(monkeypatch):
    import framing.text as text_module

    builds = []
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    original = StemmerFactory.create_stemmer

    def counting(self, *args, **kwargs):
        builds.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(StemmerFactory, "create_stemmer", counting)
    monkeypatch.setattr(text_module, "_stemmer", None)
    monkeypatch.setattr(text_module, "_stem_cache", {})
    run_at_once(lambda: text_module.stem_word("menggunakan"))
    assert len(builds) == 1
