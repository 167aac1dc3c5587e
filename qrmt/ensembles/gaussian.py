"""Dense Gaussian ensembles: GOE (beta = 1), GUE (beta = 2) and GSE (beta = 4).

Default normalisation (``scale="unit_offdiag"``): the off-diagonal entries have
``E|H_ij|^2 = 1`` and the diagonal ones ``E H_ii^2 = 2/beta`` (GOE 2, GUE 1, GSE 1/2), which
is exactly what invariance under conjugation by the orthogonal / unitary / compact
symplectic group requires. The density of the matrix is proportional to
``exp(-beta tr H^2 / 4)`` (for GSE with the quaternion trace, i.e. half the trace of the
2n x 2n complex matrix), the eigenvalue density to ``|Delta(x)|^beta exp(-beta sum x^2/4)``
and the spectrum fills the semicircle on ``[-2 sqrt(n), 2 sqrt(n)]``.

GSE matrices are returned as 2n x 2n complex Hermitian matrices in block layout
``[[A, B], [-conj(B), conj(A)]]`` (the complex representation of an n x n quaternion
matrix). They are self-dual, ``J H^T J^T = H`` with ``J = [[0, I_n], [-I_n, 0]]``, and every
eigenvalue appears twice (Kramers degeneracy). The quaternion entries have
``E|q_ij|^2 = 1`` off the diagonal and real diagonal entries of variance 1/2.

References:
    M. L. Mehta, *Random Matrices*, 3rd ed., Elsevier (2004), ch. 2-3.
    P. J. Forrester, *Log-Gases and Random Matrices*, Princeton (2010), ch. 1.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_positive_int
from qrmt.ensembles._common import (
    batch_count,
    check_dense_beta,
    check_size,
    gaussian_scale_factor,
    unbatch,
)

__all__ = ["gaussian"]


def _complex_normal(rng: np.random.Generator, shape: tuple[int, ...]) -> NDArray[np.complex128]:
    """Standard complex normals with E|z|^2 = 1 (real and imaginary parts of variance 1/2)."""
    z = rng.standard_normal((*shape[:-1], 2 * shape[-1])).view(np.complex128)
    z *= math.sqrt(0.5)
    return z


def _goe(rng: np.random.Generator, k: int, n: int) -> NDArray[np.float64]:
    a = rng.standard_normal((k, n, n))
    return (a + np.swapaxes(a, -1, -2)) * math.sqrt(0.5)


def _gue(rng: np.random.Generator, k: int, n: int) -> NDArray[np.complex128]:
    a = _complex_normal(rng, (k, n, n))
    return (a + np.conj(np.swapaxes(a, -1, -2))) * math.sqrt(0.5)


def quaternion_ginibre(rng: np.random.Generator, k: int, n: int, m: int) -> NDArray[np.complex128]:
    """Batch of n x m quaternion Gaussian matrices as 2n x 2m complex, block layout.

    Each quaternion entry has four independent real components of variance 1/4, so
    ``E|q|^2 = 1``; the complex representation is ``[[A, B], [-conj(B), conj(A)]]``.
    """
    a = _complex_normal(rng, (k, n, m)) * math.sqrt(0.5)
    b = _complex_normal(rng, (k, n, m)) * math.sqrt(0.5)
    top = np.concatenate([a, b], axis=-1)
    bottom = np.concatenate([-np.conj(b), np.conj(a)], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def _gse(rng: np.random.Generator, k: int, n: int) -> NDArray[np.complex128]:
    x = quaternion_ginibre(rng, k, n, n) * math.sqrt(2.0)  # E|q|^2 = 2
    return (x + np.conj(np.swapaxes(x, -1, -2))) * 0.5


def gaussian(
    n: int,
    beta: int = 2,
    *,
    scale: str = "unit_offdiag",
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64] | NDArray[np.complex128]:
    r"""Sample dense GOE, GUE or GSE matrices.

    The matrix is :math:`H = (A + A^*)/\sqrt 2` with :math:`A` real (GOE) or complex
    (GUE) Ginibre with :math:`E|A_{ij}|^2 = 1`, and :math:`H = (X + X^*)/2` with
    :math:`X` quaternion Ginibre with :math:`E|X_{ij}|^2 = 2` (GSE). In the default
    scaling:

    ======  ========================  =====================  ==========================
    beta    off-diagonal E|H_ij|^2     diagonal E H_ii^2       shape, dtype
    ======  ========================  =====================  ==========================
    1 GOE   1                          2                      (n, n) float64
    2 GUE   1                          1                      (n, n) complex128
    4 GSE   1 (quaternion E|q|^2)      1/2 (real)             (2n, 2n) complex128
    ======  ========================  =====================  ==========================

    so ``(1/n) E tr H^2 = n - 1 + 2/beta`` (quaternion trace for GSE) and the spectrum
    fills ``[-2 sqrt(n), 2 sqrt(n)]``.

    Args:
        n: matrix size (quaternion size for beta = 4), >= 1.
        beta: Dyson index, 1, 2 or 4.
        scale: ``"unit_offdiag"`` (default, as above); ``"unit_semicircle"`` (divided by
            sqrt(n): spectrum on [-2, 2], off-diagonal variance 1/n); ``"hermite"``
            (multiplied by sqrt(beta/2): Dumitriu-Edelman's beta-Hermite scaling,
            eigenvalue weight ``exp(-sum x^2 / 2)``, spectrum on ``[-sqrt(2 beta n),
            sqrt(2 beta n)]``).
        size: None for one matrix, or the batch size k (output shape ``(k, ...)``, even
            for k = 1).
        seed: int, Generator, SeedSequence or None.

    Returns:
        Array of shape ``(n, n)`` (``(2n, 2n)`` for GSE), or ``(size, ...)``.

    Raises:
        TypeError: ``n`` or ``size`` not an int, ``beta`` not a number.
        ValueError: ``n < 1``, ``beta`` not in {1, 2, 4}, unknown ``scale``.

    References:
        M. L. Mehta, *Random Matrices*, 3rd ed. (2004), ch. 2.
        F. J. Dyson, J. Math. Phys. 3, 1199 (1962) ("The threefold way").

    Example:
        >>> h = gaussian(4, beta=2, seed=1)
        >>> h.shape, bool(np.allclose(h, h.conj().T))
        ((4, 4), True)
    """
    n = check_positive_int("n", n)
    b = check_dense_beta(beta)
    factor = gaussian_scale_factor(scale, n, b)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    sampler = {1: _goe, 2: _gue, 4: _gse}[b]
    h = sampler(rng, k, n)
    if factor != 1.0:
        h *= factor
    return unbatch(h, size)
