"""Circular ensembles (COE, CUE, CSE and the CMV model) against exact and published values."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats
from spectra_helpers import RATIO_MEAN

from qrmt.ensembles import circular, circular_eigphases
from qrmt.ensembles._common import kramers_halve, quaternion_dual, wrap_phases


def p1_second_moment(n: int, beta: float) -> float:
    """E|sum_j e^{i theta_j}|^2 = 2n / (2 + beta (n - 1)) for the CbetaE (Jack polynomial
    average; 1 for CUE, 2n/(n+1) for COE, n/(2n-1) for CSE)."""
    return 2 * n / (2 + beta * (n - 1))


def check(values: np.ndarray, target: float) -> None:
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert abs(values.mean() - target) < 5 * se, (values.mean(), target, se)


def cyclic_ratios(theta: np.ndarray) -> np.ndarray:
    s = np.diff(np.concatenate([theta, theta[..., :1] + 2 * np.pi], axis=-1), axis=-1)
    a, b = s, np.roll(s, -1, axis=-1)
    return np.minimum(a, b) / np.maximum(a, b)


def phases(u: np.ndarray, beta: int) -> np.ndarray:
    lam = np.linalg.eigvals(u)  # a unitary, not a Hermitian matrix: never eigvalsh
    np.testing.assert_allclose(np.abs(lam), 1.0, atol=1e-10)
    theta = wrap_phases(np.angle(lam))
    return kramers_halve(theta) if beta == 4 else theta


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_matrix_structure(beta: int) -> None:
    u = circular(6, beta, size=3, seed=1)
    dim = 12 if beta == 4 else 6
    assert u.shape == (3, dim, dim) and u.dtype == np.complex128
    np.testing.assert_allclose(
        u @ np.conj(np.swapaxes(u, -1, -2)), np.broadcast_to(np.eye(dim), u.shape), atol=1e-12
    )
    if beta == 1:
        np.testing.assert_allclose(u, np.swapaxes(u, -1, -2), atol=1e-13)
    if beta == 4:
        np.testing.assert_allclose(quaternion_dual(u), u, atol=1e-13)
        theta = wrap_phases(np.angle(np.linalg.eigvals(u)))
        assert np.max(np.abs(np.diff(theta, axis=-1)[..., 0::2])) < 1e-6  # Kramers pairs


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_dense_trace_moment(beta: int) -> None:
    # Peer defect contrast: scikit-rmt's CUE gives about 3 at n = 10 (see test_ens_haar).
    n = 10
    theta = phases(circular(n, beta, size=3000, seed=2), beta)
    check(np.abs(np.exp(1j * theta).sum(axis=-1)) ** 2, p1_second_moment(n, beta))


@pytest.mark.parametrize("beta", [0.5, 1, 2, 4, 6.0])
def test_cmv_trace_moment(beta: float) -> None:
    n = 10
    theta = circular_eigphases(n, beta, size=3000, seed=3)
    check(np.abs(np.exp(1j * theta).sum(axis=-1)) ** 2, p1_second_moment(n, beta))


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_spacing_ratio_cmv(beta: int) -> None:
    theta = circular_eigphases(80, beta, size=50, seed=4)
    per = cyclic_ratios(theta).mean(axis=-1)
    check(per, RATIO_MEAN[beta])


@pytest.mark.parametrize("beta", [1, 4])
def test_spacing_ratio_dense(beta: int) -> None:
    # COE phases from eigvals of the symmetric unitary U^T U have GOE statistics.
    theta = phases(circular(40, beta, size=40, seed=5), beta)
    check(cyclic_ratios(theta).mean(axis=-1), RATIO_MEAN[beta])


@pytest.mark.parametrize("beta", [0.7, 2])
def test_uniform_density(beta: float) -> None:
    # A uniformly chosen eigenphase of each independent sample is exactly Uniform(-pi, pi).
    k = 2000
    theta = circular_eigphases(20, beta, size=k, seed=6)
    pick = theta[np.arange(k), np.random.default_rng(7).integers(0, 20, size=k)]
    assert stats.kstest(pick, stats.uniform(loc=-np.pi, scale=2 * np.pi).cdf).pvalue > 1e-3
    assert np.all((theta >= -np.pi) & (theta < np.pi)) and np.all(np.diff(theta, axis=-1) >= 0)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: circular(3, beta=3), ValueError, "beta must be 1, 2 or 4"),
        (lambda: circular(0), ValueError, "n must be a positive int; got 0"),
        (lambda: circular_eigphases(3, beta=0.0), ValueError, "beta must be a finite number > 0; got 0.0"),
        (lambda: circular_eigphases(3, beta=math.inf), ValueError, "beta must be a finite number > 0"),
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
