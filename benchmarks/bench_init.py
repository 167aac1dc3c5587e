"""Initializer speed, side by side in one process.

Targets (issue 2): ``gue`` and ``cue`` for 10^6 parameters within 5x the time of a plain
``rng.normal`` of the same size; ``qrmt.gue(circuit)`` for ``efficient_su2(100, reps=50)``
under 1 s. Peers: PennyLane's default TorchLayer draw (uniform) and qiskit-algorithms' VQE
default (uniform in [−2π, 2π]) are both a single ``rng.uniform``.

Run: ``python benchmarks/bench_init.py``
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

import qrmt


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = 1_000_000
    rng = np.random.default_rng(0)
    sel_shape = (10, n // 30, 3)  # StronglyEntanglingLayers: 999,990 parameters in Rot triples
    flat = (10, n // 10)  # single-axis rotation layers
    base = best_of(lambda: rng.normal(size=n))
    rows = [
        ("rng.normal(1e6) [reference]", base),
        ("rng.uniform(1e6) [PennyLane / qiskit default]", best_of(lambda: rng.uniform(size=n))),
        ("gue SEL Rot blocks, exact chart", best_of(
            lambda: qrmt.gue(sel_shape, template="StronglyEntanglingLayers", seed=rng))),
        ("gue SEL Rot blocks, tangent chart", best_of(
            lambda: qrmt.gue(sel_shape, template="StronglyEntanglingLayers", chart="tangent",
                             seed=rng))),
        ("gue rotation layers", best_of(lambda: qrmt.gue(flat, seed=rng))),
        ("goe rotation layers", best_of(lambda: qrmt.goe(flat, seed=rng))),
        ("cue SEL Rot blocks", best_of(
            lambda: qrmt.cue(sel_shape, template="StronglyEntanglingLayers", seed=rng))),
        ("cue rotation layers", best_of(lambda: qrmt.cue(flat, seed=rng))),
    ]
    print(f"{'case (1e6 parameters)':48s} {'time [ms]':>10s} {'/ rng.normal':>13s}  target")
    for label, t in rows:
        target = "<= 5x" if label.startswith(("gue", "cue", "goe")) else ""
        print(f"{label:48s} {1e3 * t:10.2f} {t / base:13.2f}  {target}")

    from qiskit.circuit.library import efficient_su2

    circuit = efficient_su2(100, reps=50)
    t_circ = best_of(lambda: qrmt.gue(circuit, seed=1), repeat=3)
    print(f"\nqrmt.gue(efficient_su2(100, reps=50)) [{circuit.num_parameters} parameters]: "
          f"{t_circ:.3f} s (target < 1 s)")
    t_assign = best_of(lambda: circuit.assign_parameters(qrmt.gue(circuit, seed=1)), repeat=3)
    print(f"  ... plus circuit.assign_parameters: {t_assign:.3f} s")


if __name__ == "__main__":
    main()
