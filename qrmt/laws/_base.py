"""Shared machinery of the limiting laws: the ``Law`` base class and numerical helpers.

Every law in :mod:`qrmt.laws` is a frozen object: its parameters are validated and fixed
at construction, and its methods are vectorised over NumPy arrays. Subclasses provide
``pdf``, ``cdf``, ``support``, ``mean`` and ``var``; the base class derives ``ppf`` (by
vectorised bisection on the CDF), ``rvs`` (inverse transform sampling) and a numerical
Stieltjes transform (Gauss–Legendre quadrature of the density, plus the atoms).
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import roots_legendre

from qrmt._rng import SeedLike, as_generator

__all__ = ["Law", "bisect", "check_beta", "check_finite_float", "gauss_legendre"]

FloatArray = NDArray[np.float64]


@functools.lru_cache(maxsize=32)
def _legendre(m: int) -> tuple[FloatArray, FloatArray]:
    x, w = roots_legendre(m)
    x.flags.writeable = False
    w.flags.writeable = False
    return x, w


def gauss_legendre(m: int, a: float = -1.0, b: float = 1.0) -> tuple[FloatArray, FloatArray]:
    """Return the ``m`` Gauss–Legendre nodes and weights on ``[a, b]`` (nodes cached)."""
    x, w = _legendre(int(m))
    half = 0.5 * (b - a)
    return a + half * (x + 1.0), half * w


def bisect(
    func: Callable[[FloatArray], FloatArray],
    target: FloatArray,
    lo: ArrayLike,
    hi: ArrayLike,
    iterations: int = 64,
) -> FloatArray:
    """Solve ``func(x) = target`` for increasing ``func`` by vectorised bisection.

    Args:
        func: increasing, vectorised function.
        target: right-hand sides (any shape).
        lo: lower brackets, broadcastable to ``target``.
        hi: upper brackets, broadcastable to ``target``.
        iterations: number of halvings (64 reaches float64 resolution on any bracket).

    Returns:
        The midpoints of the final brackets, shape of ``target``.
    """
    lo = np.broadcast_to(np.asarray(lo, dtype=float), target.shape).copy()
    hi = np.broadcast_to(np.asarray(hi, dtype=float), target.shape).copy()
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        below = func(mid) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return 0.5 * (lo + hi)


def check_beta(value: object, allowed: tuple[int, ...] | None = None, name: str = "beta") -> float:
    """Validate a Dyson index: a finite number > 0, optionally restricted to ``allowed``.

    Raises:
        TypeError: not a real number.
        ValueError: not positive, or not one of ``allowed``.
    """
    from qrmt._validation import check_positive_float

    if allowed is not None:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{name} must be one of {list(allowed)}; got {value!r}")
        if float(value) not in allowed:
            raise ValueError(f"{name} must be one of {list(allowed)}; got {value}")
        return float(value)
    return check_positive_float(name, value)


def check_finite_float(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite real number, else raise naming ``name``.

    Raises:
        TypeError: not a real number.
        ValueError: nan or infinite.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a finite number; got {value!r} of type {type(value).__name__}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be a finite number; got {value}")
    return out


class Law(abc.ABC):
    """Base class of a one-dimensional probability law with frozen parameters.

    Subclasses implement :meth:`pdf`, :meth:`cdf`, :meth:`support`, :meth:`mean` and
    :meth:`var`; laws with atoms list them in :meth:`atoms` (the ``pdf`` is then the
    density of the absolutely continuous part only). Attributes cannot be changed
    after construction.
    """

    _frozen: bool = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen; cannot set {name!r}")
        object.__setattr__(self, name, value)

    def _freeze(self) -> None:
        object.__setattr__(self, "_frozen", True)

    # --- interface -----------------------------------------------------------------
    @abc.abstractmethod
    def pdf(self, x: ArrayLike) -> FloatArray:
        """Density of the absolutely continuous part at ``x``."""

    @abc.abstractmethod
    def cdf(self, x: ArrayLike) -> FloatArray:
        """Cumulative distribution function ``P(X <= x)``."""

    @abc.abstractmethod
    def support(self) -> tuple[float, float]:
        """Smallest closed interval holding all the mass (may be infinite)."""

    @abc.abstractmethod
    def mean(self) -> float:
        """Mean of the law."""

    @abc.abstractmethod
    def var(self) -> float:
        """Variance of the law."""

    def atoms(self) -> list[tuple[float, float]]:
        """Point masses as ``(location, mass)`` pairs (empty for a continuous law)."""
        return []

    def std(self) -> float:
        """Standard deviation of the law."""
        return float(np.sqrt(self.var()))

    # --- derived ---------------------------------------------------------------------
    def cdf_left(self, x: ArrayLike) -> FloatArray:
        """Left limit ``P(X < x)`` of the CDF (differs from :meth:`cdf` at atoms)."""
        xa = np.asarray(x, dtype=float)
        out = self.cdf(xa)
        for loc, mass in self.atoms():
            out = out - np.where(xa == loc, mass, 0.0)
        return out

    def _ppf_bracket(self) -> tuple[float, float]:
        lo, hi = self.support()
        return lo, hi

    def ppf(self, q: ArrayLike) -> FloatArray:
        """Quantile function: the smallest ``x`` with ``cdf(x) >= q``.

        Args:
            q: probabilities in [0, 1].

        Returns:
            Quantiles, same shape as ``q`` (nan where ``q`` is outside [0, 1]).
        """
        qa = np.asarray(q, dtype=float)
        lo, hi = self._ppf_bracket()
        out = bisect(self.cdf, qa, np.full(qa.shape, lo), np.full(qa.shape, hi))
        for loc, mass in self.atoms():
            below = float(self.cdf_left(np.float64(loc)))
            out = np.where((qa > below) & (qa <= below + mass), loc, out)
        out = np.where(qa <= 0.0, self.support()[0], out)
        out = np.where(qa >= 1.0, self.support()[1], out)
        out = np.where((qa < 0.0) | (qa > 1.0) | np.isnan(qa), np.nan, out)
        return out if out.ndim else out[()]

    def rvs(self, size: int | tuple[int, ...] | None = None, *, seed: SeedLike = None) -> Any:
        """Draw samples by inverse transform sampling.

        Args:
            size: output shape (None for one float).
            seed: int, Generator, SeedSequence or None.

        Returns:
            float or array of samples.
        """
        u = as_generator(seed).random(size)
        return self.ppf(u)

    def _quadrature(self, m: int = 200) -> tuple[FloatArray, FloatArray]:
        """Nodes and weights integrating smooth functions against the density.

        Uses ``x = c - h cos(phi)`` on the interval of the absolutely continuous part
        (:meth:`_density_interval`), which absorbs square-root edges; subclasses with
        unbounded support override it.
        """
        lo, hi = self._density_interval()
        c, h = 0.5 * (lo + hi), 0.5 * (hi - lo)
        phi, w = gauss_legendre(m, 0.0, np.pi)
        x = c - h * np.cos(phi)
        return x, w * h * np.sin(phi) * self.pdf(x)

    def _density_interval(self) -> tuple[float, float]:
        """Interval of the absolutely continuous part (the support, unless atoms lie outside)."""
        return self.support()

    def stieltjes(self, z: ArrayLike) -> NDArray[np.complex128]:
        """Stieltjes (Cauchy) transform ``G(z) = ∫ dμ(x) / (z - x)`` for ``Im z != 0``.

        Numerical by default (quadrature of the density plus the atoms); accurate when
        ``z`` is not within a few node spacings of the support. Closed forms override it.
        """
        za = np.asarray(z, dtype=complex)
        x, w = self._quadrature()
        out = np.sum(w / (za[..., None] - x), axis=-1)
        for loc, mass in self.atoms():
            out = out + mass / (za - loc)
        return out

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({params})"

    def _params(self) -> dict[str, Any]:
        return {}
