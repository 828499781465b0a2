"""Explorers for cytotoxic killing: a killing assay, CARRGO dynamics, and spatial killing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.killing import draw_assay_frame, draw_carrgo_frame, draw_spatial_frame, flatten
from helpers.models.killing import (
    CarrgoParams,
    bystander_activation,
    carrgo_equilibrium,
    simulate_carrgo,
    specific_lysis,
)
from helpers.models.spatial import SpatialParams, SpatialRun, simulate
from helpers.text import sci


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssayState:
    hours: np.ndarray
    curves: list[np.ndarray]
    at_hour: float
    at_values: list[float]
    ratio_grid: np.ndarray
    ratio_curve: np.ndarray


class AssayExplorer(Explorer[AssayState]):
    """Killing assay: % specific lysis over hours for five E:T ratios, and against E:T at one time."""

    title = "Killing assay: how fast do effector cells clear their targets?"
    figsize = (9.5, 4.2)
    ratios = (0.1, 1 / 3, 1.0, 3.0, 10.0)
    max_hours = 48.0
    ratio_limits = (0.03, 30.0)
    #: Targets per well: a teaching value (the results depend on it only through the ratio to T_half).
    targets0 = 1e4

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "kills_per_day": log_slider(8.0, 0, 1.7, 0.05, "Kills per effector per day",
                                         "Most targets one effector can kill in a day (serial killing)", ".2g"),
            "half_saturation": log_slider(1e4, 2, 6, 0.1, "Targets at half speed",
                                           "Targets per well at which each effector kills at half its top speed "
                                           "(finding and engaging targets takes time)", ".1e"),
            "hour": widgets.FloatSlider(value=4.0, min=0.0, max=self.max_hours, step=0.5,
                                        description="Read at (hours)", tooltip="When the assay is read"),
        }

    def compute(self, **v: Any) -> AssayState:
        k = v["kills_per_day"] / 24.0
        hours = np.linspace(0.0, self.max_hours, 193)
        ratios = np.array(self.ratios)[:, None]
        curves = specific_lysis(hours[None, :], self.targets0, ratios, k, v["half_saturation"])
        at = specific_lysis(v["hour"], self.targets0, ratios[:, 0], k, v["half_saturation"])
        grid = np.geomspace(*self.ratio_limits, 80)
        ratio_curve = specific_lysis(v["hour"], self.targets0, grid, k, v["half_saturation"])
        return AssayState(hours, list(curves), v["hour"], [float(a) for a in at], grid, ratio_curve)

    def build(self, fig: Figure) -> Scene:
        ax_time = fig.add_axes((0.08, 0.15, 0.5, 0.72))
        ax_ratio = fig.add_axes((0.7, 0.15, 0.28, 0.72))
        artists = draw_assay_frame(ax_time, ax_ratio, self.ratios, self.max_hours, self.ratio_limits)
        return Scene({"a": artists}, flatten(artists))

    def draw(self, scene: Scene, s: AssayState) -> None:
        a = scene["a"]
        for curve, mark, values, at in zip(a.time_curves, a.time_marks, s.curves, s.at_values):
            curve.set_data(s.hours, values)
            mark.set_data([s.at_hour], [at])
        a.now.set_xdata([s.at_hour, s.at_hour])
        a.ratio_curve.set_data(s.ratio_grid, s.ratio_curve)
        for mark, r, at in zip(a.ratio_marks, self.ratios, s.at_values):
            mark.set_data([r], [at])

    def readout(self) -> str:
        s = self.state
        parts = " · ".join(f"{_ratio_label(r)}: <b>{v:.0f} %</b>" for r, v in zip(self.ratios, s.at_values))
        return f"At {s.at_hour:g} h — {parts}"

    def summary(self) -> str:
        s = self.state
        parts = ", ".join(f"{v:.0f} % at {_ratio_label(r)}" for r, v in zip(self.ratios, s.at_values))
        return (f"Specific lysis rises over time and with the effector-to-target ratio; after {s.at_hour:g} hours it "
                f"is {parts}. Each effector kills at most {self.values['kills_per_day']:.2g} targets a day.")


def _ratio_label(r: float) -> str:
    return f"E:T {r:.3g}:1" if r >= 1 else f"E:T 1:{1 / r:.3g}"


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CarrgoState:
    days: np.ndarray
    tumour: np.ndarray
    car_t: np.ndarray
    bystander: np.ndarray
    eliminated_day: float | None
    outcome: str
    eq_tumour: float
    eq_car_t: float
    eq_exists: bool
    null_x: np.ndarray
    null_y: np.ndarray


class CarrgoExplorer(Explorer[CarrgoState]):
    """Tumour and CAR-T cells over a year (CARRGO, Sahoo et al. 2020) with the phase plane.

    All parameter values are illustrative, not fitted to any patient or product.
    """

    title = "Tumour versus CAR-T cells over a year (CARRGO model, illustrative parameters)"
    figsize = (10.0, 4.3)
    days = 365.0
    cell_limits = (1.0, 1e13)
    tumour0 = 1e9  # tumour cells at infusion (illustrative)
    capacity = 1e12  # carrying capacity K (illustrative)
    #: Cytokine level (arbitrary units) that activates half of the bystander cells (teaching value).
    cytokine_half = 1e8

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "dose": log_slider(1e7, 5, 9, 0.1, "CAR-T dose (cells)", "CAR-T cells infused on day 0"),
            "rho": widgets.FloatSlider(value=0.1, min=0.01, max=0.5, step=0.01, description="Tumour growth ρ (1/day)",
                                       tooltip="Tumour growth rate while small"),
            "kappa1": log_slider(1e-9, -11, -7, 0.1, "Killing κ₁ (1/(cell·day))",
                                  "Killing rate per CAR-T cell per tumour cell"),
            "kappa2": log_slider(1e-10, -13, -8, 0.1, "Expansion κ₂ (1/(cell·day))",
                                  "Net CAR-T expansion per tumour cell (proliferation minus exhaustion)"),
            "theta": widgets.FloatSlider(value=0.1, min=0.01, max=1.0, step=0.01, description="CAR-T death θ (1/day)",
                                         tooltip="Death rate of CAR-T cells (sets persistence)"),
        }

    def compute(self, **v: Any) -> CarrgoState:
        p = CarrgoParams(rho=v["rho"], capacity=self.capacity, kappa1=v["kappa1"], kappa2=v["kappa2"],
                         theta=v["theta"])
        run = simulate_carrgo(p, self.tumour0, v["dose"], self.days, samples=366)
        eq = carrgo_equilibrium(p)
        null_x = np.geomspace(*self.cell_limits, 200)
        null_y = np.maximum(p.rho * (1 - null_x / p.capacity) / p.kappa1, 0.0)
        return CarrgoState(run.days, run.tumour, run.car_t, bystander_activation(run.cytokine, self.cytokine_half),
                           run.eliminated_day, run.outcome, eq.tumour, eq.car_t, eq.exists, null_x, null_y)

    def build(self, fig: Figure) -> Scene:
        ax_time = fig.add_axes((0.08, 0.13, 0.43, 0.7))
        ax_phase = fig.add_axes((0.67, 0.13, 0.31, 0.62))
        artists = draw_carrgo_frame(ax_time, ax_phase, self.days, self.cell_limits)
        return Scene({"a": artists}, artists.all())

    def draw(self, scene: Scene, s: CarrgoState) -> None:
        a = scene["a"]
        a.tumour.set_data(s.days, np.where(s.tumour > 0, s.tumour, np.nan))
        a.car_t.set_data(s.days, np.where(s.car_t > 0, s.car_t, np.nan))
        a.bystander.set_data(s.days, s.bystander)
        a.eliminated.set_visible(s.eliminated_day is not None)
        if s.eliminated_day is not None:
            a.eliminated.set_xdata([s.eliminated_day] * 2)
        alive = s.tumour > 0
        a.trajectory.set_data(s.tumour[alive], s.car_t[alive])
        a.start.set_data([s.tumour[0]], [s.car_t[0]])
        a.x_nullcline.set_data(s.null_x, np.where(s.null_y > 0, s.null_y, np.nan))
        a.y_nullcline.set_data([s.eq_tumour, s.eq_tumour], list(self.cell_limits))
        a.equilibrium.set_data(([s.eq_tumour], [s.eq_car_t]) if s.eq_exists else ([], []))

    def _outcome_text(self) -> str:
        s = self.state
        if s.outcome == "eliminated":
            return f"tumour eliminated on day {s.eliminated_day:.0f}"
        if s.outcome == "escaped":
            return "tumour escapes"
        return "tumour held in check (dormancy)"

    def readout(self) -> str:
        s = self.state
        eq = (f"coexistence at {sci(s.eq_tumour)} tumour / {sci(s.eq_car_t)} CAR-T cells" if s.eq_exists
              else "no coexistence: CAR-T cells cannot hold the tumour")
        return (f"<b>{self._outcome_text()}</b> &nbsp;·&nbsp; CAR-T peak {sci(float(s.car_t.max()))} cells "
                f"&nbsp;·&nbsp; {eq}")

    def summary(self) -> str:
        s = self.state
        return (f"Starting from {sci(self.tumour0)} tumour cells and {sci(self.values['dose'])} CAR-T cells, "
                f"the {self._outcome_text()} within a year; CAR-T cells peak at {sci(float(s.car_t.max()))}. "
                "Right: the same run in the phase plane with the nullclines and the coexistence point.")


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpatialState:
    run: SpatialRun
    step: int
    seed: int


class SpatialExplorer(Explorer[SpatialState]):
    """The spatial agent-based model: simulate once per setting, then scrub through stored frames."""

    title = "Killing in space: T cells meet a growing tumour (agent-based, illustrative)"
    figsize = (10.0, 4.6)
    slow = True
    scrub_controls = ("step",)
    background_controls = ("t_cells", "p_kill", "max_kills", "seed")
    size = 100
    steps = 300

    def __init__(self, **initial: Any) -> None:
        self._cache: dict[tuple, SpatialRun] = {}
        super().__init__(**initial)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "t_cells": widgets.IntSlider(value=300, min=0, max=600, step=10, description="T cells at start",
                                         tooltip="T cells placed at random around the tumour"),
            "p_kill": widgets.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description="Kill chance per contact",
                                          tooltip="Chance per step that a T cell touching tumour kills a cell"),
            "max_kills": widgets.IntSlider(value=5, min=1, max=20, description="Kills before exhaustion",
                                           tooltip="After this many kills a T cell stops killing"),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="Random seed",
                                      tooltip="Same seed, same run"),
            "step": widgets.IntSlider(value=self.steps, min=0, max=self.steps, description="Time step",
                                      tooltip="Scrub through the stored run"),
        }

    def _run(self, v: dict[str, Any]) -> SpatialRun:
        key = (v["t_cells"], v["p_kill"], v["max_kills"], v["seed"])
        if key not in self._cache:
            params = SpatialParams(size=self.size, steps=self.steps, t_cells=int(v["t_cells"]), p_kill=float(v["p_kill"]),
                                   max_kills=int(v["max_kills"]), seed=int(v["seed"]))
            if len(self._cache) > 8:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = simulate(params, progress=self.report_progress)
        return self._cache[key]

    def compute(self, **v: Any) -> SpatialState:
        return SpatialState(self._run(v), int(v["step"]), int(v["seed"]))

    def build(self, fig: Figure) -> Scene:
        ax_grid = fig.add_axes((0.02, 0.12, 0.42, 0.86))
        ax_counts = fig.add_axes((0.55, 0.14, 0.36, 0.72))
        artists = draw_spatial_frame(ax_grid, ax_counts, self.size, self.steps)
        # Curves change only with the simulation settings: they are background (see background_controls).
        return Scene({"a": artists, "counts": ax_counts}, [artists.image, artists.marker])

    def draw(self, scene: Scene, s: SpatialState) -> None:
        a = scene["a"]
        run = s.run
        steps = np.arange(run.tumour.size)
        a.image.set_data(run.frames[s.step])
        a.marker.set_xdata([s.step, s.step])
        a.tumour_curve.set_data(steps, run.tumour)
        a.t_curve.set_data(steps, run.t_cells)
        a.kills_curve.set_data(steps, run.kills_per_t_cell)
        ax = scene["counts"]
        top = max(int(run.tumour.max()), int(run.t_cells.max()), 1)
        ax.set_ylim(0, 1.1 * top)
        ax.twin.set_ylim(0, max(1.1 * float(run.kills_per_t_cell.max()), 1.0))

    def readout(self) -> str:
        s = self.state
        r, i = s.run, s.step
        return (f"Step {i}: <b>{r.tumour[i]}</b> tumour cells, <b>{r.t_cells[i]}</b> T cells "
                f"({r.exhausted[i]} exhausted), {r.kills[i]} kills so far "
                f"({r.kills_per_t_cell[i]:.1f} per T cell)")

    def summary(self) -> str:
        s = self.state
        r = s.run
        change = "shrank" if r.tumour[-1] < r.tumour[0] else "grew"
        return (f"A {self.size}×{self.size} lattice: the tumour {change} from {r.tumour[0]} to {r.tumour[-1]} cells "
                f"over {self.steps} steps while T cells went from {r.t_cells[0]} to {r.t_cells[-1]} "
                f"({r.exhausted[-1]} exhausted); shown at step {s.step} with {r.tumour[s.step]} tumour cells.")


def assay_explorer(predict: bool = False, **initial: Any) -> AssayExplorer:
    """Killing-assay explorer of notebook 04. ``predict=True`` asks its Try-it's predictions first."""
    return AssayExplorer.create(predict, **initial)


def carrgo_explorer(predict: bool = False, **initial: Any) -> CarrgoExplorer:
    """CARRGO explorer of notebook 04. ``predict=True`` asks its Try-it's predictions first."""
    return CarrgoExplorer.create(predict, **initial)


def spatial_explorer(predict: bool = False, **initial: Any) -> SpatialExplorer:
    """Spatial killing explorer of notebook 04. ``predict=True`` asks its Try-it's predictions first."""
    return SpatialExplorer.create(predict, **initial)
