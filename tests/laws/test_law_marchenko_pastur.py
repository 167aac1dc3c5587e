"""Marchenko-Pastur law against closed forms, quadrature and Wishart samples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from qrmt.laws import MarchenkoPastur, ks_critical_value, ks_distance, marchenko_pastur


def _integrate(law: MarchenkoPastur, f, upto: float | None = None) -> float:
    a, b = law.edges
    top = b if upto is None else upto
    return quad(lambda x: f(x) * law.pdf(x), a, top, limit=200)[0]


@pytest.mark.parametrize("ratio", [0.25, 1.0, 3.0])
@pytest.mark.parametrize("scale", [1.0, 2.5])
def test_mass_mean_variance(ratio: float, scale: float) -> None:
    law = marchenko_pastur(ratio, scale)
    atom = max(0.0, 1.0 - 1.0 / ratio)
    assert _integrate(law, lambda x: 1.0) + atom == pytest.approx(1.0, abs=1e-8)
    mean = _integrate(law, lambda x: x)
    second = _integrate(law, lambda x: x * x)
    assert mean == pytest.approx(scale, rel=1e-8)  # MP mean = scale
    assert second - mean**2 == pytest.approx(ratio * scale**2, rel=1e-7)  # var = ratio scale^2
    assert law.mean() == scale and law.var() == pytest.approx(ratio * scale**2)


@pytest.mark.parametrize("ratio", [0.5, 2.0])
def test_moments_are_narayana_polynomials(ratio: float) -> None:
    law = MarchenkoPastur(ratio)
    # E x^3 = 1 + 3 lam + lam^2, E x^4 = 1 + 6 lam + 6 lam^2 + lam^3 (closed forms).
    assert law.moment(3) == pytest.approx(1 + 3 * ratio + ratio**2)
    assert law.moment(4) == pytest.approx(1 + 6 * ratio + 6 * ratio**2 + ratio**3)
    assert _integrate(law, lambda x: x**3) == pytest.approx(law.moment(3), rel=1e-8)


@pytest.mark.parametrize("ratio", [0.3, 1.0, 2.0])
def test_cdf_closed_form_matches_quadrature_and_ppf(ratio: float) -> None:
    law = MarchenkoPastur(ratio, 1.7)
    a, b = law.edges
    atom = max(0.0, 1.0 - 1.0 / ratio)
    for x in np.linspace(a, b, 9)[1:]:
        assert law.cdf(x) == pytest.approx(atom + _integrate(law, lambda t: 1.0, x), abs=1e-9)
    q = np.linspace(atom + 1e-3, 0.999, 50)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-12)


def test_atom_at_zero_for_ratio_above_one() -> None:
    law = MarchenkoPastur(4.0)
    assert law.atoms() == [(0.0, 0.75)]
    assert law.cdf(-1e-12) == 0.0
    assert law.cdf(0.0) == pytest.approx(0.75)
    assert law.ppf(0.5) == 0.0 and law.ppf(0.75) == 0.0 and law.ppf(0.76) > 0.0
    assert MarchenkoPastur(0.5).atoms() == []


def test_stieltjes_closed_form_matches_numerical() -> None:
    for law in (MarchenkoPastur(0.4, 2.0), MarchenkoPastur(2.5)):
        z = np.array([0.7 + 0.5j, 5.0 + 0.2j, -1.0 - 1.0j])
        numeric = super(MarchenkoPastur, law).stieltjes(z)  # generic quadrature + atoms
        np.testing.assert_allclose(law.stieltjes(z), numeric, atol=1e-9)


@pytest.mark.parametrize("n, m", [(200, 400), (300, 150)])
def test_wishart_sample_follows_mp(n: int, m: int) -> None:
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, m))
    ev = np.linalg.eigvalsh(x @ x.T / m)
    law = MarchenkoPastur(n / m)
    crit = ks_critical_value(n, 0.01)
    right = ks_distance(ev, law)
    assert right < crit
    assert ks_distance(ev, MarchenkoPastur(1.2 * n / m)) > 3 * right


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="ratio must be a finite number > 0; got 0"):
        MarchenkoPastur(0)
    with pytest.raises(ValueError, match=r"ratio.*got -2"):
        MarchenkoPastur(-2)
    with pytest.raises(ValueError, match=r"scale.*got -1"):
        MarchenkoPastur(1.0, scale=-1)
    with pytest.raises(TypeError, match="ratio"):
        MarchenkoPastur(None)  # type: ignore[arg-type]
    assert math.isnan(float(MarchenkoPastur(1.0).ppf(-0.1)))


@settings(max_examples=40, deadline=None)
@given(
    ratio=st.floats(0.05, 8.0),
    scale=st.floats(0.1, 10.0),
    q=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8),
)
def test_cdf_monotone_and_ppf_inverts_beyond_the_atom(ratio: float, scale: float, q) -> None:
    law = MarchenkoPastur(ratio, scale)
    a, b = law.edges
    x = np.linspace(-0.1 * b, 1.1 * b, 200)
    f = law.cdf(x)
    assert np.all(np.diff(f) >= -1e-15) and f[0] == 0.0 and f[-1] == 1.0
    qa = np.asarray(q)
    atom = max(0.0, 1 - 1 / ratio)
    above = qa[qa > atom + 1e-9]
    np.testing.assert_allclose(law.cdf(law.ppf(above)), above, atol=1e-10)
    if ratio > 1:
        assert np.all(law.ppf(qa[qa <= atom]) == 0.0)
    else:
        assert np.all(law.ppf(qa[qa == 0.0]) == a)
