r"""Wachter's law, the limiting spectrum of the Jacobi (MANOVA) ensemble.

Jacobi ensemble of parameters ``(n, m1, m2)``: ``A = X X^*`` and ``B = Y Y^*`` with
``X`` an ``n × m1`` and ``Y`` an ``n × m2`` Gaussian matrix, independent; the ``n``
eigenvalues of ``J = (A + B)^{-1/2} A (A + B)^{-1/2}`` (equivalently of ``A (A + B)^{-1}``)
lie in ``[0, 1]``. With ``N = m1 + m2``, ``α = n/N`` and ``γ = m1/N`` fixed as the sizes
grow, they follow (Wachter 1980; Collins 2005 as the compression of two free projections)

.. math::
    \mu = (1 - \tfrac{m_1}{n})^+\delta_0 + (1 - \tfrac{m_2}{n})^+\delta_1
        + \frac{\sqrt{(\lambda_+ - x)(x - \lambda_-)}}{2\pi\alpha\,x(1-x)}
          1_{[\lambda_-, \lambda_+]}(x)\,dx,

.. math::
    \lambda_\pm = \alpha + \gamma - 2\alpha\gamma \pm 2\sqrt{\alpha\gamma(1-\alpha)(1-\gamma)}.

Mean ``γ = m1/N`` and variance ``αγ(1 − γ) = n m1 m2 / N³`` (from the free moment
formula ``τ(pqpq) = αγ² + α²γ − α²γ²`` for free projections of traces ``α``, ``γ``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from qrmt._validation import check_positive_float
from qrmt.laws._base import FloatArray, Law

__all__ = ["Wachter", "wachter"]


class Wachter(Law):
    r"""Wachter law of the Jacobi/MANOVA ensemble with parameters ``(n, m1, m2)``.

    Only the proportions ``n : m1 : m2`` matter (the parameters may be any positive
    numbers). Atoms: at 0 of mass ``1 − m1/n`` when ``n > m1`` (``A`` is singular) and
    at 1 of mass ``1 − m2/n`` when ``n > m2`` (``B`` is singular); :meth:`pdf` is the
    density of the continuous part. The CDF has a closed form: with
    ``x = c − h cos φ`` (``c, h`` the centre and half-width of ``[λ−, λ+]``),

    .. math::
        F_{\rm cont}(x) = \frac{\varphi - 2\sqrt{\lambda_-\lambda_+}\,
            \arctan\!\big(\sqrt{\lambda_+/\lambda_-}\tan\tfrac{\varphi}{2}\big)
            - 2\sqrt{(1-\lambda_-)(1-\lambda_+)}\,
            \arctan\!\big(\sqrt{(1-\lambda_+)/(1-\lambda_-)}\tan\tfrac{\varphi}{2}\big)}
            {2\pi\alpha}.

    Args:
        n: matrix size of the Jacobi ensemble (> 0).
        m1: number of columns of ``X`` (degrees of freedom of ``A``, > 0).
        m2: number of columns of ``Y`` (degrees of freedom of ``B``, > 0).

    Raises:
        ValueError: a parameter is not a finite number > 0, or ``n >= m1 + m2``
            (``A + B`` would be singular).

    References:
        K. W. Wachter, "The limiting empirical measure of multiple discriminant ratios",
        Ann. Statist. 8, 937 (1980). B. Collins, "Product of random projections, Jacobi
        ensembles and universality problems arising from free probability", Probab.
        Theory Relat. Fields 133, 315 (2005).

    Example:
        >>> law = Wachter(100, 200, 300)
        >>> round(law.mean(), 12), round(law.var(), 12)
        (0.4, 0.048)
    """

    def __init__(self, n: float, m1: float, m2: float) -> None:
        self.n = check_positive_float("n", n)
        self.m1 = check_positive_float("m1", m1)
        self.m2 = check_positive_float("m2", m2)
        if self.n >= self.m1 + self.m2:
            raise ValueError(
                f"n must be smaller than m1 + m2 (A + B must be invertible); got n={n}, m1={m1}, m2={m2}"
            )
        self._freeze()

    def _params(self) -> dict[str, float]:
        return {"n": self.n, "m1": self.m1, "m2": self.m2}

    @property
    def alpha(self) -> float:
        """``α = n / (m1 + m2)``."""
        return self.n / (self.m1 + self.m2)

    @property
    def gamma(self) -> float:
        """``γ = m1 / (m1 + m2)``."""
        return self.m1 / (self.m1 + self.m2)

    @property
    def edges(self) -> tuple[float, float]:
        """Edges ``(λ−, λ+)`` of the continuous part."""
        a, g = self.alpha, self.gamma
        c = a + g - 2.0 * a * g
        d = 2.0 * float(np.sqrt(a * g * (1.0 - a) * (1.0 - g)))
        return max(0.0, c - d), min(1.0, c + d)

    def atoms(self) -> list[tuple[float, float]]:
        """Point masses at 0 (``n > m1``) and at 1 (``n > m2``)."""
        out = []
        if self.n > self.m1:
            out.append((0.0, 1.0 - self.m1 / self.n))
        if self.n > self.m2:
            out.append((1.0, 1.0 - self.m2 / self.n))
        return out

    def support(self) -> tuple[float, float]:
        """Interval spanned by the continuous part and the atoms."""
        lo, hi = self.edges
        if self.n > self.m1:
            lo = 0.0
        if self.n > self.m2:
            hi = 1.0
        return lo, hi

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density of the continuous part."""
        xa = np.asarray(x, dtype=float)
        lo, hi = self.edges
        inside = (xa > lo) & (xa < hi)
        xs = np.where(inside, xa, 0.5 * (lo + hi))
        dens = np.sqrt((hi - xs) * (xs - lo)) / (2.0 * np.pi * self.alpha * xs * (1.0 - xs))
        out = np.where(inside, dens, 0.0)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """Closed-form CDF (class docstring), including the atoms."""
        xa = np.asarray(x, dtype=float)
        lo, hi = self.edges
        c, h = 0.5 * (lo + hi), 0.5 * (hi - lo)
        phi = np.arccos(np.clip((c - xa) / h, -1.0, 1.0))
        s, co = np.sin(phi / 2.0), np.cos(phi / 2.0)
        t0 = np.sqrt(lo * hi) * np.arctan2(np.sqrt(hi) * s, np.sqrt(lo) * co)
        t1 = np.sqrt((1.0 - lo) * (1.0 - hi)) * np.arctan2(np.sqrt(1.0 - hi) * s, np.sqrt(1.0 - lo) * co)
        out = (phi - 2.0 * t0 - 2.0 * t1) / (2.0 * np.pi * self.alpha)
        for loc, mass in self.atoms():
            out = out + np.where(xa >= loc, mass, 0.0)
        out = np.clip(out, 0.0, 1.0)
        out = np.where(xa < self.support()[0], 0.0, np.where(xa >= self.support()[1], 1.0, out))
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return ``γ = m1 / (m1 + m2)``."""
        return self.gamma

    def var(self) -> float:
        """Return ``α γ (1 − γ) = n m1 m2 / (m1 + m2)³``."""
        return self.alpha * self.gamma * (1.0 - self.gamma)

    def _density_interval(self) -> tuple[float, float]:
        lo, hi = self.edges
        return float(lo), float(hi)


def wachter(n: float, m1: float, m2: float) -> Wachter:
    """Return the frozen :class:`Wachter` law (see there)."""
    return Wachter(n, m1, m2)
