"""Wigner surmise and spacing-ratio laws against closed forms, 2x2/3x3 matrices and large n."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.linalg import eigvalsh_tridiagonal

from qrmt.laws import (
    LARGE_N_MEAN_RTILDE,
    SURMISE_MEAN_RTILDE,
    SpacingRatio,
    WignerSurmise,
    ks_critical_value,
    ks_distance,
    normalized_spacings,
    semicircle,
    spacing_ratio,
    spacing_ratios,
    unfold_by_cdf,
    unfold_polynomial,
    wigner_surmise,
)

SURMISE = {
    1: lambda s: math.pi / 2 * s * math.exp(-math.pi * s * s / 4),
    2: lambda s: 32 / math.pi**2 * s * s * math.exp(-4 * s * s / math.pi),
    4: lambda s: 2**18 / (3**6 * math.pi**3) * s**4 * math.exp(-64 * s * s / (9 * math.pi)),
}
SURMISE_VAR = {1: 4 / math.pi - 1, 2: 3 * math.pi / 8 - 1, 4: 45 * math.pi / 128 - 1}


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_wigner_surmise_closed_forms(beta: int) -> None:
    law = wigner_surmise(beta)
    for s in (0.3, 1.0, 2.2):
        assert float(law.pdf(s)) == pytest.approx(SURMISE[beta](s), rel=1e-12)
    assert quad(law.pdf, 0, np.inf)[0] == pytest.approx(1.0, abs=1e-10)
    assert law.mean() == pytest.approx(1.0, abs=1e-12)
    assert law.var() == pytest.approx(SURMISE_VAR[beta], abs=1e-12)
    assert float(law.cdf(1.3)) == pytest.approx(quad(law.pdf, 0, 1.3)[0], abs=1e-12)
    q = np.linspace(0.01, 0.99, 21)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-12)


def _two_by_two_spacings(rng: np.random.Generator, beta: int, k: int) -> np.ndarray:
    """Exact spacing of 2x2 Gaussian matrices, normalised to unit mean by theory."""
    diag = rng.standard_normal((k, 2)) * math.sqrt(2 / beta)
    off = np.sqrt(rng.chisquare(beta, size=k) / beta)  # |H_12| for beta = 1, 2, 4
    s = np.sqrt((diag[:, 0] - diag[:, 1]) ** 2 + 4 * off**2)
    return s / s.mean()


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_surmise_is_exact_for_two_by_two(beta: int) -> None:
    k = 20000
    s = _two_by_two_spacings(np.random.default_rng(beta), beta, k)
    assert ks_distance(s, wigner_surmise(beta)) < ks_critical_value(k, 0.01)


@pytest.mark.parametrize("beta", [0, 1, 2, 4])
def test_spacing_ratio_normalisation_and_surmise_means(beta: int) -> None:
    law = spacing_ratio(beta)
    # Z_beta of Atas et al. must normalise the density; mean against the paper's closed forms.
    assert quad(law.pdf, 0, 1)[0] == pytest.approx(1.0, abs=1e-12)
    assert quad(lambda r: r * law.pdf(r), 0, 1)[0] == pytest.approx(SURMISE_MEAN_RTILDE[beta], abs=1e-12)
    assert law.mean() == pytest.approx(SURMISE_MEAN_RTILDE[beta], abs=1e-12)
    unfolded = spacing_ratio(beta, folded=False)
    assert quad(unfolded.pdf, 0, np.inf)[0] == pytest.approx(1.0, abs=1e-9)
    assert float(unfolded.cdf(1.0)) == pytest.approx(0.5, abs=1e-12)
    q = np.linspace(0.02, 0.98, 13)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-12)


def test_closed_form_surmise_values() -> None:
    assert SURMISE_MEAN_RTILDE[1] == pytest.approx(0.53590, abs=1e-5)
    assert SURMISE_MEAN_RTILDE[2] == pytest.approx(0.60266, abs=1e-5)
    assert SURMISE_MEAN_RTILDE[4] == pytest.approx(0.67617, abs=1e-5)
    assert SpacingRatio(1, folded=False).mean() == pytest.approx(1.75, abs=1e-10)  # <r> = 7/4
    assert float(SpacingRatio(0, folded=False).pdf(1.0)) == pytest.approx(0.25)
    assert math.isinf(SpacingRatio(0, folded=False).mean())


def _quaternion_hermitian(rng: np.random.Generator, n: int) -> np.ndarray:
    """GSE as 2n x 2n complex: [[A, B], [-conj B, conj A]], A Hermitian, B antisymmetric."""
    a = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    b = rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))
    a, b = (a + a.conj().T) / 2, (b - b.T) / 2
    return np.block([[a, b], [-b.conj(), a.conj()]])


def _gaussian_levels(rng: np.random.Generator, beta: int, n: int, k: int) -> np.ndarray:
    if beta == 1:
        a = rng.standard_normal((k, n, n))
        return np.linalg.eigvalsh(a + a.transpose(0, 2, 1))
    if beta == 2:
        a = rng.standard_normal((k, n, n)) + 1j * rng.standard_normal((k, n, n))
        return np.linalg.eigvalsh(a + a.conj().transpose(0, 2, 1))
    h = np.stack([_quaternion_hermitian(rng, n) for _ in range(k)])
    return np.linalg.eigvalsh(h)[:, ::2]  # one eigenvalue per Kramers pair


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_spacing_ratio_law_is_exact_for_three_by_three(beta: int) -> None:
    k = 6000
    r = spacing_ratios(_gaussian_levels(np.random.default_rng([2013, beta]), beta, 3, k))
    assert r.shape == (k, 1)
    assert ks_distance(r, spacing_ratio(beta)) < ks_critical_value(k, 0.01)


def _tridiagonal_levels(rng: np.random.Generator, beta: int, n: int, k: int) -> np.ndarray:
    """Dumitriu-Edelman beta-Hermite eigenvalues (equal in law to GOE/GUE/GSE levels)."""
    df = beta * np.arange(n - 1, 0, -1)
    out = np.empty((k, n))
    for i in range(k):
        d = rng.standard_normal(n) * math.sqrt(2.0 / beta)
        out[i] = eigvalsh_tridiagonal(d, np.sqrt(rng.chisquare(df) / beta))
    return out


@pytest.mark.parametrize("beta", [1, 2, 4])
@pytest.mark.parametrize("sampler", ["dense", "tridiagonal"])
def test_large_n_mean_ratio_against_atas(beta: int, sampler: str) -> None:
    rng = np.random.default_rng([84101, beta])
    if sampler == "dense":
        n = 40 if beta == 4 else 100
        levels = _gaussian_levels(rng, beta, n, 30)
    else:
        n = 400
        levels = _tridiagonal_levels(rng, beta, n, 60)
    r = spacing_ratios(levels[:, n // 8 : -n // 8]).ravel()  # bulk
    se = r.std(ddof=1) / math.sqrt(r.size)
    assert abs(r.mean() - LARGE_N_MEAN_RTILDE[beta]) < 5 * se + 1e-4


def test_poisson_levels_mean_ratio() -> None:
    levels = np.random.default_rng(9).uniform(size=(50, 400))
    r = spacing_ratios(levels).ravel()
    se = r.std(ddof=1) / math.sqrt(r.size)
    assert abs(r.mean() - (2 * math.log(2) - 1)) < 5 * se
    assert ks_distance(r, spacing_ratio(0)) < ks_critical_value(r.size, 0.01)


def test_unfolding_gue_gives_unit_spacings_with_gaudin_variance() -> None:
    rng = np.random.default_rng(12)
    n, k = 200, 20
    a = rng.standard_normal((k, n, n)) + 1j * rng.standard_normal((k, n, n))
    ev = np.linalg.eigvalsh((a + a.conj().transpose(0, 2, 1)) / 2)  # E|H_ij|^2 = 1
    by_law = unfold_by_cdf(ev, semicircle(), scale=math.sqrt(n))
    s_law = np.diff(by_law[:, n // 4 : -n // 4], axis=-1)
    assert abs(s_law.mean() - 1.0) < 0.02
    by_fit = unfold_polynomial(ev, degree=9)
    s = normalized_spacings(by_fit[:, n // 4 : -n // 4]).ravel()
    # Large-n GUE spacing variance 0.180 (Gaudin/Mehta); surmise 0.178.
    assert abs(s.var() - 0.180) < 0.02
    assert unfold_polynomial(ev[0], degree=5).shape == (n,)


def test_spacing_ratios_shapes_and_errors() -> None:
    assert spacing_ratios([0.0, 1.0, 3.0, 4.0]).tolist() == [0.5, 0.5]
    assert spacing_ratios([3.0, 0.0, 1.0], folded=False).tolist() == [2.0]
    assert spacing_ratios(np.zeros((2, 3, 5))).shape == (2, 3, 3)
    with pytest.raises(ValueError, match=r"at least 3 values.*shape \(2,\)"):
        spacing_ratios([1.0, 2.0])
    with pytest.raises(TypeError, match="must be real"):
        spacing_ratios(np.ones(4, dtype=complex))
    with pytest.raises(ValueError, match="degree must be smaller than the number of levels 4"):
        unfold_polynomial([0.0, 1.0, 2.0, 3.0], degree=4)


def test_bad_beta() -> None:
    with pytest.raises(ValueError, match="beta must be a finite number > 0; got -1"):
        WignerSurmise(-1)
    with pytest.raises(ValueError, match="beta must be a finite number > 0; got 0"):
        WignerSurmise(0)
    with pytest.raises(ValueError, match=r"beta.*got -2"):
        SpacingRatio(-2)
    with pytest.raises(TypeError, match="folded"):
        SpacingRatio(1, folded="yes")  # type: ignore[arg-type]


def test_normalized_spacings_needs_two_levels() -> None:
    from qrmt.laws.spacing import normalized_spacings

    with pytest.raises(ValueError, match="at least 2 levels"):
        normalized_spacings([1.0])
