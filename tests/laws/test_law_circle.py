"""Uniform circle law against Haar-unitary eigenphases (Mezzadri's QR with phase fix)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qrmt.laws import UniformCircle, ks_critical_value, ks_distance, uniform_circle, wrap_phase


def test_closed_forms() -> None:
    law = uniform_circle()
    assert law.var() == pytest.approx(math.pi**2 / 3)
    assert law.mean() == 0.0 and law.moment(0) == 1.0 and law.moment(3) == 0.0
    q = np.linspace(0, 1, 11)
    np.testing.assert_allclose(law.cdf(law.ppf(q)), q, atol=1e-15)
    assert float(law.pdf(0.0)) == pytest.approx(1 / (2 * math.pi))
    np.testing.assert_allclose(
        wrap_phase([math.pi, -math.pi, 3 * math.pi / 2]), [-math.pi, -math.pi, -math.pi / 2]
    )


def test_haar_unitary_eigenphases_are_uniform() -> None:
    rng = np.random.default_rng(5)
    n = 200
    z = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) / math.sqrt(2)
    q, r = np.linalg.qr(z)
    u = q * (np.diag(r) / np.abs(np.diag(r)))  # Mezzadri's phase fix
    theta = wrap_phase(np.angle(np.linalg.eigvals(u)))
    assert ks_distance(theta, UniformCircle()) < ks_critical_value(n, 0.01)
    # |tr U|^2 has mean 1 for Haar; a single draw is O(1).
    assert abs(np.exp(1j * theta).sum()) < 5.0
