"""Spatial killing: a seeded agent-based model of T cells attacking a tumour on a 2-D lattice.

Rules (a teaching model: every probability is per lattice step and illustrative, not measured):

1. Each tumour cell divides with probability ``p_divide`` into a randomly chosen free neighbour
   (von Neumann neighbourhood: up, down, left, right; no wrap-around). Two cells never fill one site.
2. Each T cell steps to a random neighbouring site if it is free (no tumour cell, no T cell).
3. A T cell that is not exhausted and touches at least one tumour cell is *in contact*; with
   probability ``p_kill`` it kills one of the tumour cells it touches (chosen at random). A tumour cell
   dies once, however many T cells attack it.
4. After a kill a T cell divides with probability ``p_divide_after_kill`` into a free neighbour (the
   daughter starts with no kills).
5. A T cell that has killed ``max_kills`` times is exhausted: it still moves but no longer kills.

The update is vectorised with numpy: conflicts (two cells choosing the same site) are resolved by a
random order, the first claimant winning. :func:`simulate_loop` applies the same rules one cell at a
time in plain Python; the benchmark compares their speed.

Frames are stored for every step as ``uint8`` grids: 0 empty, 1 tumour, 2 T cell, 3 exhausted T cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from helpers.checks import check_number

EMPTY, TUMOUR, T_CELL, EXHAUSTED = 0, 1, 2, 3
_MOVES = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]])


@dataclass(frozen=True)
class SpatialParams:
    """Parameters of the spatial model (per-step probabilities are illustrative teaching values)."""

    size: int = 100  # lattice side, sites
    tumour_radius: float = 15.0  # radius of the initial tumour disc, sites
    t_cells: int = 100  # T cells placed at random on free sites at step 0
    p_divide: float = 0.02  # tumour division probability per step
    p_kill: float = 0.3  # kill probability per step for a T cell in contact
    p_divide_after_kill: float = 0.2  # T-cell division probability after a kill
    max_kills: int = 5  # kills before exhaustion
    steps: int = 300
    seed: int = 0

    def __post_init__(self) -> None:
        check_number("size", self.size, 5, 1000)
        check_number("tumour_radius", self.tumour_radius, 0.0, self.size / 2)
        check_number("t_cells", self.t_cells, 0, self.size * self.size // 2)
        for name in ("p_divide", "p_kill", "p_divide_after_kill"):
            check_number(name, getattr(self, name), 0.0, 1.0)
        check_number("max_kills", self.max_kills, 1, 10_000)
        check_number("steps", self.steps, 1, 100_000)
        check_number("seed", self.seed, 0, 2**32 - 1)


@dataclass(frozen=True)
class SpatialRun:
    """A finished simulation: frames and per-step counts (index 0 = the initial state)."""

    frames: NDArray[np.uint8]  # (steps + 1, size, size)
    tumour: NDArray[np.int64]
    t_cells: NDArray[np.int64]
    exhausted: NDArray[np.int64]
    kills: NDArray[np.int64]  # cumulative
    contacts: NDArray[np.int64]  # cumulative T-cell contact events (T cell touching tumour, able to kill)

    @property
    def kills_per_t_cell(self) -> NDArray[np.float64]:
        return self.kills / np.maximum(self.t_cells, 1)


def _initial_state(p: SpatialParams, rng: np.random.Generator) -> tuple[NDArray[np.int8], NDArray[np.int64]]:
    grid = np.zeros((p.size, p.size), dtype=np.int8)
    yy, xx = np.mgrid[0:p.size, 0:p.size]
    centre = (p.size - 1) / 2
    grid[(yy - centre) ** 2 + (xx - centre) ** 2 <= p.tumour_radius**2] = TUMOUR
    free = np.flatnonzero(grid.ravel() == EMPTY)
    chosen = rng.choice(free, size=min(p.t_cells, free.size), replace=False)
    positions = np.column_stack(np.unravel_index(chosen, grid.shape)).astype(np.int64)
    return grid, positions


def _empty_records(p: SpatialParams) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray[np.int64],
                                               NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Frames and per-step counters (tumour, T cells, exhausted, kills, contacts) for ``p.steps + 1`` steps."""
    frames = np.zeros((p.steps + 1, p.size, p.size), dtype=np.uint8)
    tumour, t_count, exhausted, kills, contacts = np.zeros((5, p.steps + 1), dtype=np.int64)
    return frames, tumour, t_count, exhausted, kills, contacts


def _claim(targets: NDArray[np.int64], scratch: NDArray[np.int64], rng: np.random.Generator) -> NDArray[np.int64]:
    """Indices of claimants that win their target site, one per site, in a random order.

    Every claimant writes its index into ``scratch`` at its target in a random order; the claimant
    whose index is read back has the site (numpy keeps the last write of a repeated fancy index).
    """
    if targets.size == 0:
        return targets
    order = rng.permutation(targets.size)
    scratch[targets[order]] = order
    return order[scratch[targets[order]] == order]


def simulate(p: SpatialParams, progress: Callable[[float], None] | None = None) -> SpatialRun:
    """Run the vectorised model; ``progress(fraction)`` is called about 20 times if given.

    Internally the lattice is padded with a one-site wall and cells are addressed by flat indices, so a
    move is an addition and "is this site free?" is one lookup.
    """
    rng = np.random.default_rng(p.seed)
    n = p.size
    width = n + 2
    grid0, pos0 = _initial_state(p, rng)
    WALL = 9
    padded = np.full((width, width), WALL, dtype=np.int8)
    padded[1:-1, 1:-1] = grid0
    board = padded.ravel()  # view: tumour / empty / wall, by flat index
    t_here = np.zeros(width * width, dtype=bool)
    scratch = np.zeros(width * width, dtype=np.int64)
    moves = np.array([-width, width, -1, 1], dtype=np.int64)
    pos = (pos0[:, 0] + 1) * width + (pos0[:, 1] + 1)
    t_here[pos] = True
    kills_each = np.zeros(len(pos), dtype=np.int64)

    frames, tumour, t_count, exhausted, kills, contacts = _empty_records(p)
    interior = np.zeros((width, width), dtype=np.uint8)

    def record(i: int, tumour_sites: NDArray[np.int64]) -> None:
        flat = interior.ravel()
        flat[:] = EMPTY
        flat[tumour_sites] = TUMOUR
        tired = kills_each >= p.max_kills
        flat[pos] = np.where(tired, EXHAUSTED, T_CELL)
        frames[i] = interior[1:-1, 1:-1]
        tumour[i] = tumour_sites.size
        t_count[i] = pos.size
        exhausted[i] = int(np.count_nonzero(tired))

    cells = np.flatnonzero(board == TUMOUR)
    record(0, cells)
    report_every = max(p.steps // 20, 1)
    total_kills = total_contacts = 0
    for step in range(1, p.steps + 1):
        # 1. tumour division into free neighbours
        dividing = cells[rng.random(cells.size) < p.p_divide]
        if dividing.size:
            targets = dividing + moves[rng.integers(0, 4, dividing.size)]
            targets = targets[(board[targets] == EMPTY) & ~t_here[targets]]
            won = _claim(targets, scratch, rng)
            board[targets[won]] = TUMOUR

        if pos.size:
            # 2. T-cell migration
            targets = pos + moves[rng.integers(0, 4, pos.size)]
            ok = np.flatnonzero((board[targets] == EMPTY) & ~t_here[targets])
            won = ok[_claim(targets[ok], scratch, rng)]
            t_here[pos[won]] = False
            pos[won] = targets[won]
            t_here[pos[won]] = True

            # 3. contact and killing
            neighbours = pos[:, None] + moves[None, :]
            touching = board[neighbours] == TUMOUR
            in_contact = touching.any(axis=1) & (kills_each < p.max_kills)
            total_contacts += int(np.count_nonzero(in_contact))
            attackers = np.flatnonzero(in_contact & (rng.random(pos.size) < p.p_kill))
            if attackers.size:
                scores = np.where(touching[attackers], rng.random((attackers.size, 4)), -1.0)
                victims = neighbours[attackers, scores.argmax(axis=1)]
                won = _claim(victims, scratch, rng)
                killers = attackers[won]
                board[victims[won]] = EMPTY
                kills_each[killers] += 1
                total_kills += killers.size

                # 4. proliferation after a kill
                parents = killers[rng.random(killers.size) < p.p_divide_after_kill]
                if parents.size:
                    targets = pos[parents] + moves[rng.integers(0, 4, parents.size)]
                    targets = targets[(board[targets] == EMPTY) & ~t_here[targets]]
                    born = targets[_claim(targets, scratch, rng)]
                    t_here[born] = True
                    pos = np.concatenate([pos, born])
                    kills_each = np.concatenate([kills_each, np.zeros(born.size, dtype=np.int64)])

        cells = np.flatnonzero(board == TUMOUR)
        kills[step] = total_kills
        contacts[step] = total_contacts
        record(step, cells)
        if progress is not None and step % report_every == 0:
            progress(step / p.steps)
    return SpatialRun(frames, tumour, t_count, exhausted, kills, contacts)


def simulate_loop(p: SpatialParams) -> SpatialRun:
    """The same rules applied one cell at a time in plain Python (the benchmark's baseline)."""
    rng = np.random.default_rng(p.seed)
    n = p.size
    grid0, pos0 = _initial_state(p, rng)
    grid = grid0.tolist()
    t_cells = [[int(r), int(c), 0] for r, c in pos0]  # row, column, kills
    moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]
    occupied = {(r, c) for r, c, _ in t_cells}
    frames, tumour, t_count, exhausted, kills, contacts = _empty_records(p)
    total_kills = total_contacts = 0
    rand = rng.random

    def free(r: int, c: int) -> bool:
        return 0 <= r < n and 0 <= c < n and grid[r][c] == EMPTY and (r, c) not in occupied

    def record(i: int) -> None:
        frame = np.array(grid, dtype=np.uint8)
        for r, c, k in t_cells:
            frame[r, c] = EXHAUSTED if k >= p.max_kills else T_CELL
        frames[i] = frame
        tumour[i] = int(np.count_nonzero(frame == TUMOUR))
        t_count[i] = len(t_cells)
        exhausted[i] = sum(1 for *_, k in t_cells if k >= p.max_kills)

    record(0)
    for step in range(1, p.steps + 1):
        for r in range(n):  # 1. tumour division
            row = grid[r]
            for c in range(n):
                if row[c] == TUMOUR and rand() < p.p_divide:
                    dr, dc = moves[int(rand() * 4)]
                    if free(r + dr, c + dc):
                        grid[r + dr][c + dc] = TUMOUR
        for cell in t_cells:  # 2. migration
            dr, dc = moves[int(rand() * 4)]
            if free(cell[0] + dr, cell[1] + dc):
                occupied.discard((cell[0], cell[1]))
                cell[0] += dr
                cell[1] += dc
                occupied.add((cell[0], cell[1]))
        born = []
        for cell in t_cells:  # 3. contact, killing and 4. proliferation
            if cell[2] >= p.max_kills:
                continue
            touching = [(cell[0] + dr, cell[1] + dc) for dr, dc in moves
                        if 0 <= cell[0] + dr < n and 0 <= cell[1] + dc < n and grid[cell[0] + dr][cell[1] + dc] == TUMOUR]
            if not touching:
                continue
            total_contacts += 1
            if rand() < p.p_kill:
                vr, vc = touching[int(rand() * len(touching))]
                grid[vr][vc] = EMPTY
                cell[2] += 1
                total_kills += 1
                if rand() < p.p_divide_after_kill:
                    dr, dc = moves[int(rand() * 4)]
                    if free(cell[0] + dr, cell[1] + dc):
                        occupied.add((cell[0] + dr, cell[1] + dc))
                        born.append([cell[0] + dr, cell[1] + dc, 0])
        t_cells.extend(born)
        kills[step] = total_kills
        contacts[step] = total_contacts
        record(step)
    return SpatialRun(frames, tumour, t_count, exhausted, kills, contacts)


def steps_per_second(run: Callable[[SpatialParams], SpatialRun], p: SpatialParams) -> float:
    """Lattice steps simulated per second of wall time by ``run`` on ``p`` (for the benchmark)."""
    import time

    started = time.perf_counter()
    run(p)
    return p.steps / (time.perf_counter() - started)


