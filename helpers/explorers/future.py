"""Explorers for future directions (notebook 08): logic-gated receptors over two antigens, and a suppressive
tumour microenvironment in notebook 04's spatial model, with armour and checkpoint blockade against it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.data import GateScenario, gate_scenarios
from helpers.explorers.base import Explorer, Scene, log_slider
from helpers.figures.killing import LATTICE_COLOURS
from helpers.figures.style import OKABE_ITO, ROLE, legend_above
from helpers.models.recognition import GATES, TissueAntigens, gate_response, tradeoff_curve
from helpers.models.spatial import SpatialParams, SpatialRun, barrier_mask, simulate
from helpers.models.types import CAR_THRESHOLD, SPREAD

#: Density drawn for an antigen the sources call "present", molecules per cell: a teaching value, ten times the
#: CAR lysis threshold (the sources say whether an antigen is there, not how much). Cells spread around it as in
#: notebook 03 (SPREAD, the standard deviation of ln density).
PRESENT = 10 * CAR_THRESHOLD
GATE_LABELS = {"A": "A alone", "B": "B alone", "AND": "A AND B", "OR": "A OR B", "NOT": "A NOT B"}


def lysis_threshold() -> float:
    """The CAR lysis threshold the gate explorer starts at: about 200 molecules per cell (Watanabe et al. 2015,
    data/antigen_density.csv; notebook 02's :data:`helpers.models.types.CAR_THRESHOLD`)."""
    return CAR_THRESHOLD


def tissues(s: GateScenario, lost_a: float) -> tuple[TissueAntigens, tuple[TissueAntigens, ...]]:
    """The tumour (a share ``lost_a`` of its cells has lost antigen A) and the healthy tissue of a scenario, as one
    or more equal parts (a healthy tissue whose cells carry A alone or B alone is two halves)."""
    def level(present: bool) -> float:
        return PRESENT if present else 0.0

    tumour = TissueAntigens(level(s.tumour_a), level(s.tumour_b), SPREAD, SPREAD, lacking_a=lost_a)
    if s.healthy_either:
        return tumour, (TissueAntigens(PRESENT, 0.0, SPREAD, SPREAD), TissueAntigens(0.0, PRESENT, SPREAD, SPREAD))
    return tumour, (TissueAntigens(level(s.healthy_a), level(s.healthy_b), SPREAD, SPREAD),)


@dataclass(frozen=True)
class GateState:
    scenario: GateScenario
    gate: str
    lost_a: float
    d50: float
    killed: dict[str, float]  # gate -> share of tumour cells killed
    hit: dict[str, float]  # gate -> share of healthy cells hit
    curve_hit: np.ndarray  # receptor A alone as its threshold moves (notebook 03's trade-off)
    curve_killed: np.ndarray


class GateExplorer(Explorer[GateState]):
    """Two antigens on a tumour and a healthy tissue (patterns from the sources): the share of tumour cells a
    gated receptor kills against the share of healthy cells it hits, beside the single-antigen receptor."""

    title = "Logic-gated receptors: tumour killed against healthy tissue hit"
    figsize = (10.5, 4.8)
    background_controls = ("scenario",)  # the text panel describes the scenario: drawn with the background

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        scenarios = [(f"{s.scenario}: {s.antigen_a} and {s.antigen_b}", s.scenario) for s in gate_scenarios()]
        return {
            "scenario": widgets.Dropdown(options=scenarios, value=scenarios[0][1], description="Setting",
                                         tooltip="Which tumour, which healthy tissue, which two antigens"),
            "gate": widgets.Dropdown(options=[(GATE_LABELS[g], g) for g in GATES], value="A", description="Receptor",
                                     tooltip="A alone; B alone; both needed (AND); either enough (OR); A unless B (NOT)"),
            "lost_a": widgets.IntSlider(value=0, min=0, max=60, step=5, description="Tumour cells that lost A (%)",
                                        tooltip="Antigen escape: tumour cells that no longer carry antigen A"),
            "d50": log_slider(lysis_threshold(), 1, 4, 0.1, "Threshold (molecules)",
                              "Antigen molecules per cell at which half the cells respond (every receptor of a gate)",
                              fmt=".0f"),
        }

    def compute(self, **v: Any) -> GateState:
        s = next(x for x in gate_scenarios() if x.scenario == v["scenario"])
        lost, d50 = float(v["lost_a"]) / 100.0, float(v["d50"])
        tumour, healthy = tissues(s, lost)
        killed = {g: gate_response(g, tumour, d50) for g in GATES}
        hit = {g: float(np.mean([gate_response(g, part, d50) for part in healthy])) for g in GATES}
        grid = np.logspace(0, 6, 61)
        if s.tumour_a and s.healthy_a:
            curve_hit, curve_killed = tradeoff_curve(PRESENT, SPREAD, PRESENT, SPREAD, grid)
            curve_killed = (1.0 - lost) * curve_killed
            curve_hit = np.mean([part.median_a > 0 for part in healthy]) * curve_hit
        else:
            curve_hit = curve_killed = np.full(grid.size, np.nan)
        return GateState(s, str(v["gate"]), lost, d50, killed, hit, curve_hit, curve_killed)

    def build(self, fig: Figure) -> Scene:
        ax = fig.add_axes((0.09, 0.14, 0.50, 0.68))
        ax.set_xlim(-3, 103)
        ax.set_ylim(-3, 103)
        ax.set_xlabel("healthy cells hit (%)")
        ax.set_ylabel("tumour cells killed (%)")
        ax.plot([0, 0], [100, 100], ls="none")
        ax.fill_between([0, 20], [80, 80], [103, 103], color=OKABE_ITO["bluish_green"], alpha=0.12, lw=0)
        ax.text(2, 83, "the goal", fontsize=11, color=OKABE_ITO["bluish_green"])
        curve = ax.plot([], [], color=ROLE["neutral"], lw=1.5, ls="--", animated=True)[0]
        markers = {"A": "o", "B": "s", "AND": "^", "OR": "D", "NOT": "v"}
        colours = {"A": ROLE["neutral"], "B": ROLE["neutral"], "AND": OKABE_ITO["blue"], "OR": OKABE_ITO["orange"],
                   "NOT": OKABE_ITO["reddish_purple"]}
        points = {g: ax.plot([], [], markers[g], ms=9, color=colours[g], mfc="white", mew=2, animated=True)[0]
                  for g in GATES}
        chosen = ax.plot([], [], "o", ms=20, mfc="none", mec="black", mew=2, animated=True)[0]
        legend_above(ax, handles=[*points.values(), curve],
                     labels=[GATE_LABELS[g] for g in GATES] + ["A alone, any threshold"], ncol=3, fontsize=11)
        info = fig.text(0.64, 0.80, "", fontsize=11, va="top", wrap=True)  # background: see background_controls
        return Scene({"curve": curve, "points": points, "markers": list(points.values()), "chosen": chosen, "info": info},
                     [curve, *points.values(), chosen])

    def draw(self, scene: Scene, state: GateState) -> None:
        scene["curve"].set_data(100 * state.curve_hit, 100 * state.curve_killed)
        for g, point in scene["points"].items():
            point.set_data([100 * state.hit[g]], [100 * state.killed[g]])
        g = state.gate
        scene["chosen"].set_data([100 * state.hit[g]], [100 * state.killed[g]])
        s = state.scenario

        def carries(a: bool, b: bool, either: bool = False) -> str:
            if either:
                return f"{s.antigen_a} or {s.antigen_b}, not both"
            names = [n for n, on in ((s.antigen_a, a), (s.antigen_b, b)) if on]
            return " and ".join(names) if names else "neither"

        healthy = s.healthy.split(" (")[0]
        scene["info"].set_text(
            f"A = {s.antigen_a}, B = {s.antigen_b}\n\nTumour: {s.tumour}\n  carries {carries(s.tumour_a, s.tumour_b)}"
            f"\n\nHealthy: {healthy}\n  carries {carries(s.healthy_a, s.healthy_b, s.healthy_either)}\n\n"
            f"Designed gate: {s.gate} ({s.year})")

    def readout(self) -> str:
        s = self.state
        g = s.gate
        return (f"{GATE_LABELS[g]}: tumour killed <b>{100 * s.killed[g]:.0f} %</b> · healthy hit "
                f"<b>{100 * s.hit[g]:.0f} %</b> · A alone: {100 * s.killed['A']:.0f} % and {100 * s.hit['A']:.0f} %")

    def summary(self) -> str:
        s = self.state
        each = "; ".join(f"{GATE_LABELS[g]} kills {100 * s.killed[g]:.0f} % of tumour cells and hits "
                         f"{100 * s.hit[g]:.0f} % of healthy cells" for g in GATES)
        return (f"{s.scenario.scenario} (A = {s.scenario.antigen_a}, B = {s.scenario.antigen_b}), with "
                f"{100 * s.lost_a:.0f} % of tumour cells lacking A and a threshold of {s.d50:.0f} molecules: {each}. "
                f"Chosen: {GATE_LABELS[s.gate]}.")


def gate_designer(predict: bool = False, **initial: Any) -> GateExplorer:
    """The logic-gate explorer of notebook 08 (see :class:`GateExplorer`)."""
    return GateExplorer.create(predict, **initial)


# ------------------------------------------------------------------------------------------------------
# The tumour microenvironment

#: Teaching values for the microenvironment explorer (illustrative, like every value of the spatial model):
#: more T cells than notebook 04's default, so that without a microenvironment they nearly clear the tumour.
TME_BASE = dict(size=100, steps=300, t_cells=600, max_kills=10, seed=0)
TGF_BETA, PD_L1, BARRIER = 0.4, 0.4, 0.95  # when switched on
ARMOUR = {"none": (0.0, 0.0), "TGF-β-resistant": (0.8, 0.0), "heparanase": (0.0, 0.8)}  # (resist, degrade)
BLOCKADE = 0.8  # share of the PD-L1 suppression a PD-1 antibody removes, when switched on
STROMA = "#E8D9B5"


def tme_params(tgf_beta: bool, pd_l1: bool, barrier: bool, armour: str, blockade: bool,
               seed: int = 0) -> SpatialParams:
    """The spatial model's parameters for one setting of the explorer's switches."""
    resist, degrade = ARMOUR[armour]
    return SpatialParams(**{**TME_BASE, "seed": seed}, tgf_beta=TGF_BETA if tgf_beta else 0.0,
                         pd_l1=PD_L1 if pd_l1 else 0.0, barrier=BARRIER if barrier else 0.0, resist=resist,
                         degrade=degrade, blockade=BLOCKADE if blockade else 0.0)


@dataclass(frozen=True)
class TmeState:
    run: SpatialRun
    reference: SpatialRun  # the same seed with no microenvironment
    step: int
    settings: tuple[bool, bool, bool, str, bool]


class TmeExplorer(Explorer[TmeState]):
    """Notebook 04's spatial model with a suppressive microenvironment: two brakes (TGF-β and PD-L1), a stromal
    barrier, armour and checkpoint blockade switched on and off, against the same tumour with no microenvironment."""

    title = "The tumour microenvironment: two brakes, a barrier, and what counters them (illustrative)"
    figsize = (10.5, 4.6)
    slow = True
    scrub_controls = ("step",)
    background_controls = ("tgf_beta", "pd_l1", "barrier", "armour", "blockade")

    def __init__(self, **initial: Any) -> None:
        self._cache: dict[tuple, SpatialRun] = {}
        super().__init__(**initial)

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        on_off = [("off", False), ("on", True)]
        return {
            "tgf_beta": widgets.Dropdown(options=on_off, value=False, description="TGF-β",
                                         tooltip="Secreted by the tumour and suppressive cells: T cells touching "
                                                 "tumour kill less often and tire sooner"),
            "pd_l1": widgets.Dropdown(options=on_off, value=False, description="PD-L1",
                                      tooltip="On tumour cells, engaging PD-1 on T cells: the same kind of brake"),
            "barrier": widgets.Dropdown(options=on_off, value=False, description="Stromal barrier",
                                        tooltip="A ring of dense matrix around the tumour that T cells rarely cross"),
            "armour": widgets.Dropdown(options=list(ARMOUR), value="none", description="Armoured CAR",
                                       tooltip="TGF-β-resistant: resists TGF-β; heparanase: digests the barrier"),
            "blockade": widgets.Dropdown(options=on_off, value=False, description="PD-1 blockade",
                                         tooltip="A checkpoint antibody given with the cells: releases the PD-L1 "
                                                 "brake"),
            "step": widgets.IntSlider(value=TME_BASE["steps"], min=0, max=TME_BASE["steps"], description="Time step",
                                      tooltip="Scrub through the stored run"),
        }

    def _run(self, p: SpatialParams) -> SpatialRun:
        key = (p.tgf_beta, p.pd_l1, p.barrier, p.resist, p.degrade, p.blockade, p.seed)
        if key not in self._cache:
            if len(self._cache) > 12:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = simulate(p, progress=self.report_progress)
        return self._cache[key]

    def compute(self, **v: Any) -> TmeState:
        settings = (bool(v["tgf_beta"]), bool(v["pd_l1"]), bool(v["barrier"]), str(v["armour"]), bool(v["blockade"]))
        run = self._run(tme_params(*settings))
        reference = self._run(tme_params(False, False, False, "none", False))
        return TmeState(run, reference, int(v["step"]), settings)

    def build(self, fig: Figure) -> Scene:
        ax_grid = fig.add_axes((0.02, 0.14, 0.40, 0.80))
        ax = fig.add_axes((0.55, 0.14, 0.42, 0.66))
        size, steps = TME_BASE["size"], TME_BASE["steps"]
        image = ax_grid.imshow(np.zeros((size, size), dtype=np.uint8), interpolation="nearest",
                               cmap=ListedColormap([*LATTICE_COLOURS, STROMA]), vmin=-0.5, vmax=4.5, animated=True)
        ax_grid.set_xticks([])
        ax_grid.set_yticks([])
        ax_grid.grid(False)
        labels = ("tumour cell", "T cell", "exhausted T cell", "stroma")
        ax_grid.legend(handles=[Patch(facecolor=c, edgecolor="black", label=lab)
                                for c, lab in zip([*LATTICE_COLOURS[1:], STROMA], labels)],
                       loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=4, fontsize=10, frameon=False,
                       handlelength=1.2, columnspacing=0.8)
        ax.set_xlim(0, steps)
        ax.set_ylim(0, 1_000)
        ax.set_xlabel("time (lattice steps, illustrative units)")
        ax.set_ylabel("tumour cells")
        # The curves change only with the switches (background_controls), not while scrubbing: background.
        reference = ax.plot([], [], color=ROLE["neutral"], ls="--", lw=2)[0]
        current = ax.plot([], [], color=ROLE["tumour"], lw=2.5)[0]
        marker = ax.axvline(0, color="black", lw=1.2, animated=True)
        legend_above(ax, handles=[current, reference],
                     labels=["with these settings", "no microenvironment"], ncol=1, fontsize=11)
        ring = barrier_mask(tme_params(False, False, True, "none", False))
        return Scene({"image": image, "reference": reference, "current": current, "marker": marker, "ring": ring},
                     [image, marker])

    def draw(self, scene: Scene, state: TmeState) -> None:
        frame = state.run.frames[state.step].copy()
        if state.settings[2]:
            frame[(frame == 0) & scene["ring"]] = 4
        scene["image"].set_data(frame)
        steps = np.arange(state.run.tumour.size)
        scene["reference"].set_data(steps, state.reference.tumour)
        scene["current"].set_data(steps, state.run.tumour)
        scene["marker"].set_xdata([state.step, state.step])

    def readout(self) -> str:
        s = self.state
        i = s.step
        return (f"Step {i}: <b>{s.run.tumour[i]}</b> tumour cells with these settings, {s.reference.tumour[i]} with "
                f"no microenvironment · T cells {s.run.t_cells[i]} ({s.run.exhausted[i]} exhausted)")

    def summary(self) -> str:
        s = self.state
        tgf, pd, bar, armour, block = s.settings
        on = [name for name, flag in (("TGF-β", tgf), ("PD-L1", pd), ("a stromal barrier", bar),
                                      ("PD-1 blockade", block)) if flag]
        setting = (", ".join(on) if on else "no microenvironment") + (f", {armour} armour" if armour != "none" else "")
        return (f"Spatial model with {setting}: the tumour goes from {s.run.tumour[0]} to {s.run.tumour[-1]} cells over "
                f"{s.run.tumour.size - 1} steps, against {s.reference.tumour[-1]} with no microenvironment; shown at "
                f"step {s.step} ({s.run.tumour[s.step]} tumour cells).")


def microenvironment(predict: bool = False, **initial: Any) -> TmeExplorer:
    """The tumour-microenvironment explorer of notebook 08 (see :class:`TmeExplorer`)."""
    return TmeExplorer.create(predict, **initial)
