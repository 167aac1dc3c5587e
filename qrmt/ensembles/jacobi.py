r"""Jacobi (MANOVA) ensembles: dense (beta = 1, 2, 4) and Killip-Nenciu (any beta > 0).

Conventions: ``A = X X^*`` and ``B = Y Y^*`` are independent Wishart matrices with X n x m1
and Y n x m2 Gaussian (as in :func:`qrmt.ensembles.laguerre`); the MANOVA matrix is

.. math:: J = (A + B)^{-1/2} A (A + B)^{-1/2},

Hermitian with eigenvalues in [0, 1] (those of ``(A + B)^{-1} A``). For m1, m2 >= n the
joint eigenvalue density is proportional to

.. math::
    |\Delta(\lambda)|^\beta \prod_i \lambda_i^{a} (1 - \lambda_i)^{b},\qquad
    a = \tfrac\beta2 (m_1 - n + 1) - 1,\quad b = \tfrac\beta2 (m_2 - n + 1) - 1.

Exactly, ``E (1/n) tr J = m1 / (m1 + m2)`` for every n. As n, m1, m2 -> infinity with
``n/m1`` and ``n/m2`` fixed, the eigenvalue distribution tends to Wachter's law: the free
multiplicative convolution of Bernoulli(m1/(m1+m2)) and Bernoulli(n/(m1+m2)) restricted
to the n-dimensional part (J's eigenvalues are those of the compression P Q P of a fixed
rank-m1 projection P by a Haar rank-n projection Q in dimension m1 + m2), with edges

.. math::
    \lambda_\pm = \left(\sqrt{\tfrac{m_1}{N}\left(1 - \tfrac{n}{N}\right)}
                  \pm \sqrt{\tfrac{n}{N}\left(1 - \tfrac{m_1}{N}\right)}\right)^2,
    \qquad N = m_1 + m_2.

References:
    K. W. Wachter, "The limiting empirical measure of multiple discriminant ratios",
    Ann. Statist. 8, 937 (1980).
    R. Killip and I. Nenciu, "Matrix models for circular ensembles",
    Int. Math. Res. Not. 2004:50, 2665 (2004), Theorem 2.
    A. Edelman and B. D. Sutton, "The beta-Jacobi matrix model, the CS decomposition,
    and generalized singular value problems", Found. Comput. Math. 8, 259 (2008).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_positive_int
from qrmt.ensembles._common import (
    batch_count,
    check_beta,
    check_degrees_of_freedom,
    check_dense_beta,
    check_size,
    unbatch,
)
from qrmt.ensembles.tridiagonal import tridiagonal_eigvals
from qrmt.ensembles.wishart import ginibre

__all__ = ["jacobi", "jacobi_eigvals"]


def _gram(x: NDArray) -> NDArray:
    return x @ np.conj(np.swapaxes(x, -1, -2))


def jacobi(
    n: int,
    m1: int,
    m2: int,
    beta: int = 2,
    *,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64] | NDArray[np.complex128]:
    r"""Sample dense MANOVA (Jacobi) matrices ``J = (A + B)^{-1/2} A (A + B)^{-1/2}``.

    ``A = X X^*`` (X: n x m1) and ``B = Y Y^*`` (Y: n x m2) are independent Wishart
    matrices (:func:`qrmt.ensembles.laguerre` conventions). Eigenvalues in [0, 1];
    mean eigenvalue exactly ``m1/(m1 + m2)``; limiting law: Wachter with parameters
    (n, m1, m2) as in the module docstring. Requires ``m1 + m2 >= n`` (A + B invertible);
    m1 < n gives n - m1 eigenvalues 0 and m2 < n gives n - m2 eigenvalues 1.

    Args:
        n: matrix size (quaternion size for beta = 4), >= 1.
        m1: degrees of freedom of A, >= 1.
        m2: degrees of freedom of B, >= 1, with m1 + m2 >= n.
        beta: 1 (real), 2 (complex) or 4 (quaternion, 2n x 2n complex output).
        size: None for one matrix, or the batch size k.
        seed: int, Generator, SeedSequence or None.

    Returns:
        Hermitian array (n, n) -- (2n, 2n) for beta = 4 -- or with a leading batch axis.

    Raises:
        TypeError: non-int ``n``, ``m1``, ``m2`` or ``size``.
        ValueError: ``n, m1, m2 < 1``, ``m1 + m2 < n``, ``beta`` not in {1, 2, 4}.

    References:
        K. W. Wachter, Ann. Statist. 8, 937 (1980).

    Example:
        >>> j = jacobi(3, 4, 5, beta=1, seed=0)
        >>> bool(np.all((np.linalg.eigvalsh(j) > 0) & (np.linalg.eigvalsh(j) < 1)))
        True
    """
    n = check_positive_int("n", n)
    m1 = check_positive_int("m1", m1)
    m2 = check_positive_int("m2", m2)
    if m1 + m2 < n:
        raise ValueError(f"m1 + m2 must be >= n = {n} so that A + B is invertible; got {m1 + m2}")
    b = check_dense_beta(beta)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    a = _gram(ginibre(rng, k, n, m1, b))
    s = a + _gram(ginibre(rng, k, n, m2, b))
    w, v = np.linalg.eigh(s)
    inv_sqrt = (v / np.sqrt(w)[..., None, :]) @ np.conj(np.swapaxes(v, -1, -2))
    j = inv_sqrt @ a @ inv_sqrt
    j = 0.5 * (j + np.conj(np.swapaxes(j, -1, -2)))
    return unbatch(j, size)


def _beta_pm1(rng: np.random.Generator, s: NDArray, t: NDArray, k: int) -> NDArray[np.float64]:
    """Samples on [-1, 1] with density proportional to (1 - x)^(s-1) (1 + x)^(t-1)."""
    # x = 1 - 2 y with y ~ Beta(s, t): density of x is prop. to (1-x)^(s-1) (1+x)^(t-1).
    return 1.0 - 2.0 * rng.beta(s, t, size=(k, s.shape[-1]))


def jacobi_eigvals(
    n: int,
    m1: float,
    m2: float,
    beta: float = 2,
    *,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64]:
    r"""Eigenvalues of the beta-Jacobi (MANOVA) ensemble for any beta > 0, in O(n^2).

    Joint density on [0, 1]^n proportional to
    :math:`|\Delta|^\beta \prod \lambda_i^{a}(1-\lambda_i)^{b}` with
    ``a = beta (m1 - n + 1)/2 - 1`` and ``b = beta (m2 - n + 1)/2 - 1`` -- for beta = 1, 2,
    4 and integer m1, m2 >= n the law of the eigenvalues of :func:`jacobi` (one per
    Kramers pair). Sampled with Killip-Nenciu's model: independent Verblunsky
    coefficients alpha_0..alpha_{2n-2} in [-1, 1] with

    * alpha_k ~ B((2n-k-2) beta/4 + a' + 1, (2n-k-2) beta/4 + b' + 1) for k even,
    * alpha_k ~ B((2n-k-3) beta/4 + a' + b' + 2, (2n-k-1) beta/4) for k odd,

    where B(s, t) has density prop. to (1-x)^(s-1) (1+x)^(t-1), a' = b and b' = a
    (the law of x = 4 lambda - 2 on [-2, 2] is prop. to (2-x)^{a'} (2+x)^{b'}), and
    alpha_{-1} = alpha_{2n-1} = -1. The Jacobi matrix with diagonal
    ``b_{k+1} = (1 - alpha_{2k-1}) alpha_{2k} - (1 + alpha_{2k-1}) alpha_{2k-2}`` and
    off-diagonal ``a_{k+1} = sqrt((1 - alpha_{2k-1})(1 - alpha_{2k}^2)(1 + alpha_{2k+1}))``
    has eigenvalues x; lambda = (2 + x)/4 (LAPACK ``dsterf``).

    Args:
        n: number of eigenvalues, >= 1.
        m1: degrees of freedom of A, a real number > n - 1.
        m2: degrees of freedom of B, a real number > n - 1.
        beta: Dyson index, any finite beta > 0.
        size: None for one sample, or the batch size k (output ``(k, n)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        float64 array of shape ``(n,)`` or ``(size, n)``, ascending, in [0, 1].

    Raises:
        TypeError: non-int ``n``/``size``, non-number ``m1``/``m2``/``beta``.
        ValueError: ``n < 1``, ``m1`` or ``m2 <= n - 1``, ``beta <= 0``.

    References:
        R. Killip and I. Nenciu, Int. Math. Res. Not. 2004:50, 2665 (2004), Theorem 2.
        A. Edelman and B. D. Sutton, Found. Comput. Math. 8, 259 (2008).

    Example:
        >>> x = jacobi_eigvals(200, 300, 500, beta=2.5, seed=0)
        >>> bool(abs(x.mean() - 300 / 800) < 0.02)
        True
    """
    n = check_positive_int("n", n)
    p1 = check_degrees_of_freedom("m1", m1, n)
    p2 = check_degrees_of_freedom("m2", m2, n)
    bt = check_beta(beta)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    a_exp = bt * (p1 - n + 1) / 2.0 - 1.0  # exponent of lambda
    b_exp = bt * (p2 - n + 1) / 2.0 - 1.0  # exponent of 1 - lambda
    ap, bp = b_exp, a_exp  # exponents of (2 - x) and (2 + x)
    idx = np.arange(2 * n - 1, dtype=np.float64)
    even, odd = idx[0::2], idx[1::2]
    alpha = np.empty((k, 2 * n + 1))  # alpha[:, j + 1] holds alpha_j, j = -1..2n-1
    alpha[:, 0] = -1.0
    alpha[:, -1] = -1.0
    alpha[:, 1 : 2 * n : 2] = _beta_pm1(
        rng, (2 * n - even - 2) * bt / 4 + ap + 1, (2 * n - even - 2) * bt / 4 + bp + 1, k
    )
    if n > 1:
        alpha[:, 2 : 2 * n - 1 : 2] = _beta_pm1(
            rng, (2 * n - odd - 3) * bt / 4 + ap + bp + 2, (2 * n - odd - 1) * bt / 4, k
        )
    al = alpha[:, 1:]  # al[:, j] = alpha_j for j = 0..2n-1 ; alpha_{-1} = alpha[:, 0]
    a_prev = alpha[:, 0 : 2 * n - 1 : 2]  # alpha_{2k-1}, k = 0..n-1
    a_even = al[:, 0 : 2 * n - 1 : 2]  # alpha_{2k}
    a_even_prev = np.concatenate([np.zeros((k, 1)), a_even[:, :-1]], axis=1)  # alpha_{2k-2}
    diag = (1 - a_prev) * a_even - (1 + a_prev) * a_even_prev
    a_next = al[:, 1 : 2 * n - 2 : 2]  # alpha_{2k+1}, k = 0..n-2
    off = np.sqrt(np.clip((1 - a_prev[:, : n - 1]) * (1 - a_even[:, : n - 1] ** 2) * (1 + a_next), 0, None))
    x = tridiagonal_eigvals(diag, off)
    lam = np.clip((2.0 + x) / 4.0, 0.0, 1.0)
    return unbatch(lam, size)
