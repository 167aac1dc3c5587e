"""What each parameter of a circuit does: the structure an initializer draws against.

An initializer first chooses a distribution over the *gates* a circuit's parameters feed
(unitary-first, DESIGN.md section 2), then writes the parameters that realise it. A
:class:`Structure` is that map. Every parameter is of exactly one kind:

* ``su2``: one of the three Euler angles of an SU(2) block
  ``Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)`` (PennyLane's convention; Qiskit's ``U(θ, φ, λ)`` is
  ``Rot(λ, θ, φ)`` up to a global phase). Rows of :attr:`Structure.su2` hold the flat
  indices ``(φ, θ, ω)`` of one block.
* ``rotation``: the angle of a single-axis rotation ``exp(−i a P / 2)``, ``P`` a Pauli word
  (RX, RY, RZ, RXX, CRZ, ...).
* ``excitation``: the angle of a particle-conserving excitation gate (Givens rotation,
  Single/DoubleExcitation, UCC exponentials, GateFabric, ParticleConserving*), where 0 is the
  reference (Hartree–Fock) state.

A gate may see an affine function of a parameter: ``angle = scale * p + offset``.
Initializers draw *angles*; :meth:`Structure.angles_to_params` inverts the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Structure"]

_EMPTY_INT = np.zeros(0, dtype=np.int64)


def _int_array(values: object, ncols: int | None = None) -> np.ndarray:
    out = np.asarray(values, dtype=np.int64)
    out = out.reshape(-1, ncols) if ncols is not None else out.reshape(-1)
    return out


@dataclass(frozen=True, eq=False)
class Structure:
    """Parameter map of a circuit: which flat parameter plays which role.

    Attributes:
        n_params: total number of parameters (the flat vector's length).
        n_layers: the circuit's depth in layers, ``L`` of the depth rule ``ε = √(t*/L)``.
        su2: int array ``(B, 3)``: flat indices ``(φ, θ, ω)`` of each SU(2) block.
        rotations: int array ``(R,)``: flat indices of single-axis rotation angles.
        excitations: int array ``(E,)``: flat indices of excitation angles.
        real: True when every gate is real (RY / Givens only), so ``goe`` is the natural law.
        scale: float array ``(n_params,)``: ``angle = scale * param + offset``.
        offset: float array ``(n_params,)``.
        mirror: int array ``(n_params,)`` or None. Where not None, the circuit equals the
            identity when the gate *angles* satisfy ``angle[i] = −angle[mirror[i]]`` for every
            ``i`` with ``mirror[i] >= 0`` (Grant et al.'s identity blocks); ``mirror[i] == −1``
            marks a free parameter (the first half of a block). Angles, not parameters: the
            two differ by ``scale``/``offset`` (e.g. ``−1`` after ``inverse()``).
        name: what the structure was derived from (template or circuit name).
    """

    n_params: int
    n_layers: int = 1
    su2: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.int64))
    rotations: np.ndarray = field(default_factory=lambda: _EMPTY_INT)
    excitations: np.ndarray = field(default_factory=lambda: _EMPTY_INT)
    real: bool = False
    scale: np.ndarray | None = None
    offset: np.ndarray | None = None
    mirror: np.ndarray | None = None
    name: str = "rotations"

    def __post_init__(self) -> None:
        object.__setattr__(self, "su2", _int_array(self.su2, 3))
        object.__setattr__(self, "rotations", _int_array(self.rotations))
        object.__setattr__(self, "excitations", _int_array(self.excitations))
        if self.scale is not None:
            object.__setattr__(self, "scale", np.asarray(self.scale, dtype=np.float64))
        if self.offset is not None:
            object.__setattr__(self, "offset", np.asarray(self.offset, dtype=np.float64))
        if self.mirror is not None:
            object.__setattr__(self, "mirror", _int_array(self.mirror))
        self._check()

    def _check(self) -> None:
        used = np.concatenate([self.su2.ravel(), self.rotations, self.excitations])
        covered = used.size == self.n_params and (
            used.size == 0
            or (used.min() >= 0 and bool(np.all(np.bincount(used, minlength=self.n_params) == 1)))
        )
        if not covered:
            raise ValueError(
                f"structure {self.name!r}: su2, rotations and excitations must cover each of "
                f"the {self.n_params} parameters exactly once"
            )
        for label, arr in (("scale", self.scale), ("offset", self.offset), ("mirror", self.mirror)):
            if arr is not None and arr.shape != (self.n_params,):
                raise ValueError(
                    f"structure {self.name!r}: {label} must have shape ({self.n_params},); "
                    f"got {arr.shape}"
                )
        if self.scale is not None and np.any(self.scale == 0):
            raise ValueError(f"structure {self.name!r}: a gate sees a parameter with scale 0")

    @classmethod
    def rotations_only(cls, n_params: int, n_layers: int = 1, *, real: bool = False,
                       name: str = "rotations") -> Structure:
        """All parameters are single-axis rotation angles (the fallback structure)."""
        return cls(n_params=n_params, n_layers=n_layers, rotations=np.arange(n_params),
                   real=real, name=name)

    @property
    def kind_counts(self) -> dict[str, int]:
        """Number of parameters of each kind."""
        return {"su2": int(self.su2.size), "rotation": int(self.rotations.size),
                "excitation": int(self.excitations.size)}

    def angles_to_params(self, angles: np.ndarray) -> np.ndarray:
        """Invert ``angle = scale * param + offset`` (vectorised over leading axes).

        Args:
            angles: array ``(..., n_params)`` of gate angles.

        Returns:
            Array of the same shape: the parameter values that give those angles.
        """
        out = np.asarray(angles, dtype=np.float64)
        if self.offset is not None:
            out = out - self.offset
        if self.scale is not None:
            out = out / self.scale
        return out
