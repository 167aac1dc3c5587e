"""The public initializer API: ``qrmt.gue``, ``qrmt.cue``, ``qrmt.goe``, ``qrmt.initializer``.

A target is either a weight shape (as PennyLane templates' ``shape()`` returns it), giving
an array of that shape, or a Qiskit ``QuantumCircuit``, giving a 1-D array in
``circuit.parameters`` order (ready for ``assign_parameters`` and
``VQE(initial_point=...)``).
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from qrmt._optional import require
from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_choice, check_positive_int
from qrmt.init.interfaces import check_interface, to_interface
from qrmt.init.strategies import STRATEGIES, OptionSpec
from qrmt.init.structure import Structure
from qrmt.init.templates import template_name, template_structure

__all__ = ["Initializer", "StrategyInfo", "cue", "draw", "goe", "gue", "initializer",
           "resolve_structure", "strategies", "strategy_options"]


def _optional_layers(name: str, value: Any) -> int | None:
    return None if value is None else check_positive_int(name, value)


def _optional_template(name: str, value: Any) -> str | None:
    return None if value is None else template_name(value)


_COMMON_OPTIONS: dict[str, OptionSpec] = {
    "template": OptionSpec(None, _optional_template, "PennyLane template behind a shape"),
    "interface": OptionSpec("numpy", lambda _n, v: check_interface(v),
                            "numpy | autograd | torch | jax"),
    "layers": OptionSpec(None, _optional_layers, "override the depth L read from the target"),
}


@dataclass(frozen=True)
class StrategyInfo:
    """A strategy's name, one-line description, reference and its own options."""

    name: str
    description: str
    reference: str
    options: tuple[str, ...]


def strategies() -> list[StrategyInfo]:
    """Every registered strategy, with a one-line description and its reference.

    Example:
        >>> [s.name for s in strategies()][:3]
        ['gue', 'goe', 'cue']
    """
    return [StrategyInfo(s.name, s.description, s.reference, tuple(s.options))
            for s in STRATEGIES.values()]


def _check_options(name: str, options: Mapping[str, Any]) -> dict[str, Any]:
    specs = {**_COMMON_OPTIONS, **STRATEGIES[name].options}
    unknown = sorted(set(options) - set(specs))
    if unknown:
        raise TypeError(
            f"unknown option {unknown[0]!r} for strategy {name!r}; valid options: {sorted(specs)}"
        )
    return {key: spec.check(key, options[key]) if key in options else spec.default
            for key, spec in specs.items()}


def strategy_options(name: str, **options: Any) -> dict[str, Any]:
    """The strategy's own options with every default filled in: what a draw really uses.

    Stored with results (and hashed into run keys) so that a changed default makes a new
    run instead of silently matching an old one.

    Example:
        >>> strategy_options("gaussian")
        {'locality': 2, 'sigma': None}
    """
    name = check_choice("strategy", name, STRATEGIES)
    resolved = _check_options(name, options)
    return {key: resolved[key] for key in STRATEGIES[name].options}


def _as_shape(target: Any) -> tuple[int, ...]:
    dims = (target,) if isinstance(target, numbers.Integral) else tuple(target)
    if not dims:
        raise ValueError("target shape must have at least one dimension; got ()")
    return tuple(check_positive_int(f"target dimension {i}", d) for i, d in enumerate(dims))


def _is_circuit(target: Any) -> bool:
    """True for a Qiskit ``QuantumCircuit`` (or subclass); never imports Qiskit itself."""
    qiskit = sys.modules.get("qiskit")
    return qiskit is not None and isinstance(target, qiskit.QuantumCircuit)


def resolve_structure(target: Any, template: str | None = None) -> tuple[Structure, Any]:
    """The :class:`Structure` behind a target and the output layout.

    Args:
        target: a shape (int or sequence of ints) or a Qiskit ``QuantumCircuit``.
        template: the PennyLane template behind a shape, if known.

    Returns:
        ``(structure, shape)``: ``shape`` is the output shape (``(n_params,)`` for circuits).

    Raises:
        TypeError: the target is neither a shape nor a circuit.
        ValueError: a bad dimension, a shape that does not fit ``template``, or a circuit
            without parameters.
    """
    if _is_circuit(target):
        if template is not None:
            raise ValueError("template applies to shape targets; a circuit is inspected directly")
        from qrmt.init.qiskit_structure import structure_from_circuit

        structure = structure_from_circuit(target)
        return structure, (structure.n_params,)
    if isinstance(target, (str, bytes, np.ndarray)) or not (
        isinstance(target, numbers.Integral) or hasattr(target, "__iter__")
    ):
        raise TypeError(
            "target must be a weight shape (a tuple of positive ints) or a qiskit "
            f"QuantumCircuit; got {type(target).__name__}"
        )
    shape = _as_shape(target)
    if template is not None:
        return template_structure(template, shape), shape
    n_layers = shape[0] if len(shape) > 1 else 1
    return Structure.rotations_only(int(np.prod(shape)), n_layers, name="rotations"), shape


class Initializer:
    """A reusable, configured initializer: ``init(target, seed=...)`` draws parameters.

    Use ``qrmt.initializer(name, **options)`` to make one. It keeps its own random stream
    (from ``seed=`` at construction) for calls without a seed, so ``torch_`` can fill several
    tensors reproducibly.

    Example:
        >>> init = initializer("gue", budget=0.5)
        >>> init((2, 3, 3), seed=1).shape
        (2, 3, 3)
    """

    def __init__(self, name: str, seed: SeedLike = None, **options: Any) -> None:
        self.name = check_choice("strategy", name, STRATEGIES)
        self.options = _check_options(self.name, options)
        self._rng = as_generator(seed)

    def __repr__(self) -> str:
        given = {k: v for k, v in self.options.items() if v is not None}
        return f"Initializer({self.name!r}, {given})"

    def structure(self, target: Any) -> Structure:
        """The :class:`Structure` this initializer sees for ``target``."""
        return resolve_structure(target, self.options["template"])[0]

    def sample(self, target: Any, *, seed: SeedLike = None) -> np.ndarray:
        """Draw parameters as a float64 numpy array, whatever the ``interface`` option."""
        rng = self._rng if seed is None else as_generator(seed)  # a bad seed fails first
        structure, shape = resolve_structure(target, self.options["template"])
        angles = STRATEGIES[self.name].sampler(structure, rng, self.options)
        return structure.angles_to_params(angles).reshape(shape)

    def __call__(self, target: Any, *, seed: SeedLike = None) -> Any:
        """Draw parameters for ``target`` in the configured interface."""
        return to_interface(self.sample(target, seed=seed), self.options["interface"])

    def torch_(self, tensor: Any) -> Any:
        """Fill a torch tensor in place (as ``torch.nn.init`` does) and return it.

        Works as PennyLane's ``TorchLayer(qnode, weight_shapes, init_method=init.torch_)``.
        """
        torch = require("torch", "torch", "Initializer.torch_")
        values = self.sample(tuple(tensor.shape))
        with torch.no_grad():
            tensor.copy_(torch.as_tensor(values, dtype=tensor.dtype))
        return tensor


def initializer(name: str, *, seed: SeedLike = None, **options: Any) -> Initializer:
    """Make a reusable initializer for any registered strategy.

    Args:
        name: strategy name (see :func:`strategies`).
        seed: stream used by calls that pass no seed (and by ``torch_``).
        **options: ``template``, ``interface``, ``layers`` and the strategy's own options
            (``budget`` and ``chart`` for gue/goe, ``locality`` for gaussian, ...).

    Returns:
        An :class:`Initializer`.

    Raises:
        ValueError: unknown strategy (the message lists them and suggests the closest) or a
            bad option value.
        TypeError: an option the strategy does not take.
    """
    return Initializer(name, seed=seed, **options)


def draw(name: str, target: Any, *, seed: SeedLike = None, **options: Any) -> Any:
    """Draw starting parameters for ``target`` with strategy ``name`` (one-shot form)."""
    return Initializer(name, **options)(target, seed=seed)


def gue(target: Any, *, seed: SeedLike = None, **options: Any) -> Any:
    """GUE starting parameters: each block is ``exp(−iεH)``, ``H ~ GUE(2)``, ``ε = √(t*/L)``.

    * SU(2) blocks (``Rot`` triples, Qiskit ``U``, RZ·RY·RZ runs): ``H`` from the 2×2 GUE
      scaled to unit spectral variance; the block's eigenphase gap is ``ε`` times a GUE level
      spacing (β = 2 Wigner surmise: near the identity in scale, repelled from zero).
      ``chart="exact"`` (default) realises ``exp(−iεH)`` exactly (its Euler angles can be
      large: ``Rot`` is gimbal-locked at the identity); ``chart="tangent"`` keeps the
      rotation angle but moves along the directions ``Rot`` has near the identity, so all
      angles are ``O(ε)``.
    * Single-axis rotations and excitation angles: ``±ε·(λ₁ − λ₂)``, the same gap law.

    ``L`` is the target's depth in layers (``layers=`` overrides) and ``t*`` the spectral
    budget (``budget=``, default :data:`qrmt.init.strategies.DEFAULT_BUDGET`).

    Args:
        target: a weight shape or a Qiskit ``QuantumCircuit``.
        seed: int, Generator, SeedSequence or None.
        **options: ``template``, ``budget``, ``chart``, ``layers``, ``interface``.

    Returns:
        Parameters shaped like the target (1-D in ``circuit.parameters`` order for circuits).

    Example:
        >>> import pennylane as qml
        >>> shape = qml.StronglyEntanglingLayers.shape(n_layers=2, n_wires=4)
        >>> gue(shape, template="StronglyEntanglingLayers", seed=7).shape
        (2, 4, 3)
    """
    return draw("gue", target, seed=seed, **options)


def goe(target: Any, *, seed: SeedLike = None, **options: Any) -> Any:
    """GOE starting parameters: as :func:`gue` with ``H ~ GOE(2)`` (β = 1).

    The real counterpart for real / orthogonal ansätze (RY-only circuits, Givens rotations):
    one-parameter angles are ``±ε·(λ₁ − λ₂)`` of a unit-variance 2×2 GOE, whose gap follows
    the β = 1 Wigner surmise ``p(s) = (π/2) s exp(−πs²/4)``. SU(2) blocks get the real
    symmetric generator ``h_x X + h_z Z``.
    """
    return draw("goe", target, seed=seed, **options)


def cue(target: Any, *, seed: SeedLike = None, **options: Any) -> Any:
    """CUE (Haar) starting parameters.

    * SU(2) blocks: exactly Haar, in closed form (``θ = 2 arccos √u``, phases uniform).
    * Single-axis rotations: uniform on [−π, π) (Haar on the rotation's U(1) up to phase).
    * Excitation angles: uniform on [−2π, 2π) (Haar on the Givens rotation's SO(2)).
    """
    return draw("cue", target, seed=seed, **options)
