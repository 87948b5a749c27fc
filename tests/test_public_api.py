import pytest

import framing
from framing import FRAMES, ParagraphResult

ARTICLE = (
    "SEOUL, KOMPAS.com - Korea Utara dan Rusia menggelar latihan militer bersama di Laut Jepang, "
    "menurut Kepala Staf Gabungan Korea Selatan, Senin (12/5/2025).\n"
    "Baca Juga: Harga Cabai Naik Jelang Lebaran\n"
    "Pyongyang membantah laporan itu dan menyebutnya propaganda Barat yang tidak berdasar.\n"
)


def test_every_public_name_imports():
    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
    assert callable(framing.evaluate) and callable(framing.label_corpus)
    assert FRAMES == ("military_cooperation", "sanctions", "denial", "us_concern")


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        framing.no_such_thing  # noqa: B018


def test_classify_returns_one_result_per_paragraph(small_model):
    results = framing.classify(ARTICLE, model=small_model)
    assert [r.index for r in results] == [0, 1, 2]
    assert all(isinstance(r, ParagraphResult) for r in results)
    content, boiler, denial = results
    assert boiler.boilerplate and boiler.frames == () and boiler.scores == {}
    for r in (content, denial):
        assert set(r.scores) == set(FRAMES)
        assert all(0.0 <= s <= 1.0 for s in r.scores.values())
        assert set(r.frames) <= set(FRAMES)
    assert "denial" in denial.frames
    assert "military_cooperation" in content.frames


def test_classify_explain_lists_features_that_push_frames_up(small_model):
    results = framing.classify(ARTICLE, model=small_model, explain=True)
    expl = results[2].explanation
    assert set(expl) == set(FRAMES)
    top = [name for name, weight in expl["denial"]]
    assert top and all(weight > 0 for _, weight in expl["denial"])
    # the denial cue or the stem of a denial verb is among the reasons
    assert any("denial" in name or "tampik" in name or "ban" in name or "propaganda" in name for name in top)


@pytest.mark.parametrize("bad", [None, b"bytes", 42, 3.5, ["a list"]])
def test_classify_rejects_non_text_with_type_error(bad, small_model):
    with pytest.raises(TypeError, match="str"):
        framing.classify(bad, model=small_model)


@pytest.mark.parametrize("blank", ["", "   ", "\n\n\t \r\n"])
def test_blank_text_gives_empty_result(blank, small_model):
    assert framing.classify(blank, model=small_model) == []


def test_classify_rejects_a_model_of_the_wrong_type():
    with pytest.raises(TypeError, match="FramingModel"):
        framing.classify("Teks berita.", model="models/")


def test_result_to_dict_is_json_ready(small_model):
    import json

    d = framing.classify(ARTICLE, model=small_model)[0].to_dict()
    assert json.loads(json.dumps(d)) == d


def test_library_errors_share_one_base_and_match_builtins():
    for exc in (
        framing.AnnotationError,
        framing.UnknownFrameError,
        framing.CorpusError,
        framing.ModelIntegrityError,
        framing.ModelMismatchError,
    ):
        assert issubclass(exc, framing.FramingError)
        assert issubclass(exc, ValueError)
    assert issubclass(framing.ModelNotFoundError, FileNotFoundError)
