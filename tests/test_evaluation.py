def test_baselines_are_retrained_with_the_models_own_classifier_settings():
    from framing.evaluation import _classifier_settings
    from framing.training import LOGISTIC_C, NB_ALPHA, NB_POWER

    saved = {"training": {"classifier": {"nb_power": 1.0, "nb_alpha": 0.2, "C": 4.0}}}
    assert _classifier_settings(saved) == {"nb_power": 1.0, "nb_alpha": 0.2, "C": 4.0}
    # a model from train_on() has no training record: it was trained with the current settings
    assert _classifier_settings({}) == {"nb_power": NB_POWER, "nb_alpha": NB_ALPHA, "C": LOGISTIC_C}
    # a card from before the scaling: plain logistic regression at C 8
    old = _classifier_settings({"training": {"cue_scale": 0.25}})
    assert old["nb_power"] == 0.0 and old["C"] == 8.0
