"""One VQE run (:func:`run_vqe`), its starting point and the barren-plateau measurement.

Randomness: the run's ``seed`` is split with ``SeedSequence.spawn`` into three independent
streams (initial parameters, optimizer, shot noise), so a run is bit-identical for the same
seed whatever process, worker or order runs it, and changing the optimizer does not change
the initial parameters.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from qrmt._rng import SeedLike, as_seed_sequence, spawn
from qrmt._validation import check_positive_int
from qrmt.vqe.ansatz import pennylane_ansatz, qiskit_ansatz
from qrmt.vqe.backends import Objective, make_objective
from qrmt.vqe.config import (
    CHEMICAL_ACCURACY,
    PENNYLANE_BACKENDS,
    RunConfig,
    RunResult,
)
from qrmt.vqe.optimizers import optimize

__all__ = [
    "exact_energy_of_state",
    "gradient_variance",
    "initial_parameters",
    "iterations_to_accuracy",
    "mp2_initial_point",
    "run_vqe",
]

_BELOW_REFERENCE_TOL = 1e-6
#: Backends whose energies are estimates (shot noise, device noise), not exact values.
_SAMPLING_BACKENDS = ("aer-shots", "aer-noisy")


def iterations_to_accuracy(
    energies: list[float] | np.ndarray, exact: float, threshold: float = CHEMICAL_ACCURACY
) -> int | None:
    """First index ``k`` with ``|energies[k] − exact| < threshold``; None if never.

    Example:
        >>> iterations_to_accuracy([0.0, -0.9, -0.999], -1.0, 1.6e-3)
        2
    """
    hits = np.flatnonzero(np.abs(np.asarray(energies, dtype=np.float64) - exact) < threshold)
    return int(hits[0]) if hits.size else None


def mp2_initial_point(problem: Any) -> np.ndarray:
    """MP2 starting angles of the ``uccsd`` ansatz (singles 0, doubles from MP2 amplitudes).

    qiskit-nature's ``MP2InitialPoint`` puts the first-order MP2 amplitude ``t_ijab`` on each
    double excitation of its UCCSD, which to first order adds ``t|Φ_ij^ab⟩`` to the HF state.
    ``DoubleExcitation(θ)`` adds ``−sin(θ/2)|HF ⊕ {i,j,a,b}⟩``, so the angle is
    ``θ = −2 s t`` with ``s`` the Jordan–Wigner sign of ``|Φ_ij^ab⟩``
    (:func:`qrmt.chem.mp2_angles`). The MP2 start lowers the energy to first order.

    Args:
        problem: a :class:`qrmt.chem.Problem`.

    Returns:
        Flat angles in ``AllSinglesDoubles`` order (singles, then doubles).

    References:
        Møller & Plesset, Phys. Rev. 46, 618 (1934); qiskit-nature ``MP2InitialPoint``.
    """
    from qrmt.chem import mp2_angles

    singles, doubles = mp2_angles(problem)
    return np.concatenate([np.asarray(singles, dtype=np.float64).reshape(-1),
                           np.asarray(doubles, dtype=np.float64).reshape(-1)])


def initial_parameters(problem: Any, config: RunConfig, *, seed: SeedLike) -> np.ndarray:
    """Starting parameters of a run, shaped as the ansatz wants.

    * ``hf``: zeros (the circuit prepares the HF determinant); ``mp2``:
      :func:`mp2_initial_point` (``uccsd`` only).
    * otherwise ``qrmt.initializer(config.init, **init_options)``: with the PennyLane template
      and weights shape on ``lightning``/``default``; with the Qiskit circuit (parameters in
      ``circuit.parameters`` order) on the Aer backends, except ``uccsd``, whose Qiskit
      parameters *are* the ``AllSinglesDoubles`` weights (same gates, same order), so it is
      drawn against that template in both frameworks.

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        config: the run's configuration (validated here).
        seed: the stream of the initial parameters.

    Returns:
        float64 array: the weights shape on PennyLane backends, 1-D on Aer backends.

    Raises:
        ValueError: invalid configuration.
    """
    import qrmt

    config.validate()
    if config.backend in PENNYLANE_BACKENDS or config.ansatz == "uccsd":
        _, shape, template = pennylane_ansatz(problem, config.ansatz, config.layers)
        if config.init == "hf":
            return np.zeros(shape)
        if config.init == "mp2":
            return mp2_initial_point(problem).reshape(shape)
        init = qrmt.initializer(config.init, template=template, **dict(config.init_options))
        return np.asarray(init.sample(shape, seed=seed), dtype=np.float64).reshape(shape)
    circuit = qiskit_ansatz(problem, config.ansatz, config.layers)
    init = qrmt.initializer(config.init, **dict(config.init_options))
    return np.asarray(init.sample(circuit, seed=seed), dtype=np.float64).reshape(-1)


def _final_state(objective: Objective, x: np.ndarray) -> np.ndarray | None:
    try:
        return np.asarray(objective.statevector(x))
    except (MemoryError, NotImplementedError):  # pragma: no cover - huge problems only
        return None


def exact_energy_of_state(problem: Any, state: np.ndarray, wire_order: str = "pennylane") -> float:
    """Noise-free energy ``⟨ψ|H|ψ⟩ / ⟨ψ|ψ⟩`` of a state vector.

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        state: state vector of length ``2^n_qubits``.
        wire_order: ``"pennylane"`` (wire 0 the most significant bit) or ``"qiskit"`` (qubit 0
            the least significant); a Qiskit state is reordered to PennyLane's, the order of
            ``problem.sparse_matrix()``.

    Returns:
        The energy in Hartree.

    """
    psi = np.asarray(state, dtype=np.complex128).reshape(-1)
    n = int(problem.n_qubits)
    if wire_order == "qiskit":
        psi = psi.reshape((2,) * n).transpose(tuple(range(n))[::-1]).reshape(-1)
    elif wire_order != "pennylane":
        raise ValueError(f"wire_order must be 'pennylane' or 'qiskit'; got {wire_order!r}")
    h = problem.sparse_matrix()
    return float(np.vdot(psi, h @ psi).real / np.vdot(psi, psi).real)


def run_vqe(problem: Any, config: RunConfig, *, seed: SeedLike) -> RunResult:
    """Run one VQE: initial parameters, optimizer loop on the backend, metrics.

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        config: what to run (validated before any work).
        seed: root seed of the run; spawned into independent streams for the initial
            parameters, the optimizer (SPSA directions) and the shot noise (``aer-shots``).

    Returns:
        The :class:`RunResult`. ``final_energy`` (and ``final_error``, ``success``,
        ``below_reference``) is the exact energy of the final parameters: the last entry of
        the energy trace on the exact backends; on ``aer-shots``/``aer-noisy`` the
        noise-free energy of the final parameters' state vector, while the backend's noisy
        last estimate is kept in ``final_energy_estimate``.

    Raises:
        ValueError: invalid configuration (unknown names, a chemistry init with ``hea``,
            ``kupccgsd`` on Aer, a problem larger than the noisy fake backend).

    Example:
        >>> from qrmt.chem import build_problem, get_molecule  # doctest: +SKIP
        >>> p = build_problem(get_molecule("H2"))  # doctest: +SKIP
        >>> r = run_vqe(p, RunConfig(ansatz="uccsd", init="hf", max_iter=50), seed=0)  # doctest: +SKIP
        >>> r.success  # doctest: +SKIP
        True
    """
    config.validate()
    init_seq, opt_seq, noise_seq = spawn(as_seed_sequence(seed), 3)
    start = time.perf_counter()
    objective = make_objective(problem, config, seed=noise_seq)
    x0 = initial_parameters(problem, config, seed=init_seq).reshape(-1)
    trace = optimize(
        config.optimizer, objective, x0, config.max_iter, stepsize=config.stepsize, seed=opt_seq
    )
    exact = float(problem.exact_energy)
    estimate = float(trace.energies[-1])
    state = _final_state(objective, trace.x)
    sector = math.nan if state is None else float(
        problem.sector_weight(state, wire_order=objective.wire_order))
    if config.backend in _SAMPLING_BACKENDS:
        final = math.nan if state is None else exact_energy_of_state(
            problem, state, objective.wire_order)
    else:
        final = estimate
    wall = time.perf_counter() - start
    error = final - exact
    return RunResult(
        n_qubits=int(problem.n_qubits),
        n_params=int(x0.size),
        initial_energy=float(trace.energies[0]),
        final_energy=final,
        final_energy_estimate=estimate,
        energies=[float(e) for e in trace.energies],
        evaluations=int(objective.evaluations),
        iterations=trace.iterations,
        iterations_to_chemical_accuracy=iterations_to_accuracy(trace.energies, exact),
        final_error=error,
        success=bool(abs(error) < CHEMICAL_ACCURACY),
        below_reference=bool(final < exact - _BELOW_REFERENCE_TOL),
        sector_weight=sector,
        initial_params=x0.tolist(),
        final_params=np.asarray(trace.x, dtype=np.float64).tolist(),
        wall_s=wall,
    )


def gradient_variance(
    problem: Any,
    ansatz: str,
    layers: int,
    init: str,
    *,
    n_samples: int,
    seed: SeedLike,
    backend: str = "lightning",
    init_options: tuple[tuple[str, Any], ...] = (),
) -> dict[str, Any]:
    """Variance of the energy gradient at initialisation (barren-plateau measurement).

    Draws ``n_samples`` starting points with strategy ``init`` (independent spawned streams;
    one more spawned stream drives the shot noise of ``aer-shots``)
    and computes the exact gradient at each (adjoint on ``lightning``). On a barren plateau
    ``Var[∂E/∂θ_k]`` decays exponentially with the number of qubits (McClean et al. 2018).

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        ansatz: one of :data:`~qrmt.vqe.ANSATZE`.
        layers: ansatz layers.
        init: initializer strategy (or ``hf``/``mp2`` for the chemistry ansätze).
        n_samples: number of starting points (>= 2).
        seed: root seed.
        backend: backend computing the gradients (default ``lightning``).
        init_options: the strategy's options as ``(name, value)`` pairs.

    Returns:
        dict with ``n_samples``, ``n_qubits``, ``n_params``, ``variance_mean`` (mean over
        parameters ``k`` of the sample variance of ``∂E/∂θ_k``), ``variance_first`` (that of
        the first parameter), ``variance_mean_se`` (its standard error over parameters),
        ``grad_norm_mean`` and ``energy_mean``.

    Raises:
        ValueError: invalid configuration or ``n_samples < 2``.

    References:
        McClean et al., Nat. Commun. 9, 4812 (2018).
    """
    n = check_positive_int("n_samples", n_samples)
    if n < 2:
        raise ValueError(f"n_samples must be at least 2 to estimate a variance; got {n}")
    config = RunConfig(ansatz=ansatz, layers=layers, init=init, init_options=init_options,
                       backend=backend, optimizer="adam", max_iter=1)
    config.validate()
    # Children 0..n-1 draw the starting points, child n is the shot-noise stream (aer-shots).
    *sample_seqs, noise_seq = spawn(seed, n + 1)
    objective = make_objective(problem, config, seed=noise_seq)
    grads = np.empty((n, objective.n_params))
    energies = np.empty(n)
    for i, child in enumerate(sample_seqs):
        x = initial_parameters(problem, config, seed=child).reshape(-1)
        energies[i], grads[i] = objective.energy_and_grad(x)
    var = grads.var(axis=0, ddof=1)
    return {
        "ansatz": ansatz,
        "layers": int(layers),
        "init": init,
        "backend": backend,
        "n_samples": n,
        "n_qubits": int(problem.n_qubits),
        "n_params": int(objective.n_params),
        "variance_mean": float(var.mean()),
        "variance_first": float(var[0]),
        "variance_mean_se": float(var.std(ddof=1) / math.sqrt(var.size)) if var.size > 1 else 0.0,
        "grad_norm_mean": float(np.linalg.norm(grads, axis=1).mean()),
        "energy_mean": float(energies.mean()),
    }

