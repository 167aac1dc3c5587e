"""Tracy-Widom laws against published values (Tracy-Widom; Bornemann 2010) and simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.linalg import eigvalsh_tridiagonal

from qrmt.laws import (
    TracyWidom,
    ks_critical_value,
    ks_distance,
    tracy_widom,
    tracy_widom_fredholm_cdf,
)

# Published: Bornemann, Markov Process. Related Fields 16, 803 (2010), Tables 4-6 (also
# Tracy & Widom); beta = 4 in the Tracy-Widom convention. (mean, var, skewness, kurtosis)
PUBLISHED = {
    1: (-1.2065335746, 1.6077810345, 0.29346452408, 0.1652429384),
    2: (-1.7710868074, 0.8131947928, 0.224084203610, 0.0934480876),
    4: (-2.306884893241, 0.5177237207726, 0.1655094943, 0.0491951565),
}


def _central(law: TracyWidom) -> tuple[float, float, float, float]:
    m = [law._moment(k) for k in range(5)]
    mu, var = m[1], m[2] - m[1] ** 2
    c3 = m[3] - 3 * mu * m[2] + 2 * mu**3
    c4 = m[4] - 4 * mu * m[3] + 6 * mu**2 * m[2] - 3 * mu**4
    return mu, var, c3 / var**1.5, c4 / var**2 - 3


def test_published_cdf_values_at_zero() -> None:
    assert float(tracy_widom_fredholm_cdf(0.0, 1)) == pytest.approx(0.83190806620295, abs=1e-13)
    assert float(tracy_widom_fredholm_cdf(0.0, 2)) == pytest.approx(0.96937282835526, abs=1e-13)
    assert float(tracy_widom(1).cdf(0.0)) == pytest.approx(0.83190806620295, abs=1e-12)
    assert float(tracy_widom(2).cdf(0.0)) == pytest.approx(0.96937282835526, abs=1e-12)


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_published_moments(beta: int) -> None:
    mean, var, skew, kurt = PUBLISHED[beta]
    law = tracy_widom(beta)
    got = _central(law)
    assert law.mean() == pytest.approx(mean, abs=1e-9)
    assert law.var() == pytest.approx(var, abs=1e-9)
    assert got[2] == pytest.approx(skew, abs=1e-7)
    assert got[3] == pytest.approx(kurt, abs=1e-7)


def test_beta4_hermite_convention_is_the_scaled_law() -> None:
    tw, herm = tracy_widom(4), tracy_widom(4, convention="hermite")
    c = 2.0 ** (-1.0 / 6.0)
    assert herm.mean() == pytest.approx(c * PUBLISHED[4][0], abs=1e-9)
    assert herm.var() == pytest.approx(c * c * PUBLISHED[4][1], abs=1e-9)
    s = np.linspace(-4, 1, 7)
    np.testing.assert_allclose(herm.cdf(c * s), tw.cdf(s), atol=1e-12)
    assert tracy_widom(2, convention="hermite").convention == "tracy-widom"  # one law for beta 2


@pytest.mark.parametrize("beta", [1, 2, 4])
def test_pdf_cdf_ppf_consistency(beta: int) -> None:
    law = tracy_widom(beta)
    lo, hi = law._ppf_bracket()
    assert quad(law.pdf, lo, hi, limit=200)[0] == pytest.approx(1.0, abs=1e-10)
    for x in (-3.0, -1.0, 0.5):
        assert float(law.cdf(x)) == pytest.approx(quad(law.pdf, lo, x, limit=200)[0], abs=1e-10)
    q = np.array([1e-6, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-9])
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-13)
    assert np.all(np.diff(law.ppf(q)) > 0)
    assert law.ppf(0.0) == -math.inf and law.ppf(1.0) == math.inf
    # Direct Fredholm evaluation agrees with the interpolant away from the nodes.
    s = np.linspace(-5.3, 4.1, 9)
    np.testing.assert_allclose(law.cdf(s), tracy_widom_fredholm_cdf(s, beta), atol=1e-13)


def _hermite_top(rng: np.random.Generator, n: int, beta: float, samples: int) -> np.ndarray:
    """Largest eigenvalue of the Dumitriu-Edelman model, weight exp(-beta sum x^2 / 4)."""
    out = np.empty(samples)
    df = beta * np.arange(n - 1, 0, -1)
    for i in range(samples):
        d = rng.standard_normal(n) * math.sqrt(2.0 / beta)
        e = np.sqrt(rng.chisquare(df) / beta)
        out[i] = eigvalsh_tridiagonal(d, e, select="i", select_range=(n - 1, n - 1))[0]
    return (out - 2.0 * math.sqrt(n)) * n ** (1.0 / 6.0)


@pytest.mark.parametrize("beta", [2, 4])
def test_edge_of_beta_hermite_ensemble(beta: int) -> None:
    rng = np.random.default_rng(100 + beta)
    samples = 800
    x = _hermite_top(rng, 400, float(beta), samples)
    crit = ks_critical_value(samples, 0.01)
    law = tracy_widom(beta, convention="hermite")
    assert ks_distance(x, law) < crit
    if beta == 4:  # the Tracy-Widom convention is *not* the beta-ensemble edge law
        assert ks_distance(x, tracy_widom(4)) > crit


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"beta must be one of \[1, 2, 4\]; got 3"):
        TracyWidom(3)
    with pytest.raises(ValueError, match=r"beta.*got 0"):
        tracy_widom_fredholm_cdf(0.0, 0)
    with pytest.raises(TypeError, match="beta"):
        TracyWidom("2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"unknown convention 'hermit'.*did you mean 'hermite'"):
        TracyWidom(4, convention="hermit")
    with pytest.raises(ValueError, match="m must be a positive int; got 0"):
        tracy_widom_fredholm_cdf(0.0, 2, m=0)
