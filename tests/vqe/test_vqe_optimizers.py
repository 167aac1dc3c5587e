"""Optimizers against closed forms on a quadratic objective E(x) = ½‖x − a‖² + e₀."""

from __future__ import annotations

import numpy as np
import pytest

from qrmt.vqe.backends import Objective
from qrmt.vqe.optimizers import adam, cobyla, gd, lbfgs, optimize, spsa

A = np.array([0.3, -0.7, 1.1])
E0 = -1.0


class Quadratic(Objective):
    """A real (non-quantum) objective with an exact gradient."""

    wire_order = "pennylane"

    def __init__(self):
        self.n_params = A.size
        self.shape = (A.size,)
        self.evaluations = 0

    def energy(self, x):
        self.evaluations += 1
        return float(0.5 * np.sum((np.asarray(x) - A) ** 2) + E0)

    def energy_and_grad(self, x):
        self.evaluations += 1
        x = np.asarray(x, dtype=float)
        return float(0.5 * np.sum((x - A) ** 2) + E0), x - A


def test_gd_matches_closed_form():
    # x_k − a = (1 − η)^k (x_0 − a), so E_k − e₀ = ½ (1 − η)^{2k} ‖x_0 − a‖².
    eta, k = 0.1, 25
    obj = Quadratic()
    tr = gd(obj, np.zeros(3), k, stepsize=eta)
    expected = E0 + 0.5 * (1 - eta) ** (2 * np.arange(k + 1)) * np.sum(A**2)
    np.testing.assert_allclose(tr.energies, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(tr.x, A + (1 - eta) ** k * (0 - A), atol=1e-14)
    assert tr.iterations == k
    assert obj.evaluations == k + 1  # k gradients + 1 final energy: no extra energy per step


def test_adam_first_step_is_stepsize_times_sign():
    # Bias-corrected first step: m̂ = g, v̂ = g², so Δx = −η g/(|g| + ε) ≈ −η sign(g).
    tr = adam(Quadratic(), np.zeros(3), 1, stepsize=0.05)
    np.testing.assert_allclose(tr.x, 0.05 * np.sign(A), rtol=1e-6)


def test_adam_converges_on_quadratic():
    tr = adam(Quadratic(), np.zeros(3), 400, stepsize=0.05)
    assert tr.energies[-1] - E0 < 1e-6
    assert len(tr.energies) == 401


def test_lbfgs_solves_quadratic_in_few_iterations():
    obj = Quadratic()
    tr = lbfgs(obj, np.zeros(3), 50)
    np.testing.assert_allclose(tr.x, A, atol=1e-6)
    assert tr.iterations <= 5
    assert tr.energies[0] == pytest.approx(E0 + 0.5 * np.sum(A**2))
    assert tr.energies[-1] == pytest.approx(E0, abs=1e-10)


def test_cobyla_trace_is_monotone_best_so_far():
    tr = cobyla(Quadratic(), np.zeros(3), 60)
    assert len(tr.energies) <= 61
    assert np.all(np.diff(tr.energies) <= 0)
    assert tr.energies[-1] - E0 < 1e-3


def test_spsa_converges_and_is_seeded():
    a = spsa(Quadratic(), np.zeros(3), 200, stepsize=0.5, seed=1)
    b = spsa(Quadratic(), np.zeros(3), 200, stepsize=0.5, seed=1)
    c = spsa(Quadratic(), np.zeros(3), 200, stepsize=0.5, seed=2)
    assert a.energies == b.energies
    assert a.energies != c.energies
    assert a.energies[-1] - E0 < 1e-3


def test_optimize_dispatch_uses_default_stepsizes():
    tr = optimize("gd", Quadratic(), np.zeros(3), 1)
    np.testing.assert_allclose(tr.x, 0.4 * A)  # default GD step 0.4
    tr = optimize("adam", Quadratic(), np.zeros(3), 1)
    np.testing.assert_allclose(tr.x, 0.05 * np.sign(A), rtol=1e-6)
