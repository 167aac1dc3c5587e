"""Circuit initializers: random-matrix strategies and the literature's baselines."""

from qrmt.init.api import (
    Initializer,
    StrategyInfo,
    cue,
    draw,
    goe,
    gue,
    initializer,
    resolve_structure,
    strategies,
    strategy_options,
)
from qrmt.init.strategies import DEFAULT_BUDGET, depth_rule_step
from qrmt.init.structure import Structure

__all__ = [
    "DEFAULT_BUDGET",
    "Initializer",
    "StrategyInfo",
    "Structure",
    "cue",
    "depth_rule_step",
    "draw",
    "goe",
    "gue",
    "initializer",
    "resolve_structure",
    "strategies",
    "strategy_options",
]
