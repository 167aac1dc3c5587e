"""A molecule's qubit Hamiltonian, HF state, excitations and sector-correct exact energy.

Conventions shared with :mod:`qrmt.vqe`:

* **Wires.** Jordan–Wigner on ``2 * active_orbitals`` spin orbitals, PennyLane order:
  wire ``2k`` is the alpha and wire ``2k + 1`` the beta spin orbital of active spatial
  orbital ``k`` (lowest first). In a Pauli word ``"IXZY"`` character ``i`` acts on wire ``i``.
* **Qiskit.** :meth:`Problem.sparse_pauli_op` maps wire ``i`` to Qiskit qubit ``i``. Qiskit
  labels are little-endian, so the label of a term is the *reversed* word. Prepare the HF
  state with an X on every qubit ``i`` with ``hf_state[i] == 1`` in either framework; both
  then see the same determinant and the same energy.
* **HF state.** High-spin ROHF determinant: ``n_alpha`` alpha wires ``0, 2, ...`` and
  ``n_beta`` beta wires ``1, 3, ...`` occupied, with ``n_alpha - n_beta = multiplicity - 1``.
  For closed shells this is ``qml.qchem.hf_state(n_electrons, n_qubits)``.
* **Exact energy.** Lowest eigenvalue of the Hamiltonian restricted to the basis states with
  the molecule's electron number *and* ``S_z = (multiplicity - 1) / 2`` whose total spin is
  ``S = S_z`` (FCI, or CASCI in an active space). The penalty
  ``H + mu (S^2 - S(S+1))`` (``S^2`` built on the same sector with bit masks, see
  :func:`qrmt.chem.pauli.spin2_matrix`, and checked against ``qml.qchem.spin2``;
  ``mu`` larger than the spectral width divided by the smallest ``S^2`` gap ``2(S+1)``)
  lifts higher-spin states above the target one without moving it; the returned
  eigenvector is checked to have ``<S^2> = S(S+1)``. This is *not* the lowest eigenvalue of
  the qubit Hamiltonian, which for cations lies in another particle-number sector.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla

from qrmt._validation import check_choice
from qrmt.chem.integrals import ActiveIntegrals, compute_integrals, resolve_route
from qrmt.chem.molecule import Molecule
from qrmt.chem.pauli import (
    popcount,
    sector_states,
    sector_weight,
    sparse_matrix,
    spin2_matrix,
)

if TYPE_CHECKING:
    import scipy.sparse as sp
    from pennylane.operation import Operator
    from qiskit.quantum_info import SparsePauliOp

__all__ = ["METHODS", "Problem", "build_problem", "excitations", "hf_occupation"]

#: Integral routes accepted by :func:`build_problem`.
METHODS = ("pennylane", "pyscf")
#: Largest problem :func:`build_problem` accepts: qubits, and dimension of the (N, S_z) sector
#: that the exact reference diagonalises. Checked before any SCF runs.
MAX_QUBITS = 28
MAX_SECTOR_DIMENSION = 2_000_000
_DENSE_LIMIT = 1500  # sector dimension up to which a dense eigensolver is used


@dataclass(frozen=True)
class Problem:
    """Everything a VQE run needs about one molecule (see the module docstring for conventions).

    Attributes:
        molecule: the molecule.
        n_qubits: ``2 * active_orbitals``.
        n_electrons: active electrons.
        hamiltonian_terms: ``(coefficient, word)`` pairs, word character ``i`` on wire ``i``;
            the identity ``"I" * n_qubits`` carries the nuclear-repulsion + core constant.
        hf_state: occupation (0/1) of each wire.
        hf_energy: ``<HF|H|HF>`` (Hartree).
        exact_energy: FCI/CASCI energy in the molecule's (N, S_z, S) sector (Hartree).
        singles: ``(occupied, virtual)`` wire pairs with ``delta S_z = 0``, in
            ``qml.qchem.excitations`` order.
        doubles: ``(occ, occ, virt, virt)`` wire quadruples, same order.
        method: integral code that ran (``"pennylane"`` or ``"pyscf"``).
        n_alpha: active alpha electrons (even wires); ``n_electrons - n_alpha`` are beta.
        orbital_energies: canonical energies of the active spatial orbitals (Hartree).
        two_electron: ``(n, n, n, n)`` active two-electron integrals, ``[p, q, r, s] = (ps|qr)``.
    """

    molecule: Molecule
    n_qubits: int
    n_electrons: int
    hamiltonian_terms: tuple[tuple[float, str], ...]
    hf_state: tuple[int, ...]
    hf_energy: float
    exact_energy: float
    singles: tuple[tuple[int, int], ...]
    doubles: tuple[tuple[int, int, int, int], ...]
    method: str = "pennylane"
    n_alpha: int = 0
    orbital_energies: tuple[float, ...] = ()
    two_electron: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False, repr=False)

    @property
    def coefficients(self) -> np.ndarray:
        """Term coefficients as a float64 array."""
        return np.array([c for c, _ in self.hamiltonian_terms], dtype=float)

    @property
    def words(self) -> list[str]:
        """Pauli words (PennyLane wire order)."""
        return [w for _, w in self.hamiltonian_terms]

    def pennylane_hamiltonian(self) -> Operator:
        """The Hamiltonian as a PennyLane operator on wires ``0 .. n_qubits - 1``."""
        import pennylane as qml

        ops = []
        for _, word in self.hamiltonian_terms:
            factors = [getattr(qml, "Pauli" + p)(i) for i, p in enumerate(word) if p != "I"]
            if not factors:
                ops.append(qml.Identity(wires=range(self.n_qubits)))
            elif len(factors) == 1:
                ops.append(factors[0])
            else:
                ops.append(qml.prod(*factors))
        return qml.Hamiltonian(self.coefficients, ops)

    def sparse_pauli_op(self) -> SparsePauliOp:
        """The Hamiltonian as a Qiskit ``SparsePauliOp``; wire ``i`` is Qiskit qubit ``i``.

        Qiskit labels put qubit 0 rightmost, so each label is the reversed Pauli word.
        """
        from qiskit.quantum_info import SparsePauliOp

        return SparsePauliOp([w[::-1] for w in self.words], coeffs=self.coefficients)

    def sparse_matrix(self, *, sector: bool = False) -> sp.csr_matrix:
        """CSR matrix of the Hamiltonian (PennyLane order), on all states or the (N, S_z) sector."""
        states = self.sector_states() if sector else None
        return sparse_matrix(self.coefficients, self.words, states)

    def sector_states(self) -> np.ndarray:
        """Basis indices (PennyLane order) of the molecule's (N, S_z) sector."""
        return sector_states(self.n_qubits, self.n_alpha, self.n_electrons - self.n_alpha)

    def sector_weight(self, state: np.ndarray, *, wire_order: str = "pennylane", spin: bool = False) -> float:
        """Probability of ``state`` outside the molecule's electron-number sector.

        Args:
            state: statevector of length ``2^n_qubits``; PennyLane's ``qml.state()`` has wire 0
                as the most significant bit, Qiskit's ``Statevector`` has qubit 0 as the least.
            wire_order: ``"pennylane"`` or ``"qiskit"``: the endianness of ``state``.
            spin: also count states with the wrong ``S_z`` (number of alpha electrons on the
                even wires) as outside; this is where ``wire_order`` matters.

        Returns:
            Weight (probability) of basis states whose popcount differs from ``n_electrons``.
        """
        check_choice("wire_order", wire_order, ("pennylane", "qiskit"))
        return float(
            sector_weight(
                state, self.n_electrons, wire_order=wire_order, n_alpha=self.n_alpha if spin else None
            )
        )

    # -------------------------------------------------------------- serialisation
    def to_json(self) -> dict[str, Any]:
        """JSON-able dict of every field."""
        return {
            "molecule": self.molecule.to_dict(),
            "n_qubits": self.n_qubits,
            "n_electrons": self.n_electrons,
            "hamiltonian_terms": [[c, w] for c, w in self.hamiltonian_terms],
            "hf_state": list(self.hf_state),
            "hf_energy": self.hf_energy,
            "exact_energy": self.exact_energy,
            "singles": [list(s) for s in self.singles],
            "doubles": [list(d) for d in self.doubles],
            "method": self.method,
            "n_alpha": self.n_alpha,
            "orbital_energies": list(self.orbital_energies),
            "two_electron": np.asarray(self.two_electron, dtype=float).ravel().tolist(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], molecule: Molecule | None = None) -> Problem:
        """Inverse of :meth:`to_json` (``molecule`` replaces the stored one, e.g. for its name)."""
        n_orb = len(d["orbital_energies"])
        return cls(
            molecule=molecule or Molecule.from_dict(d["molecule"]),
            n_qubits=int(d["n_qubits"]),
            n_electrons=int(d["n_electrons"]),
            hamiltonian_terms=tuple((float(c), str(w)) for c, w in d["hamiltonian_terms"]),
            hf_state=tuple(int(b) for b in d["hf_state"]),
            hf_energy=float(d["hf_energy"]),
            exact_energy=float(d["exact_energy"]),
            singles=tuple((int(a), int(b)) for a, b in d["singles"]),
            doubles=tuple((int(a), int(b), int(c), int(e)) for a, b, c, e in d["doubles"]),
            method=str(d["method"]),
            n_alpha=int(d["n_alpha"]),
            orbital_energies=tuple(float(e) for e in d["orbital_energies"]),
            two_electron=np.array(d["two_electron"], dtype=float).reshape((n_orb,) * 4),
        )


# ------------------------------------------------------------------ building blocks
def hf_occupation(n_qubits: int, n_alpha: int, n_beta: int) -> tuple[int, ...]:
    """High-spin determinant: alpha wires ``0, 2, ..`` and beta wires ``1, 3, ..`` filled."""
    wires = np.arange(n_qubits)
    occ = np.where(wires % 2 == 0, wires // 2 < n_alpha, wires // 2 < n_beta)
    return tuple(int(b) for b in occ)


def excitations(
    hf_state: tuple[int, ...],
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int, int, int], ...]]:
    """Spin-conserving singles and doubles out of ``hf_state``, in ``qml.qchem.excitations`` order.

    For a determinant filling the first ``N`` wires (closed shells, doublets) this equals
    ``qml.qchem.excitations(N, n_qubits, delta_sz=0)``; for other high-spin determinants it is
    the same rule (occupied ascending, then virtual ascending) applied to the occupied set.
    """
    occ = [i for i, b in enumerate(hf_state) if b]
    vir = [i for i, b in enumerate(hf_state) if not b]
    sz = [1 if i % 2 == 0 else -1 for i in range(len(hf_state))]
    singles = tuple((r, p) for r in occ for p in vir if sz[p] == sz[r])
    doubles = tuple(
        (s, r, q, p)
        for i, s in enumerate(occ)
        for r in occ[i + 1 :]
        for j, q in enumerate(vir)
        for p in vir[j + 1 :]
        if sz[p] + sz[q] == sz[r] + sz[s]
    )
    return singles, doubles


def _qubit_terms(ints: ActiveIntegrals) -> tuple[tuple[float, str], ...]:
    """Jordan–Wigner qubit Hamiltonian of the active-space integrals (PennyLane's mapping)."""
    import pennylane as qml

    n = 2 * ints.one.shape[0]
    fermi = qml.qchem.fermionic_observable(np.array([ints.core_constant]), ints.one, ints.two)
    sentence = qml.jordan_wigner(fermi, ps=True, tol=1e-12)
    terms: dict[str, float] = {}
    for pw, c in sentence.items():
        word = "".join(pw.get(w, "I") for w in range(n))
        if abs(np.imag(c)) > 1e-10:
            raise RuntimeError(f"non-Hermitian term {word} with coefficient {c}")
        terms[word] = terms.get(word, 0.0) + float(np.real(c))
    terms.setdefault("I" * n, 0.0)
    return tuple((c, w) for w, c in sorted(terms.items()) if abs(c) > 1e-12 or set(w) == {"I"})


def exact_sector_energy(
    coefficients: np.ndarray, words: list[str], n_qubits: int, n_alpha: int, n_beta: int
) -> tuple[float, float]:
    """Lowest energy with ``N = n_alpha + n_beta``, ``S_z = S = (n_alpha - n_beta) / 2``.

    Returns:
        ``(energy, <S^2>)`` of the selected eigenvector.
    """
    states = sector_states(n_qubits, n_alpha, n_beta)
    h = sparse_matrix(coefficients, words, states).real
    s2 = spin2_matrix(states, n_qubits)
    spin = 0.5 * (n_alpha - n_beta)
    target = spin * (spin + 1.0)
    width = 2.0 * float(np.sum(np.abs(coefficients[[set(w) != {"I"} for w in words]])))
    mu = width / (2.0 * (spin + 1.0)) + 1.0
    shifted = h + mu * (s2 - target * _identity(states.size))
    if states.size <= _DENSE_LIMIT:
        _, vecs = sla.eigh(shifted.toarray(), subset_by_index=(0, 0))
        v = vecs[:, 0]
    else:
        # fixed-seed random start: overlaps every symmetry block (a uniform vector may not)
        v0 = np.random.default_rng(0).standard_normal(states.size)
        _, vecs = spla.eigsh(shifted, k=1, which="SA", v0=v0, tol=1e-12)
        v = vecs[:, 0]
    energy = float(v @ (h @ v))
    s2_val = float(v @ (s2 @ v))
    if abs(s2_val - target) > 1e-6:
        raise RuntimeError(f"exact state has <S^2> = {s2_val:.6f}, expected {target:.6f}")
    return energy, s2_val


def _identity(d: int) -> sp.csr_matrix:
    import scipy.sparse

    return scipy.sparse.identity(d, format="csr")


def _hf_energy(coefficients: np.ndarray, words: list[str], hf_state: tuple[int, ...]) -> float:
    """Diagonal element ``<HF|H|HF>``: only I/Z words contribute, with sign (-1)^(occupied Zs)."""
    n = len(hf_state)
    index = int("".join(map(str, hf_state)), 2)
    diag = np.array([set(w) <= {"I", "Z"} for w in words])
    zmask = np.array(
        [sum(1 << (n - 1 - i) for i, p in enumerate(w) if p == "Z") for w in np.array(words)[diag]],
        dtype=np.int64,
    )
    signs = 1 - 2 * (popcount(zmask & index) & 1)
    return float(np.sum(coefficients[diag] * signs))


# ------------------------------------------------------------------ build
def _build_uncached(molecule: Molecule, method: str) -> Problem:
    ints = compute_integrals(molecule, method)
    n_qubits = 2 * ints.one.shape[0]
    _, n_act_e, _ = molecule.active_space()
    n_alpha = (n_act_e + molecule.multiplicity - 1) // 2
    n_beta = n_act_e - n_alpha
    terms = _qubit_terms(ints)
    coeffs = np.array([c for c, _ in terms])
    words = [w for _, w in terms]
    hf = hf_occupation(n_qubits, n_alpha, n_beta)
    hf_energy = _hf_energy(coeffs, words, hf)
    if abs(hf_energy - ints.scf_energy) > 1e-6:
        raise RuntimeError(
            f"<HF|H|HF> = {hf_energy:.8f} differs from the {ints.route} SCF energy "
            f"{ints.scf_energy:.8f} for {molecule.name}; the SCF solution is not the aufbau "
            "determinant of the active space"
        )
    exact, _ = exact_sector_energy(coeffs, words, n_qubits, n_alpha, n_beta)
    singles, doubles = excitations(hf)
    return Problem(
        molecule=molecule,
        n_qubits=n_qubits,
        n_electrons=n_act_e,
        hamiltonian_terms=terms,
        hf_state=hf,
        hf_energy=hf_energy,
        exact_energy=exact,
        singles=singles,
        doubles=doubles,
        method=ints.route,
        n_alpha=n_alpha,
        orbital_energies=tuple(float(e) for e in ints.orbital_energies),
        two_electron=ints.two,
    )


def _check_size(molecule: Molecule) -> None:
    """Refuse, before any SCF, problems whose Hamiltonian or exact reference cannot be built."""
    n_qubits = molecule.n_qubits
    if n_qubits is None:
        return
    _, n_act_e, n_act = molecule.active_space()
    n_alpha = (n_act_e + molecule.multiplicity - 1) // 2
    dim = math.comb(n_act or 0, n_alpha) * math.comb(n_act or 0, n_act_e - n_alpha)
    if n_qubits > MAX_QUBITS or dim > MAX_SECTOR_DIMENSION:
        raise ValueError(
            f"{molecule.name} in {molecule.basis} with active space ({n_act_e}e, {n_act}o) needs "
            f"{n_qubits} qubits and an exact-reference sector of dimension {dim:,}; qrmt builds "
            f"at most {MAX_QUBITS} qubits and sectors up to {MAX_SECTOR_DIMENSION:,}: choose a "
            "smaller active space (active electrons / active orbitals)"
        )


def build_problem(molecule: Molecule, *, method: str = "pennylane", cache: bool = True) -> Problem:
    """Build (or load from the on-disk cache) the VQE problem of ``molecule``.

    Args:
        molecule: the molecule (see :func:`qrmt.chem.get_molecule`).
        method: ``"pennylane"`` (built-in HF, offline; open shells fall back to PySCF) or
            ``"pyscf"``.
        cache: read/write ``data_home()/cache/hamiltonians/<sha256>.json``; the key hashes the
            molecule's physics (all fields but the name), the method and the cache format.

    Returns:
        The :class:`Problem`.

    Raises:
        TypeError: ``molecule`` is not a :class:`Molecule`.
        ValueError: unknown ``method``; problem larger than :data:`MAX_QUBITS` qubits or with an
            exact-reference sector above :data:`MAX_SECTOR_DIMENSION` (checked before any SCF);
            a basis set the chosen code cannot build.
        MissingDependencyError: PySCF needed but missing (install ``qrmt[chem]``).

    Example:
        >>> from qrmt.chem import get_molecule
        >>> p = build_problem(get_molecule("H2"))  # doctest: +SKIP
        >>> p.n_qubits, round(p.hf_energy, 4), round(p.exact_energy, 4)  # doctest: +SKIP
        (4, -1.1167, -1.1373)
    """
    if not isinstance(molecule, Molecule):
        raise TypeError(f"molecule must be a qrmt.chem.Molecule; got {type(molecule).__name__}")
    check_choice("method", method, METHODS)
    _check_size(molecule)
    from qrmt.chem import cache as _cache

    route = resolve_route(molecule, method)
    if cache:
        stored = _cache.load(molecule, route)
        if stored is not None:
            return Problem.from_json(stored, molecule=molecule)
    start = time.perf_counter()
    problem = _build_uncached(molecule, route)
    if cache:
        _cache.store(molecule, route, problem.to_json(), build_seconds=time.perf_counter() - start)
    return problem
