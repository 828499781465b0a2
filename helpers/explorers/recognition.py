"""Explorers for antigen recognition: binding, kinetic proofreading and antigen density."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.recognition import draw_density_frame, draw_occupancy_frame, draw_proofreading_frame
from helpers.models.recognition import (
    discrimination,
    half_max_density,
    hill_response,
    limited_signalling_fraction,
    lognormal_mean_response,
    mean_time_to_signal,
    occupancy,
    occupancy_depleted,
    tradeoff_curve,
)
from helpers.text import sci


def _molar(x: float) -> str:
    """A concentration in the most readable unit (pM, nM, µM, mM)."""
    for unit, scale in (("mM", 1e-3), ("µM", 1e-6), ("nM", 1e-9), ("pM", 1e-12)):
        if x >= scale:
            return f"{x / scale:.3g} {unit}"
    return f"{x:.2g} M"


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OccupancyState:
    ligand: np.ndarray
    bound_a: np.ndarray
    bound_b: np.ndarray
    depleted_a: np.ndarray
    kd_a: float
    kd_b: float
    at_ligand: float
    now_a: float
    now_b: float


class OccupancyExplorer(Explorer[OccupancyState]):
    """Fraction of receptors bound against ligand concentration for two receptors, A and B."""

    title = "Binding: how much ligand does it take to occupy a receptor?"
    ligand_limits = (1e-12, 1e-2)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "kd_a_m": log_slider(1e-9, -11, -3, 0.1, "Receptor A: K_D (M)",
                                  "Dissociation constant of receptor A (lower = tighter binding)"),
            "kd_b_m": log_slider(5e-5, -11, -3, 0.1, "Receptor B: K_D (M)",
                                  "Dissociation constant of receptor B, for comparison"),
            "ligand_m": log_slider(1e-7, -12, -2, 0.1, "Ligand (M)", "Free ligand concentration to read off"),
            "receptor_total_m": log_slider(1e-11, -11, -6, 0.1, "Receptor A total (M)",
                                            "Total concentration of receptor A: the dotted curve shows binding when "
                                            "receptors soak up the ligand (exact quadratic solution)"),
        }

    def compute(self, **v: Any) -> OccupancyState:
        ligand = np.geomspace(*self.ligand_limits, 241)
        depleted = occupancy_depleted(v["receptor_total_m"], ligand, v["kd_a_m"])
        return OccupancyState(
            ligand=ligand, bound_a=occupancy(ligand, v["kd_a_m"]), bound_b=occupancy(ligand, v["kd_b_m"]),
            depleted_a=depleted, kd_a=v["kd_a_m"], kd_b=v["kd_b_m"], at_ligand=v["ligand_m"],
            now_a=float(occupancy(v["ligand_m"], v["kd_a_m"])), now_b=float(occupancy(v["ligand_m"], v["kd_b_m"])),
        )

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.12, 0.13, 0.84, 0.68))
        artists = draw_occupancy_frame(ax, self.ligand_limits, "receptor A", "receptor B")
        return Scene({"a": artists}, artists.all())

    def draw(self, scene: Scene, s: OccupancyState) -> None:
        a = scene["a"]
        a.curve_a.set_data(s.ligand, s.bound_a)
        a.curve_b.set_data(s.ligand, s.bound_b)
        a.depleted_a.set_data(s.ligand, s.depleted_a)
        a.kd_a.set_data([s.kd_a], [1.02])
        a.kd_b.set_data([s.kd_b], [1.02])
        a.ligand.set_xdata([s.at_ligand, s.at_ligand])
        a.point_a.set_data([s.at_ligand], [s.now_a])
        a.point_b.set_data([s.at_ligand], [s.now_b])

    def readout(self) -> str:
        s = self.state
        ratio = s.kd_b / s.kd_a
        tighter = f"A binds {sci(ratio)}× tighter than B" if ratio >= 1 else f"B binds {sci(1 / ratio)}× tighter than A"
        return (f"At {_molar(s.at_ligand)} ligand: <b>A {100 * s.now_a:.1f} %</b> bound, "
                f"<b>B {100 * s.now_b:.1f} %</b> bound &nbsp;·&nbsp; {tighter}")

    def summary(self) -> str:
        s = self.state
        total = self.values["receptor_total_m"]
        half_total = float(np.interp(0.5, s.depleted_a, s.ligand))
        extra = (f" With {_molar(total)} of receptor A soaking up ligand, half of A is bound at "
                 f"{_molar(half_total)} of total ligand (dotted curve).")
        return (f"Occupancy curves: receptor A (K_D {_molar(s.kd_a)}) and receptor B (K_D {_molar(s.kd_b)}) are each "
                f"half bound when the ligand equals their K_D; at {_molar(s.at_ligand)} of ligand A is "
                f"{100 * s.now_a:.1f} % and B {100 * s.now_b:.1f} % bound.{extra}")


# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProofreadingState:
    koff: np.ndarray
    signal: np.ndarray
    signal_plain: np.ndarray
    koff_foreign: float
    koff_self: float
    foreign: float
    self_: float
    ratios: np.ndarray
    n_steps: int
    time_to_signal_s: float


class ProofreadingExplorer(Explorer[ProofreadingState]):
    """Kinetic proofreading (McKeithan 1995) with optional limited signalling (Lever et al. 2014)."""

    title = "Kinetic proofreading: telling a foreign ligand from a self ligand"
    figsize = (9.0, 4.6)
    koff_limits = (1e-3, 1e2)
    signal_limits = (1e-8, 1.5)
    max_steps = 10
    ratio_limits = (0.8, 1e8)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "koff_foreign": log_slider(0.06, -2, 1, 0.05, "Foreign k_off (1/s)",
                                        "Off-rate of the foreign (agonist) ligand", ".2g"),
            "koff_self": log_slider(0.6, -2, 1, 0.05, "Self k_off (1/s)", "Off-rate of a self ligand", ".2g"),
            "k_p": log_slider(0.3, -2, 1, 0.05, "Step rate k_p (1/s)", "Rate of each proofreading step", ".2g"),
            "n_steps": widgets.IntSlider(value=3, min=0, max=self.max_steps, description="Steps N",
                                         tooltip="Number of proofreading steps before signalling"),
            "phi": widgets.FloatSlider(value=0.0, min=0.0, max=1.0, step=0.01, description="Signal decay φ (1/s)",
                                       tooltip="Limited signalling: rate the signalling state switches off (0 = none)"),
        }

    def compute(self, **v: Any) -> ProofreadingState:
        koff = np.geomspace(*self.koff_limits, 200)
        n = int(v["n_steps"])
        kp, phi = v["k_p"], v["phi"]
        signal = limited_signalling_fraction(koff, kp, n, phi)
        plain = limited_signalling_fraction(koff, kp, 0, 0.0)
        foreign = float(limited_signalling_fraction(v["koff_foreign"], kp, n, phi))
        self_ = float(limited_signalling_fraction(v["koff_self"], kp, n, phi))
        decay_f = v["koff_foreign"] / (v["koff_foreign"] + phi)
        decay_s = v["koff_self"] / (v["koff_self"] + phi)
        ratios = np.array([discrimination(v["koff_foreign"], v["koff_self"], kp, k) * decay_f / decay_s
                           for k in range(self.max_steps + 1)])
        return ProofreadingState(koff, signal, plain, v["koff_foreign"], v["koff_self"], foreign, self_, ratios, n,
                                 mean_time_to_signal(kp, n))

    def build(self, fig: Figure) -> Scene:
        ax_signal = fig.add_axes((0.09, 0.12, 0.48, 0.7))
        ax_ratio = fig.add_axes((0.7, 0.12, 0.28, 0.7))
        artists = draw_proofreading_frame(ax_signal, ax_ratio, self.koff_limits, self.signal_limits,
                                          self.max_steps, self.ratio_limits)
        return Scene({"a": artists}, artists.all())

    def draw(self, scene: Scene, s: ProofreadingState) -> None:
        a = scene["a"]
        a.curve.set_data(s.koff, s.signal)
        a.curve_plain.set_data(s.koff, s.signal_plain)
        a.foreign.set_data([s.koff_foreign], [s.foreign])
        a.self_.set_data([s.koff_self], [s.self_])
        steps = np.arange(self.max_steps + 1)
        a.ratio_bars.set_data(steps, s.ratios)
        a.ratio_now.set_data([s.n_steps], [s.ratios[s.n_steps]])

    def readout(self) -> str:
        s = self.state
        return (f"N = {s.n_steps}: foreign signal <b>{sci(s.foreign)}</b>, self <b>{sci(s.self_)}</b>, "
                f"ratio <b>{sci(s.ratios[s.n_steps])}</b> &nbsp;·&nbsp; mean time to signal {s.time_to_signal_s:.3g} s")

    def summary(self) -> str:
        s = self.state
        off = " (off the top of the right panel)" if s.ratios[s.n_steps] > self.ratio_limits[1] else ""
        return (f"With {s.n_steps} proofreading steps, a bound foreign ligand (k_off {s.koff_foreign:.2g}/s) "
                f"signals {sci(s.foreign)} of the time and a self ligand (k_off {s.koff_self:.2g}/s) {sci(s.self_)}: "
                f"a {sci(s.ratios[s.n_steps])}-fold discrimination{off}, at the cost of a weaker signal and a mean "
                f"{s.time_to_signal_s:.3g} s to reach it.")


# --------------------------------------------------------------------------------------------------
#: Half-maximal thresholds in engaged molecules per cell, by response (data/antigen_density.csv), and whether
#: the CAR affinity model applies. The CAR thresholds were measured for one anti-CD20 CD28ζ CAR (Watanabe 2015);
#: other constructs differ (Majzner 2020). The TCR threshold is the measured number of peptide–MHC complexes
#: per target at half-maximal lysis (Sykulev 1996), shown as measured: the K_D slider does not apply to it.
RESPONSES: dict[str, tuple[str, float, bool]] = {
    "car_lysis": ("CAR: killing (~200 molecules; Watanabe 2015)", 200.0, True),
    "car_cytokine": ("CAR: cytokine release (~2,000; Watanabe 2015)", 2000.0, True),
    "tcr_lysis": ("TCR: killing (~3 peptide–MHC; Sykulev 1996)", 3.0, False),
}
#: K_D at which half of a cell's antigen is engaged: a teaching parameter of the density model.
KD_HALF_M = 1e-8


@dataclass(frozen=True)
class DensityState:
    density: np.ndarray
    tumour_pdf: np.ndarray
    healthy_pdf: np.ndarray
    response: np.ndarray
    d50: float
    killed: float
    hit: float
    roc_hit: np.ndarray
    roc_killed: np.ndarray


class DensityExplorer(Explorer[DensityState]):
    """Tumour and healthy cells carry the target antigen with a spread; which ones does the receptor see?"""

    title = "Antigen density: who gets recognised — tumour, healthy tissue, or both?"
    figsize = (9.5, 4.7)
    density_limits = (1.0, 1e7)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        return {
            "tumour_median": log_slider(2e4, 1, 6, 0.1, "Tumour: median antigen/cell",
                                         "Typical antigen molecules per tumour cell", ".2g"),
            "healthy_median": log_slider(1e3, 1, 6, 0.1, "Healthy: median antigen/cell",
                                          "Typical antigen molecules per healthy cell", ".2g"),
            "spread": widgets.FloatSlider(value=0.8, min=0.2, max=1.5, step=0.05, description="Spread (σ of ln)",
                                          tooltip="Cell-to-cell variation: standard deviation of ln(antigen per cell)"),
            "kd_m": log_slider(1e-8, -10, -5, 0.1, "Receptor K_D (M)", "Affinity of the receptor (lower = tighter)"),
            "response": widgets.Dropdown(options=[(label, key) for key, (label, _, _) in RESPONSES.items()],
                                         value="car_lysis", description="Response",
                                         layout=widgets.Layout(width="max-content"),
                                         tooltip="Which response's threshold to use"),
        }

    def compute(self, **v: Any) -> DensityState:
        density = np.geomspace(*self.density_limits, 300)
        sigma = v["spread"]
        _, n_star, uses_kd = RESPONSES[v["response"]]
        d50 = half_max_density(n_star, v["kd_m"], KD_HALF_M) if uses_kd else n_star

        def pdf(median: float) -> np.ndarray:  # log-normal density in ln(D), scaled to peak 1
            z = (np.log(density) - np.log(median)) / sigma
            return np.exp(-0.5 * z * z)

        response = hill_response(density, d50)
        grid = np.geomspace(1e-1, 1e9, 120)
        roc_hit, roc_killed = tradeoff_curve(v["tumour_median"], sigma, v["healthy_median"], sigma, grid)
        killed = float(lognormal_mean_response(v["tumour_median"], sigma, d50))
        hit = float(lognormal_mean_response(v["healthy_median"], sigma, d50))
        return DensityState(density, pdf(v["tumour_median"]), pdf(v["healthy_median"]), response, d50, killed, hit,
                            roc_hit, roc_killed)

    def build(self, fig: Figure) -> Scene:
        ax_dist = fig.add_axes((0.08, 0.12, 0.55, 0.7))
        ax_roc = fig.add_axes((0.72, 0.12, 0.26, 0.7))
        artists = draw_density_frame(ax_dist, ax_roc, self.density_limits)
        return Scene({"a": artists}, artists.all())

    def draw(self, scene: Scene, s: DensityState) -> None:
        a = scene["a"]
        for patch, pdf in ((a.tumour, s.tumour_pdf), (a.healthy, s.healthy_pdf)):
            patch.set_xy(np.column_stack([np.r_[s.density, s.density[::-1]], np.r_[pdf, np.zeros_like(pdf)]]))
        a.response.set_data(s.density, s.response)
        a.d50.set_xdata([s.d50, s.d50])
        a.roc.set_data(s.roc_hit, s.roc_killed)
        a.roc_now.set_data([s.hit], [s.killed])

    def update(self) -> DensityState:
        state = super().update()
        self.controls["kd_m"].disabled = not RESPONSES[self.values["response"]][2]  # the TCR threshold is measured
        return state

    def readout(self) -> str:
        s = self.state
        return (f"Half-maximal at <b>{sci(s.d50)}</b> molecules/cell &nbsp;·&nbsp; tumour cells recognised "
                f"<b>{100 * s.killed:.0f} %</b> &nbsp;·&nbsp; healthy cells recognised <b>{100 * s.hit:.0f} %</b>")

    def summary(self) -> str:
        s = self.state
        return (f"Tumour cells (median {sci(self.values['tumour_median'])} antigen molecules) and healthy cells "
                f"(median {sci(self.values['healthy_median'])}) against a receptor that responds half-maximally at "
                f"{sci(s.d50)} molecules per cell{'' if RESPONSES[self.values['response']][2] else ' (a TCR: the measured threshold, whatever the K_D)'}: "
                f"{100 * s.killed:.0f} % of tumour cells and {100 * s.hit:.0f} % of "
                f"healthy cells are recognised; the right panel traces this trade-off as the threshold moves.")


def occupancy_explorer(predict: bool = False, **initial: Any) -> OccupancyExplorer:
    """Binding explorer of notebook 03. ``predict=True`` asks its Try-it's predictions first."""
    return OccupancyExplorer.create(predict, **initial)


def proofreading_explorer(predict: bool = False, **initial: Any) -> ProofreadingExplorer:
    """Kinetic-proofreading explorer of notebook 03. ``predict=True`` asks its Try-it's predictions first."""
    return ProofreadingExplorer.create(predict, **initial)


def density_explorer(predict: bool = False, **initial: Any) -> DensityExplorer:
    """Antigen-density / on-target off-tumour explorer of notebook 03. ``predict=True`` asks its Try-it's predictions first."""
    return DensityExplorer.create(predict, **initial)
