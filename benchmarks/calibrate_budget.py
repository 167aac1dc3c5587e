"""Measure the spectral budget t* of the gue/goe depth rule: the data behind DEFAULT_BUDGET.

For each cell (molecule, ansatz) and each configuration (gue at budget t* with the exact or
the tangent chart, and Zhang's Gaussian as the reference scale), run Adam-VQE from
``--seeds`` seeds and count successes (|E − E_FCI| < 1.6 mHa) and strict successes
(< 0.1 mHa). Seeds are spawned from one root, so every configuration of a cell sees the same
seed indices. Prints a markdown table.

Run: ``python benchmarks/calibrate_budget.py --seeds 10 --workers 2``
"""

from __future__ import annotations

import argparse
import itertools
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

CELLS = [("H2", "hea", 2), ("H2", "ry", 2), ("H4", "hea", 2), ("H4", "uccsd", 1)]
BUDGETS = [0.001, 0.01, 0.1, 1.0]


def configs() -> list[tuple[str, tuple[tuple[str, object], ...]]]:
    out: list[tuple[str, tuple[tuple[str, object], ...]]] = [("gaussian", ())]
    for chart, budget in itertools.product(("exact", "tangent"), BUDGETS):
        out.append(("gue", (("budget", budget), ("chart", chart))))
    return out


def one(job: tuple) -> tuple:
    from qrmt.chem import build_problem, get_molecule
    from qrmt.vqe import RunConfig, run_vqe

    (molecule, ansatz, layers), (init, options), seed_index, seed, max_iter = job
    problem = build_problem(get_molecule(molecule))
    config = RunConfig(ansatz=ansatz, layers=layers, init=init, init_options=options,
                       max_iter=max_iter)
    result = run_vqe(problem, config, seed=seed)
    return (molecule, ansatz, init, options, seed_index, result.final_error,
            result.iterations_to_chemical_accuracy)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-iter", type=int, default=200)
    args = parser.parse_args()
    roots = np.random.SeedSequence(20261204).spawn(args.seeds)
    jobs = [(cell, cfg, i, roots[i], args.max_iter)
            for cell in CELLS for cfg in configs() for i in range(args.seeds)]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(one, jobs, chunksize=4))
    print(f"{len(jobs)} runs in {time.perf_counter() - start:.0f} s\n")
    header = "| configuration | " + " | ".join(f"{m} {a}" for m, a, _ in CELLS) + " | total |"
    print(header)
    print("|" + "---|" * (len(CELLS) + 2))
    for init, options in configs():
        label = init if not options else f"gue t*={dict(options)['budget']} {dict(options)['chart']}"
        row, total, strict_total = [], 0, 0
        for molecule, ansatz, _ in CELLS:
            errs = [abs(r[5]) for r in results
                    if r[0] == molecule and r[1] == ansatz and r[2] == init and r[3] == options]
            ok = sum(e < 1.6e-3 for e in errs)
            strict = sum(e < 1e-4 for e in errs)
            total += ok
            strict_total += strict
            row.append(f"{ok}/{len(errs)} ({strict})")
        print(f"| {label} | " + " | ".join(row) + f" | {total} ({strict_total}) |")


if __name__ == "__main__":
    main()
