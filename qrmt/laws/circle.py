r"""The uniform law on the unit circle: the limiting eigenphase density of circular ensembles.

The eigenvalues ``e^{iθ}`` of COE/CUE/CSE and of Haar unitaries have, for every ``n``,
a uniform one-point density; the law here is that of the eigenphase ``θ ∈ [−π, π)``:
density ``1/(2π)``, mean 0, variance ``π²/3``, and circular moments
``E e^{ikθ} = 0`` for ``k ≠ 0``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from qrmt._validation import check_nonnegative_int
from qrmt.laws._base import FloatArray, Law

__all__ = ["UniformCircle", "uniform_circle", "wrap_phase"]


class UniformCircle(Law):
    r"""Uniform law of an eigenphase ``θ`` on ``[−π, π)``.

    Density ``1/(2π)`` on ``[−π, π)``, CDF ``(θ + π)/(2π)``, mean 0, variance ``π²/3``.
    Eigenphases outside ``[−π, π)`` should be wrapped first (:func:`wrap_phase`).

    References:
        F. J. Dyson, "Statistical theory of the energy levels of complex systems. I",
        J. Math. Phys. 3, 140 (1962).

    Example:
        >>> law = UniformCircle()
        >>> float(law.cdf(0.0)), law.support()
        (0.5, (-3.141592653589793, 3.141592653589793))
    """

    def __init__(self) -> None:
        self._freeze()

    def support(self) -> tuple[float, float]:
        """Return ``(−π, π)``."""
        return -np.pi, np.pi

    def pdf(self, x: ArrayLike) -> FloatArray:
        """``1/(2π)`` on ``[−π, π]``, else 0."""
        xa = np.asarray(x, dtype=float)
        out = np.where((xa >= -np.pi) & (xa <= np.pi), 1.0 / (2.0 * np.pi), 0.0)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """``(θ + π)/(2π)`` clipped to [0, 1]."""
        out = np.clip((np.asarray(x, dtype=float) + np.pi) / (2.0 * np.pi), 0.0, 1.0)
        return out if out.ndim else out[()]

    def ppf(self, q: ArrayLike) -> FloatArray:
        """Closed-form quantile ``2π q − π``."""
        qa = np.asarray(q, dtype=float)
        out = np.where((qa < 0) | (qa > 1), np.nan, 2.0 * np.pi * qa - np.pi)
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return 0."""
        return 0.0

    def var(self) -> float:
        """Return ``π²/3``."""
        return float(np.pi**2 / 3.0)

    def moment(self, k: int) -> float:
        """Circular moment ``E[e^{ikθ}]``: 1 for ``k = 0``, else 0."""
        return 1.0 if check_nonnegative_int("k", k) == 0 else 0.0


def uniform_circle() -> UniformCircle:
    """Return the :class:`UniformCircle` law."""
    return UniformCircle()


def wrap_phase(theta: ArrayLike) -> FloatArray:
    """Wrap angles to ``[−π, π)``."""
    return (np.asarray(theta, dtype=float) + np.pi) % (2.0 * np.pi) - np.pi
