"""Tests of qrmt.init.qiskit_structure: parameter roles read from Qiskit circuits.

Physical checks compare against independent closed forms (numpy matrices of RZ, RY and the
Givens rotation) through ``qiskit.quantum_info.Operator`` / ``Statevector``.
"""

from __future__ import annotations

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit import Parameter, ParameterVector
from qiskit.circuit.library import (
    PauliEvolutionGate,
    XXPlusYYGate,
    efficient_su2,
    excitation_preserving,
    n_local,
    real_amplitudes,
)
from qiskit.quantum_info import Operator, SparsePauliOp, Statevector

from qrmt.init.qiskit_structure import structure_from_circuit


def _rz(a: float) -> np.ndarray:
    return np.diag([np.exp(-0.5j * a), np.exp(0.5j * a)])


def _ry(b: float) -> np.ndarray:
    c, s = np.cos(b / 2), np.sin(b / 2)
    return np.array([[c, -s], [s, c]], dtype=complex)


def _rot(phi: float, theta: float, omega: float) -> np.ndarray:
    """PennyLane's Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)."""
    return _rz(omega) @ _ry(theta) @ _rz(phi)


def _equal_up_to_phase(a: np.ndarray, b: np.ndarray, atol: float = 1e-9) -> bool:
    overlap = np.vdot(a.ravel(), b.ravel())
    if abs(overlap) < 1e-12:
        return False
    return np.allclose(a * (overlap / abs(overlap)), b, atol=atol)


def _assign(circuit: QuantumCircuit, structure, angles: np.ndarray) -> QuantumCircuit:
    return circuit.assign_parameters(structure.angles_to_params(angles))


def _unitary(circuit: QuantumCircuit) -> np.ndarray:
    return Operator(circuit.decompose(reps=4)).data


# -- library circuits ---------------------------------------------------------------------------

def test_efficient_su2_rotations_layers_not_real_no_mirror():
    s = structure_from_circuit(efficient_su2(4, reps=2))
    assert s.kind_counts == {"su2": 0, "rotation": 24, "excitation": 0}
    assert s.n_layers == 3 and not s.real and s.mirror is None
    np.testing.assert_array_equal(s.scale, 1.0)
    np.testing.assert_array_equal(s.offset, 0.0)


@pytest.mark.parametrize("reps", [1, 3])
def test_real_amplitudes_is_real_with_reps_plus_one_layers(reps):
    s = structure_from_circuit(real_amplitudes(3, reps=reps))
    assert s.kind_counts["rotation"] == 3 * (reps + 1)
    assert s.n_layers == reps + 1 and s.real


def test_n_local_rz_ry_rz_blocks_realise_rot():
    circ = n_local(3, rotation_blocks=["rz", "ry", "rz"], entanglement_blocks="cx", reps=1)
    s = structure_from_circuit(circ)
    assert s.kind_counts == {"su2": 18, "rotation": 0, "excitation": 0}
    assert s.su2.shape == (6, 3) and s.n_layers == 2 and not s.real
    # Set every block to a chosen SU(2) and compare the first layer on each qubit with Rot.
    rng = np.random.default_rng(7)
    angles = np.zeros(s.n_params)
    targets = rng.uniform(-np.pi, np.pi, size=(3, 3))
    first = s.su2[:3]
    angles[first.ravel()] = targets.ravel()
    bound = _assign(circ, s, angles)
    layer = QuantumCircuit(3)
    for ci in bound.data[:9]:
        layer.append(ci.operation, ci.qubits)
    expected = np.kron(np.kron(_rot(*targets[2]), _rot(*targets[1])), _rot(*targets[0]))
    assert _equal_up_to_phase(Operator(layer).data, expected)


def test_excitation_preserving_excitations_follow_givens_angle():
    circ = excitation_preserving(2, reps=1)
    s = structure_from_circuit(circ)
    assert s.kind_counts == {"su2": 0, "rotation": 4, "excitation": 1}
    assert s.n_layers == 3 and not s.real
    (e,) = s.excitations
    assert s.scale[e] == 2.0  # XXPlusYY(2θ)
    # Only the interaction: |01> -> cos(φ/2)|01> + ..., PennyLane's SingleExcitation angle φ.
    phi = 1.1
    angles = np.zeros(s.n_params)
    angles[e] = phi
    u = _unitary(_assign(circ, s, angles))
    assert abs(u[1, 1]) == pytest.approx(np.cos(phi / 2), abs=1e-12)
    assert abs(u[2, 1]) == pytest.approx(np.sin(phi / 2), abs=1e-12)


def test_excitation_preserving_fsim_phase_is_rotation():
    s = structure_from_circuit(excitation_preserving(2, reps=1, mode="fsim"))
    assert s.kind_counts == {"su2": 0, "rotation": 5, "excitation": 1}


def test_rxx_ryy_pair_is_excitation():
    p, q = Parameter("p"), Parameter("q")
    circ = QuantumCircuit(2)
    circ.rxx(p, 0, 1)
    circ.ryy(p, 0, 1)
    circ.rzz(q, 0, 1)
    s = structure_from_circuit(circ)
    assert s.excitations.tolist() == [0] and s.rotations.tolist() == [1]
    assert s.scale[0] == 2.0
    phi = 0.9
    u = _unitary(_assign(circ, s, np.array([phi, 0.0])))
    assert abs(u[1, 1]) == pytest.approx(np.cos(phi / 2), abs=1e-12)


def test_qiskit_nature_uccsd_is_all_excitations_with_givens_angles():
    pytest.importorskip("qiskit_nature")
    from qiskit_nature.second_q.circuit.library import UCCSD, HartreeFock
    from qiskit_nature.second_q.mappers import JordanWignerMapper

    mapper = JordanWignerMapper()
    circ = UCCSD(num_spatial_orbitals=2, num_particles=(1, 1), qubit_mapper=mapper,
                 initial_state=HartreeFock(2, (1, 1), mapper))
    s = structure_from_circuit(circ)
    assert s.kind_counts == {"su2": 0, "rotation": 0, "excitation": 3}
    assert s.real
    hf = Statevector(circ.assign_parameters(np.zeros(3)).decompose(reps=4))
    phi = 0.7
    for k in range(3):  # two singles and one double: overlap with HF is cos(φ/2)
        angles = np.zeros(3)
        angles[k] = phi
        psi = Statevector(_assign(circ, s, angles).decompose(reps=4))
        assert abs(hf.inner(psi)) == pytest.approx(np.cos(phi / 2), abs=1e-12)


def test_wrapped_circuit_is_unwrapped():
    inner = real_amplitudes(3, reps=2)
    circ = QuantumCircuit(3)
    circ.append(inner.to_gate(), range(3))
    s = structure_from_circuit(circ)
    assert s.kind_counts["rotation"] == 9 and s.n_layers == 3 and s.real


def test_large_efficient_su2_completes():
    s = structure_from_circuit(efficient_su2(100, reps=50))
    assert s.n_params == 10200 and s.n_layers == 51
    assert s.kind_counts["rotation"] == 10200


# -- hand-built circuits -----------------------------------------------------------------------

def test_u_gate_is_su2_row_lambda_theta_phi():
    th, ph, la = Parameter("a_th"), Parameter("b_ph"), Parameter("c_la")
    circ = QuantumCircuit(1)
    circ.u(th, ph, la, 0)
    s = structure_from_circuit(circ)
    assert s.su2.tolist() == [[2, 0, 1]]  # (φ, θ, ω) = (λ, θ, φ) by index
    target = np.array([0.3, 1.2, -2.1])
    angles = np.zeros(3)
    angles[s.su2[0]] = target
    assert _equal_up_to_phase(Operator(_assign(circ, s, angles)).data, _rot(*target))


def test_mixed_circuit_kinds_scales_and_offsets():
    v = ParameterVector("v", 9)
    circ = QuantumCircuit(3)
    circ.rz(2 * v[0] + 1.0, 0)  # su2 run with an affine φ
    circ.ry(v[1], 0)
    circ.rz(-v[2], 0)
    circ.rx(v[0], 1)  # shared with the su2 block: no new entry
    circ.ry(2 * v[3] + 0.5, 1)  # affine rotation
    circ.cx(1, 2)
    circ.rz(v[4] ** 2, 2)  # non-affine -> rotation, scale 1
    circ.rx(v[5] + v[6], 2)  # two parameters -> both rotations, scale 1
    circ.rzz(v[7], 0, 1)
    circ.crx(v[8], 0, 2)
    s = structure_from_circuit(circ)
    assert s.su2.tolist() == [[0, 1, 2]]
    assert sorted(s.rotations.tolist()) == [3, 4, 5, 6, 7, 8]
    np.testing.assert_allclose(s.scale, [2, 1, -1, 2, 1, 1, 1, 1, 1])
    np.testing.assert_allclose(s.offset, [1, 0, 0, 0.5, 0, 0, 0, 0, 0])
    assert not s.real
    # q0: run (1) + rzz + crx = 3 units; q1: run (rx, ry) + rzz = 2 units.
    assert s.n_layers == 3
    # The su2 row realises Rot(φ, θ, ω) through the affine map.
    one = QuantumCircuit(1)
    for ci in circ.data[:3]:
        one.append(ci.operation, [0])
    target = np.array([-0.4, 0.8, 2.5])
    angles = np.zeros(s.n_params)
    angles[s.su2[0]] = target
    bound = one.assign_parameters(dict(zip(circ.parameters, s.angles_to_params(angles),
                                           strict=True)), strict=False)
    assert _equal_up_to_phase(Operator(bound).data, _rot(*target))


def test_first_use_decides_kind_and_scale():
    p, q, r = Parameter("p"), Parameter("q"), Parameter("r")
    circ = QuantumCircuit(2)
    circ.rx(2 * p, 1)
    circ.rz(p, 0)
    circ.ry(q, 0)
    circ.rz(r, 0)
    s = structure_from_circuit(circ)
    assert s.kind_counts == {"su2": 0, "rotation": 3, "excitation": 0}
    assert s.scale.tolist() == [2.0, 1.0, 1.0]


def test_rz_ry_rz_broken_by_another_gate_is_not_su2():
    v = ParameterVector("v", 3)
    circ = QuantumCircuit(2)
    circ.rz(v[0], 0)
    circ.cx(0, 1)
    circ.ry(v[1], 0)
    circ.rz(v[2], 0)
    assert structure_from_circuit(circ).kind_counts["su2"] == 0


def test_pauli_evolution_terms():
    t = ParameterVector("t", 3)
    circ = QuantumCircuit(2)
    circ.append(PauliEvolutionGate(SparsePauliOp("ZZ", 0.25), time=t[0]), [0, 1])
    circ.append(PauliEvolutionGate(SparsePauliOp(["XY", "YX"], [0.5, -0.5]), time=t[1]),
                [0, 1])
    circ.append(PauliEvolutionGate(SparsePauliOp(["XX", "ZI"], [1.0, 1.0]), time=t[2]), [0, 1])
    s = structure_from_circuit(circ)
    assert s.excitations.tolist() == [1] and s.rotations.tolist() == [0, 2]
    np.testing.assert_allclose(s.scale, [0.5, 2.0, 1.0])
    # exp(−i t 0.25 ZZ) is RZZ(angle) with angle = 0.5 t.
    one = QuantumCircuit(2)
    one.append(PauliEvolutionGate(SparsePauliOp("ZZ", 0.25), time=t[0] * 1.0), [0, 1])
    rzz = QuantumCircuit(2)
    rzz.rzz(0.8, 0, 1)
    got = Operator(one.assign_parameters([0.8 / 0.5]).decompose(reps=3)).data
    assert _equal_up_to_phase(got, Operator(rzz).data)


def test_xx_plus_yy_is_excitation_and_complex():
    p = Parameter("p")
    circ = QuantumCircuit(2)
    circ.append(XXPlusYYGate(3 * p - 0.2, 0.0), [0, 1])
    s = structure_from_circuit(circ)
    assert s.excitations.tolist() == [0] and not s.real
    assert (s.scale[0], s.offset[0]) == pytest.approx((3.0, -0.2))


# -- identity blocks ---------------------------------------------------------------------------

def _random_block(n_qubits: int, prefix: str, seed: int) -> QuantumCircuit:
    rng = np.random.default_rng(seed)
    v = iter(ParameterVector(prefix, 64))
    circ = QuantumCircuit(n_qubits)
    for _ in range(2):
        for q in range(n_qubits):
            choice = rng.integers(4)
            if choice == 0:
                circ.u(next(v), next(v), next(v), q)
            elif choice == 1:
                circ.rz(2 * next(v) + 0.3, q)
            elif choice == 2:
                circ.ry(next(v), q)
                circ.s(q)
            else:
                circ.h(q)
                circ.rx(next(v), q)
        circ.cx(0, 1)
        circ.rzz(next(v), 1, 2)
        circ.crx(next(v), 2, 0)
    return circ


def _identity_check(circ: QuantumCircuit, seed: int) -> None:
    s = structure_from_circuit(circ)
    assert s.mirror is not None
    free = s.mirror < 0
    rng = np.random.default_rng(seed)
    angles = rng.uniform(-np.pi, np.pi, s.n_params)
    angles[~free] = -angles[s.mirror[~free]]
    u = Operator(_assign(circ, s, angles)).data
    assert _equal_up_to_phase(u, np.eye(2**circ.num_qubits))
    # and the map is needed: random angles everywhere do not give the identity
    other = Operator(_assign(circ, s, rng.uniform(-np.pi, np.pi, s.n_params))).data
    assert not _equal_up_to_phase(other, np.eye(2**circ.num_qubits), atol=1e-3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mirror_single_pair_gives_identity(seed):
    a = _random_block(3, "a", seed)
    fresh = ParameterVector("b", a.num_parameters)
    circ = a.compose(a.assign_parameters(fresh).inverse())
    _identity_check(circ, seed)


def test_mirror_sequence_of_pairs_gives_identity():
    a1, a2 = _random_block(3, "a", 5), _random_block(3, "c", 6)
    b1 = a1.assign_parameters(ParameterVector("b", a1.num_parameters)).inverse()
    b2 = a2.assign_parameters(ParameterVector("d", a2.num_parameters)).inverse()
    circ = a1.compose(b1).compose(a2).compose(b2)
    _identity_check(circ, 11)


def test_mirror_absent_without_free_parameters_or_symmetry():
    a = _random_block(3, "a", 3)
    assert structure_from_circuit(a.compose(a.inverse())).mirror is None  # same parameters
    assert structure_from_circuit(a).mirror is None
    assert structure_from_circuit(real_amplitudes(3, reps=2)).mirror is None


# -- errors -------------------------------------------------------------------------------------

def test_circuit_without_parameters_is_rejected():
    with pytest.raises(ValueError, match="circuit has no parameters"):
        structure_from_circuit(QuantumCircuit(2))


@pytest.mark.parametrize("bad", [None, "efficient_su2", np.zeros(3)])
def test_non_circuit_is_rejected(bad):
    with pytest.raises(TypeError, match=r"circuit must be a qiskit\.QuantumCircuit"):
        structure_from_circuit(bad)
