"""Limiting laws of random-matrix theory, as frozen, vectorised law objects.

Every law has ``pdf``, ``cdf``, ``ppf``, ``rvs(size, seed=)``, ``mean()``, ``var()`` and
``support()``; laws with point masses list them in ``atoms()`` (their ``pdf`` is then the
density of the continuous part).

* Spectral densities: :func:`semicircle` (Gaussian/Wigner), :func:`marchenko_pastur`
  (Wishart/Laguerre), :func:`wachter` (Jacobi/MANOVA), :func:`uniform_circle` (circular).
* Edge: :func:`tracy_widom` (β = 1, 2, 4; Bornemann's Fredholm quadrature).
* Level statistics: :func:`wigner_surmise`, :func:`spacing_ratio` (Atas et al.),
  :func:`spacing_ratios`, unfolding helpers.
* Free probability: :func:`stieltjes`, :func:`r_transform`,
  :func:`free_additive_convolution`, :func:`free_unitary_bm`.
* Comparison: :func:`ks_distance`, :func:`wasserstein_distance` and two-sample versions.

Conventions, formulas and references: ``docs/ensembles.md``.
"""

from __future__ import annotations

from qrmt.laws._base import Law
from qrmt.laws.circle import UniformCircle, uniform_circle, wrap_phase
from qrmt.laws.compare import (
    ks_critical_value,
    ks_distance,
    ks_distance_2samp,
    wasserstein_distance,
    wasserstein_distance_2samp,
)
from qrmt.laws.free import (
    FreeUnitaryBM,
    GridLaw,
    free_additive_convolution,
    free_unitary_bm,
    r_transform,
    stieltjes,
)
from qrmt.laws.marchenko_pastur import MarchenkoPastur, marchenko_pastur
from qrmt.laws.semicircle import Semicircle, semicircle
from qrmt.laws.spacing import (
    LARGE_N_MEAN_RTILDE,
    SURMISE_MEAN_RTILDE,
    SpacingRatio,
    WignerSurmise,
    normalized_spacings,
    spacing_ratio,
    spacing_ratios,
    unfold_by_cdf,
    unfold_polynomial,
    wigner_surmise,
)
from qrmt.laws.tracy_widom import TracyWidom, tracy_widom, tracy_widom_fredholm_cdf
from qrmt.laws.wachter import Wachter, wachter

__all__ = [
    "LARGE_N_MEAN_RTILDE",
    "SURMISE_MEAN_RTILDE",
    "FreeUnitaryBM",
    "GridLaw",
    "Law",
    "MarchenkoPastur",
    "Semicircle",
    "SpacingRatio",
    "TracyWidom",
    "UniformCircle",
    "Wachter",
    "WignerSurmise",
    "free_additive_convolution",
    "free_unitary_bm",
    "ks_critical_value",
    "ks_distance",
    "ks_distance_2samp",
    "marchenko_pastur",
    "normalized_spacings",
    "r_transform",
    "semicircle",
    "spacing_ratio",
    "spacing_ratios",
    "stieltjes",
    "tracy_widom",
    "tracy_widom_fredholm_cdf",
    "unfold_by_cdf",
    "unfold_polynomial",
    "uniform_circle",
    "wachter",
    "wasserstein_distance",
    "wasserstein_distance_2samp",
    "wigner_surmise",
    "wrap_phase",
]
