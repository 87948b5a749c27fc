"""The features of a paragraph: TF-IDF on Sastrawi stems (word unigrams and bigrams), the same TF-IDF on the
stems of the sentences that name a US actor ("us|" columns), and the cue counts.

:class:`TextFeatures` is fitted on training paragraphs and turns any batch of
paragraphs into a feature matrix. It computes what scikit-learn's
``TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)`` computes
on the stems of :func:`framing.text.analyze` (smooth idf, L2-normalised rows;
``tests/test_features.py`` checks the two agree); with ``us_scale``, the same
TF-IDF again on the stems of the sentences that name a US actor ("us|" columns,
normalised on their own, times ``us_scale``); then the columns of
:data:`framing.cues.CUE_NAMES` as ``log1p(count) * cue_scale``. It works on a
whole batch with array operations (see :func:`framing.text.term_stream`), which
is what makes labeling a corpus fast, and it needs neither scikit-learn nor the
training data once fitted.
"""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from functools import partial

import numpy as np
import scipy.sparse as sp

from framing.cues import CUE_NAMES, cue_counts, cues_and_us_sentences, us_sentences
from framing.text import (
    MARKS,
    STOP_WORDS,
    TermStream,
    TermTable,
    stem_words,
    term_ids,
    term_stream,
    term_string,
    vocabulary_in_use,
)

__all__ = ["TextFeatures"]


_NOT_FEATURES = STOP_WORDS | MARKS


def _feature_terms(terms: list[str], *, stemming: bool) -> list[int]:
    """The ids of the terms words contribute to TF-IDF (stems, or the words), -1 for marks and stop words."""
    kept = [term not in _NOT_FEATURES for term in terms]
    words = list(itertools.compress(terms, kept))
    ids = iter(term_ids(stem_words(words) if stemming else words))
    return [next(ids) if keep else -1 for keep in kept]


_STEMMED = TermTable(partial(_feature_terms, stemming=True), np.int32, batch=True)
_PLAIN = TermTable(partial(_feature_terms, stemming=False), np.int32, batch=True)


def _columns(terms: list[str], *, vocabulary: dict) -> list[int]:
    return [vocabulary.get(term, -1) for term in terms]


class TextFeatures:
    """TF-IDF of stem unigrams and bigrams, the "us|" block, and sentence-level cue counts.

    Columns, in order: unigrams, bigrams, "us|" unigrams (when ``us_scale`` was
    non-zero at fit time), cue counts (when ``cues``).

    Parameters
    ----------
    stemming : bool, default=True
        Words are reduced to their Sastrawi stems; ``False`` keeps the words as
        they are (the "TF-IDF without stemming" baseline).
    cues : bool, default=True
        Append the cue features of :mod:`framing.cues`.
    min_df : int, default=2
        A unigram or bigram must occur in at least this many training paragraphs.
    cue_scale : float, default=1.0
        Cue counts enter as ``log1p(count) * cue_scale``.
    us_scale : float, default=0.0
        The stems of the sentences that name a US actor enter a second time, as
        a TF-IDF block of their own ("us|stem" columns: the same words weigh
        differently when a US actor is in the sentence), times ``us_scale``;
        0 leaves the block out.

    Attributes
    ----------
    vocabulary_ : list of str
        The unigram columns, in order.
    bigram_keys_ : ndarray of int64
        Bigram columns, in order, each as ``first_column * len(vocabulary_) + second_column``.
    idf_ : ndarray
        Inverse document frequency of each unigram and bigram column.
    us_columns_ : ndarray of int64
        The unigram columns that have a "us|" column, in order (empty when ``us_scale`` is 0).
    us_idf_ : ndarray
        Inverse document frequency of each "us|" column, counted on US sentences.
    """

    def __init__(
        self,
        *,
        stemming: bool = True,
        cues: bool = True,
        min_df: int = 2,
        cue_scale: float = 1.0,
        us_scale: float = 0.0,
    ):
        self.stemming = stemming
        self.cues = cues
        self.min_df = min_df
        self.cue_scale = cue_scale
        self.us_scale = us_scale
        self._lock = threading.Lock()
        self._columns = None
        self._bigram_lookup = None
        self._names = None
        _INSTANCES.add(self)

    def __getstate__(self):
        state = dict(self.__dict__)
        for transient in ("_lock", "_columns", "_bigram_lookup", "_names"):
            state.pop(transient, None)
        return state

    def __setstate__(self, state):
        state.setdefault("us_scale", 0.0)  # saved before the "us|" block existed
        if "idf_" in state:
            state.setdefault("us_columns_", np.zeros(0, dtype=np.int64))
            state.setdefault("us_idf_", np.zeros(0))
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._columns = None
        self._bigram_lookup = None
        self._names = None
        _INSTANCES.add(self)

    def __repr__(self) -> str:
        fitted = f", {self.n_features_} features" if hasattr(self, "idf_") else ""
        return (
            f"TextFeatures(stemming={self.stemming}, cues={self.cues}, min_df={self.min_df}, "
            f"cue_scale={self.cue_scale}, us_scale={self.us_scale}{fitted})"
        )

    # --- fitting -----------------------------------------------------------------------------------------

    def fit(self, paragraphs) -> TextFeatures:
        """Learn the vocabulary and idf from training paragraphs (a list of str)."""
        self.fit_transform(paragraphs)
        return self

    def fit_transform(self, paragraphs) -> sp.csr_matrix:
        """Fit, and return the features of the same paragraphs."""
        if not isinstance(self.min_df, int) or self.min_df < 1:
            raise ValueError(f'Invalid value for "min_df": {self.min_df!r}; use an integer >= 1')
        with vocabulary_in_use():
            return self._fit_transform(term_stream(paragraphs))

    def _fit_transform(self, stream: TermStream) -> sp.csr_matrix:
        if stream.n_paragraphs == 0:
            raise ValueError("cannot fit TextFeatures on no paragraphs")
        terms, paragraph, keep = self._terms(stream)
        n = stream.n_paragraphs

        unigram_df = _document_frequency(paragraph, terms)
        kept = [t for t, df in unigram_df.items() if df >= self.min_df]
        vocabulary = sorted(term_string(t) for t in kept)
        self.vocabulary_ = vocabulary
        self._columns = None
        columns = self._column_table()[terms]
        u = len(vocabulary)
        keys, rows = _bigrams(columns, paragraph, u)
        bigram_df = _document_frequency(rows, keys)
        self.bigram_keys_ = np.array(
            sorted(k for k, df in bigram_df.items() if df >= self.min_df), dtype=np.int64
        )

        df = np.zeros(u + len(self.bigram_keys_))
        index = {term_string(t): df_ for t, df_ in unigram_df.items()}
        df[:u] = [index[w] for w in vocabulary]
        df[u:] = [bigram_df[k] for k in self.bigram_keys_.tolist()]
        self.idf_ = np.log((1 + n) / (1 + df)) + 1.0
        self.us_columns_, self.us_idf_ = np.zeros(0, dtype=np.int64), np.zeros(0)
        if self.us_scale:
            in_us = us_sentences(stream)[keep]
            us_df = _document_frequency(paragraph[in_us], columns[in_us])
            self.us_columns_ = np.array(
                sorted(c for c, df_ in us_df.items() if df_ >= self.min_df and c >= 0), dtype=np.int64
            )
            self.us_idf_ = (
                np.log((1 + n) / (1 + np.array([us_df[c] for c in self.us_columns_.tolist()]))) + 1.0
            )
        self._names = None
        return self._stack(*self._blocks(stream))

    @property
    def n_features_(self) -> int:
        """Number of columns of :meth:`transform`."""
        return len(self.idf_) + len(self.us_columns_) + (len(CUE_NAMES) if self.cues else 0)

    # --- transforming ------------------------------------------------------------------------------------

    def transform(self, paragraphs) -> sp.csr_matrix:
        """The feature matrix of a list of paragraphs, shape (n, n_features_)."""
        return self._stack(*self.transform_blocks(paragraphs))

    def transform_blocks(self, paragraphs):
        """The sparse block (unigrams, bigrams and the "us|" columns) and the cue block (dense, or None
        without cues), separately."""
        if not hasattr(self, "idf_"):
            raise ValueError("this TextFeatures is not fitted yet; call fit() first")
        with vocabulary_in_use():
            return self._blocks(term_stream(paragraphs))

    def _blocks(self, stream: TermStream):
        # Whether the "us|" block is there is decided by the fitted columns; us_scale only weighs it.
        with_us = len(self.us_columns_) > 0
        if self.cues:
            counts, in_us = cues_and_us_sentences(stream) if with_us else (cue_counts(stream), None)
        else:
            in_us = us_sentences(stream) if with_us else None
        words = self._tfidf(stream, in_us)
        if not self.cues:
            return words, None
        return words, np.log1p(counts) * self.cue_scale

    def _stack(self, words, cues):
        return words if cues is None else sp.hstack([words, sp.csr_matrix(cues)], format="csr")

    def _terms(self, stream: TermStream):
        stream.check()
        table = _STEMMED if self.stemming else _PLAIN
        feature = table[stream.term]
        keep = feature >= 0
        return feature[keep], stream.paragraph[keep], keep

    def _column_table(self) -> TermTable:
        if self._columns is None:
            with self._lock:
                if self._columns is None:
                    vocabulary = {w: i for i, w in enumerate(self.vocabulary_)}
                    self._columns = TermTable(partial(_columns, vocabulary=vocabulary), np.int64, batch=True)
        return self._columns

    def _bigram_index(self) -> _SortedKeys:
        index = self._bigram_lookup
        if index is None or index.keys is not self.bigram_keys_:  # none yet, or fitted again since
            index = self._bigram_lookup = _SortedKeys(self.bigram_keys_)
        return index

    def _tfidf(self, stream: TermStream, in_us=None) -> sp.csr_matrix:
        """The TF-IDF block: unigrams and bigrams, and the "us|" columns when ``in_us`` (per position) is given."""
        n = stream.n_paragraphs
        u = len(self.vocabulary_)
        terms, paragraph, keep = self._terms(stream)
        columns = self._column_table()[terms]
        unigram = columns >= 0
        keys, key_rows = _bigrams(columns, paragraph, u)
        found, hit = self._bigram_index().find(keys)
        rows = np.concatenate([paragraph[unigram], key_rows[hit]])
        cols = np.concatenate([columns[unigram], u + found])
        if in_us is None or not len(self.us_columns_):
            return _weighted(rows, cols, n, self.idf_, len(self.idf_))
        in_us = in_us[keep] & unigram
        us_cols = columns[in_us]
        k = np.searchsorted(self.us_columns_, us_cols).clip(max=len(self.us_columns_) - 1)
        hit = self.us_columns_[k] == us_cols
        # Both blocks in one matrix; each is normalised on its own.
        return _weighted(
            np.concatenate([rows, paragraph[in_us][hit]]),
            np.concatenate([cols, len(self.idf_) + k[hit]]),
            n,
            np.concatenate([self.idf_, self.us_idf_]),
            len(self.idf_),
            self.us_scale,
        )

    # --- names -------------------------------------------------------------------------------------------

    def feature_names(self) -> np.ndarray:
        """Column names: stems ("bantah"), stem bigrams ("tidak benar"), stems of US sentences ("us|ingat"),
        then cue names ("cue:usxconcern")."""
        if self._names is None:
            u = len(self.vocabulary_)
            first, second = np.divmod(self.bigram_keys_, u) if u else (self.bigram_keys_, self.bigram_keys_)
            bigrams = [
                f"{self.vocabulary_[a]} {self.vocabulary_[b]}"
                for a, b in zip(first.tolist(), second.tolist())
            ]
            us = [f"us|{self.vocabulary_[c]}" for c in self.us_columns_.tolist()]
            names = [*self.vocabulary_, *bigrams, *us, *(CUE_NAMES if self.cues else ())]
            self._names = np.array(names, dtype=object)
        return self._names


_INSTANCES: weakref.WeakSet = weakref.WeakSet()  # every TextFeatures, for _after_fork_in_child


def _after_fork_in_child() -> None:
    # A thread of the parent may have held a column-table lock when the process forked; that thread does
    # not exist here. The table itself is published whole, so a child sees it built or not at all.
    for features in list(_INSTANCES):
        features._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _weighted(rows, cols, n, idf, start, scale=1.0) -> sp.csr_matrix:
    """Counts of (row, column) pairs as sublinear TF-IDF, each row of unit length (empty rows stay 0) in
    each of two blocks: the columns before ``start``, and those from ``start`` on, then times ``scale``."""
    X = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(idf)), dtype=np.float64)
    X.sum_duplicates()
    X.data = (1.0 + np.log(X.data)) * idf[X.indices]
    row_of_value = np.repeat(np.arange(n), np.diff(X.indptr))
    second = X.indices >= start
    block_row = row_of_value + n * second  # rows of the second block counted apart
    norms = np.sqrt(np.bincount(block_row, weights=X.data**2, minlength=2 * n))
    X.data /= norms[block_row]
    X.data[second] *= scale
    return X


class _SortedKeys:
    """Sorted int64 keys, for finding many keys at once, with a hashed bitmap in front.

    Most bigrams of a text are not columns (77% over the shared corpus); the bitmap turns
    nearly all of them away before the binary search, which is the costly part (0.10 s ->
    0.03 s for the corpus's 1.3 million bigrams). The keys found are exactly those
    ``np.searchsorted`` alone finds.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * 2**64 / phi

    def __init__(self, keys: np.ndarray):
        self.keys = keys
        # 32 to 64 slots per key (at most 2**24, 16 MB): a key that is not there passes 1 time in 32 or less.
        bits = min(max(len(keys).bit_length() + 6, 16), 24)
        self._shift = np.uint64(64 - bits)
        self._present = np.zeros(1 << bits, dtype=bool)
        self._present[self._slots(keys)] = True

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return (keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift

    def find(self, keys: np.ndarray):
        """The positions in :attr:`keys` of the given keys that are there, and which of them are."""
        maybe = np.flatnonzero(self._present[self._slots(keys)]) if len(self.keys) else np.zeros(0, np.intp)
        candidates = keys[maybe]
        found = np.searchsorted(self.keys, candidates).clip(max=max(len(self.keys) - 1, 0))
        there = self.keys[found] == candidates
        hit = np.zeros(len(keys), dtype=bool)
        hit[maybe[there]] = True
        return found[there], hit


def _bigrams(columns, paragraph, n_unigrams):
    """Keys of adjacent known unigrams in one paragraph, and the paragraph of each."""
    if len(columns) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=paragraph.dtype)
    a, b = columns[:-1], columns[1:]
    ok = (paragraph[:-1] == paragraph[1:]) & (a >= 0) & (b >= 0)
    return a[ok] * n_unigrams + b[ok], paragraph[:-1][ok]


def _document_frequency(rows, keys) -> dict[int, int]:
    """Key -> number of distinct rows it occurs in."""
    if not len(keys):
        return {}
    pairs = np.unique(np.stack([keys.astype(np.int64), rows.astype(np.int64)]), axis=1)
    values, counts = np.unique(pairs[0], return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))
