"""Ansätze: shapes, the Qiskit UCCSD circuit equals PennyLane's gates, HF start energies."""

from __future__ import annotations

import numpy as np
import pennylane as qml
import pytest
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator

from qrmt.vqe import TEMPLATES, pennylane_ansatz, qiskit_ansatz
from qrmt.vqe.ansatz import DOUBLE_GENERATOR, SINGLE_GENERATOR, _evolution_gate


@pytest.mark.parametrize(
    ("gen", "cls", "wires"),
    [(SINGLE_GENERATOR, qml.SingleExcitation, [0, 1]),
     (DOUBLE_GENERATOR, qml.DoubleExcitation, [0, 1, 2, 3])],
)
@pytest.mark.parametrize("theta", [0.37, -2.1])
def test_pauli_evolution_equals_pennylane_excitation_gate(gen, cls, wires, theta):
    qc = QuantumCircuit(len(wires))
    qc.append(*_evolution_gate(gen, wires, theta))
    # Operator is little-endian; reverse_qargs gives PennyLane's wire-0-first order.
    np.testing.assert_allclose(Operator(qc).reverse_qargs().data,
                               qml.matrix(cls(theta, wires=wires)), atol=1e-12)


def test_pennylane_shapes_and_templates(h2):
    n = h2.n_qubits
    assert pennylane_ansatz(h2, "hea", 3)[1:] == ((3, n, 3), "StronglyEntanglingLayers")
    assert pennylane_ansatz(h2, "ry", 2)[1:] == ((2, n), "BasicEntanglerLayers")
    n_exc = len(h2.singles) + len(h2.doubles)
    assert pennylane_ansatz(h2, "uccsd", 5)[1:] == ((n_exc,), "AllSinglesDoubles")
    shape = tuple(qml.kUpCCGSD.shape(k=2, n_wires=n, delta_sz=0))
    assert pennylane_ansatz(h2, "kupccgsd", 2)[1:] == (shape, "kUpCCGSD")
    assert set(TEMPLATES) == {"hea", "ry", "uccsd", "kupccgsd"}


def test_qiskit_circuits(h2):
    n = h2.n_qubits
    assert qiskit_ansatz(h2, "hea", 2).num_parameters == 2 * n * 3  # efficient_su2: 2n(L+1)
    assert qiskit_ansatz(h2, "ry", 2).num_parameters == n * 3  # real_amplitudes: n(L+1)
    assert qiskit_ansatz(h2, "uccsd", 1).num_parameters == len(h2.singles) + len(h2.doubles)
    with pytest.raises(ValueError, match="'kupccgsd' is not available on Aer backends"):
        qiskit_ansatz(h2, "kupccgsd", 1)
    with pytest.raises(ValueError, match="unknown ansatz 'xyz'"):
        qiskit_ansatz(h2, "xyz", 1)
    with pytest.raises(ValueError, match="layers must be a positive int; got 0"):
        pennylane_ansatz(h2, "hea", 0)


def test_qiskit_hf_preparation_is_the_hf_determinant(h2):
    from qiskit.quantum_info import Statevector

    qc = qiskit_ansatz(h2, "uccsd", 1).assign_parameters(np.zeros(3))
    probs = Statevector(qc).probabilities()
    # Qiskit index: bit i of the index is qubit i = wire i.
    hf_index = sum(int(b) << i for i, b in enumerate(h2.hf_state))
    assert probs[hf_index] == pytest.approx(1.0)
