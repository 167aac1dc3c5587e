"""KS and Wasserstein distances against SciPy's independent implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from qrmt.laws import (
    MarchenkoPastur,
    Semicircle,
    ks_critical_value,
    ks_distance,
    ks_distance_2samp,
    tracy_widom,
    wasserstein_distance,
    wasserstein_distance_2samp,
)


def test_ks_distance_matches_scipy_for_continuous_laws() -> None:
    rng = np.random.default_rng(3)
    law = Semicircle(radius=1.5)
    for size in (10, 500):
        x = rng.uniform(-2, 2, size)
        assert ks_distance(x, law) == pytest.approx(stats.kstest(x, law.cdf).statistic, abs=1e-14)


def test_ks_distance_is_exact_at_atoms() -> None:
    law = MarchenkoPastur(4.0)  # atom of mass 3/4 at 0
    n = 1000
    x = law.ppf((np.arange(n) + 0.5) / n)  # a perfectly balanced sample
    assert ks_distance(x, law) <= 1.0 / n + 1e-12
    noisy = np.where(x == 0.0, 1e-13, x)  # round-off zeros still count as the atom
    assert ks_distance(noisy, law) <= 1.0 / n + 1e-12


def test_wasserstein_matches_scipy_with_a_quantile_reference() -> None:
    rng = np.random.default_rng(8)
    for law in (Semicircle(), tracy_widom(2)):
        ref = law.ppf((np.arange(50_000) + 0.5) / 50_000)
        x = law.rvs(300, seed=rng) + 0.1
        expected = stats.wasserstein_distance(x, ref)
        assert wasserstein_distance(x, law) == pytest.approx(expected, abs=2e-4)
    law = Semicircle()
    grid_sample = law.ppf((np.arange(2000) + 0.5) / 2000)
    assert wasserstein_distance(grid_sample + 0.25, law) == pytest.approx(0.25, abs=1e-3)


def test_two_sample_versions_match_scipy() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=300), rng.normal(0.3, 1.2, size=170)
    assert ks_distance_2samp(a, b) == pytest.approx(stats.ks_2samp(a, b).statistic, abs=1e-14)
    assert wasserstein_distance_2samp(a, b) == pytest.approx(stats.wasserstein_distance(a, b), abs=1e-12)


def test_ks_critical_value_matches_kolmogorov_distribution() -> None:
    for alpha in (0.05, 0.01):
        expected = stats.kstwobign.ppf(1 - alpha) / math.sqrt(400)
        assert ks_critical_value(400, alpha) == pytest.approx(expected, rel=1e-3)


def test_bad_input() -> None:
    law = Semicircle()
    with pytest.raises(ValueError, match="sample must not be empty"):
        ks_distance([], law)
    with pytest.raises(TypeError, match="sample must be real"):
        wasserstein_distance(np.ones(3, dtype=complex), law)
    with pytest.raises(ValueError, match="nan or inf"):
        ks_distance([0.0, math.nan], law)
    with pytest.raises(TypeError, match="law must be a qrmt law; got str"):
        ks_distance([0.0], "semicircle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\); got 0.0"):
        ks_critical_value(10, 0.0)
    with pytest.raises(ValueError, match="n must be a positive int; got 0"):
        ks_critical_value(0)
