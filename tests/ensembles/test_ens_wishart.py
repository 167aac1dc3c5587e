"""Laguerre (Wishart) ensembles against exact moments and the Marchenko-Pastur law."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import ks_2samp

from qrmt.ensembles import laguerre, laguerre_eigvals

KS_C = math.sqrt(-0.5 * math.log(1e-3 / 2))


def exact_moments(n: int, m: float, beta: float) -> tuple[float, float]:
    """(1/n) E tr W and (1/n) E tr W^2 for W = X X^*, E|X_ij|^2 = 1.

    By Wick's theorem, E tr W^2 = n m (n - 1) + n (m E|X|^4 + m (m - 1)) with
    E|X|^4 = 1 + 2/beta (real 3, complex 2, quaternion 3/2), i.e. m (n + m - 1 + 2/beta)
    per eigenvalue; the same polynomial in 2/beta holds for the beta-Laguerre ensemble.
    """
    return m, m * (n + m - 1 + 2 / beta)


def sample_stats(ev: np.ndarray, power: int) -> tuple[float, float]:
    per = (ev**power).mean(axis=-1)
    return float(per.mean()), float(per.std(ddof=1) / math.sqrt(per.size))


def dense_eigs(n: int, m: int, beta: int, k: int, seed: int, scale: str = "raw") -> np.ndarray:
    ev = np.linalg.eigvalsh(laguerre(n, m, beta, scale=scale, size=k, seed=seed))
    return ev[:, 0::2] if beta == 4 else ev


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_dense_exact_moments(beta: int) -> None:
    n, m = 8, 13
    ev = dense_eigs(n, m, beta, 2000, seed=1)
    for power, target in zip((1, 2), exact_moments(n, m, beta), strict=True):
        mean, se = sample_stats(ev, power)
        assert abs(mean - target) < 5 * se, (beta, power, mean, target)


@pytest.mark.parametrize("beta", [0.6, 1, 2, 4, 3.0])
def test_bidiagonal_exact_moments(beta: float) -> None:
    n, m = 20, 31.5 if beta == 3.0 else 31
    ev = laguerre_eigvals(n, m, beta, size=3000, seed=2)
    for power, target in zip((1, 2), exact_moments(n, m, beta), strict=True):
        mean, se = sample_stats(ev, power)
        assert abs(mean - target) < 5 * se, (beta, power, mean, target)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_bidiagonal_equals_dense_in_law(beta: int) -> None:
    n, m, k = 10, 15, 600
    dense = dense_eigs(n, m, beta, k, seed=3)
    tri = laguerre_eigvals(n, m, beta, size=k, seed=4)
    crit = KS_C * math.sqrt(2 / k)
    for idx in (0, -1):
        assert ks_2samp(dense[:, idx], tri[:, idx]).statistic < crit


def test_marchenko_pastur_moments_and_support() -> None:
    n, m = 200, 500
    c = n / m
    ev = laguerre_eigvals(n, m, 2, scale="mp", size=100, seed=5)
    mean, se = sample_stats(ev, 1)
    assert abs(mean - 1) < 5 * se
    second, se2 = sample_stats(ev, 2)
    assert abs(second - (1 + c)) < 5 * se2  # exact for beta = 2: 1 + n/m
    lo, hi = (1 - math.sqrt(c)) ** 2, (1 + math.sqrt(c)) ** 2
    assert np.all(ev[:, 0] > lo - 0.1) and np.all(ev[:, -1] < hi + 0.1)
    # Soft edges -> TW_2 with Johansson's centring and scaling (raw scale m * lambda):
    # mu = (sqrt m +- sqrt n)^2, sigma = (sqrt m +- sqrt n)(1/sqrt m +- 1/sqrt n)^{1/3}.
    rm, rn = math.sqrt(m), math.sqrt(n)
    top = (m * ev[:, -1] - (rm + rn) ** 2) / ((rm + rn) * (1 / rm + 1 / rn) ** (1 / 3))
    bottom = ((rm - rn) ** 2 - m * ev[:, 0]) / ((rm - rn) * (1 / rn - 1 / rm) ** (1 / 3))
    for z in (top, bottom):  # TW_2 mean -1.7711, variance 0.8132
        assert abs(z.mean() + 1.7710868074) < 5 * math.sqrt(0.8131947928 / z.size)
    dense = dense_eigs(60, 150, 1, 200, seed=6, scale="mp")
    mean, se = sample_stats(dense, 2)
    assert abs(mean - (1 + 60 / 150 + 1 / 150)) < 5 * se  # beta = 1: 1 + (n + 1)/m


def test_dense_structure_and_rank() -> None:
    w = laguerre(6, 3, 2, size=2, seed=7)
    assert w.shape == (2, 6, 6) and w.dtype == np.complex128
    np.testing.assert_allclose(w, np.conj(np.swapaxes(w, -1, -2)))
    ev = np.linalg.eigvalsh(w)
    assert np.all(np.abs(ev[:, :3]) < 1e-10) and np.all(ev[:, 3:] > 1e-6)  # rank m = 3
    w4 = laguerre(3, 5, 4, seed=8)
    assert w4.shape == (6, 6)
    assert laguerre(3, 5, 1, seed=8).dtype == np.float64


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: laguerre(0, 3), ValueError, "n must be a positive int; got 0"),
        (lambda: laguerre(3, 0), ValueError, "m must be a positive int; got 0"),
        (lambda: laguerre(3, 4.5), TypeError, "m must be a positive int"),  # type: ignore[arg-type]
        (lambda: laguerre(3, 4, beta=3), ValueError, "beta must be 1, 2 or 4"),
        (lambda: laguerre(3, 4, scale="norm"), ValueError, "unknown scale"),
        (lambda: laguerre_eigvals(5, 4), ValueError, "m must be > n - 1 = 4"),
        (lambda: laguerre_eigvals(5, 7, beta=0), ValueError, "beta must be a finite number > 0"),
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
