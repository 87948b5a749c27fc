from framing import segment
from framing.segment import LONG_LINE_CHARS, is_boilerplate, paragraph_hash


def test_published_line_breaks_are_paragraphs():
    text = "Satu.\r\n\r\nDua dua.\nTiga tiga tiga.\rEmpat."
    paras = segment(text)
    assert [p.text for p in paras] == ["Satu.", "Dua dua.", "Tiga tiga tiga.", "Empat."]
    assert [p.index for p in paras] == [0, 1, 2, 3]
    for p in paras:
        assert text[p.start : p.end] == p.text


def test_flattened_block_is_cut_into_paragraphs_of_a_few_sentences():
    sentences = [f"Kalimat nomor {i} menjelaskan perkembangan terbaru di Jakarta." for i in range(30)]
    block = " ".join(sentences)
    assert len(block) > LONG_LINE_CHARS
    paras = segment(block)
    assert len(paras) >= 8
    assert all(p.text.count(".") <= 3 for p in paras)
    # nothing lost, nothing reordered
    assert " ".join(p.text for p in paras) == block


def test_abbreviations_and_initials_do_not_end_sentences():
    block = ("Menurut Dr. Budi dan Jean H. Lee, situasi memburuk. " * 20).strip()
    for p in segment(block):
        assert not p.text.startswith(("Budi", "Lee"))


def test_boilerplate_is_kept_and_marked():
    text = "Isi berita.\nBaca Juga: Judul Lain\nNyaman tanpa iklan. Langganan BisnisPro\nPenulis : A Editor : B\nIsi berita."
    paras = segment(text)
    assert [p.boilerplate for p in paras] == [False, True, True, True, True]  # the repeat is boilerplate too


def test_boilerplate_detection_is_not_fooled_by_content():
    assert not is_boilerplate("Sumber diplomatik mengatakan Rusia mengirim amunisi.")
    assert not is_boilerplate("Foto satelit menunjukkan kapal Korea Utara di pelabuhan Rusia.")
    assert is_boilerplate("BACA JUGA: Korea Utara Menggelar Latihan")
    assert is_boilerplate("Cek Berita dan Artikel yang lain di Google News")


def test_hash_is_sha256_of_the_text():
    import hashlib

    p = segment("Rusia dan Korut.")[0]
    assert p.sha256 == hashlib.sha256(b"Rusia dan Korut.").hexdigest() == paragraph_hash(p.text)


def test_seed_paragraph_numbering_is_stable():
    # The annotation format refers to paragraphs by index: this pins the numbering of one seed.
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "004_aefcf75def6c6a13.txt"
    paras = segment(seed.read_text(encoding="utf-8"))
    assert len(paras) == 30
    assert paras[5].text.startswith("Bisnis.com, JAKARTA - Menteri Pertahanan Rusia")
    assert paras[4].boilerplate  # the photo caption printed twice
