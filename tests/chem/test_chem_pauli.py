"""Bit-trick Pauli matrices, sector enumeration and sector weights against PennyLane/Qiskit."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from qrmt.chem.pauli import (
    pauli_masks,
    popcount,
    sector_states,
    sector_weight,
    sparse_matrix,
    spin2_matrix,
    spin_masks,
)


def test_popcount_matches_python():
    a = np.random.default_rng(0).integers(0, 2**62, size=1000, dtype=np.int64)
    assert popcount(a).tolist() == [bin(int(x)).count("1") for x in a]


def test_sparse_matrix_matches_pennylane_and_qiskit():
    import pennylane as qml
    from qiskit.quantum_info import SparsePauliOp

    rng = np.random.default_rng(7)
    n = 5
    words = ["".join(rng.choice(list("IXYZ"), n)) for _ in range(40)]
    coeffs = rng.normal(size=40) + 1j * rng.normal(size=40)
    ours = sparse_matrix(coeffs, words).toarray()
    ref = sum(c * qml.matrix(qml.pauli.string_to_pauli_word(w, wire_map={i: i for i in range(n)}),
                             wire_order=range(n)) for c, w in zip(coeffs, words, strict=True))
    np.testing.assert_allclose(ours, ref, atol=1e-12)
    # Qiskit: reversed labels give the same operator on the bit-reversed basis
    qk = SparsePauliOp([w[::-1] for w in words], coeffs).to_matrix()
    rev = np.array([int(format(k, f"0{n}b")[::-1], 2) for k in range(2**n)])
    np.testing.assert_allclose(qk, ours[np.ix_(rev, rev)], atol=1e-12)


def test_sector_restriction_is_a_submatrix():
    rng = np.random.default_rng(3)
    words = ["".join(rng.choice(list("IXYZ"), 6)) for _ in range(30)]
    coeffs = rng.normal(size=30)
    states = sector_states(6, 2, 1)
    full = sparse_matrix(coeffs, words).toarray()
    np.testing.assert_allclose(sparse_matrix(coeffs, words, states).toarray(),
                               full[np.ix_(states, states)], atol=1e-12)


@pytest.mark.parametrize(("n", "na", "nb"), [(4, 1, 1), (8, 2, 2), (10, 3, 2), (12, 3, 3)])
def test_sector_states(n, na, nb):
    s = sector_states(n, na, nb)
    assert s.size == comb(n // 2, na) * comb(n // 2, nb)
    assert np.all(np.diff(s) > 0)
    alpha, beta = spin_masks(n)
    assert np.all(popcount(s & alpha) == na) and np.all(popcount(s & beta) == nb)
    # brute force over all 2^n indices with string manipulation (wire i = character i)
    brute = [k for k in range(2**n)
             if format(k, f"0{n}b")[0::2].count("1") == na
             and format(k, f"0{n}b")[1::2].count("1") == nb]
    assert s.tolist() == brute


def test_sector_weight_and_endianness():
    n = 4
    psi = np.zeros(2**n, complex)
    psi[0b1100] = np.sqrt(0.7)  # wires 0, 1 (PennyLane order): one alpha, one beta
    psi[0b1110] = np.sqrt(0.3)  # three electrons
    assert sector_weight(psi, 2) == pytest.approx(0.3)
    assert sector_weight(psi, 2, wire_order="qiskit") == pytest.approx(0.3)  # order-free
    two_alpha = np.zeros(2**n)
    two_alpha[0b1010] = 1.0  # PennyLane: wires 0, 2 (alpha); Qiskit: qubits 1, 3 (beta)
    assert sector_weight(two_alpha, 2, n_alpha=2) == 0.0
    assert sector_weight(two_alpha, 2, n_alpha=2, wire_order="qiskit") == 1.0
    batch = np.stack([psi, two_alpha])
    np.testing.assert_allclose(sector_weight(batch, 2), [0.3, 0.0])
    with pytest.raises(ValueError, match="power of 2"):
        sector_weight(np.ones(6), 2)
    with pytest.raises(ValueError, match="wire_order must be 'pennylane' or 'qiskit'"):
        sector_weight(psi, 2, wire_order="little")


def test_sector_weight_of_a_pennylane_state():
    import pennylane as qml

    dev = qml.device("default.qubit", wires=4)

    @qml.qnode(dev)
    def state():
        qml.BasisState(np.array([1, 1, 0, 0]), wires=range(4))
        qml.RX(2 * np.arcsin(np.sqrt(0.25)), wires=3)  # 25 % on the 3-electron state
        return qml.state()

    assert sector_weight(state(), 2) == pytest.approx(0.25, abs=1e-12)


def test_pauli_masks_errors():
    x, z, ny = pauli_masks(["XYZI"])
    assert (int(x[0]), int(z[0]), int(ny[0])) == (0b1100, 0b0110, 1)
    with pytest.raises(ValueError, match="characters other than I, X, Y, Z"):
        pauli_masks(["XA"])
    with pytest.raises(ValueError, match="same length"):
        pauli_masks(["XX", "X"])


@pytest.mark.parametrize(("na", "nb"), [(2, 1), (2, 2), (3, 1), (1, 0)])
def test_spin2_matrix_matches_pennylane_spin2(na, nb):
    import pennylane as qml

    n = 8
    states = sector_states(n, na, nb)
    s2 = qml.pauli.pauli_sentence(qml.qchem.spin2(na + nb, n))
    words = ["".join(pw.get(w, "I") for w in range(n)) for pw in s2]
    ref = sparse_matrix(list(s2.values()), words, states).toarray()
    ours = spin2_matrix(states, n).toarray()
    np.testing.assert_allclose(ours, ref.real, atol=1e-12)
    eig = np.linalg.eigvalsh(ours)  # eigenvalues S(S+1) with S >= S_z
    s = (-1 + np.sqrt(1 + 4 * eig)) / 2
    np.testing.assert_allclose(s * 2, np.round(s * 2), atol=1e-9)
    assert s.min() == pytest.approx((na - nb) / 2, abs=1e-9)
