"""Text preparation: from paragraphs as published to the terms and stems the classifiers see.

Every paragraph goes through the same steps, written as plain module-level functions:

1. Unicode clean-up (control and zero-width characters become spaces; NFKC) for
   text that is not plain ASCII, and the dateline prefix removed
   (:func:`strip_dateline`: "Liputan6.com, Jakarta -" names the outlet, not the frame).
2. Tokens: words of letters, digits and inner hyphens, plus the marks that matter
   to the cue features (sentence ends, quotation marks). A word that scraping glued
   together is split (:func:`split_glued`: "wilayahKursk", "diSuriahuntuk").
3. Terms: each word lowercased, except that the many names of one actor become
   one token (AS / Amerika Serikat / Washington -> ``_as``; matching is
   case-sensitive, so "as" stays "as").
4. Stems: pysastrawi's stems (:mod:`framing.stemmer`, cached per word), minus a
   short list of function words. Negators and frame cues ("tidak", "bukan",
   "bersama", "kerja", "menurut") are kept on purpose: Sastrawi's default
   stop-word list deletes them.

For speed the steps run on a whole batch of paragraphs at once
(:func:`term_stream`): one tokenizer pass over the joined text, each distinct token
prepared once per process and then looked up, and the rest in NumPy. What is
learned about a token or a term is kept in process-wide tables shared by all
threads (and inherited by forked worker processes); they grow with the vocabulary
seen and are emptied past :data:`MAX_CACHED_TOKENS`, between batches. :func:`terms` and
:func:`analyze` show the result for one paragraph, :func:`stem` gives
pysastrawi-compatible stems of any text.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
import unicodedata
import weakref
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ACTOR_TOKENS",
    "MARKS",
    "MAX_CACHED_TOKENS",
    "N_MARKS",
    "PARAGRAPH_END",
    "QUOTE",
    "SENTENCE_END",
    "STOP_WORDS",
    "TermStream",
    "TermTable",
    "analyze",
    "split_glued",
    "stem",
    "stem_word",
    "stem_words",
    "strip_dateline",
    "term_id",
    "term_ids",
    "term_stream",
    "term_string",
    "terms",
    "vocabulary_in_use",
]

# --- 1. clean-up and datelines ---------------------------------------------------------------------------

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)

_OUTLET = r"(?:[A-Za-z0-9]+\.(?:com|co\.id|id|TV|tv|net)|Antara|ANTARA|detikcom|detikNews|Kompas\.com)"
_CAPS = r"[A-Z][A-Z.'’]+(?:[ ,]+[A-Z][A-Z.'’]+){0,3}"
_WIB_LEAD_IN = (
    r"(?:[^\n]{0,60}?\d{1,2}[:.]\d{2}\s*WIB\s*)?"  # "Kompas dunia | 19 Juli 2024, 14:11 WIB" glued before
)
_DATELINE_BODY = (
    r"(?:"
    rf"{_CAPS}(?:\s*,\s*\(?{_OUTLET}\)?)?"  # "JABAR EKSPRES", "PYONGYANG, KOMPAS.TV", "MOSKOW, (Antara)"
    rf"|{_OUTLET}\s*,\s*[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?"  # "Bisnis.com, JAKARTA", "Liputan6.com, Jakarta"
    r")\s*[-–—]+\s*"
)
_DATELINE = re.compile(r"^\s*" + _WIB_LEAD_IN + _DATELINE_BODY)
# Without the lead-in, whose lazy prefix is costly: the same match wherever "WIB" does not occur.
_DATELINE_PLAIN = re.compile(r"^\s*" + _DATELINE_BODY)


def strip_dateline(text: str) -> str:
    """Remove a dateline prefix such as "JAKARTA, KOMPAS.com -" or "Liputan6.com, Jakarta -".

    The dateline names the outlet and city, not the frame; left in, it teaches a
    model which outlet wrote about which topic.
    """
    pattern = _DATELINE if "WIB" in text else _DATELINE_PLAIN
    return pattern.sub("", text, count=1)


def _clean(paragraph: str) -> str:
    """Paragraph text ready for the tokenizer: Unicode normalised, dateline removed."""
    if not paragraph.isascii():
        paragraph = unicodedata.normalize("NFKC", _CONTROL.sub(" ", paragraph))
    elif not paragraph.isprintable():
        # This also blanks "\x01", the tokenizer's paragraph separator.
        paragraph = _CONTROL.sub(" ", paragraph)
    return strip_dateline(paragraph)


# --- 2. glued words ---------------------------------------------------------------------------------------

# Names of places and actors that scraped text glues to the following word ("diSuriahuntuk").
_GAZETTEER = [
    "Afghanistan",
    "Araghchi",
    "Belousov",
    "Bessent",
    "Blinken",
    "Hegseth",
    "Khamenei",
    "Kirby",
    "Lavrov",
    "Leavitt",
    "Netanyahu",
    "Peskov",
    "Pezeshkian",
    "Rubio",
    "Shoigu",
    "Witkoff",
    "Zakharova",
    "Amerika",
    "Arab",
    "Australia",
    "Belarus",
    "Beijing",
    "Biden",
    "Brussels",
    "China",
    "Cina",
    "Eropa",
    "Filipina",
    "Gaza",
    "Hamas",
    "Hizbullah",
    "Houthi",
    "India",
    "Indonesia",
    "Inggris",
    "Iran",
    "Irak",
    "Israel",
    "Jakarta",
    "Jepang",
    "Jerman",
    "Kiev",
    "Korea",
    "Kremlin",
    "Kursk",
    "Kyiv",
    "Lebanon",
    "Moskow",
    "Myanmar",
    "NATO",
    "Pakistan",
    "Pentagon",
    "Perancis",
    "Prancis",
    "Putin",
    "Pyongyang",
    "Rusia",
    "Seoul",
    "Suriah",
    "Taiwan",
    "Teheran",
    "Tiongkok",
    "Trump",
    "Turki",
    "Ukraina",
    "Venezuela",
    "Washington",
    "Yaman",
    "Zelensky",
]
# Zero-width patterns with a literal replacement: applied to one token at a time, they run entirely in C.
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-zA-Z]{3,})|(?<=[a-zA-Z]{3})(?=[0-9])")
_GAZETTEER_SET = frozenset(_GAZETTEER)
_GAZETTEER_BY_START: dict[str, list[str]] = {}
for _name in sorted(_GAZETTEER, key=len):  # shortest first, as _split_name_word tries the cuts
    _GAZETTEER_BY_START.setdefault(_name[:3], []).append(_name)
del _name
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{4,}")


def split_glued(text: str) -> str:
    """Split words that scraping glued together: "wilayahKursk" -> "wilayah Kursk", "Suriahuntuk" -> "Suriah untuk"."""
    text = _LOWER_UPPER.sub(" ", text)
    text = _CAPITALISED_WORD.sub(_split_name, text)
    return _DIGIT_LETTER.sub(" ", text)


def _split_name(match: re.Match) -> str:
    return " ".join(_split_name_word(match.group(0)))


def _split_name_word(word: str) -> tuple[str, ...]:
    """A capitalised word that begins with a gazetteer name and goes on, cut after the name."""
    if word in _GAZETTEER_SET:
        return (word,)
    # The shortest name of three letters or more that leaves two or more letters after it.
    for name in _GAZETTEER_BY_START.get(word[:3], ()):
        if len(name) <= len(word) - 2 and word.startswith(name):
            return (name, word[len(name) :])
    return (word,)


# --- 3. actors --------------------------------------------------------------------------------------------

# Variants the news uses for one actor, mapped to one token that the stemmer leaves alone ("_" prefix).
# Matching is case-sensitive ("AS" is the United States, "as" is not) and prefers the longest name.
_ACTORS: dict[str, str] = {
    "_dkpbb": "Dewan Keamanan PBB|Dewan Keamanan Perserikatan Bangsa-Bangsa|DK PBB|DK-PBB",
    "_pbb": "Perserikatan Bangsa-Bangsa|Perserikatan Bangsa Bangsa|PBB|UN",
    "_as": "Amerika Serikat|Amerika|AS|USA|Washington|Paman Sam",
    "_gedungputih": "Gedung Putih",
    "_deplu_as": "Departemen Luar Negeri AS|Deplu AS|Kementerian Luar Negeri AS",
    "_korut": "Korea Utara|Korut|DPRK|Pyongyang|Republik Rakyat Demokratik Korea",
    "_korsel": "Korea Selatan|Korsel|Seoul",
    "_china": "Republik Rakyat Tiongkok|RRT|RRC|Tiongkok|Cina|China|Beijing",
    "_rusia": "Federasi Rusia|Rusia|Moskow|Moscow|Kremlin",
    "_ukraina": "Ukraina|Kyiv|Kiev",
    "_ue": "Uni Eropa|UE|EU",
    "_indonesia": "Republik Indonesia|Indonesia|RI",
    "_iran": "Iran|Teheran|Tehran",
    "_belarus": "Belarus|Minsk",
    "_jepang": "Jepang|Tokyo",
}
"""Actor token -> the names the news uses for that actor ("|"-separated)."""

ACTOR_TOKENS: dict[str, str] = {name: token for token, names in _ACTORS.items() for name in names.split("|")}
"""Every actor name -> the single token that stands for it."""

# Names of more than one word are matched on the token sequence, longest first.
_MULTIWORD = sorted((tuple(n.split()) for n in ACTOR_TOKENS if " " in n), key=len, reverse=True)
_NAME_WORD = {w: i + 1 for i, w in enumerate(sorted({w for name in _MULTIWORD for w in name}))}


# --- 4. stems ---------------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "juga",
        "akan",
        "telah",
        "sudah",
        "oleh",
        "para",
        "sebuah",
        "se",
        "adalah",
        "ialah",
        "yakni",
        "yaitu",
        "atau",
        "serta",
        "pun",
        "lah",
        "kah",
        "nya",
        "kami",
        "kita",
        "ia",
        "dia",
        "mereka",
        "saya",
        "anda",
        "kamu",
        "tersebut",
        "sebagai",
        "karena",
        "bahwa",
        "agar",
        "supaya",
        "sehingga",
        "maka",
        "namun",
        "tetapi",
        "tapi",
        "sedangkan",
        "lalu",
        "kemudian",
        "sini",
        "sana",
        "situ",
        "hal",
    ]
)
"""Function words dropped before TF-IDF. Deliberately short: negators ("tidak", "bukan",
"belum", "tak", "tanpa"), verbs of saying and cues of cooperation ("bersama", "kerja", "sama")
carry frames and are kept."""

_stemmer = None
_stemmer_lock = threading.Lock()
_stem_cache: dict[str, str] = {}


def _get_stemmer():
    """Build the stemmer once per process, on first use (never at import)."""
    global _stemmer
    if _stemmer is None:
        with _stemmer_lock:
            if _stemmer is None:
                from framing.stemmer import SastrawiStemmer

                _stemmer = SastrawiStemmer()
    return _stemmer


def stem_word(word: str) -> str:
    """Stem one lowercased token exactly as pysastrawi's stemmer does, with a process-wide cache.

    Actor tokens ("_as"), words with an underscore and numbers are returned unchanged.
    """
    result = _stem_cache.get(word)
    if result is not None:
        return result
    return stem_words([word])[0]


def stem_words(words: list[str]) -> list[str]:
    """:func:`stem_word` of each word of a list, in one pass (as the feature tables stem a batch's new words)."""
    cache = _stem_cache
    stemmer = None
    out = []
    for word in words:
        result = cache.get(word)
        if result is None:
            if "_" in word or (word.isascii() and word.isdigit()):
                result = word
            else:
                stemmer = stemmer or _get_stemmer()
                result = stemmer.stem_word(word)
            cache[word] = result
        out.append(result)
    return out


# pysastrawi's own text normalisation (TextNormalizer.normalize_text), flags included: stem() splits text
# exactly where pysastrawi does.
_NOT_STEMMABLE = re.compile(r"[^a-z0-9 -]", re.IGNORECASE | re.MULTILINE)
_SPACES = re.compile(r"( +)", re.IGNORECASE | re.MULTILINE)


def stem(text: str) -> str:
    """Return the Sastrawi stems of ``text``, space-separated, exactly as pysastrawi gives them.

    Parameters
    ----------
    text : str
        Any text. It is lowercased and split where pysastrawi splits it, so that
        ``stem(text) == StemmerFactory().create_stemmer().stem(text)``. No actor names,
        no stop words removed (that is :func:`analyze`).

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"stem() expects str, got {type(text).__name__}")
    normalized = _SPACES.sub(" ", _NOT_STEMMABLE.sub(" ", text.lower())).strip()
    return " ".join(stem_word(t) for t in normalized.split(" "))


# --- the batch path ---------------------------------------------------------------------------------------

PARAGRAPH_END, SENTENCE_END, QUOTE = 0, 1, 2
"""Term ids of the three marks in a :class:`TermStream`."""

N_MARKS = 3
"""Term ids below this are marks; every other term id is a word."""

MARKS = frozenset(["\n", ".", '"'])
"""The term strings of the marks (no word is one of them)."""

# A token is what stays between white space once every character but letters, digits, "_", "-", the
# quotation mark and the sentence-ending marks is blanked, "!", "?" and ";" being read as "." (one byte-level
# pass over a whole batch). A quotation mark, and a "." before white space, are then cut off into tokens of
# their own, so that "Rusia." and '"Rusia' are the token "Rusia" and a mark: far fewer distinct tokens to
# prepare. Each distinct token is then split once into words and marks (_PARTS): a run of "." at the end
# of a token ends a sentence, a "." inside it ("3.5", "Kompas.com") only separates words; "\x01"
# separates the paragraphs of a batch.
_KEPT = b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-."\x01'
_BLANK_OTHERS = bytes(b if b in _KEPT else ord(".") if b in b"!?;" else 32 for b in range(256))
_SPACED_MARKS = ((b'"', b' " '), (b". ", b" . "))
_PARTS = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*|\.+$|[\"\x01]")
_SEPARATOR = "\x01"


class _Growable:
    """A NumPy array that grows by doubling; appends happen under the owner's lock."""

    def __init__(self, dtype):
        self._data = np.zeros(1024, dtype=dtype)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def extend(self, values) -> None:
        need = self._n + len(values)
        if need > len(self._data):
            grown = np.zeros(max(need, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = values
        self._n = need

    @property
    def array(self) -> np.ndarray:
        return self._data


class _Terms:
    """Process-wide table of terms (lowercased words, actor tokens, the marks) and their ids."""

    def __init__(self):
        self.lock = threading.RLock()
        self.strings: list[str] = ["\n", ".", '"']  # PARAGRAPH_END, SENTENCE_END, QUOTE
        self.ids: dict[str, int] = {s: i for i, s in enumerate(self.strings)}

    def reset(self) -> None:
        del self.strings[N_MARKS:]
        self.ids = {t: i for i, t in enumerate(self.strings)}

    def id(self, term: str) -> int:
        found = self.ids.get(term)
        if found is not None:
            return found
        with self.lock:
            if term not in self.ids:
                self.strings.append(term)  # the string first: an id is never seen without its string
                self.ids[term] = len(self.strings) - 1
            return self.ids[term]


class _Tokens(dict):
    """Process-wide table: token (bytes, as the tokenizer cut it) -> id; each new token is prepared once.

    A token's parts (words and marks) are stored flat: ``part_term`` and ``part_name``
    (the word's place in multi-word actor names, 0 for none) from ``first_part[t]``
    on, for ``n_parts[t]`` parts. New tokens are noted in plain lists and copied into
    the arrays by :meth:`sync`, once per batch.
    """

    def __init__(self, terms: _Terms):
        super().__init__()
        self.terms = terms
        self.reset()

    def reset(self) -> None:
        self.clear()
        self.first_part = _Growable(np.int64)
        self.n_parts = _Growable(np.int64)
        self.part_term = _Growable(np.int32)
        self.part_name = _Growable(np.int32)
        self._pending_tokens: list[tuple[int, int]] = []
        self._pending_parts: list[tuple[int, int]] = []

    def __missing__(self, token: bytes) -> int:
        self.add((token,))
        return self[token]

    def add(self, tokens) -> None:
        """Prepare and register the tokens (bytes) not in the table yet, in the order given.

        One pass under one lock: a new token costs a few microseconds, and a corpus
        brings about 95,000 of them, to every process that labels part of it. A token's
        id and its parts' place are counted from what is already noted, and the token
        is entered last: interrupted anywhere (an error, Ctrl-C), the table stays
        consistent, at worst with parts or a slot that no token uses.
        """
        with self.terms.lock:
            term_ids = self.terms.ids
            strings = self.terms.strings
            pending_tokens = self._pending_tokens
            pending_parts = self._pending_parts
            synced_tokens, synced_parts = len(self.first_part), len(self.part_term)
            for token in tokens:
                if token in self:
                    continue
                word = token.decode("ascii")
                index = synced_tokens + len(pending_tokens)
                first = synced_parts + len(pending_parts)
                # Shortcuts for the two commonest kinds of new token, giving the parts _word_parts would
                # (a new term registered as _Terms.id does it, under the lock held here).
                if token.isalpha() and token.islower():  # "memasok": itself, nothing to split or normalise
                    term = term_ids.get(word)
                    if term is None:
                        strings.append(word)
                        term = term_ids[word] = len(strings) - 1
                    pending_parts.append((term, 0))
                    pending_tokens.append((first, 1))
                elif (
                    token.isalpha()
                    and token[1:].islower()
                    and (len(word) < 5 or word[:3] not in _GAZETTEER_BY_START)
                ):
                    # "Menurut", "Amerika": capitalised, and no gazetteer name starts it
                    key = ACTOR_TOKENS.get(word) or word.lower()
                    term = term_ids.get(key)
                    if term is None:
                        strings.append(key)
                        term = term_ids[key] = len(strings) - 1
                    pending_parts.append((term, _NAME_WORD.get(word, 0)))
                    pending_tokens.append((first, 1))
                else:
                    parts = _token_parts(word)
                    pending_parts.extend(parts)
                    pending_tokens.append((first, len(parts)))
                dict.__setitem__(self, token, index)

    def sync(self) -> None:
        """Copy the tokens registered since the last call into the arrays."""
        with self.terms.lock:
            if self._pending_tokens:
                tokens = _pairs(self._pending_tokens)
                self.first_part.extend(tokens[:, 0])
                self.n_parts.extend(tokens[:, 1])
                if self._pending_parts:
                    parts = _pairs(self._pending_parts)
                    self.part_term.extend(parts[:, 0])
                    self.part_name.extend(parts[:, 1])
                self._pending_tokens, self._pending_parts = [], []


def _pairs(pairs: list[tuple[int, int]]) -> np.ndarray:
    """A list of int pairs as an (n, 2) array (twice as fast as np.array on the list)."""
    flat = itertools.chain.from_iterable(pairs)
    return np.fromiter(flat, dtype=np.int64, count=2 * len(pairs)).reshape(-1, 2)


_WORD_PARTS: dict[str, tuple] = {}


def _word_parts(word: str) -> tuple:
    """The (term id, name word) parts of one word: usually itself lowercased; a glued word splits."""
    parts = _WORD_PARTS.get(word)
    if parts is not None:
        return parts
    if word.isdigit() or (word.islower() and word.replace("-", "").isalpha()):
        parts = ((_TERMS.id(word), 0),)  # nothing to split or normalise
    else:
        if word.isalpha() and (word.isupper() or word[1:].islower()):
            # "Rusia", "PBB", "Suriahuntuk": of the glued-word splits only a gazetteer name can apply.
            words = _split_name_word(word) if len(word) >= 5 and word[1:].islower() else (word,)
        else:
            words = split_glued(word).split()
        parts = tuple([(_TERMS.id(ACTOR_TOKENS.get(w) or w.lower()), _NAME_WORD.get(w, 0)) for w in words])
    _WORD_PARTS[word] = parts
    return parts


def _token_parts(token: str):
    """The (term id, name word) parts of a token: its marks and words, in order."""
    if token.isalpha():
        return _word_parts(token)
    parts = []
    for piece in _PARTS.findall(token):
        first = piece[0]
        if first == _SEPARATOR:
            parts.append((PARAGRAPH_END, 0))
        elif first == ".":
            parts.append((SENTENCE_END, 0))
        elif first == '"':
            parts.append((QUOTE, 0))
        else:
            parts.extend(_word_parts(piece))
    return parts


_TERMS = _Terms()
_TOKENS = _Tokens(_TERMS)


MAX_CACHED_TOKENS = 400_000
"""When the process has prepared more distinct tokens than this, its token, term and stem tables are
emptied before the next batch (and rebuilt as text comes), so that memory stays bounded however large
the corpus. Labeling ../shared/corpus (7,904 articles) prepares about 95,000 tokens."""


class _Vocabulary:
    """The process-wide tables of tokens and terms, and when they may be emptied.

    Term ids are only meaningful until the tables are emptied. Every computation that
    makes term ids and uses them runs inside :meth:`in_use` (reentrant, shared between
    threads); the tables are emptied, when they have grown past
    :data:`MAX_CACHED_TOKENS`, only while no thread is inside.
    """

    def __init__(self):
        self.epoch = 0
        self.forget_threads()

    def forget_threads(self) -> None:
        """Start with no users (at creation, and in a forked child, where the parent's threads are gone)."""
        self._condition = threading.Condition()
        self._users = 0
        self._depth = threading.local()

    @contextmanager
    def in_use(self):
        depth = getattr(self._depth, "n", 0)
        if depth == 0:
            with self._condition:
                if len(_TOKENS) > MAX_CACHED_TOKENS:
                    while self._users:
                        self._condition.wait()
                    if len(_TOKENS) > MAX_CACHED_TOKENS:
                        self._empty()
                self._users += 1
        self._depth.n = depth + 1
        try:
            yield self.epoch
        finally:
            self._depth.n = depth
            if depth == 0:
                with self._condition:
                    self._users -= 1
                    if not self._users:
                        self._condition.notify_all()

    def _empty(self) -> None:
        with _TERMS.lock:
            _TOKENS.reset()
            _TERMS.reset()
            _WORD_PARTS.clear()
            _NAME_KEYS.clear()
            _stem_cache.clear()
            self.epoch += 1


_VOCABULARY = _Vocabulary()
_TABLES: weakref.WeakSet = weakref.WeakSet()  # every TermTable, for _after_fork_in_child


def _before_fork() -> None:
    # No token or term is half-registered while the process forks.
    _TERMS.lock.acquire()


def _after_fork_in_parent() -> None:
    _TERMS.lock.release()


def _after_fork_in_child() -> None:
    # Threads of the parent do not exist here: every lock they might have held, and their count of
    # vocabulary users, start afresh (the tables themselves are consistent, see _before_fork).
    global _stemmer_lock
    _TERMS.lock = threading.RLock()
    _stemmer_lock = threading.Lock()
    _VOCABULARY.forget_threads()
    for table in list(_TABLES):
        table._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child
    )


def vocabulary_in_use():
    """Context manager: term ids made inside stay valid until it exits (see :data:`MAX_CACHED_TOKENS`)."""
    return _VOCABULARY.in_use()


class TermTable:
    """A per-term value, computed once per term on first need and kept in a growing array.

    Parameters
    ----------
    compute : callable
        ``compute(term_string) -> value``, or with ``batch=True``
        ``compute(list_of_term_strings) -> list_of_values``; must be a module-level
        function (or a ``functools.partial`` of one) so that objects holding the table
        pickle.
    dtype : NumPy dtype
    batch : bool, default=False
        ``compute`` takes a list of term strings and returns their values, in order:
        one call for all the terms a batch of text brings, not one per term.
    """

    def __init__(self, compute, dtype, *, batch=False):
        self.compute = compute
        self.dtype = np.dtype(dtype)
        self.batch = batch
        # (epoch, values) in one attribute, replaced whole, so that a reader never pairs old values with new ids
        self._state = (_VOCABULARY.epoch, np.zeros(0, dtype=self.dtype))
        self._lock = threading.Lock()
        _TABLES.add(self)

    def __getstate__(self):
        return {"compute": self.compute, "dtype": self.dtype, "batch": self.batch}

    def __setstate__(self, state):
        self.__init__(state["compute"], state["dtype"], batch=state.get("batch", False))

    def __getitem__(self, term_ids: np.ndarray) -> np.ndarray:
        epoch, values = self._state
        if epoch != _VOCABULARY.epoch or (len(term_ids) and int(term_ids.max()) >= len(values)):
            values = self._extend(int(term_ids.max()) + 1 if len(term_ids) else 0)
        return values[term_ids]

    def _extend(self, size: int) -> np.ndarray:
        with self._lock:
            epoch, values = self._state
            if epoch != _VOCABULARY.epoch:  # the term ids were renumbered: start again
                epoch, values = _VOCABULARY.epoch, np.zeros(0, dtype=self.dtype)
            if size > len(values):
                compute = self.compute
                new = _TERMS.strings[len(values) : size]
                extra = np.array(compute(new) if self.batch else [compute(t) for t in new], dtype=self.dtype)
                if extra.shape != (len(new),):
                    raise ValueError(f"{self.compute!r} gave {extra.shape} values for {len(new)} terms")
                values = np.concatenate([values, extra])
            self._state = (epoch, values)
            return values


def term_string(index: int) -> str:
    """The string of a term id (``"\\n"``, ``"."`` and ``'"'`` for the marks)."""
    return _TERMS.strings[index]


def term_id(term: str) -> int:
    """The id of a term string, registering it if it is new."""
    return _TERMS.id(term)


def term_ids(terms: list[str]) -> list[int]:
    """:func:`term_id` of each term of a list."""
    known = _TERMS.ids
    ids = [known.get(term, -1) for term in terms]
    if -1 in ids:
        register = _TERMS.id
        ids = [register(term) if i < 0 else i for term, i in zip(terms, ids)]
    return ids


@dataclass(frozen=True)
class TermStream:
    """The terms of a batch of paragraphs, in reading order, as NumPy arrays.

    Attributes
    ----------
    term : ndarray of int32
        Term id at each position (see :func:`term_string`); ids below 3 are the marks
        :data:`PARAGRAPH_END` (one after every paragraph), :data:`SENTENCE_END` and
        :data:`QUOTE`.
    paragraph : ndarray of int32
        The paragraph each position belongs to (a paragraph's end mark included).
    n_paragraphs : int
    epoch : int
        The vocabulary epoch its ids belong to (see :data:`MAX_CACHED_TOKENS`).
    """

    term: np.ndarray
    paragraph: np.ndarray
    n_paragraphs: int
    epoch: int = 0

    def check(self) -> None:
        """Raise RuntimeError if the term ids have been renumbered since this stream was made."""
        if self.epoch != _VOCABULARY.epoch:
            raise RuntimeError(
                "this TermStream's term ids are out of date (the token tables were emptied since); "
                "make the stream and use it inside framing.text.vocabulary_in_use()"
            )


def term_stream(paragraphs) -> TermStream:
    """Prepare and tokenize a batch of paragraphs (see the module docstring).

    Parameters
    ----------
    paragraphs : list of str

    Raises
    ------
    TypeError
        If ``paragraphs`` is a single string, or holds something other than strings.
    """
    if isinstance(paragraphs, (str, bytes)):
        raise TypeError("expected a list of paragraphs (str), got a single string")
    cleaned = []
    for p in paragraphs:
        if not isinstance(p, str):
            raise TypeError(f"paragraphs must be str, got {type(p).__name__}")
        cleaned.append(_clean(p))
    with _VOCABULARY.in_use() as epoch:
        return _term_stream(cleaned, epoch)


def _term_stream(cleaned: list[str], epoch: int) -> TermStream:
    if not cleaned:
        empty = np.zeros(0, dtype=np.int32)
        return TermStream(empty, empty, 0, epoch)
    text = " \x01 ".join(cleaned) + " \x01"
    if not text.isascii():
        text = text.replace("“", '"').replace("”", '"')
    data = text.encode("utf-8", "surrogatepass").translate(_BLANK_OTHERS)
    for mark, spaced in _SPACED_MARKS:
        data = data.replace(mark, spaced)
    tokens = data.split()
    ids = np.fromiter(map(_TOKENS.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
    new = np.flatnonzero(ids < 0)
    if len(new):
        unknown = [tokens[i] for i in new.tolist()]
        _TOKENS.add(dict.fromkeys(unknown))
        ids[new] = [_TOKENS[t] for t in unknown]
    _TOKENS.sync()
    first = _TOKENS.first_part.array[ids]
    counts = _TOKENS.n_parts.array[ids]
    if counts.min() != 1 or counts.max() != 1:
        # Tokens of several parts ("Rusia.", '"Kami', "wilayahKursk") or none ("--"): gather every part.
        start = np.cumsum(counts) - counts
        first = np.repeat(first - start, counts) + np.arange(int(counts.sum()))
    term = _TOKENS.part_term.array[first]
    name_word = _TOKENS.part_name.array[first]
    if name_word.any():
        term = _merge_multiword_names(term, name_word)
    is_end = term == PARAGRAPH_END
    paragraph = (np.cumsum(is_end) - is_end).astype(np.int32)
    return TermStream(term, paragraph, len(cleaned), epoch)


def word_key(codes, base: int) -> int:
    """The key of a sequence of word codes (each 1 .. base-1): its digits in base ``base``."""
    key = 0
    for code in codes:
        key = key * base + code
    return key


def window_keys(codes: np.ndarray, starts: np.ndarray, length: int, base: int) -> np.ndarray:
    """:func:`word_key` of the ``length`` codes from each of ``starts``, for a whole batch at once.

    A window that holds a 0 (a word in no entry, or a mark) gets a key that no entry has.
    """
    key = codes[starts].astype(np.int64)
    for k in range(1, length):
        key = key * base + codes[starts + k]
    return key


_NAME_KEYS: dict[int, dict[int, int]] = {}


def _name_keys() -> dict[int, dict[int, int]]:
    """Name length -> {key of its name words -> actor term id} (built on first use, and after a reset)."""
    keys = _NAME_KEYS
    if keys:
        return keys
    with _TERMS.lock:
        if not _NAME_KEYS:
            base = len(_NAME_WORD) + 1
            built: dict[int, dict[int, int]] = {}
            for name in _MULTIWORD:
                key = word_key((_NAME_WORD[w] for w in name), base)
                built.setdefault(len(name), {})[key] = _TERMS.id(ACTOR_TOKENS[" ".join(name)])
            _NAME_KEYS.update(built)  # published whole: other threads see it empty (and wait here) or full
        return _NAME_KEYS


def _merge_multiword_names(term, name_word):
    """Replace "Amerika Serikat", "Korea Utara", "Dewan Keamanan PBB", ... by their actor token, longest first."""
    base = len(_NAME_WORD) + 1
    taken = np.zeros(len(term), dtype=bool)
    drop = np.zeros(len(term), dtype=bool)
    term = term.copy()
    # Only where a name word follows a name word can a name of two words or more start.
    starts = np.flatnonzero((name_word[:-1] > 0) & (name_word[1:] > 0))
    for length, names in sorted(_name_keys().items(), reverse=True):
        candidates = starts[starts <= len(term) - length]
        keys = window_keys(name_word, candidates, length, base)
        for start, key in zip(candidates.tolist(), keys.tolist()):
            actor = names.get(key)
            if actor is None or taken[start : start + length].any():
                continue
            term[start] = actor
            taken[start : start + length] = True
            drop[start + 1 : start + length] = True
    return term[~drop] if drop.any() else term


def terms(text: str) -> list[str]:
    """The terms of one paragraph (lowercased words and actor tokens; marks left out)."""
    with _VOCABULARY.in_use():
        stream = term_stream([text])
        return [term_string(t) for t in stream.term.tolist() if t >= N_MARKS]


def analyze(text: str) -> list[str]:
    """The stems the TF-IDF features see for one paragraph: its terms, stemmed, minus stop words."""
    return [stem_word(t) for t in terms(text) if t not in STOP_WORDS]
