"""Spectrum statistics shared by the ensemble tests, written independently of qrmt.laws."""

from __future__ import annotations

import math

import numpy as np

#: Large-n means of the folded spacing ratio r~ (Atas et al., PRL 110, 084101 (2013));
#: 0 is the Poisson value 2 ln 2 - 1.
RATIO_MEAN = {0: 2 * math.log(2) - 1, 1: 0.5307, 2: 0.5996, 4: 0.6744}


def ratios(levels: np.ndarray) -> np.ndarray:
    """r~_i = min(s_i, s_{i+1}) / max(s_i, s_{i+1}) along the last axis (sorted levels)."""
    s = np.diff(levels, axis=-1)
    a, b = s[..., :-1], s[..., 1:]
    return np.minimum(a, b) / np.maximum(a, b)


def bulk(levels: np.ndarray) -> np.ndarray:
    """The central half of each spectrum."""
    n = levels.shape[-1]
    return levels[..., n // 4 : n - n // 4]


def mean_and_se(per_sample: np.ndarray) -> tuple[float, float]:
    """Mean over samples and its standard error (samples independent, rows correlated)."""
    m = per_sample.mean(axis=-1)
    return float(m.mean()), float(m.std(ddof=1) / math.sqrt(m.size))
