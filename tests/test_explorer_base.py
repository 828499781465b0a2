"""The explorer machinery, on a tiny explorer defined here (three curves on a log axis)."""

import base64
import io

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from helpers.explorers.base import Explorer, Scene, check_control_value, control_values, random_value


class Powers(Explorer):
    """y = x**k for three exponents; k is a slider, the curve set a dropdown, log y axis."""

    title = "Powers"

    def __init__(self, **initial):
        self.compute_calls = 0
        super().__init__(**initial)

    def make_controls(self):
        return {
            "k": widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1, description="k"),
            "scale": widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, description="scale"),
            "n": widgets.IntSlider(value=3, min=1, max=3, description="curves"),
            "boom": widgets.Checkbox(value=False, description="fail"),
        }

    def compute(self, **v):
        self.compute_calls += 1
        if v["boom"]:
            raise RuntimeError("model exploded")
        x = np.linspace(1, 10, 50)
        return {"x": x, "ys": [v["scale"] * x ** (v["k"] * (i + 1)) for i in range(v["n"])], **v}

    def build(self, fig):
        ax = fig.add_subplot()
        ax.set_yscale("log")
        ax.set_xlim(1, 10)
        ax.set_ylim(1e-1, 1e31)
        lines = [ax.plot([], [])[0] for _ in range(3)]
        return Scene({"lines": lines}, list(lines))

    def draw(self, scene, state):
        for i, line in enumerate(scene["lines"]):
            if i < len(state["ys"]):
                line.set_data(state["x"], state["ys"][i])
                line.set_visible(True)
            else:
                line.set_visible(False)

    def summary(self):
        return f"{self.state['n']} power curves with k = {self.state['k']:.1f}."


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_builds_once_and_shows_an_image():
    e = Powers()
    assert e.png.startswith(b"\x89PNG")
    assert base64.b64encode(e.png).decode() in e.image.value
    assert decode(e.png).shape == (420, 700, 3)
    assert "act-explorer" in e.widget._dom_classes
    assert "act-explorer-figure" in e.image._dom_classes and "class='act-explorer-image'" in e.image.value
    assert e.compute_calls == 1


def test_set_returns_state_and_changes_the_figure():
    e = Powers()
    before = decode(e.png)
    fig = e.fig
    state = e.set(k=2.0)
    assert state is e.state and state["k"] == 2.0
    assert e.fig is fig  # persistent figure, never rebuilt
    assert not np.array_equal(before, decode(e.png))
    assert e.controls["k"].value == 2.0


def test_set_several_controls_computes_once():
    e = Powers()
    calls = e.compute_calls
    e.set(k=1.5, n=2, scale=3.0)
    assert e.compute_calls == calls + 1


def test_a_slider_change_from_the_frontend_updates():
    e = Powers()
    before = e.png
    e.controls["k"].value = 2.5  # what a learner's drag does
    assert e.state["k"] == 2.5 and e.png != before
    assert "k = 2.5" in e.caption.value


def test_blitted_frame_equals_a_full_redraw():
    """The blitted image is the image a full redraw would give: the same pixels except where a dynamic
    artist crosses an axis spine (blitting draws it on top, a full redraw underneath)."""
    e = Powers()
    e.set(k=2.2, n=2)
    blitted = decode(e.png)
    for artist in e._scene.dynamic:
        artist.set_animated(False)
    e.fig.canvas.draw()
    full = np.asarray(e.fig.canvas.buffer_rgba())[..., :3]
    differ = np.any(blitted != full, axis=2)
    assert differ.mean() < 1e-3, f"{differ.sum()} pixels differ"


def test_returning_to_a_setting_reproduces_the_image():
    e = Powers()
    first = e.png
    e.set(k=2.9)
    e.set(k=1.0)
    assert e.png == first


def test_redraw_background_redraws():
    e = Powers()
    png = e.png
    e.redraw_background()
    e.update()
    assert e.png == png


def test_describe_and_static_fallback_bundle():
    e = Powers()
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64encode(e.png).decode() in bundle["text/html"]  # the figure without a kernel, as an <img>
    assert bundle["text/plain"] == e.describe() == "3 power curves with k = 1.0."
    assert f"alt='{e.describe()}'" in bundle["text/html"]  # with the description as its alt text
    assert e.image_alt == e.describe()  # the live image's accessible name


def test_set_rejects_unknown_names_and_out_of_range_values():
    e = Powers()
    with pytest.raises(ValueError, match="no control 'q'.*k, scale, n, boom"):
        e.set(q=1)
    with pytest.raises(ValueError, match=r"k must be a number in \[0.5, 3\]"):
        e.set(k=7)
    with pytest.raises(ValueError, match="k must be"):
        e.set(k=float("nan"))
    with pytest.raises(ValueError, match=r"scale must be a number in \[0.1, 10\]"):
        e.set(scale=100)
    with pytest.raises(ValueError, match="n must be a whole number"):
        e.set(n=1.5)
    with pytest.raises(ValueError, match=r"boom must be one of \[False, True\]"):
        e.set(boom="yes")
    assert e.values == {"k": 1.0, "scale": 1.0, "n": 3, "boom": False}  # nothing changed


def test_callback_errors_are_shown_to_the_learner_not_swallowed():
    e = Powers()
    e.controls["boom"].value = True  # a learner's click; the model raises
    assert isinstance(e.last_error, RuntimeError)
    assert "model exploded" in e.message.value and "role='alert'" in e.message.value
    e.controls["boom"].value = False  # recovering clears the message
    assert e.last_error is None and e.message.value == ""
    with pytest.raises(RuntimeError):  # from code, the error propagates
        e.set(boom=True)


def test_slow_explorers_update_on_release():
    class Slow(Powers):
        slow = True

    e = Slow()
    assert all(c.continuous_update is False for c in e.controls.values() if hasattr(c, "continuous_update"))
    assert Powers().controls["k"].continuous_update is True


def test_control_values_span_ranges_and_options():
    log = widgets.FloatLogSlider(value=1, base=10, min=-2, max=3)
    assert control_values(log, 6)[0] == pytest.approx(0.01) and control_values(log, 6)[-1] == pytest.approx(1000)
    assert control_values(widgets.IntSlider(min=0, max=3), 11) == [0, 1, 2, 3]
    assert control_values(widgets.Dropdown(options=[("a", 1), ("b", 2)])) == [1, 2]
    rng = np.random.default_rng(0)
    for _ in range(50):
        v = random_value(log, rng)
        assert check_control_value("log", log, v) == pytest.approx(v)


def test_naive_plot_draws_the_same_picture_on_a_new_figure():
    from matplotlib.figure import Figure

    e = Powers()
    fig = e.naive_plot(lambda **kw: Figure(**kw), k=2.0)
    assert fig is not e.fig
    lines = [l for l in fig.axes[0].lines if l.get_visible()]
    assert len(lines) == 3 and np.allclose(lines[1].get_ydata(), np.linspace(1, 10, 50) ** 4)


def test_png_encoder_round_trips_exactly():
    from helpers.figures.png import encode_png

    rng = np.random.default_rng(3)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(encode_png(rgba))).convert("RGBA")), rgba)
    assert np.array_equal(decode(encode_png(rgba[..., :3].copy())), rgba[..., :3])
    canvas_like = np.broadcast_to(rgba, (2, 37, 53, 4))[1]  # a non-contiguous view still encodes
    assert np.array_equal(decode(encode_png(canvas_like)), rgba[..., :3])
    with pytest.raises(ValueError, match="rgba must be a uint8 array"):
        encode_png(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match=r"level must be in \[0, 9\]"):
        encode_png(rgba, level=12)


class Banded(Powers):
    """Powers with a horizontal band that is background, chosen by a dropdown."""

    background_controls = ("band",)

    def make_controls(self):
        return {**super().make_controls(), "band": widgets.Dropdown(options=[("low", 1.0), ("high", 1e20)], value=1.0)}

    def build(self, fig):
        scene = super().build(fig)
        scene.handles["band"] = fig.axes[0].axhline(1.0, color="orange", linewidth=8)
        return scene

    def draw(self, scene, state):
        super().draw(scene, state)
        scene["band"].set_ydata([state["band"]] * 2)


def test_background_controls_redraw_the_background_only_when_they_change(monkeypatch):
    e = Banded()
    draws = []
    original = e.fig.canvas.draw
    monkeypatch.setattr(e.fig.canvas, "draw", lambda: draws.append(1) or original())
    e.set(k=2.0)
    assert draws == []  # a curve change reuses the cached background
    before = e.png
    e.set(band=1e20)
    assert len(draws) == 1 and e.png != before  # the band moved: background redrawn
    e.set(band=1.0, k=1.0)
    assert len(draws) == 1  # back to an earlier band: its background comes from the cache
    assert e.png == Banded().png  # ... and is the right one
    e.redraw_background()
    e.set(k=1.5)
    assert len(draws) == 2  # redraw_background empties the cache


def test_background_cache_keeps_the_most_recently_used_backgrounds(monkeypatch):
    e = Banded()
    e.background_cache_size = 1
    draws = []
    original = e.fig.canvas.draw
    monkeypatch.setattr(e.fig.canvas, "draw", lambda: draws.append(1) or original())
    e.set(band=1e20)
    e.set(band=1.0)
    assert len(draws) == 2 and len(e._backgrounds) == 1  # only one kept: the low band drawn again
    assert e.png == Banded().png


def test_reset_button_restores_the_starting_values():
    e = Powers(k=1.5)
    start = e.png
    e.controls["k"].value = 2.7
    e.controls["n"].value = 1
    e.reset_button.click()
    assert e.values == {"k": 1.5, "scale": 1.0, "n": 3, "boom": False}
    assert e.png == start
    e.set(k=3.0)
    assert e.reset()["k"] == 1.5
