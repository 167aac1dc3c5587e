"""Workloads: a parametrised circuit, its observable and parameters, and the ISA transpile.

A :class:`Workload` is what gets estimated: the *logical* circuit (HF preparation +
ansatz, parameters unbound), the qubit Hamiltonian as a ``SparsePauliOp`` (qubit ``i`` is
PennyLane wire ``i``, see :mod:`qrmt.chem.problem`), a parameter vector in
``circuit.parameters`` order, and the references: ``exact_energy`` (sector-correct FCI /
CASCI from the :class:`~qrmt.chem.problem.Problem`) and, computed here, ``ideal_energy`` =
``<ψ(θ)|H|ψ(θ)>`` of the same bound logical circuit by an exact statevector, so a result
shows what the noise of the device cost.

For a backend, :func:`to_isa` runs ``generate_preset_pass_manager(optimization_level,
backend=backend)`` and maps the observable onto the physical qubits with
``observable.apply_layout(isa_circuit.layout)``, as Runtime primitives require.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np

from qrmt._rng import SeedLike
from qrmt._validation import check_choice, check_nonnegative_int, check_positive_int

__all__ = [
    "ANSATZE",
    "IDEAL_MAX_QUBITS",
    "Workload",
    "build_workload",
    "check_level",
    "ideal_energy",
    "to_isa",
    "workload_from_circuit",
]

ANSATZE = ("hea", "ry", "uccsd")
#: Largest register for which ``ideal_energy`` is computed (a 2^n statevector).
IDEAL_MAX_QUBITS = 24


@dataclasses.dataclass(frozen=True)
class Workload:
    """A circuit + observable + parameters to estimate, with its references.

    Attributes:
        circuit: logical parametrised ``QuantumCircuit``.
        observable: ``SparsePauliOp`` on the circuit's qubits (constant term included).
        params: float64 vector in ``circuit.parameters`` order.
        description: JSON-able record of how it was built (molecule, ansatz, init, seed).
        exact_energy: sector-correct reference energy, or None when unknown.
        hf_energy: Hartree–Fock energy, or None.
    """

    circuit: Any
    observable: Any
    params: np.ndarray
    description: dict[str, Any]
    exact_energy: float | None = None
    hf_energy: float | None = None

    @property
    def summary(self) -> str:
        """One line: ``H2 sto-3g hea L=1 init=gaussian seed=7 (4 qubits, 16 params)``."""
        d = self.description
        parts = [str(d.get("molecule", d.get("name", "custom")))]
        for key, fmt in (("basis", "{}"), ("ansatz", "{}"), ("layers", "L={}"),
                         ("init", "init={}"), ("seed", "seed={}")):
            if d.get(key) is not None:
                parts.append(fmt.format(d[key]))
        parts.append(f"({self.circuit.num_qubits} qubits, {len(self.params)} params)")
        return " ".join(parts)


def check_level(name: str, value: object, levels: tuple[int, ...]) -> int:
    """Return ``value`` if it is an int among ``levels``; else raise naming the parameter.

    Raises:
        TypeError: not an int.
        ValueError: not among ``levels``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, one of {list(levels)}; got {value!r}")
    if value not in levels:
        raise ValueError(f"{name} must be one of {list(levels)}; got {value}")
    return value


def ideal_energy(circuit: Any, observable: Any, params: np.ndarray) -> float | None:
    """Noise-free ``<ψ(θ)|H|ψ(θ)>`` of the logical circuit, by exact statevector.

    Returns None for registers larger than :data:`IDEAL_MAX_QUBITS`.
    """
    from qiskit.quantum_info import Statevector

    if circuit.num_qubits > IDEAL_MAX_QUBITS:
        return None
    bound = circuit.assign_parameters(np.asarray(params, dtype=float)) if len(params) else circuit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = Statevector(bound).expectation_value(observable)
    return float(np.real(value))


def workload_from_circuit(
    circuit: Any,
    observable: Any,
    params: Any,
    *,
    description: dict[str, Any] | None = None,
    exact_energy: float | None = None,
    hf_energy: float | None = None,
) -> Workload:
    """Wrap a hand-built circuit and observable as a :class:`Workload`.

    Raises:
        ValueError: parameter count or qubit count mismatch.
    """
    values = np.asarray(params, dtype=np.float64).reshape(-1)
    if values.size != circuit.num_parameters:
        raise ValueError(
            f"params must have {circuit.num_parameters} entries (circuit.parameters); "
            f"got {values.size}"
        )
    if observable.num_qubits != circuit.num_qubits:
        raise ValueError(
            f"observable acts on {observable.num_qubits} qubits but the circuit has "
            f"{circuit.num_qubits}"
        )
    desc = {"name": circuit.name} if description is None else dict(description)
    return Workload(circuit, observable, values, desc, exact_energy, hf_energy)


def _molecule(spec: dict[str, Any]) -> Any:
    from qrmt import chem

    if spec.get("molecule"):
        if spec.get("geometry"):
            raise ValueError("give either molecule or geometry, not both")
        return chem.get_molecule(spec["molecule"])
    if not spec.get("geometry"):
        raise ValueError("a workload needs molecule=NAME or geometry='SYMBOL x y z; ...'")
    keys = ("charge", "multiplicity", "basis", "active_electrons", "active_orbitals", "name")
    kwargs = {k: spec[k] for k in keys if spec.get(k) is not None}
    return chem.molecule_from_geometry(spec["geometry"], **kwargs)


def build_workload(
    *,
    molecule: str | None = None,
    geometry: str | None = None,
    charge: int | None = None,
    multiplicity: int | None = None,
    basis: str | None = None,
    active_electrons: int | None = None,
    active_orbitals: int | None = None,
    ansatz: str = "hea",
    layers: int = 1,
    init: str = "gaussian",
    seed: SeedLike = None,
) -> Workload:
    """Build the molecule's Hamiltonian, the ansatz circuit and its starting parameters.

    Uses :func:`qrmt.chem.build_problem`, :func:`qrmt.vqe.qiskit_ansatz` and
    :func:`qrmt.init.initializer` (parameters in ``circuit.parameters`` order).

    Args:
        molecule: built-in molecule name (``"H2"``); or instead
        geometry: ``"H 0 0 0; H 0 0 0.735"`` (Å), with the next five options.
        charge: total charge (geometry only).
        multiplicity: spin multiplicity 2S + 1.
        basis: basis set name (default sto-3g).
        active_electrons: electrons in the active space.
        active_orbitals: spatial orbitals in the active space.
        ansatz: ``"hea"``, ``"ry"`` or ``"uccsd"``.
        layers: ansatz repetitions.
        init: initializer strategy name.
        seed: seed of the initializer (an int is recorded in the description).

    Returns:
        The :class:`Workload`.

    Raises:
        ValueError: bad molecule / ansatz / init values (validated before any work).
    """
    check_choice("ansatz", ansatz, ANSATZE)
    check_positive_int("layers", layers)
    if isinstance(seed, int):
        check_nonnegative_int("seed", seed)
    spec: dict[str, Any] = {
        "molecule": molecule, "geometry": geometry, "charge": charge,
        "multiplicity": multiplicity, "basis": basis, "active_electrons": active_electrons,
        "active_orbitals": active_orbitals,
    }
    mol = _molecule(spec)
    from qrmt.chem import build_problem
    from qrmt.init import initializer
    from qrmt.vqe import qiskit_ansatz

    init_fn = initializer(init)  # validates the strategy name before the chemistry runs
    problem = build_problem(mol)
    circuit = qiskit_ansatz(problem, ansatz, layers)
    params = np.asarray(init_fn(circuit, seed=seed), dtype=np.float64).reshape(-1)
    description = {
        "molecule": getattr(mol, "name", molecule),
        "geometry": geometry,
        "charge": getattr(mol, "charge", charge),
        "multiplicity": getattr(mol, "multiplicity", multiplicity),
        "basis": getattr(mol, "basis", basis),
        "active_electrons": active_electrons,
        "active_orbitals": active_orbitals,
        "ansatz": ansatz,
        "layers": layers,
        "init": init,
        "seed": seed if isinstance(seed, int) else None,
    }
    return Workload(
        circuit=circuit,
        observable=problem.sparse_pauli_op(),
        params=params,
        description={k: v for k, v in description.items() if v is not None},
        exact_energy=float(problem.exact_energy),
        hf_energy=float(problem.hf_energy),
    )


def to_isa(circuit: Any, observable: Any, backend: Any, *,
           optimization_level: int = 1, seed_transpiler: int | None = 0) -> tuple[Any, Any]:
    """Transpile to the backend's ISA and lay the observable out on the physical qubits.

    Args:
        circuit: logical circuit (parameters may stay unbound).
        observable: ``SparsePauliOp`` on the logical qubits.
        backend: a Runtime / fake backend.
        optimization_level: 0–3 for ``generate_preset_pass_manager``.
        seed_transpiler: seed of the stochastic layout/routing passes (fixed by default,
            so a resumed VQE gets the same ISA circuit); None for a random one.

    Returns:
        ``(isa_circuit, isa_observable)``.

    Raises:
        ValueError: the circuit needs more qubits than the backend has, or a bad level.
    """
    from qiskit.transpiler import generate_preset_pass_manager

    check_level("optimization_level", optimization_level, (0, 1, 2, 3))
    if circuit.num_qubits > backend.num_qubits:
        raise ValueError(
            f"the circuit needs {circuit.num_qubits} qubits but backend {backend.name!r} has "
            f"{backend.num_qubits}; choose a larger backend (qrmt ibm backends)"
        )
    pm = generate_preset_pass_manager(optimization_level=optimization_level, backend=backend,
                                      seed_transpiler=seed_transpiler)
    with warnings.catch_warnings():  # scipy sparse-format notes from gate synthesis
        warnings.simplefilter("ignore")
        isa = pm.run(circuit)
    return isa, observable.apply_layout(isa.layout)
