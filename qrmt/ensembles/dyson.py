r"""Dyson Brownian motion: eigenvalue (eigenphase) paths, Hermitian and circular.

* ``kind="hermitian"``: the eigenvalues of ``H(t) = diag(x0) + B(t)``, where ``B`` is the
  matrix Brownian motion of the Gaussian ensemble of index beta (1, 2, 4): independent
  increments ``B(t) - B(s) ~ sqrt(t - s) * gaussian(n, beta, scale=scale)``. The paths are
  exact in law at the requested times (no time-stepping); they solve Dyson's SDE
  :math:`d\lambda_i = \sqrt{2/\beta}\, db_i + \sum_{j\ne i} dt / (\lambda_i - \lambda_j)`
  in the default ``"unit_offdiag"`` scaling (``E|B_ij(t)|^2 = t``, ``E B_ii(t)^2 = 2t/beta``).
* ``kind="circular"``: the eigenphases of ``U(t) = U0 W(t)`` (beta = 2),
  ``W(t)^T U0 W(t)`` (beta = 1, symmetric unitaries) or ``W(t)^R U0 W(t)`` (beta = 4,
  self-dual, W on U(2n)), with ``U0 = diag(exp(i x0))`` and ``W`` the unitary Brownian
  motion ``dW = i W dH - W dt / 2`` driven by a Hermitian Brownian motion with
  ``E|dH_ij|^2 = dt / N`` (N the size of W; Biane's normalisation, in which
  ``E (1/N) tr W(t) = exp(-t/2)`` and the spectrum of W(t) fills the circle for t >= 4
  as N -> infinity). W is built as a product of exact small steps ``exp(i sqrt(delta) G)``,
  G from the GUE with ``E|G_ij|^2 = 1/N`` (exponential by eigendecomposition), with
  ``delta <= dt_max``; the law of each step differs from the exact heat kernel by
  O(delta^2), so ``E (1/N) tr W(t)`` is biased by about ``t delta / 24``. As t -> infinity
  the three processes converge to CUE, COE and CSE.

References:
    F. J. Dyson, "A Brownian-motion model for the eigenvalues of a random matrix",
    J. Math. Phys. 3, 1191 (1962).
    P. Biane, "Free Brownian motion, free stochastic calculus and random matrices",
    Fields Inst. Commun. 12, 1 (1997).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qrmt._rng import SeedLike, as_generator
from qrmt._validation import check_choice, check_positive_float, check_positive_int
from qrmt.ensembles._common import (
    batch_count,
    check_dense_beta,
    check_size,
    gaussian_scale_factor,
    kramers_halve,
    quaternion_dual,
    unbatch,
    wrap_phases,
)
from qrmt.ensembles.gaussian import _goe, _gse, _gue

__all__ = ["dyson_brownian"]

_KINDS = ("hermitian", "circular")


def _check_times(times: ArrayLike) -> NDArray[np.float64]:
    try:
        t = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"times must be a 1-D array of numbers; got {times!r}") from exc
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"times must be a non-empty 1-D array; got shape {t.shape}")
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"times must be finite and >= 0; got {t}")
    if np.any(np.diff(t) < 0):
        raise ValueError(f"times must be non-decreasing; got {t}")
    return t


def _check_x0(x0: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if x0 is None:
        return np.zeros(n)
    try:
        x = np.asarray(x0, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"x0 must be a finite array of shape ({n},) of numbers; got {x0!r}") from None
    if x.shape != (n,) or not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must be a finite array of shape ({n},); got shape {x.shape}")
    return x


def _hermitian_paths(
    rng: np.random.Generator, k: int, n: int, beta: int, t: NDArray, x0: NDArray, factor: float
) -> NDArray[np.float64]:
    sampler = {1: _goe, 2: _gue, 4: _gse}[beta]
    steps = np.sqrt(np.diff(t, prepend=0.0)) * factor
    inc = sampler(rng, k * t.size, n).reshape(k, t.size, *((2 * n, 2 * n) if beta == 4 else (n, n)))
    inc *= steps[None, :, None, None]
    h = np.cumsum(inc, axis=1)
    diag = np.concatenate([x0, x0]) if beta == 4 else x0
    idx = np.arange(diag.size)
    h[..., idx, idx] += diag
    vals = np.asarray(np.linalg.eigvalsh(h), dtype=np.float64)
    if beta == 4:  # Kramers pairs are adjacent in the sorted spectrum
        vals = 0.5 * (vals[..., 0::2] + vals[..., 1::2])
    return vals


def _unitary_bm(
    rng: np.random.Generator, k: int, size_n: int, t: NDArray, dt_max: float
) -> NDArray[np.complex128]:
    """Unitary BM W(t_j), shape (k, len(t), N, N), by products of exact small steps."""
    out = np.empty((k, t.size, size_n, size_n), dtype=np.complex128)
    w = np.broadcast_to(np.eye(size_n, dtype=np.complex128), (k, size_n, size_n)).copy()
    scale = 1.0 / math.sqrt(size_n)
    previous = 0.0
    for j, tj in enumerate(t):
        span = tj - previous
        m = math.ceil(span / dt_max - 1e-12) if span > 0 else 0
        for _ in range(m):
            g = _gue(rng, k, size_n) * scale
            lam, vec = np.linalg.eigh(g)
            phase = np.exp(1j * math.sqrt(span / m) * lam)
            w = w @ ((vec * phase[:, None, :]) @ np.conj(np.swapaxes(vec, -1, -2)))
        out[:, j] = w
        previous = tj
    return out


def _circular_paths(
    rng: np.random.Generator, k: int, n: int, beta: int, t: NDArray, x0: NDArray, dt_max: float
) -> NDArray[np.float64]:
    size_n = 2 * n if beta == 4 else n
    w = _unitary_bm(rng, k, size_n, t, dt_max)
    d = np.exp(1j * (np.concatenate([x0, x0]) if beta == 4 else x0))
    if beta == 2:
        u = d[:, None] * w
    elif beta == 1:
        u = np.swapaxes(w, -1, -2) @ (d[:, None] * w)
    else:
        u = quaternion_dual(w) @ (d[:, None] * w)
    theta = wrap_phases(np.angle(np.linalg.eigvals(u)))
    return kramers_halve(theta) if beta == 4 else theta


def dyson_brownian(
    n: int,
    beta: int,
    times: ArrayLike,
    *,
    kind: str = "hermitian",
    x0: ArrayLike | None = None,
    scale: str = "unit_offdiag",
    dt_max: float = 0.01,
    size: int | None = None,
    seed: SeedLike = None,
) -> NDArray[np.float64]:
    """Sample eigenvalue paths of Dyson Brownian motion at the given times.

    Args:
        n: number of eigenvalues (quaternion size for beta = 4), >= 1.
        beta: 1, 2 or 4.
        times: non-decreasing times >= 0 (1-D); time 0 is the starting point ``x0``.
        kind: ``"hermitian"`` (eigenvalues of diag(x0) + B(t); exact in law) or
            ``"circular"`` (eigenphases of the unitary process started at
            ``diag(exp(i x0))``; small-step product, see the module docstring).
        x0: starting eigenvalues / eigenphases, shape (n,); default zeros.
        scale: Hermitian kind only: scaling of B(1), as in
            :func:`qrmt.ensembles.gaussian` (default ``"unit_offdiag"``:
            ``E|B_ij(t)|^2 = t``; ``"unit_semicircle"``: ``t / n``).
        dt_max: circular kind only: largest time step of the unitary BM product, > 0.
        size: None for one path, or the batch size k.
        seed: int, Generator, SeedSequence or None.

    Returns:
        float64 array of shape ``(len(times), n)`` (or ``(size, len(times), n)``), each
        row ascending: eigenvalues, or eigenphases in [-pi, pi) (one per Kramers pair
        for beta = 4).

    Raises:
        TypeError: non-int ``n``/``size`` or non-numeric ``times``.
        ValueError: ``n < 1``, ``beta`` not in {1, 2, 4}, bad ``times`` or ``x0``,
            unknown ``kind`` or ``scale``, ``dt_max <= 0``.

    References:
        F. J. Dyson, J. Math. Phys. 3, 1191 (1962); P. Biane, Fields Inst. Commun. 12 (1997).

    Example:
        >>> paths = dyson_brownian(4, 2, [0.0, 0.5, 1.0], seed=0)
        >>> paths.shape, bool(np.all(paths[0] == 0))
        ((3, 4), True)
    """
    n = check_positive_int("n", n)
    b = check_dense_beta(beta)
    t = _check_times(times)
    name = check_choice("kind", kind, _KINDS)
    x = _check_x0(x0, n)
    factor = gaussian_scale_factor(scale, n, b)
    step = check_positive_float("dt_max", dt_max)
    size = check_size(size)
    rng = as_generator(seed)
    k = batch_count(size)
    if name == "hermitian":
        paths = _hermitian_paths(rng, k, n, b, t, x, factor)
    else:
        paths = _circular_paths(rng, k, n, b, t, x, step)
    return unbatch(paths, size)
