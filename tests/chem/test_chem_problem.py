"""Problems: published energies, independent PySCF FCI/CASCI, sectors, both frameworks agree."""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
import pytest

from qrmt._optional import MissingDependencyError
from qrmt.chem import build_problem, get_molecule, molecule_from_geometry
from qrmt.chem.integrals import pennylane_molecule
from qrmt.chem.pauli import popcount

pyscf = pytest.importorskip("pyscf")
from pyscf import fci, gto, mcscf, scf  # noqa: E402

BOHR_ANGSTROM = 0.529177210903  # CODATA 2018 Bohr radius in Å


def pyscf_reference(mol_q, *, ss: float | None = None) -> tuple[float, float]:
    """Independent PySCF (HF, FCI/CASCI) energies for a qrmt Molecule."""
    mol = gto.M(
        atom=[[s, c] for s, c in zip(mol_q.symbols, mol_q.coordinates, strict=True)],
        basis=mol_q.basis, charge=mol_q.charge, spin=mol_q.multiplicity - 1, verbose=0,
    )
    mf = (scf.RHF if mol_q.multiplicity == 1 else scf.ROHF)(mol)
    mf.conv_tol = 1e-11
    mf.kernel()
    n_core, ae, ao = mol_q.active_space()
    if n_core == 0 and ao == mol.nao_nr():
        solver = fci.FCI(mf)
        e = solver.kernel()[0] if ss is None else fci.addons.fix_spin_(solver, ss=ss).kernel()[0]
    else:
        mc = mcscf.CASCI(mf, ao, ae)
        if ss is not None:
            fci.addons.fix_spin_(mc.fcisolver, ss=ss)
        e = mc.kernel()[0]
    return float(mf.e_tot), float(e)


@pytest.fixture(scope="module")
def h2():
    return build_problem(get_molecule("H2"), cache=False)


# ---------------------------------------------------------------- published values
def test_h2_szabo_ostlund_values():
    # Szabo & Ostlund, Modern Quantum Chemistry, H2 STO-3G at R = 1.4 a0 (0.7408 Å):
    # E_HF = -1.1167 Ha (sec. 3.5.2), full CI correlation -0.0206 Ha -> E_FCI = -1.1373 Ha
    # (sec. 4.2). Four decimals published, so the tolerance is half a unit in the last place.
    m = molecule_from_geometry(f"H 0 0 0; H 0 0 {1.4 * BOHR_ANGSTROM}")
    p = build_problem(m, cache=False)
    assert p.hf_energy == pytest.approx(-1.1167, abs=6e-5)
    assert p.exact_energy == pytest.approx(-1.1373, abs=6e-5)


def test_h2_at_0735(h2):
    # Commonly quoted STO-3G values at 0.735 Å (e.g. Qiskit/PennyLane VQE tutorials):
    # HF -1.11699 Ha, FCI -1.13731 Ha.
    assert h2.n_qubits == 4 and h2.n_electrons == 2
    assert h2.hf_energy == pytest.approx(-1.11699, abs=1e-5)
    assert h2.exact_energy == pytest.approx(-1.13731, abs=1e-5)
    assert h2.hf_state == (1, 1, 0, 0)
    assert h2.singles == ((0, 2), (1, 3)) and h2.doubles == ((0, 1, 2, 3),)


def test_angstrom_not_bohr(h2):
    mol = pennylane_molecule(get_molecule("H2"))
    r = np.linalg.norm(np.asarray(mol.coordinates)[1] - np.asarray(mol.coordinates)[0])
    assert r == pytest.approx(0.735 / BOHR_ANGSTROM, rel=1e-8)  # 1.38895 a0
    # The same numbers read as Bohr (0.735 a0 = 0.389 Å) would be a far higher energy.
    squeezed = molecule_from_geometry(f"H 0 0 0; H 0 0 {0.735 * BOHR_ANGSTROM}")
    e_squeezed = build_problem(squeezed, cache=False).hf_energy
    assert e_squeezed == pytest.approx(pyscf_reference(squeezed)[0], abs=1e-6)
    assert e_squeezed > h2.hf_energy + 0.2


# ---------------------------------------------------------------- independent PySCF
@pytest.mark.parametrize(
    "molecule",
    [
        get_molecule("HeH+"),
        molecule_from_geometry("H 0 0 0; H 0 0 0.735", charge=1, multiplicity=2),  # H2+ doublet
        molecule_from_geometry("Li 0 0 0; H 0 0 1.6", charge=1, multiplicity=2,
                               active_electrons=1, active_orbitals=5),  # LiH+ CASCI
        get_molecule("LiH"),  # CASCI (2e, 5o)
        get_molecule("H2O"),  # CASCI (4e, 4o)
        get_molecule("OH"),  # ROHF + CASCI (5e, 4o), doublet
        get_molecule("H3+"),
    ],
    ids=lambda m: m.name,
)
def test_reference_matches_pyscf(molecule):
    p = build_problem(molecule, cache=False)
    e_hf, e_exact = pyscf_reference(molecule)
    assert p.hf_energy == pytest.approx(e_hf, abs=1e-6)
    assert p.exact_energy == pytest.approx(e_exact, abs=1e-6)
    assert p.method == ("pennylane" if molecule.multiplicity == 1 else "pyscf")
    if molecule.name == "LiH":  # the 10-qubit cell is not an easy one: HF ~20 mHa above CASCI
        assert p.n_qubits == 10 and p.hf_energy - p.exact_energy > 1e-2


def test_pennylane_and_pyscf_routes_agree():
    m = get_molecule("BeH2")
    a, b = build_problem(m, cache=False), build_problem(m, method="pyscf", cache=False)
    assert (a.method, b.method) == ("pennylane", "pyscf")
    assert a.hf_energy == pytest.approx(b.hf_energy, abs=1e-6)
    assert a.exact_energy == pytest.approx(b.exact_energy, abs=1e-6)


# ---------------------------------------------------------------- sectors
def test_cation_reference_is_not_the_qubit_ground_state():
    m = molecule_from_geometry("H 0 0 0; H 0 0 0.735", charge=1, multiplicity=2)
    p = build_problem(m, cache=False)
    import pennylane as qml

    mat = qml.matrix(p.pennylane_hamiltonian(), wire_order=range(p.n_qubits))
    w, v = np.linalg.eigh(mat)
    # The qubit Hamiltonian's minimum is neutral H2 (-1.137 Ha), in the 2-electron sector.
    assert w[0] == pytest.approx(-1.13731, abs=1e-5)
    assert p.sector_weight(v[:, 0]) == pytest.approx(1.0, abs=1e-12)
    assert p.exact_energy == pytest.approx(pyscf_reference(m)[1], abs=1e-8)
    assert p.exact_energy > w[0] + 0.5  # H2+ is ~0.6 Ha higher
    # HeH+ as well: the global minimum holds 3 electrons.
    q = build_problem(get_molecule("HeH+"), cache=False)
    wq, vq = np.linalg.eigh(q.sparse_matrix().toarray())
    assert popcount(np.argmax(np.abs(vq[:, 0]))) == 3
    assert wq[0] < q.exact_energy - 0.1


def test_total_spin_filter_singlet_o2():
    # O2 has a triplet ground state: the lowest S_z = 0 state is the triplet's M = 0 component.
    # Asked for a singlet, the reference must be the lowest S = 0 state (PySCF CASCI with
    # fix_spin ss=0), not the lowest S_z = 0 eigenvalue.
    m = molecule_from_geometry("O 0 0 0; O 0 0 1.208", active_electrons=2, active_orbitals=2)
    p = build_problem(m, method="pyscf", cache=False)
    lowest_sz0 = np.linalg.eigvalsh(p.sparse_matrix(sector=True).toarray())[0]
    assert p.exact_energy == pytest.approx(pyscf_reference(m, ss=0.0)[1], abs=1e-8)
    assert lowest_sz0 < p.exact_energy - 1e-2
    triplet = build_problem(replace(m, multiplicity=3), method="pyscf", cache=False)
    assert triplet.hf_state == (1, 0, 1, 0)  # high spin: both alpha
    assert triplet.exact_energy == pytest.approx(lowest_sz0, abs=1e-8)


# ---------------------------------------------------------------- frameworks
def test_hf_energy_same_in_pennylane_and_qiskit():
    import pennylane as qml
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import SparsePauliOp, Statevector

    p = build_problem(get_molecule("H4"), cache=False)  # hf_state 11110000: order matters
    dev = qml.device("default.qubit", wires=p.n_qubits)

    @qml.qnode(dev)
    def energy():
        qml.BasisState(np.array(p.hf_state), wires=range(p.n_qubits))
        return qml.expval(p.pennylane_hamiltonian())

    qc = QuantumCircuit(p.n_qubits)
    for i, b in enumerate(p.hf_state):
        if b:
            qc.x(i)
    sv = Statevector(qc)
    e_qiskit = float(np.real(sv.expectation_value(p.sparse_pauli_op())))
    assert float(energy()) == pytest.approx(p.hf_energy, abs=1e-10)
    assert e_qiskit == pytest.approx(p.hf_energy, abs=1e-10)
    assert p.sector_weight(np.asarray(sv.data), wire_order="qiskit", spin=True) == 0.0
    # Negative control: labels left unreversed describe a different operator.
    wrong = SparsePauliOp(p.words, coeffs=p.coefficients)
    assert abs(float(np.real(sv.expectation_value(wrong))) - p.hf_energy) > 0.1
    # Whole matrices agree up to the bit-order permutation.
    n = p.n_qubits
    m_pl = qml.matrix(p.pennylane_hamiltonian(), wire_order=range(n))
    m_qk = p.sparse_pauli_op().to_matrix()
    rev = np.array([int(format(k, f"0{n}b")[::-1], 2) for k in range(2**n)])
    np.testing.assert_allclose(m_qk, m_pl[np.ix_(rev, rev)], atol=1e-12)
    np.testing.assert_allclose(p.sparse_matrix().toarray(), m_pl, atol=1e-12)


def test_excitations_and_hf_state_match_pennylane():
    import pennylane as qml

    for name in ("H4", "OH"):
        p = build_problem(get_molecule(name), cache=False)
        s, d = qml.qchem.excitations(p.n_electrons, p.n_qubits, delta_sz=0)
        assert p.singles == tuple(map(tuple, s)) and p.doubles == tuple(map(tuple, d))
        assert p.hf_state == tuple(int(b) for b in qml.qchem.hf_state(p.n_electrons, p.n_qubits))


# ---------------------------------------------------------------- errors
def test_build_problem_argument_errors(h2):
    with pytest.raises(ValueError, match=r"unknown method 'pyscff'.*did you mean 'pyscf'"):
        build_problem(get_molecule("H2"), method="pyscff")
    with pytest.raises(TypeError, match=r"molecule must be a qrmt\.chem\.Molecule"):
        build_problem("H2")  # type: ignore[arg-type]


def test_open_shell_without_pyscf_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyscf", None)  # import pyscf now raises ImportError
    with pytest.raises(MissingDependencyError, match=r'open-shell .*pip install "qrmt\[chem\]"'):
        build_problem(get_molecule("OH"), cache=False)


def test_too_large_problem_is_refused_before_any_scf():
    big = molecule_from_geometry("N 0 0 0; N 0 0 1.098", basis="cc-pvdz")  # 28 orbitals
    with pytest.raises(ValueError, match=r"needs 56 qubits and an exact-reference sector of "
                                         r"dimension 1,[0-9,]+; qrmt builds at most 28 qubits"):
        build_problem(big, cache=False)


def test_unknown_basis_errors():
    m = molecule_from_geometry("H 0 0 0; H 0 0 0.735", basis="nonsense")
    with pytest.raises(ValueError, match=r"PennyLane's built-in Hartree-Fock cannot handle H2 in "
                                         r"basis 'nonsense'.*try method='pyscf'"):
        build_problem(m, cache=False)
    with pytest.raises(ValueError, match=r"PySCF cannot build basis 'nonsense' for H\+H"):
        build_problem(m, method="pyscf", cache=False)
