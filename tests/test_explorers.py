"""Every explorer in the course: each control swept over its whole range and corners, plus random
combinations. No exception, no NaN in the state, and the image changes when the state changes; a NaN written
into a control is refused; the figure's layout holds (text inside, no legend over data, no overlapping labels)
at the defaults and every corner; the image's accessible name follows the description."""

import io
import itertools
import math

import numpy as np
import pytest
from PIL import Image

from helpers.explorers import REGISTRY
from helpers.figures.layout import layout_problems

RANDOM_COMBINATIONS = 200
MAX_LAYOUT_CORNERS = 128


def non_finite(obj, path="state"):
    """Yield (path, value) for every NaN or infinite number inside a state object (dataclass, dict,
    list, array, or an object with a ``__dict__``)."""
    if isinstance(obj, (bool, str)) or obj is None:
        return
    if isinstance(obj, (int, float, np.number)):
        if not np.isfinite(obj):
            yield path, float(obj)
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f" and not np.all(np.isfinite(obj)):
            bad = np.flatnonzero(~np.isfinite(obj.ravel()))
            yield f"{path}[{bad[0]}]", float(obj.ravel()[bad[0]])
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from non_finite(v, f"{path}.{k}")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from non_finite(v, f"{path}[{i}]")
    elif hasattr(obj, "__dataclass_fields__"):
        for k in obj.__dataclass_fields__:
            yield from non_finite(getattr(obj, k), f"{path}.{k}")


def assert_sane(explorer):
    bad = list(non_finite(explorer.state))
    assert not bad, f"non-finite values at {explorer.values}: {bad[:3]}"
    assert explorer.last_error is None
    image = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("L"))
    assert image.std() > 5, f"blank figure at {explorer.values}"
    text = explorer.describe()
    assert text.endswith(".") and "nan" not in text.lower()
    assert explorer.image_alt == text  # the image's accessible name is the description


@pytest.fixture(params=sorted(REGISTRY), scope="module")
def explorer(request):
    _, factory = REGISTRY[request.param]
    return factory()


def test_every_control_over_its_whole_range(explorer):
    defaults = explorer.values
    for name in explorer.controls:
        for value in explorer.control_range(name):
            explorer.set(**{**defaults, name: value})
            assert_sane(explorer)
    explorer.set(**defaults)


def test_corners(explorer):
    defaults = explorer.values
    ends = {n: (explorer.control_range(n)[0], explorer.control_range(n)[-1]) for n in explorer.controls}
    for corner in itertools.product(*ends.values()):
        explorer.set(**dict(zip(ends, corner)))
        assert_sane(explorer)
    explorer.set(**defaults)


def test_random_combinations(explorer):
    rng = np.random.default_rng(20261125)
    defaults = explorer.values
    for _ in range(RANDOM_COMBINATIONS):
        explorer.set(**explorer.random_values(rng))
        assert_sane(explorer)
    explorer.set(**defaults)


def test_layout_at_defaults_and_every_corner(explorer):
    """No text outside the figure, no legend over plotted data, no overlapping labels (matplotlib extents).

    Every corner of the controls' ranges, or a seeded sample of 128 when there are more (the grading form's
    nine controls have 512 corners that differ only in bar lengths)."""
    defaults = explorer.values
    ends = {n: (explorer.control_range(n)[0], explorer.control_range(n)[-1]) for n in explorer.controls}
    corners = list(itertools.product(*ends.values()))
    if len(corners) > MAX_LAYOUT_CORNERS:
        pick = np.random.default_rng(20261128).choice(len(corners), MAX_LAYOUT_CORNERS, replace=False)
        corners = [corners[i] for i in sorted(pick)]
    problems = {}
    for corner in [tuple(defaults.values())] + corners:
        explorer.set(**dict(zip(ends, corner)))
        explorer.fig.canvas.draw()
        for problem in layout_problems(explorer.fig):
            problems.setdefault(problem, dict(zip(ends, corner)))
    explorer.set(**defaults)
    assert not problems, "\n".join(f"{p} at {c}" for p, c in list(problems.items())[:10])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1e300])
def test_a_bad_value_written_into_a_control_is_refused(explorer, bad):
    """A value outside a control's range (NaN from the browser, say) shows an error and puts the control back;
    the figure and its description keep the last good state."""
    defaults = explorer.values
    for name, control in explorer.controls.items():
        if not isinstance(control.value, float):
            continue
        png = explorer.png
        try:
            control.value = bad
        except Exception:  # the widget itself refused it: fine
            continue
        if explorer.last_error is None:  # the widget clamped it into its range: a valid setting, drawn as usual
            assert math.isfinite(control.value), name
            assert_sane(explorer)
        else:  # refused: the control is put back and the figure keeps the last good state
            assert explorer.values == defaults, name
            assert explorer.png == png and "nan" not in explorer.describe().lower()
        explorer.set(**defaults)
        explorer.last_error = None


def test_dropdowns_show_their_selected_option(explorer):
    """ipywidgets shows a dropdown whose value is None as blank: every dropdown holds a real option."""
    for name, control in explorer.controls.items():
        if hasattr(control, "options"):
            assert control.value is not None and control.index is not None, name


def test_figure_changes_when_state_changes(explorer):
    """Moving any single control away from its default changes the picture or the description."""
    defaults = explorer.values
    base_png, base_text = explorer.png, explorer.describe()
    for name in explorer.controls:
        other = next(v for v in reversed(explorer.control_range(name)) if v != defaults[name])
        explorer.set(**{**defaults, name: other})
        assert explorer.png != base_png or explorer.describe() != base_text, name
    explorer.set(**defaults)
    assert explorer.png == base_png


def test_a_changed_setting_draws_what_a_fresh_explorer_draws(explorer):
    """After a background control or a dropdown changes, the figure is the one an explorer opened at that setting
    draws: nothing drawn for the first setting lingers (a trial dropdown once changed the text, not the plot)."""
    defaults = explorer.values
    names = [n for n, c in explorer.controls.items() if n in explorer.background_controls or hasattr(c, "options")]
    for name in names:
        for value in [v for v in explorer.control_range(name) if v != defaults[name]][:4]:
            explorer.set(**{**defaults, name: value})
            fresh = type(explorer).create(False, **{**defaults, name: value})
            assert explorer.png == fresh.png, f"{name}={value!r}: the figure differs from a fresh explorer's"
    explorer.set(**defaults)


def test_registry_names_existing_notebooks(explorer):
    from helpers.course import NOTEBOOKS

    for notebook, _ in REGISTRY.values():
        assert (NOTEBOOKS / notebook).exists(), notebook
