"""Predict, then reveal: the prediction mode of every explorer, driven with plain Python values.

For every explorer with predictions (helpers/predictions.py): while a prediction is pending, the readout is
hidden, the description (caption, accessible name, alt text) is the concealed one, and every artist that would
give the answer away is hidden; revealing the model's own answer counts as close, a wrong one does not; after
the reveal everything is shown again; the last prediction leads back to free exploration. The machinery itself
is tested on the expansion explorer, including the widget path a learner clicks through.
"""

from __future__ import annotations

import html

import pytest

from helpers.explorers import REGISTRY
from helpers.explorers.base import Prediction
from helpers.predictions import PREDICTIONS

WITH_PREDICTIONS = sorted(name for name, (_, factory) in REGISTRY.items() if factory.__name__ in PREDICTIONS)


def test_every_explorer_has_predictions():
    """Every explorer's Try-it asks for predictions its figure would otherwise give away."""
    assert WITH_PREDICTIONS == sorted(REGISTRY)


def _wrong(p: Prediction, truth):
    if p.options:
        return next(o for o in p.options if o != truth)
    return float(truth) * 10 + 10 * (p.abs_tol + 1)


@pytest.mark.parametrize("name", WITH_PREDICTIONS)
def test_predictions_conceal_then_reveal(name):
    explorer = REGISTRY[name][1]()
    predictions = PREDICTIONS[type(explorer).__name__]()
    explorer.ask(*predictions)
    for i, p in enumerate(predictions):
        assert explorer.prediction is p and explorer.concealed
        assert explorer.predict_box.layout.display == "flex"
        assert "hidden" in explorer.readout_html.value
        concealed = explorer.describe()
        assert concealed == explorer.describe_concealed() and p.prompt in concealed
        assert explorer.image_alt == concealed and explorer.caption.value.count(html.escape(concealed[:30]))
        hidden = explorer._answer_artists(p)
        assert hidden and not any(a.get_visible() for a in hidden), p.prompt
        truth = p.answer(explorer.state)
        if p.options:
            assert truth in p.options, (p.prompt, truth)
        with pytest.raises(ValueError):
            explorer.reveal("not a prediction" if not p.options else "not an option")
        verdict = explorer.reveal(truth)
        assert verdict.close and verdict.truth == truth and not explorer.concealed
        assert explorer.readout_html.value == explorer.readout() and explorer.describe() == explorer.summary()
        assert "✔" in verdict.message
        with pytest.raises(ValueError, match="no prediction waiting"):
            explorer.reveal(truth)
        following = explorer.next_prediction()
        assert following is (predictions[i + 1] if i + 1 < len(predictions) else None)
    assert explorer.prediction is None and not explorer.concealed
    assert explorer.predict_box.layout.display == "none"
    assert explorer.readout_html.value == explorer.readout()


@pytest.mark.parametrize("name", WITH_PREDICTIONS)
def test_a_wrong_prediction_is_not_close(name):
    explorer = REGISTRY[name][1]()
    predictions = PREDICTIONS[type(explorer).__name__]()
    explorer.ask(*predictions)
    for p in predictions:
        truth = p.answer(explorer.state)
        verdict = explorer.reveal(_wrong(p, truth))
        assert not verdict.close and "✘" in verdict.message, p.prompt
        explorer.next_prediction()


@pytest.mark.parametrize("name", WITH_PREDICTIONS)
def test_the_answer_is_computed_at_the_predictions_settings(name):
    """Moving the controls while a prediction is pending does not change the answer it is judged against."""
    explorer = REGISTRY[name][1]()
    p = PREDICTIONS[type(explorer).__name__]()[0]
    explorer.ask(p)
    truth = p.answer(explorer.state)
    explorer.reset()  # the learner wanders off to the default settings
    assert explorer.reveal(truth).close


def test_typed_predictions_are_read_like_quiz_answers():
    explorer = REGISTRY["expansion"][1](predict=True)
    assert explorer.concealed
    explorer._p_number.value = "1,0"  # a decimal comma: a hint, not a misreading
    explorer._p_reveal.click()
    assert explorer.concealed and "Use a point for decimals" in explorer._p_feedback.value
    explorer._p_number.value = "<b>9.5</b>"
    explorer._p_reveal.click()
    assert explorer.concealed and "<b>9.5</b>" not in explorer._p_feedback.value
    explorer._p_number.value = ""
    explorer._p_reveal.click()
    assert "first" in explorer._p_feedback.value
    explorer._p_number.value = "9.5"
    explorer._p_reveal.click()
    assert not explorer.concealed and "✔" in explorer._p_feedback.value and "9.55 days" in explorer._p_feedback.value
    assert explorer._p_reveal.disabled and explorer._p_next.layout.display == "flex"
    explorer._p_next.click()
    assert explorer.concealed and explorer._p_choice.layout.display == "flex"
    explorer._p_choice.value = explorer.prediction.options[0]
    explorer._p_reveal.click()
    assert not explorer.concealed and explorer.verdicts[-1].prediction == explorer.prediction.options[0]


def test_ask_validates_predictions():
    explorer = REGISTRY["expansion"][1]()
    with pytest.raises(ValueError, match="at least one"):
        explorer.ask()
    with pytest.raises(TypeError):
        explorer.ask("a prediction")
    with pytest.raises(ValueError, match="no artist 'nothing'"):
        explorer.ask(Prediction("?", answer=lambda s: 1.0, hide=("nothing",)))
    with pytest.raises(ValueError, match="no control 'dose'"):
        explorer.ask(Prediction("?", answer=lambda s: 1.0, settings={"dose": 1}))
    with pytest.raises(ValueError, match="day must be"):
        explorer.ask(Prediction("?", answer=lambda s: 1.0, settings={"day": 1000}))
    with pytest.raises(ValueError, match="options"):
        Prediction("?", answer=lambda s: "a", options=("a",))
    with pytest.raises(ValueError, match="no prediction waiting"):
        explorer.reveal(1.0)


def test_the_stored_image_of_a_pending_prediction_gives_nothing_away():
    explorer = REGISTRY["expansion"][1](predict=True)
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == explorer.describe_concealed() and explorer.image_alt == bundle["text/plain"]
    assert "9.6" not in bundle["text/plain"] and "day 9" not in bundle["text/plain"]
