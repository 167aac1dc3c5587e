"""Structure of a Qiskit circuit, read from its gates.

:func:`structure_from_circuit` walks ``circuit.data`` once and decides, for every parameter
(flat index ``i`` is ``circuit.parameters[i]``), what it drives:

* **su2**: ``RZ(a)·RY(b)·RZ(c)`` runs (consecutive on one qubit, three distinct fresh
  parameters) give the row ``(φ, θ, ω) = (a, b, c)`` of ``Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)``;
  ``U/U3(θ, φ, λ) = RZ(φ) RY(θ) RZ(λ)`` (up to phase) gives ``(λ, θ, φ)``.
* **excitations**: particle-conserving gates: ``XXPlusYYGate`` (angle θ), an ``RXX(p)``
  immediately followed by ``RYY(p)`` (or the reverse; angle ``2p``), and a
  ``PauliEvolutionGate(H, t)`` whose ``H = Σ c_k P_k`` (two or more terms, not all diagonal)
  commutes with the number of 1s (angle ``2 t Σ|c_k|``: for a Jordan–Wigner single or double
  excitation this is PennyLane's Single/DoubleExcitation angle, the state rotates by half of
  it). Inside a qiskit-nature ``UCC`` circuit every evolution is an excitation (any mapper).
* **rotations**: everything else; a one-term evolution ``exp(−i t c P)`` has angle ``2 c t``.

An angle that is an affine expression of one parameter gives ``scale`` and ``offset`` with
``angle = scale * param + offset`` (the structure's angle includes the factors above); any
other expression makes each of its parameters a rotation with scale 1. The first use of a
parameter decides its kind, except that a pending ``RZ·RY·RZ`` candidate is decided when its
run on that qubit ends. Parameters the walk cannot see (a parametrised global phase, gates
inside control flow) are rotations with scale 1.

``n_layers``: per qubit, a run of parametrised single-qubit gates (fixed single-qubit gates do
not break it, any multi-qubit gate does) is one unit, and each parametrised multi-qubit gate
is one unit on every qubit it acts on non-trivially; ``n_layers`` is the maximum over qubits
(``efficient_su2(n, reps=r)`` and ``real_amplitudes(n, reps=r)``: ``r + 1``). A composite
gate counts as one gate; a circuit that is one wrapped instruction is unwrapped first.
``real``: every parametrised gate is RY/CRY or an evolution with a purely imaginary generator
(so a real matrix), and every fixed gate is real up to a global phase.

``mirror`` (Grant et al.'s identity blocks) relates *angles*, not parameters: when the
instructions (barriers ignored) split into consecutive pairs ``(A, B)``, ``B`` the gate-by-gate
inverse of ``A`` on its own fresh parameters (as ``a.compose(a.assign_parameters(fresh)
.inverse())`` builds it; U's inverse swaps φ and λ), then setting
``angle[i] = −angle[mirror[i]]`` for every ``i`` with ``mirror[i] >= 0`` (and any angles for
the free ``mirror == −1`` entries) makes the circuit the identity up to a global phase. Map
angles to parameters with :meth:`Structure.angles_to_params` afterwards.

References:
    E. Grant, L. Wossnig, M. Ostaszewski, M. Benedetti, "An initialization strategy for
    addressing barren plateaus in parametrized quantum circuits", Quantum 3, 214 (2019).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from qiskit.circuit import Parameter, ParameterExpression, QuantumCircuit
from qiskit.quantum_info import SparsePauliOp

from qrmt.init.structure import Structure

__all__ = ["structure_from_circuit"]

_SU2_NAMES = frozenset({"u", "u3"})
_ROT_NAMES = frozenset({"rx", "ry", "rz", "p", "u1", "crx", "cry", "crz", "cp", "cu1", "rxx",
                        "ryy", "rzz", "rzx", "mcphase", "PauliEvolution"})
_EXC_NAMES = frozenset({"xx_plus_yy"})
_SELF_INV = frozenset({"id", "x", "y", "z", "h", "cx", "cy", "cz", "ch", "swap", "ccx", "ccz",
                       "cswap", "ecr", "mcx"})
_INV_PAIR = {"s": "sdg", "sdg": "s", "t": "tdg", "tdg": "t", "sx": "sxdg", "sxdg": "sx"}
_REAL_FIXED = frozenset({"id", "x", "y", "z", "h", "cx", "cz", "ch", "swap", "ccx", "ccz",
                         "cswap", "mcx", "measure", "reset", "delay"})
_KNOWN = _SU2_NAMES | _ROT_NAMES | _EXC_NAMES | _SELF_INV | _REAL_FIXED | set(_INV_PAIR)
_SKIP = frozenset({"barrier"})
_REAL_CACHE: dict[Any, bool] = {}
_MAX_DEPTH = 20

# An angle: (0, value) numeric | (1, index, scale, offset) affine in one parameter
# | (2, indices) anything else.
_Angle = tuple


def structure_from_circuit(circuit: QuantumCircuit) -> Structure:
    """Classify every parameter of a Qiskit circuit (see the module docstring).

    Args:
        circuit: the parametrised circuit; flat index ``i`` is ``circuit.parameters[i]``.

    Returns:
        The circuit's :class:`~qrmt.init.structure.Structure`.

    Raises:
        TypeError: ``circuit`` is not a ``QuantumCircuit``.
        ValueError: the circuit has no parameters.

    >>> from qiskit.circuit.library import real_amplitudes
    >>> s = structure_from_circuit(real_amplitudes(3, reps=2))
    >>> s.kind_counts["rotation"], s.n_layers, s.real
    (9, 3, True)
    """
    if not isinstance(circuit, QuantumCircuit):
        raise TypeError(f"circuit must be a qiskit.QuantumCircuit; got {type(circuit).__name__}")
    if circuit.num_parameters == 0:
        raise ValueError("circuit has no parameters; expected a parametrised QuantumCircuit "
                         f"(got {circuit.name!r} with 0 parameters)")
    index = {p: i for i, p in enumerate(circuit.parameters)}
    ucc = any(c.__name__ == "UCC" and c.__module__.startswith("qiskit_nature")
              for c in type(circuit).__mro__)
    inner = _unwrap(circuit)
    walk = _Walk(index, inner.num_qubits, ucc)
    walk.flatten(inner, list(range(inner.num_qubits)), 0)
    walk.classify()
    return walk.result(circuit.name)


def _unwrap(circuit: QuantumCircuit) -> QuantumCircuit:
    """Replace a circuit made of one wrapped instruction by that instruction's definition."""
    for _ in range(_MAX_DEPTH):
        found = []
        for ci in circuit.data:
            if ci.name not in _SKIP:
                found.append(ci)
                if len(found) > 1:
                    return circuit
        if len(found) != 1 or found[0].name in _KNOWN or found[0].is_standard_gate():
            break
        definition = getattr(found[0].operation, "definition", None)
        if definition is None:
            break
        circuit = definition
    return circuit


class _Walk:
    """State of one pass: instruction records, per-parameter results, layer counters."""

    def __init__(self, index: dict[Parameter, int], n_qubits: int, ucc: bool) -> None:
        self.index, self.ucc, self.n = index, ucc, len(index)
        self.records: list[tuple[str, tuple[int, ...], Any, list[_Angle]]] = []
        self.kind = [-1] * self.n  # 0 su2, 1 rotation, 2 excitation
        self.scale, self.offset = [1.0] * self.n, [0.0] * self.n
        self.gate = [(1.0, 0.0)] * self.n  # gate-level (scale, offset) of the first use
        self.factor = [1.0] * self.n  # structure angle / gate angle
        self.su2: list[tuple[int, int, int]] = []
        self.units, self.in_run = [0] * n_qubits, [False] * n_qubits
        self.real = True
        self._cache: dict[Any, _Angle] = {}

    # -- pass 1: flatten composite gates, count layers ---------------------------------------
    def flatten(self, circ: QuantumCircuit, qmap: list[int], depth: int) -> None:
        qpos = {q: qmap[i] for i, q in enumerate(circ.qubits)}
        for ci in circ.data:  # CircuitInstruction.name/.params avoid building the operation
            name = ci.name
            if name in _SKIP:
                continue
            qs = ci.qubits
            qubits = (qpos[qs[0]],) if len(qs) == 1 else tuple([qpos[q] for q in qs])
            params = ci.params
            parametrised = bool(params) and any(isinstance(x, ParameterExpression)
                                                for x in params)
            if depth == 0:
                self._count(ci, qubits, parametrised)
            definition = None
            if name not in _KNOWN and depth < _MAX_DEPTH and not ci.is_standard_gate():
                try:
                    definition = ci.operation.definition
                except Exception:  # opaque instruction: no definition
                    definition = None
            if definition is not None:
                self.flatten(definition, list(qubits), depth + 1)
                continue
            angles = ([self._angle(x) if isinstance(x, ParameterExpression) else (0, x)
                       for x in params] if parametrised else [(0, x) for x in params])
            self.records.append((name, qubits, ci, angles))
            if self.real:
                self.real = _is_real(name, ci, angles)

    def _count(self, ci: Any, qubits: tuple[int, ...], parametrised: bool) -> None:
        if not parametrised:
            if len(qubits) > 1:
                for q in qubits:
                    self.in_run[q] = False
            return
        if ci.name == "PauliEvolution" and isinstance(ci.operation.operator, SparsePauliOp):
            paulis = ci.operation.operator.paulis
            support = np.any(paulis.x | paulis.z, axis=0)
            qubits = tuple(q for q, s in zip(qubits, support, strict=True) if s) or qubits
        if len(qubits) == 1:
            q = qubits[0]
            if not self.in_run[q]:
                self.units[q] += 1
                self.in_run[q] = True
            return
        for q in qubits:
            self.units[q] += 1
            self.in_run[q] = False

    def _angle(self, expr: ParameterExpression) -> _Angle:
        if isinstance(expr, Parameter):
            i = self.index.get(expr)
            return (1, i, 1.0, 0.0) if i is not None else (2, ())
        hit = self._cache.get(expr)
        if hit is None:
            hit = self._cache[expr] = _affine(expr, self.index)
        return hit

    # -- pass 2: decide each parameter's kind -------------------------------------------------
    def claim(self, a: _Angle, kind: int, factor: float = 1.0) -> None:
        if a[0] == 1:
            i = a[1]
            if self.kind[i] < 0:
                self.kind[i], self.gate[i], self.factor[i] = kind, (a[2], a[3]), factor
                self.scale[i], self.offset[i] = factor * a[2], factor * a[3]
        elif a[0] == 2:
            for i in a[1]:
                if self.kind[i] < 0:
                    self.kind[i] = 1

    def _fresh(self, a: _Angle) -> bool:
        return a[0] == 1 and self.kind[a[1]] < 0

    def _try_su2(self, rows: list[_Angle]) -> bool:
        ids = {a[1] for a in rows if self._fresh(a)}
        if len(ids) != 3:
            return False
        for a in rows:
            self.claim(a, 0)
        self.su2.append((rows[0][1], rows[1][1], rows[2][1]))
        return True

    def classify(self) -> None:
        pending: dict[int, list[tuple[str, _Angle]]] = {}
        recs = self.records

        def flush(q: int) -> None:
            for _, a in pending.pop(q, ()):
                self.claim(a, 1)

        for pos, (name, qubits, ci, angles) in enumerate(recs):
            if name in ("rz", "ry") and self._fresh(angles[0]):
                self._extend_run(pending, flush, qubits[0], name, angles[0])
                continue
            for q in qubits:
                flush(q)
            if not any(a[0] for a in angles):
                continue
            if name in _SU2_NAMES and len(angles) == 3:
                if self._try_su2([angles[2], angles[0], angles[1]]):
                    continue
            elif name in ("rxx", "ryy") and pos + 1 < len(recs) and self._fresh(angles[0]):
                nxt = recs[pos + 1]
                if ({name, nxt[0]} == {"rxx", "ryy"} and set(nxt[1]) == set(qubits)
                        and nxt[3][0] == angles[0]):
                    self.claim(angles[0], 2, 2.0)
            elif name in _EXC_NAMES:
                self.claim(angles[0], 2)
            elif name == "PauliEvolution":
                kind, factor = _evolution_kind(ci.operation, self.ucc)
                self.claim(angles[0], kind, factor)
            for a in angles:
                self.claim(a, 1)
        for q in list(pending):
            flush(q)

    def _extend_run(self, pending: dict[int, list[tuple[str, _Angle]]], flush: Any, q: int,
                    name: str, a: _Angle) -> None:
        """Grow the RZ·RY·RZ candidate run on qubit ``q`` by the fresh angle ``a``."""
        tag = name[1]  # "z" or "y"
        run = pending.get(q)
        if run is not None and any(b[1] == a[1] for _, b in run):
            flush(q)
            run = None
        if run is None:
            if tag == "z":
                pending[q] = [(tag, a)]
            else:
                self.claim(a, 1)
            return
        pattern = run[0][0] + (run[1][0] if len(run) > 1 else "") + tag
        if pattern == "zy":
            run.append((tag, a))
        elif pattern == "zyz" and self._try_su2([run[0][1], run[1][1], a]):
            del pending[q]
        else:
            flush(q)
            if tag == "z":
                pending[q] = [(tag, a)]
            else:
                self.claim(a, 1)

    # -- result -------------------------------------------------------------------------------
    def result(self, name: str) -> Structure:
        kind = np.asarray(self.kind)
        kind[kind < 0] = 1  # a parameter the walk never reached: fallback rotation
        scale, offset = np.asarray(self.scale), np.asarray(self.offset)
        scale[scale == 0] = 1.0
        su2 = np.asarray(self.su2, dtype=np.int64).reshape(-1, 3)
        mirror = _mirror(self.records, self.n, self.gate, self.factor)
        return Structure(
            n_params=self.n, n_layers=max(1, max(self.units, default=1)), su2=su2,
            rotations=np.flatnonzero(kind == 1), excitations=np.flatnonzero(kind == 2),
            real=self.real, scale=scale, offset=offset, mirror=mirror, name=name or "circuit")


def _affine(expr: ParameterExpression, index: dict[Parameter, int]) -> _Angle:
    """``(1, i, scale, offset)`` when ``expr`` is affine in one parameter, else ``(2, ids)``."""
    params = expr.parameters
    ids = tuple(index[p] for p in params if p in index)
    if len(params) != 1 or not ids:
        return (2, ids)
    p = next(iter(params))
    try:
        grad = expr.gradient(p)
        if isinstance(grad, ParameterExpression):
            if grad.parameters:
                return (2, ids)
            grad = grad.numeric()
        off = expr.bind({p: 0.0})
        off = off.numeric() if isinstance(off, ParameterExpression) else off
        g, o = complex(grad), complex(off)
    except (ZeroDivisionError, TypeError, ValueError, RuntimeError):
        return (2, ids)
    if g.imag or o.imag or g.real == 0 or not np.isfinite([g.real, o.real]).all():
        return (2, ids)
    return (1, ids[0], g.real, o.real)


def _evolution_kind(op: Any, ucc: bool) -> tuple[int, float]:
    """Kind (1 rotation, 2 excitation) and angle factor of ``PauliEvolutionGate(H, t)``."""
    H = op.operator
    if not isinstance(H, SparsePauliOp):
        return 1, 1.0
    coeffs = np.asarray(H.coeffs)
    l1 = 2.0 * float(np.abs(coeffs).sum())
    if ucc:
        return 2, l1
    if len(H) == 1:
        c = coeffs[0]
        return (1, 2.0 * c.real) if abs(c.imag) < 1e-12 and c.real != 0 else (1, 1.0)
    if np.any(H.paulis.x) and _conserves_number(H):
        return 2, l1
    return 1, 1.0


def _conserves_number(H: SparsePauliOp) -> bool:
    """Whether ``H`` commutes with ``Σ_i Z_i`` (so conserves the number of 1s)."""
    n = H.num_qubits
    Z = SparsePauliOp.from_sparse_list([("Z", [i], 1.0) for i in range(n)], n)
    comm = (H.compose(Z) - Z.compose(H)).simplify(atol=1e-10)
    return bool(np.allclose(comm.coeffs, 0.0, atol=1e-10))


def _is_real(name: str, ci: Any, angles: list[_Angle]) -> bool:
    """Whether the gate is real (up to a global phase) for every value of its parameters."""
    parametrised = any(a[0] for a in angles)
    if name == "PauliEvolution" and parametrised:
        H = ci.operation.operator
        if not isinstance(H, SparsePauliOp):
            return False
        odd_y = np.count_nonzero(H.paulis.x & H.paulis.z, axis=1) % 2 == 1
        c = np.asarray(H.coeffs)
        return bool(np.all(np.where(odd_y, np.abs(c.imag), np.abs(c.real)) < 1e-12))
    if parametrised:
        return name in ("ry", "cry")
    if name in _REAL_FIXED:
        return True
    key: Any = None
    if ci.is_standard_gate():  # a standard gate's matrix depends on its name and angles only
        key = (name, tuple(float(a[1]) for a in angles))
    hit = _REAL_CACHE.get(key) if key is not None else None
    if hit is None:
        try:
            m = np.asarray(ci.operation.to_matrix()).ravel()
            k = int(np.argmax(np.abs(m)))
            hit = bool(np.abs((m * np.conj(m[k]) / abs(m[k])).imag).max() < 1e-10)
        except Exception:  # no matrix (non-unitary or opaque): assume complex
            hit = False
        if key is not None and len(_REAL_CACHE) < 4096:
            _REAL_CACHE[key] = hit
    return hit


def _close(a: Any, b: Any) -> bool:
    """Scalar-speed ``allclose`` for short sequences of floats (a hot path of the mirror search)."""
    return len(a) == len(b) and all(
        math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b, strict=True)
    )


def _match(a: tuple, b: tuple, gate: list, factor: list) -> list[tuple[int, int]] | None:
    """Parameter pairs ``(i in b, j in a)`` when gate ``b`` can be the inverse of ``a``."""
    (na, qa, ca, anga), (nb, qb, cb, angb) = a, b
    if qa != qb or len(anga) != len(angb):
        return None
    free = not any(x[0] for x in anga) and not any(x[0] for x in angb)
    if na != nb:
        return [] if free and not anga and _INV_PAIR.get(na) == nb else None
    if free and na in _SELF_INV and not anga:
        return []
    if na not in _ROT_NAMES | _SU2_NAMES | _EXC_NAMES:
        return None
    if na == "PauliEvolution" and not (isinstance(ca.operation.operator, SparsePauliOp)
                                       and ca.operation.operator == cb.operation.operator):
        return None
    perm = (0, 2, 1) if na in _SU2_NAMES else range(len(anga))
    pairs = []
    for k, y in enumerate(angb):
        x = anga[perm[k]]
        if x[0] == 0 and y[0] == 0:
            sign = 1.0 if (na in _EXC_NAMES and k == 1) else -1.0
            if abs(float(y[1]) - sign * float(x[1])) > 1e-10:
                return None
            continue
        if x[0] != 1 or y[0] != 1 or x[1] == y[1] or (na in _EXC_NAMES and k == 1):
            return None
        i, j = y[1], x[1]
        if not (_close(gate[i], y[2:]) and _close(gate[j], x[2:])
                and _close((factor[i],), (factor[j],))):
            return None
        pairs.append((i, j))
    return pairs


def _mirror(records: list, n: int, gate: list, factor: list) -> np.ndarray | None:
    """Identity-block map: split the instructions into pairs ``(A, B = A⁻¹)``, or None."""
    m = len(records)
    if m < 2 or m % 2:
        return None
    centers = [t for t in range(m - 1) if _match(records[t], records[t + 1], gate, factor)
               is not None]
    budget = 8 * m + 1024  # bounds the search on long chains of look-alike gates
    end: dict[int, int] = {m: m}  # start of a decomposable suffix -> end of its first pair
    for i in range(m - 2, -1, -2):
        for c in reversed(centers):
            k = c - i + 1
            budget -= 1
            if k < 1 or budget < 0:
                break
            if i + 2 * k > m or i + 2 * k not in end:
                continue
            t = 0
            while t < k and _match(records[i + k - 1 - t], records[i + k + t], gate,
                                   factor) is not None:
                t += 1
            budget -= t
            if t == k:
                end[i] = i + 2 * k
                break
    if budget < 0 or 0 not in end:
        return None
    mirror = np.full(n, -1, dtype=np.int64)
    i = 0
    while i < m:
        k = (end[i] - i) // 2
        for t in range(k):
            for bi, aj in _match(records[i + k - 1 - t], records[i + k + t], gate, factor) or ():
                if mirror[bi] not in (-1, aj):
                    return None
                mirror[bi] = aj
        i = end[i]
    mirrored = mirror >= 0
    if not mirrored.any() or np.isin(mirror[mirrored], np.flatnonzero(mirrored)).any():
        return None
    return mirror
