"""The initialization strategies: random-matrix ones and the literature's baselines.

A strategy maps a :class:`~qrmt.init.structure.Structure` and a random stream to one *gate
angle* per parameter. Each kind of parameter (SU(2) block, single-axis rotation,
excitation) gets the law that matches the strategy's distribution over unitaries; see each
sampler's docstring for what it does to each kind. Samplers are vectorised over all the
parameters of a kind at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qrmt._validation import (
    check_choice,
    check_nonnegative_float,
    check_positive_float,
    check_positive_int,
)
from qrmt.init import blocks
from qrmt.init.structure import Structure

__all__ = ["DEFAULT_BUDGET", "STRATEGIES", "OptionSpec", "Strategy", "depth_rule_step"]

#: Default spectral budget t* of the depth rule ε = √(t*/L); see docs/initializers.md for
#: the measurement that chose it.
DEFAULT_BUDGET = 0.01

Sampler = Callable[[Structure, np.random.Generator, Mapping[str, Any]], np.ndarray]


@dataclass(frozen=True)
class OptionSpec:
    """One keyword option of a strategy: its default and its validator."""

    default: Any
    check: Callable[[str, Any], Any]
    help: str


@dataclass(frozen=True)
class Strategy:
    """A registered initialization strategy.

    Attributes:
        name: registry name (``qrmt.initializer(name)``).
        description: one line.
        reference: the paper (or the framework) the recipe comes from.
        sampler: ``(structure, rng, options) -> angles`` of shape ``(n_params,)``.
        options: the strategy's own keyword options.
    """

    name: str
    description: str
    reference: str
    sampler: Sampler
    options: Mapping[str, OptionSpec] = field(default_factory=dict)


def depth_rule_step(budget: float, n_layers: int) -> float:
    """Per-layer step ε = √(t*/L) of the free-unitary-Brownian-motion depth rule.

    A product of ``L`` independent layers ``exp(−i ε H_l)`` with unit-variance semicircular
    generators behaves like Biane's free unitary Brownian motion at time ``t = L ε²``. Its
    eigenphases fill an arc of half-width ``½√(t(4−t)) + arccos(1 − t/2)`` for ``t < 4`` and
    the whole circle for ``t ≥ 4`` (the Haar-like, barren-plateau regime). Fixing the
    spectral budget ``t*`` fixes the step: ``ε = √(t*/L)``.

    Args:
        budget: spectral budget t* >= 0.
        n_layers: L >= 1.

    Returns:
        The step ε.

    References:
        P. Biane, "Free Brownian motion, free stochastic calculus and random matrices",
        Fields Inst. Commun. 12, 1 (1997).
    """
    return math.sqrt(budget / n_layers)


def _scatter(structure: Structure, su2: np.ndarray | None, rotations: np.ndarray | None,
             excitations: np.ndarray | None) -> np.ndarray:
    out = np.zeros(structure.n_params)
    if su2 is not None and structure.su2.size:
        out[structure.su2] = su2
    if rotations is not None and structure.rotations.size:
        out[structure.rotations] = rotations
    if excitations is not None and structure.excitations.size:
        out[structure.excitations] = excitations
    return out


def _signed_gaps(rng: np.random.Generator, n: int, beta: int, eps: float) -> np.ndarray:
    """One-parameter law of gue/goe: ``±ε·(λ₁ − λ₂)`` of a unit-variance 2×2 GUE/GOE.

    The gap is ``2|h|``: for GUE ``|N(0, I₃)|`` (chi, 3 degrees of freedom), drawn as
    ``√(2E + Z²)`` with ``E ~ Exp(1)``, ``Z ~ N(0, 1)`` (``χ²₃ = χ²₂ + χ²₁``), the sign taken
    from ``Z`` (independent of ``Z²``); for GOE ``(2/√3)|N(0, I₂)| = (2/√3)√(2E)``, the sign
    from a fair coin. Two draws per angle instead of three normals.
    """
    expo = rng.standard_exponential(n)
    if beta == 2:
        z = rng.standard_normal(n)
        out = np.sqrt(2.0 * expo + z * z)
        out *= eps
        return np.copysign(out, z)
    out = np.sqrt(2.0 * expo) * (2.0 * eps / np.sqrt(3.0))
    return np.where(rng.random(n) < 0.5, -out, out)


def _gaussian_ensemble(beta: int) -> Sampler:
    def sample(structure: Structure, rng: np.random.Generator,
               options: Mapping[str, Any]) -> np.ndarray:
        eps = depth_rule_step(options["budget"], options["layers"] or structure.n_layers)
        su2 = None
        if structure.su2.size:
            h = blocks.gaussian_block_generators(rng, structure.su2.shape[0], beta)
            if options["chart"] == "exact":
                su2 = blocks.euler_from_generators(h, eps)
            else:
                su2 = blocks.tangent_euler_from_generators(h, eps)
        rot = _signed_gaps(rng, structure.rotations.size, beta, eps)
        exc = _signed_gaps(rng, structure.excitations.size, beta, eps)
        return _scatter(structure, su2, rot, exc)

    return sample


def _cue(structure: Structure, rng: np.random.Generator, options: Mapping[str, Any]) -> np.ndarray:
    su2 = blocks.haar_su2_euler(rng, structure.su2.shape[0])
    rot = rng.uniform(-np.pi, np.pi, structure.rotations.size)
    exc = rng.uniform(-2 * np.pi, 2 * np.pi, structure.excitations.size)
    return _scatter(structure, su2, rot, exc)


def _uniform(low: float, high: float) -> Sampler:
    def sample(structure: Structure, rng: np.random.Generator,
               options: Mapping[str, Any]) -> np.ndarray:
        return rng.uniform(low, high, structure.n_params)

    return sample


def _zeros(structure: Structure, rng: np.random.Generator, options: Mapping[str, Any]) -> np.ndarray:
    return np.zeros(structure.n_params)


def _gaussian(structure: Structure, rng: np.random.Generator,
              options: Mapping[str, Any]) -> np.ndarray:
    n_layers = options["layers"] or structure.n_layers
    sigma = options["sigma"]
    if sigma is None:
        sigma = math.sqrt(1.0 / (options["locality"] * (n_layers + 2)))
    return rng.normal(0.0, sigma, structure.n_params)


def _beta(structure: Structure, rng: np.random.Generator, options: Mapping[str, Any]) -> np.ndarray:
    return 2.0 * np.pi * rng.beta(options["a"], options["b"], structure.n_params)


def _reduced_domain(structure: Structure, rng: np.random.Generator,
                    options: Mapping[str, Any]) -> np.ndarray:
    n_layers = options["layers"] or structure.n_layers
    half = options["a"] if options["a"] is not None else options["a0"] / math.sqrt(n_layers)
    return rng.uniform(-half * np.pi, half * np.pi, structure.n_params)


def _identity_blocks(structure: Structure, rng: np.random.Generator,
                     options: Mapping[str, Any]) -> np.ndarray:
    mirror = structure.mirror
    if mirror is None:
        raise ValueError(
            f"identity_blocks needs a circuit whose blocks are followed by their mirror "
            f"(Grant et al. 2019); {structure.name!r} has no such structure. Build the ansatz "
            "as blocks A·A† (e.g. qc.compose(block.inverse()) with fresh parameters) or pick "
            "another strategy"
        )
    angles = rng.uniform(0.0, 2 * np.pi, structure.n_params)
    bound = mirror >= 0
    angles[bound] = -angles[mirror[bound]]
    return angles


def _budget(name: str, value: Any) -> float:
    return check_nonnegative_float(name, value)


def _optional_positive(name: str, value: Any) -> float | None:
    return None if value is None else check_positive_float(name, value)


def _chart(name: str, value: Any) -> str:
    return check_choice(name, value, ("exact", "tangent"))


_RMT_OPTIONS = {
    "budget": OptionSpec(DEFAULT_BUDGET, _budget, "spectral budget t* of the depth rule"),
    "chart": OptionSpec("exact", _chart, "'exact' realises exp(−iεH); 'tangent' keeps angles small"),
}

STRATEGIES: dict[str, Strategy] = {
    s.name: s
    for s in (
        Strategy(
            "gue",
            "GUE Dyson step: each block exp(−iεH), H ~ GUE(2), ε = √(t*/L)",
            "Dyson, J. Math. Phys. 3, 1191 (1962); depth rule: Biane, Fields Inst. Commun. 12 (1997)",
            _gaussian_ensemble(2),
            _RMT_OPTIONS,
        ),
        Strategy(
            "goe",
            "GOE Dyson step: each block exp(−iεH), H ~ GOE(2), ε = √(t*/L) (real ansätze)",
            "Dyson, J. Math. Phys. 3, 1191 (1962); depth rule: Biane, Fields Inst. Commun. 12 (1997)",
            _gaussian_ensemble(1),
            _RMT_OPTIONS,
        ),
        Strategy(
            "cue",
            "Haar (CUE) blocks: Euler angles with cos²(θ/2) ~ U(0,1), phases uniform",
            "Mezzadri, Notices AMS 54, 592 (2007)",
            _cue,
        ),
        Strategy(
            "uniform",
            "uniform on [0, 2π) (PennyLane TorchLayer's default)",
            "PennyLane qml.qnn.TorchLayer default init_method",
            _uniform(0.0, 2 * np.pi),
        ),
        Strategy(
            "uniform_symmetric",
            "uniform on [−2π, 2π] (qiskit-algorithms VQE's default)",
            "qiskit-algorithms VQE: initial point uniform in the ansatz bounds or [−2π, 2π]",
            _uniform(-2 * np.pi, 2 * np.pi),
        ),
        Strategy("zeros", "all zeros (the HF state for excitation ansätze)", "common practice",
                 _zeros),
        Strategy(
            "gaussian",
            "Gaussian N(0, σ²), σ² = 1/(S(L+2)), S the observable's locality",
            "Zhang, Liu, Hsieh, Tao, NeurIPS 2022, arXiv:2203.09376",
            _gaussian,
            {
                "locality": OptionSpec(2, check_positive_int, "locality S of the observable"),
                "sigma": OptionSpec(None, _optional_positive, "explicit σ (overrides the rule)"),
            },
        ),
        Strategy(
            "beta",
            "BEINIT: 2π·Beta(a, b)",
            "Kulshrestha & Safro, IEEE QCE 2022, arXiv:2204.13751",
            _beta,
            {
                "a": OptionSpec(2.0, check_positive_float, "first shape parameter"),
                "b": OptionSpec(2.0, check_positive_float, "second shape parameter"),
            },
        ),
        Strategy(
            "reduced_domain",
            "uniform on [−aπ, aπ] with a = a0/√L",
            "Wang, Qi, Ma, Yin, Wu, arXiv:2302.06858 (2023)",
            _reduced_domain,
            {
                "a0": OptionSpec(1.0, check_positive_float, "a = a0/√L"),
                "a": OptionSpec(None, _optional_positive, "explicit half-width a (overrides a0)"),
            },
        ),
        Strategy(
            "identity_blocks",
            "identity blocks: random first half of each block, mirrored second half",
            "Grant, Wossnig, Ostaszewski, Benedetti, Quantum 3, 214 (2019)",
            _identity_blocks,
        ),
    )
}
