r"""Molecular-orbital integrals in an active space, from PennyLane's built-in HF or from PySCF.

Both routes return the same object, :class:`ActiveIntegrals`, in PennyLane's convention

.. math::

    H = E_\mathrm{core} + \sum_{pq} h_{pq} c_p^\dagger c_q
        + \tfrac12 \sum_{pqrs} g_{pqrs} c_p^\dagger c_q^\dagger c_r c_s,
    \qquad g_{pqrs} = (ps|qr) \ \text{(chemists' notation)},

with spatial indices in the active space, and the frozen core folded in:
:math:`E_\mathrm{core} = E_\mathrm{nuc} + \sum_i 2h_{ii} + \sum_{ij} [2(ii|jj) - (ij|ji)]`
and :math:`h_{pq} \mathrel{+}= \sum_i [2(pq|ii) - (pi|iq)]` over core orbitals ``i``.

* ``"pennylane"``: ``qml.qchem.scf`` (restricted closed-shell HF, differentiable, offline,
  coordinates declared in Ångström with ``unit="angstrom"``). It does not support open
  shells (``qml.qchem.scf`` raises for odd electron counts or ``mult != 1``, and
  ``molecular_hamiltonian`` allows ``mult`` only with ``method="openfermion"``), so open-shell
  molecules go through PySCF even when ``"pennylane"`` is requested.
* ``"pyscf"``: PySCF RHF (closed shell) or ROHF (open shell, ``spin = multiplicity - 1``),
  ``conv_tol = 1e-10``.

References:
    A. Szabo and N. S. Ostlund, *Modern Quantum Chemistry* (Dover, 1996), ch. 2-3.
    Q. Sun et al., "PySCF: the Python-based simulations of chemistry framework",
    WIREs Comput. Mol. Sci. 8, e1340 (2018).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qrmt._optional import require
from qrmt.chem.molecule import Molecule

__all__ = ["ActiveIntegrals", "compute_integrals", "pennylane_molecule", "resolve_route"]

#: Largest occupied-virtual Fock element tolerated for a converged SCF (Hartree).
_SCF_GRADIENT_TOL = 1e-5


@dataclass(frozen=True)
class ActiveIntegrals:
    """Active-space integrals and orbital data of one SCF solution.

    Attributes:
        core_constant: nuclear repulsion + frozen-core energy (Hartree).
        one: ``(n, n)`` one-electron integrals with the core folded in.
        two: ``(n, n, n, n)`` two-electron integrals, ``two[p, q, r, s] = (ps|qr)``.
        orbital_energies: ``(n,)`` canonical (RHF / ROHF) energies of the active orbitals.
        n_core: number of frozen doubly occupied orbitals.
        route: ``"pennylane"`` or ``"pyscf"`` (the code that actually ran).
        scf_energy: total SCF energy reported by that code.
    """

    core_constant: float
    one: np.ndarray
    two: np.ndarray
    orbital_energies: np.ndarray
    n_core: int
    route: str
    scf_energy: float


def resolve_route(molecule: Molecule, method: str) -> str:
    """Return the integral code that will run: open shells always use PySCF."""
    if molecule.multiplicity != 1 and method == "pennylane":
        return "pyscf"
    return method


def compute_integrals(molecule: Molecule, method: str) -> ActiveIntegrals:
    """Run the SCF of ``molecule`` with ``method`` and return its active-space integrals.

    Args:
        molecule: validated molecule.
        method: ``"pennylane"`` or ``"pyscf"``; open shells are routed to PySCF.

    Raises:
        MissingDependencyError: PySCF is needed (``method="pyscf"`` or an open shell) but
            is not installed; the message gives ``pip install "qrmt[chem]"``.
        RuntimeError: the SCF did not converge.
    """
    route = resolve_route(molecule, method)
    if route == "pyscf":
        purpose = (
            f"the open-shell molecule {molecule.name} (multiplicity {molecule.multiplicity}; "
            "PennyLane's built-in Hartree-Fock is closed-shell only)"
            if molecule.multiplicity != 1
            else "method='pyscf'"
        )
        require("pyscf", "chem", purpose)
        return _pyscf_integrals(molecule)
    return _pennylane_integrals(molecule)


def pennylane_molecule(molecule: Molecule) -> Any:
    """Return the ``qml.qchem.Molecule`` for ``molecule`` (coordinates converted Å -> Bohr)."""
    import pennylane as qml

    return qml.qchem.Molecule(
        list(molecule.symbols),
        np.array(molecule.coordinates, dtype=float),
        charge=molecule.charge,
        mult=molecule.multiplicity,
        basis_name=molecule.basis,
        unit="angstrom",
    )


def _fold_core(
    e_nuc: float, one: np.ndarray, two: np.ndarray, n_core: int, n_act: int
) -> tuple[float, np.ndarray, np.ndarray]:
    """Fold ``n_core`` doubly occupied orbitals into the constant and the one-body term."""
    core = slice(0, n_core)
    act = slice(n_core, n_core + n_act)
    tc = two[core, core, core, core]
    const = (
        e_nuc
        + 2.0 * np.trace(one[core, core])
        + 2.0 * np.einsum("ijji->", tc)
        - np.einsum("ijij->", tc)
    )
    h = one[act, act] + 2.0 * np.einsum("ipqi->pq", two[core, act, act, core]) - np.einsum(
        "ipiq->pq", two[core, act, core, act]
    )
    return float(const), np.ascontiguousarray(h), np.ascontiguousarray(two[act, act, act, act])


def _pennylane_integrals(molecule: Molecule) -> ActiveIntegrals:
    import pennylane as qml

    try:
        mol = pennylane_molecule(molecule)
    except ValueError as exc:  # unsupported basis set or element
        raise ValueError(
            f"PennyLane's built-in Hartree-Fock cannot handle {molecule.name} in basis "
            f"{molecule.basis!r} ({exc}); try method='pyscf'"
        ) from exc
    n_core, _, n_act = molecule.active_space()
    if n_act is None:
        n_act = int(mol.n_orbitals) - n_core
    eps, c, _, h_core, eri_ao = (np.asarray(x, dtype=float) for x in qml.qchem.scf(mol)())
    n_occ = molecule.n_electrons // 2
    # Fock matrix rebuilt from the final density (the one scf returns is from the step before,
    # and its occupied-virtual block in the final orbitals vanishes by construction).
    dens = c[:, :n_occ] @ c[:, :n_occ].T
    fock = (
        h_core
        + 2.0 * np.einsum("pqrs,rs->pq", eri_ao, dens)
        - np.einsum("psqr,rs->pq", eri_ao, dens)
    )
    f_mo = c.T @ fock @ c
    gradient = float(np.max(np.abs(f_mo[:n_occ, n_occ:]), initial=0.0))
    if gradient > _SCF_GRADIENT_TOL:
        raise RuntimeError(
            f"PennyLane's Hartree-Fock for {molecule.name} did not converge (largest "
            f"occupied-virtual Fock element {gradient:.2e} Ha); try method='pyscf'"
        )
    one = c.T @ h_core @ c
    # (pq|rs) in the MO basis, then PennyLane's order two[p, q, r, s] = (ps|qr).
    eri = np.einsum("up,vq,uvwx,wr,xs->pqrs", c, c, eri_ao, c, c, optimize=True)
    two = eri.transpose(0, 2, 3, 1)
    e_nuc = float(np.asarray(qml.qchem.nuclear_energy(mol.nuclear_charges, mol.coordinates)()).ravel()[0])
    const, h, g = _fold_core(e_nuc, one, two, n_core, n_act)
    occ = slice(0, n_occ)
    e_scf = e_nuc + float(
        2.0 * np.trace(one[occ, occ])
        + 2.0 * np.einsum("ijji->", two[occ, occ, occ, occ])
        - np.einsum("ijij->", two[occ, occ, occ, occ])
    )
    return ActiveIntegrals(
        core_constant=const,
        one=h,
        two=g,
        orbital_energies=eps[n_core : n_core + n_act].copy(),
        n_core=n_core,
        route="pennylane",
        scf_energy=e_scf,
    )


def _pyscf_integrals(molecule: Molecule) -> ActiveIntegrals:
    from pyscf import ao2mo, gto, scf

    try:
        mol = gto.M(
            atom=[[s, tuple(xyz)] for s, xyz in zip(molecule.symbols, molecule.coordinates, strict=True)],
            basis=molecule.basis,
            charge=molecule.charge,
            spin=molecule.multiplicity - 1,
            unit="Angstrom",
            verbose=0,
        )
    except (KeyError, RuntimeError, ValueError) as exc:  # BasisNotFoundError is a RuntimeError
        raise ValueError(
            f"PySCF cannot build basis {molecule.basis!r} for {'+'.join(molecule.symbols)}: {exc}"
        ) from exc
    mf = scf.RHF(mol) if molecule.multiplicity == 1 else scf.ROHF(mol)
    mf.conv_tol = 1e-10
    mf.max_cycle = 200
    e_scf = float(mf.kernel())
    if not mf.converged:
        raise RuntimeError(f"PySCF {type(mf).__name__} for {molecule.name} did not converge")
    occ = np.asarray(mf.mo_occ)
    if np.any(np.diff(occ) > 0):
        raise RuntimeError(
            f"PySCF {type(mf).__name__} for {molecule.name} occupied orbitals out of energy "
            f"order (mo_occ={occ.tolist()}); the active space would be ill-defined"
        )
    n_core, _, n_act = molecule.active_space()
    if n_act is None:
        n_act = int(mol.nao_nr()) - n_core
    c = np.asarray(mf.mo_coeff)
    n = c.shape[1]
    one = c.T @ mf.get_hcore() @ c
    eri = ao2mo.restore(1, ao2mo.full(mol, c), n)  # (pq|rs)
    two = eri.transpose(0, 2, 3, 1)  # two[p, q, r, s] = (ps|qr)
    const, h, g = _fold_core(float(mf.energy_nuc()), one, two, n_core, n_act)
    return ActiveIntegrals(
        core_constant=const,
        one=h,
        two=g,
        orbital_energies=np.asarray(mf.mo_energy, dtype=float)[n_core : n_core + n_act].copy(),
        n_core=n_core,
        route="pyscf",
        scf_energy=e_scf,
    )
