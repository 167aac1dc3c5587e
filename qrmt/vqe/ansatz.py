"""The ansätze, built for PennyLane and for Qiskit from one :class:`~qrmt.chem.Problem`.

* ``hea``: HF + ``StronglyEntanglingLayers`` (weights ``(L, n, 3)``) on PennyLane;
  HF + ``efficient_su2(n, reps=L)`` (``2n(L+1)`` parameters) on Qiskit.
* ``ry``: HF + ``BasicEntanglerLayers(rotation=RY)`` (RY layer + CNOT ring, ``(L, n)``);
  HF + ``real_amplitudes(n, reps=L)`` (``n(L+1)`` parameters) on Qiskit.
* ``uccsd``: ``AllSinglesDoubles`` on HF (``(n_singles + n_doubles,)``); on Qiskit the same
  gates as Pauli evolutions.
* ``kupccgsd``: ``kUpCCGSD(k=L, delta_sz=0)`` on HF; PennyLane only.

``hea`` and ``ry`` are different circuits in the two frameworks (each framework's own
hardware-efficient family), so both are benchmarked. ``uccsd`` is the *same* circuit in both:

* **Why AllSinglesDoubles for UCCSD.** It applies one ``DoubleExcitation`` per double and
  then one ``SingleExcitation`` per single of the problem, on the HF state: the excitation
  content of UCCSD in qubit (Givens-rotation) form, i.e. each gate rotates a determinant into
  its excitation without the Jordan–Wigner parity strings of the fermionic operator. It is
  particle-conserving, reaches FCI on small molecules (Arrazola et al. 2022), and is fast
  and adjoint-differentiable, whereas ``qml.UCCSD`` exponentiates long Jordan–Wigner Pauli
  ladders.
* **Why not qiskit-nature's UCCSD on Aer.** qiskit-nature orders spin orbitals in blocks
  (all α, then all β) and builds its own fermionic Hamiltonian with its own mapping, while
  :meth:`Problem.sparse_pauli_op` is the PennyLane Hamiltonian with *interleaved* spin orbitals
  (wire ``i`` ↦ Qiskit qubit ``i``). Mixing the two would apply excitations to the wrong
  orbitals. Instead the Qiskit circuit is built from each PennyLane gate's own generator:
  ``SingleExcitation(θ) = exp(−iθ G₁)`` with ``G₁ = (Y₀X₁ − X₀Y₁)/4`` and
  ``DoubleExcitation(θ) = exp(−iθ G₂)`` with the 8-term ``G₂`` (all terms commute, so one
  :class:`~qiskit.circuit.library.PauliEvolutionGate` step is exact). Both frameworks then give
  the same energy for the same parameters (tested).

References:
    Kandala et al., Nature 549, 242 (2017) (hardware-efficient ansatz).
    Arrazola et al., Quantum 6, 742 (2022) (universal Givens-rotation chemistry circuits).
    Lee et al., J. Chem. Theory Comput. 15, 311 (2019) (k-UpCCGSD).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qrmt._validation import check_choice, check_positive_int
from qrmt.vqe.config import ANSATZE

if TYPE_CHECKING:
    from qiskit import QuantumCircuit

__all__ = [
    "DOUBLE_GENERATOR",
    "SINGLE_GENERATOR",
    "TEMPLATES",
    "pennylane_ansatz",
    "qiskit_ansatz",
]

TEMPLATES: dict[str, str] = {
    "hea": "StronglyEntanglingLayers",
    "ry": "BasicEntanglerLayers",
    "uccsd": "AllSinglesDoubles",
    "kupccgsd": "kUpCCGSD",
}
"""PennyLane template of each ansatz (the ``template=`` option of :func:`qrmt.initializer`)."""

# Generators G with gate(θ) = exp(−iθ G); characters act on the gate's wires in order
# (PennyLane's SingleExcitation / DoubleExcitation generators, with the sign flipped since
# PennyLane writes gate(θ) = exp(iθ generator)).
SINGLE_GENERATOR: tuple[tuple[float, str], ...] = ((0.25, "YX"), (-0.25, "XY"))
DOUBLE_GENERATOR: tuple[tuple[float, str], ...] = (
    (-0.0625, "XXXY"),
    (-0.0625, "XXYX"),
    (0.0625, "XYXX"),
    (-0.0625, "XYYY"),
    (0.0625, "YXXX"),
    (-0.0625, "YXYY"),
    (0.0625, "YYXY"),
    (0.0625, "YYYX"),
)


def _check(problem: Any, ansatz: str, layers: int) -> None:
    check_choice("ansatz", ansatz, ANSATZE)
    check_positive_int("layers", layers)
    if ansatz == "uccsd" and not (len(problem.singles) + len(problem.doubles)):
        raise ValueError(
            f"ansatz 'uccsd' needs at least one excitation; problem {problem.molecule!r} has none"
        )


def pennylane_ansatz(
    problem: Any, ansatz: str, layers: int
) -> tuple[Callable[[Any], None], tuple[int, ...], str]:
    """Return the PennyLane quantum function of an ansatz, its weights shape and template.

    The quantum function prepares the Hartree–Fock state of ``problem`` and applies the
    template; it takes the weights array of the returned shape.

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        ansatz: one of :data:`~qrmt.vqe.ANSATZE`.
        layers: number of layers (``k`` for ``kupccgsd``; ignored by ``uccsd``).

    Returns:
        ``(qfunc, shape, template)``: ``template`` is the PennyLane template name for
        ``qrmt.initializer(..., template=template)``.

    Raises:
        ValueError: unknown ansatz or non-positive layers.

    Example:
        >>> qfunc, shape, template = pennylane_ansatz(problem, "hea", 2)  # doctest: +SKIP
        >>> shape, template  # doctest: +SKIP
        ((2, 4, 3), 'StronglyEntanglingLayers')
    """
    import pennylane as qml

    _check(problem, ansatz, layers)
    n = int(problem.n_qubits)
    wires = list(range(n))
    hf = np.asarray(problem.hf_state, dtype=int)

    if ansatz == "hea":
        shape = tuple(qml.StronglyEntanglingLayers.shape(n_layers=layers, n_wires=n))

        def qfunc(weights: Any) -> None:
            qml.BasisState(hf, wires=wires)
            qml.StronglyEntanglingLayers(weights, wires=wires)

    elif ansatz == "ry":
        shape = (layers, n)

        def qfunc(weights: Any) -> None:
            qml.BasisState(hf, wires=wires)
            qml.BasicEntanglerLayers(weights, wires=wires, rotation=qml.RY)

    elif ansatz == "uccsd":
        singles = [list(s) for s in problem.singles]
        doubles = [list(d) for d in problem.doubles]
        shape = (len(singles) + len(doubles),)

        def qfunc(weights: Any) -> None:
            qml.AllSinglesDoubles(weights, wires, hf, singles, doubles)

    else:
        shape = tuple(qml.kUpCCGSD.shape(k=layers, n_wires=n, delta_sz=0))

        def qfunc(weights: Any) -> None:
            qml.kUpCCGSD(weights, wires=wires, k=layers, delta_sz=0, init_state=hf)

    return qfunc, tuple(int(s) for s in shape), TEMPLATES[ansatz]


def _evolution_gate(generator: Sequence[tuple[float, str]], wires: Sequence[int],
                    theta: Any) -> tuple[Any, list[int]]:
    from qiskit.circuit.library import PauliEvolutionGate
    from qiskit.quantum_info import SparsePauliOp

    # Qiskit labels are little-endian: the last character acts on the first qubit.
    op = SparsePauliOp([w[::-1] for _, w in generator], [c for c, _ in generator])
    return PauliEvolutionGate(op, time=theta), list(wires)


def qiskit_ansatz(problem: Any, ansatz: str, layers: int) -> QuantumCircuit:
    """Return the Qiskit circuit of an ansatz: HF preparation + parametrised ansatz.

    Qubit ``i`` is PennyLane wire ``i`` (the convention of :meth:`Problem.sparse_pauli_op`).
    The HF state is prepared with X on every qubit with ``hf_state[i] = 1``.

    Args:
        problem: a :class:`qrmt.chem.Problem`.
        ansatz: ``"hea"`` (``efficient_su2``), ``"ry"`` (``real_amplitudes``) or ``"uccsd"``
            (``AllSinglesDoubles`` from Pauli evolutions: the doubles act first, then the
            singles; the parameters are ordered singles then doubles, as its weights).
        layers: ``reps`` of ``efficient_su2`` / ``real_amplitudes``; ignored by ``uccsd``.

    Returns:
        The circuit; its ``parameters`` (sorted by name) are the flat parameter vector. For
        ``uccsd`` the order is the PennyLane weights order (singles, then doubles), so the
        same vector gives the same energy in both frameworks.

    Raises:
        ValueError: unknown ansatz, or ``kupccgsd`` (not available on Aer backends).
    """
    from qiskit import QuantumCircuit
    from qiskit.circuit import ParameterVector
    from qiskit.circuit.library import efficient_su2, real_amplitudes

    _check(problem, ansatz, layers)
    if ansatz == "kupccgsd":
        raise ValueError(
            "ansatz 'kupccgsd' is not available on Aer backends; use backend 'lightning' or "
            "'default'"
        )
    n = int(problem.n_qubits)
    qc = QuantumCircuit(n, name=f"{ansatz}_{TEMPLATES[ansatz]}")
    occupied = [i for i, b in enumerate(problem.hf_state) if int(b) == 1]
    if occupied:
        qc.x(occupied)
    if ansatz == "hea":
        qc.compose(efficient_su2(n, reps=layers), inplace=True)
    elif ansatz == "ry":
        qc.compose(real_amplitudes(n, reps=layers), inplace=True)
    else:
        # AllSinglesDoubles' order: weights are (singles, doubles) but the doubles act first.
        n_s = len(problem.singles)
        theta = ParameterVector("θ", n_s + len(problem.doubles))
        for k, d in enumerate(problem.doubles):
            qc.append(*_evolution_gate(DOUBLE_GENERATOR, d, theta[n_s + k]))
        for k, s in enumerate(problem.singles):
            qc.append(*_evolution_gate(SINGLE_GENERATOR, s, theta[k]))
    return qc
