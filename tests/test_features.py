"""framing.features against scikit-learn: the same TF-IDF, and the same probabilities as the fitted classifier."""

import itertools
import pickle
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import scipy.sparse as sp

from framing.annotations import load_annotations
from framing.cues import _BIT, _PHRASES, CUE_NAMES, cue_counts, cues_and_us_sentences, term_mask, us_sentences
from framing.features import TextFeatures
from framing.text import (
    MARKS,
    PARAGRAPH_END,
    SENTENCE_END,
    STOP_WORDS,
    analyze,
    stem_word,
    term_stream,
    term_string,
    vocabulary_in_use,
)

from .conftest import ANNOTATIONS


@pytest.fixture(scope="module")
def texts():
    return [a.text for a in load_annotations(ANNOTATIONS, sets=("seeds", "authored")).usable()]


def _stems_and_bigrams(text):
    stems = analyze(text)
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]


def test_tfidf_block_is_sklearns_tfidf_on_the_same_stems(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    train, test = texts[:600], [*texts[600:], "", "kata yang tidak pernah ada dalam pelatihan"]
    ours = TextFeatures(cues=False).fit(train)
    reference = TfidfVectorizer(analyzer=_stems_and_bigrams, min_df=2, sublinear_tf=True).fit(train)
    names = list(ours.feature_names())
    assert sorted(names) == sorted(reference.get_feature_names_out())
    order = [reference.vocabulary_[n] for n in names]
    expected = reference.transform(test)[:, order]
    np.testing.assert_allclose(ours.transform(test).toarray(), expected.toarray(), atol=1e-12)


_US_PHRASES = [p for p, bits in _PHRASES.items() if bits & int(_BIT["us"])]


def _names_us(words):
    """Whether a sentence's words hold a US actor: a word or a phrase of the "us" lexicon."""
    if any(term_mask(w) & int(_BIT["us"]) for w in words):
        return True
    return any(tuple(words[i : i + len(p)]) == p for p in _US_PHRASES for i in range(len(words)))


def _us_sentence_stems(text):
    """The stems of the sentences of text that name a US actor, read term by term."""
    out, sentence = [], []
    for t in [*term_stream([text]).term.tolist()]:
        if t in (SENTENCE_END, PARAGRAPH_END):
            if _names_us(sentence):
                out += [f"us|{stem_word(w)}" for w in sentence if w not in STOP_WORDS and w not in MARKS]
            sentence = []
        else:
            sentence.append(term_string(t))
    return out


def test_us_block_is_tfidf_on_the_stems_of_us_sentences(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    train = texts[:600]
    test = [
        *texts[600:],
        "",
        "AS khawatir. Petani khawatir.",
        "Petani panen; Gedung Putih memperingatkan Rusia.",
    ]
    ours = TextFeatures(cues=False, us_scale=0.5).fit(train)
    plain = TextFeatures(cues=False).fit(train)
    with vocabulary_in_use():
        reference = TfidfVectorizer(analyzer=_us_sentence_stems, min_df=2, sublinear_tf=True).fit(train)
        expected = reference.transform(test)
    names = list(ours.feature_names())
    n_plain = len(plain.feature_names())
    assert names[:n_plain] == list(plain.feature_names())
    us = names[n_plain:]
    assert len(us) > 50 and sorted(us) == sorted(reference.get_feature_names_out())
    X = ours.transform(test).toarray()
    np.testing.assert_array_equal(X[:, :n_plain], plain.transform(test).toarray())
    order = [reference.vocabulary_[n] for n in us]
    np.testing.assert_allclose(X[:, n_plain:], 0.5 * expected[:, order].toarray(), atol=1e-12)
    assert X[-2, names.index("us|khawatir")] > 0  # from "AS khawatir.", not the farmers' sentence
    fired = {us[j] for j in np.flatnonzero(X[-1, n_plain:])}
    assert "us|ingat" in fired and fired <= {"us|_gedungputih", "us|ingat", "us|_rusia"}


def test_the_shipped_configuration_is_its_blocks_side_by_side(texts):
    # Cues and the "us|" block together (the shipped model's features) share one pass over the sentences.
    train = texts[:600]
    test = [*texts[600:700], "", "Petani panen raya.", "AS khawatir. Petani khawatir.", "Gedung Putih diam."]
    full = TextFeatures(cue_scale=0.25, us_scale=0.5).fit(train)
    words = TextFeatures(cues=False, us_scale=0.5).fit(train)
    with vocabulary_in_use():
        stream = term_stream(test)
        counts, in_us = cues_and_us_sentences(stream)
        np.testing.assert_array_equal(counts, cue_counts(stream))
        np.testing.assert_array_equal(in_us, us_sentences(stream))
    assert 0 < in_us.sum() < len(in_us)
    expected = sp.hstack([words.transform(test), np.log1p(counts) * 0.25]).toarray()
    X = full.transform(test)
    np.testing.assert_allclose(X.toarray(), expected, atol=1e-12)
    assert X.shape[1] == full.n_features_ == len(full.feature_names())
    full.us_scale = 0.0  # a weight changed after fitting weighs the block; the columns stay
    assert full.transform(test).shape == X.shape


def test_cue_columns_follow_the_tfidf_block(texts):
    features = TextFeatures(cue_scale=0.5).fit(texts[:300])
    X = features.transform(["Gedung Putih khawatir atas pengiriman amunisi itu."])
    words, cues = features.transform_blocks(["Gedung Putih khawatir atas pengiriman amunisi itu."])
    assert X.shape == (1, features.n_features_) == (1, words.shape[1] + len(CUE_NAMES))
    np.testing.assert_allclose(X.toarray()[0, words.shape[1] :], cues[0])
    names = list(features.feature_names())
    assert cues[0, names.index("cue:usxconcern") - words.shape[1]] == pytest.approx(0.5 * np.log(2))


def test_model_scores_are_the_classifiers_probabilities(texts, small_model):
    from framing.model import FramingModel
    from framing.training import frame_classifier, label_matrix

    data = load_annotations(ANNOTATIONS, sets=("seeds", "authored")).usable()
    features = TextFeatures().fit([a.text for a in data])
    X = features.transform([a.text for a in data])
    classifier = frame_classifier(cv=3).fit(X, label_matrix(data))
    coef, intercept = classifier.linear_weights()
    model = FramingModel(features, coef, intercept, classifier.thresholds_)
    sample = texts[::25]
    np.testing.assert_allclose(
        model.predict_scores(sample), classifier.predict_proba(features.transform(sample)), atol=1e-12
    )


def test_a_frame_never_seen_in_training_scores_zero():
    from framing.classifier import ThresholdedOneVsRest

    X = sp.csr_matrix(np.eye(6))
    Y = np.array([[1, 0], [0, 0], [1, 0], [0, 0], [1, 0], [0, 0]])
    classifier = ThresholdedOneVsRest(cv=2).fit(X, Y)
    coef, intercept = classifier.linear_weights()
    assert intercept[1] == -np.inf and not coef[:, 1].any()
    np.testing.assert_allclose(classifier.predict_proba(X)[:, 1], 0.0)


def test_a_batch_is_the_sum_of_its_paragraphs(texts):
    features = TextFeatures().fit(texts[:400])
    batch = [*texts[400:460], "Amerika", "Serikat khawatir."]  # a name must not join across paragraphs
    together = features.transform(batch).toarray()
    apart = np.vstack([features.transform([t]).toarray() for t in batch])
    np.testing.assert_allclose(together, apart, atol=1e-12)


def test_fitted_features_pickle_and_transform_alike(texts):
    features = TextFeatures().fit(texts[:300])
    again = pickle.loads(pickle.dumps(features))
    sample = texts[300:340]
    assert (again.transform(sample) != features.transform(sample)).nnz == 0
    assert list(again.feature_names()) == list(features.feature_names())


def test_threads_see_the_same_features(texts):
    features = TextFeatures().fit(texts[:300])
    # Words nobody has seen yet, so that every thread registers new tokens at the same time.
    fresh = [f"Kata{i}baru zyx{i}ab {t}" for i, t in enumerate(texts[300:380])]
    expected = None
    results = [None] * 8
    barrier = threading.Barrier(8)

    def work(k):
        barrier.wait()
        results[k] = features.transform(fresh).toarray()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = features.transform(fresh).toarray()
    for r in results:
        np.testing.assert_array_equal(r, expected)


def test_bad_input_is_refused(texts):
    with pytest.raises(ValueError, match="not fitted"):
        TextFeatures().transform(["x"])
    with pytest.raises(TypeError, match="single string"):
        TextFeatures().fit("AS khawatir.")
    with pytest.raises(ValueError, match="min_df"):
        TextFeatures(min_df=0).fit(texts[:10])
    with pytest.raises(ValueError, match="no paragraphs"):
        TextFeatures().fit([])


def test_token_tables_are_emptied_past_their_cap_with_the_same_results(texts, monkeypatch):
    import framing.text as text_module

    features = TextFeatures().fit(texts[:300])
    batches = [texts[i : i + 40] for i in range(300, 700, 40)]
    expected = [features.transform(b).toarray() for b in batches]
    monkeypatch.setattr(text_module, "MAX_CACHED_TOKENS", 200)
    epoch = text_module._VOCABULARY.epoch
    sizes = []
    for batch, want in zip(batches, expected):
        np.testing.assert_allclose(features.transform(batch).toarray(), want, atol=1e-12)
        sizes.append(len(text_module._TOKENS))
    assert text_module._VOCABULARY.epoch > epoch  # the tables were emptied along the way
    assert max(sizes) < 200 + max(len(" ".join(b).split()) for b in batches)


def test_a_stale_term_stream_is_refused(monkeypatch):
    import framing.text as text_module
    from framing.cues import cue_counts
    from framing.text import term_stream

    stream = term_stream(["AS khawatir."])
    monkeypatch.setattr(text_module._VOCABULARY, "epoch", text_module._VOCABULARY.epoch + 1)
    with pytest.raises(RuntimeError, match="out of date"):
        cue_counts(stream)


@settings(max_examples=200, deadline=None)
@given(
    keys=st.sets(st.integers(0, 2**40), max_size=300),
    queries=st.lists(st.integers(0, 2**40), max_size=300),
    pick=st.lists(st.integers(0, 10**6), max_size=100),
)
def test_sorted_keys_find_exactly_what_a_binary_search_finds(keys, queries, pick):
    from framing.features import _SortedKeys

    sorted_keys = np.array(sorted(keys), dtype=np.int64)
    # Queries both among the keys and not, in any order, with repeats.
    chosen = [sorted_keys[i % len(sorted_keys)] for i in pick] if len(sorted_keys) else []
    query = np.array([*queries, *chosen, *queries[:10]], dtype=np.int64)
    found, hit = _SortedKeys(sorted_keys).find(query)
    expected_hit = np.isin(query, sorted_keys)
    np.testing.assert_array_equal(hit, expected_hit)
    np.testing.assert_array_equal(found, np.searchsorted(sorted_keys, query[expected_hit]))
    assert found.dtype.kind == "i"


def test_bigram_lookup_follows_a_refit(texts):
    features = TextFeatures().fit(texts[:200])
    features.transform(texts[200:260])  # builds the lookup of the first fit's bigram columns
    features.fit(texts[300:500])  # other bigram columns: the lookup must not keep the old ones
    fresh = TextFeatures().fit(texts[300:500])
    np.testing.assert_array_equal(features.bigram_keys_, fresh.bigram_keys_)
    want = fresh.transform(texts[200:260]).toarray()
    np.testing.assert_allclose(features.transform(texts[200:260]).toarray(), want)
