"""Figure style: colour-blind-safe palette with a second cue, readable fonts, no pyplot."""

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg

from helpers.figures.style import MIN_FONT_PT, OKABE_ITO, RC, SERIES, new_figure, series, style


def test_palette_is_okabe_ito():
    assert set(OKABE_ITO.values()) == {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_every_series_has_a_second_cue():
    assert all(s.color in OKABE_ITO.values() for s in SERIES)
    assert len({s.marker for s in SERIES}) == len(SERIES)
    assert len({str(s.linestyle) for s in SERIES}) >= 6
    assert series(len(SERIES)) == SERIES[0]


def test_fonts_are_projector_sized():
    sizes = [v for k, v in RC.items() if k.endswith("size") and "marker" not in k]
    assert min(sizes) >= MIN_FONT_PT >= 11


def test_style_context_applies_and_restores():
    before = mpl.rcParams["font.size"]
    with style():
        assert mpl.rcParams["font.size"] == RC["font.size"]
        fig = new_figure((4, 3))
    assert mpl.rcParams["font.size"] == before
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert tuple(fig.get_size_inches()) == (4, 3)


def test_decade_labels_are_plain_unicode():
    from helpers.figures.style import decade_formatter

    label = decade_formatter()
    assert [label(v, 0) for v in (1e5, 1.0, 1e-2, 3e7, 0.0)] == ["10⁵", "10⁰", "10⁻²", "3.0×10⁷", ""]
