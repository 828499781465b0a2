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

A suppressive microenvironment (notebook 08) adds three rules, all off by default:

6. **Suppression** by two signals, ``tgf_beta`` (secreted TGF-β, with the suppressive cells that make it) and
   ``pd_l1`` (PD-L1 on tumour cells, engaging PD-1 on the T cell), each a share in [0, 0.95]. What is left of
   each after its counter, ``t = tgf_beta * (1 - resist)`` (``resist``: an armoured CAR's resistance to TGF-β,
   for example a dominant-negative TGF-β receptor) and ``q = pd_l1 * (1 - blockade)`` (``blockade``: a PD-1 or
   PD-L1 antibody), combines as independent brakes, ``s = 1 - (1 - t)(1 - q)``. A T cell touching tumour then
   kills with probability ``p_kill * (1 - s)``, and each of its kills counts ``1 + s`` towards exhaustion.
7. **Barrier** ``b``: a ring of stroma ``barrier_width`` sites wide just outside the initial tumour; a T cell
   steps into a barrier site only with probability ``1 - b * (1 - degrade)``, where ``degrade`` is an
   armour that digests the matrix (for example heparanase).
8. Tumour cells are not affected by the barrier.

With ``s = b = 0`` no extra random numbers are drawn and a run is identical, step by step, to the model
without these rules. Every value is a teaching value, not a measurement.

The update is vectorised with numpy: conflicts (two cells choosing the same site) are resolved at
random, each claimant drawing a random priority. :func:`simulate_loop` applies the same rules one cell at a
time in plain Python; the benchmark compares their speed.

Frames are stored for every step as ``uint8`` grids: 0 empty, 1 tumour, 2 T cell, 3 exhausted T cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from helpers.checks import check_instance, check_int, check_number

EMPTY, TUMOUR, T_CELL, EXHAUSTED = 0, 1, 2, 3
_MOVES = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]])
_HIGH_BITS = np.int64(~(2**20 - 1))  # clears the lowest 20 bits of an int64


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
    tgf_beta: float = 0.0  # share of the kill chance TGF-beta takes away (and extra exhaustion per kill)
    pd_l1: float = 0.0  # the same for PD-L1
    barrier: float = 0.0  # b: chance that a step into the stromal ring is refused
    barrier_width: int = 3  # sites
    resist: float = 0.0  # armour: share of the TGF-beta suppression the T cells resist
    degrade: float = 0.0  # armour: share of the barrier the T cells digest
    blockade: float = 0.0  # checkpoint blockade: share of the PD-L1 suppression removed

    def __post_init__(self) -> None:
        # Whole numbers are stored as int (10.0 is accepted as 10; 10.5 is rejected).
        size = check_int("size", self.size, 5, 1000)
        object.__setattr__(self, "size", size)
        check_number("tumour_radius", self.tumour_radius, 0.0, size / 2)
        object.__setattr__(self, "t_cells", check_int("t_cells", self.t_cells, 0, size * size // 2))
        for name in ("p_divide", "p_kill", "p_divide_after_kill"):
            check_number(name, getattr(self, name), 0.0, 1.0)
        object.__setattr__(self, "max_kills", check_int("max_kills", self.max_kills, 1, 10_000))
        object.__setattr__(self, "steps", check_int("steps", self.steps, 1, 100_000))
        object.__setattr__(self, "seed", check_int("seed", self.seed, 0, 2**32 - 1))
        check_number("tgf_beta", self.tgf_beta, 0.0, 0.95)
        check_number("pd_l1", self.pd_l1, 0.0, 0.95)
        check_number("barrier", self.barrier, 0.0, 1.0)
        object.__setattr__(self, "barrier_width", check_int("barrier_width", self.barrier_width, 1, size // 2))
        for name in ("resist", "degrade", "blockade"):
            check_number(name, getattr(self, name), 0.0, 1.0)

    @property
    def suppression(self) -> float:
        """The combined suppression left after armour and blockade: ``1 - (1 - t)(1 - q)`` (rule 6)."""
        return 1.0 - (1.0 - self.tgf_beta * (1.0 - self.resist)) * (1.0 - self.pd_l1 * (1.0 - self.blockade))

    @property
    def exhaust_per_kill(self) -> float:
        """How much one kill counts towards exhaustion: ``1 + s``."""
        return 1.0 + self.suppression

    @property
    def effective_p_kill(self) -> float:
        """Kill chance per step in contact: ``p_kill (1 - s)``."""
        return self.p_kill * (1.0 - self.suppression)

    @property
    def refusal(self) -> float:
        """Chance that a step into the barrier ring is refused: ``b (1 - degrade)``."""
        return self.barrier * (1.0 - self.degrade)


def barrier_mask(p: SpatialParams) -> NDArray[np.bool_]:
    """Sites of the stromal ring: from the initial tumour's edge out to ``barrier_width`` sites beyond it."""
    check_instance("p", p, SpatialParams)
    yy, xx = np.mgrid[0:p.size, 0:p.size]
    centre = (p.size - 1) / 2
    r2 = (yy - centre) ** 2 + (xx - centre) ** 2
    return (r2 > p.tumour_radius**2) & (r2 <= (p.tumour_radius + p.barrier_width) ** 2)


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


def _claim(targets: NDArray[np.int64], order: NDArray[np.float64], scratch: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Which claimants win their target site: one per site, the one with the largest ``order``.

    ``order`` holds one uniform random number in [0, 1) per claimant (a contiguous float64 array), so
    each contested site goes to a claimant chosen uniformly at random. The bit patterns of non-negative
    doubles sort like their values, so the keys are those bits with the lowest 20 replaced by the
    claimant's index (below 2**20: a lattice has at most 10**6 sites), which makes every key distinct.
    ``np.maximum.at`` keeps the largest key written to each site of ``scratch``.
    """
    keys = order.view(np.int64) & _HIGH_BITS | np.arange(targets.size)
    scratch[targets] = -1
    np.maximum.at(scratch, targets, keys)
    return scratch[targets] == keys


def simulate(p: SpatialParams, progress: Callable[[float], None] | None = None) -> SpatialRun:
    """Run the vectorised model; ``progress(fraction)`` is called about 20 times if given.

    Internally the lattice is padded with a one-site wall and every cell lives on one ``uint8`` board
    addressed by flat indices (0 empty, 1 tumour, 2 T cell, 3 exhausted, 9 wall): a move is an
    addition, "is this site free?" is one lookup, and a stored frame is one copy of the board. One
    block of uniform random numbers per step serves division, direction, migration and killing: a
    direction and a claim order are read from the same number that decided a division (given u < p,
    4u/p is uniform on [0, 4): its integer part picks one of 4 directions, its fraction is uniform and
    independent of that choice).
    """
    check_instance("p", p, SpatialParams)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function of one number (or None); got {type(progress).__name__}")
    rng = np.random.default_rng(p.seed)
    width = p.size + 2
    grid0, pos0 = _initial_state(p, rng)
    square = np.full((width, width), 9, dtype=np.uint8)
    square[1:-1, 1:-1] = grid0
    board = square.ravel()  # view of ``square``
    scratch = np.zeros(width * width, dtype=np.int64)
    moves = np.array([-width, width, -1, 1], dtype=np.int64)
    pos = (pos0[:, 0] + 1) * width + (pos0[:, 1] + 1)
    board[pos] = T_CELL
    kills_each = np.zeros(pos.size, dtype=np.float64)  # kills counted towards exhaustion (rule 6 weights them)
    able = np.ones(pos.size, dtype=bool)  # not exhausted
    p_kill, per_kill, refusal = p.effective_p_kill, p.exhaust_per_kill, p.refusal
    ring = np.zeros((width, width), dtype=bool)
    ring[1:-1, 1:-1] = barrier_mask(p)
    ring = ring.ravel()

    _, tumour, t_count, exhausted, kills, contacts = _empty_records(p)
    padded_frames = np.empty((p.steps + 1, width, width), dtype=np.uint8)  # one contiguous copy per step
    is_tumour = np.empty(board.size, dtype=bool)  # reused every step
    cells = np.equal(board, TUMOUR, out=is_tumour).nonzero()[0]
    padded_frames[0] = square
    tumour[0], t_count[0] = cells.size, pos.size
    report_every = max(p.steps // 20, 1)
    total_kills = total_contacts = total_exhausted = 0
    for step in range(1, p.steps + 1):
        u = rng.random(cells.size + 2 * pos.size)
        # 1. tumour division into free neighbours
        u_cells = u[:cells.size]
        divides = u_cells < p.p_divide
        if divides.any():
            x = u_cells[divides] * (4 / p.p_divide)  # given u < p, 4u/p is uniform on [0, 4)
            turn = x.astype(np.intp)
            targets = cells[divides] + moves[turn & 3]
            board[targets[_claim(targets, x - turn, scratch) & (board[targets] == EMPTY)]] = TUMOUR

        if pos.size:
            # 2. T-cell migration into free neighbours
            x = u[cells.size:cells.size + pos.size] * 4  # direction = integer part, claim order = the rest
            turn = x.astype(np.intp)
            targets = pos + moves[turn]
            ok = _claim(targets, x - turn, scratch) & (board[targets] == EMPTY)
            if refusal > 0:  # rule 7: the stromal ring refuses some steps into it
                ok &= ~(ring[targets] & (rng.random(pos.size) < refusal))
            moved = np.where(ok, targets, pos)
            code = board[pos]
            board[pos] = EMPTY
            board[moved] = code
            pos = moved

            # 3. contact and killing (exhausted T cells carry their own code and never attack)
            neighbours = moves[:, None] + pos  # (4, T cells): one row per direction
            touching = board[neighbours] == TUMOUR
            in_contact = (touching[0] | touching[1] | touching[2] | touching[3]) & able
            total_contacts += int(np.count_nonzero(in_contact))
            attackers = np.flatnonzero(in_contact & (u[cells.size + pos.size:] < p_kill))
            if attackers.size:
                r = rng.random((6, attackers.size))  # rows: 4 victim scores, claim order, division
                victims = neighbours[np.where(touching[:, attackers], r[:4], -1.0).argmax(axis=0), attackers]
                won = _claim(victims, r[4], scratch)
                killers = attackers[won]
                board[victims[won]] = EMPTY
                kills_each[killers] += per_kill
                total_kills += killers.size
                tired = killers[kills_each[killers] >= p.max_kills]
                board[pos[tired]] = EXHAUSTED
                able[tired] = False
                total_exhausted += tired.size

                # 4. proliferation after a kill
                u_div = r[5][won]
                divides = u_div < p.p_divide_after_kill
                if divides.any():
                    x = u_div[divides] * (4 / p.p_divide_after_kill)
                    turn = x.astype(np.intp)
                    targets = pos[killers[divides]] + moves[turn & 3]
                    born = targets[_claim(targets, x - turn, scratch) & (board[targets] == EMPTY)]
                    board[born] = T_CELL
                    pos = np.concatenate([pos, born])
                    kills_each = np.concatenate([kills_each, np.zeros(born.size, dtype=np.float64)])
                    able = np.concatenate([able, np.ones(born.size, dtype=bool)])

        cells = np.equal(board, TUMOUR, out=is_tumour).nonzero()[0]
        padded_frames[step] = square
        tumour[step], t_count[step], exhausted[step] = cells.size, pos.size, total_exhausted
        kills[step], contacts[step] = total_kills, total_contacts
        if progress is not None and step % report_every == 0:
            progress(step / p.steps)
    return SpatialRun(padded_frames[:, 1:-1, 1:-1], tumour, t_count, exhausted, kills, contacts)


def simulate_loop(p: SpatialParams) -> SpatialRun:
    """The same rules applied one cell at a time in plain Python (the benchmark's baseline)."""
    check_instance("p", p, SpatialParams)
    rng = np.random.default_rng(p.seed)
    n = p.size
    grid0, pos0 = _initial_state(p, rng)
    grid = grid0.tolist()
    t_cells = [[int(r), int(c), 0.0] for r, c in pos0]  # row, column, kills counted towards exhaustion
    p_kill, per_kill, refusal = p.effective_p_kill, p.exhaust_per_kill, p.refusal
    ring = barrier_mask(p).tolist()
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
        for cell in t_cells:  # 2. migration (7. the stromal ring refuses some steps)
            dr, dc = moves[int(rand() * 4)]
            if free(cell[0] + dr, cell[1] + dc) and not (refusal > 0 and ring[cell[0] + dr][cell[1] + dc]
                                                         and rand() < refusal):
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
            if rand() < p_kill:
                vr, vc = touching[int(rand() * len(touching))]
                grid[vr][vc] = EMPTY
                cell[2] += per_kill
                total_kills += 1
                if rand() < p.p_divide_after_kill:
                    dr, dc = moves[int(rand() * 4)]
                    if free(cell[0] + dr, cell[1] + dc):
                        occupied.add((cell[0] + dr, cell[1] + dc))
                        born.append([cell[0] + dr, cell[1] + dc, 0.0])
        t_cells.extend(born)
        kills[step] = total_kills
        contacts[step] = total_contacts
        record(step)
    return SpatialRun(frames, tumour, t_count, exhausted, kills, contacts)


def steps_per_second(run: Callable[[SpatialParams], SpatialRun], p: SpatialParams) -> float:
    """Lattice steps simulated per second of wall time by ``run`` on ``p`` (for the benchmark)."""
    import time

    if not callable(run):
        raise TypeError(f"run must be a simulation function such as simulate; got {type(run).__name__}")
    check_instance("p", p, SpatialParams)
    started = time.perf_counter()
    run(p)
    return p.steps / (time.perf_counter() - started)


