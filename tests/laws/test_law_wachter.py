"""Wachter law (Jacobi/MANOVA) against its definition, free moments and MANOVA samples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from qrmt.laws import Wachter, ks_critical_value, ks_distance, wachter

CASES = [(100, 200, 300), (300, 200, 400), (300, 400, 200), (100, 100, 100), (50, 60, 500)]


def _moment(law: Wachter, k: int) -> float:
    lo, hi = law.edges
    cont = quad(lambda x: x**k * law.pdf(x), lo, hi, limit=200)[0]
    return cont + sum(loc**k * mass for loc, mass in law.atoms())


@pytest.mark.parametrize("n, m1, m2", CASES)
def test_mass_mean_variance(n: int, m1: int, m2: int) -> None:
    law = wachter(n, m1, m2)
    big_n = m1 + m2
    assert _moment(law, 0) == pytest.approx(1.0, abs=1e-9)
    # Mean m1/N (exact for every n); variance n m1 m2 / N^3 from tau(pqpq) of free projections.
    assert _moment(law, 1) == pytest.approx(m1 / big_n, abs=1e-9)
    assert _moment(law, 2) - _moment(law, 1) ** 2 == pytest.approx(n * m1 * m2 / big_n**3, abs=1e-9)
    assert law.mean() == pytest.approx(m1 / big_n)
    assert law.var() == pytest.approx(n * m1 * m2 / big_n**3)


@pytest.mark.parametrize("n, m1, m2", CASES)
def test_cdf_matches_quadrature_and_ppf(n: int, m1: int, m2: int) -> None:
    law = Wachter(n, m1, m2)
    lo, hi = law.edges
    atom0 = max(0.0, 1 - m1 / n)
    for x in np.linspace(lo, hi, 8)[1:-1]:
        expected = atom0 + quad(law.pdf, lo, x, limit=200)[0]
        assert law.cdf(x) == pytest.approx(expected, abs=1e-9)
    assert law.cdf(1.0) == 1.0
    atom1 = max(0.0, 1 - m2 / n)
    q = np.linspace(atom0 + 1e-3, 1 - atom1 - 1e-3, 40)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-12)


def test_edges_agree_with_the_ensemble_formula() -> None:
    n, m1, m2 = 100.0, 250.0, 400.0
    big_n = m1 + m2
    a, g = n / big_n, m1 / big_n
    lo = (np.sqrt(g * (1 - a)) - np.sqrt(a * (1 - g))) ** 2
    hi = (np.sqrt(g * (1 - a)) + np.sqrt(a * (1 - g))) ** 2
    assert Wachter(n, m1, m2).edges == pytest.approx((lo, hi))


@pytest.mark.parametrize("n, m1, m2", [(150, 300, 450), (200, 120, 300)])
def test_manova_sample_follows_wachter(n: int, m1: int, m2: int) -> None:
    rng = np.random.default_rng(11)
    x, y = rng.standard_normal((n, m1)), rng.standard_normal((n, m2))
    a, b = x @ x.T, y @ y.T
    ev = np.linalg.eigvals(np.linalg.solve(a + b, a)).real
    law = Wachter(n, m1, m2)
    crit = ks_critical_value(n, 0.01)
    right = ks_distance(ev, law)
    assert right < crit  # atoms at 0 (n > m1) are snapped, not missed
    assert ks_distance(ev, Wachter(n, 1.2 * m1, m2)) > 3 * right


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"n must be smaller than m1 \+ m2.*n=10, m1=4, m2=6"):
        Wachter(10, 4, 6)
    with pytest.raises(ValueError, match="m1 must be a finite number > 0; got -3"):
        Wachter(10, -3, 20)
    with pytest.raises(TypeError, match="m2"):
        Wachter(10, 20, "x")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    n=st.floats(1.0, 100.0),
    m1=st.floats(1.0, 100.0),
    m2=st.floats(1.0, 100.0),
)
def test_cdf_monotone_and_total_mass(n: float, m1: float, m2: float) -> None:
    assume(n < 0.98 * (m1 + m2))
    law = Wachter(n, m1, m2)
    x = np.linspace(-0.05, 1.05, 300)
    f = law.cdf(x)
    assert np.all(np.diff(f) >= -1e-12) and f[0] == 0.0 and f[-1] == 1.0
    lo, hi = law.edges
    cont = quad(law.pdf, lo, hi, limit=200)[0]
    assert cont + sum(m for _, m in law.atoms()) == pytest.approx(1.0, abs=1e-6)
