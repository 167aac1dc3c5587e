r"""Tracy–Widom laws ``F_β`` (β = 1, 2, 4) by Bornemann's Fredholm-determinant quadrature.

The distributions of the largest eigenvalue of GOE/GUE/GSE at the soft edge are Fredholm
determinants of Airy-type operators on ``L²(s, ∞)`` (Bornemann 2010, §4):

.. math::
    F_2(s) = \det(I - K_{\rm Ai})_{L^2(s,\infty)}, \qquad
    K_{\rm Ai}(x, y) = \frac{\mathrm{Ai}(x)\mathrm{Ai}'(y) - \mathrm{Ai}'(x)\mathrm{Ai}(y)}{x - y},

.. math::
    F_1(s) = \det(I - K_1)_{L^2(s,\infty)}, \qquad K_1(x, y) = \tfrac12 \mathrm{Ai}\big(\tfrac{x+y}{2}\big),

.. math::
    F_4(s) = \tfrac12\Big(\det(I - K_1)_{L^2(\sqrt2 s,\infty)}
                         + \det(I + K_1)_{L^2(\sqrt2 s,\infty)}\Big).

Each determinant is discretised by Nyström's method with ``m`` Gauss–Legendre nodes mapped
to ``[s, ∞)`` by ``x = s + 10 tan(π(t + 1)/4)``: ``det(δ_ij − √w_i K(x_i, x_j) √w_j)``,
exponentially convergent (``m = 48`` gives about 1e-15 absolute). For speed, the CDF is
computed once per β on the Chebyshev points of a finite window (outside it ``F`` is 0 or
1 to double precision) and represented by its Chebyshev interpolant of degree 120; the
pdf is the derivative of that series, the mean and variance are its exact integrals, and
``ppf`` inverts it by bisection.

**β = 4 conventions.** ``F_4`` above is Tracy & Widom's (1996), ``F_4(s/√2) =
cosh(½∫_s^∞ q) √F_2(s)``, the one tabulated by Bornemann (2010) and used by Wikipedia and
Mathematica: mean −2.306884893241, variance 0.5177237207726 (``convention="tracy-widom"``,
the default). It is *not* the edge law of the GSE in the scaling that qrmt's Gaussian
ensembles share for all β (semicircle on ``[−2√n, 2√n]``, joint density of the n distinct
eigenvalues ``∝ |Δ|^β e^{−β Σλ²/4}``; the stochastic Airy operator of Ramírez–Rider–Virág):
there ``n^{1/6}(λ_max − 2√n) → 2^{−1/6} X`` with ``X ~ F_4``, i.e. the CDF
``F_4(2^{1/6} s)`` (``convention="hermite"``: mean ``2^{−1/6}·(−2.3069) = −2.0552``,
variance ``2^{−1/3}·0.5177 = 0.4109``); Bornemann (2010, footnote on p. 4) notes this
factor. A third convention in the literature, ``s ↦ F_4(s/√2)``, is the law of ``√2 X``
(mean −3.2624, variance 1.0354). For β = 1, 2 there is one convention.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.polynomial import Chebyshev
from numpy.typing import ArrayLike, NDArray
from scipy.special import airy

from qrmt._validation import check_choice, check_positive_int
from qrmt.laws._base import FloatArray, Law, _legendre, check_beta

__all__ = ["TW4_HERMITE_FACTOR", "TracyWidom", "tracy_widom", "tracy_widom_fredholm_cdf"]

#: ``2^{-1/6}``: TW₄ in the Hermite (β-ensemble) convention is this factor times TW₄ of
#: Tracy and Widom.
TW4_HERMITE_FACTOR = 2.0 ** (-1.0 / 6.0)
_CONVENTIONS = ("tracy-widom", "hermite")

#: Window outside which F_β is 0 or 1 to double precision (F < 1e-20, 1 − F < 1e-15).
_WINDOW = {1: (-11.0, 12.5), 2: (-9.0, 7.5), 4: (-8.0, 8.0)}
_DEGREE = 120
_NODES = 48


def _nodes(s: NDArray[np.float64], m: int) -> tuple[FloatArray, FloatArray]:
    """Gauss–Legendre nodes and weights mapped to ``[s, ∞)``: shape ``s.shape + (m,)``."""
    t, w = _legendre(m)
    ang = np.pi * (t + 1.0) / 4.0
    x = s[..., None] + 10.0 * np.tan(ang)
    wx = w * 10.0 * (np.pi / 4.0) / np.cos(ang) ** 2
    return x, np.broadcast_to(wx, x.shape)


def _det_airy(s: NDArray[np.float64], m: int) -> FloatArray:
    """``det(I − K_Ai)`` on ``L²(s, ∞)`` for every entry of ``s`` (batched)."""
    x, w = _nodes(s, m)
    ai, aip, _, _ = airy(x)
    eye = np.eye(m, dtype=bool)
    diff = x[..., :, None] - x[..., None, :]
    num = ai[..., :, None] * aip[..., None, :] - aip[..., :, None] * ai[..., None, :]
    diag = (aip**2 - x * ai**2)[..., :, None]
    kern = np.where(eye, diag, num / np.where(eye, 1.0, diff))
    sw = np.sqrt(w)
    return np.asarray(np.linalg.det(np.eye(m) - sw[..., :, None] * kern * sw[..., None, :]))


def _det_k1(s: NDArray[np.float64], m: int, sign: float) -> FloatArray:
    """``det(I + sign · K_1)`` on ``L²(s, ∞)`` with ``K_1(x, y) = ½ Ai((x + y)/2)``."""
    x, w = _nodes(s, m)
    kern = 0.5 * airy(0.5 * (x[..., :, None] + x[..., None, :]))[0]
    sw = np.sqrt(w)
    return np.asarray(np.linalg.det(np.eye(m) + sign * sw[..., :, None] * kern * sw[..., None, :]))


def tracy_widom_fredholm_cdf(
    s: ArrayLike, beta: int, m: int = _NODES, convention: str = "tracy-widom"
) -> FloatArray:
    """Evaluate ``F_β(s)`` directly by Fredholm-determinant quadrature (no interpolation).

    Args:
        s: points (any shape).
        beta: 1, 2 or 4 (β = 4 in the Tracy–Widom convention, see the module docstring).
        m: number of Gauss–Legendre nodes (48 gives about 1e-15 absolute accuracy).
        convention: for β = 4, ``"tracy-widom"`` (default) or ``"hermite"`` (the law of
            ``2^{-1/6}`` times the former); ignored for β = 1, 2.

    Returns:
        ``F_β(s)``, same shape as ``s``.

    Raises:
        ValueError: ``beta`` not in {1, 2, 4}, ``m`` not a positive int, unknown
            ``convention``.

    References:
        F. Bornemann, "On the numerical evaluation of distributions in random matrix
        theory: a review", Markov Process. Related Fields 16, 803 (2010).

    Example:
        >>> round(float(tracy_widom_fredholm_cdf(0.0, 2)), 14)
        0.96937282835526
    """
    b = int(check_beta(beta, (1, 2, 4)))
    m = check_positive_int("m", m)
    convention = check_choice("convention", convention, _CONVENTIONS)
    sa = np.asarray(s, dtype=float)
    flat = sa.reshape(-1)
    if b == 2:
        out = _det_airy(flat, m)
    elif b == 1:
        out = _det_k1(flat, m, -1.0)
    else:
        r = np.sqrt(2.0) * flat
        if convention == "hermite":
            r = r / TW4_HERMITE_FACTOR
        out = 0.5 * (_det_k1(r, m, -1.0) + _det_k1(r, m, 1.0))
    out = np.clip(out.reshape(sa.shape), 0.0, 1.0)
    return out if out.ndim else out[()]


def _window(beta: int, convention: str) -> tuple[float, float]:
    lo, hi = _WINDOW[beta]
    if beta == 4 and convention == "hermite":
        return lo * TW4_HERMITE_FACTOR, hi * TW4_HERMITE_FACTOR
    return lo, hi


@functools.lru_cache(maxsize=4)
def _interpolant(beta: int, convention: str) -> tuple[Chebyshev, Chebyshev]:
    """Chebyshev interpolants of ``F_β`` and of its density on the window (cached)."""
    lo, hi = _window(beta, convention)
    cdf = Chebyshev.interpolate(
        lambda s: tracy_widom_fredholm_cdf(s, beta, convention=convention),
        _DEGREE,
        domain=[lo, hi],
    )
    return cdf, cdf.deriv()


class TracyWidom(Law):
    r"""Tracy–Widom law ``TW_β`` of the largest eigenvalue at the soft edge, β ∈ {1, 2, 4}.

    For Gaussian ensembles scaled so that the spectrum fills ``[−2√n, 2√n]`` (qrmt's
    default), ``n^{1/6}(λ_max − 2√n) → TW_β``. CDF by Bornemann's quadrature of the
    Fredholm determinants (module docstring), pdf by differentiating its Chebyshev
    interpolant, mean and variance by exact integration of that interpolant. For β = 4
    choose the convention (module docstring): ``"tracy-widom"`` (default; mean −2.3069,
    variance 0.5177, as tabulated) or ``"hermite"`` (``2^{-1/6}`` times it: the edge law of
    qrmt's GSE / β = 4 Gaussian ensembles). The first use of each law costs about 0.3 s
    (one batched quadrature), later calls are fast.

    Args:
        beta: 1 (GOE), 2 (GUE) or 4 (GSE).
        convention: ``"tracy-widom"`` or ``"hermite"``; only matters for β = 4.

    Raises:
        ValueError: ``beta`` not in {1, 2, 4} or unknown ``convention``.

    References:
        C. A. Tracy and H. Widom, "Level-spacing distributions and the Airy kernel",
        Commun. Math. Phys. 159, 151 (1994); "On orthogonal and symplectic matrix
        ensembles", Commun. Math. Phys. 177, 727 (1996). F. Bornemann, Markov Process.
        Related Fields 16, 803 (2010). P. L. Ferrari and H. Spohn, J. Phys. A 38, L557
        (2005) (the ``K_1`` formula for ``F_1``).

    Example:
        >>> law = TracyWidom(2)
        >>> round(law.mean(), 10), round(law.var(), 10)
        (-1.7710868074, 0.8131947928)
    """

    def __init__(self, beta: int, convention: str = "tracy-widom") -> None:
        self.beta = int(check_beta(beta, (1, 2, 4)))
        conv = check_choice("convention", convention, _CONVENTIONS)
        self.convention = conv if self.beta == 4 else "tracy-widom"
        self._freeze()

    def _params(self) -> dict[str, object]:
        if self.beta == 4:
            return {"beta": self.beta, "convention": self.convention}
        return {"beta": self.beta}

    def _win(self) -> tuple[float, float]:
        return _window(self.beta, self.convention)

    def _interp(self) -> tuple[Chebyshev, Chebyshev]:
        return _interpolant(self.beta, self.convention)

    def support(self) -> tuple[float, float]:
        """Return ``(−∞, ∞)``."""
        return -np.inf, np.inf

    def _ppf_bracket(self) -> tuple[float, float]:
        return self._win()

    def ppf(self, q: ArrayLike) -> FloatArray:
        """Quantile by bisection on the interpolated CDF (±inf at q = 0, 1)."""
        return super().ppf(q)

    def cdf(self, x: ArrayLike) -> FloatArray:
        """``F_β(x)`` from the Chebyshev interpolant (0/1 outside the window)."""
        xa = np.asarray(x, dtype=float)
        lo, hi = self._win()
        cdf, _ = self._interp()
        out = np.clip(cdf(np.clip(xa, lo, hi)), 0.0, 1.0)
        out = np.where(xa <= lo, 0.0, np.where(xa >= hi, 1.0, out))
        return out if out.ndim else out[()]

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density ``F_β'(x)`` (derivative of the interpolant; 0 outside the window)."""
        xa = np.asarray(x, dtype=float)
        lo, hi = self._win()
        _, dens = self._interp()
        out = np.where((xa > lo) & (xa < hi), np.clip(dens(np.clip(xa, lo, hi)), 0.0, None), 0.0)
        return out if out.ndim else out[()]

    def _moment(self, k: int) -> float:
        lo, hi = self._win()
        _, dens = self._interp()
        poly = Chebyshev.identity(domain=[lo, hi]) ** k * dens
        return float(poly.integ(lbnd=lo)(hi))

    def mean(self) -> float:
        """Mean of ``TW_β``."""
        return self._moment(1)

    def var(self) -> float:
        """Variance of ``TW_β``."""
        return self._moment(2) - self._moment(1) ** 2

    def _quadrature(self, m: int = 200) -> tuple[FloatArray, FloatArray]:
        from qrmt.laws._base import gauss_legendre

        x, w = gauss_legendre(m, *self._win())
        return x, w * self.pdf(x)


def tracy_widom(beta: int, convention: str = "tracy-widom") -> TracyWidom:
    """Return the frozen :class:`TracyWidom` law for β ∈ {1, 2, 4} (see there)."""
    return TracyWidom(beta, convention)
