"""Random-matrix ensembles: Gaussian, Laguerre, Jacobi, circular, Haar, heavy-tailed, Dyson.

Every sampler takes ``size=`` (None for one sample; an int k for a batch of shape
``(k, ...)``, never squeezed) and ``seed=`` (int, Generator, SeedSequence or None).
Dense samplers accept beta in {1, 2, 4}; the ``*_eigvals`` / ``*_eigphases`` samplers
(tridiagonal / bidiagonal / CMV models) accept any beta > 0 and run in O(n^2).

Default scalings: Gaussian ``E|H_ij|^2 = 1`` off the diagonal (semicircle on
[-2 sqrt n, 2 sqrt n]); Laguerre ``W = X X^*`` with ``E|X_ij|^2 = 1`` (``scale="mp"``:
W/m -> Marchenko-Pastur with ratio n/m); Jacobi ``(A+B)^{-1/2} A (A+B)^{-1/2}``
(-> Wachter law with parameters n, m1, m2); circular: unitary matrices.
"""

from qrmt.ensembles.circular import circular, circular_eigphases
from qrmt.ensembles.dyson import dyson_brownian
from qrmt.ensembles.gaussian import gaussian
from qrmt.ensembles.haar import haar
from qrmt.ensembles.heavy_tailed import heavy_tailed
from qrmt.ensembles.jacobi import jacobi, jacobi_eigvals
from qrmt.ensembles.tridiagonal import gaussian_edge, gaussian_eigvals
from qrmt.ensembles.wishart import laguerre, laguerre_eigvals

__all__ = [
    "circular",
    "circular_eigphases",
    "dyson_brownian",
    "gaussian",
    "gaussian_edge",
    "gaussian_eigvals",
    "haar",
    "heavy_tailed",
    "jacobi",
    "jacobi_eigvals",
    "laguerre",
    "laguerre_eigvals",
]
