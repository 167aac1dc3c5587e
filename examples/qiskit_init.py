"""Give qiskit-algorithms' VQE a qrmt starting point, and bind a circuit with it.

Run: ``python examples/qiskit_init.py`` (needs ``pip install "qrmt[algorithms]"``)
"""

from qiskit.circuit.library import efficient_su2
from qiskit.primitives import StatevectorEstimator
from qiskit.quantum_info import SparsePauliOp
from qiskit_algorithms import VQE
from qiskit_algorithms.optimizers import L_BFGS_B

import qrmt

hamiltonian = SparsePauliOp.from_list(
    [("ZZII", 1.0), ("IZZI", 1.0), ("IIZZ", 1.0), ("XIII", 0.5), ("IXII", 0.5), ("IIXI", 0.5),
     ("IIIX", 0.5)]
)
ansatz = efficient_su2(4, reps=3)
print("structure seen by qrmt:", qrmt.initializer("gue").structure(ansatz).kind_counts)

for name in ("gue", "cue", "uniform_symmetric"):
    point = qrmt.draw(name, ansatz, seed=1)
    result = VQE(StatevectorEstimator(), ansatz, L_BFGS_B(maxiter=200),
                 initial_point=point).compute_minimum_eigenvalue(hamiltonian)
    print(f"{name:18s} VQE energy {result.optimal_value:+.6f} "
          f"({result.cost_function_evals} evaluations)")

bound = ansatz.assign_parameters(qrmt.gue(ansatz, seed=2))
print("bound circuit has", bound.num_parameters, "free parameters")
