"""Haar-distributed matrices on the classical compact groups U, SU, O, SO and Sp.

U(n) and O(n) use Mezzadri's recipe: the QR decomposition of a complex (real) Ginibre
matrix, with the columns of Q multiplied by the phases (signs) of diag(R) so that the
factorisation is unique and commutes with left multiplication -- the pushforward is then
exactly Haar. A plain QR without this fix is *not* Haar (e.g. ``E|tr Q|^2`` is about 3
instead of 1 at n = 10 with LAPACK's sign convention).

* SU(n): U / det(U)^{1/n} (any branch; left SU(n)-equivariant, hence Haar).
* SO(n): O with its first column negated when det O = -1.
* Sp(n): the compact symplectic group ``USp(2n) = U(2n) ∩ Sp(2n, C)`` of n x n
  quaternion unitaries, returned as 2n x 2n complex matrices with ``U^T J U = J``,
  ``J = [[0, I_n], [-I_n, 0]]`` (so ``haar(n, "Sp")`` has shape (2n, 2n)). Sampled as the
  unitary polar factor of a quaternion Ginibre matrix (block layout
  ``[[A, B], [-conj(B), conj(A)]]``), which is left-USp-equivariant, hence Haar.

References:
    F. Mezzadri, "How to generate random matrices from the classical compact groups",
    Notices AMS 54, 592 (2007).
    P. Diaconis and M. Shahshahani, "On the eigenvalues of random matrices",
    J. Appl. Probab. 31A, 49 (1994) (E|tr U|^2 = 1).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_choice, check_positive_int
from qrmt.ensembles._common import batch_count, check_size, unbatch
from qrmt.ensembles.gaussian import quaternion_ginibre

__all__ = ["GROUPS", "haar", "haar_unitary"]

#: Group names accepted by :func:`haar`.
GROUPS = ("U", "SU", "O", "SO", "Sp")


def haar_unitary(rng: np.random.Generator, k: int, n: int) -> NDArray[np.complex128]:
    """Return k Haar unitaries of size n (Mezzadri QR with phase fix), shape (k, n, n)."""
    z = rng.standard_normal((k, n, 2 * n)).view(np.complex128)  # scale is irrelevant
    q, r = np.linalg.qr(z)
    d = np.diagonal(r, axis1=-2, axis2=-1)
    q *= (d / np.abs(d))[..., None, :]
    return q


def _haar_orthogonal(rng: np.random.Generator, k: int, n: int) -> NDArray[np.float64]:
    q, r = np.linalg.qr(rng.standard_normal((k, n, n)))
    q *= np.sign(np.diagonal(r, axis1=-2, axis2=-1))[..., None, :]
    return q


def _haar_special_unitary(rng: np.random.Generator, k: int, n: int) -> NDArray[np.complex128]:
    u = haar_unitary(rng, k, n)
    det = np.linalg.det(u)
    u *= np.exp(-1j * np.angle(det) / n)[:, None, None]
    return u


def _haar_special_orthogonal(rng: np.random.Generator, k: int, n: int) -> NDArray[np.float64]:
    o = _haar_orthogonal(rng, k, n)
    neg = np.linalg.det(o) < 0
    o[neg, :, 0] *= -1.0
    return o


def _haar_symplectic(rng: np.random.Generator, k: int, n: int) -> NDArray[np.complex128]:
    z = quaternion_ginibre(rng, k, n, n)
    w, _, vh = np.linalg.svd(z)
    return w @ vh


def haar(
    n: int,
    group: str = "U",
    *,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.complex128] | NDArray[np.float64]:
    """Sample Haar-random matrices from U(n), SU(n), O(n), SO(n) or Sp(n).

    Vectorised over the batch (NumPy's stacked QR / SVD). ``E tr U = 0`` and
    ``E|tr U|^2 = 1`` on U(n) (n >= 1); ``E tr O = 0`` and ``E (tr O)^2 = 1`` on O(n).

    Args:
        n: matrix size; for ``"Sp"`` the quaternion size (the matrix is 2n x 2n).
        group: ``"U"``, ``"SU"`` (complex128), ``"O"``, ``"SO"`` (float64) or ``"Sp"``
            (complex128, compact symplectic USp(2n): unitary with ``U^T J U = J``,
            ``J = [[0, I_n], [-I_n, 0]]``).
        size: None for one matrix, or the batch size k (output ``(k, ...)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        Array of shape (n, n) -- (2n, 2n) for Sp -- or with a leading batch axis.

    Raises:
        TypeError: non-int ``n``/``size`` or non-str ``group``.
        ValueError: ``n < 1`` or unknown ``group`` (the message lists the valid ones).

    References:
        F. Mezzadri, Notices AMS 54, 592 (2007).

    Example:
        >>> u = haar(3, "SU", seed=0)
        >>> bool(np.allclose(u @ u.conj().T, np.eye(3))), bool(np.isclose(np.linalg.det(u), 1))
        (True, True)
    """
    n = check_positive_int("n", n)
    name = check_choice("group", group, GROUPS)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    sampler = {
        "U": haar_unitary,
        "SU": _haar_special_unitary,
        "O": _haar_orthogonal,
        "SO": _haar_special_orthogonal,
        "Sp": _haar_symplectic,
    }[name]
    return unbatch(sampler(rng, k, n), size)
