"""MP2 amplitudes and DoubleExcitation angles against PySCF MP2 and the energy slope."""

from __future__ import annotations

import numpy as np
import pytest

from qrmt.chem import build_problem, get_molecule, mp2_amplitudes, mp2_angles, mp2_energy
from qrmt.chem.mp2 import double_excitation_signs

pyscf = pytest.importorskip("pyscf")
from pyscf import gto, mp, scf  # noqa: E402


def pyscf_mp2(molecule, frozen: int = 0):
    mol = gto.M(atom=[[s, c] for s, c in zip(molecule.symbols, molecule.coordinates, strict=True)],
                basis=molecule.basis, charge=molecule.charge, verbose=0)
    mf = scf.RHF(mol)
    mf.conv_tol = 1e-11
    mf.kernel()
    pt = mp.MP2(mf, frozen=frozen or None)
    e_corr, t2 = pt.kernel()
    return e_corr, t2


def energy_along(problem, weights):
    import pennylane as qml

    dev = qml.device("default.qubit", wires=problem.n_qubits)
    ham = problem.pennylane_hamiltonian()

    @qml.qnode(dev)
    def circuit(w):
        qml.AllSinglesDoubles(w, wires=range(problem.n_qubits), hf_state=np.array(problem.hf_state),
                              singles=[list(s) for s in problem.singles],
                              doubles=[list(d) for d in problem.doubles])
        return qml.expval(ham)

    return lambda lam: float(circuit(lam * weights))


def test_h2_amplitude_equals_pyscf_t2():
    p = build_problem(get_molecule("H2"), cache=False)
    singles, t = mp2_amplitudes(p)
    _, t2 = pyscf_mp2(p.molecule)
    # t_{0a 0b}^{1a 1b} = (01|01) / (2 e_0 - 2 e_1) = PySCF t2[i=0, j=0, a=0, b=0]; the
    # exchange integral (01|01) is positive whatever the orbital phases, so the sign is fixed.
    assert singles.tolist() == [0.0, 0.0]
    assert t.shape == (1,) and t[0] < 0
    assert t[0] == pytest.approx(t2[0, 0, 0, 0], abs=1e-8)
    assert double_excitation_signs(p).tolist() == [1.0]
    assert mp2_angles(p)[1][0] == pytest.approx(-2 * t[0])  # positive angle for H2


@pytest.mark.parametrize(("name", "frozen"), [("H2", 0), ("H4", 0), ("LiH", 1)])
def test_mp2_energy_and_slope(name, frozen):
    p = build_problem(get_molecule(name), cache=False)
    e_mp2_ref, _ = pyscf_mp2(p.molecule, frozen)
    assert mp2_energy(p) == pytest.approx(e_mp2_ref, abs=1e-8)
    # First order in lambda the MP2 angles prepare |HF> + lambda |Psi_1>, so
    # dE/dlambda(0) = 2 sum_k t_k <ij||ab>_k = 2 E_MP2 < 0: the MP2 start lowers the energy.
    theta_s, theta_d = mp2_angles(p)
    energy = energy_along(p, np.concatenate([theta_s, theta_d]))
    h = 1e-4
    slope = (energy(h) - energy(-h)) / (2 * h)
    assert energy(0.0) == pytest.approx(p.hf_energy, abs=1e-10)
    assert slope == pytest.approx(2 * e_mp2_ref, rel=1e-5, abs=1e-8)
    assert energy(1.0) < p.hf_energy
    # Negative control: dropping the Jordan-Wigner sign (theta = -2 t) spoils the slope in H4,
    # where two doubles have s = -1.
    if name == "H4":
        assert (double_excitation_signs(p) < 0).sum() == 2
        unsigned = energy_along(p, np.concatenate([theta_s, -2 * mp2_amplitudes(p)[1]]))
        assert abs((unsigned(h) - unsigned(-h)) / (2 * h) - 2 * e_mp2_ref) > 1e-3
