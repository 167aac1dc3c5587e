"""Barren-plateau scan: Var[∂E/∂θ] at initialization per strategy, over qubits and depths.

For every (molecule, ansatz, layers, init) cell :func:`qrmt.vqe.gradient_variance` draws
``n_samples`` initial points from the strategy and returns, for each parameter, the sample
variance of the energy gradient over them; the record keeps their mean over parameters
(``variance``) and its standard error over parameters (``variance_stderr``). Across
molecules of growing qubit count ``n``, a barren plateau shows as ``Var ∝ exp(−b n)``; :func:`fit_decay` fits
``log Var = a − b n`` by least squares and reports ``b`` (per qubit) with its standard error
(McClean et al., Nat. Commun. 9, 4812 (2018); Cerezo et al., Nat. Commun. 12, 1791 (2021)).

Cells run as tasks of the same executor as VQE sweeps and are stored in the
``grad_variance`` table; each has its own spawned seed (:mod:`qrmt.bench.plan`).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from qrmt.bench.plan import RunTask, make_plan

__all__ = ["DEFAULT_GRAD_INITS", "DEFAULT_GRAD_MOLECULES", "fit_decay", "format_grad_table",
           "grad_plan", "grad_task", "hydrogen_chain", "run_grad_variance_cli"]

#: Chain lengths of the default scan: linear H_n at 1.0 Å spacing, 4, 8 and 12 qubits.
DEFAULT_GRAD_MOLECULES = (2, 4, 6)
#: Strategies of the default scan (zeros has zero variance by symmetry and no fit).
DEFAULT_GRAD_INITS = ("gue", "cue", "goe", "uniform", "uniform_symmetric", "gaussian")


def hydrogen_chain(n_atoms: int, spacing: float = 1.0) -> Any:
    """Return the linear chain H_n with ``spacing`` Å (STO-3G, all electrons), named ``H{n}@{spacing}``.

    One family of growing size and fixed local chemistry, so the change of the gradient
    variance with the qubit count is not confounded with a change of molecule type (as it is
    across H2, LiH, H2O ...).
    """
    from qrmt.chem import Molecule

    return Molecule(f"H{n_atoms}@{spacing:g}", ("H",) * n_atoms,
                    tuple((0.0, 0.0, spacing * i) for i in range(n_atoms)))


def grad_plan(molecules: Sequence[Mapping[str, Any]], ansatze: Sequence[str],
              layers: Sequence[int], inits: Sequence[str], n_samples: int, root_seed: int,
              backend: str = "lightning") -> tuple[list[RunTask], list[str]]:
    """Return one task per valid (molecule, ansatz, layers, init) cell, and the notes.

    The cells are the validated configurations of
    :func:`qrmt.bench.suite.build_configs` (so chemistry inits are skipped, with a note, on
    ansätze that cannot use them, and ``uccsd`` has one layer); each task's config keeps the
    fields the scan uses, so a cell's key does not depend on optimizer settings.

    Raises:
        ValueError, TypeError: a bad name or value, or no valid combination.
    """
    from qrmt.bench.suite import build_configs

    req = build_configs(ansatze, inits, layers, explicit_inits=True, backend=backend)
    configs = []
    for cfg in req.configs:
        d = cfg.to_dict()
        configs.append({"kind": "grad_variance", "ansatz": d["ansatz"], "layers": d["layers"],
                        "init": d["init"], "init_options": d["init_options"],
                        "backend": d["backend"], "n_samples": int(n_samples)})
    return make_plan(molecules, configs, 1, root_seed), list(req.notes)


def grad_task(task: RunTask) -> dict[str, Any]:
    """Estimate one cell's gradient variance (runs in a worker); return its record."""
    from qrmt.bench.runner import load_problem
    from qrmt.vqe import gradient_variance

    c = task.config
    problem = load_problem(task.molecule)
    raw = gradient_variance(problem, c["ansatz"], c["layers"], c["init"],
                            n_samples=c["n_samples"], seed=task.seed_sequence(),
                            backend=c["backend"],
                            init_options=tuple(sorted(c["init_options"].items())))
    raw = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in dict(raw).items()}
    variance = float(raw["variance_mean"])
    stderr = raw.get("variance_mean_se")
    return {"molecule": task.molecule_name, "ansatz": c["ansatz"], "layers": c["layers"],
            "init": c["init"], "n_qubits": int(problem.n_qubits),
            "n_params": raw.get("n_params"), "n_samples": c["n_samples"],
            "variance": variance, "variance_stderr": None if stderr is None else float(stderr),
            "backend": c["backend"], "raw": raw}


def fit_decay(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Fit ``log Var = a − b n`` per (ansatz, layers, init) over the qubit counts ``n``.

    Args:
        records: gradient-variance records (``n_qubits``, ``variance``, ...).

    Returns:
        dicts with ansatz, layers, init, points, ``rate`` (b, per qubit), ``rate_stderr``
        (None with fewer than 3 points), ``intercept`` (a); ``rate`` is None when fewer than
        two distinct qubit counts have a positive variance.

    Example:
        >>> recs = [{"ansatz": "hea", "layers": 1, "init": "u", "n_qubits": n,
        ...          "variance": 0.5 * np.exp(-0.7 * n)} for n in (4, 6, 8)]
        >>> round(fit_decay(recs)[0]["rate"], 6)
        0.7
    """
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for r in records:
        groups.setdefault((r["ansatz"], r["layers"], r["init"]), []).append(r)
    out = []
    for (ans, lay, init), rs in groups.items():
        pts = [(float(r["n_qubits"]), float(r["variance"])) for r in rs
               if r.get("variance") is not None and r["variance"] > 0]
        row: dict[str, Any] = {"ansatz": ans, "layers": lay, "init": init, "points": len(pts),
                               "rate": None, "rate_stderr": None, "intercept": None}
        if len({n for n, _ in pts}) >= 2:
            n = np.array([p[0] for p in pts])
            y = np.log([p[1] for p in pts])
            A = np.column_stack([np.ones_like(n), n])
            coef, *_ = np.linalg.lstsq(A, y, rcond=None)
            row["intercept"], row["rate"] = float(coef[0]), float(-coef[1])
            if len(pts) >= 3:
                resid = y - A @ coef
                s2 = float(resid @ resid) / (len(pts) - 2)
                row["rate_stderr"] = math.sqrt(s2 / float(np.sum((n - n.mean()) ** 2)))
        out.append(row)
    return out


def format_grad_table(records: Sequence[Mapping[str, Any]],
                      fits: Sequence[Mapping[str, Any]]) -> str:
    """Markdown table: one row per (ansatz, layers, init), a column per qubit count, the rate."""
    qubits = sorted({int(r["n_qubits"]) for r in records})
    var = {(r["ansatz"], r["layers"], r["init"], int(r["n_qubits"])): r["variance"]
           for r in records}
    head = ["ansatz", "layers", "init", *[f"Var n={q}" for q in qubits], "decay b per qubit"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in sorted(fits, key=lambda f: (str(f["ansatz"]), f["layers"])):
        cells = [str(f["ansatz"]), str(f["layers"]), str(f["init"])]
        for q in qubits:
            v = var.get((f["ansatz"], f["layers"], f["init"], q))
            cells.append("-" if v is None else f"{v:.2e}")
        if f["rate"] is None:
            cells.append("-")
        else:
            se = "" if f["rate_stderr"] is None else f" ± {f['rate_stderr']:.2f}"
            cells.append(f"{f['rate']:.2f}{se}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run_grad_variance_cli(args: argparse.Namespace) -> int:
    """``qrmt bench --grad-variance``: run, store and print the scan (see module docstring)."""
    import json
    from pathlib import Path

    from qrmt.bench.executor import default_workers, execute
    from qrmt.bench.outputs import check_paths, open_store, parse_ints, prepare_out_dir, split_list
    from qrmt.bench.progress import Progress
    from qrmt.bench.store import default_db_path
    from qrmt.bench.suite import prepare_problems, resolve_molecules

    if args.grad_samples < 2:
        raise ValueError(f"--grad-samples must be an int >= 2; got {args.grad_samples}")
    db_path = Path(args.db).expanduser() if args.db else default_db_path()
    check_paths(db_path, args.out)  # before any problem is built or cell runs
    names = split_list(args.molecule)
    geo = {"charge": args.charge, "multiplicity": args.multiplicity, "basis": args.basis,
           "active_electrons": args.active_electrons, "active_orbitals": args.active_orbitals,
           "name": args.name}
    if names or args.geometry:
        molecules = resolve_molecules(names, args.geometry, geo)
    else:
        molecules = [hydrogen_chain(n) for n in DEFAULT_GRAD_MOLECULES]
    ansatze = split_list(args.ansatz) or ["hea"]
    inits = split_list(args.init) or list(DEFAULT_GRAD_INITS)
    layers = parse_ints("--layers", split_list(args.layers)) or [2]
    tasks, notes = grad_plan([m.to_dict() for m in molecules], ansatze, layers, inits,
                             args.grad_samples, args.seed, backend=args.backend)
    for note in notes:
        print(f"qrmt: note: {note}", file=sys.stderr)
    prepare_problems(molecules)
    failed: list[str] = []
    with open_store(db_path) as store:
        done = store.existing_keys_grad([t.key for t in tasks])
        todo = [t for t in tasks if t.key not in done]
        sweep_id = store.add_sweep({"grad_variance": [t.config for t in tasks],
                                    "molecules": [m.to_dict() for m in molecules]},
                                   args.seed, list(sys.argv))
        bar = Progress(len(todo), skipped=len(tasks) - len(todo))
        results = execute(grad_task, todo, workers=args.workers or default_workers(),
                          dask_scheduler=args.dask_scheduler)
        interrupted = False
        try:
            for task, rec, err in results:
                if err is None:
                    store.insert_grad_variance(task.key, rec, sweep_id=sweep_id)
                else:
                    failed.append(f"{task.label()}: {err}")
                bar.update(ok=err is None)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            results.close()
            bar.close()
        records = store.grad_variance([t.key for t in tasks])
    if interrupted:
        print(f"qrmt: interrupted; {len(records)} of {len(tasks)} cells stored in {db_path}",
              file=sys.stderr)
        return 130
    fits = fit_decay(records)
    if args.json:
        print(json.dumps({"grad_variance": records, "fits": fits}))
    else:
        print(format_grad_table(records, fits), end="")
    if args.out:
        from qrmt.bench.plots import plot_grad_variance

        out = prepare_out_dir(args.out) or Path(args.out)
        plot_grad_variance(records, fits, out / "grad_variance.png")
        (out / "grad_variance.md").write_text(format_grad_table(records, fits))
    for f in failed:
        print(f"qrmt: cell {f}", file=sys.stderr)
    return 1 if failed else 0
