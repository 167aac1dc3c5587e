"""Semicircle law against closed forms, numerical integration and GOE/GUE samples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from qrmt.laws import Semicircle, ks_critical_value, ks_distance, semicircle


def test_pdf_integrates_to_one_and_cdf_matches_quadrature() -> None:
    law = Semicircle(radius=3.0, center=0.5)
    lo, hi = law.support()
    assert quad(law.pdf, lo, hi)[0] == pytest.approx(1.0, abs=1e-10)
    for x in np.linspace(lo, hi, 7):
        assert law.cdf(x) == pytest.approx(quad(law.pdf, lo, x)[0], abs=1e-10)
    assert law.cdf(lo - 1.0) == 0.0 and law.cdf(hi + 1.0) == 1.0


@pytest.mark.parametrize("k, catalan", [(2, 1), (4, 2), (6, 5), (8, 14)])
def test_even_moments_are_catalan_numbers(k: int, catalan: int) -> None:
    law = semicircle()  # radius 2, unit variance
    assert quad(lambda x: x**k * law.pdf(x), -2, 2)[0] == pytest.approx(catalan, rel=1e-9)
    assert law.moment(k) == pytest.approx(catalan)
    assert law.moment(k + 1) == 0.0


def test_mean_var_and_from_variance() -> None:
    law = Semicircle.from_variance(2.25, center=-1.0)
    assert law.radius == pytest.approx(3.0)
    assert law.mean() == -1.0
    assert law.var() == pytest.approx(2.25)
    m2 = quad(lambda x: (x + 1.0) ** 2 * law.pdf(x), -4, 2)[0]
    assert m2 == pytest.approx(2.25, rel=1e-9)


def test_ppf_inverts_cdf_and_rvs_is_reproducible() -> None:
    law = semicircle(radius=1.5)
    q = np.linspace(0.001, 0.999, 101)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-12)
    a, b = law.rvs(1000, seed=4), law.rvs(1000, seed=4)
    np.testing.assert_array_equal(a, b)
    assert ks_distance(a, law) < ks_critical_value(1000, 0.01)


def test_stieltjes_closed_form_matches_quadrature() -> None:
    law = Semicircle(radius=2.0, center=0.3)
    for z in (0.5 + 0.4j, -3.0 + 0.1j, 1.0 - 2.0j):
        re = quad(lambda x, z=z: (law.pdf(x) / (z - x)).real, -1.7, 2.3)[0]
        im = quad(lambda x, z=z: (law.pdf(x) / (z - x)).imag, -1.7, 2.3)[0]
        assert complex(law.stieltjes(z)) == pytest.approx(complex(re, im), abs=1e-9)
    assert complex(law.r_transform(0.2)) == pytest.approx(0.3 + 0.2)


def _gue(rng: np.random.Generator, n: int) -> np.ndarray:
    a = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) / math.sqrt(2)
    return (a + a.conj().T) / math.sqrt(2)  # E|H_ij|^2 = 1


def test_gue_and_goe_spectra_follow_the_semicircle() -> None:
    rng = np.random.default_rng(2024)
    n = 300
    gue = np.linalg.eigvalsh(_gue(rng, n)) / math.sqrt(n)
    a = rng.standard_normal((n, n))
    goe = np.linalg.eigvalsh((a + a.T) / math.sqrt(2)) / math.sqrt(n)
    crit = ks_critical_value(n, 0.01)  # i.i.d. bound; eigenvalues are more rigid
    right = ks_distance(gue, semicircle())
    assert right < crit
    assert ks_distance(goe, semicircle()) < crit
    # A 10 % wrong radius is several times further away (eigenvalues are rigid).
    assert ks_distance(gue, semicircle(radius=2.2)) > 3 * right


def test_bad_input_and_frozen() -> None:
    with pytest.raises(ValueError, match="radius must be a finite number > 0; got -1"):
        Semicircle(radius=-1)
    with pytest.raises(ValueError, match=r"radius.*got nan"):
        Semicircle(radius=float("nan"))
    with pytest.raises(TypeError, match="radius"):
        Semicircle(radius="2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="center must be a finite number; got inf"):
        Semicircle(center=math.inf)
    law = semicircle()
    with pytest.raises(AttributeError, match="frozen"):
        law.radius = 3.0
    assert np.isnan(law.ppf(1.5))
