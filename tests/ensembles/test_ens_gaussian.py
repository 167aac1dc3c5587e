"""Dense and tridiagonal Gaussian ensembles against closed forms and published values."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from spectra_helpers import RATIO_MEAN, bulk, mean_and_se, ratios

from qrmt.ensembles import gaussian, gaussian_eigvals
from qrmt.ensembles._common import symplectic_form


def offdiag_and_diag(h: np.ndarray, beta: int) -> tuple[np.ndarray, np.ndarray]:
    """|H_ij|^2 (i < j) and H_ii^2; quaternion moduli for GSE (block layout)."""
    if beta == 4:
        n = h.shape[-1] // 2
        mod2 = np.abs(h[..., :n, :n]) ** 2 + np.abs(h[..., :n, n:]) ** 2
        diag = h[..., np.arange(n), np.arange(n)].real
    else:
        n = h.shape[-1]
        mod2 = np.abs(h) ** 2
        diag = np.diagonal(h, axis1=-2, axis2=-1).real
    iu = np.triu_indices(n, 1)
    return mod2[..., iu[0], iu[1]].ravel(), (diag**2).ravel()


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_dense_entry_variances_match_invariance(beta: int) -> None:
    h = gaussian(6, beta, size=3000, seed=11)
    off, diag = offdiag_and_diag(h, beta)
    for values, target in ((off, 1.0), (diag, 2.0 / beta)):
        se = values.std(ddof=1) / math.sqrt(values.size)
        assert abs(values.mean() - target) < 5 * se, (beta, values.mean(), target)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_dense_structure(beta: int) -> None:
    h = gaussian(5, beta, size=4, seed=1)
    dim = 10 if beta == 4 else 5
    assert h.shape == (4, dim, dim)
    assert h.dtype == (np.float64 if beta == 1 else np.complex128)
    np.testing.assert_array_equal(h, np.conj(np.swapaxes(h, -1, -2)))
    if beta == 4:  # self-dual quaternion: J H^T J^T = H; eigenvalues in Kramers pairs
        j = symplectic_form(5)
        np.testing.assert_allclose(j @ np.swapaxes(h, -1, -2) @ j.T, h, atol=1e-14)
        ev = np.linalg.eigvalsh(h)
        np.testing.assert_allclose(ev[:, 0::2], ev[:, 1::2], atol=1e-10)


def test_unitary_invariance_of_gue_law() -> None:
    # Conjugating by a fixed unitary must not change the entry variances.
    rng = np.random.default_rng(5)
    q, _ = np.linalg.qr(rng.standard_normal((6, 6)) + 1j * rng.standard_normal((6, 6)))
    h = gaussian(6, 2, size=3000, seed=12)
    off, diag = offdiag_and_diag(q @ h @ q.conj().T, 2)
    for values in (off, diag):
        assert abs(values.mean() - 1.0) < 5 * values.std(ddof=1) / math.sqrt(values.size)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_second_moment_dense_and_tridiagonal(beta: int) -> None:
    n = 40
    target = n - 1 + 2 / beta  # (1/n) E tr H^2, quaternion trace for GSE
    ev = np.linalg.eigvalsh(gaussian(n, beta, size=300, seed=3))
    if beta == 4:
        ev = ev[:, 0::2]
    for x in (ev, gaussian_eigvals(n, beta, size=2000, seed=4)):
        m, se = mean_and_se(x**2)
        assert abs(m - target) < 5 * se, (beta, m, target)


def test_ratio_helper_on_poisson_levels() -> None:
    # The helper itself against the Poisson value 2 ln 2 - 1 (i.i.d. uniform levels).
    levels = np.sort(np.random.default_rng(8).uniform(size=(200, 400)), axis=-1)
    m, se = mean_and_se(ratios(levels))
    assert abs(m - RATIO_MEAN[0]) < 5 * se


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_spacing_ratio_dense(beta: int) -> None:
    n = 60 if beta == 4 else 120
    ev = np.linalg.eigvalsh(gaussian(n, beta, size=60, seed=9))
    if beta == 4:
        ev = ev[:, 0::2]
    m, se = mean_and_se(ratios(bulk(ev)))
    assert abs(m - RATIO_MEAN[beta]) < 5 * se, (beta, m, se)
    others = [b for b in (0, 1, 2, 4) if b != beta]
    assert all(abs(m - RATIO_MEAN[b]) > 5 * se for b in others)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: gaussian(0), ValueError, "n must be a positive int; got 0"),
        (lambda: gaussian(2.5), TypeError, "n must be a positive int"),  # type: ignore[arg-type]
        (lambda: gaussian(3, beta=3), ValueError, "beta must be 1, 2 or 4"),
        (lambda: gaussian(3, beta="2"), TypeError, "beta must be 1, 2 or 4"),  # type: ignore[arg-type]
        (lambda: gaussian(3, scale="unit"), ValueError, "unknown scale 'unit'"),
        (lambda: gaussian(3, size=0), ValueError, "size must be a positive int; got 0"),
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
