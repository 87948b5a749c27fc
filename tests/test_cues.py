import numpy as np
import pytest

from framing.cues import CUE_NAMES, CueFeatures, cue_counts
from framing.text import prepare


def cues(text):
    return dict(zip(CUE_NAMES, cue_counts(prepare(text))))


def test_us_concern_cue_needs_actor_and_concern_in_one_sentence():
    same = cues("Gedung Putih khawatir atas pengiriman amunisi itu.")
    apart = cues("AS menggelar pemilu sela. Para petani khawatir harga pupuk naik.")
    assert same["cue:usxconcern"] == 1
    assert apart["cue:usxconcern"] == 0
    assert apart["cue:us"] == 1 and apart["cue:concern"] == 1


def test_denial_and_transfer_cues():
    c = cues("Pyongyang membantah memasok rudal ke Rusia.")
    assert c["cue:denial"] == 1 and c["cue:target_statexdenial"] == 1
    assert c["cue:transferxmilitary"] == 1


def test_domestic_penalty_cue_marks_school_sanctions():
    c = cues("Mahasiswa yang merundung rekannya dijatuhi sanksi skors oleh kampus.")
    assert c["cue:sanctionxdomestic_penalty"] == 1


def test_transformer_shape_and_names():
    X = CueFeatures().fit(["a", "b"]).transform(["AS khawatir.", "Tidak ada apa-apa."])
    assert X.shape == (2, len(CUE_NAMES))
    assert np.all(X.toarray() >= 0)
    assert list(CueFeatures().get_feature_names_out()) == list(CUE_NAMES)


def test_transformer_rejects_a_bare_string():
    with pytest.raises(TypeError, match="single string"):
        CueFeatures().fit("AS khawatir.")
