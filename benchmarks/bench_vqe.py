"""VQE harness overhead and sweep scaling.

(1) Time per VQE run: ``qrmt.vqe.run_vqe`` (H2, hea L=2, Adam 0.05, 100 iterations,
    lightning.qubit adjoint) against a hand-written PennyLane loop doing the same steps
    (BasisState(HF) + StronglyEntanglingLayers, ``qml.AdamOptimizer(0.05).step_and_cost``
    100 times on the same device type, adjoint gradients) in this process. Target ratio
    harness / hand-written <= 1.2. Both sides are warmed up first; the median and the
    minimum of REPEATS interleaved repetitions are reported (the minimum is the robust
    figure on a shared machine).
(2) Sweep scaling: the same sweep (H3+, hea L=2, 4 inits x 6 seeds, 100 iterations) through
    ``qrmt.bench`` with 1 worker and with 2 workers (fresh databases), interleaved, best of
    ``--sweep-repeats``. Target speed-up >= 1.6x. Worker start-up is included (it is part of
    what a user waits for).

Run: ``python benchmarks/bench_vqe.py [--repeats 5] [--skip-sweep]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np


def harness_run(problem, seed):
    from qrmt.vqe import RunConfig, run_vqe

    cfg = RunConfig(ansatz="hea", layers=2, init="uniform", backend="lightning",
                    optimizer="adam", max_iter=100, stepsize=0.05)
    t = time.perf_counter()
    res = run_vqe(problem, cfg, seed=seed)
    return time.perf_counter() - t, res


def handwritten_run(problem, x0):
    import pennylane as qml
    from pennylane import numpy as pnp

    n = problem.n_qubits
    hf = np.asarray(problem.hf_state, dtype=int)
    H = problem.pennylane_hamiltonian()
    t = time.perf_counter()
    dev = qml.device("lightning.qubit", wires=n)

    @qml.qnode(dev, diff_method="adjoint")
    def cost(w):
        qml.BasisState(hf, wires=range(n))
        qml.StronglyEntanglingLayers(w, wires=range(n))
        return qml.expval(H)

    opt = qml.AdamOptimizer(stepsize=0.05)
    w = pnp.array(np.reshape(x0, (2, n, 3)), requires_grad=True)
    energies = []
    for _ in range(100):
        w, e = opt.step_and_cost(cost, w)
        energies.append(float(e))
    energies.append(float(cost(w)))
    return time.perf_counter() - t, energies


def bench_harness(repeats: int) -> None:
    from qrmt.chem import build_problem, get_molecule

    problem = build_problem(get_molecule("H2"))
    _, warm = harness_run(problem, 0)
    handwritten_run(problem, warm.initial_params)
    th, tw = [], []
    for i in range(repeats):
        dt, res = harness_run(problem, i + 1)
        th.append(dt)
        dt2, energies = handwritten_run(problem, res.initial_params)
        tw.append(dt2)
        # Same start, same number of gradient steps. PennyLane's AdamOptimizer adds eps
        # after the bias correction (qrmt: Kingma & Ba's form), so traces drift apart slowly.
        assert abs(energies[0] - res.energies[0]) < 1e-10
        assert abs(energies[1] - res.energies[1]) < 1e-5
    mh, mw = statistics.median(th), statistics.median(tw)
    print(f"(1) per VQE run, H2 hea L=2 Adam 100 its, lightning ({repeats} interleaved pairs):")
    print(f"    qrmt run_vqe     median {mh * 1e3:8.1f} ms   min {min(th) * 1e3:8.1f} ms")
    print(f"    hand-written PL  median {mw * 1e3:8.1f} ms   min {min(tw) * 1e3:8.1f} ms")
    print(f"    ratio harness / hand-written = {mh / mw:.2f} (median), "
          f"{min(th) / min(tw):.2f} (min)  (target <= 1.2)")


def bench_sweep(sweep_repeats: int) -> None:
    from qrmt.bench.plan import make_plan
    from qrmt.bench.runner import vqe_task
    from qrmt.bench.store import ResultStore
    from qrmt.bench.suite import build_configs, prepare_problems, resolve_molecules

    mols = resolve_molecules(["H3+"])
    prepare_problems(mols)
    req = build_configs(["hea"], ["gue", "cue", "uniform", "gaussian"], [2], max_iter=100)
    tasks = make_plan([m.to_dict() for m in mols], [c.to_dict() for c in req.configs], 6, 0)
    from qrmt.bench.sweep import run_sweep

    times: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(sweep_repeats):
        for w in (1, 2):  # interleaved, so a burst of load elsewhere hits both
            with tempfile.TemporaryDirectory() as d, ResultStore(Path(d) / "b.sqlite") as db:
                t = time.perf_counter()
                out = run_sweep(tasks, db, vqe_task, workers=w, progress=False)
                times[w].append(time.perf_counter() - t)
                assert out.stored == len(tasks)
    print(f"    all timings: 1 worker {[round(x, 1) for x in times[1]]}, "
          f"2 workers {[round(x, 1) for x in times[2]]}")
    times = {w: min(v) for w, v in times.items()}  # type: ignore[misc]
    print(f"(2) sweep of {len(tasks)} runs (H3+ hea L=2, 100 its), workers incl. start-up:")
    print(f"    1 worker  {times[1]:6.1f} s (min of {sweep_repeats})")
    print(f"    2 workers {times[2]:6.1f} s")
    print(f"    speed-up = {times[1] / times[2]:.2f}x  (target >= 1.6x; cores: {os.cpu_count()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-sweep", action="store_true")
    ap.add_argument("--sweep-repeats", type=int, default=2)
    args = ap.parse_args()
    bench_harness(args.repeats)
    if not args.skip_sweep:
        bench_sweep(args.sweep_repeats)


if __name__ == "__main__":
    main()
