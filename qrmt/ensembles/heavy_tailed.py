r"""Heavy-tailed (Lévy) Wigner matrices with symmetric alpha-stable entries.

Entries ``H_ij = H_ji`` (i <= j) are i.i.d. symmetric alpha-stable with characteristic
function :math:`E e^{itX} = e^{-|t|^\alpha}` (scale 1; ``scipy.stats.levy_stable(alpha,
0)``): standard Cauchy at alpha = 1, N(0, 2) at alpha = 2. They are drawn with the
Chambers-Mallows-Stuck formula (V uniform on (-pi/2, pi/2), W standard exponential)

.. math::
    X = \frac{\sin(\alpha V)}{(\cos V)^{1/\alpha}}
        \left(\frac{\cos((1-\alpha) V)}{W}\right)^{(1-\alpha)/\alpha}.

With ``scale="stable_limit"`` the matrix is divided by ``n^{1/alpha}``, the scaling under
which the empirical spectral distribution converges (Ben Arous-Guionnet; for alpha = 2 it
is the semicircle of variance 2, i.e. radius 2 sqrt 2).

References:
    J. M. Chambers, C. L. Mallows and B. W. Stuck, J. Amer. Statist. Assoc. 71, 340 (1976).
    P. Cizeau and J.-P. Bouchaud, Phys. Rev. E 50, 1810 (1994).
    G. Ben Arous and A. Guionnet, Commun. Math. Phys. 278, 715 (2008).
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_choice, check_positive_int
from qrmt.ensembles._common import batch_count, check_size, unbatch

__all__ = ["HEAVY_TAILED_SCALES", "heavy_tailed", "symmetric_stable"]

#: ``"unit"``: entries of scale 1; ``"stable_limit"``: divided by n^{1/alpha}.
HEAVY_TAILED_SCALES = ("unit", "stable_limit")


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha must be a number in (0, 2]; got {alpha!r}")
    value = float(alpha)
    if not 0.0 < value <= 2.0:
        raise ValueError(f"alpha must be in (0, 2]; got {alpha}")
    return value


def symmetric_stable(rng: np.random.Generator, alpha: float, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """Symmetric alpha-stable samples, E exp(itX) = exp(-|t|^alpha) (Chambers-Mallows-Stuck)."""
    v = rng.uniform(-0.5 * np.pi, 0.5 * np.pi, size=shape)
    w = rng.standard_exponential(size=shape)
    cos_v = np.cos(v)
    out = np.sin(alpha * v) / cos_v ** (1.0 / alpha)
    if alpha != 1.0:
        out *= (np.cos((1.0 - alpha) * v) / w) ** ((1.0 - alpha) / alpha)
    return out


def heavy_tailed(
    n: int,
    alpha: float,
    *,
    scale: str = "unit",
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64]:
    r"""Sample real symmetric Wigner matrices with symmetric alpha-stable entries.

    All entries on and above the diagonal are i.i.d. with characteristic function
    ``exp(-|t|^alpha)``; alpha = 1 gives standard Cauchy entries (scale 1), alpha = 2
    Gaussian entries N(0, 2) (a GOE with diagonal and off-diagonal variance 2, which is not
    orthogonally invariant -- use :func:`qrmt.ensembles.gaussian` for the GOE).

    Args:
        n: matrix size, >= 1.
        alpha: stability index in (0, 2].
        scale: ``"unit"`` (default) or ``"stable_limit"`` (divided by n^{1/alpha}).
        size: None for one matrix, or the batch size k (output ``(k, n, n)``).
        seed: int, Generator, SeedSequence or None.

    Returns:
        float64 symmetric array (n, n) or (size, n, n).

    Raises:
        TypeError: non-int ``n``/``size``, non-number ``alpha``.
        ValueError: ``n < 1``, alpha outside (0, 2], unknown ``scale``.

    References:
        P. Cizeau and J.-P. Bouchaud, Phys. Rev. E 50, 1810 (1994).
        J. M. Chambers, C. L. Mallows and B. W. Stuck, JASA 71, 340 (1976).

    Example:
        >>> h = heavy_tailed(4, 1.0, seed=0)
        >>> bool(np.array_equal(h, h.T))
        True
    """
    n = check_positive_int("n", n)
    a = _check_alpha(alpha)
    name = check_choice("scale", scale, HEAVY_TAILED_SCALES)
    size = check_size(size)
    rng = as_generator(seed)
    x = symmetric_stable(rng, a, (batch_count(size), n, n))
    upper = np.triu(x)
    h = upper + np.swapaxes(np.triu(x, 1), -1, -2)
    if name == "stable_limit":
        h /= n ** (1.0 / a)
    return unbatch(h, size)
