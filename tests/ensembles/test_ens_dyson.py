"""Dyson Brownian motion against exact moments of the matrix and unitary Brownian motions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qrmt.ensembles import dyson_brownian


def check(values: np.ndarray, target: float, slack: float = 0.0) -> None:
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert abs(values.mean() - target) < 5 * se + slack, (values.mean(), target, se)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_hermitian_second_moment_and_increments(beta: int) -> None:
    n, times = 5, np.array([0.0, 0.5, 1.0, 2.0])
    paths = dyson_brownian(n, beta, times, size=3000, seed=1)
    assert paths.shape == (3000, 4, n)
    np.testing.assert_array_equal(paths[:, 0], 0.0)
    # H(t) ~ sqrt(t) * gaussian(n, beta): E sum lambda^2 = t n (n - 1 + 2/beta).
    for j in (1, 3):
        check((paths[:, j] ** 2).sum(axis=-1), times[j] * n * (n - 1 + 2 / beta))
    # tr H(t) is a Brownian motion of rate 2n/beta: E tr H(s) tr H(t) = min(s, t) 2n/beta.
    tr = paths.sum(axis=-1)
    check(tr[:, 1] * tr[:, 3], 0.5 * 2 * n / beta)
    check(tr[:, 2] * tr[:, 3], 1.0 * 2 * n / beta)
    assert np.all(np.diff(paths, axis=-1) >= 0)


def test_hermitian_start_and_scale() -> None:
    x0 = np.array([3.0, -1.0, 0.5])
    paths = dyson_brownian(3, 2, [0.0, 1e-10], x0=x0, seed=2)
    np.testing.assert_allclose(paths[0], np.sort(x0))
    np.testing.assert_allclose(paths[1], np.sort(x0), atol=1e-4)
    a = dyson_brownian(50, 2, [1.0], scale="unit_semicircle", size=20, seed=3)
    assert np.all(np.abs(a[:, 0, -1] - 2) < 0.3)


def test_circular_unitary_bm_mean_trace() -> None:
    # Unitary BM (Biane normalisation): E (1/n) tr W(t) = exp(-t/2) exactly; the small-step
    # product is biased by about t * dt / 24 (< 2e-3 here), added as slack.
    n, times = 6, np.array([0.5, 1.0, 2.0])
    theta = dyson_brownian(n, 2, times, kind="circular", dt_max=0.02, size=800, seed=4)
    assert theta.shape == (800, 3, n)
    assert np.all((theta >= -np.pi) & (theta < np.pi))
    for j, t in enumerate(times):
        check(np.cos(theta[:, j]).mean(axis=-1), math.exp(-t / 2), slack=t * 0.02 / 24)
        check(np.sin(theta[:, j]).mean(axis=-1), 0.0)


@pytest.mark.parametrize("beta", [1, 4])
def test_circular_converges_to_coe_and_cse(beta: int) -> None:
    # Stationary law: COE / CSE, with E|sum e^{i theta}|^2 = 2n / (2 + beta (n - 1)).
    n = 3
    theta = dyson_brownian(n, beta, [10.0], kind="circular", dt_max=0.05, size=500, seed=5)
    p1 = np.abs(np.exp(1j * theta[:, 0]).sum(axis=-1)) ** 2
    check(p1, 2 * n / (2 + beta * (n - 1)))


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"times": [1.0, 0.5]}, ValueError, "times must be non-decreasing"),
        ({"times": [-1.0]}, ValueError, "times must be finite and >= 0"),
        ({"times": []}, ValueError, "times must be a non-empty 1-D array"),
        ({"times": [1.0], "x0": [0.0]}, ValueError, "x0 must be a finite array of shape \\(3,\\)"),
        ({"times": [1.0], "kind": "unitary"}, ValueError, "unknown kind 'unitary'"),
        ({"times": [1.0], "beta": 3}, ValueError, "beta must be 1, 2 or 4"),
        ({"times": [1.0], "dt_max": 0.0}, ValueError, "dt_max must be a finite number > 0"),
    ],
)
def test_bad_input(kwargs: dict, exc: type, match: str) -> None:
    args = {"n": 3, "beta": 2, **kwargs}
    with pytest.raises(exc, match=match):
        dyson_brownian(**args)


def test_x0_that_is_not_numeric_is_named():
    from qrmt.ensembles import dyson_brownian

    with pytest.raises(ValueError, match="x0 must be a finite array"):
        dyson_brownian(3, 2, [0.1], x0="abc", seed=0)
