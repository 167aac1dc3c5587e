"""qrmt: random-matrix initializers for variational quantum circuits.

>>> import qrmt
>>> qrmt.gue((2, 4, 3), template="StronglyEntanglingLayers", seed=0).shape
(2, 4, 3)
"""

from __future__ import annotations

from qrmt.init import (
    DEFAULT_BUDGET,
    Initializer,
    StrategyInfo,
    cue,
    draw,
    goe,
    gue,
    initializer,
    strategies,
    strategy_options,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BUDGET",
    "Initializer",
    "StrategyInfo",
    "__version__",
    "cue",
    "draw",
    "goe",
    "gue",
    "initializer",
    "strategies",
    "strategy_options",
]
