"""Qiskit clients of the initializers: VQE(initial_point=...), assign_parameters, Haar blocks."""

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit import ParameterVector
from qiskit.circuit.library import efficient_su2, n_local, real_amplitudes
from qiskit.primitives import StatevectorEstimator
from qiskit.quantum_info import Operator, SparsePauliOp, Statevector
from scipy import stats

import qrmt

STRATEGY_NAMES = [s.name for s in qrmt.strategies() if s.name != "identity_blocks"]


@pytest.mark.parametrize("name", STRATEGY_NAMES)
def test_circuit_target_gives_flat_vector_in_parameter_order(name):
    ansatz = efficient_su2(3, reps=2)
    point = qrmt.draw(name, ansatz, seed=4)
    assert point.shape == (ansatz.num_parameters,) and point.dtype == np.float64
    bound = ansatz.assign_parameters(point)
    assert bound.num_parameters == 0
    assert np.isfinite(Statevector(bound).data).all()


def test_qiskit_algorithms_vqe_starts_from_the_qrmt_point():
    algorithms = pytest.importorskip("qiskit_algorithms")
    from qiskit_algorithms.optimizers import COBYLA

    hamiltonian = SparsePauliOp.from_list([("ZZ", 1.0), ("XI", 0.5), ("IX", 0.5)])
    ansatz = real_amplitudes(2, reps=2)
    point = qrmt.goe(ansatz, seed=21)
    energies = []
    vqe = algorithms.VQE(StatevectorEstimator(), ansatz, COBYLA(maxiter=60),
                         initial_point=point, callback=lambda n, p, v, m: energies.append(v))
    result = vqe.compute_minimum_eigenvalue(hamiltonian)
    start = Statevector(ansatz.assign_parameters(point)).expectation_value(hamiltonian).real
    assert energies[0] == pytest.approx(start, abs=1e-10)  # the first evaluation is our point
    assert result.optimal_value < start - 0.1


def test_cue_on_u3_gates_is_haar():
    params = ParameterVector("p", 3 * 3000)
    qc = QuantumCircuit(1)
    for k in range(3000):
        qc.u(params[3 * k], params[3 * k + 1], params[3 * k + 2], 0)
    values = qrmt.cue(qc, seed=2)
    assert qrmt.initializer("cue").structure(qc).su2.shape == (3000, 3)
    by_param = dict(zip(qc.parameters, values, strict=True))
    theta = np.array([by_param[params[3 * k]] for k in range(3000)])  # u(θ, φ, λ)
    # |U00|² = cos²(θ/2) ~ Uniform(0, 1) under Haar
    assert stats.kstest(np.cos(theta / 2) ** 2, "uniform").pvalue > 1e-3


def test_rzryrz_runs_are_su2_blocks_in_n_local():
    ansatz = n_local(2, ["rz", "ry", "rz"], "cx", reps=1)
    structure = qrmt.initializer("gue").structure(ansatz)
    assert structure.su2.shape[0] == 4 and structure.n_layers == 2
    w = qrmt.gue(ansatz, seed=1, budget=1e-4)
    # a tiny-budget gue start realises near-identity blocks: the state stays near |00>
    state = Statevector(ansatz.assign_parameters(w))
    assert abs(state.data[0]) ** 2 > 0.99


def test_identity_blocks_on_a_mirrored_circuit():
    block = efficient_su2(3, reps=1)
    fresh = ParameterVector("q", block.num_parameters)
    qc = block.compose(block.assign_parameters(fresh).inverse())
    w = qrmt.draw("identity_blocks", qc, seed=3)
    op = Operator(qc.assign_parameters(w)).data
    phase = op[0, 0] / abs(op[0, 0])
    np.testing.assert_allclose(op / phase, np.eye(8), atol=1e-10)
    assert np.std(w) > 0.5  # the first half is random, not zeros


def test_identity_blocks_refused_without_mirror():
    with pytest.raises(ValueError, match="identity_blocks needs a circuit"):
        qrmt.draw("identity_blocks", efficient_su2(3, reps=2), seed=0)


def test_circuit_without_parameters_is_refused():
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    with pytest.raises(ValueError, match="circuit has no parameters"):
        qrmt.gue(qc)


def test_affine_expressions_are_inverted():
    p = ParameterVector("p", 2)
    qc = QuantumCircuit(1)
    qc.ry(2 * p[0] + 0.5, 0)
    qc.rz(p[1], 0)
    w = qrmt.draw("zeros", qc)
    # zeros means zero *gate angles*: 2 p0 + 0.5 = 0
    np.testing.assert_allclose(w, [-0.25, 0.0])
