"""framing.stemmer against pysastrawi itself: the stems must be identical for every word."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.stemmer import RULES, SastrawiStemmer, sastrawi_root_words


@pytest.fixture(scope="module")
def ours():
    return SastrawiStemmer()


@pytest.fixture(scope="module")
def reference():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer(isDev=False).delegatedStemmer


ROOTS = sorted(w for w in sastrawi_root_words() if w.isalpha())
PREFIXES = ["", "me", "mem", "men", "meng", "meny", "pe", "pem", "pen", "peng", "peny", "per", "ber", "be", "ter",
            "te", "di", "ke", "se", "ku", "kau", "memper", "diper", "berke", "ter", "pel", "mempe", "menge", "penge"]  # fmt: skip
SUFFIXES = ["", "i", "kan", "an", "nya", "ku", "mu", "lah", "kah", "tah", "pun", "is", "isme", "isasi",
            "kannya", "inya", "annya", "kanlah", "-nya", "-lah"]  # fmt: skip
INFIXES = ["", "er", "el", "em", "in"]


def affixed(rng):
    root = rng.choice(ROOTS)
    if rng.random() < 0.2 and len(root) > 1:
        root = root[0] + rng.choice(INFIXES) + root[1:]
    word = rng.choice(PREFIXES) + root + rng.choice(SUFFIXES)
    if rng.random() < 0.1:
        word = f"{word}-{rng.choice(PREFIXES)}{root}{rng.choice(SUFFIXES)}"
    return word


def test_affixed_dictionary_words(ours, reference):
    rng = random.Random(2026)
    words = {affixed(rng) for _ in range(3000)}
    mismatches = [(w, ours.stem_word(w), reference.stem_word(w)) for w in sorted(words)]
    mismatches = [m for m in mismatches if m[1] != m[2]]
    assert mismatches == []


def test_every_root_word_and_its_plain_prefixes(ours, reference):
    words = ROOTS[::7] + [
        p + r for p, r in zip(itertools.cycle(["di", "ke", "se", "ber", "me"]), ROOTS[::11])
    ]
    assert [ours.stem_word(w) for w in words] == [reference.stem_word(w) for w in words]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdeghiklmnoprstuy-0", min_size=0, max_size=14))
def test_arbitrary_strings(ours, reference, word):
    assert ours.stem_word(word) == reference.stem_word(word)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PREFIXES), st.sampled_from(PREFIXES), st.sampled_from(ROOTS), st.sampled_from(SUFFIXES)
)
def test_double_prefixes(ours, reference, p1, p2, root, suffix):
    word = p1 + p2 + root + suffix
    assert ours.stem_word(word) == reference.stem_word(word)


def test_words_with_nothing_to_remove_against_pysastrawi(ours, reference):
    # Such words skip the affix steps (the shortcut in _stem_singular): every two-letter start, with tails
    # that end in a suffix and tails that do not, so both sides of the shortcut's test are exercised.
    rng = random.Random(11)
    letters = "abcdefghijklmnopqrstuvwxyz"
    tails = ["", "r", "tar", "usi", "ngkan", "mpah", "-nya", "bang", "kerja", "ah"]
    words = [a + b + rng.choice(ROOTS)[1:] + tail for a in letters for b in letters for tail in rng.sample(tails, 3)]
    assert [ours.stem_word(w) for w in words] == [reference.stem_word(w) for w in words]


def test_each_rule_only_applies_to_its_declared_starts(ours):
    # The dispatch table skips rules by a word's first two letters; a rule must never match elsewhere.
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0-"
    for a, b in itertools.product(alphabet, repeat=2):
        for _ in range(12):
            word = a + b + "".join(rng.choice("aeiourlmnkgypst") for _ in range(rng.randint(0, 8)))
            for rule, starts in RULES:
                if word[:2] not in starts:
                    assert rule(word, ours.roots) is None, (rule, word)


def test_a_sample_of_the_corpus_vocabulary(ours, reference, corpus_path):
    from framing.corpus import read_documents
    from framing.text import terms

    vocabulary = set()
    for doc in read_documents(corpus_path):
        if doc.text and doc.seq % 40 == 0:
            vocabulary.update(t for t in terms(doc.text) if "_" not in t)
    assert len(vocabulary) > 3000
    mismatches = [w for w in sorted(vocabulary) if ours.stem_word(w) != reference.stem_word(w)]
    assert mismatches == []


def test_stems_survive_pickling(ours):
    import pickle

    again = pickle.loads(pickle.dumps(ours))
    assert again.roots == ours.roots
    assert again.stem_word("mempertahankan") == ours.stem_word("mempertahankan") == "tahan"


def test_known_stems(ours):
    # A few of pysastrawi's own documented results, quirks included ("membantah" loses "-tah" as a particle).
    for word, expected in [("menggunakan", "guna"), ("perekonomian", "ekonomi"), ("membantah", "ban"),
                           ("berbalas-balasan", "balas"), ("meniru-nirukan", "tiru"), ("kebijakan", "bijak")]:  # fmt: skip
        assert ours.stem_word(word) == expected, word


@pytest.fixture(scope="module")
def reference_text_stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


_PIECES = [*"abdikmnprstuAEIKMS -.,'\"0\t\nſ", "ber", "meng", "kan", "nya", "-", "  ", "di"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_stem_of_any_text_is_pysastrawis(reference_text_stemmer, text):
    from framing import stem

    assert stem(text) == reference_text_stemmer.stem(text)
