"""The worker side of a sweep: one task in, one JSON-able run record out.

:func:`vqe_task` is the function the executor ships to worker processes (or Dask workers):
it rebuilds the molecule and the run configuration from the task's plain data, loads the
problem (from qrmt's on-disk cache, filled by the parent before the sweep starts; memoised
per process), runs :func:`qrmt.vqe.run_vqe` with the task's own seed and returns the record
stored in the ``runs`` table and printed by ``qrmt bench --json``.
"""

from __future__ import annotations

import math
from typing import Any

from qrmt.bench.plan import RunTask, canonical_json

__all__ = ["STRICT_ACCURACY", "load_problem", "make_record", "vqe_task"]

#: Strict success threshold on |final error| in Hartree (0.1 mHa, DESIGN.md section 2).
STRICT_ACCURACY = 1e-4

_PROBLEMS: dict[str, Any] = {}


def load_problem(molecule: dict[str, Any]) -> Any:
    """Return ``qrmt.chem.build_problem`` of a molecule dict, memoised in this process."""
    from qrmt.chem import Molecule, build_problem

    k = canonical_json(molecule)
    if k not in _PROBLEMS:
        _PROBLEMS[k] = build_problem(Molecule.from_dict(molecule))
    return _PROBLEMS[k]


def _num(x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, bool):
        return x
    if isinstance(x, int):
        return x
    try:
        f = float(x)
    except (TypeError, ValueError):
        return x
    return f if math.isfinite(f) else None


def _floats(xs: Any) -> list[float] | None:
    if xs is None:
        return None
    return [float(v) for v in xs]


def make_record(task: RunTask, problem: Any, result: Any) -> dict[str, Any]:
    """Build the run record (the ``qrmt bench --json`` fields) from a ``RunResult``.

    Args:
        task: the run's task.
        problem: the ``qrmt.chem.Problem`` it ran on.
        result: the ``qrmt.vqe.RunResult``.

    Returns:
        dict with ``molecule, ansatz, layers, init, seed, backend, optimizer, n_qubits,
        n_params, hf_energy, exact_energy, initial_energy, final_energy (exact),
        final_energy_estimate (the backend's last, possibly noisy, estimate), final_error,
        iterations, iterations_to_chemical_accuracy, success, strict_success,
        below_reference, sector_weight, evaluations, wall_s`` and the JSON payload
        ``energies, initial_params, final_params, config, molecule_spec``.
    """
    c = task.config
    final_error = _num(result.final_error)
    ita = result.iterations_to_chemical_accuracy
    return {
        "molecule": task.molecule_name,
        "ansatz": c.get("ansatz"),
        "layers": c.get("layers"),
        "init": c.get("init"),
        "seed": task.seed_index,
        "backend": c.get("backend"),
        "optimizer": c.get("optimizer"),
        "n_qubits": int(result.n_qubits),
        "n_params": int(result.n_params),
        "hf_energy": _num(problem.hf_energy),
        "exact_energy": _num(problem.exact_energy),
        "initial_energy": _num(result.initial_energy),
        "final_energy": _num(result.final_energy),
        "final_energy_estimate": _num(getattr(result, "final_energy_estimate", None)),
        "final_error": final_error,
        "iterations": int(result.iterations),
        "iterations_to_chemical_accuracy": None if ita is None else int(ita),
        "success": bool(result.success),
        "strict_success": final_error is not None and abs(final_error) < STRICT_ACCURACY,
        "below_reference": bool(result.below_reference),
        "sector_weight": _num(getattr(result, "sector_weight", None)),
        "evaluations": _num(getattr(result, "evaluations", None)),
        "wall_s": _num(result.wall_s),
        "energies": _floats(result.energies),
        "initial_params": _floats(getattr(result, "initial_params", None)),
        "final_params": _floats(getattr(result, "final_params", None)),
        "config": dict(c),
        "molecule_spec": dict(task.molecule),
    }


def vqe_task(task: RunTask) -> dict[str, Any]:
    """Run one VQE task (in a worker) and return its record (see :func:`make_record`)."""
    from qrmt.vqe import run_vqe
    from qrmt.vqe.config import RunConfig

    problem = load_problem(task.molecule)
    config = RunConfig.from_dict(task.config)
    result = run_vqe(problem, config, seed=task.seed_sequence())
    return make_record(task, problem, result)
