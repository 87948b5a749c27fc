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
    "other_actor": """
        _rusia _korut _china _iran _belarus _ukraina _ue _pbb _dkpbb _korsel _jepang _indonesia israel suriah
        venezuela kuba myanmar hamas houthi hizbullah khamenei araghchi pezeshkian baghaei putin peskov lavrov
        zakharova kim xi netanyahu katz zelensky qatar oman eropa nato iaea
    """,
    # --- stances
    "concern": """
        khawatir* kekhawatiran* cemas* kecemasan prihatin* keprihatinan waspada* kewaspadaan memperingatkan
        peringatan* mewanti-wanti wanti-wanti bahaya* berbahaya membahayakan destabilisasi mengkhawatirkan resah
        gelisah alarm menuding menuduh mewaspadai
        |mengganggu stabilitas|tantangan keamanan|lebih dekat|semakin dekat|habis kesabaran|kesabarannya habis
    """,
    "threat": """
        mengancam ancaman terancam konsekuensi meledakkan menghancurkan menghukum balasan pembalasan
        |menanggung akibat|tidak akan tinggal diam|membayar mahal|akan dijatuhi|akan dikenai|akan menghadapi
    """,
    "condemn": "mengecam kecaman mengutuk provokasi* provokatif eskalasi risiko serius",
    "denial": """
        membantah* bantahan dibantah menampik ditampik menyangkal disangkal sangkalan menepis ditepis hoaks hoax
        fitnah propaganda mengada-ada rekayasa fabrikasi palsu disinformasi misinformasi keliru kebohongan bohong
        dusta
        |tidak benar|tak benar|tidak berdasar|tak berdasar|tanpa dasar|omong kosong|tidak mengetahui adanya
        |tidak tahu soal|tidak tahu-menahu soal|menolak tuduhan|menolak klaim|menolak laporan|menolak tudingan
        |menolak anggapan|bersifat damai|tujuan damai|sepenuhnya damai
    """,
    "allegation": """
        tuduhan tudingan dituduh menuduh klaim mengklaim laporan dilaporkan spekulasi kabar rumor isu
        |tidak pernah|tak pernah
    """,
    "join": """
        bergabung turut ikut ikut-ikutan terlibat keterlibatan intervensi membantu mendukung bersama-sama
        |campur tangan|ikut serta
    """,
    "attack": """
        serangan menyerang mengebom pengeboman gempur menggempur perang peperangan konflik agresi operasi
        |aksi militer|tindakan militer
    """,
    "sanction": """
        sanksi* disanksi menyanksi embargo ofac snapback pembatasan restriksi resolusi secondary
        |pembekuan aset|membekukan aset|aset dibekukan|aset yang dibekukan|asetnya dibekukan|daftar hitam
        |entity list|kontrol ekspor|pembatasan ekspor|larangan ekspor|larangan impor|panel ahli|batas harga
        |price cap|tarif sekunder|armada bayangan|shadow fleet|memutus akses|menutup akses|tekanan maksimum
        |maximum pressure|daftar entitas|larangan visa
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
        sec ojk pajak pkb bbnkb toko partai kader eksekusi gantung spionase moral oknum penjual
        konsumen pelanggar kode
        |surat sanksi|sanksi administratif|sanksi tegas|sanksi sosial|sanksi pidana|sanksi disiplin
    """,
    "negation": "tidak tak bukan belum tanpa jangan",
    "domestic_us": """
        imigran* deportasi imigrasi inflasi demokrat republik pemilu gubernur mamdani musk tesla apple
        kewarganegaraan denaturalisasi penangkapan
        |suku bunga|the fed|bank sentral|wali kota|partai republik|partai demokrat
    """,
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
_ACTORS = ("us", "target_state", "other_actor")
_STANCES = (
    "concern", "threat", "condemn", "denial", "allegation", "sanction", "transfer", "military", "joint", "join", "attack",
    "domestic_penalty", "domestic_us", "negation", "quote",
)  # fmt: skip
_ORDERED = (
    "us_voices_concern", "concern_at_us", "other_voices_concern", "us_voices_threat", "threat_at_us",
    "negated_denial", "us_joins_attack",
)  # fmt: skip
"""Cues that depend on word order in the sentence:

- us_voices_concern: a US actor comes before a concern word, with no other actor between them
  ("Gedung Putih khawatir ...", not "Iran memperingatkan AS ...");
- concern_at_us: a concern word is followed within four words by a US actor ("memperingatkan Trump");
- other_voices_concern: another actor comes before a concern word, with no US actor between them;
- us_voices_threat, threat_at_us: the same two tests for words of threat and consequences;
- negated_denial: a negator right before a denial word ("tak menampik" concedes);
- us_joins_attack: a sentence with a US actor, a joining word and an attack word ("AS bergabung dalam serangan").
"""
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
    ("denial", "allegation"),
    ("join", "attack"),
    ("concern", "domestic_us"),
    ("threat", "domestic_us"),
]

CUE_NAMES: tuple[str, ...] = tuple(
    [f"cue:{s}" for s in _STANCES]
    + [f"cue:{a}" for a in _ACTORS]
    + [f"cue:{a}x{s}" for a, s in _PAIRS]
    + [f"cue:{s}x{t}" for s, t in _COMBOS]
    + [f"cue:{o}" for o in _ORDERED]
)
"""Names of the cue features, in column order ("cue:usxconcern": a sentence names a US actor and voices concern)."""

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\s*[\n;]\s*")


def sentences(prepared: str) -> list[str]:
    """Split prepared paragraph text into sentences (roughly; cues only need clause-sized spans)."""
    return [s for s in _SENTENCE.split(prepared) if s.strip()]


def _sentence_categories(sentence: str) -> set[str]:
    """The cue categories (and ordered cues) that occur in one sentence."""
    tokens = _WORD.findall(sentence)
    at: list[set[str]] = [set() for _ in tokens]
    for i, token in enumerate(tokens):
        at[i].update(_WORDS.get(token, ()))
        for category, prefixes in _PREFIXES.items():
            if prefixes and token.startswith(prefixes):
                at[i].add(category)
    for n in _PHRASE_LENGTHS:
        for i in range(len(tokens) - n + 1):
            at[i].update(_PHRASES.get(" ".join(tokens[i : i + n]), ()))
    hit = set().union(*at) if at else set()
    if _QUOTE.search(sentence):
        hit.add("quote")
    us = [i for i, c in enumerate(at) if "us" in c]
    other = [i for i, c in enumerate(at) if "other_actor" in c and "us" not in c]
    for stance, voiced, aimed in (("concern", "us_voices_concern", "concern_at_us"),
                                  ("threat", "us_voices_threat", "threat_at_us")):  # fmt: skip
        for c in (i for i, cats in enumerate(at) if stance in cats):
            if any(u < c and not any(u < o < c for o in other) for u in us):
                hit.add(voiced)
            if any(c < u <= c + 4 for u in us):
                hit.add(aimed)
            if stance == "concern" and any(o < c and not any(o < u < c for u in us) for o in other):
                hit.add("other_voices_concern")
    for i, c in enumerate(at):
        if "denial" in c and i and "negation" in at[i - 1] and tokens[i - 1] in ("tak", "tidak"):
            hit.add("negated_denial")
    if us and "join" in hit and "attack" in hit:
        hit.add("us_joins_attack")
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
        flags += [o in hit for o in _ORDERED]
        counts += flags
    return counts


class CueFeatures(TransformerMixin, BaseEstimator):
    """Transform paragraphs into sentence-level cue counts (see :data:`CUE_NAMES`).

    Parameters
    ----------
    preprocessor : callable, default=framing.text.prepare
        Applied to each paragraph before the cues are matched.
    scale : float, default=1.0
        Counts are mapped to ``log1p(count) * scale`` so that cue columns live on a
        scale comparable to TF-IDF weights.
    """

    def __init__(self, preprocessor=None, scale=1.0):
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
