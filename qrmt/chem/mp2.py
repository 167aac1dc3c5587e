r"""MP2 initial amplitudes for UCC-type ansätze (as qiskit-nature's ``MP2InitialPoint``).

For each double excitation ``(i, j, a, b)`` of :attr:`Problem.doubles` (spin-orbital wires,
``i < j`` occupied, ``a < b`` virtual) the first-order Møller–Plesset amplitude is

.. math::

    t_{ij}^{ab} = \frac{\langle ij \| ab \rangle}{\varepsilon_i + \varepsilon_j
                  - \varepsilon_a - \varepsilon_b},
    \qquad \langle ij \| ab \rangle = \langle ij | ab \rangle - \langle ij | ba \rangle,
    \quad \langle pq | rs \rangle = (pr|qs)\,\delta_{\sigma_p\sigma_r}\delta_{\sigma_q\sigma_s},

with canonical orbital energies ``ε`` of the spatial orbitals (wire ``w`` is spatial orbital
``w // 2``, spin ``w % 2``). Singles are zero (Brillouin's theorem for canonical RHF). The
first-order wavefunction is ``|HF> + sum t |Φ_ij^ab>`` with
``|Φ_ij^ab> = a†_a a†_b a_j a_i |HF>`` (Crawford & Schaefer's convention), and
``sum t <ij||ab> = E_MP2``. For ROHF references (open shells) this is the same formula with
ROHF orbital energies, an approximation (no semicanonicalisation).

**Sign convention for PennyLane gates.** Under Jordan–Wigner ``|Φ_ij^ab>`` is the basis state
``|HF ⊕ {i,j,a,b}>`` times a sign ``s = ±1`` (the Z strings). ``qml.DoubleExcitation(θ,
wires=[i, j, a, b])`` maps ``|HF> -> cos(θ/2)|HF> - sin(θ/2)|HF ⊕ {i,j,a,b}>``, so the angle
that reproduces the MP2 amplitude to first order is ``θ = -2 s t``
(:func:`mp2_angles`; the raw amplitudes are :func:`mp2_amplitudes`). With those angles in
``qml.AllSinglesDoubles`` (doubles in ``problem.doubles`` order) the energy slope along
``λ θ`` at ``λ = 0`` is ``2 E_MP2``: the MP2 start lowers the energy.

References:
    C. Møller and M. S. Plesset, Phys. Rev. 46, 618 (1934).
    T. D. Crawford and H. F. Schaefer, Rev. Comput. Chem. 14, 33 (2000), eq. (89).
    qiskit-nature ``MP2InitialPoint`` (qiskit_nature.second_q.algorithms.initial_points).
"""

from __future__ import annotations

import numpy as np

from qrmt.chem.problem import Problem

__all__ = ["double_excitation_signs", "mp2_amplitudes", "mp2_angles", "mp2_energy"]


def _antisymmetrized(problem: Problem, d: np.ndarray) -> np.ndarray:
    two = np.asarray(problem.two_electron)
    if two.ndim != 4:
        raise ValueError(f"problem {problem.molecule.name} carries no two-electron integrals")
    i, j, a, b = d.T
    oi, oj, oa, ob = i // 2, j // 2, a // 2, b // 2  # spatial orbitals
    si, sj, sa, sb = i % 2, j % 2, a % 2, b % 2  # spins
    direct = np.where((si == sa) & (sj == sb), two[oi, oj, ob, oa], 0.0)  # <ij|ab> = (ia|jb)
    exchange = np.where((si == sb) & (sj == sa), two[oi, oj, oa, ob], 0.0)  # <ij|ba> = (ib|ja)
    return direct - exchange


def _denominators(problem: Problem, d: np.ndarray) -> np.ndarray:
    eps = np.asarray(problem.orbital_energies, dtype=float)
    w = eps[d // 2]
    return w[:, 0] + w[:, 1] - w[:, 2] - w[:, 3]


def mp2_amplitudes(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """First-order amplitudes ``(t_singles, t_doubles)`` in ``problem.singles/doubles`` order.

    Returns:
        ``(zeros(len(singles)), t)`` with ``t[k] = <ij||ab> / (ε_i + ε_j - ε_a - ε_b)``.

    Example:
        >>> from qrmt.chem import build_problem, get_molecule
        >>> _, t = mp2_amplitudes(build_problem(get_molecule("H2")))  # doctest: +SKIP
        >>> t.round(4)  # doctest: +SKIP
        array([-0.0681])
    """
    singles = np.zeros(len(problem.singles))
    if not problem.doubles:
        return singles, np.zeros(0)
    d = np.array(problem.doubles, dtype=np.int64)
    return singles, _antisymmetrized(problem, d) / _denominators(problem, d)


def mp2_energy(problem: Problem) -> float:
    """MP2 correlation energy ``sum_k t_k <ij||ab>_k`` over ``problem.doubles`` (Hartree)."""
    if not problem.doubles:
        return 0.0
    d = np.array(problem.doubles, dtype=np.int64)
    g = _antisymmetrized(problem, d)
    return float(np.sum(g * g / _denominators(problem, d)))


def double_excitation_signs(problem: Problem) -> np.ndarray:
    """Jordan–Wigner sign ``s`` with ``a†_a a†_b a_j a_i |HF> = s |HF ⊕ {i,j,a,b}>`` per double.

    The sign of ``a_p`` or ``a†_p`` on a basis state is ``(-1)`` to the number of occupied
    wires below ``p`` (PennyLane's JW has its Z string on the lower wires).
    """
    if not problem.doubles:
        return np.zeros(0)
    d = np.array(problem.doubles, dtype=np.int64)
    occ = np.tile(np.array(problem.hf_state, dtype=np.int64), (len(d), 1))
    wires = np.arange(problem.n_qubits)
    parity = np.zeros(len(d), dtype=np.int64)
    rows = np.arange(len(d))
    for col, fill in ((0, 0), (1, 0), (3, 1), (2, 1)):  # a_i, a_j, a†_b, a†_a (right to left)
        p = d[:, col]
        parity += np.sum(occ * (wires[None, :] < p[:, None]), axis=1)
        occ[rows, p] = fill
    return 1.0 - 2.0 * (parity % 2)


def mp2_angles(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """MP2 start for ``qml.AllSinglesDoubles`` / ``qml.DoubleExcitation``: ``θ = -2 s t``.

    Returns:
        ``(zeros(len(singles)), θ)`` in ``problem.singles/doubles`` order; the weights of
        ``qml.AllSinglesDoubles(weights, wires, hf_state, singles, doubles)`` are
        ``concatenate([θ_singles, θ_doubles])`` (singles first in that template).
    """
    singles, t = mp2_amplitudes(problem)
    return singles, -2.0 * double_excitation_signs(problem) * t
