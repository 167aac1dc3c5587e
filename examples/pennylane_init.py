"""Start a PennyLane QNode from qrmt's GUE initializer and train it (autograd and torch).

Run: ``python examples/pennylane_init.py``
"""

import pennylane as qml

import qrmt

n_wires, n_layers = 4, 3
dev = qml.device("lightning.qubit", wires=n_wires)
hamiltonian = qml.Hamiltonian(
    [1.0] * (n_wires - 1) + [0.5] * n_wires,
    [qml.PauliZ(i) @ qml.PauliZ(i + 1) for i in range(n_wires - 1)]
    + [qml.PauliX(i) for i in range(n_wires)],
)


@qml.qnode(dev, diff_method="adjoint")
def energy(weights):
    qml.StronglyEntanglingLayers(weights, wires=range(n_wires))
    return qml.expval(hamiltonian)


shape = qml.StronglyEntanglingLayers.shape(n_layers=n_layers, n_wires=n_wires)
for name in ("gue", "cue", "zeros"):
    weights = qrmt.draw(name, shape, template="StronglyEntanglingLayers", interface="autograd",
                        seed=7)
    opt = qml.AdamOptimizer(0.05)
    start = float(energy(weights))
    for _ in range(100):
        weights = opt.step(energy, weights)
    print(f"{name:6s} start {start:+.4f}  after 100 Adam steps {float(energy(weights)):+.4f}")

try:
    import torch  # noqa: F401
except ImportError:
    print("torch not installed: skipping the TorchLayer part (pip install 'qrmt[torch]')")
else:
    @qml.qnode(qml.device("default.qubit", wires=n_wires), interface="torch")
    def classifier(inputs, weights):
        qml.AngleEmbedding(inputs, wires=range(n_wires))
        qml.StronglyEntanglingLayers(weights, wires=range(n_wires))
        return [qml.expval(qml.PauliZ(i)) for i in range(n_wires)]

    init = qrmt.initializer("gue", template="StronglyEntanglingLayers", seed=0)
    layer = qml.qnn.TorchLayer(classifier, {"weights": shape}, init_method=init.torch_)
    print("TorchLayer weights drawn by qrmt.gue:", tuple(layer.weights.shape))
