r"""Level statistics: Wigner surmise, spacing-ratio law (Atas et al.), unfolding helpers.

* :class:`WignerSurmise` — the 2×2 surmise for nearest-neighbour spacings of unit mean,
  :math:`p_\beta(s) = a_\beta s^\beta e^{-b_\beta s^2}` with
  :math:`b_\beta = \big(\Gamma(\tfrac{\beta+2}{2})/\Gamma(\tfrac{\beta+1}{2})\big)^2`,
  :math:`a_\beta = 2\Gamma(\tfrac{\beta+2}{2})^{\beta+1}/\Gamma(\tfrac{\beta+1}{2})^{\beta+2}`:
  β = 1: ``(π/2) s e^{−πs²/4}``; β = 2: ``(32/π²) s² e^{−4s²/π}``;
  β = 4: ``(2¹⁸/(3⁶π³)) s⁴ e^{−64s²/(9π)}``.
* :class:`SpacingRatio` — the law of ``r_i = (λ_{i+1} − λ_i)/(λ_i − λ_{i−1})`` from the
  3×3 surmise of Atas et al. (2013), :math:`P(r) = Z_\beta^{-1}(r + r^2)^\beta /
  (1 + r + r^2)^{1 + 3\beta/2}`, and of ``r̃ = min(r, 1/r) ∈ [0, 1]`` (density ``2P``);
  Poisson levels (β = 0 here) give ``P(r) = 1/(1 + r)²``. No unfolding is needed.
* :func:`spacing_ratios` (batch-aware), :func:`unfold_by_cdf`, :func:`unfold_polynomial`,
  :func:`normalized_spacings` for empirical spectra.

Mean of ``r̃`` — surmise (exact, Atas et al. Table I) versus large-n numerics
(Atas et al., ``N = 1000`` matrices) — in :data:`SURMISE_MEAN_RTILDE` and
:data:`LARGE_N_MEAN_RTILDE`: Poisson ``2 ln 2 − 1 ≈ 0.38629`` (exact for both); GOE
``4 − 2√3 ≈ 0.53590`` vs 0.5307; GUE ``2√3/π − 1/2 ≈ 0.60266`` vs 0.5996; GSE
``32√3/(15π) − 1/2 ≈ 0.67617`` vs 0.6744.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import Chebyshev
from numpy.typing import ArrayLike
from scipy.special import gammainc, gammaincinv, gammaln

from qrmt._validation import check_positive_int
from qrmt.laws._base import FloatArray, Law, check_beta, gauss_legendre

__all__ = [
    "LARGE_N_MEAN_RTILDE",
    "SURMISE_MEAN_RTILDE",
    "SpacingRatio",
    "WignerSurmise",
    "normalized_spacings",
    "spacing_ratio",
    "spacing_ratios",
    "unfold_by_cdf",
    "unfold_polynomial",
    "wigner_surmise",
]

#: Exact mean of ``r̃`` under the surmise (Atas et al. 2013, Table I); key 0 = Poisson.
SURMISE_MEAN_RTILDE = {
    0: 2.0 * math.log(2.0) - 1.0,
    1: 4.0 - 2.0 * math.sqrt(3.0),
    2: 2.0 * math.sqrt(3.0) / math.pi - 0.5,
    4: 32.0 * math.sqrt(3.0) / (15.0 * math.pi) - 0.5,
}
#: Mean of ``r̃`` for large matrices (Atas et al. 2013, Table I, numerics); key 0 = Poisson.
LARGE_N_MEAN_RTILDE = {0: 2.0 * math.log(2.0) - 1.0, 1: 0.5307, 2: 0.5996, 4: 0.6744}
#: Normalisation constants ``Z_β`` of Atas et al. (2013).
_Z_ATAS = {
    1: 8.0 / 27.0,
    2: 4.0 * math.pi / (81.0 * math.sqrt(3.0)),
    4: 4.0 * math.pi / (729.0 * math.sqrt(3.0)),
}


class WignerSurmise(Law):
    r"""Wigner surmise for level spacings of unit mean, for any Dyson index β > 0.

    :math:`p(s) = a_\beta s^\beta e^{-b_\beta s^2}` (module docstring); ``b_β s²`` is
    Gamma((β+1)/2)-distributed, so the CDF is the regularised incomplete gamma function
    ``P((β+1)/2, b_β s²)``, the quantile its inverse, and
    ``E s² = Γ((β+3)/2) / (Γ((β+1)/2) b_β)``.

    Args:
        beta: Dyson index (1 GOE, 2 GUE, 4 GSE; any positive value allowed).

    Raises:
        ValueError: ``beta`` is not a finite number > 0.

    References:
        E. P. Wigner, Oak Ridge Natl. Lab. Rep. ORNL-2309 (1957); M. L. Mehta, *Random
        Matrices*, 3rd ed., Elsevier (2004), §1.5.

    Example:
        >>> law = WignerSurmise(1)
        >>> abs(float(law.pdf(1.0)) - math.pi / 2 * math.exp(-math.pi / 4)) < 1e-14
        True
    """

    def __init__(self, beta: float) -> None:
        self.beta = check_beta(beta)
        k = 0.5 * (self.beta + 1.0)
        self._k = k
        self._b = math.exp(2.0 * (gammaln(k + 0.5) - gammaln(k)))
        self._loga = math.log(2.0) + (self.beta + 1.0) * gammaln(k + 0.5) - (self.beta + 2.0) * gammaln(k)
        self._freeze()

    def _params(self) -> dict[str, float]:
        return {"beta": self.beta}

    def support(self) -> tuple[float, float]:
        """Return ``(0, ∞)``."""
        return 0.0, np.inf

    def pdf(self, x: ArrayLike) -> FloatArray:
        """``a_β s^β exp(−b_β s²)`` for ``s ≥ 0``."""
        s = np.asarray(x, dtype=float)
        sp = np.where(s > 0, s, 1.0)
        out = np.where(s > 0, np.exp(self._loga + self.beta * np.log(sp) - self._b * sp**2), 0.0)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """``P((β+1)/2, b_β s²)`` (regularised lower incomplete gamma)."""
        s = np.clip(np.asarray(x, dtype=float), 0.0, None)
        out = gammainc(self._k, self._b * s * s)
        return out if out.ndim else out[()]

    def ppf(self, q: ArrayLike) -> FloatArray:
        """Closed-form quantile ``√(P⁻¹((β+1)/2, q) / b_β)``."""
        qa = np.asarray(q, dtype=float)
        out = np.sqrt(gammaincinv(self._k, np.clip(qa, 0.0, 1.0)) / self._b)
        out = np.where((qa < 0) | (qa > 1), np.nan, out)
        return out if out.ndim else out[()]

    def mean(self) -> float:
        """Return 1 (the surmise is normalised to unit mean spacing)."""
        return float(math.exp(gammaln(self._k + 0.5) - gammaln(self._k)) / math.sqrt(self._b))

    def var(self) -> float:
        """Return ``Γ((β+3)/2)/(Γ((β+1)/2) b_β) − 1`` (e.g. ``4/π − 1`` for β = 1)."""
        return float(self._k / self._b - self.mean() ** 2)


class SpacingRatio(Law):
    r"""Law of consecutive-spacing ratios, from the 3×3 surmise of Atas et al. (2013).

    With ``folded=True`` (default) the law of ``r̃ = min(r, 1/r)`` on ``[0, 1]``, density
    ``2 P(r̃)``; with ``folded=False`` the law of ``r`` on ``[0, ∞)``, density ``P(r)``, with
    ``P(r) = P(1/r)/r²``. ``β = 0`` is the Poisson case ``P(r) = 1/(1 + r)²`` (uncorrelated
    levels; ``r`` then has no finite mean). For β ∈ {1, 2, 4} the normalisation is the
    paper's ``Z_1 = 8/27``, ``Z_2 = 4π/(81√3)``, ``Z_4 = 4π/(729√3)``; for other β > 0 it
    is computed by quadrature. CDF, mean and variance are computed by Gauss–Legendre
    quadrature of the (polynomial over polynomial) density.

    Note the surmise is not the large-n law: its mean ``⟨r̃⟩`` exceeds the large-n value by
    about 0.005 (module docstring); compare large-matrix data with
    :data:`LARGE_N_MEAN_RTILDE`.

    Args:
        beta: 0 (Poisson) or a Dyson index > 0 (1 GOE, 2 GUE, 4 GSE).
        folded: law of ``r̃ = min(r, 1/r)`` (True) or of ``r`` (False).

    Raises:
        ValueError: ``beta`` negative or not finite.

    References:
        Y. Y. Atas, E. Bogomolny, O. Giraud and G. Roux, "Distribution of the ratio of
        consecutive level spacings in random matrix ensembles", Phys. Rev. Lett. 110,
        084101 (2013). V. Oganesyan and D. A. Huse, Phys. Rev. B 75, 155111 (2007).

    Example:
        >>> round(SpacingRatio(1).mean(), 10) == round(4 - 2 * 3 ** 0.5, 10)
        True
    """

    def __init__(self, beta: float, folded: bool = True) -> None:
        numeric = isinstance(beta, (int, float, np.integer, np.floating))
        if numeric and not isinstance(beta, bool) and float(beta) == 0.0:
            self.beta = 0.0
        else:
            self.beta = check_beta(beta)
        if not isinstance(folded, (bool, np.bool_)):
            raise TypeError(f"folded must be a bool; got {folded!r}")
        self.folded = bool(folded)
        self._cache: dict[str, Chebyshev] = {}
        self._logz = self._log_normalisation()
        self._freeze()

    def _params(self) -> dict[str, object]:
        return {"beta": self.beta, "folded": self.folded}

    def _log_normalisation(self) -> float:
        b = self.beta
        if b == 0.0:
            return 0.0
        if b in (1.0, 2.0, 4.0):
            return math.log(_Z_ATAS[int(b)])
        from scipy.integrate import quad

        half = quad(lambda r: math.exp(self._log_unnormalised(r)), 0.0, 1.0, limit=200)[0]
        return math.log(2.0 * half)  # P(r) dr is symmetric under r -> 1/r

    def _log_unnormalised(self, r: float) -> float:
        b = self.beta
        return b * math.log(r + r * r) - (1.0 + 1.5 * b) * math.log(1.0 + r + r * r)

    def density_r(self, r: ArrayLike) -> FloatArray:
        """Density ``P(r)`` of the unfolded ratio ``r ∈ [0, ∞)``."""
        ra = np.asarray(r, dtype=float)
        rp = np.where(ra > 0, ra, 1.0)
        if self.beta == 0.0:
            dens = 1.0 / (1.0 + rp) ** 2
        else:
            b = self.beta
            dens = np.exp(
                b * np.log(rp + rp * rp) - (1.0 + 1.5 * b) * np.log(1.0 + rp + rp * rp) - self._logz
            )
        out = np.where(ra > 0, dens, np.where(ra == 0, 1.0 if self.beta == 0 else 0.0, 0.0))
        return out if out.ndim else out[()]

    def support(self) -> tuple[float, float]:
        """``(0, 1)`` when folded, else ``(0, ∞)``."""
        return (0.0, 1.0) if self.folded else (0.0, np.inf)

    def _ppf_bracket(self) -> tuple[float, float]:
        return (0.0, 1.0) if self.folded else (0.0, 1e8)

    def _pdf_folded(self, x: FloatArray) -> FloatArray:
        return np.where((x >= 0) & (x <= 1), 2.0 * self.density_r(np.clip(x, 0.0, 1.0)), 0.0)

    def _cdf_folded_quadrature(self, x: FloatArray) -> FloatArray:
        """``∫_0^x 2P`` by 48-point Gauss–Legendre after ``r = x t²`` (smooths ``r^β`` at 0)."""
        xc = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
        t, w = gauss_legendre(48, 0.0, 1.0)
        nodes = xc[..., None] * t * t
        vals = self._pdf_folded(nodes) * 2.0 * t
        return np.asarray(np.clip(np.sum(w * vals, axis=-1) * xc, 0.0, 1.0))

    def _cdf_folded(self, x: FloatArray) -> FloatArray:
        """Folded CDF; for integer β a cached degree-40 Chebyshev interpolant (error ~1e-14)."""
        if self.beta != round(self.beta):
            return self._cdf_folded_quadrature(x)
        if "cheb" not in self._cache:
            self._cache["cheb"] = Chebyshev.interpolate(self._cdf_folded_quadrature, 40, domain=[0.0, 1.0])
        xc = np.clip(np.asarray(x, dtype=float), 0.0, 1.0)
        return np.asarray(np.clip(self._cache["cheb"](xc), 0.0, 1.0))

    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density of ``r̃`` (folded) or of ``r``."""
        xa = np.asarray(x, dtype=float)
        out = self._pdf_folded(xa) if self.folded else self.density_r(xa)
        return out if out.ndim else out[()]

    def cdf(self, x: ArrayLike) -> FloatArray:
        """CDF; for ``r`` uses ``P(r ≤ x) = ½F̃(x)`` (x ≤ 1), ``1 − ½F̃(1/x)`` (x > 1)."""
        xa = np.asarray(x, dtype=float)
        if self.folded:
            out = self._cdf_folded(xa)
        else:
            xp = np.where(xa > 0, xa, 1.0)
            small = 0.5 * self._cdf_folded(xp)
            large = 1.0 - 0.5 * self._cdf_folded(1.0 / xp)
            out = np.where(xa <= 0, 0.0, np.where(xa <= 1.0, small, large))
        return out if out.ndim else out[()]

    def _folded_moment(self, func: object) -> float:
        t, w = gauss_legendre(200, 0.0, 1.0)
        return float(np.sum(w * func(t) * self._pdf_folded(t)))  # type: ignore[operator]

    def mean(self) -> float:
        """Mean of ``r̃`` (folded) or of ``r`` (inf for Poisson)."""
        if self.folded:
            return self._folded_moment(lambda t: t)
        if self.beta == 0.0:
            return math.inf
        # E r = ½ E[r̃] + ½ E[1/r̃] by the symmetry r -> 1/r.
        return 0.5 * self._folded_moment(lambda t: t + 1.0 / t)

    def var(self) -> float:
        """Variance of ``r̃`` (folded) or of ``r`` (inf when ``β ≤ 1`` or Poisson)."""
        if self.folded:
            return self._folded_moment(lambda t: t * t) - self.mean() ** 2
        if self.beta <= 1.0:  # P(r) ~ r^(-2-β): E r² diverges for β <= 1
            return math.inf
        second = 0.5 * self._folded_moment(lambda t: t * t + 1.0 / (t * t))
        return second - self.mean() ** 2


def wigner_surmise(beta: float) -> WignerSurmise:
    """Return the frozen :class:`WignerSurmise` for Dyson index ``beta``."""
    return WignerSurmise(beta)


def spacing_ratio(beta: float, folded: bool = True) -> SpacingRatio:
    """Return the frozen :class:`SpacingRatio` law (β = 0 for Poisson)."""
    return SpacingRatio(beta, folded=folded)


def _as_spectrum(eigvals: ArrayLike, name: str = "eigvals") -> FloatArray:
    ev = np.asarray(eigvals)
    if np.iscomplexobj(ev):
        raise TypeError(f"{name} must be real (use eigenphases for unitary matrices)")
    ev = ev.astype(float)
    if ev.ndim < 1 or ev.shape[-1] < 3:
        raise ValueError(f"{name} needs at least 3 values along the last axis; got shape {ev.shape}")
    return np.sort(ev, axis=-1)


def spacing_ratios(eigvals: ArrayLike, folded: bool = True) -> FloatArray:
    """Consecutive-spacing ratios of spectra along the last axis (batch-aware).

    ``r_i = s_i / s_{i−1}`` with ``s_i = λ_{i+1} − λ_i`` of the sorted spectrum, and
    ``r̃_i = min(r_i, 1/r_i)`` when folded. Degenerate levels must be removed first
    (e.g. keep one eigenvalue per Kramers pair for GSE); a pair of zero spacings gives nan.

    Args:
        eigvals: real array of shape ``(..., n)``, ``n >= 3`` (sorted here).
        folded: return ``r̃`` (default) or ``r``.

    Returns:
        Array of shape ``(..., n − 2)``.

    Raises:
        TypeError: complex input.
        ValueError: fewer than 3 levels.

    Example:
        >>> spacing_ratios([0.0, 1.0, 3.0, 4.0]).tolist()
        [0.5, 0.5]
    """
    s = np.diff(_as_spectrum(eigvals), axis=-1)
    a, b = s[..., :-1], s[..., 1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        if folded:
            return np.minimum(a, b) / np.maximum(a, b)
        return b / a


def unfold_by_cdf(eigvals: ArrayLike, law: Law, scale: float = 1.0) -> FloatArray:
    """Unfold with a known limiting law: ``ξ_i = n · F(λ_i / scale)``.

    The unfolded levels have unit mean spacing where the law is the true density (for
    example ``law = semicircle()`` and ``scale = √n`` for qrmt's Gaussian ensembles).

    Args:
        eigvals: real array ``(..., n)``.
        law: a law with a ``cdf``.
        scale: divide the eigenvalues by it before applying the CDF.

    Returns:
        Sorted unfolded levels, same shape.
    """
    ev = _as_spectrum(eigvals)
    return np.asarray(ev.shape[-1] * law.cdf(ev / float(scale)), dtype=float)


def unfold_polynomial(eigvals: ArrayLike, degree: int = 9) -> FloatArray:
    """Unfold by a least-squares polynomial fit of the empirical staircase ``N(λ_i) = i``.

    Fit in the Chebyshev basis on the spectrum's range (well conditioned); each spectrum
    of a batch is fitted separately (one ``lstsq`` per spectrum, vectorised via a shared
    design matrix when the batch is given as sorted rows).

    Args:
        eigvals: real array ``(..., n)`` with ``n > degree``.
        degree: polynomial degree (positive int).

    Returns:
        Unfolded levels ``Ñ(λ_i)``, same shape.

    Raises:
        ValueError: ``degree >= n``.
    """
    degree = check_positive_int("degree", degree)
    ev = _as_spectrum(eigvals)
    n = ev.shape[-1]
    if degree >= n:
        raise ValueError(f"degree must be smaller than the number of levels {n}; got {degree}")
    flat = ev.reshape(-1, n)
    lo, hi = flat[:, :1], flat[:, -1:]
    u = (2.0 * flat - lo - hi) / np.where(hi > lo, hi - lo, 1.0)
    design = np.polynomial.chebyshev.chebvander(u, degree)  # (batch, n, degree + 1)
    target = np.broadcast_to(np.arange(1, n + 1, dtype=float), flat.shape)
    coef = np.linalg.lstsq(design[0], target[0], rcond=None)[0] if flat.shape[0] == 1 else None
    if coef is not None:
        fitted = design[0] @ coef
        return np.asarray(fitted.reshape(ev.shape))
    pinv = np.linalg.pinv(design)  # (batch, degree + 1, n)
    coefs = np.einsum("bkn,bn->bk", pinv, target)
    return np.asarray(np.einsum("bnk,bk->bn", design, coefs).reshape(ev.shape))


def normalized_spacings(unfolded: ArrayLike) -> FloatArray:
    """Nearest-neighbour spacings of unfolded levels, rescaled to unit mean per spectrum."""
    levels = np.asarray(unfolded, dtype=float)
    if levels.ndim == 0 or levels.shape[-1] < 2:
        raise ValueError(
            f"unfolded must hold at least 2 levels per spectrum; got shape {levels.shape}"
        )
    s = np.diff(np.sort(levels, axis=-1), axis=-1)
    return np.asarray(s / s.mean(axis=-1, keepdims=True))
