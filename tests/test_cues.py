import random

import numpy as np
import pytest

from framing import cues as cue_module
from framing.cues import CUE_NAMES, cue_counts, paragraph_cues
from framing.text import PARAGRAPH_END, QUOTE, SENTENCE_END, term_stream, term_string


def test_us_concern_cue_needs_actor_and_concern_in_one_sentence():
    same = paragraph_cues("Gedung Putih khawatir atas pengiriman amunisi itu.")
    apart = paragraph_cues("AS menggelar pemilu sela. Para petani khawatir harga pupuk naik.")
    assert same["cue:usxconcern"] == 1 and same["cue:us_voices_concern"] == 1
    assert apart["cue:usxconcern"] == 0
    assert apart["cue:us"] == 1 and apart["cue:concern"] == 1


def test_who_voices_the_concern_follows_word_order():
    us_first = paragraph_cues("Washington memperingatkan Teheran soal rudal.")
    iran_first = paragraph_cues("Iran memperingatkan AS soal rudal.")
    assert us_first["cue:us_voices_concern"] == 1 and us_first["cue:other_voices_concern"] == 0
    assert iran_first["cue:us_voices_concern"] == 0 and iran_first["cue:other_voices_concern"] == 1
    assert iran_first["cue:concern_at_us"] == 1


def test_denial_and_transfer_cues():
    c = paragraph_cues("Pyongyang membantah memasok rudal ke Rusia.")
    assert c["cue:denial"] == 1 and c["cue:target_statexdenial"] == 1
    assert c["cue:transferxmilitary"] == 1
    assert paragraph_cues("Menteri itu tak menampik adanya kerja sama.")["cue:negated_denial"] == 1


def test_phrases_count_once_on_their_first_word():
    c = paragraph_cues("Kremlin menyebut laporan itu tidak benar dan omong kosong.")
    assert c["cue:denial"] == 1  # one sentence, however many denial phrases
    assert paragraph_cues("Hubungan kedua negara tidak buruk.")["cue:denial"] == 0


def test_a_ceasefire_is_not_a_weapon():
    assert paragraph_cues("Gencatan senjata disepakati di Gaza.")["cue:military"] == 0
    assert paragraph_cues("Rusia memasok senjata ke Korut.")["cue:military"] == 1


def test_domestic_penalty_cue_marks_school_sanctions():
    c = paragraph_cues("Mahasiswa yang merundung rekannya dijatuhi sanksi skors oleh kampus.")
    assert c["cue:sanctionxdomestic_penalty"] == 1


def test_counts_are_per_paragraph_of_a_batch():
    texts = ["AS khawatir. AS cemas.", "", "Harga cabai naik.", "Rusia membantah."]
    counts = cue_counts(term_stream(texts))
    assert counts.shape == (4, len(CUE_NAMES))
    names = list(CUE_NAMES)
    assert counts[0, names.index("cue:usxconcern")] == 2
    assert counts[1].sum() == 0 and counts[2].sum() == 0
    assert counts[3, names.index("cue:target_statexdenial")] == 1


# --- the vectorised cues against a plain, sentence-by-sentence reading of their definitions --------------


def _reference(text):
    """Cue counts of one paragraph computed the slow, obvious way, from the definitions in framing.cues."""
    stream = term_stream([text])
    sentences, current = [], []
    for t in stream.term.tolist():
        if t in (PARAGRAPH_END, SENTENCE_END):
            sentences.append(current)
            current = []
        else:
            current.append(t)
    out = dict.fromkeys(CUE_NAMES, 0)
    for sentence in sentences:
        words = [term_string(t) for t in sentence]
        at = [cue_module.term_mask(w) for w in words]
        for i in range(len(words)):
            for phrase, bits in cue_module._CANCELLED.items():
                if tuple(words[i : i + len(phrase)]) == phrase:
                    for k in range(len(phrase)):
                        at[i + k] &= ~bits
        for i in range(len(words)):
            for phrase, bits in cue_module._PHRASES.items():
                if tuple(words[i : i + len(phrase)]) == phrase:
                    at[i] |= bits
        has = {c for c, bit in cue_module._BIT.items() if any(m & int(bit) for m in at)}
        if QUOTE in sentence:
            has.add("quote")

        def positions(category, at=at):
            return [i for i, m in enumerate(at) if m & int(cue_module._BIT[category])]

        us = set(positions("us"))
        actors = sorted(us | set(positions("other_actor")))
        ordered = set()
        for stance, voiced, aimed in (
            ("concern", "us_voices_concern", "concern_at_us"),
            ("threat", "us_voices_threat", "threat_at_us"),
        ):
            for c in positions(stance):
                earlier = [a for a in actors if a < c]
                if earlier and earlier[-1] in us:
                    ordered.add(voiced)
                if earlier and earlier[-1] not in us and stance == "concern":
                    ordered.add("other_voices_concern")
                if any(c < u <= c + 4 for u in us):
                    ordered.add(aimed)
        for d in positions("denial"):
            if d and words[d - 1] in ("tak", "tidak"):
                ordered.add("negated_denial")
        if {"us", "join", "attack"} <= has:
            ordered.add("us_joins_attack")
        for s in cue_module._STANCES:
            out[f"cue:{s}"] += s in has
        for a in cue_module._ACTORS:
            out[f"cue:{a}"] += a in has
        for a, s in cue_module._PAIRS:
            out[f"cue:{a}x{s}"] += a in has and s in has
        for s, t in cue_module._COMBOS:
            out[f"cue:{s}x{t}"] += s in has and t in has
        for o in cue_module._ORDERED:
            out[f"cue:{o}"] += o in ordered
    return out


_VOCABULARY = [
    "AS", "Gedung Putih", "Rusia", "Iran", "Korea Utara", "Israel", "warga", "petani", "khawatir", "memperingatkan",
    "mengancam", "konsekuensi", "membantah", "tidak", "tak", "benar", "menampik", "laporan", "tuduhan", "sanksi",
    "embargo", "memasok", "rudal", "senjata", "latihan", "bersama", "kerja", "sama", "bergabung", "serangan",
    "mahasiswa", "pemilu", "omong", "kosong", "lebih", "dekat", "dan", "itu", "di", "yang", '"', ".", ";", "?",
    "gencatan", "senjata",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_vectorised_cues_match_their_definitions(seed):
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(0, 40))) for _ in range(12)]
    counts = cue_counts(term_stream(texts))
    for text, row in zip(texts, counts):
        expected = _reference(text)
        assert dict(zip(CUE_NAMES, row.tolist())) == expected, text


def test_cue_names_are_unique_and_complete():
    assert len(set(CUE_NAMES)) == len(CUE_NAMES)
    assert cue_counts(term_stream(["x"])).shape[1] == len(CUE_NAMES)
    assert np.all(cue_counts(term_stream(["AS khawatir."])) >= 0)
