"""Sentence-level cue features: who says what, in one sentence.

Bag-of-words features cannot tell "AS khawatir" from a paragraph that mentions
the US in one sentence and a worried farmer in the next; real news mentions the
US constantly without voicing concern. These features look at each sentence of
a paragraph and ask which actors it names and which stances it takes, and emit
actor x stance pairs ("us x concern", "any x denial", "state x transfer") as
well as the plain stance flags.

The lexicons below are features, not labels: the classifier learns from the
annotated data how much each cue is worth, and every cue can fire on a
paragraph that carries no frame. :class:`CueFeatures` is the scikit-learn
transformer, and :func:`cue_counts` the plain function it applies, which tests
and ``explain=True`` use directly.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["CUE_NAMES", "CueFeatures", "cue_counts", "sentences"]


# Each lexicon lists words and phrases, matched on text after framing.text.prepare() (lowercased, actor
# names already one token such as "_as"). An entry ending in "*" matches any word starting with it.
_LEXICONS: dict[str, str] = {
    # --- actors
    "us": """
        _as _gedungputih _deplu_as pentagon biden trump blinken austin kirby sullivan rubio hegseth vance harris
        thomas-greenfield yellen bessent miller leavitt bruce waltz witkoff kongres senat senator ofac cia fbi
        |departemen luar negeri|departemen pertahanan|departemen keuangan
    """,
    "target_state": "_rusia _korut _china _iran _belarus suriah venezuela kuba myanmar hamas houthi hizbullah",
    # --- stances
    "concern": """
        khawatir* kekhawatiran* cemas* kecemasan prihatin* keprihatinan waspada* kewaspadaan memperingatkan
        peringatan* mewanti-wanti wanti-wanti ancaman mengancam terancam bahaya* berbahaya membahayakan
        destabilisasi mengkhawatirkan resah gelisah alarm konsekuensi serius mengecam kecaman mengutuk
        provokasi* provokatif eskalasi risiko
        |mengganggu stabilitas|menanggung akibat|tidak akan tinggal diam|tantangan keamanan
    """,
    "denial": """
        membantah* bantahan dibantah menampik ditampik menyangkal disangkal sangkalan menepis ditepis hoaks hoax
        fitnah propaganda mengada-ada rekayasa fabrikasi palsu tuduhan tudingan klaim spekulasi disinformasi
        misinformasi keliru
        |tidak benar|tak benar|tidak berdasar|tak berdasar|tanpa dasar|omong kosong|tidak mengetahui adanya
        |tidak tahu soal|tidak tahu-menahu soal|menolak tuduhan|menolak klaim|menolak laporan|menolak tudingan
        |menolak anggapan|tidak pernah|tak pernah
    """,
    "sanction": """
        sanksi* disanksi menyanksi embargo ofac snapback menghukum hukuman pembatasan restriksi resolusi secondary
        |pembekuan aset|membekukan aset|aset dibekukan|aset yang dibekukan|asetnya dibekukan|daftar hitam
        |entity list|kontrol ekspor|pembatasan ekspor|larangan ekspor|larangan impor|panel ahli|batas harga
        |price cap|tarif sekunder|armada bayangan|shadow fleet
    """,
    "transfer": """
        pasok* memasok pasokan dipasok mengirim* pengiriman dikirim* menjual penjualan dijual membeli pembelian
        menyuplai suplai transfer hibah memberikan menyediakan menerima
        |bantuan militer
    """,
    "military": """
        senjata* persenjataan amunisi artileri rudal misil drone nirawak pasukan tentara prajurit serdadu militer
        tank peluru mortir roket pertahanan alutsista
        |jet tempur|pesawat tempur|kapal perang|kapal selam|angkatan laut|angkatan udara|angkatan darat
        |angkatan bersenjata|teknologi militer|teknologi rudal|teknologi satelit|teknologi nuklir
    """,
    "joint": """
        bersama gabungan kerjasama kemitraan aliansi sekutu pakta perjanjian kesepakatan traktat latihan patroli
        pelatihan melatih membantu dukungan kunjungan bertemu pertemuan
        |kerja sama|bekerja sama|saling membantu|bantuan timbal balik|pertahanan bersama
    """,
    "domestic_penalty": """
        mahasiswa siswa sekolah kampus pegawai asn pns klub pemain pssi fifa wasit polisi polri pengadilan hakim
        vonis pidana tilang denda disiplin administratif etik dpr kpk pemda pemprov warga pengendara perda
    """,
    "negation": "tidak tak bukan belum tanpa jangan",
}
"""Cue lexicons: category -> words, "prefix*" entries and "|"-separated phrases (see module docstring)."""


def _compile_lexicons():
    words: dict[str, list[str]] = {}
    prefixes: dict[str, tuple[str, ...]] = {}
    phrases: dict[str, list[str]] = {}
    for category, spec in _LEXICONS.items():
        single, *multi = spec.split("|")
        pre = []
        for entry in single.split():
            if entry.endswith("*"):
                pre.append(entry[:-1])
            else:
                words.setdefault(entry, []).append(category)
        prefixes[category] = tuple(pre)
        for phrase in multi:
            phrase = " ".join(phrase.split())
            if phrase:
                phrases.setdefault(phrase, []).append(category)
    return words, prefixes, phrases


_WORDS, _PREFIXES, _PHRASES = _compile_lexicons()
_PHRASE_LENGTHS = sorted({len(p.split()) for p in _PHRASES})
_ACTORS = ("us", "target_state")
_STANCES = (
    "concern",
    "denial",
    "sanction",
    "transfer",
    "military",
    "joint",
    "domestic_penalty",
    "negation",
    "quote",
)
_WORD = re.compile(r"[\w-]+")
_QUOTE = re.compile(r"[\"“”]")

_PAIRS = [
    ("us", "concern"),
    ("us", "sanction"),
    ("us", "denial"),
    ("target_state", "denial"),
    ("target_state", "sanction"),
    ("target_state", "concern"),
]
_COMBOS = [
    ("transfer", "military"),
    ("joint", "military"),
    ("sanction", "domestic_penalty"),
    ("denial", "negation"),
    ("concern", "negation"),
    ("denial", "military"),
    ("denial", "sanction"),
]

CUE_NAMES: tuple[str, ...] = tuple(
    [f"cue:{s}" for s in _STANCES]
    + [f"cue:{a}" for a in _ACTORS]
    + [f"cue:{a}x{s}" for a, s in _PAIRS]
    + [f"cue:{s}x{t}" for s, t in _COMBOS]
)
"""Names of the cue features, in column order ("cue:usxconcern": a sentence names a US actor and voices concern)."""

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\s*[\n;]\s*")


def sentences(prepared: str) -> list[str]:
    """Split prepared paragraph text into sentences (roughly; cues only need clause-sized spans)."""
    return [s for s in _SENTENCE.split(prepared) if s.strip()]


def _sentence_categories(sentence: str) -> set[str]:
    """The cue categories whose words or phrases occur in one sentence."""
    tokens = _WORD.findall(sentence)
    hit = set()
    for token in tokens:
        hit.update(_WORDS.get(token, ()))
        for category, prefixes in _PREFIXES.items():
            if prefixes and token.startswith(prefixes):
                hit.add(category)
    for n in _PHRASE_LENGTHS:
        for i in range(len(tokens) - n + 1):
            hit.update(_PHRASES.get(" ".join(tokens[i : i + n]), ()))
    if _QUOTE.search(sentence):
        hit.add("quote")
    return hit


def cue_counts(prepared: str) -> np.ndarray:
    """Count, over the sentences of one prepared paragraph, how many sentences fire each cue.

    Parameters
    ----------
    prepared : str
        Output of :func:`framing.text.prepare`.

    Returns
    -------
    numpy.ndarray of shape (len(CUE_NAMES),)
        One count per entry of :data:`CUE_NAMES`.
    """
    counts = np.zeros(len(CUE_NAMES))
    for sentence in sentences(prepared):
        hit = _sentence_categories(sentence)
        flags = [s in hit for s in _STANCES] + [a in hit for a in _ACTORS]
        flags += [a in hit and s in hit for a, s in _PAIRS]
        flags += [s in hit and t in hit for s, t in _COMBOS]
        counts += flags
    return counts


class CueFeatures(TransformerMixin, BaseEstimator):
    """Transform paragraphs into sentence-level cue counts (see :data:`CUE_NAMES`).

    Parameters
    ----------
    preprocessor : callable, default=framing.text.prepare
        Applied to each paragraph before the cues are matched.
    scale : float, default=0.5
        Counts are mapped to ``log1p(count) * scale`` so that cue columns live on a
        scale comparable to TF-IDF weights.
    """

    def __init__(self, preprocessor=None, scale=0.5):
        self.preprocessor = preprocessor
        self.scale = scale

    def fit(self, X, y=None):
        _check_documents(X)
        self.n_features_out_ = len(CUE_NAMES)
        return self

    def transform(self, X):
        from framing.text import prepare

        _check_documents(X)
        pre = self.preprocessor or prepare
        rows = [cue_counts(pre(doc)) for doc in X]
        data = np.log1p(np.vstack(rows)) * self.scale if rows else np.zeros((0, len(CUE_NAMES)))
        return sp.csr_matrix(data)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(CUE_NAMES, dtype=object)


def _check_documents(X) -> None:
    if isinstance(X, (str, bytes)):
        raise TypeError("expected an iterable of paragraphs (str), got a single string")
