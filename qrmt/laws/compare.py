r"""Distances between an empirical sample and a law, or between two samples.

* :func:`ks_distance` — Kolmogorov–Smirnov ``sup_x |F_n(x) − F(x)|``, exact for laws with
  atoms (uses the left limits of ``F``).
* :func:`ks_critical_value` — the asymptotic level-α critical value
  ``√(−ln(α/2)/2)/√n`` for i.i.d. samples. Eigenvalues of one matrix are far more rigid
  than i.i.d. draws, so for them it is a conservative bound.
* :func:`wasserstein_distance` — 1-D ``W₁ = ∫₀¹ |F_n^{-1}(q) − F^{-1}(q)| dq`` (quantile
  coupling) ``= ∫ |F_n(x) − F(x)| dx``, by Gauss–Legendre quadrature between order
  statistics.
* :func:`ks_distance_2samp`, :func:`wasserstein_distance_2samp` — the two-sample versions.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from qrmt._validation import check_positive_int, check_probability
from qrmt.laws._base import FloatArray, Law, gauss_legendre

__all__ = [
    "ks_critical_value",
    "ks_distance",
    "ks_distance_2samp",
    "wasserstein_distance",
    "wasserstein_distance_2samp",
]


def _sample(sample: ArrayLike, name: str = "sample") -> FloatArray:
    arr = np.asarray(sample)
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real; got a complex array")
    flat = np.asarray(arr, dtype=float).reshape(-1)
    if flat.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(flat)):
        raise ValueError(f"{name} contains nan or inf")
    return np.sort(flat)


def _check_law(law: object) -> Law:
    if not isinstance(law, Law):
        raise TypeError(f"law must be a qrmt law; got {type(law).__name__}")
    return law


def _snap_to_atoms(x: FloatArray, law: Law, atol: float) -> FloatArray:
    for loc, _ in law.atoms():
        x = np.where(np.abs(x - loc) <= atol, loc, x)
    return x


def ks_distance(sample: ArrayLike, law: Law, *, atom_tol: float = 1e-8) -> float:
    """Kolmogorov–Smirnov distance between the empirical CDF of ``sample`` and ``law``.

    ``D = max_i max(i/n − F(x_(i)), F(x_(i)^−) − (i−1)/n)``, exact also at atoms of the
    law (sample values within ``atom_tol`` of an atom are snapped onto it, so round-off
    zeros of a rank-deficient Wishart matrix count as the atom).

    Args:
        sample: real values (any shape, flattened).
        law: a qrmt law.
        atom_tol: snapping tolerance for atoms.

    Returns:
        ``D ∈ [0, 1]``.

    Raises:
        TypeError: complex sample or not a law.
        ValueError: empty sample or non-finite values.

    Example:
        >>> from qrmt.laws import semicircle
        >>> round(ks_distance([0.0], semicircle()), 12)
        0.5
    """
    law = _check_law(law)
    x = _snap_to_atoms(_sample(sample), law, atom_tol)
    n = x.size
    upper = np.arange(1, n + 1) / n - law.cdf(x)
    lower = law.cdf_left(x) - np.arange(n) / n
    return float(max(upper.max(), lower.max(), 0.0))


def ks_critical_value(n: int, alpha: float = 0.01) -> float:
    """Asymptotic KS critical value ``√(−ln(α/2)/2) / √n`` for ``n`` i.i.d. draws.

    Args:
        n: sample size.
        alpha: level in (0, 1).

    Returns:
        The distance exceeded with probability about ``alpha`` under the null.

    Example:
        >>> round(ks_critical_value(100, 0.05), 3)
        0.136
    """
    n = check_positive_int("n", n)
    alpha = check_probability("alpha", alpha)
    if alpha in (0.0, 1.0):
        raise ValueError(f"alpha must be in (0, 1); got {alpha}")
    return math.sqrt(-0.5 * math.log(alpha / 2.0)) / math.sqrt(n)


def wasserstein_distance(sample: ArrayLike, law: Law, *, nodes: int = 8) -> float:
    """1-Wasserstein distance ``W₁ = ∫ |F_n(x) − F(x)| dx = ∫₀¹ |F_n^{-1} − F^{-1}| dq``.

    Between consecutive order statistics ``F_n = i/n`` is constant and ``|i/n − F(x)|``
    is integrated with ``nodes`` Gauss–Legendre points; the two tails use the quantile
    form ``∫_{−∞}^{x_(1)} F = ∫₀¹ (x_(1) − F^{-1}(q))⁺ dq`` (and its mirror), so laws with
    unbounded support work. Cost: ``n × nodes`` CDF evaluations.

    Args:
        sample: real values (any shape, flattened).
        law: a qrmt law.
        nodes: quadrature points per gap between order statistics.

    Returns:
        ``W₁ >= 0`` in the units of the sample.

    Example:
        >>> from qrmt.laws import semicircle
        >>> law = semicircle()
        >>> sample = law.ppf((np.arange(1000) + 0.5) / 1000)
        >>> bool(wasserstein_distance(sample, law) < 2e-3)
        True
    """
    law = _check_law(law)
    nodes = check_positive_int("nodes", nodes)
    x = _sample(sample)
    n = x.size
    t, w = gauss_legendre(nodes, 0.0, 1.0)
    h = np.diff(x)
    pts = x[:-1, None] + h[:, None] * t[None, :]
    level = (np.arange(1, n) / n)[:, None]
    inner = float(np.sum(np.abs(level - law.cdf(pts)) * w[None, :] * h[:, None]))
    tq, tw = gauss_legendre(32, 0.0, 1.0)
    f_lo, f_hi = float(law.cdf(x[0])), float(law.cdf(x[-1]))
    left = f_lo * float(np.sum(tw * np.clip(x[0] - law.ppf(f_lo * tq), 0.0, None)))
    right = (1.0 - f_hi) * float(np.sum(tw * np.clip(law.ppf(f_hi + (1.0 - f_hi) * tq) - x[-1], 0.0, None)))
    return inner + left + right


def ks_distance_2samp(sample_a: ArrayLike, sample_b: ArrayLike) -> float:
    """Two-sample KS distance ``sup_x |F_a(x) − F_b(x)|`` of two empirical CDFs."""
    a, b = _sample(sample_a, "sample_a"), _sample(sample_b, "sample_b")
    grid = np.concatenate([a, b])
    fa = np.searchsorted(a, grid, side="right") / a.size
    fb = np.searchsorted(b, grid, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def wasserstein_distance_2samp(sample_a: ArrayLike, sample_b: ArrayLike) -> float:
    """Two-sample ``W₁ = ∫ |F_a(x) − F_b(x)| dx`` (exact for the two step functions)."""
    a, b = _sample(sample_a, "sample_a"), _sample(sample_b, "sample_b")
    grid = np.sort(np.concatenate([a, b]))
    fa = np.searchsorted(a, grid[:-1], side="right") / a.size
    fb = np.searchsorted(b, grid[:-1], side="right") / b.size
    return float(np.sum(np.abs(fa - fb) * np.diff(grid)))
