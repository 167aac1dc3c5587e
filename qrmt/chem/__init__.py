"""Chemistry for the VQE benchmark: molecules, qubit Hamiltonians, exact sector references.

* :class:`Molecule` (geometry in Ångström, charge, multiplicity, basis, active space),
  :func:`builtin_molecules`, :func:`get_molecule`, :func:`parse_geometry`, :func:`read_xyz`,
  :func:`molecule_from_geometry`.
* :func:`build_problem` -> :class:`Problem`: Jordan–Wigner Hamiltonian (PennyLane wire order),
  HF state, singles/doubles, HF energy and the FCI/CASCI energy of the molecule's own
  (N, S_z, S) sector; cached on disk by content.
* :func:`mp2_amplitudes` / :func:`mp2_angles`: MP2 starting point for UCC-type ansätze.
* :func:`memory_estimate` / :func:`check_fits_statevector`: refuse problems too large for a
  state vector.
"""

from __future__ import annotations

from qrmt.chem.library import builtin_molecules, get_molecule
from qrmt.chem.memory import check_fits_statevector, memory_estimate
from qrmt.chem.molecule import Molecule, molecule_from_geometry, parse_geometry, read_xyz
from qrmt.chem.mp2 import mp2_amplitudes, mp2_angles, mp2_energy
from qrmt.chem.problem import METHODS, Problem, build_problem

__all__ = [
    "METHODS",
    "Molecule",
    "Problem",
    "build_problem",
    "builtin_molecules",
    "check_fits_statevector",
    "get_molecule",
    "memory_estimate",
    "molecule_from_geometry",
    "mp2_amplitudes",
    "mp2_angles",
    "mp2_energy",
    "parse_geometry",
    "read_xyz",
]
