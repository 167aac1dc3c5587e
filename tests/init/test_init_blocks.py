"""Block samplers against independent theory (PennyLane's own gate matrices, closed forms)."""

import numpy as np
import pennylane as qml
import pytest
from scipy import linalg, stats

from qrmt.init import blocks


def test_euler_fast_path_matches_matrix_path():
    rng = np.random.default_rng(0)
    h = rng.standard_normal((500, 3))
    for eps in (1e-3, 0.3, 2.0):
        fast = blocks.euler_from_generators(h, eps)
        mats = blocks.rot_matrices(fast)
        ref = blocks.su2_from_generators(h, eps)
        # equal up to the global sign ±1
        overlap = np.abs(np.einsum("bij,bij->b", mats.conj(), ref)) / 2
        np.testing.assert_allclose(overlap, 1.0, atol=1e-12)


def test_su2_from_generators_is_expm():
    rng = np.random.default_rng(1)
    h = rng.standard_normal((20, 3))
    paulis = np.array([qml.matrix(qml.PauliX(0)), qml.matrix(qml.PauliY(0)),
                       qml.matrix(qml.PauliZ(0))])
    closed = blocks.su2_from_generators(h, 0.7)
    for k in range(20):
        gen = np.einsum("i,ijk->jk", h[k], paulis)
        np.testing.assert_allclose(closed[k], linalg.expm(-0.7j * gen), atol=1e-12)


def test_rot_matrices_match_pennylane_rot():
    rng = np.random.default_rng(2)
    angles = rng.uniform(-np.pi, np.pi, (50, 3))
    ours = blocks.rot_matrices(angles)
    theirs = qml.Rot.compute_matrix(angles[:, 0], angles[:, 1], angles[:, 2])
    np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_haar_su2_moments_and_ks():
    n = 20000
    angles = blocks.haar_su2_euler(np.random.default_rng(3), n)
    u = qml.Rot.compute_matrix(angles[:, 0], angles[:, 1], angles[:, 2])
    p00 = np.abs(u[:, 0, 0]) ** 2
    # |U00|^2 ~ Uniform(0, 1) under Haar: KS at the 0.1% level
    assert stats.kstest(p00, "uniform").pvalue > 1e-3
    tr2 = np.abs(np.trace(u, axis1=1, axis2=2)) ** 2
    # E|tr U|^2 = 1 on SU(2) (the trace is real: 2cos(a) with the Haar class density)
    se = tr2.std(ddof=1) / np.sqrt(n)
    assert abs(tr2.mean() - 1.0) < 5 * se
    trace = np.trace(u, axis1=1, axis2=2)
    assert abs(trace.mean()) < 5 * np.sqrt(1.0 / n)


@pytest.mark.parametrize(("beta", "dof", "scale"), [(2, 3, 1.0), (1, 2, 2 / np.sqrt(3))])
def test_block_gap_law_is_chi(beta, dof, scale):
    gaps = blocks.gaussian_block_gap(np.random.default_rng(4), 20000, beta)
    # 2x2 unit-variance GUE: gap = |N(0, I3)| (chi, 3 dof); GOE: (2/√3)|N(0, I2)|
    assert stats.kstest(gaps, stats.chi(dof, scale=scale).cdf).pvalue > 1e-3


def test_tangent_chart_angles_are_small_and_keep_rotation_angle():
    rng = np.random.default_rng(5)
    h = blocks.gaussian_block_generators(rng, 5000, 2)
    eps = 1e-3
    ang = blocks.tangent_euler_from_generators(h, eps)
    assert np.max(np.abs(ang)) < 20 * eps
    u = blocks.rot_matrices(ang)
    # rotation angle of the realised block = 2 arccos(|Re tr U| / 2) ≈ 2 ε |h| to first order
    rot = 2 * np.arccos(np.clip(np.abs(np.trace(u, axis1=1, axis2=2).real) / 2, 0, 1))
    np.testing.assert_allclose(rot, 2 * eps * np.linalg.norm(h, axis=1), rtol=1e-2, atol=1e-7)
