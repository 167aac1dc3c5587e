r"""Laguerre (Wishart) ensembles: dense (beta = 1, 2, 4) and bidiagonal (any beta > 0).

Conventions (``scale="raw"``, the default): ``X`` is n x m with independent real
(beta = 1), complex (beta = 2) or quaternion (beta = 4) Gaussian entries of
``E|X_ij|^2 = 1`` and ``W = X X^*`` is n x n (2n x 2n complex for beta = 4, each eigenvalue
twice). The nonzero eigenvalues have the joint density proportional to

.. math::
    |\Delta(\lambda)|^\beta \prod_i \lambda_i^{\frac\beta2 (m - n + 1) - 1}
    e^{-\frac\beta2 \lambda_i}.

With ``scale="mp"`` the matrix is divided by m (the sample covariance), and as
n, m -> infinity with ratio = n/m fixed its eigenvalue distribution tends to the
Marchenko-Pastur law of ratio ``c = n/m`` (and unit variance): support
``[(1 - sqrt c)^2, (1 + sqrt c)^2]`` (plus an atom 1 - 1/c at 0 when c > 1), mean 1,
second moment 1 + c. Exactly, at finite n, m:
``E (1/n) tr W = m`` and ``E (1/n) tr W^2 = m (n + m - 1 + 2/beta)`` (raw scaling,
quaternion trace for beta = 4).

References:
    J. Wishart, Biometrika 20A, 32 (1928).
    V. A. Marchenko and L. A. Pastur, Math. USSR-Sb. 1, 457 (1967).
    I. Dumitriu and A. Edelman, J. Math. Phys. 43, 5830 (2002) (bidiagonal model).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_choice, check_positive_int
from qrmt.ensembles._common import (
    batch_count,
    check_beta,
    check_degrees_of_freedom,
    check_dense_beta,
    check_size,
    unbatch,
)
from qrmt.ensembles.gaussian import _complex_normal, quaternion_ginibre
from qrmt.ensembles.tridiagonal import tridiagonal_eigvals

__all__ = ["LAGUERRE_SCALES", "laguerre", "laguerre_eigvals"]

#: ``"raw"``: W = X X^*; ``"mp"``: W = X X^* / m (Marchenko-Pastur scaling, mean 1).
LAGUERRE_SCALES = ("raw", "mp")


def ginibre(rng: np.random.Generator, k: int, n: int, m: int, beta: int) -> NDArray:
    """Batch of k Gaussian n x m matrices with E|X_ij|^2 = 1 (quaternion: 2n x 2m)."""
    if beta == 1:
        return rng.standard_normal((k, n, m))
    if beta == 2:
        return _complex_normal(rng, (k, n, m))
    return quaternion_ginibre(rng, k, n, m)


def laguerre(
    n: int,
    m: int,
    beta: int = 2,
    *,
    scale: str = "raw",
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64] | NDArray[np.complex128]:
    r"""Sample dense Wishart (Laguerre) matrices ``W = X X^*``.

    ``X`` is n x m real (beta = 1), complex (beta = 2) or quaternion (beta = 4) Gaussian
    with ``E|X_ij|^2 = 1``. For m < n the matrix is singular (n - m zero eigenvalues).
    Limiting law (``scale="mp"``, W / m): Marchenko-Pastur with ``ratio = n / m``.

    Args:
        n: rows of X (matrix size; quaternion size for beta = 4), >= 1.
        m: columns of X (degrees of freedom), >= 1.
        beta: 1, 2 or 4.
        scale: ``"raw"`` (W = X X^*, default) or ``"mp"`` (W = X X^*/m: mean eigenvalue
            1, second moment -> 1 + n/m).
        size: None for one matrix, or the batch size k (output ``(k, ...)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        Array of shape (n, n), complex (2n, 2n) for beta = 4, or with a leading batch axis.

    Raises:
        TypeError: a non-int ``n``, ``m`` or ``size``.
        ValueError: ``n < 1``, ``m < 1``, ``beta`` not in {1, 2, 4}, unknown ``scale``.

    References:
        J. Wishart, Biometrika 20A, 32 (1928).

    Example:
        >>> w = laguerre(3, 5, beta=1, seed=0)
        >>> w.shape, bool(np.all(np.linalg.eigvalsh(w) > 0))
        ((3, 3), True)
    """
    n = check_positive_int("n", n)
    m = check_positive_int("m", m)
    b = check_dense_beta(beta)
    name = check_choice("scale", scale, LAGUERRE_SCALES)
    size = check_size(size)
    rng = as_generator(seed)
    x = ginibre(rng, batch_count(size), n, m, b)
    w = x @ np.conj(np.swapaxes(x, -1, -2)) if b != 1 else x @ np.swapaxes(x, -1, -2)
    if name == "mp":
        w /= m
    return unbatch(w, size)


def laguerre_bidiagonal(
    rng: np.random.Generator, k: int, n: int, m: float, beta: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower bidiagonal B (diag ``a``, subdiag ``b``) with W = B B^T ~ beta-Laguerre(n, m).

    ``a_i ~ chi_{beta (m - i)}/sqrt(beta)``, i = 0..n-1 and
    ``b_i ~ chi_{beta (n - i)}/sqrt(beta)``, i = 1..n-1 (Dumitriu-Edelman, rescaled to
    E|X_ij|^2 = 1).
    """
    ia = np.arange(n, dtype=np.float64)
    a = np.sqrt(rng.chisquare(beta * (m - ia), size=(k, n)) / beta)
    b = np.sqrt(rng.chisquare(beta * (n - ia[1:]), size=(k, n - 1)) / beta)
    return a, b


def laguerre_eigvals(
    n: int,
    m: float,
    beta: float = 2,
    *,
    scale: str = "raw",
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64]:
    r"""Eigenvalues of the beta-Laguerre (Wishart) ensemble for any beta > 0, O(n^2).

    Samples the Dumitriu-Edelman bidiagonal model B (diagonal
    ``chi_{beta(m - i)}/sqrt(beta)``, i = 0..n-1, subdiagonal
    ``chi_{beta(n - i)}/sqrt(beta)``, i = 1..n-1) and returns the eigenvalues of the
    tridiagonal ``B B^T`` (LAPACK ``dsterf``). Joint density proportional to
    :math:`|\Delta|^\beta \prod \lambda_i^{\beta(m-n+1)/2 - 1} e^{-\beta\lambda_i/2}`; for
    beta = 1, 2, 4 and integer m >= n equal in law to the eigenvalues of
    :func:`laguerre` (one per Kramers pair for beta = 4). ``m`` may be any real > n - 1.
    Limiting law with ``scale="mp"``: Marchenko-Pastur, ``ratio = n/m``.

    Args:
        n: number of eigenvalues, >= 1.
        m: degrees of freedom (columns of X), a real number > n - 1.
        beta: Dyson index, any finite beta > 0.
        scale: ``"raw"`` (default) or ``"mp"`` (divided by m).
        size: None for one sample, or the batch size k (output ``(k, n)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        float64 array of shape ``(n,)`` or ``(size, n)``, ascending.

    Raises:
        TypeError: non-int ``n``/``size``, non-number ``m``/``beta``.
        ValueError: ``n < 1``, ``m <= n - 1``, ``beta <= 0``, unknown ``scale``.

    References:
        I. Dumitriu and A. Edelman, J. Math. Phys. 43, 5830 (2002).

    Example:
        >>> x = laguerre_eigvals(500, 1000, beta=2, scale="mp", seed=0)
        >>> bool(abs(x.mean() - 1) < 0.05)
        True
    """
    n = check_positive_int("n", n)
    mm = check_degrees_of_freedom("m", m, n)
    b = check_beta(beta)
    name = check_choice("scale", scale, LAGUERRE_SCALES)
    size = check_size(size)
    rng = as_generator(seed)
    a, sub = laguerre_bidiagonal(rng, batch_count(size), n, mm, b)
    # T = B B^T: T_ii = a_i^2 + b_{i-1}^2, T_{i,i+1} = a_i b_i.
    diag = a**2
    diag[:, 1:] += sub**2
    off = a[:, :-1] * sub
    vals = tridiagonal_eigvals(diag, off)
    np.maximum(vals, 0.0, out=vals)  # W is positive semi-definite; clip rounding
    if name == "mp":
        vals /= mm
    return unbatch(vals, size)
