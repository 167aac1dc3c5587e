"""Dumitriu-Edelman tridiagonal Gaussian beta-ensembles and the truncated edge sampler."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy.linalg import lapack
from spectra_helpers import RATIO_MEAN, bulk, mean_and_se, ratios

from qrmt.ensembles import gaussian, gaussian_edge, gaussian_eigvals
from qrmt.ensembles.tridiagonal import hermite_tridiagonal

# Tracy-Widom means and variances (Bornemann 2010; Tracy-Widom 1994/96).
# For beta = 4 the beta-ensemble (stochastic Airy) convention of the n distinct eigenvalues
# is TW_4 of Tracy-Widom's GSE (mean -2.3068848932, variance 0.5177237207) scaled by 2^{-1/6}.
TW_MEAN = {1: -1.2065335746, 2: -1.7710868074, 4: -2.3068848932 * 2 ** (-1 / 6)}
TW_VAR = {1: 1.6077810345, 2: 0.8131947928, 4: 0.5177237207 * 2 ** (-1 / 3)}
KS_C = math.sqrt(-0.5 * math.log(1e-3 / 2))  # two-sample KS coefficient at alpha = 1e-3


def ks_crit(n1: int, n2: int) -> float:
    return KS_C * math.sqrt((n1 + n2) / (n1 * n2))


def ks_stat(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import ks_2samp

    return float(ks_2samp(x, y).statistic)


@pytest.mark.parametrize("beta", [0.5, 3.0])
def test_second_moment_any_beta(beta: float) -> None:
    # Beta-Hermite: E sum x^2 = n (n - 1 + 2/beta) in the default scaling (Mehta integral).
    n = 50
    m, se = mean_and_se(gaussian_eigvals(n, beta, size=2000, seed=5) ** 2)
    assert abs(m - (n - 1 + 2 / beta)) < 5 * se


def test_semicircle_edges_and_scales() -> None:
    n = 400
    x = gaussian_eigvals(n, 2, size=50, seed=6)
    # Edges at +-2 sqrt(n) with TW_2 fluctuations on the scale n^{-1/6}; P(TW_2 outside
    # (-7, 4)) < 1e-5 per sample.
    for z in ((x[:, -1] - 2 * math.sqrt(n)) * n ** (1 / 6), (-x[:, 0] - 2 * math.sqrt(n)) * n ** (1 / 6)):
        assert np.all((z > -7) & (z < 4))
    y = gaussian_eigvals(n, 2, scale="unit_semicircle", size=50, seed=6)
    np.testing.assert_allclose(y, x / math.sqrt(n), rtol=1e-12)
    z = gaussian_eigvals(n, 1, scale="hermite", size=50, seed=6)
    np.testing.assert_allclose(z, gaussian_eigvals(n, 1, size=50, seed=6) * math.sqrt(0.5))
    h = gaussian(n, 2, scale="unit_semicircle", seed=7)
    assert abs(np.trace(h @ h).real / n - 1) < 0.05


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_spacing_ratio_tridiagonal(beta: int) -> None:
    m, se = mean_and_se(ratios(bulk(gaussian_eigvals(200, beta, size=300, seed=10))))
    assert abs(m - RATIO_MEAN[beta]) < 5 * se, (beta, m, se)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_tridiagonal_equals_dense_in_law(beta: int) -> None:
    n, k = 12, 600
    ev = np.linalg.eigvalsh(gaussian(n, beta, size=k, seed=20 + beta))
    if beta == 4:
        ev = ev[:, 0::2]
    tri = gaussian_eigvals(n, beta, size=k, seed=30 + beta)
    for idx in (-1, n // 4):  # one statistic per independent matrix
        assert ks_stat(ev[:, idx], tri[:, idx]) < ks_crit(k, k)


def test_edge_truncation_is_exact() -> None:
    # The corner of the Dumitriu-Edelman matrix has the same top eigenvalue as the whole.
    n = 10**5
    rng = np.random.default_rng(40)
    d, e = hermite_tridiagonal(rng, 5, n, 2.0)
    rows = math.ceil(10 * n ** (1 / 3))
    for i in range(5):
        full = lapack.dstebz(d[i], e[i], 3, 0.0, 0.0, n, n, 0.0, "E")[1][0]
        corner = lapack.dstebz(d[i, :rows], e[i, : rows - 1], 3, 0.0, 0.0, rows, rows, 0, "E")
        assert abs(corner[1][0] - full) < 1e-9 * math.sqrt(n)


def test_edge_matches_full_model_in_law() -> None:
    n, k = 150, 500  # the corner keeps 54 of the 150 rows
    full = gaussian_eigvals(n, 2, size=k, seed=41)[:, -1]
    assert ks_stat(full, gaussian_edge(n, 2, size=k, seed=42)) < ks_crit(k, k)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_edge_tracy_widom_mean_and_variance(beta: int) -> None:
    n, k = 10**5, 3000
    x = (gaussian_edge(n, beta, size=k, seed=43) - 2 * math.sqrt(n)) * n ** (1 / 6)
    # 5 standard errors; TW excess kurtosis is < 0.2, so var(sample var) < 2.2 sigma^4 / k.
    assert abs(x.mean() - TW_MEAN[beta]) < 5 * math.sqrt(TW_VAR[beta] / k)
    assert abs(x.var(ddof=1) - TW_VAR[beta]) < 5 * TW_VAR[beta] * math.sqrt(2.2 / k)


def test_edge_huge_n_is_cheap_and_scaled() -> None:
    x = gaussian_edge(10**8, size=20, seed=44)
    assert x.shape == (20,)
    z = (x - 2e4) * 1e8 ** (1 / 6)
    assert np.all((z > -8) & (z < 5))
    assert isinstance(gaussian_edge(10, seed=1), float)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: gaussian_eigvals(3, beta=0), ValueError, "beta must be a finite number > 0"),
        (lambda: gaussian_eigvals(3, beta=-1.0), ValueError, "got -1.0"),
        (lambda: gaussian_eigvals(-2), ValueError, "n must be a positive int; got -2"),
        (lambda: gaussian_edge(10, cutoff=0), ValueError, "cutoff"),
        (lambda: gaussian_edge(10, size=2.0), TypeError, "size must be a positive int"),  # type: ignore[call-overload]
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def test_edge_truncation_rule_holds_for_small_beta():
    """The documented corner, ceil(10 n^{1/3} max(1, 1/β)) rows, gives the full model's largest
    eigenvalue (same matrix, drawn here independently of qrmt) for β = 0.05; the β-blind corner
    of 10 n^{1/3} rows does not."""
    import math

    from scipy.linalg import eigvalsh_tridiagonal

    n, beta = 30_000, 0.05
    rng = np.random.default_rng(42)
    rows = math.ceil(10 * n ** (1 / 3) / beta)
    blind = math.ceil(10 * n ** (1 / 3))
    worst_rule, worst_blind = 0.0, 0.0
    for _ in range(8):
        d = rng.standard_normal(n) * math.sqrt(2 / beta)
        e = np.sqrt(rng.chisquare(beta * (n - np.arange(1, n)), size=n - 1) / beta)
        top = eigvalsh_tridiagonal(d, e, select="i", select_range=(n - 1, n - 1))[0]
        cut = eigvalsh_tridiagonal(d[:rows], e[:rows - 1], select="i",
                                   select_range=(rows - 1, rows - 1))[0]
        short = eigvalsh_tridiagonal(d[:blind], e[:blind - 1], select="i",
                                     select_range=(blind - 1, blind - 1))[0]
        worst_rule = max(worst_rule, abs(top - cut) * n ** (1 / 6))
        worst_blind = max(worst_blind, abs(top - short) * n ** (1 / 6))
    assert worst_rule < 1e-6
    assert worst_blind > 1e-3
