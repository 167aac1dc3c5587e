"""Shared helpers of the ensemble samplers: argument checks, batch shapes and scalings.

Private module: nothing here is public API.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import NDArray

from qrmt._validation import check_choice, check_positive_float, check_positive_int

__all__ = [
    "GAUSSIAN_SCALES",
    "batch_count",
    "check_beta",
    "check_dense_beta",
    "check_size",
    "gaussian_scale_factor",
    "kramers_halve",
    "quaternion_dual",
    "symplectic_form",
    "unbatch",
    "wrap_phases",
]

#: Scalings of the Gaussian (Hermite) ensembles; see :func:`gaussian_scale_factor`.
GAUSSIAN_SCALES = ("unit_offdiag", "unit_semicircle", "hermite")


def check_size(size: object) -> int | None:
    """Validate ``size`` (None or a positive int) and return it."""
    if size is None:
        return None
    return check_positive_int("size", size)


def batch_count(size: int | None) -> int:
    """Number of samples to draw for ``size`` (1 for None)."""
    return 1 if size is None else size


def unbatch(out: NDArray, size: int | None) -> NDArray:
    """Drop the leading batch axis when ``size`` is None; keep it (never squeeze) otherwise."""
    return out[0] if size is None else out


def check_beta(beta: object) -> float:
    """Validate a Dyson index for the beta-ensembles (any finite beta > 0)."""
    return check_positive_float("beta", beta)


def check_degrees_of_freedom(name: str, m: object, n: int) -> float:
    """Return ``m`` if it is a real number > n − 1 (the β-ensembles' degrees of freedom)."""
    value = check_positive_float(name, m)
    if value <= n - 1:
        raise ValueError(f"{name} must be > n - 1 = {n - 1} (degrees of freedom); got {m}")
    return value


def check_dense_beta(beta: object) -> int:
    """Validate a Dyson index of a dense matrix ensemble: 1, 2 or 4."""
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise TypeError(f"beta must be 1, 2 or 4; got {beta!r} of type {type(beta).__name__}")
    if beta not in (1, 2, 4):
        raise ValueError(
            f"beta must be 1, 2 or 4 for a dense matrix ensemble; got {beta} "
            "(use the *_eigvals samplers for other beta > 0)"
        )
    return int(float(beta))


def gaussian_scale_factor(scale: object, n: int, beta: float) -> float:
    """Factor turning the default ``"unit_offdiag"`` normalisation into ``scale``.

    * ``"unit_offdiag"``: off-diagonal E|H_ij|^2 = 1, E H_ii^2 = 2/beta; spectrum on
      [-2 sqrt(n), 2 sqrt(n)]; eigenvalue density proportional to
      ``|Delta(x)|^beta exp(-beta sum x^2 / 4)``.
    * ``"unit_semicircle"``: the above divided by sqrt(n); spectrum on [-2, 2].
    * ``"hermite"``: Dumitriu-Edelman's beta-Hermite scaling, the above times sqrt(beta/2);
      density proportional to ``|Delta(x)|^beta exp(-sum x^2 / 2)``.
    """
    name = check_choice("scale", scale, GAUSSIAN_SCALES)
    if name == "unit_offdiag":
        return 1.0
    if name == "unit_semicircle":
        return 1.0 / math.sqrt(n)
    return math.sqrt(beta / 2.0)


def symplectic_form(n: int) -> NDArray[np.float64]:
    """The standard symplectic form ``J = [[0, I_n], [-I_n, 0]]`` (2n x 2n)."""
    eye = np.eye(n)
    zero = np.zeros((n, n))
    return np.block([[zero, eye], [-eye, zero]])


def quaternion_dual(m: NDArray) -> NDArray:
    """Quaternion dual ``M^R = J M^T J^T`` of (a batch of) 2n x 2n matrices, block layout."""
    k = m.shape[-1] // 2
    mt = np.swapaxes(m, -1, -2)
    a, b = mt[..., :k, :k], mt[..., :k, k:]
    c, d = mt[..., k:, :k], mt[..., k:, k:]
    # J [[a, b], [c, d]] J^T = [[d, -c], [-b, a]]
    top = np.concatenate([d, -c], axis=-1)
    bottom = np.concatenate([-b, a], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def wrap_phases(theta: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map angles to [-pi, pi) and sort them along the last axis."""
    wrapped = np.mod(theta + np.pi, 2.0 * np.pi) - np.pi
    wrapped = np.where(wrapped >= np.pi, wrapped - 2.0 * np.pi, wrapped)  # mod rounding to 2 pi
    return np.sort(wrapped, axis=-1)


def kramers_halve(theta: NDArray[np.float64]) -> NDArray[np.float64]:
    """One eigenphase per Kramers pair from 2n sorted phases in [-pi, pi) (last axis).

    The pairs are adjacent on the circle; a pair may straddle -pi/pi, so both cyclic
    pairings are tried and the one with the smaller largest gap is kept. Each pair is
    replaced by its circular mean. Returns n phases in [-pi, pi), sorted.
    """
    two_pi = 2.0 * np.pi
    even = (theta[..., 0::2], theta[..., 1::2])
    rolled = np.concatenate([theta[..., 1:], theta[..., :1] + two_pi], axis=-1)
    odd = (rolled[..., 0::2], rolled[..., 1::2])
    gap_even = np.max(even[1] - even[0], axis=-1)
    gap_odd = np.max(odd[1] - odd[0], axis=-1)
    use_even = (gap_even <= gap_odd)[..., None]
    mid = np.where(use_even, 0.5 * (even[0] + even[1]), 0.5 * (odd[0] + odd[1]))
    return wrap_phases(mid)
