"""What one VQE run is asked to do (:class:`RunConfig`) and what it measured (:class:`RunResult`).

The names here are a contract with ``qrmt bench`` (sweeps store :meth:`RunConfig.to_dict` and
:meth:`RunResult.to_dict` in SQLite) and with the CLI (``--ansatz``, ``--backend``,
``--optimizer``, ``--init``): keep them stable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from qrmt._validation import (
    check_choice,
    check_positive_float,
    check_positive_int,
)

__all__ = [
    "ANSATZE",
    "BACKENDS",
    "CHEMICAL_ACCURACY",
    "CHEMISTRY_INITS",
    "OPTIMIZERS",
    "PENNYLANE_BACKENDS",
    "QISKIT_BACKENDS",
    "RunConfig",
    "RunResult",
    "init_choices",
]

ANSATZE: tuple[str, ...] = ("hea", "ry", "uccsd", "kupccgsd")
"""Ansatz families: hardware-efficient (StronglyEntanglingLayers / ``efficient_su2``), real
RY + CNOT (BasicEntanglerLayers / ``real_amplitudes``), UCCSD-content Givens circuit
(AllSinglesDoubles), and k-UpCCGSD."""

BACKENDS: tuple[str, ...] = ("lightning", "default", "aer", "aer-shots", "aer-noisy")
PENNYLANE_BACKENDS: tuple[str, ...] = ("lightning", "default")
QISKIT_BACKENDS: tuple[str, ...] = ("aer", "aer-shots", "aer-noisy")

OPTIMIZERS: tuple[str, ...] = ("adam", "gd", "lbfgs", "cobyla", "spsa")

CHEMISTRY_INITS: tuple[str, ...] = ("hf", "mp2")
"""Initial points valid only for the chemistry ansätze (``uccsd``, ``kupccgsd``): ``hf`` is all
zeros (the circuit prepares the Hartree–Fock determinant), ``mp2`` puts the MP2 doubles
amplitudes on the double excitations and 0 on the singles (qiskit-nature's
``MP2InitialPoint``)."""

CHEMICAL_ACCURACY: float = 1.6e-3
"""Chemical accuracy in Hartree (1 kcal/mol ≈ 1.6 mHa)."""

_CHEMISTRY_ANSATZE = ("uccsd", "kupccgsd")
_DEFAULT_NOISE_BACKEND = "fake_manila"
_DEFAULT_SHOTS = 1024


def init_choices() -> tuple[str, ...]:
    """Names accepted by :attr:`RunConfig.init`: qrmt's strategies plus :data:`CHEMISTRY_INITS`."""
    from qrmt.init import strategies

    return tuple(s.name for s in strategies()) + CHEMISTRY_INITS


@dataclass(frozen=True)
class RunConfig:
    """Configuration of one VQE run (everything except the problem and the seed).

    Attributes:
        ansatz: one of :data:`ANSATZE`.
        layers: number of ansatz layers (``L`` of StronglyEntanglingLayers / ``reps`` of
            ``efficient_su2``; ``k`` of k-UpCCGSD; ignored by ``uccsd``, which has one).
        init: an initializer strategy name of :func:`qrmt.strategies` or one of
            :data:`CHEMISTRY_INITS` (``uccsd`` / ``kupccgsd`` only).
        init_options: keyword options of the strategy as a tuple of ``(name, value)`` pairs
            (hashable, so a config can key a cache or a database row).
        backend: one of :data:`BACKENDS`.
        optimizer: one of :data:`OPTIMIZERS`.
        max_iter: iteration budget (COBYLA: function-evaluation budget, see
            :func:`qrmt.vqe.optimizers.cobyla`).
        stepsize: learning rate (``adam`` 0.05, ``gd`` 0.4, ``spsa`` a = 0.4 by default).
        shots: shots of ``aer-shots`` (default 1024): estimator precision ``1/√shots``.
        noise_backend: IBM fake backend whose noise ``aer-noisy`` simulates (default
            ``"fake_manila"``).

    Example:
        >>> RunConfig(ansatz="uccsd", init="hf").validate()
        >>> RunConfig.from_dict(RunConfig(layers=3).to_dict()).layers
        3
    """

    ansatz: str = "hea"
    layers: int = 2
    init: str = "gue"
    init_options: tuple[tuple[str, Any], ...] = ()
    backend: str = "lightning"
    optimizer: str = "adam"
    max_iter: int = 200
    stepsize: float | None = None
    shots: int | None = None
    noise_backend: str | None = None

    def validate(self) -> None:
        """Check every field; raise before any work.

        Raises:
            ValueError: a field has a bad value (the message names it, the value, the choices
                and the closest one), or a chemistry init is used with a non-chemistry ansatz.
            TypeError: a field has a bad type.
        """
        check_choice("ansatz", self.ansatz, ANSATZE)
        check_positive_int("layers", self.layers)
        check_choice("init", self.init, init_choices())
        if self.init in CHEMISTRY_INITS and self.ansatz not in _CHEMISTRY_ANSATZE:
            raise ValueError(
                f"init {self.init!r} is a chemistry initial point, valid only for ansatz "
                f"'uccsd' or 'kupccgsd'; got ansatz {self.ansatz!r}"
            )
        if self.init == "mp2" and self.ansatz != "uccsd":
            raise ValueError(
                "init 'mp2' is defined for ansatz 'uccsd' only (MP2 amplitudes live on its "
                f"occupied-to-virtual doubles); got ansatz {self.ansatz!r}; use init 'hf'"
            )
        if not isinstance(self.init_options, tuple) or not all(
            isinstance(kv, tuple) and len(kv) == 2 and isinstance(kv[0], str)
            for kv in self.init_options
        ):
            raise TypeError(
                "init_options must be a tuple of (name, value) pairs; "
                f"got {self.init_options!r}"
            )
        self._validate_init_options()
        check_choice("backend", self.backend, BACKENDS)
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        check_positive_int("max_iter", self.max_iter)
        if self.stepsize is not None:
            check_positive_float("stepsize", self.stepsize)
        if self.shots is not None:
            check_positive_int("shots", self.shots)
        if self.noise_backend is not None and not isinstance(self.noise_backend, str):
            raise TypeError(f"noise_backend must be a str; got {self.noise_backend!r}")
        if self.ansatz == "kupccgsd" and self.backend in QISKIT_BACKENDS:
            raise ValueError(
                f"ansatz 'kupccgsd' is not available on Aer backends (backend "
                f"{self.backend!r}); use backend 'lightning' or 'default'"
            )

    def resolved(self) -> RunConfig:
        """This config with the strategy's defaults written into ``init_options``.

        A stored run then records (and its key hashes) the options it really used, so a
        changed default in a later qrmt makes a new run instead of matching an old one.
        """
        if self.init in CHEMISTRY_INITS:
            return self
        from qrmt.init import strategy_options

        options = strategy_options(self.init, **dict(self.init_options))
        return replace(self, init_options=tuple(sorted(options.items())))

    def _validate_init_options(self) -> None:
        if self.init in CHEMISTRY_INITS:
            if self.init_options:
                raise ValueError(
                    f"init {self.init!r} takes no init_options; got {dict(self.init_options)}"
                )
            return
        if any(k == "template" for k, _ in self.init_options):
            raise ValueError("init_options must not set 'template'; the ansatz chooses it")
        try:
            from qrmt import initializer
        except ImportError:  # pragma: no cover - initializers not installed
            return
        initializer(self.init, **dict(self.init_options))  # raises on a bad option

    @property
    def effective_shots(self) -> int:
        """Shots used by ``aer-shots`` (``shots`` or 1024)."""
        return _DEFAULT_SHOTS if self.shots is None else int(self.shots)

    @property
    def effective_noise_backend(self) -> str:
        """Fake backend used by ``aer-noisy`` (``noise_backend`` or ``"fake_manila"``)."""
        return self.noise_backend or _DEFAULT_NOISE_BACKEND

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (``init_options`` as a dict)."""
        out = asdict(self)
        out["init_options"] = dict(self.init_options)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RunConfig:
        """Inverse of :meth:`to_dict`; unknown keys raise ``ValueError``."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"unknown RunConfig fields {unknown}; expected some of {sorted(known)}")
        kwargs = dict(d)
        opts = kwargs.get("init_options", ())
        if isinstance(opts, Mapping):
            opts = tuple(sorted(opts.items()))
        kwargs["init_options"] = tuple(tuple(kv) for kv in opts)
        return cls(**kwargs)


@dataclass
class RunResult:
    """What one VQE run measured.

    Attributes:
        n_qubits: qubits of the problem.
        n_params: parameters of the ansatz.
        initial_energy: energy at the initial parameters (Ha).
        final_energy: exact (noise-free) energy at the final parameters (Ha): on the exact
            backends (``lightning``, ``default``, ``aer``) the last energy of the trace; on
            ``aer-shots``/``aer-noisy`` ``⟨ψ(θ)|H|ψ(θ)⟩`` of the final parameters' noiseless
            state vector (NaN if it could not be computed).
        final_energy_estimate: the backend's last energy of the trace at the final parameters:
            equal to ``final_energy`` on exact backends, a noisy estimate (shot noise,
            σ ≈ 31 mHa for H2 at 1024 shots, or device noise) on ``aer-shots``/``aer-noisy``.
            None for results made before this field existed.
        energies: energy after each iteration, as the backend evaluated it (noisy estimates on
            ``aer-shots``/``aer-noisy``); ``energies[0]`` is the initial energy, so
            ``len(energies) == iterations + 1``.
        evaluations: calls to the backend: each energy evaluation and each gradient
            evaluation (which returns the energy with it) counts one.
        iterations: optimizer iterations done.
        iterations_to_chemical_accuracy: first index ``k`` of ``energies`` with
            ``|energies[k] − exact| < 1.6 mHa``; None if never. On ``aer-shots``/``aer-noisy``
            this is on the noisy estimates of the trace (a lucky draw can count).
        final_error: ``final_energy − exact_energy`` (exact final energy, so not shot noise).
        success: ``|final_error| < 1.6 mHa``.
        below_reference: ``final_energy < exact_energy − 1e-6``: the state left the molecule's
            electron-number sector.
        sector_weight: weight of the final parameters' *noiseless* state outside the molecule's
            electron-number sector (exact state vector; NaN if it could not be computed).
        initial_params: flat initial parameter vector.
        final_params: flat final parameter vector.
        wall_s: wall-clock seconds of the run (initialisation to final energy).
    """

    n_qubits: int
    n_params: int
    initial_energy: float
    final_energy: float
    energies: list[float]
    evaluations: int
    iterations: int
    iterations_to_chemical_accuracy: int | None
    final_error: float
    success: bool
    below_reference: bool
    sector_weight: float
    initial_params: list[float]
    final_params: list[float]
    wall_s: float
    final_energy_estimate: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (NaN sector weight becomes None)."""
        out = asdict(self)
        if isinstance(out["sector_weight"], float) and math.isnan(out["sector_weight"]):
            out["sector_weight"] = None
        return out
