r"""The Marchenko–Pastur law, the limiting spectrum of Wishart (sample covariance) matrices.

For ``X`` an ``n × m`` matrix of i.i.d. entries with ``E|X_ij|² = σ²`` and
``n, m → ∞`` with ``n/m → λ`` (``ratio``), the eigenvalues of ``W = X X^* / m`` follow

.. math::
    \mu = \max(0, 1 - 1/\lambda)\,\delta_0
        + \frac{\sqrt{(b - x)(x - a)}}{2\pi\sigma^2\lambda x}\,1_{[a, b]}(x)\,dx,
    \qquad a, b = \sigma^2(1 \mp \sqrt{\lambda})^2 .

For ``λ > 1`` the ``n × n`` matrix ``X X^*`` has rank ``m < n``, hence the atom at 0 of
mass ``1 − 1/λ``. Mean ``σ²``, variance ``λ σ⁴``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qrmt._validation import check_positive_float
from qrmt.laws._base import FloatArray, Law

__all__ = ["MarchenkoPastur", "marchenko_pastur"]


class MarchenkoPastur(Law):
    r"""Marchenko–Pastur law with ratio ``λ = n/m`` and scale ``σ²``.

    The law of the eigenvalues of ``X X^* / m`` for an ``n × m`` matrix ``X`` of i.i.d.
    entries of variance ``σ²`` (``scale``), in the limit ``n/m → λ``. The CDF has the
    closed form (with ``x = σ²(1 + λ − 2√λ cos φ)``, ``φ ∈ [0, π]``)

    .. math::
        F(x) = \max(0, 1 - 1/\lambda)
             + \frac{(1+\lambda)\varphi + 2\sqrt{\lambda}\sin\varphi
                     - 2|1-\lambda|\arctan\!\big(\sqrt{b/a}\tan(\varphi/2)\big)}{2\pi\lambda}.

    Stieltjes transform :math:`G(z) = \frac{z - \sigma^2(1 - \lambda)
    - \sqrt{(z-a)(z-b)}}{2\lambda\sigma^2 z}`; R-transform
    :math:`R(w) = \sigma^2 / (1 - \lambda\sigma^2 w)` (free Poisson of rate ``1/λ`` and
    jump size ``λσ²``), so ``MP(λ1, s) ⊞ MP(λ2, s')`` with ``λ1 s = λ2 s'`` is again
    Marchenko–Pastur, of rate ``1/λ1 + 1/λ2``.

    Args:
        ratio: ``λ = n/m > 0``. For ``λ > 1`` the law has an atom at 0 of mass ``1 − 1/λ``
            and :meth:`pdf` is the density of the continuous part (total mass ``1/λ``).
        scale: ``σ² > 0``, the variance of the entries of ``X`` (default 1).

    Raises:
        ValueError: ``ratio`` or ``scale`` is not a finite number > 0.

    References:
        V. A. Marchenko and L. A. Pastur, "Distribution of eigenvalues for some sets of
        random matrices", Math. USSR-Sbornik 1, 457 (1967).

    Example:
        >>> law = MarchenkoPastur(0.25)
        >>> law.support(), law.mean(), law.var()
        ((0.25, 2.25), 1.0, 0.25)
    """

    def __init__(self, ratio: float, scale: float = 1.0) -> None:
        self.ratio = check_positive_float("ratio", ratio)
        self.scale = check_positive_float("scale", scale)
        self._freeze()

    def _params(self) -> dict[str, float]:
        return {"ratio": self.ratio, "scale": self.scale}

    @property
    def edges(self) -> tuple[float, float]:
        """The edges ``(a, b)`` of the continuous part."""
        r = float(np.sqrt(self.ratio))
        return self.scale * (1.0 - r) ** 2, self.scale * (1.0 + r) ** 2

    def support(self) -> tuple[float, float]:
        """Return ``(0, b)`` if there is an atom at 0, else ``(a, b)``."""
        a, b = self.edges
        return (0.0 if self.ratio > 1.0 else a), b

    def atoms(self) -> list[tuple[float, float]]:
        """``[(0, 1 − 1/λ)]`` for ``λ > 1``, else empty."""
        return [(0.0, 1.0 - 1.0 / self.ratio)] if self.ratio > 1.0 else []

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density of the continuous part (total mass ``min(1, 1/λ)``)."""
        xa = np.asarray(x, dtype=float)
        a, b = self.edges
        inside = (xa > a) & (xa < b)
        xs = np.where(inside, xa, 0.5 * (a + b))
        dens = np.sqrt((b - xs) * (xs - a)) / (2.0 * np.pi * self.scale * self.ratio * xs)
        out = np.where(inside, dens, 0.0)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """Closed-form CDF (see the class docstring), including the atom at 0."""
        xa = np.asarray(x, dtype=float)
        lam = self.ratio
        a, b = self.edges
        t = np.clip(xa / self.scale, a / self.scale, b / self.scale)
        m, h = 1.0 + lam, 2.0 * np.sqrt(lam)
        phi = np.arccos(np.clip((m - t) / h, -1.0, 1.0))
        sa, sb = np.sqrt(a / self.scale), np.sqrt(b / self.scale)
        arct = np.arctan2(sb * np.sin(phi / 2.0), sa * np.cos(phi / 2.0))
        cont = (m * phi + h * np.sin(phi) - 2.0 * abs(1.0 - lam) * arct) / (2.0 * np.pi * lam)
        atom = max(0.0, 1.0 - 1.0 / lam)
        out = np.where(xa >= 0.0, atom, 0.0) + cont
        lo = self.support()[0]
        out = np.where(xa >= b, 1.0, np.where(xa < lo, 0.0, np.clip(out, 0.0, 1.0)))
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return ``σ²``."""
        return self.scale

    def var(self) -> float:
        """Return ``λ σ⁴``."""
        return self.ratio * self.scale**2

    def moment(self, k: int) -> float:
        """Raw moment ``E[X^k] = σ^{2k} Σ_j N(k, j) λ^{j-1}`` (Narayana numbers ``N(k, j)``)."""
        from math import comb

        from qrmt._validation import check_nonnegative_int

        k = check_nonnegative_int("k", k)
        if k == 0:
            return 1.0
        total = sum(comb(k, j) * comb(k, j - 1) / k * self.ratio ** (j - 1) for j in range(1, k + 1))
        return float(total * self.scale**k)

    def _density_interval(self) -> tuple[float, float]:
        lo, hi = self.edges
        return float(lo), float(hi)

    def stieltjes(self, z: ArrayLike) -> NDArray[np.complex128]:
        """Closed form ``(z − σ²(1−λ) − √(z−a)√(z−b)) / (2λσ² z)`` (includes the atom)."""
        za = np.asarray(z, dtype=complex)
        a, b = self.edges
        s, lam = self.scale, self.ratio
        return (za - s * (1.0 - lam) - np.sqrt(za - a) * np.sqrt(za - b)) / (2.0 * lam * s * za)

    def r_transform(self, w: ArrayLike) -> NDArray[np.complex128]:
        """R-transform ``σ² / (1 − λ σ² w)``."""
        wa = np.asarray(w, dtype=complex)
        return np.asarray(self.scale / (1.0 - self.ratio * self.scale * wa), dtype=complex)


def marchenko_pastur(ratio: float, scale: float = 1.0) -> MarchenkoPastur:
    """Return the frozen :class:`MarchenkoPastur` law (see there)."""
    return MarchenkoPastur(ratio, scale)
