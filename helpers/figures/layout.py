"""Layout checks for figures: text inside the figure, no legend over data, no overlapping labels.

:func:`layout_problems` measures a drawn figure with matplotlib's own window extents (display pixels) and
returns a sentence for every problem it finds; the tests run it on every explorer at its defaults and at the
corners of its controls. "Data" are the visible lines, markers and polygons of every axes; shaded regions
that only mark a range (a dose band, a window, a "severe" zone) are tagged ``gid="background"`` where
they are drawn and may sit under a legend.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Tag for shaded regions that mark a range rather than show data (see module docstring).
BACKGROUND = "background"
#: Pixels of slack: extents are computed in floating point and anti-aliased edges bleed by a pixel.
TOLERANCE_PX = 1.0
#: Spacing, in pixels, at which straight segments are sampled when looking for data under a legend.
SAMPLE_PX = 4.0


def _shown(artist: Artist) -> bool:
    """True if ``artist`` and the axes or legend holding it are visible."""
    node: Artist | None = artist
    while node is not None:
        if not node.get_visible():
            return False
        node = getattr(node, "axes", None) if node is not getattr(node, "axes", None) else None
    return True


def _tick_labels(ax: Axes) -> Iterator[Text]:
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks():
            loc = tick.get_loc()
            if loc is None or not (low - 1e-12 * abs(low) <= loc <= high + 1e-12 * abs(high)):
                continue
            for label in (tick.label1, tick.label2):
                if label.get_visible() and tick.get_visible():
                    yield label


def _legends(fig: Figure) -> list[Legend]:
    found = [ax.get_legend() for ax in fig.axes if ax.get_visible()]
    return [leg for leg in found + list(fig.legends) if leg is not None and leg.get_visible()]


def figure_texts(fig: Figure) -> list[Text]:
    """Every piece of text the figure draws: titles, axis and tick labels, annotations, legend entries."""
    texts: list[Text] = list(fig.texts)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]  # noqa: SLF001
        texts += list(_tick_labels(ax))
        texts += list(ax.texts)
    for legend in _legends(fig):
        texts += list(legend.get_texts()) + [legend.get_title()]
    return [t for t in texts if t.get_visible() and t.get_text().strip() and _shown(t)]


def _densify(points: np.ndarray) -> np.ndarray:
    """Points along a display-space polyline, at most :data:`SAMPLE_PX` apart (NaN gaps kept as breaks)."""
    out = []
    for a, b in zip(points[:-1], points[1:]):
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            continue
        n = int(np.ceil(np.hypot(*(b - a)) / SAMPLE_PX)) + 1
        out.append(a + np.linspace(0.0, 1.0, min(n, 2000))[:, None] * (b - a))
    finite = points[np.all(np.isfinite(points), axis=1)]
    return np.vstack(out + [finite]) if out else finite


def _data_points(artist: Artist) -> np.ndarray:
    """Display coordinates of what ``artist`` draws, clipped to its clip box."""
    if isinstance(artist, Line2D):
        xy = np.column_stack([np.asarray(artist.get_xdata(), float), np.asarray(artist.get_ydata(), float)])
        if xy.size == 0:
            return np.empty((0, 2))
        points = artist.get_transform().transform(xy)
        if artist.get_linestyle() not in ("None", "none", "", " ") and len(points) > 1:
            points = _densify(points)
    elif isinstance(artist, Polygon):
        xy = artist.get_xy()
        if len(xy) == 0:
            return np.empty((0, 2))
        points = _densify(artist.get_transform().transform(xy))
    else:  # pragma: no cover - only lines and polygons are collected
        return np.empty((0, 2))
    points = points[np.all(np.isfinite(points), axis=1)]
    clip = artist.get_clip_box() if artist.get_clip_on() else None
    if clip is not None and len(points):
        inside = ((points[:, 0] >= clip.x0 - TOLERANCE_PX) & (points[:, 0] <= clip.x1 + TOLERANCE_PX)
                  & (points[:, 1] >= clip.y0 - TOLERANCE_PX) & (points[:, 1] <= clip.y1 + TOLERANCE_PX))
        points = points[inside]
    return points


def data_artists(fig: Figure) -> list[Artist]:
    """Visible lines and polygons of every axes, except shaded ranges tagged ``gid="background"``."""
    found: list[Artist] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for artist in list(ax.lines) + [p for p in ax.patches if isinstance(p, Polygon)]:
            if artist.get_visible() and artist.get_gid() != BACKGROUND:
                found.append(artist)
    return found


def _name(text: Text) -> str:
    return repr(text.get_text()[:40])


def layout_problems(fig: Figure) -> list[str]:
    """Sentences describing layout problems of ``fig`` (empty when there are none).

    Checks: every text lies inside the figure; no legend box covers a plotted data point or line; no two
    texts overlap. The figure is measured as drawn by its canvas (its dynamic artists included).
    """
    renderer = fig.canvas.get_renderer()
    problems: list[str] = []
    frame = fig.bbox
    texts = figure_texts(fig)
    boxes = [t.get_window_extent(renderer) for t in texts]
    for text, box in zip(texts, boxes):  # strict: a glyph cut by a pixel is visibly cut
        if box.x0 < frame.x0 or box.y0 < frame.y0 or box.x1 > frame.x1 or box.y1 > frame.y1:
            problems.append(f"text {_name(text)} reaches outside the figure ({_fmt(box)} vs {_fmt(frame)})")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _overlap(boxes[i], boxes[j]):
                problems.append(f"texts {_name(texts[i])} and {_name(texts[j])} overlap")
    for legend in _legends(fig):
        box = legend.get_window_extent(renderer)
        if box.x0 < frame.x0 or box.y0 < frame.y0 or box.x1 > frame.x1 or box.y1 > frame.y1:
            problems.append(f"legend {[t.get_text() for t in legend.get_texts()][:3]} reaches outside the figure")
        for artist in data_artists(fig):
            points = _data_points(artist)
            if len(points) and np.any((points[:, 0] > box.x0 + TOLERANCE_PX) & (points[:, 0] < box.x1 - TOLERANCE_PX)
                                      & (points[:, 1] > box.y0 + TOLERANCE_PX) & (points[:, 1] < box.y1 - TOLERANCE_PX)):
                label = artist.get_label() if not str(artist.get_label()).startswith("_") else type(artist).__name__
                problems.append(f"legend {[t.get_text() for t in legend.get_texts()][:3]} covers data ({label})")
    return problems


def _overlap(a: Bbox, b: Bbox) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOLERANCE_PX) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOLERANCE_PX)


def _fmt(box: Bbox) -> str:
    return f"[{box.x0:.0f}, {box.y0:.0f}, {box.x1:.0f}, {box.y1:.0f}] px"
