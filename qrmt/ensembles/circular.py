r"""Circular ensembles: COE, CUE, CSE matrices and the CMV model of the CbetaE for any beta.

* CUE(n): Haar unitary n x n.
* COE(n): ``U^T U`` with U from CUE(n): symmetric unitary, Dyson's circular orthogonal
  ensemble.
* CSE(n): ``U^R U`` with U from CUE(2n) and ``U^R = J U^T J^T`` the quaternion dual
  (``J = [[0, I_n], [-I_n, 0]]``): self-dual unitary 2n x 2n, each eigenvalue twice.

The eigenvalues e^{i theta_j} have joint density proportional to
:math:`\prod_{j<k} |e^{i\theta_j} - e^{i\theta_k}|^\beta` (n distinct phases for CSE).
Eigenvalues of these (non-Hermitian) matrices must be computed as those of a unitary
(``numpy.linalg.eigvals``), never with ``eigvalsh``.

For any beta > 0, :func:`circular_eigphases` samples Killip-Nenciu's CMV model:
independent Verblunsky coefficients alpha_k, k = 0..n-2, rotation invariant in the unit
disc with ``|alpha_k|^2 ~ Beta(1, beta (n - k - 1)/2)``, and alpha_{n-1} uniform on the
unit circle; the CMV matrix ``C = L M``, ``L = diag(Xi_0, Xi_2, ...)``,
``M = diag(1, Xi_1, Xi_3, ...)``, ``Xi_k = [[conj(alpha_k), rho_k], [rho_k, -alpha_k]]``,
``rho_k = sqrt(1 - |alpha_k|^2)``, is unitary and its eigenvalues follow the CbetaE.
Exactly, ``E|sum_j e^{i theta_j}|^2 = 2n / (2 + beta (n - 1))`` (1 for CUE).

References:
    F. J. Dyson, J. Math. Phys. 3, 140 (1962).
    R. Killip and I. Nenciu, Int. Math. Res. Not. 2004:50, 2665 (2004), Theorem 1.
    F. Mezzadri, Notices AMS 54, 592 (2007).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_positive_int
from qrmt.ensembles._common import (
    batch_count,
    check_beta,
    check_dense_beta,
    check_size,
    quaternion_dual,
    unbatch,
    wrap_phases,
)
from qrmt.ensembles.haar import haar_unitary

__all__ = ["circular", "circular_eigphases", "cmv_matrix"]


def circular(
    n: int,
    beta: int = 2,
    *,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.complex128]:
    """Sample COE (beta = 1), CUE (beta = 2) or CSE (beta = 4) matrices.

    Args:
        n: matrix size (quaternion size for CSE, whose matrices are 2n x 2n), >= 1.
        beta: 1, 2 or 4.
        size: None for one matrix, or the batch size k (output ``(k, ...)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        complex128 unitary array (n, n) -- (2n, 2n) for CSE -- or with a batch axis.

    Raises:
        TypeError: non-int ``n``/``size``, non-number ``beta``.
        ValueError: ``n < 1`` or ``beta`` not in {1, 2, 4}.

    References:
        F. J. Dyson, J. Math. Phys. 3, 140 (1962); F. Mezzadri, Notices AMS 54 (2007).

    Example:
        >>> u = circular(5, beta=1, seed=0)
        >>> bool(np.allclose(u, u.T)), bool(np.allclose(np.abs(np.linalg.eigvals(u)), 1))
        (True, True)
    """
    n = check_positive_int("n", n)
    b = check_dense_beta(beta)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    if b == 2:
        return unbatch(haar_unitary(rng, k, n), size)
    if b == 1:
        u = haar_unitary(rng, k, n)
        return unbatch(np.swapaxes(u, -1, -2) @ u, size)
    u = haar_unitary(rng, k, 2 * n)
    return unbatch(quaternion_dual(u) @ u, size)


def cmv_matrix(alpha: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """CMV matrices ``L M`` from Verblunsky coefficients, batched.

    Args:
        alpha: shape (k, n); |alpha_j| < 1 for j < n-1 and |alpha_{n-1}| = 1.

    Returns:
        Unitary five-diagonal matrices, shape (k, n, n).

    References:
        M. J. Cantero, L. Moral and L. Velázquez, Linear Algebra Appl. 362, 29 (2003).
    """
    k, n = alpha.shape
    rho = np.sqrt(np.clip(1.0 - np.abs(alpha) ** 2, 0.0, None))

    def blocks(start: int) -> NDArray[np.complex128]:
        mat = np.zeros((k, n, n), dtype=np.complex128)
        if start == 1:
            mat[:, 0, 0] = 1.0
        for j in range(start, n, 2):
            if j == n - 1:  # last coefficient: 1 x 1 block conj(alpha_{n-1})
                mat[:, j, j] = np.conj(alpha[:, j])
                continue
            mat[:, j, j] = np.conj(alpha[:, j])
            mat[:, j, j + 1] = rho[:, j]
            mat[:, j + 1, j] = rho[:, j]
            mat[:, j + 1, j + 1] = -alpha[:, j]
        return mat

    return blocks(0) @ blocks(1)


def circular_eigphases(
    n: int,
    beta: float = 2,
    *,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64]:
    r"""Eigenphases of the circular beta-ensemble, any beta > 0 (Killip-Nenciu CMV model).

    Joint density of the phases proportional to
    :math:`\prod_{j<k}|e^{i\theta_j} - e^{i\theta_k}|^\beta`; for beta = 1, 2, 4 equal in
    law to the eigenphases of :func:`circular` (one per Kramers pair for beta = 4). The
    five-diagonal CMV matrix is diagonalised with ``numpy.linalg.eigvals`` (O(n^3)).

    Args:
        n: number of eigenphases, >= 1.
        beta: Dyson index, any finite beta > 0.
        size: None for one sample, or the batch size k (output ``(k, n)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        float64 array ``(n,)`` or ``(size, n)`` of phases in [-pi, pi), ascending.

    Raises:
        TypeError: non-int ``n``/``size``, non-number ``beta``.
        ValueError: ``n < 1``, ``beta <= 0``.

    References:
        R. Killip and I. Nenciu, Int. Math. Res. Not. 2004:50, 2665 (2004).

    Example:
        >>> th = circular_eigphases(50, beta=3.0, seed=0)
        >>> th.shape, bool(th.min() >= -np.pi and th.max() < np.pi)
        ((50,), True)
    """
    n = check_positive_int("n", n)
    b = check_beta(beta)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    radius2 = rng.beta(1.0, b * (n - 1 - np.arange(n - 1)) / 2.0, size=(k, n - 1))
    phase = rng.uniform(-np.pi, np.pi, size=(k, n))
    modulus = np.concatenate([np.sqrt(radius2), np.ones((k, 1))], axis=1)
    alpha = modulus * np.exp(1j * phase)
    theta = np.angle(np.linalg.eigvals(cmv_matrix(alpha)))
    return unbatch(wrap_phases(theta), size)
