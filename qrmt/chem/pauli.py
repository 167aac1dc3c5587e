r"""Pauli-word Hamiltonians as sparse matrices on particle-number / spin sectors, with bit tricks.

Bit convention (PennyLane's): in a word ``"IXZY"`` character ``i`` acts on wire ``i``, and wire
``i`` is bit ``n - 1 - i`` of a computational-basis index (wire 0 is the most significant bit,
``|b_0 b_1 ... b_{n-1}>``). Qiskit orders the other way round: qubit ``i`` is bit ``i`` (its
label strings are therefore the reversed word). Particle number is the popcount of the index
in either order; the spin projection needs the order, because alpha spin orbitals are the even
wires and beta spin orbitals the odd wires (PennyLane's ``qchem`` convention).

A Pauli word acts on a basis state as a bit flip and a phase:

.. math::

    P\,|b\rangle = i^{n_Y} (-1)^{\mathrm{popcount}(b \,\&\, z)} \, |b \oplus x\rangle,

with ``x`` the mask of X/Y wires, ``z`` the mask of Z/Y wires and ``n_Y`` the number of Y's
(from ``Y = iXZ``). Matrices restricted to a sector are built from this with numpy only, in
chunks of terms; no Python loop runs over basis states.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

__all__ = [
    "pauli_masks",
    "popcount",
    "sector_states",
    "sector_weight",
    "sparse_matrix",
    "spin2_matrix",
    "spin_masks",
]

_CHUNK_ELEMENTS = 4_000_000  # terms x states handled at once


def popcount(a: np.ndarray) -> np.ndarray:
    """Number of set bits of each element of an integer array (as int64)."""
    a = np.asarray(a, dtype=np.uint64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(a).astype(np.int64)
    # SWAR popcount for numpy < 2.0
    a = a - ((a >> np.uint64(1)) & np.uint64(0x5555555555555555))
    a = (a & np.uint64(0x3333333333333333)) + ((a >> np.uint64(2)) & np.uint64(0x3333333333333333))
    a = (a + (a >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((a * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def pauli_masks(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(x_mask, z_mask, n_y)`` arrays for Pauli words in PennyLane bit order.

    Raises:
        ValueError: words of different lengths or with characters other than ``IXYZ``.
    """
    if len(words) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    n = len(words[0])
    if n > 62:
        raise ValueError(f"at most 62 qubits are supported; got words of length {n}")
    if any(len(w) != n for w in words):
        raise ValueError(f"all Pauli words must have the same length ({n})")
    arr = np.frombuffer("".join(words).encode("ascii", errors="replace"), dtype=np.uint8)
    arr = arr.reshape(len(words), n)
    bad = ~np.isin(arr, np.frombuffer(b"IXYZ", dtype=np.uint8))
    if bad.any():
        k = int(np.argwhere(bad)[0, 0])
        raise ValueError(f"Pauli word {words[k]!r} has characters other than I, X, Y, Z")
    weights = (np.int64(1) << np.arange(n - 1, -1, -1, dtype=np.int64))
    is_x, is_y, is_z = arr == ord("X"), arr == ord("Y"), arr == ord("Z")
    x = ((is_x | is_y) * weights).sum(axis=1)
    z = ((is_z | is_y) * weights).sum(axis=1)
    return x.astype(np.int64), z.astype(np.int64), is_y.sum(axis=1).astype(np.int64)


def spin_masks(n_qubits: int, wire_order: str = "pennylane") -> tuple[int, int]:
    """Bit masks of the alpha (even wires) and beta (odd wires) spin orbitals."""
    wires = np.arange(n_qubits)
    bits = (n_qubits - 1 - wires) if wire_order == "pennylane" else wires
    alpha = int(np.sum(np.int64(1) << bits[wires % 2 == 0].astype(np.int64)))
    beta = int(np.sum(np.int64(1) << bits[wires % 2 == 1].astype(np.int64)))
    return alpha, beta


def sector_states(n_qubits: int, n_alpha: int, n_beta: int) -> np.ndarray:
    """Sorted basis indices (PennyLane order) with ``n_alpha`` even-wire and ``n_beta`` odd-wire 1s.

    The alpha and beta strings are enumerated over ``n_qubits // 2`` orbitals each
    (``2^(n/2)`` integers, filtered by popcount) and interleaved with bit shifts.
    """
    n_orb = n_qubits // 2
    strings = np.arange(1 << n_orb, dtype=np.int64)
    counts = popcount(strings)

    def spread(s: np.ndarray, spin: int) -> np.ndarray:
        out = np.zeros_like(s)
        for k in range(n_orb):  # loop over orbitals, not states
            out |= ((s >> k) & 1) << (n_qubits - 1 - (2 * k + spin))
        return out

    alpha = spread(strings[counts == n_alpha], 0)
    beta = spread(strings[counts == n_beta], 1)
    return np.sort((alpha[:, None] | beta[None, :]).ravel())


def sparse_matrix(
    coefficients: Sequence[float] | np.ndarray,
    words: Sequence[str],
    states: np.ndarray | None = None,
) -> sp.csr_matrix:
    """Matrix of ``sum_k c_k P_k`` on the span of ``states`` (all ``2^n`` states if None).

    Components that leave the span are dropped, which is exact when the operator conserves
    the sector (as a molecular Hamiltonian conserves particle number and ``S_z``).

    Args:
        coefficients: real or complex coefficients.
        words: Pauli words in PennyLane wire order.
        states: sorted basis indices (PennyLane bit order) spanning the subspace.

    Returns:
        ``(d, d)`` complex128 CSR matrix in the order of ``states``.
    """
    n = len(words[0])
    if states is None:
        states = np.arange(1 << n, dtype=np.int64)
    states = np.asarray(states, dtype=np.int64)
    d = states.size
    coeffs = np.asarray(coefficients, dtype=complex)
    x, z, ny = pauli_masks(words)
    phase0 = coeffs * (1j ** (ny % 4))
    rows, cols, vals = [], [], []
    chunk = max(1, _CHUNK_ELEMENTS // max(d, 1))
    col_idx = np.arange(d)
    for start in range(0, len(words), chunk):
        sl = slice(start, start + chunk)
        target = states[None, :] ^ x[sl, None]
        pos = np.searchsorted(states, target)
        pos_c = np.minimum(pos, d - 1)
        inside = states[pos_c] == target
        sign = 1 - 2 * (popcount(states[None, :] & z[sl, None]) & 1)
        v = phase0[sl, None] * sign
        rows.append(pos_c[inside])
        cols.append(np.broadcast_to(col_idx, target.shape)[inside])
        vals.append(v[inside])
    mat = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(d, d)
    )
    return mat.tocsr()


def sector_weight(
    state: np.ndarray,
    n_electrons: int,
    *,
    wire_order: str = "pennylane",
    n_alpha: int | None = None,
) -> float | np.ndarray:
    """Probability of ``state`` outside the ``n_electrons`` (and optionally ``n_alpha``) sector.

    Args:
        state: statevector of length ``2^n`` (or a batch ``(..., 2^n)``).
        n_electrons: electron number of the sector (popcount of the basis index).
        wire_order: ``"pennylane"`` (wire 0 = most significant bit) or ``"qiskit"``
            (qubit 0 = least significant bit). Only matters when ``n_alpha`` is given.
        n_alpha: if given, also require this many electrons on the even (alpha) wires.

    Returns:
        ``sum |psi_b|^2`` over basis states ``b`` outside the sector, normalised by the norm.
    """
    psi = np.asarray(state)
    dim = psi.shape[-1]
    n = dim.bit_length() - 1
    if dim != 1 << n:
        raise ValueError(f"state length must be a power of 2; got {dim}")
    if wire_order not in ("pennylane", "qiskit"):
        raise ValueError(f"wire_order must be 'pennylane' or 'qiskit'; got {wire_order!r}")
    idx = np.arange(dim, dtype=np.int64)
    inside = popcount(idx) == n_electrons
    if n_alpha is not None:
        alpha, _ = spin_masks(n, wire_order)
        inside &= popcount(idx & alpha) == n_alpha
    prob = np.abs(psi) ** 2
    total = prob.sum(axis=-1)
    out = prob[..., ~inside].sum(axis=-1) / total
    return float(out) if np.ndim(out) == 0 else np.asarray(out)


def spin2_matrix(states: np.ndarray, n_qubits: int) -> sp.csr_matrix:
    r"""Total spin :math:`S^2` on the span of ``states`` (one fixed ``S_z`` sector, PennyLane order).

    With alpha/beta spin orbitals of spatial orbital ``k`` on the adjacent wires ``2k, 2k+1``,
    the Jordan–Wigner strings cancel in :math:`S_+ = \sum_k a^\dagger_{k\alpha} a_{k\beta}
    = \sum_k \sigma^+_{2k} \sigma^-_{2k+1}`, so

    .. math::

        S^2 = S_- S_+ + S_z^2 + S_z, \qquad
        S_- S_+ = \sum_{kl} \sigma^+_{2l+1}\sigma^-_{2l}\,\sigma^+_{2k}\sigma^-_{2k+1},

    is built from pair flips with bit masks (a loop over orbital pairs, not over states).

    Args:
        states: sorted basis indices of one ``(N, S_z)`` sector.
        n_qubits: number of wires (even).

    Returns:
        Real CSR matrix in the order of ``states``.
    """
    states = np.asarray(states, dtype=np.int64)
    d = states.size
    alpha, _ = spin_masks(n_qubits)
    m = 0.5 * (2 * popcount(states[:1] & alpha)[0] - popcount(states[:1])[0]) if d else 0.0
    bit = [np.int64(1) << (n_qubits - 1 - w) for w in range(n_qubits)]
    rows, cols = [np.arange(d)], [np.arange(d)]
    vals = [np.full(d, m * m + m)]
    idx = np.arange(d)
    for k in range(n_qubits // 2):
        ka, kb = bit[2 * k], bit[2 * k + 1]
        raised = ((states & ka) == 0) & ((states & kb) != 0)  # S_+ on pair k: beta -> alpha
        mid = states[raised] ^ (ka | kb)
        src = idx[raised]
        for ell in range(n_qubits // 2):
            la, lb = bit[2 * ell], bit[2 * ell + 1]
            lowered = ((mid & la) != 0) & ((mid & lb) == 0)  # S_- on pair l: alpha -> beta
            target = mid[lowered] ^ (la | lb)
            rows.append(np.searchsorted(states, target))
            cols.append(src[lowered])
            vals.append(np.ones(target.size))
    mat = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(d, d)
    )
    return mat.tocsr()
