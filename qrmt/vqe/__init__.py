"""One VQE run on a molecular problem: ansätze, backends, optimizers and metrics.

>>> from qrmt.vqe import RunConfig, run_vqe  # doctest: +SKIP
>>> result = run_vqe(problem, RunConfig(ansatz="uccsd", init="hf"), seed=0)  # doctest: +SKIP
"""

from qrmt.vqe.ansatz import TEMPLATES, pennylane_ansatz, qiskit_ansatz
from qrmt.vqe.backends import AerObjective, Objective, PennyLaneObjective, make_objective
from qrmt.vqe.config import (
    ANSATZE,
    BACKENDS,
    CHEMICAL_ACCURACY,
    CHEMISTRY_INITS,
    OPTIMIZERS,
    PENNYLANE_BACKENDS,
    QISKIT_BACKENDS,
    RunConfig,
    RunResult,
    init_choices,
)
from qrmt.vqe.optimizers import DEFAULT_STEPSIZE, OptimizerTrace, optimize
from qrmt.vqe.run import (
    gradient_variance,
    initial_parameters,
    iterations_to_accuracy,
    mp2_initial_point,
    run_vqe,
)

__all__ = [
    "ANSATZE",
    "BACKENDS",
    "CHEMICAL_ACCURACY",
    "CHEMISTRY_INITS",
    "DEFAULT_STEPSIZE",
    "OPTIMIZERS",
    "PENNYLANE_BACKENDS",
    "QISKIT_BACKENDS",
    "TEMPLATES",
    "AerObjective",
    "Objective",
    "OptimizerTrace",
    "PennyLaneObjective",
    "RunConfig",
    "RunResult",
    "gradient_variance",
    "init_choices",
    "initial_parameters",
    "iterations_to_accuracy",
    "make_objective",
    "mp2_initial_point",
    "optimize",
    "pennylane_ansatz",
    "qiskit_ansatz",
    "run_vqe",
]
