"""Sastrawi's stemming algorithm, written for speed, returning exactly pysastrawi's stems.

pysastrawi (``Sastrawi.Stemmer``) implements the Nazief–Adriani stemmer with the
CS, ECS and "improved ECS" refinements of Asian (2007) [1]_ and Arifin et al. [2]_
as a visitor framework: every word builds a context object and walks up to forty
prefix rules per pass, each a regular expression, several passes per word. That
costs about 0.1 ms for a word that is not a root, which is most of the time of a
naive pipeline over a new corpus (the 73,318 distinct words of ../shared/corpus
take 13-19 s in ``benchmarks/throughput.py``, against 0.3-0.5 s here).

:class:`SastrawiStemmer` follows the same algorithm step for step — the same
dictionary (pysastrawi's own ``kata-dasar.txt``), the same rule order, the same
quirks — but as plain string tests with the prefix rules looked up by the word's
first two letters. Its results are checked against pysastrawi itself: on
pysastrawi's own stemmer test words, on generated affixed words, and (in
``benchmarks/throughput.py``) on the whole vocabulary of the shared corpus.

The algorithm, for a word that is not itself a root word:

1. words of three letters or fewer only have their plain prefix ("di", "ke",
   "se") and particle tried (pysastrawi stops every rule loop after its first rule);
2. if the word fits a prefix-first pattern ("be-...-lah", "be-...-an", "me-...-i",
   "di-...-i", "pe-...-i", "ter-...-i"), prefixes then suffixes are removed; if that
   does not reach a root, the word is restored;
3. suffixes are removed — particle (-lah, -kah, -tah, -pun), possessive
   (-ku, -mu, -nya), derivational (-i, -kan, -an, and the loan suffixes -is,
   -isme, -isasi) — stopping at a root;
4. up to three prefixes are removed, one per pass, each pass taking the first rule
   that matches (plain prefixes first, then the disambiguation rules), stopping at
   a root;
5. failing that, the ECS "loop pengembalian akhiran": the suffixes are put back one
   at a time, last removed first ("-kan" also tried as "-k" + "an"), and the
   prefixes removed again;
6. the result is the root reached, or the word unchanged.

Reduplicated words ("buku-buku", "berbalas-balasan") stem to the common stem
of both halves, or stay as they are.

References
----------
.. [1] J. Asian, "Effective Techniques for Indonesian Text Retrieval", PhD thesis,
   RMIT University, 2007.
.. [2] A. Z. Arifin, I. P. A. K. Mahendra, H. T. Ciptaningtyas, "Enhanced
   Confix Stripping Stemmer and Ants Algorithm for Classifying News Document in
   Indonesian Language", ICTS 2009.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["RULES", "SastrawiStemmer", "sastrawi_root_words"]

_VOWELS = frozenset("aiueo")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# Two rule sets use narrower consonant classes.
_NO_R = _CONSONANTS - {"r"}
_C35 = frozenset("bcdfghjkpqstvxz")  # rules 35 and 36
_MEMP_NEXT = _LETTERS - {"e", "n"}
_LRWY = frozenset("lrwy")
_BFV = frozenset("bfv")
_CDJSTZ = frozenset("cdjstz")
_GHQK = frozenset("ghqk")
_WY = frozenset("wy")

_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
# Longest first: the rule removes the longest of these the word ends with.
_DERIVATIONAL = ("isasi", "isme", "kan", "is", "an", "i")
_PLAIN_PREFIXES = ("di", "ke", "se")
# Prefix-first patterns (step 2).
_PRECEDENCE = re.compile(r"be.*lah|be.*an|me.*i|di.*i|pe.*i|ter.*i")
_REDUPLICATION_SUFFIXES = frozenset(["ku", "mu", "nya", "lah", "kah", "tah", "pun"])
_PLURAL_WITH_SUFFIX = re.compile(r"^(.*)-(ku|mu|nya|lah|kah|tah|pun)$")


def sastrawi_root_words() -> list[str]:
    """The root-word dictionary pysastrawi's ``StemmerFactory`` uses (its ``kata-dasar.txt``)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().get_words()


def _choose(roots, *candidates):
    """A rule with alternatives: the first candidate that is a root, else the last one."""
    for candidate in candidates:
        if candidate in roots:
            return candidate
    return candidates[-1]


# --- the disambiguation rules ---------------------------------------------------------------------------
# Each rule takes the word and the root set and returns the word with its prefix removed, or None when it
# does not apply. The rules come in a few shapes, written once below and instantiated per prefix; a rule
# with alternatives ("berV -> ber-V | be-rV") takes the first that is a root, else the last. The numbers
# are those of the literature and of pysastrawi's DisambiguatorPrefixRuleN.


# The shapes are factories: each returns the rule as a small closure (rules are called millions of times).


def _recoded(prefix, first, second):
    """prefix V... -> first + V... | second + V...  ("memakan" -> "makan" | "pakan")."""
    n = len(prefix)

    def rule(w, roots):
        if w.startswith(prefix) and w[n : n + 1] in _VOWELS:
            return _choose(roots, first + w[n:], second + w[n:])
        return None

    return rule


def _before(prefix, letters):
    """prefix X... -> X..., for X in ``letters``  ("membaca" -> "baca")."""
    n = len(prefix)

    def rule(w, roots):
        return w[n:] if w.startswith(prefix) and w[n : n + 1] in letters else None

    return rule


def _before_vowel(prefix, letters):
    """prefix X V... -> X V..., for X in ``letters``  ("melihat" -> "lihat")."""
    n = len(prefix)

    def rule(w, roots):
        if w.startswith(prefix) and w[n : n + 1] in letters and w[n + 1 : n + 2] in _VOWELS:
            return w[n:]
        return None

    return rule


def _consonant(prefix, consonants, gap, er=None):
    """prefix C [A] ... -> C [A] ... ("bersembunyi" -> "sembunyi").

    With ``er`` None the rule needs that "er" does not come next; otherwise that "er" and a letter of ``er``
    do. ``gap`` is 1 when a letter A stands between C and that place, else 0.
    """
    n = len(prefix)
    at = n + 1 + gap

    def rule(w, roots):
        if not (
            w.startswith(prefix) and w[n : n + 1] in consonants and (not gap or w[n + 1 : n + 2] in _LETTERS)
        ):
            return None
        if er is None:
            return None if w.startswith("er", at) else w[n:]
        return w[n:] if w.startswith("er", at) and w[at + 2 : at + 3] in er else None

    return rule


def _consonant_before(prefix, letter, letters):
    """prefix letter X... -> letter X..., for X in ``letters``  ("memproses" -> "proses")."""
    n = len(prefix)

    def rule(w, roots):
        if w.startswith(prefix) and w.startswith(letter, n) and w[n + 1 : n + 2] in letters:
            return w[n:]
        return None

    return rule


def _infix(infix):
    """C infix V... -> C infix V... as it is | C V... with the infix removed  ("gemetar" -> "getar")."""

    def rule(w, roots):
        if w[:1] in _CONSONANTS and w.startswith(infix, 1) and w[3:4] in _VOWELS:
            return _choose(roots, w, w[0] + w[3:])
        return None

    return rule


def _word(word, root):
    """One exception: ``word`` -> ``root``  ("belajar" -> "ajar")."""

    def rule(w, roots):
        return root if w == word else None

    return rule


def _prefix_only(prefix, keep):
    """prefix... -> the word without its first ``len(prefix) - keep`` letters  ("ku", "kau", "mempe")."""
    cut = len(prefix) - keep

    def rule(w, roots):
        return w[cut:] if w.startswith(prefix) else None

    return rule


def _rule17(w, roots):  # mengV -> meng-V | meng-kV | menge-C (for "menge") | me-ngV
    if not (w.startswith("meng") and w[4:5] in _VOWELS):
        return None
    rest = w[4:]
    if w.startswith("menge"):
        return _choose(roots, rest, "k" + rest, w[5:], "ng" + rest)
    return _choose(roots, rest, "k" + rest, "ng" + rest)


def _rule30(w, roots):  # pengV -> peng-V | peng-kV | penge-C (for "penge")
    if not (w.startswith("peng") and w[4:5] in _VOWELS):
        return None
    rest = w[4:]
    if rest in roots:
        return rest
    if "k" + rest in roots:
        return "k" + rest
    # The last alternative exists only for "penge-"; where it does not, the rule does not apply at all
    # (pysastrawi's rule list ends on an alternative that returned nothing).
    return w[5:] if w.startswith("penge") else None


def _rule32(w, roots):  # pelV -> pe-lV, and pelajar -> pel-ajar
    if w == "pelajar":
        return "ajar"
    return _pe_l_vowel(w, roots)


_pe_l_vowel = _before_vowel("pe", frozenset("l"))
_CONSONANT_E = tuple(c + "e" for c in sorted(_CONSONANTS))
_CONSONANT_I = tuple(c + "i" for c in sorted(_CONSONANTS))

RULES = (
    (_recoded("ber", "", "r"), ("be",)),  # 1: berV -> ber-V | be-rV
    (_consonant("ber", _CONSONANTS, 1), ("be",)),  # 2: berCAP, P != er
    (_consonant("ber", _NO_R, 1, er=_VOWELS), ("be",)),  # 3: berCAerV, C != r
    (_word("belajar", "ajar"), ("be",)),  # 4
    (_consonant("be", _NO_R, 0, er=_CONSONANTS), ("be",)),  # 5: beC1erC2
    (_recoded("ter", "", "r"), ("te",)),  # 6: terV -> ter-V | te-rV
    (_consonant("ter", _NO_R, 0, er=_VOWELS), ("te",)),  # 7: terCerV, C != r
    (_consonant("ter", _NO_R, 0), ("te",)),  # 8: terCP, C != r, P != er
    (_consonant("te", _NO_R, 0, er=_CONSONANTS), ("te",)),  # 9: teC1erC2
    (_before_vowel("me", _LRWY), ("me",)),  # 10: me{l|r|w|y}V
    (_before("mem", _BFV), ("me",)),  # 11: mem{b|f|v}
    (_prefix_only("mempe", 2), ("me",)),  # 12: mempe -> mem-pe
    (_recoded("mem", "m", "p"), ("me",)),  # 13: memV -> me-mV | me-pV
    (_before("men", _CDJSTZ), ("me",)),  # 14: men{c|d|j|s|t|z}
    (_recoded("men", "n", "t"), ("me",)),  # 15: menV -> me-nV | me-tV
    (_before("meng", _GHQK), ("me",)),  # 16: meng{g|h|q|k}
    (_rule17, ("me",)),  # 17: mengV
    (_recoded("meny", "ny", "s"), ("me",)),  # 18: menyV -> me-nyV | meny-sV
    (_consonant_before("mem", "p", _MEMP_NEXT), ("me",)),  # 19: mempA, A not e/n
    (_before_vowel("pe", _WY), ("pe",)),  # 20: pe{w|y}V
    (_recoded("per", "", "r"), ("pe",)),  # 21: perV -> per-V | pe-rV
    (_consonant("per", _CONSONANTS, 1), ("pe",)),  # 23: perCAP, P != er
    (_consonant("per", _NO_R, 1, er=_VOWELS), ("pe",)),  # 24: perCAerV
    (_before("pem", _BFV), ("pe",)),  # 25: pem{b|f|v}
    (_recoded("pem", "m", "p"), ("pe",)),  # 26: pemV -> pe-mV | pe-pV
    (_before("pen", _CDJSTZ), ("pe",)),  # 27: pen{c|d|j|s|t|z}
    (_recoded("pen", "n", "t"), ("pe",)),  # 28: penV -> pe-nV | pe-tV
    (_before("peng", _CONSONANTS), ("pe",)),  # 29: pengC
    (_rule30, ("pe",)),  # 30: pengV
    (_recoded("peny", "ny", "s"), ("pe",)),  # 31: penyV -> pe-nyV | peny-sV
    (_rule32, ("pe",)),  # 32: pelV, pelajar
    (_consonant("pe", _CONSONANTS, 0), ("pe",)),  # 34: peCP, P != er
    (_consonant("ter", _C35, 0, er=_CONSONANTS), ("te",)),  # 35: terC1erC2
    (_consonant("pe", _C35, 0, er=_CONSONANTS), ("pe",)),  # 36: peC1erC2
    (_infix("er"), _CONSONANT_E),  # 37
    (_infix("el"), _CONSONANT_E),  # 38
    (_infix("em"), _CONSONANT_E),  # 39
    (_infix("in"), _CONSONANT_I),  # 40
    (_prefix_only("ku", 0), ("ku",)),  # 41: ku-A
    (_prefix_only("kau", 0), ("ka",)),  # 42: kau-A
)
"""The disambiguation rules in pysastrawi's order, each with the two-letter word starts it can apply to.

The starts are a necessary condition, used only to skip rules that cannot match; each rule checks its
whole pattern itself, and a test checks every rule against its starts."""

_BY_START: dict[str, tuple] = {}
for _rule, _starts in RULES:
    for _start in _starts:
        _BY_START[_start] = (*_BY_START.get(_start, ()), _rule)
del _rule, _starts, _start

_ANY_SUFFIX = _PARTICLES + _POSSESSIVES + _DERIVATIONAL
_ANY_PREFIX_START = frozenset(_PLAIN_PREFIXES) | frozenset(_BY_START)
"""A word that ends in none of the suffixes and starts with none of these has nothing to remove: no
suffix is stripped, no prefix rule applies, and the precedence patterns (which all end in a suffix)
cannot match. A third of a news vocabulary's words that are not roots are of this kind."""


class SastrawiStemmer:
    """Indonesian stemmer giving exactly pysastrawi's stems, several times faster.

    Parameters
    ----------
    root_words : iterable of str, optional
        The root-word dictionary. Default: pysastrawi's own (:func:`sastrawi_root_words`),
        which is what makes the stems identical to ``StemmerFactory().create_stemmer()``.

    Notes
    -----
    :meth:`stem_word` expects one lowercased token of letters, digits and inner
    hyphens, as pysastrawi's text normaliser leaves them. Results are not cached
    here; :func:`framing.text.stem_word` keeps a process-wide cache.
    """

    def __init__(self, root_words: Iterable[str] | None = None):
        words = sastrawi_root_words() if root_words is None else root_words
        self.roots = frozenset(w for w in words if w and w.strip())

    def __reduce__(self):
        # Pickle the word list, not a frozenset of 30,000 strings rebuilt element by element twice.
        return (SastrawiStemmer, (sorted(self.roots),))

    # --- words -----------------------------------------------------------------------------------------

    def stem_word(self, word: str) -> str:
        """Stem one token (lowercased; letters, digits, hyphens)."""
        if "-" in word and self._is_reduplicated(word):
            return self._stem_reduplicated(word)
        return self._stem_singular(word)

    @staticmethod
    def _is_reduplicated(word: str) -> bool:
        match = _PLURAL_WITH_SUFFIX.match(word)
        if match:
            return "-" in match.group(1)
        return True

    def _stem_reduplicated(self, word: str) -> str:
        first, _, second = word.rpartition("-")
        if second in _REDUPLICATION_SUFFIXES and "-" in first:
            first, _, inner = first.rpartition("-")
            second = f"{inner}-{second}"
        root1 = self._stem_singular(first)
        root2 = self._stem_singular(second)
        if second not in self.roots and root2 == second:
            root2 = self._stem_singular("me" + second)  # meniru-nirukan -> tiru
        return root1 if root1 == root2 else word

    def _stem_singular(self, original: str) -> str:
        roots = self.roots
        if original in roots:
            return original
        if original[:2] not in _ANY_PREFIX_START and not original.endswith(_ANY_SUFFIX):
            return original  # what the steps below give such a word, without taking them
        short = len(original) <= 3  # pysastrawi then stops every rule loop after its first rule
        if _PRECEDENCE.fullmatch(original):
            word = self._remove_prefixes(original, short)
            if word in roots:
                return word
            word, _ = self._remove_suffixes(word, short)
            if word in roots:
                return word
        word, removals = self._remove_suffixes(original, short)
        if word in roots:
            return word
        word = self._remove_prefixes(word, short)
        if word in roots:
            return word
        # ECS "loop pengembalian akhiran": restore the suffixes one by one, last removed first.
        for before, after, removed in reversed(removals):
            if removed == "kan":
                word = self._remove_prefixes(after + "k", short)
                if word in roots:
                    return word
                word = self._remove_prefixes(after + "kan", short)
            else:
                word = self._remove_prefixes(before, short)
            if word in roots:
                return word
        return original

    # --- affixes ---------------------------------------------------------------------------------------

    def _remove_suffixes(self, word: str, short: bool):
        """Particle, possessive and derivational suffix, stopping at a root; returns (word, removals)."""
        removals = []
        for kind in (_PARTICLES, _POSSESSIVES, _DERIVATIONAL):
            stripped = _strip_suffix(word, kind)
            if stripped is not None:
                removals.append((word, stripped, word[len(stripped) :]))
                word = stripped
            if short or word in self.roots:
                break
        return word, removals

    def _remove_prefixes(self, word: str, short: bool) -> str:
        """Up to three prefix removals, one rule per pass, stopping at a root."""
        roots = self.roots
        for _ in range(3):
            word, removed = self._prefix_pass(word, short)
            if word in roots or not removed:
                break
        return word

    def _prefix_pass(self, word: str, short: bool):
        start = word[:2]
        if start in _PLAIN_PREFIXES:
            return word[2:], True
        if short or word in self.roots:
            return word, False
        for rule in _BY_START.get(start, ()):
            result = rule(word, self.roots)
            if result is not None:
                return result, True
        return word, False


def _strip_suffix(word: str, suffixes) -> str | None:
    if not word.endswith(suffixes):
        return None
    for suffix in suffixes:
        if word.endswith(suffix):
            stripped = word[: -len(suffix)]
            # Particles and possessives take the hyphens before them too ("rumah-nya").
            return stripped if suffixes is _DERIVATIONAL else stripped.rstrip("-")
    return None
