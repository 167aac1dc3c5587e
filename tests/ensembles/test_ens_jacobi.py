"""Jacobi (MANOVA) ensembles against exact moments (Weingarten, Aomoto) and Wachter's law."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy.stats import ks_2samp

from qrmt.ensembles import jacobi, jacobi_eigvals

KS_C = math.sqrt(-0.5 * math.log(1e-3 / 2))


def exact_second_moment(n: int, m1: int, m2: int, beta: int) -> float:
    """(1/n) E tr J^2 for beta = 1, 2, from the second moments of a Haar projection.

    J's eigenvalues are those of P Q P, P a fixed rank-m1 projection, Q a Haar rank-n
    projection in dimension N = m1 + m2 (real for beta = 1, complex for beta = 2).
    E[Q_jk Q_li] = a d_jk d_li + g d_ji d_lk (+ g d_jl d_ki for beta = 1), with a, g fixed by
    E (tr Q)^2 = n^2 and E tr Q^2 = n; then E tr (PQ)^2 = a m1 + g m1^2 (+ g m1).
    """
    big = m1 + m2
    if beta == 2:
        mat = np.array([[big**2, big], [big, big**2]], dtype=float)
        a, g = np.linalg.solve(mat, [n**2, n])
        return float(a * m1 + g * m1**2) / n
    mat = np.array([[big**2, 2 * big], [big, big**2 + big]], dtype=float)
    a, g = np.linalg.solve(mat, [n**2, n])
    return float(a * m1 + g * (m1**2 + m1)) / n


def aomoto_e2(n: int, m1: float, m2: float, beta: float) -> float:
    """E sum_{i<j} lambda_i lambda_j from Aomoto's extension of Selberg's integral.

    Density prop. to |Delta|^{2g} prod t^{a-1} (1-t)^{b-1} with a = beta (m1-n+1)/2,
    b = beta (m2-n+1)/2, g = beta/2: E[t_1 t_2] = prod_{j=1}^{2} (a + (n-j) g) /
    (a + b + (2n-j-1) g).
    """
    a, b, g = beta * (m1 - n + 1) / 2, beta * (m2 - n + 1) / 2, beta / 2
    prod = 1.0
    for j in (1, 2):
        prod *= (a + (n - j) * g) / (a + b + (2 * n - j - 1) * g)
    return n * (n - 1) / 2 * prod


def e2(ev: np.ndarray) -> np.ndarray:
    s1 = ev.sum(axis=-1)
    return 0.5 * (s1**2 - (ev**2).sum(axis=-1))


def check(values: np.ndarray, target: float) -> None:
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert abs(values.mean() - target) < 5 * se, (values.mean(), target, se)


def dense_eigs(n: int, m1: int, m2: int, beta: int, k: int, seed: int) -> np.ndarray:
    ev = np.linalg.eigvalsh(jacobi(n, m1, m2, beta, size=k, seed=seed))
    return ev[:, 0::2] if beta == 4 else ev


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_dense_mean_and_range(beta: int) -> None:
    n, m1, m2 = 6, 9, 14
    ev = dense_eigs(n, m1, m2, beta, 2000, seed=1)
    assert np.all((ev > -1e-12) & (ev < 1 + 1e-12))
    check(ev.mean(axis=-1), m1 / (m1 + m2))
    if beta != 4:
        check((ev**2).mean(axis=-1), exact_second_moment(n, m1, m2, beta))


@pytest.mark.parametrize("beta", [1, 2])
def test_killip_nenciu_second_moment(beta: int) -> None:
    n, m1, m2 = 6, 9, 14
    ev = jacobi_eigvals(n, m1, m2, beta, size=4000, seed=2)
    check((ev**2).mean(axis=-1), exact_second_moment(n, m1, m2, beta))


@pytest.mark.parametrize("beta", [0.5, 1, 2, 3.0, 4])
def test_killip_nenciu_aomoto_moments(beta: float) -> None:
    n, m1, m2 = 7, 8.5, 12.25
    ev = jacobi_eigvals(n, m1, m2, beta, size=4000, seed=3)
    assert np.all((ev >= 0) & (ev <= 1)) and np.all(np.diff(ev, axis=-1) >= 0)
    check(ev.mean(axis=-1), m1 / (m1 + m2))  # Aomoto k = 1
    check(e2(ev), aomoto_e2(n, m1, m2, beta))


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_killip_nenciu_equals_dense_in_law(beta: int) -> None:
    n, m1, m2, k = 6, 8, 11, 600
    dense = dense_eigs(n, m1, m2, beta, k, seed=4)
    tri = jacobi_eigvals(n, m1, m2, beta, size=k, seed=5)
    for idx in (0, -1):
        assert ks_2samp(dense[:, idx], tri[:, idx]).statistic < KS_C * math.sqrt(2 / k)


def test_wachter_edges_and_moments() -> None:
    n, m1, m2 = 200, 300, 500
    big = m1 + m2
    p, q = m1 / big, n / big
    lo = (math.sqrt(p * (1 - q)) - math.sqrt(q * (1 - p))) ** 2
    hi = (math.sqrt(p * (1 - q)) + math.sqrt(q * (1 - p))) ** 2
    ev = jacobi_eigvals(n, m1, m2, 2, size=40, seed=6)
    check(ev.mean(axis=-1), p)
    check((ev**2).mean(axis=-1), exact_second_moment(n, m1, m2, 2))
    # Soft edges: fluctuations of order n^{-2/3} ~ 0.03 of the bulk width.
    assert abs(np.median(ev[:, -1]) - hi) < 0.02 and abs(np.median(ev[:, 0]) - lo) < 0.02


def test_dense_singular_cases() -> None:
    ev = np.linalg.eigvalsh(jacobi(5, 3, 4, 2, seed=7))  # m1 < n: zeros; m2 < n: ones
    assert np.sum(np.abs(ev) < 1e-8) == 2 and np.sum(np.abs(ev - 1) < 1e-8) == 1


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (
            lambda: jacobi(4, 1, 2),
            ValueError,
            "m1 \\+ m2 must be >= n = 4 so that A \\+ B is invertible; got 3",
        ),
        (lambda: jacobi(0, 3, 3), ValueError, "n must be a positive int; got 0"),
        (lambda: jacobi(3, 3, 3, beta=0.5), ValueError, "beta must be 1, 2 or 4"),  # type: ignore[arg-type]
        (
            lambda: jacobi_eigvals(4, 3, 5),
            ValueError,
            "m1 must be > n - 1 = 3 \\(degrees of freedom\\); got 3",
        ),
        (lambda: jacobi_eigvals(4, 5, 2.5), ValueError, "m2 must be > n - 1 = 3"),
        (lambda: jacobi_eigvals(4, 5, 5, beta=-2), ValueError, "beta must be a finite number"),
        (lambda: jacobi_eigvals(4, "5", 5), TypeError, "m1 must be a finite number"),  # type: ignore[arg-type]
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
