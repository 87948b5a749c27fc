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


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


# Actors. Matched on text after framing.text.prepare(), where actor names are already one token.
_ACTOR_PATTERNS = {
    "us": _words(
        r"_as",
        r"_gedungputih",
        r"_deplu_as",
        r"pentagon",
        r"biden",
        r"trump",
        r"blinken",
        r"austin",
        r"kirby",
        r"sullivan",
        r"rubio",
        r"hegseth",
        r"vance",
        r"harris",
        r"thomas-greenfield",
        r"yellen",
        r"bessent",
        r"miller",
        r"leavitt",
        r"bruce",
        r"waltz",
        r"witkoff",
        r"kongres",
        r"senat(?:or)?",
        r"departemen (?:luar negeri|pertahanan|keuangan)",
        r"ofac",
        r"cia",
        r"fbi",
    ),
    "target_state": _words(
        r"_rusia",
        r"_korut",
        r"_china",
        r"_iran",
        r"_belarus",
        r"suriah",
        r"venezuela",
        r"kuba",
        r"myanmar",
        r"hamas",
        r"houthi",
        r"hizbullah",
    ),
}

# Stances, each a list of alternatives; matched on lowercased prepared text.
_STANCE_PATTERNS = {
    "concern": _words(
        r"khawatir\w*",
        r"kekhawatiran\w*",
        r"cemas\w*",
        r"kecemasan",
        r"prihatin\w*",
        r"keprihatinan",
        r"waspada\w*",
        r"kewaspadaan",
        r"memperingatkan",
        r"peringatan\w*",
        r"mewanti-wanti",
        r"wanti-wanti",
        r"ancaman",
        r"mengancam",
        r"terancam",
        r"bahaya\w*",
        r"berbahaya",
        r"membahayakan",
        r"mengganggu stabilitas",
        r"destabilisasi",
        r"mengkhawatirkan",
        r"resah",
        r"gelisah",
        r"alarm",
        r"konsekuensi",
        r"menanggung akibat",
        r"tidak akan tinggal diam",
        r"serius",
        r"mengecam",
        r"kecaman",
        r"mengutuk",
        r"provokasi\w*",
        r"provokatif",
        r"eskalasi",
        r"risiko",
        r"tantangan keamanan",
    ),
    "denial": _words(
        r"membantah\w*",
        r"bantahan",
        r"dibantah",
        r"menampik",
        r"ditampik",
        r"menyangkal",
        r"disangkal",
        r"sangkalan",
        r"menepis",
        r"ditepis",
        r"tidak benar",
        r"tak benar",
        r"tidak berdasar",
        r"tak berdasar",
        r"tanpa dasar",
        r"hoaks",
        r"hoax",
        r"fitnah",
        r"propaganda",
        r"mengada-ada",
        r"rekayasa",
        r"fabrikasi",
        r"palsu",
        r"omong kosong",
        r"tidak mengetahui adanya",
        r"tidak tahu(?:-menahu)? soal",
        r"menolak (?:tuduhan|klaim|laporan|tudingan|anggapan)",
        r"tuduhan",
        r"tudingan",
        r"klaim",
        r"tidak pernah",
        r"tak pernah",
        r"spekulasi",
        r"disinformasi",
        r"misinformasi",
        r"keliru",
    ),
    "sanction": _words(
        r"sanksi\w*",
        r"disanksi",
        r"menyanksi",
        r"embargo",
        r"pembekuan aset",
        r"membekukan aset",
        r"aset\w* (?:yang )?dibekukan",
        r"daftar hitam",
        r"entity list",
        r"kontrol ekspor",
        r"pembatasan ekspor",
        r"larangan ekspor",
        r"larangan impor",
        r"panel ahli",
        r"resolusi",
        r"batas harga",
        r"price cap",
        r"tarif sekunder",
        r"secondary",
        r"ofac",
        r"armada bayangan",
        r"shadow fleet",
        r"snapback",
        r"menghukum",
        r"hukuman",
        r"pembatasan",
        r"restriksi",
    ),
    "transfer": _words(
        r"pasok\w*",
        r"memasok",
        r"pasokan",
        r"dipasok",
        r"mengirim\w*",
        r"pengiriman",
        r"dikirim\w*",
        r"menjual",
        r"penjualan",
        r"dijual",
        r"membeli",
        r"pembelian",
        r"menyuplai",
        r"suplai",
        r"transfer",
        r"bantuan militer",
        r"hibah",
        r"memberikan",
        r"menyediakan",
        r"menerima",
    ),
    "military": _words(
        r"senjata\w*",
        r"persenjataan",
        r"amunisi",
        r"artileri",
        r"rudal",
        r"misil",
        r"drone",
        r"nirawak",
        r"pasukan",
        r"tentara",
        r"prajurit",
        r"serdadu",
        r"militer",
        r"tank",
        r"jet tempur",
        r"pesawat tempur",
        r"kapal perang",
        r"kapal selam",
        r"peluru",
        r"mortir",
        r"roket",
        r"pertahanan",
        r"alutsista",
        r"angkatan (?:laut|udara|darat|bersenjata)",
        r"teknologi (?:militer|rudal|satelit|nuklir)",
    ),
    "joint": _words(
        r"bersama",
        r"gabungan",
        r"kerja sama",
        r"kerjasama",
        r"bekerja sama",
        r"kemitraan",
        r"aliansi",
        r"sekutu",
        r"pakta",
        r"perjanjian",
        r"kesepakatan",
        r"traktat",
        r"latihan",
        r"patroli",
        r"pelatihan",
        r"melatih",
        r"saling membantu",
        r"bantuan timbal balik",
        r"pertahanan bersama",
        r"membantu",
        r"dukungan",
        r"kunjungan",
        r"bertemu",
        r"pertemuan",
    ),
    "domestic_penalty": _words(
        r"mahasiswa",
        r"siswa",
        r"sekolah",
        r"kampus",
        r"pegawai",
        r"asn",
        r"pns",
        r"klub",
        r"pemain",
        r"pssi",
        r"fifa",
        r"wasit",
        r"polisi",
        r"polri",
        r"pengadilan",
        r"hakim",
        r"vonis",
        r"pidana",
        r"tilang",
        r"denda",
        r"disiplin",
        r"administratif",
        r"etik",
        r"dpr",
        r"kpk",
        r"pemda",
        r"pemprov",
        r"warga",
        r"pengendara",
        r"perda",
    ),
    "negation": _words(r"tidak", r"tak", r"bukan", r"belum", r"tanpa", r"jangan"),
    "quote": re.compile(r"[\"“”]"),
}

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
    [f"cue:{s}" for s in _STANCE_PATTERNS]
    + [f"cue:{a}" for a in _ACTOR_PATTERNS]
    + [f"cue:{a}x{s}" for a, s in _PAIRS]
    + [f"cue:{s}x{t}" for s, t in _COMBOS]
)
"""Names of the cue features, in column order ("cue:usxconcern": a sentence names a US actor and voices concern)."""

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\s*[\n;]\s*")


def sentences(prepared: str) -> list[str]:
    """Split prepared paragraph text into sentences (roughly; cues only need clause-sized spans)."""
    return [s for s in _SENTENCE.split(prepared) if s.strip()]


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
        hit = {name: bool(p.search(sentence)) for name, p in _STANCE_PATTERNS.items()}
        hit.update({name: bool(p.search(sentence)) for name, p in _ACTOR_PATTERNS.items()})
        flags = [hit[s] for s in _STANCE_PATTERNS] + [hit[a] for a in _ACTOR_PATTERNS]
        flags += [hit[a] and hit[s] for a, s in _PAIRS]
        flags += [hit[s] and hit[t] for s, t in _COMBOS]
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
