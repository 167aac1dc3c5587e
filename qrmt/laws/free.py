r"""Free probability: Stieltjes and R-transforms, free additive convolution, free unitary BM.

* :func:`stieltjes` — ``G_μ(z) = ∫ dμ(x)/(z − x)`` (closed form for the semicircle and
  Marchenko–Pastur laws, quadrature otherwise).
* :func:`r_transform` — ``R_μ(w) = G_μ^{-1}(w) − 1/w`` (closed form, or Newton inversion
  of ``G``); free cumulants are its Taylor coefficients and it linearises ``⊞``.
* :func:`free_additive_convolution` — ``μ ⊞ ν`` (the limiting spectrum of ``A + U B U^*``
  for Haar ``U``) by subordination: the Belinschi–Bercovici fixed point
  ``ω₁ = z + h_ν(z + h_μ(ω₁))`` with ``h(w) = 1/G(w) − w``, then
  ``G_{μ⊞ν}(z) = G_μ(ω₁(z))``; the density is ``−Im G(x + iη)/π`` on a grid, continued
  from large to small ``η``. The result is a :class:`GridLaw`.
* :class:`FreeUnitaryBM` — Biane's free unitary Brownian motion ``ν_t``: moments, arc
  support and density.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qrmt._validation import check_nonnegative_float, check_positive_int
from qrmt.laws._base import FloatArray, Law, bisect, gauss_legendre

__all__ = [
    "FreeUnitaryBM",
    "GridLaw",
    "free_additive_convolution",
    "free_unitary_bm",
    "r_transform",
    "stieltjes",
]

ComplexArray = NDArray[np.complex128]


def stieltjes(law: Law, z: ArrayLike) -> ComplexArray:
    """Stieltjes transform ``G(z) = ∫ dμ(x)/(z − x)`` of ``law`` at ``z`` (``Im z ≠ 0``).

    Args:
        law: any :class:`~qrmt.laws._base.Law`.
        z: complex points off the real axis.

    Returns:
        ``G(z)``, same shape as ``z``.

    Example:
        >>> from qrmt.laws import semicircle
        >>> g = complex(stieltjes(semicircle(), 1j))
        >>> round(g.imag, 12) == round((1 - 5 ** 0.5) / 2, 12)
        True
    """
    if not isinstance(law, Law):
        raise TypeError(f"law must be a qrmt law; got {type(law).__name__}")
    return law.stieltjes(z)


def _numeric_r_transform(law: Law, w: ComplexArray, iterations: int = 60) -> ComplexArray:
    """Invert ``G(z) = w`` by Newton's method from ``z0 = 1/w + mean``; return ``z − 1/w``."""
    z = 1.0 / w + law.mean()
    for _ in range(iterations):
        g = law.stieltjes(z)
        h = 1e-6 * np.maximum(1.0, np.abs(z))
        dg = (law.stieltjes(z + h) - law.stieltjes(z - h)) / (2.0 * h)
        step = (g - w) / dg
        z = z - step
        if np.all(np.abs(step) < 1e-14 * np.maximum(1.0, np.abs(z))):
            break
    return np.asarray(z - 1.0 / w)


def r_transform(law: Law, w: ArrayLike) -> ComplexArray:
    """R-transform ``R(w) = G^{-1}(w) − 1/w`` for small ``w`` (``w ≠ 0``).

    Closed form when the law provides ``r_transform`` (semicircle ``c + σ² w``,
    Marchenko–Pastur ``σ²/(1 − λσ² w)``); otherwise ``G`` is inverted numerically by
    Newton's method, valid for ``|w|`` within the radius where ``G`` is invertible.

    Args:
        law: a law.
        w: complex points near 0, not 0.

    Returns:
        ``R(w)``, same shape as ``w``.

    References:
        D. V. Voiculescu, K. J. Dykema and A. Nica, *Free Random Variables*, AMS (1992).
    """
    wa = np.asarray(w, dtype=complex)
    method = getattr(law, "r_transform", None)
    if method is not None:
        return np.asarray(method(wa))
    return _numeric_r_transform(law, wa)


class GridLaw(Law):
    """A continuous law given by its density on a grid, linear between the nodes.

    The CDF, mean, variance and Stieltjes transform are the exact ones of the
    piecewise-linear density (normalised to total mass 1), so the transform stays
    accurate close to the real axis.

    Args:
        x: increasing grid (at least 2 points).
        density: non-negative density values at ``x``.

    Raises:
        ValueError: shapes differ, grid not increasing, negative density or zero mass.
    """

    def __init__(self, x: ArrayLike, density: ArrayLike) -> None:
        xa = np.asarray(x, dtype=float)
        fa = np.asarray(density, dtype=float)
        if xa.ndim != 1 or xa.shape != fa.shape or xa.size < 2:
            raise ValueError(f"x and density must be 1-D of equal length >= 2; got {xa.shape} and {fa.shape}")
        if np.any(np.diff(xa) <= 0) or not np.all(np.isfinite(xa)):
            raise ValueError("x must be strictly increasing and finite")
        if np.any(fa < 0) or not np.all(np.isfinite(fa)):
            raise ValueError("density must be finite and non-negative")
        h = np.diff(xa)
        seg = 0.5 * h * (fa[:-1] + fa[1:])
        total = float(seg.sum())
        if total <= 0:
            raise ValueError("density has zero mass")
        self.x = xa
        self.density = fa / total
        self._cum = np.concatenate([[0.0], np.cumsum(seg / total)])
        self._freeze()

    def _params(self) -> dict[str, Any]:
        return {"grid": f"[{self.x[0]:.4g}, {self.x[-1]:.4g}] x {self.x.size}"}

    def support(self) -> tuple[float, float]:
        """Range of the grid where the density is positive (with the bracketing nodes)."""
        pos = np.flatnonzero(self.density > 0)
        lo = self.x[max(pos[0] - 1, 0)]
        hi = self.x[min(pos[-1] + 1, self.x.size - 1)]
        return float(lo), float(hi)

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Linear interpolation of the density (0 outside the grid)."""
        out = np.interp(np.asarray(x, dtype=float), self.x, self.density, left=0.0, right=0.0)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """Exact integral of the piecewise-linear density."""
        xa = np.asarray(x, dtype=float)
        k = np.clip(np.searchsorted(self.x, xa, side="right") - 1, 0, self.x.size - 2)
        x0, h = self.x[k], self.x[k + 1] - self.x[k]
        f0, f1 = self.density[k], self.density[k + 1]
        d = np.clip(xa - x0, 0.0, h)
        out = self._cum[k] + f0 * d + (f1 - f0) * d * d / (2.0 * h)
        out = np.where(xa <= self.x[0], 0.0, np.where(xa >= self.x[-1], 1.0, out))
        out = np.clip(out, 0.0, 1.0)
        return out if out.ndim else out[()]

    def _raw_moment(self, k: int) -> float:
        x0, x1 = self.x[:-1], self.x[1:]
        f0, f1 = self.density[:-1], self.density[1:]
        h = x1 - x0
        # ∫ x^k (f0 + (f1 - f0)(x - x0)/h) dx, exactly, per segment.
        slope = (f1 - f0) / h
        a = f0 - slope * x0
        i_k = (x1 ** (k + 1) - x0 ** (k + 1)) / (k + 1)
        i_k1 = (x1 ** (k + 2) - x0 ** (k + 2)) / (k + 2)
        return float(np.sum(a * i_k + slope * i_k1))

    def mean(self) -> float:
        """Mean of the piecewise-linear density."""
        return self._raw_moment(1)

    def var(self) -> float:
        """Variance of the piecewise-linear density."""
        return self._raw_moment(2) - self._raw_moment(1) ** 2

    def stieltjes(self, z: ArrayLike) -> ComplexArray:
        """Exact ``∫ f(x)/(z − x) dx`` for the piecewise-linear ``f``."""
        za = np.asarray(z, dtype=complex)[..., None]
        x0, x1 = self.x[:-1], self.x[1:]
        f0, f1 = self.density[:-1], self.density[1:]
        slope = (f1 - f0) / (x1 - x0)
        u0, u1 = za - x0, za - x1
        amp = f0 + slope * u0
        out = np.sum(amp * (np.log(u0) - np.log(u1)) - slope * (x1 - x0), axis=-1)
        return np.asarray(out)


def _reciprocal_minus_identity(law: Law, w: ComplexArray) -> ComplexArray:
    return np.asarray(1.0 / law.stieltjes(w) - w)


def _subordinate(
    law_a: Law, law_b: Law, z: ComplexArray, start: ComplexArray, tol: float, max_iter: int
) -> ComplexArray:
    """Fixed point ``ω = z + h_b(z + h_a(ω))`` by iteration, only on unconverged points."""
    omega = start.copy()
    active = np.arange(z.size)
    for _ in range(max_iter):
        if active.size == 0:
            break
        w = omega[active]
        zz = z[active]
        new = zz + _reciprocal_minus_identity(law_b, zz + _reciprocal_minus_identity(law_a, w))
        new = np.where(new.imag > 0, new, new.real + 1j * zz.imag)  # stay in C+
        done = np.abs(new - w) <= tol * np.maximum(1.0, np.abs(new))
        omega[active] = new
        active = active[~done]
    return omega


def _quadrature_floor(*laws: Law) -> float:
    """Smallest safe distance to the real axis for laws without a closed-form transform.

    :meth:`Law.stieltjes` by quadrature is accurate only a few node spacings away from the
    support (about ``width·π/400`` for its 200 nodes); closer, the density comes out as
    spikes. Laws with a closed form (semicircle, Marchenko–Pastur, grids) impose no floor.
    """
    floor = 0.0
    for law in laws:
        if type(law).stieltjes is Law.stieltjes:
            lo, hi = law.support()
            floor = max(floor, 4.0 * (hi - lo) * np.pi / 400.0)
    return floor


def free_additive_convolution(
    law_a: Law,
    law_b: Law,
    *,
    grid: int = 801,
    eta: float = 1e-5,
    tol: float = 1e-12,
    max_iter: int = 5000,
) -> GridLaw:
    r"""Free additive convolution ``μ_a ⊞ μ_b`` by subordination (Belinschi–Bercovici).

    For ``z`` in the upper half plane the subordination function ``ω₁(z)`` is the unique
    attracting fixed point of ``w ↦ z + h_b(z + h_a(w))``, ``h(w) = 1/G(w) − w``, and
    ``G_{a⊞b}(z) = G_a(ω₁(z))``. The density ``−Im G(x + iη)/π`` is evaluated on
    ``grid`` points spanning ``[lo_a + lo_b, hi_a + hi_b]``, with ``η`` decreased
    geometrically to ``eta × width`` and each level warm-started from the previous one.
    Both laws must have compact support; atoms of the result are not resolved. For a law
    without a closed-form Stieltjes transform (Wachter, the circle laws), the final distance
    to the axis is floored at a few quadrature spacings of that law, so the result is the
    density smoothed by a Cauchy kernel of that width rather than a spiky artefact.

    Args:
        law_a: first law (compact support).
        law_b: second law (compact support).
        grid: number of grid points (>= 3).
        eta: final distance to the real axis, relative to the support width.
        tol: relative convergence tolerance of the fixed point.
        max_iter: iteration cap per ``η`` level.

    Returns:
        :class:`GridLaw` holding the density on the grid (mean and variance add up to
        the discretisation error).

    Raises:
        ValueError: a support is unbounded, or a numerical parameter is invalid.

    References:
        S. T. Belinschi and H. Bercovici, "A new approach to subordination results in
        free probability", J. Anal. Math. 101, 357 (2007). P. Biane, "Processes with free
        increments", Math. Z. 227, 143 (1998).

    Example:
        >>> from qrmt.laws import semicircle
        >>> law = free_additive_convolution(semicircle(), semicircle())
        >>> round(law.var(), 3)
        2.0
    """
    grid = check_positive_int("grid", grid)
    if grid < 3:
        raise ValueError(f"grid must be >= 3; got {grid}")
    eta = check_nonnegative_float("eta", eta)
    if eta == 0:
        raise ValueError("eta must be > 0; got 0")
    for label, law in (("law_a", law_a), ("law_b", law_b)):
        if not isinstance(law, Law):
            raise TypeError(f"{label} must be a qrmt law; got {type(law).__name__}")
    (la, ha), (lb, hb) = law_a.support(), law_b.support()
    if not all(np.isfinite(v) for v in (la, ha, lb, hb)):
        raise ValueError("free_additive_convolution needs laws with compact support")
    lo, hi = la + lb, ha + hb
    width = hi - lo
    x = np.linspace(lo, hi, grid)
    omega = x + 1j * width
    for level in np.geomspace(width, max(eta * width, _quadrature_floor(law_a, law_b)), 8):
        z = x + 1j * level
        omega = _subordinate(law_a, law_b, z, np.asarray(omega, dtype=complex), tol, max_iter)
    g = law_a.stieltjes(omega)
    dens = np.clip(-g.imag / np.pi, 0.0, None)
    return GridLaw(x, dens)


class FreeUnitaryBM(Law):
    r"""Biane's free unitary Brownian motion ``ν_t``: the law of an eigenphase ``θ``.

    The limit of ``U_t`` solving ``dU = i U dH − U dt/2`` with ``H`` a GUE Brownian motion
    normalised to a semicircle of unit variance at time 1 (equivalently a product of
    ``L`` layers ``exp(−iεH_l)`` with ``t = Lε²``). Moments (Biane 1997)

    .. math::
        m_k(t) = E[e^{ik\theta}] = e^{-kt/2}\sum_{j=0}^{k-1}\frac{(-t)^j}{j!}k^{j-1}
                 \binom{k}{j+1},

    e.g. ``m_1 = e^{−t/2}`` and ``m_2 = e^{−t}(1 − t)``. For ``t < 4`` the support is the
    arc ``|θ| ≤ ½√(t(4 − t)) + arccos(1 − t/2)``; for ``t ≥ 4`` the whole circle. The
    density: ``χ_t(z) = ψ/(1 + ψ)`` with ``ψ(z) = Σ_k m_k z^k`` is the inverse of
    ``w ↦ w e^{(t/2)(1+w)/(1−w)}``; writing ``u = (1 + χ)/(1 − χ) = a + ib`` at
    ``z = e^{iθ}``, ``p(θ) = a/(2π)``, where ``|u+1|²/|u−1|² = e^{ta}`` gives
    ``b² = ((a+1)² − e^{ta}(a−1)²)/(e^{ta} − 1)`` and ``θ = arg((u−1)/(u+1)) + tb/2``;
    this is solved for ``a`` by vectorised bisection.

    Args:
        t: time ``t >= 0`` (``t = 0`` is the point mass at θ = 0: pdf undefined).

    Raises:
        ValueError: ``t`` negative or not finite.

    References:
        P. Biane, "Free Brownian motion, free stochastic calculus and random matrices",
        Fields Inst. Commun. 12, 1 (1997); "Segal–Bargmann transform, functional calculus
        on matrix spaces and the theory of semi-circular and circular systems", J. Funct.
        Anal. 144, 232 (1997).

    Example:
        >>> law = FreeUnitaryBM(1.0)
        >>> round(law.moment(2), 12)
        0.0
    """

    def __init__(self, t: float) -> None:
        self.t = check_nonnegative_float("t", t)
        self._cache: dict[str, FloatArray] = {}
        self._freeze()

    def _params(self) -> dict[str, float]:
        return {"t": self.t}

    def moment(self, k: int) -> float:
        """Circular moment ``m_k(t) = E[cos kθ]`` (the law is symmetric), ``k >= 0``."""
        from qrmt._validation import check_nonnegative_int

        k = check_nonnegative_int("k", k)
        if k == 0:
            return 1.0
        t = self.t
        total = sum(
            (-t) ** j / math.factorial(j) * float(k) ** (j - 1) * math.comb(k, j + 1) for j in range(k)
        )
        return float(math.exp(-k * t / 2.0) * total)

    def half_width(self) -> float:
        """Arc half-width ``θ(t) = ½√(t(4 − t)) + arccos(1 − t/2)`` (π for ``t >= 4``)."""
        t = self.t
        if t >= 4.0:
            return math.pi
        return 0.5 * math.sqrt(t * (4.0 - t)) + math.acos(1.0 - t / 2.0)

    def support(self) -> tuple[float, float]:
        """Return ``(−θ(t), θ(t))``."""
        h = self.half_width()
        return -h, h

    # --- density -------------------------------------------------------------------
    def _a_range(self) -> tuple[float, float]:
        """Range of ``a = 2π p`` along the support: (value at the edge / at π, at 0)."""
        t = self.t

        def g_out(a: FloatArray) -> FloatArray:  # > 0 below the root, a in (1, inf)
            return np.log((a + 1.0) / (a - 1.0)) - 0.5 * t * a

        # a(0) ≈ 2/√t for small t: the bracket must grow with 1/√t or the root is clipped
        top = max(1e3, 4.0 / math.sqrt(t))
        hi = float(bisect(lambda a: -g_out(a), np.zeros(()), np.array(1.0 + 1e-15), np.array(top)))
        if t <= 4.0:
            return 0.0, hi

        def g_in(a: FloatArray) -> FloatArray:  # root of log((1+a)/(1-a)) = t a / 2
            return np.log((1.0 + a) / (1.0 - a)) - 0.5 * t * a

        lo = float(bisect(g_in, np.zeros(()), np.array(1e-12), np.array(1.0 - 1e-15)))
        return lo, hi

    def _theta_of_a(self, a: FloatArray) -> FloatArray:
        t = self.t
        e = np.exp(t * a)
        b2 = ((a + 1.0) ** 2 - e * (a - 1.0) ** 2) / np.where(e > 1.0, e - 1.0, 1.0)
        b = np.sqrt(np.clip(b2, 0.0, None))
        b = np.where(a > 0, b, math.sqrt(max(4.0 - t, 0.0) / t))
        arg = np.arctan2(b, a - 1.0) - np.arctan2(b, a + 1.0)
        return np.asarray(arg + 0.5 * t * b)

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density of θ on the support (0 outside), for ``t > 0``.

        Raises:
            ValueError: ``t == 0`` (the law is a point mass).
        """
        if self.t == 0.0:
            raise ValueError("free_unitary_bm(0) is the point mass at 0; it has no density")
        th = np.abs(np.asarray(x, dtype=float))
        half = self.half_width()
        lo, hi = self._a_range()
        inside = th < half
        # θ(a) decreases from the edge (a = lo) to θ = 0 (a = hi): bisect on −θ(a).
        target = -np.where(inside, th, 0.0)
        a = bisect(lambda v: -self._theta_of_a(v), target, lo, hi, iterations=60)
        out = np.where(inside | (half >= math.pi), a / (2.0 * math.pi), 0.0)
        out = np.where(th > math.pi, 0.0, out)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """``P(θ ≤ x)`` by 64-point Gauss–Legendre in ``φ`` with ``θ = −h cos φ`` mapping."""
        xa = np.asarray(x, dtype=float)
        h = self.half_width()
        phi_x = np.arccos(np.clip(-xa / h, -1.0, 1.0))
        t, w = gauss_legendre(64, 0.0, 1.0)
        phi = phi_x[..., None] * t
        vals = self.pdf(-h * np.cos(phi)) * h * np.sin(phi)
        out = np.clip(np.sum(w * vals, axis=-1) * phi_x, 0.0, 1.0)
        out = np.where(xa <= -h, 0.0, np.where(xa >= h, 1.0, out))
        return out if out.ndim else out[()]

    def _cdf_table(self) -> tuple[FloatArray, FloatArray]:
        """CDF tabulated on 513 points ``θ = −h cos φ`` (cumulative trapezoid in φ)."""
        if "x" not in self._cache:
            h = self.half_width()
            phi = np.linspace(0.0, math.pi, 513)
            x = -h * np.cos(phi)
            f = self.pdf(x) * h * np.sin(phi)
            cum = np.concatenate([[0.0], np.cumsum(0.5 * (f[1:] + f[:-1]) * np.diff(phi))])
            self._cache["x"], self._cache["F"] = x, cum / cum[-1]
        return self._cache["x"], self._cache["F"]

    def ppf(self, q: ArrayLike) -> FloatArray:
        """Quantile: interpolated table, polished by Newton steps on :meth:`cdf`."""
        if self.t == 0.0:
            return super().ppf(q)
        qa = np.asarray(q, dtype=float)
        x_tab, f_tab = self._cdf_table()
        h = self.half_width()
        x = np.interp(qa, f_tab, x_tab)
        for _ in range(4):
            dens = self.pdf(x)
            step = np.where(dens > 1e-12, (self.cdf(x) - qa) / np.where(dens > 1e-12, dens, 1.0), 0.0)
            x = np.clip(x - step, -h, h)
        out = np.where((qa < 0) | (qa > 1) | np.isnan(qa), np.nan, x)
        out = np.where(qa == 0.0, -h, np.where(qa == 1.0, h, out))
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return 0 (the law is symmetric)."""
        return 0.0

    def var(self) -> float:
        """``E θ²`` by quadrature of the density."""
        h = self.half_width()
        phi, w = gauss_legendre(200, 0.0, math.pi)
        th = -h * np.cos(phi)
        return float(np.sum(w * h * np.sin(phi) * th * th * self.pdf(th)))


def free_unitary_bm(t: float) -> FreeUnitaryBM:
    """Return the frozen :class:`FreeUnitaryBM` law at time ``t >= 0``."""
    return FreeUnitaryBM(t)
