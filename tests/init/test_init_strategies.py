"""Strategies against independent theory: Wigner surmise gaps, Haar, depth rule, baselines."""

import math

import numpy as np
import pennylane as qml
import pytest
from scipy import special, stats

import qrmt
from qrmt.init import DEFAULT_BUDGET, depth_rule_step


def surmise_cdf(beta):
    """Closed-form CDFs of the Wigner surmise with unit mean spacing."""
    if beta == 1:
        return lambda s: 1 - np.exp(-np.pi * s**2 / 4)
    return lambda s: special.erf(2 * s / np.sqrt(np.pi)) - 4 * s / np.pi * np.exp(-4 * s**2 / np.pi)


def rot_eigenphase_gap(angles):
    u = qml.Rot.compute_matrix(angles[:, 0], angles[:, 1], angles[:, 2])
    phases = np.angle(np.linalg.eigvals(u))
    gap = np.abs(phases[:, 0] - phases[:, 1])
    return np.minimum(gap, 2 * np.pi - gap)


@pytest.mark.parametrize(("name", "beta"), [("gue", 2), ("goe", 1)])
def test_su2_block_gaps_follow_the_wigner_surmise(name, beta):
    n_blocks, layers = 6000, 4
    w = qrmt.draw(name, (layers, n_blocks // layers, 3), template="StronglyEntanglingLayers",
                  budget=0.05, seed=11)
    gaps = rot_eigenphase_gap(w.reshape(-1, 3))
    s = gaps / gaps.mean()
    assert stats.kstest(s, surmise_cdf(beta)).pvalue > 1e-3
    # and not the other surmise: level repulsion of the right order
    assert stats.kstest(s, surmise_cdf(3 - beta)).pvalue < 1e-6


@pytest.mark.parametrize(("name", "beta"), [("gue", 2), ("goe", 1)])
def test_one_parameter_angles_follow_the_surmise(name, beta):
    w = qrmt.draw(name, (5, 2000), template="BasicEntanglerLayers", seed=3)
    a = np.abs(w.ravel())
    assert stats.kstest(a / a.mean(), surmise_cdf(beta)).pvalue > 1e-3
    # signs are symmetric
    n = w.size
    assert abs(np.mean(np.sign(w))) < 5 / math.sqrt(n)


@pytest.mark.parametrize("layers", [1, 4, 16])
@pytest.mark.parametrize("budget", [0.1, 1.0])
def test_depth_rule_scale(layers, budget):
    """E[gap²] = 3 ε² with ε² = t*/L for unit-variance GUE(2) generators (E|2h|² = 3)."""
    w = qrmt.gue((layers, 20000 // layers), seed=5, budget=budget)
    gap2 = w.ravel() ** 2
    se = gap2.std(ddof=1) / math.sqrt(gap2.size)
    assert abs(gap2.mean() - 3 * budget / layers) < 5 * se
    assert depth_rule_step(budget, layers) == pytest.approx(math.sqrt(budget / layers))


def test_depth_rule_uses_the_layer_count_of_the_template():
    small = qrmt.gue((1, 3000, 3), template="StronglyEntanglingLayers", chart="tangent", seed=1)
    deep = qrmt.gue((9, 3000, 3), template="StronglyEntanglingLayers", chart="tangent", seed=1)
    ratio = np.sqrt(np.mean(deep**2) / np.mean(small**2))
    assert ratio == pytest.approx(1 / 3, rel=0.05)


def test_layers_option_overrides_depth():
    a = qrmt.gue((4, 500), layers=1, seed=2)
    b = qrmt.gue((1, 2000), seed=2)
    np.testing.assert_allclose(a.ravel(), b.ravel())


def test_cue_blocks_are_haar_through_the_public_api():
    w = qrmt.cue((10, 1000, 3), template="StronglyEntanglingLayers", seed=8).reshape(-1, 3)
    u = qml.Rot.compute_matrix(w[:, 0], w[:, 1], w[:, 2])
    assert stats.kstest(np.abs(u[:, 0, 0]) ** 2, "uniform").pvalue > 1e-3
    tr2 = np.abs(np.trace(u, axis1=1, axis2=2)) ** 2
    assert abs(tr2.mean() - 1) < 5 * tr2.std() / math.sqrt(tr2.size)


def test_cue_one_parameter_ranges():
    rot = qrmt.cue((50, 100), seed=1)
    assert rot.min() >= -np.pi and rot.max() < np.pi
    assert stats.kstest(rot.ravel(), "uniform", args=(-np.pi, 2 * np.pi)).pvalue > 1e-3
    exc = qrmt.cue((4000,), template="AllSinglesDoubles", seed=1)
    assert stats.kstest(exc, "uniform", args=(-2 * np.pi, 4 * np.pi)).pvalue > 1e-3


def test_exact_gue_chart_is_gimbal_locked_and_tangent_is_small():
    shape = (2, 2000, 3)
    exact = qrmt.gue(shape, template="StronglyEntanglingLayers", budget=0.01, seed=4)
    tangent = qrmt.gue(shape, template="StronglyEntanglingLayers", budget=0.01,
                       chart="tangent", seed=4)
    eps = math.sqrt(0.01 / 2)
    # exact: φ and ω are O(1) with φ ≈ −ω (the chart's singularity at θ = 0)
    assert np.mean(np.abs(exact[..., 0])) > 1.0
    phase_sum = np.angle(np.exp(1j * (exact[..., 0] + exact[..., 2])))  # mod 2π (U vs −U)
    assert np.max(np.abs(phase_sum)) < 20 * eps
    assert np.max(np.abs(tangent)) < 20 * eps


def test_uniform_baselines_ranges():
    u = qrmt.draw("uniform", (100, 100), seed=1)
    assert u.min() >= 0 and u.max() < 2 * np.pi
    us = qrmt.draw("uniform_symmetric", (100, 100), seed=1)
    assert us.min() >= -2 * np.pi and us.max() <= 2 * np.pi
    assert stats.kstest(us.ravel(), "uniform", args=(-2 * np.pi, 4 * np.pi)).pvalue > 1e-3
    np.testing.assert_array_equal(qrmt.draw("zeros", (3, 4)), np.zeros((3, 4)))


@pytest.mark.parametrize(("layers", "locality"), [(2, 2), (10, 4)])
def test_gaussian_variance_is_zhang_rule(layers, locality):
    w = qrmt.draw("gaussian", (layers, 20000 // layers), locality=locality, seed=6)
    var = 1 / (locality * (layers + 2))
    n = w.size
    # sample variance of a normal: SE = var * sqrt(2/(n-1))
    assert abs(w.var(ddof=1) - var) < 5 * var * math.sqrt(2 / (n - 1))
    assert abs(w.mean()) < 5 * math.sqrt(var / n)


def test_beta_and_reduced_domain():
    b = qrmt.draw("beta", (20000,), a=2.0, b=5.0, seed=1)
    assert stats.kstest(b / (2 * np.pi), "beta", args=(2.0, 5.0)).pvalue > 1e-3
    r = qrmt.draw("reduced_domain", (16, 1000), seed=1)
    half = np.pi / math.sqrt(16)
    assert r.min() >= -half and r.max() <= half
    assert r.max() > 0.99 * half
    r2 = qrmt.draw("reduced_domain", (16, 10), a=0.1, seed=1)
    assert np.abs(r2).max() <= 0.1 * np.pi


def test_identity_blocks_refused_for_templates():
    with pytest.raises(ValueError, match="identity_blocks needs a circuit"):
        qrmt.draw("identity_blocks", (2, 3, 3), template="StronglyEntanglingLayers")


def test_default_budget_is_used():
    w = qrmt.gue((3, 30000), seed=1)
    se = (w.ravel() ** 2).std() / math.sqrt(w.size)
    assert abs(np.mean(w**2) - 3 * DEFAULT_BUDGET / 3) < 5 * se


def test_strategies_listing():
    infos = qrmt.strategies()
    names = [s.name for s in infos]
    for required in ("gue", "goe", "cue", "uniform", "uniform_symmetric", "zeros", "gaussian",
                     "beta", "reduced_domain", "identity_blocks"):
        assert required in names
    assert all(s.description and s.reference for s in infos)
