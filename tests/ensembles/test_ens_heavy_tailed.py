"""Heavy-tailed Wigner matrices: entry laws against scipy.stats (KS with exact critical values)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from qrmt.ensembles import heavy_tailed


def upper_entries(h: np.ndarray) -> np.ndarray:
    iu = np.triu_indices(h.shape[-1])
    return h[..., iu[0], iu[1]].ravel()  # independent entries (on and above the diagonal)


def test_symmetric_and_shapes() -> None:
    h = heavy_tailed(7, 1.3, size=3, seed=1)
    assert h.shape == (3, 7, 7) and h.dtype == np.float64
    np.testing.assert_array_equal(h, np.swapaxes(h, -1, -2))
    assert heavy_tailed(7, 1.3, seed=1).shape == (7, 7)


def test_cauchy_entries_at_alpha_one() -> None:
    x = upper_entries(heavy_tailed(20, 1.0, size=20, seed=2))  # 4200 i.i.d. entries
    assert stats.kstest(x, stats.cauchy(loc=0, scale=1).cdf).pvalue > 1e-3
    # Not Gaussian-like: the Cauchy quartiles are exactly +-1.
    q1, q3 = np.quantile(x, [0.25, 0.75])
    # Asymptotic SE of a sample quartile: sqrt(p (1 - p) / N) / f(q), f(+-1) = 1 / (2 pi).
    se = math.sqrt(0.25 * 0.75 / x.size) * 2 * math.pi
    assert abs(q1 + 1) < 5 * se and abs(q3 - 1) < 5 * se


def test_gaussian_entries_at_alpha_two() -> None:
    x = upper_entries(heavy_tailed(20, 2.0, size=20, seed=3))
    assert stats.kstest(x, stats.norm(scale=math.sqrt(2)).cdf).pvalue > 1e-3


@pytest.mark.parametrize("alpha", [0.7, 1.5])
def test_stable_entries(alpha: float) -> None:
    x = upper_entries(heavy_tailed(10, alpha, size=8, seed=4))  # 440 entries
    assert stats.kstest(x, stats.levy_stable(alpha, 0.0).cdf).pvalue > 1e-3


def test_stable_limit_scale() -> None:
    a = heavy_tailed(30, 1.5, seed=5)
    b = heavy_tailed(30, 1.5, scale="stable_limit", seed=5)
    np.testing.assert_allclose(b, a / 30 ** (1 / 1.5))


@pytest.mark.parametrize(
    ("alpha", "exc"), [(0, ValueError), (2.5, ValueError), (-1, ValueError), ("1", TypeError)]
)
def test_bad_alpha(alpha: object, exc: type) -> None:
    with pytest.raises(exc, match="alpha must be"):
        heavy_tailed(3, alpha)  # type: ignore[arg-type]
