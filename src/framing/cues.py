"""Sentence-level cue features: who says what, in one sentence.

Bag-of-words features cannot tell "AS khawatir" from a paragraph that mentions
the US in one sentence and a worried farmer in the next; real news mentions the
US constantly without voicing concern. These features look at each sentence of
a paragraph and ask which actors it names and which stances it takes, and emit
actor x stance pairs ("us x concern", "any x denial", "state x transfer"), the
plain stance flags and a few word-order cues (who comes before the word of concern).

The lexicons below are features, not labels: the classifier learns from the
annotated data how much each cue is worth, and every cue can fire on a
paragraph that carries no frame. :func:`cue_counts` computes them for a batch of
paragraphs (a :class:`framing.text.TermStream`) with array operations;
:func:`paragraph_cues` shows them for one paragraph.
"""

from __future__ import annotations

import numpy as np

from framing.text import (
    PARAGRAPH_END,
    SENTENCE_END,
    TermStream,
    TermTable,
    term_stream,
    vocabulary_in_use,
    window_keys,
    word_key,
)

__all__ = ["CUE_NAMES", "cue_counts", "cues_and_us_sentences", "paragraph_cues", "us_sentences"]


# Each lexicon lists words and phrases, matched on the terms of framing.text (lowercased words, actor names
# already one token such as "_as"). An entry ending in "*" matches any word starting with it.
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

_NOT_CUES: dict[str, tuple[str, ...]] = {
    "gencatan senjata": ("military",),  # a ceasefire: "senjata" here is not a weapon
}
"""Phrases whose words do not carry the listed categories there (the words keep their other cues)."""

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

- us_voices_concern: the last actor named before a concern word is a US actor
  ("Gedung Putih khawatir ...", not "Iran memperingatkan AS ...");
- concern_at_us: a concern word is followed within four words by a US actor ("memperingatkan Trump");
- other_voices_concern: the last actor named before a concern word is another actor;
- us_voices_threat, threat_at_us: the same two tests for words of threat and consequences;
- negated_denial: "tak" or "tidak" right before a denial word ("tak menampik" concedes);
- us_joins_attack: a sentence with a US actor, a joining word and an attack word ("AS bergabung dalam serangan").
"""
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

# --- the lexicons compiled to bit masks -----------------------------------------------------------------

_CATEGORIES = (*_LEXICONS, "quote")
_BIT = {c: np.uint32(1 << i) for i, c in enumerate(_CATEGORIES)}
_CATEGORY_INDEX = {c: i for i, c in enumerate(_CATEGORIES)}


def _compile_lexicons():
    words: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    phrases: dict[tuple[str, ...], int] = {}
    for category, spec in _LEXICONS.items():
        bit = int(_BIT[category])
        single, *multi = spec.split("|")
        for entry in single.split():
            if entry.endswith("*"):
                prefixes.append((entry[:-1], bit))
            else:
                words[entry] = words.get(entry, 0) | bit
        for phrase in multi:
            key = tuple(phrase.split())
            if key:
                phrases[key] = phrases.get(key, 0) | bit
    return words, tuple(prefixes), phrases


_WORDS, _PREFIXES, _PHRASES = _compile_lexicons()
_ANY_PREFIX = tuple(prefix for prefix, _ in _PREFIXES)
_CANCELLED = {
    tuple(phrase.split()): sum(int(1 << _CATEGORY_INDEX[c]) for c in categories)
    for phrase, categories in _NOT_CUES.items()
}
_PHRASE_WORD = {w: i + 1 for i, w in enumerate(sorted({w for p in (*_PHRASES, *_CANCELLED) for w in p}))}
_PHRASE_BASE = len(_PHRASE_WORD) + 1


def _phrase_table(phrases):
    """Phrase length -> (sorted keys of its words, bit mask of each key)."""
    by_length: dict[int, dict[int, int]] = {}
    for phrase, bits in phrases.items():
        key = word_key((_PHRASE_WORD[w] for w in phrase), _PHRASE_BASE)
        entry = by_length.setdefault(len(phrase), {})
        entry[key] = entry.get(key, 0) | bits
    out = {}
    for length, entries in sorted(by_length.items()):
        keys = np.array(sorted(entries), dtype=np.int64)
        out[length] = (keys, np.array([entries[k] for k in keys.tolist()], dtype=np.uint32))
    return out


_PHRASE_KEYS = _phrase_table(_PHRASES)
_CANCEL_KEYS = _phrase_table(_CANCELLED)


def term_mask(term: str) -> int:
    """The cue categories of one term, as bits (a quotation mark carries the "quote" bit)."""
    if term == '"':
        return int(_BIT["quote"])
    bits = _WORDS.get(term, 0)
    if term.startswith(_ANY_PREFIX):
        for prefix, bit in _PREFIXES:
            if term.startswith(prefix):
                bits |= bit
    return bits


_TAK_BIT = 1 << 32


def _term_cues(term: str) -> int:
    """One term's cue data in one integer: its category bits (low 32 bits), "tak"/"tidak" (bit 32), and its
    phrase word number (bits 33 and up; 0 for a word in no phrase)."""
    return term_mask(term) | (_TAK_BIT if term in ("tak", "tidak") else 0) | (_PHRASE_WORD.get(term, 0) << 33)


_TERM_CUES = TermTable(_term_cues, np.int64)


# --- computing the cues ---------------------------------------------------------------------------------


def _masks(term: np.ndarray) -> np.ndarray:
    """Each position's categories, with multi-word phrases marked on their first word."""
    packed = _TERM_CUES[term]
    mask = (packed & 0xFFFFFFFF).astype(np.uint32)
    pw = packed >> 33
    # Only positions where a phrase word follows a phrase word can start a phrase.
    start = np.flatnonzero((pw[:-1] > 0) & (pw[1:] > 0))
    for length, positions, bits in _phrase_hits(pw, start, _CANCEL_KEYS):
        for k in range(length):
            mask[positions + k] &= ~bits
    for _, positions, bits in _phrase_hits(pw, start, _PHRASE_KEYS):
        mask[positions] |= bits
    return mask


def _phrase_hits(pw, start, table):
    """For each phrase length: the positions where a phrase of ``table`` starts, and its bits."""
    n = len(pw)
    for length, (keys, bits) in table.items():
        candidates = start[start <= n - length]
        if not len(candidates):
            continue
        key = window_keys(pw, candidates, length, _PHRASE_BASE)
        found = np.searchsorted(keys, key).clip(max=len(keys) - 1)
        hit = keys[found] == key
        yield length, candidates[hit], bits[found[hit]]


def _has(mask, category):
    return (mask & _BIT[category]) != 0


_SHIFTS = np.arange(len(_CATEGORIES), dtype=np.uint32)
_STANCE_COLUMNS = [_CATEGORY_INDEX[s] for s in _STANCES]
_ACTOR_COLUMNS = [_CATEGORY_INDEX[a] for a in _ACTORS]
_PAIR_COLUMNS = ([_CATEGORY_INDEX[a] for a, _ in _PAIRS], [_CATEGORY_INDEX[s] for _, s in _PAIRS])
_COMBO_COLUMNS = ([_CATEGORY_INDEX[s] for s, _ in _COMBOS], [_CATEGORY_INDEX[t] for _, t in _COMBOS])
_US, _JOIN, _ATTACK = _CATEGORY_INDEX["us"], _CATEGORY_INDEX["join"], _CATEGORY_INDEX["attack"]


def cue_counts(stream: TermStream) -> np.ndarray:
    """For each paragraph, how many of its sentences fire each cue.

    Parameters
    ----------
    stream : TermStream
        From :func:`framing.text.term_stream`.

    Returns
    -------
    ndarray of shape (stream.n_paragraphs, len(CUE_NAMES))
    """
    stream.check()
    if not len(stream.term):
        return np.zeros((stream.n_paragraphs, len(CUE_NAMES)))
    return _cue_counts(stream, _sentences(stream))


def _cue_counts(stream: TermStream, sentences) -> np.ndarray:
    out = np.zeros((stream.n_paragraphs, len(CUE_NAMES)))
    term = stream.term
    mask, sentence, starts, smask = sentences

    has = ((smask[:, None] >> _SHIFTS) & 1).astype(bool)  # sentence x category
    flags = np.concatenate(
        [
            has[:, _STANCE_COLUMNS],
            has[:, _ACTOR_COLUMNS],
            has[:, _PAIR_COLUMNS[0]] & has[:, _PAIR_COLUMNS[1]],
            has[:, _COMBO_COLUMNS[0]] & has[:, _COMBO_COLUMNS[1]],
            np.column_stack(_ordered_cues(term, mask, sentence, starts)),
            (has[:, _US] & has[:, _JOIN] & has[:, _ATTACK])[:, None],
        ],
        axis=1,
    ).astype(np.int32)

    # Sentences of one paragraph are consecutive, and every paragraph has at least one (its end mark).
    sentence_paragraph = stream.paragraph[starts]
    first = np.flatnonzero(np.concatenate([[True], sentence_paragraph[1:] != sentence_paragraph[:-1]]))
    out[sentence_paragraph[first]] = np.add.reduceat(flags, first, axis=0)
    return out


def _sentences(stream: TermStream):
    """Each position's cue bits, its sentence number, the first position of each sentence, and each
    sentence's cue bits (the union of its words')."""
    term = stream.term
    mask = _masks(term)
    boundary = (term == PARAGRAPH_END) | (term == SENTENCE_END)
    sentence = np.cumsum(boundary) - boundary
    starts = np.flatnonzero(np.concatenate([[True], sentence[1:] != sentence[:-1]]))
    return mask, sentence, starts, np.bitwise_or.reduceat(mask, starts)


def cues_and_us_sentences(stream: TermStream) -> tuple[np.ndarray, np.ndarray]:
    """:func:`cue_counts` and :func:`us_sentences` of one stream, sharing the work."""
    stream.check()
    if not len(stream.term):
        return cue_counts(stream), np.zeros(0, dtype=bool)
    sentences = _sentences(stream)
    return _cue_counts(stream, sentences), _in_us_sentence(sentences)


def us_sentences(stream: TermStream) -> np.ndarray:
    """For each position of ``stream``: whether its sentence names a US actor (a boolean array)."""
    stream.check()
    if not len(stream.term):
        return np.zeros(0, dtype=bool)
    return _in_us_sentence(_sentences(stream))


def _in_us_sentence(sentences) -> np.ndarray:
    _, sentence, _, smask = sentences
    return ((smask & _BIT["us"]) != 0)[sentence]


def _ordered_cues(term, mask, sentence, starts):
    """The word-order cues but the last (see _ORDERED), one boolean per sentence each."""
    n = len(term)
    n_sentences = len(starts)
    concern = _has(mask, "concern")
    threat = _has(mask, "threat")
    denial = _has(mask, "denial")
    out = [np.zeros(n_sentences, dtype=bool) for _ in range(6)]
    stance = np.flatnonzero(concern | threat | denial)  # the few positions the cues are about
    if not len(stance):
        return out
    position = np.arange(n)
    us = _has(mask, "us")
    actor = np.where(us, 1, np.where(_has(mask, "other_actor"), 2, 0))
    # The last actor strictly before each stance word, if it is in the same sentence.
    last = np.maximum.accumulate(np.where(actor > 0, position, -1))
    before = np.where(stance > 0, last[stance - 1], -1)
    before_kind = np.where(
        (before >= 0) & (sentence[before.clip(min=0)] == sentence[stance]), actor[before], 0
    )
    # The next US actor strictly after it, if within four words in the same sentence.
    nxt = np.minimum.accumulate(np.where(us, position, n)[::-1])[::-1]
    after = np.where(stance + 1 < n, nxt[(stance + 1).clip(max=n - 1)], n)
    near = (after < n) & (after - stance <= 4) & (sentence[after.clip(max=n - 1)] == sentence[stance])
    previous = (stance - 1).clip(min=0)
    previous_tak = (
        (stance > 0)
        & ((_TERM_CUES[term[previous]] & _TAK_BIT) != 0)
        & (sentence[previous] == sentence[stance])
    )
    c, t, d = concern[stance], threat[stance], denial[stance]
    where = np.searchsorted(starts, stance, side="right") - 1  # the sentence of each stance word
    for flags, cue in zip(
        (
            c & (before_kind == 1),
            c & near,
            c & (before_kind == 2),
            t & (before_kind == 1),
            t & near,
            d & previous_tak,
        ),
        out,
    ):
        cue[where[flags]] = True
    return out


def paragraph_cues(text: str) -> dict[str, float]:
    """The cue counts of one paragraph, by name (for inspection and tests)."""
    with vocabulary_in_use():
        return dict(zip(CUE_NAMES, cue_counts(term_stream([text]))[0].tolist()))
