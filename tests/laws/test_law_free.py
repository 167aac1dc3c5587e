"""Free probability: transforms, free additive convolution, Biane's free unitary BM."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import roots_legendre

from qrmt.laws import (
    FreeUnitaryBM,
    GridLaw,
    Law,
    MarchenkoPastur,
    Semicircle,
    free_additive_convolution,
    free_unitary_bm,
    ks_critical_value,
    ks_distance,
    r_transform,
    stieltjes,
    tracy_widom,
    wachter,
    wrap_phase,
)
from qrmt.laws.free import _numeric_r_transform


def test_stieltjes_and_r_transform_closed_forms() -> None:
    # G of the standard semicircle at i: (i - sqrt(-5)) / 2 = i (1 - sqrt 5) / 2.
    assert complex(stieltjes(Semicircle(), 1j)) == pytest.approx(1j * (1 - math.sqrt(5)) / 2)
    w = np.array([0.05 + 0.02j, -0.1j, 0.08])
    for law in (Semicircle(radius=3.0, center=0.2), MarchenkoPastur(0.5, 1.5)):
        numeric = _numeric_r_transform(law, w)
        np.testing.assert_allclose(r_transform(law, w), numeric, atol=1e-8)
    # R(w) = kappa_1 + kappa_2 w + O(w^2) for a law without a closed form.
    law = wachter(100, 200, 300)
    small = 1e-3
    slope = (r_transform(law, np.array([small]))[0] - law.mean()) / small
    assert slope.real == pytest.approx(law.var(), rel=1e-2)
    with pytest.raises(TypeError, match="law must be a qrmt law"):
        stieltjes("semicircle", 1j)  # type: ignore[arg-type]


def test_semicircle_plus_semicircle_adds_variances() -> None:
    out = free_additive_convolution(Semicircle(), Semicircle.from_variance(0.5, center=1.0))
    target = Semicircle.from_variance(1.5, center=1.0)
    x = np.linspace(-1.3, 3.3, 41)
    assert np.max(np.abs(out.pdf(x) - target.pdf(x))) < 1e-3 * target.pdf(1.0) * 10
    assert np.max(np.abs(out.cdf(x) - target.cdf(x))) < 1e-3
    assert out.mean() == pytest.approx(1.0, abs=1e-3)
    assert out.var() == pytest.approx(1.5, abs=2e-3)


@pytest.mark.parametrize(
    "a, b, target",
    [
        # Free Poisson: R = rate * jump / (1 - jump w); MP(lam, s) has rate 1/lam, jump lam s.
        ((1.0, 1.0), (1.0, 1.0), (0.5, 2.0)),
        ((0.5, 2.0), (1.0, 1.0), (1.0 / 3.0, 3.0)),
    ],
)
def test_marchenko_pastur_free_poisson_relation(a, b, target) -> None:
    out = free_additive_convolution(MarchenkoPastur(*a), MarchenkoPastur(*b))
    law = MarchenkoPastur(*target)
    lo, hi = law.edges
    x = np.linspace(lo, hi, 60)
    assert np.max(np.abs(out.cdf(x) - law.cdf(x))) < 2e-3
    assert out.var() == pytest.approx(law.var(), rel=2e-3)


def test_convolution_matches_sum_of_free_matrices() -> None:
    # GUE/sqrt(n) (semicircle) plus an independent Wishart (MP): asymptotically free.
    rng = np.random.default_rng(77)
    n, m = 300, 600
    a = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) / math.sqrt(2)
    h = (a + a.conj().T) / math.sqrt(2) / math.sqrt(n)
    x = rng.standard_normal((n, m))
    ev = np.linalg.eigvalsh(h + x @ x.T / m)
    law = free_additive_convolution(Semicircle(), MarchenkoPastur(n / m))
    assert ks_distance(ev, law) < ks_critical_value(n, 0.01)


def test_grid_law_is_exact_for_piecewise_linear_density() -> None:
    law = GridLaw([0.0, 1.0, 2.0], [0.0, 1.0, 0.0])  # triangle on [0, 2]
    assert law.mean() == pytest.approx(1.0) and law.var() == pytest.approx(1.0 / 6.0)
    assert float(law.cdf(0.5)) == pytest.approx(0.125)
    assert float(law.ppf(0.125)) == pytest.approx(0.5)
    z = 0.7 + 0.01j
    re = quad(lambda t: (law.pdf(t) / (z - t)).real, 0, 2, points=[0.7, 1.0], limit=200)[0]
    im = quad(lambda t: (law.pdf(t) / (z - t)).imag, 0, 2, points=[0.7, 1.0], limit=200)[0]
    assert complex(law.stieltjes(z)) == pytest.approx(complex(re, im), abs=1e-8)
    with pytest.raises(ValueError, match="strictly increasing"):
        GridLaw([0.0, 0.0, 1.0], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="non-negative"):
        GridLaw([0.0, 1.0], [1.0, -1.0])


def test_convolution_bad_input() -> None:
    with pytest.raises(ValueError, match="compact support"):
        free_additive_convolution(tracy_widom(2), Semicircle())
    with pytest.raises(ValueError, match="grid must be >= 3; got 2"):
        free_additive_convolution(Semicircle(), Semicircle(), grid=2)
    with pytest.raises(ValueError, match="eta must be > 0"):
        free_additive_convolution(Semicircle(), Semicircle(), eta=0.0)


@pytest.mark.parametrize("t", [0.2, 1.0, 2.5, 3.9, 4.0, 6.0])
def test_free_unitary_bm_moments_closed_form(t: float) -> None:
    law = free_unitary_bm(t)
    assert law.moment(1) == pytest.approx(math.exp(-t / 2), abs=1e-14)
    assert law.moment(2) == pytest.approx(math.exp(-t) * (1 - t), abs=1e-14)
    assert law.moment(3) == pytest.approx(math.exp(-1.5 * t) * (1 - 3 * t + 1.5 * t * t), abs=1e-14)


@pytest.mark.parametrize("t", [0.2, 1.0, 2.5, 3.9, 4.0, 6.0])
def test_free_unitary_bm_density_support_and_moments(t: float) -> None:
    law = FreeUnitaryBM(t)
    h = law.half_width()
    expected = math.pi if t >= 4 else 0.5 * math.sqrt(t * (4 - t)) + math.acos(1 - t / 2)
    assert h == pytest.approx(expected)
    assert law.support() == (-h, h)
    # Vectorised Gauss-Legendre in phi with theta = -h cos(phi) (absorbs the edges).
    phi, w = roots_legendre(3000)
    phi = 0.5 * math.pi * (phi + 1)
    theta = -h * np.cos(phi)
    weights = 0.5 * math.pi * w * h * np.sin(phi) * law.pdf(theta)
    assert weights.sum() == pytest.approx(1.0, abs=1e-7)
    # The density (from the implicit equation) reproduces Biane's moment formula.
    for k in (1, 2, 3, 4):
        assert np.sum(weights * np.cos(k * theta)) == pytest.approx(law.moment(k), abs=1e-7)
    if t < 4:
        assert float(law.pdf(0.999 * h)) > 0.0
        assert float(law.pdf(min(1.001 * h, math.pi))) == 0.0
    else:
        assert float(law.pdf(math.pi)) > 0.0
    assert float(law.cdf(0.0)) == pytest.approx(0.5, abs=1e-9)
    q = np.array([0.05, 0.3, 0.7, 0.95])
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-9)


def test_product_of_near_identity_gue_layers_follows_free_unitary_bm() -> None:
    rng = np.random.default_rng(1997)
    d, layers, t = 120, 30, 1.0
    eps = math.sqrt(t / layers)
    u = np.eye(d, dtype=complex)
    for _ in range(layers):
        a = (rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))) / math.sqrt(2)
        w, v = np.linalg.eigh((a + a.conj().T) / math.sqrt(2 * d))  # unit-variance semicircle
        u = (v * np.exp(-1j * eps * w)) @ v.conj().T @ u
    theta = wrap_phase(np.angle(np.linalg.eigvals(u)))
    assert ks_distance(theta, free_unitary_bm(t)) < ks_critical_value(d, 0.01)
    assert ks_distance(theta, free_unitary_bm(4 * t)) > ks_critical_value(d, 0.01)


def test_free_unitary_bm_bad_input() -> None:
    with pytest.raises(ValueError, match=r"t must be a finite number >= 0; got -0.5"):
        FreeUnitaryBM(-0.5)
    with pytest.raises(ValueError, match="point mass"):
        FreeUnitaryBM(0.0).pdf(0.1)
    with pytest.raises(ValueError, match="k must be a non-negative int; got -1"):
        FreeUnitaryBM(1.0).moment(-1)
    assert FreeUnitaryBM(0.0).moment(5) == 1.0
    assert isinstance(FreeUnitaryBM(1.0), Law)


@pytest.mark.parametrize("t", [1e-8, 1e-6, 1e-5])
def test_free_unitary_bm_small_time_is_a_probability_law(t: float) -> None:
    """For small t the density at 0 is ≈ 1/(π√t); it must not be clipped: mass 1, median 0,
    and the second moment of the angle ≈ t (the semicircle limit of radius 2√t)."""
    from scipy import integrate

    law = free_unitary_bm(t)
    lo, hi = law.support()
    mass = integrate.quad(lambda x: float(law.pdf(np.array(x))), lo, hi, limit=200)[0]
    second = integrate.quad(lambda x: float(x * x * law.pdf(np.array(x))), lo, hi, limit=200)[0]
    assert mass == pytest.approx(1.0, abs=1e-6)
    assert float(law.cdf(np.array(0.0))) == pytest.approx(0.5, abs=1e-6)
    assert second == pytest.approx(t, rel=1e-3)


def test_convolution_with_a_quadrature_law_has_no_spikes() -> None:
    """Wachter has no closed-form transform; against a very narrow semicircle the result must
    stay close to the Wachter law itself (variance adds: var_W + r²/4), without spikes."""
    from qrmt.laws import semicircle, wachter

    base = wachter(10, 30, 40)
    law = free_additive_convolution(base, semicircle(radius=0.001))
    assert law.var() == pytest.approx(base.var() + 0.001**2 / 4, rel=0.05)
    x = np.linspace(*base.support(), 400)[1:-1]
    assert float(np.max(law.pdf(x))) < 1.2 * float(np.max(base.pdf(x)))


def test_convolution_rejects_non_laws() -> None:
    from qrmt.laws import semicircle

    with pytest.raises(TypeError, match="law_b must be a qrmt law; got int"):
        free_additive_convolution(semicircle(), 3)  # type: ignore[arg-type]
