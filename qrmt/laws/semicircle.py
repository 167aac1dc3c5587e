r"""Wigner's semicircle law, the limiting spectral density of Gaussian (Wigner) matrices.

Parameterisation: centre ``c`` and radius ``R`` (variance ``R²/4``),

.. math:: \rho(x) = \frac{2}{\pi R^2}\sqrt{R^2 - (x-c)^2}, \qquad |x - c| \le R.

With qrmt's default Gaussian normalisation (off-diagonal ``E|H_ij|² = 1``) the
eigenvalues of ``H / √n`` follow ``semicircle(radius=2)``, the standard semicircle of
unit variance.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qrmt._validation import check_positive_float
from qrmt.laws._base import FloatArray, Law, check_finite_float

__all__ = ["Semicircle", "semicircle"]


class Semicircle(Law):
    r"""The semicircle law of radius ``radius`` centred at ``center``.

    Density :math:`\rho(x) = \frac{2}{\pi R^2}\sqrt{R^2-(x-c)^2}`, CDF
    :math:`F(x) = \tfrac12 + \frac{u\sqrt{1-u^2} + \arcsin u}{\pi}` with
    :math:`u = (x-c)/R`, mean ``c``, variance ``R²/4``, Stieltjes transform
    :math:`G(z) = 2\,(z - c - \sqrt{(z-c)^2 - R^2})/R^2` and R-transform
    :math:`R(w) = c + \sigma^2 w` with :math:`\sigma^2 = R^2/4`. The even moments of the
    standard law (``R = 2``) are the Catalan numbers.

    Args:
        radius: ``R > 0`` (default 2, the law of unit variance).
        center: ``c`` (default 0).

    Raises:
        ValueError: ``radius`` is not a finite number > 0, or ``center`` is not finite.

    References:
        E. P. Wigner, "On the distribution of the roots of certain symmetric matrices",
        Ann. Math. 67, 325 (1958).

    Example:
        >>> law = Semicircle()
        >>> float(law.cdf(0.0)), law.var()
        (0.5, 1.0)
    """

    def __init__(self, radius: float = 2.0, center: float = 0.0) -> None:
        self.radius = check_positive_float("radius", radius)
        self.center = check_finite_float("center", center)
        self._freeze()

    @classmethod
    def from_variance(cls, variance: float, center: float = 0.0) -> Semicircle:
        """Return the semicircle of the given variance (radius ``2 √variance``)."""
        v = check_positive_float("variance", variance)
        return cls(radius=2.0 * float(np.sqrt(v)), center=center)

    def _params(self) -> dict[str, float]:
        return {"radius": self.radius, "center": self.center}

    def support(self) -> tuple[float, float]:
        """Return ``(c - R, c + R)``."""
        return self.center - self.radius, self.center + self.radius

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density ``2 √(R² − (x−c)²) / (π R²)`` (0 outside the support)."""
        u = (np.asarray(x, dtype=float) - self.center) / self.radius
        out = 2.0 / (np.pi * self.radius) * np.sqrt(np.clip(1.0 - u * u, 0.0, None))
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """Closed-form CDF ``½ + (u √(1 − u²) + arcsin u) / π``, ``u = (x − c)/R``."""
        u = np.clip((np.asarray(x, dtype=float) - self.center) / self.radius, -1.0, 1.0)
        out = 0.5 + (u * np.sqrt(1.0 - u * u) + np.arcsin(u)) / np.pi
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return the centre ``c``."""
        return self.center

    def var(self) -> float:
        """Return ``R² / 4``."""
        return self.radius**2 / 4.0

    def moment(self, k: int) -> float:
        """Raw moment ``E[X^k]`` about 0 for ``center == 0``: Catalan numbers times ``(R/2)^k``.

        Raises:
            ValueError: ``k`` negative or ``center != 0``.
        """
        from math import comb

        from qrmt._validation import check_nonnegative_int

        k = check_nonnegative_int("k", k)
        if self.center != 0.0:
            raise ValueError(f"moment() needs center == 0; got center={self.center}")
        if k % 2:
            return 0.0
        j = k // 2
        return comb(2 * j, j) / (j + 1) * (self.radius / 2.0) ** k

    def stieltjes(self, z: ArrayLike) -> NDArray[np.complex128]:
        """Closed-form ``G(z) = 2 (w − √(w − R) √(w + R)) / R²``, ``w = z − c``."""
        w = np.asarray(z, dtype=complex) - self.center
        r = self.radius
        return 2.0 * (w - np.sqrt(w - r) * np.sqrt(w + r)) / r**2

    def r_transform(self, w: ArrayLike) -> NDArray[np.complex128]:
        """R-transform ``R(w) = c + (R²/4) w`` (free cumulants: mean, variance, 0, ...)."""
        return np.asarray(self.center + self.var() * np.asarray(w, dtype=complex), dtype=complex)


def semicircle(radius: float = 2.0, center: float = 0.0) -> Semicircle:
    """Return the frozen :class:`Semicircle` law (see there)."""
    return Semicircle(radius=radius, center=center)
