"""Public initializer API: seeds, templates, interfaces, errors, properties."""

import math

import numpy as np
import pennylane as qml
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qrmt
from qrmt.init.templates import TEMPLATES

STRATEGY_NAMES = [s.name for s in qrmt.strategies() if s.name != "identity_blocks"]


@pytest.mark.parametrize("name", STRATEGY_NAMES)
def test_same_seed_same_bits_other_seed_differs(name):
    shape = (3, 4, 3)
    a = qrmt.draw(name, shape, template="StronglyEntanglingLayers", seed=123)
    b = qrmt.draw(name, shape, template="StronglyEntanglingLayers", seed=123)
    assert a.dtype == np.float64 and a.shape == shape
    np.testing.assert_array_equal(a, b)
    if name != "zeros":
        c = qrmt.draw(name, shape, template="StronglyEntanglingLayers", seed=124)
        assert not np.array_equal(a, c)


def test_seed_kinds_agree():
    by_int = qrmt.gue((4, 5), seed=7)
    by_seq = qrmt.gue((4, 5), seed=np.random.SeedSequence(7))
    by_gen = qrmt.gue((4, 5), seed=np.random.default_rng(7))
    np.testing.assert_array_equal(by_int, by_seq)
    np.testing.assert_array_equal(by_int, by_gen)


def test_generator_seed_advances():
    rng = np.random.default_rng(1)
    assert not np.array_equal(qrmt.cue((10,), seed=rng), qrmt.cue((10,), seed=rng))


def test_initializer_stream_is_reproducible():
    first = qrmt.initializer("gue", seed=5)
    second = qrmt.initializer("gue", seed=5)
    np.testing.assert_array_equal(first((3, 3)), second((3, 3)))
    np.testing.assert_array_equal(first((3, 3)), second((3, 3)))


@pytest.mark.parametrize(
    ("template", "shape", "kinds"),
    [
        ("StronglyEntanglingLayers", qml.StronglyEntanglingLayers.shape(2, 4), {"su2": 24}),
        ("BasicEntanglerLayers", qml.BasicEntanglerLayers.shape(3, 4), {"rotation": 12}),
        ("RandomLayers", qml.RandomLayers.shape(2, 5), {"rotation": 10}),
        ("SimplifiedTwoDesign", qml.SimplifiedTwoDesign.shape(2, 4)[1], {"rotation": 12}),
        ("SimplifiedTwoDesign", qml.SimplifiedTwoDesign.shape(2, 4)[0], {"rotation": 4}),
        ("AllSinglesDoubles", (7,), {"excitation": 7}),
        ("UCCSD", (2, 7), {"excitation": 14}),
        ("kUpCCGSD", qml.kUpCCGSD.shape(2, 4, 0), {"excitation": 12}),
        ("GateFabric", qml.GateFabric.shape(2, 6), {"excitation": 8}),
        ("ParticleConservingU1", qml.ParticleConservingU1.shape(2, 4), {"excitation": 12}),
        ("ParticleConservingU2", qml.ParticleConservingU2.shape(2, 4), {"rotation": 8,
                                                                       "excitation": 6}),
    ],
)
def test_template_structures(template, shape, kinds):
    structure = qrmt.initializer("gue", template=template).structure(shape)
    counts = {k: v for k, v in structure.kind_counts.items() if v}
    assert counts == kinds
    assert qrmt.gue(shape, template=template, seed=0).shape == tuple(shape)


def test_template_by_class_and_case_insensitive_name():
    a = qrmt.gue((2, 3, 3), template=qml.StronglyEntanglingLayers, seed=1)
    b = qrmt.gue((2, 3, 3), template="stronglyentanglinglayers", seed=1)
    np.testing.assert_array_equal(a, b)
    assert set(TEMPLATES) >= {"StronglyEntanglingLayers", "UCCSD", "GateFabric"}


def test_autograd_interface_trains_a_qnode():
    dev = qml.device("default.qubit", wires=2)

    @qml.qnode(dev)
    def circuit(w):
        qml.StronglyEntanglingLayers(w, wires=range(2))
        return qml.expval(qml.PauliZ(0) @ qml.PauliZ(1))

    shape = qml.StronglyEntanglingLayers.shape(2, 2)
    w = qrmt.gue(shape, template="StronglyEntanglingLayers", interface="autograd", seed=3)
    assert w.requires_grad
    opt = qml.GradientDescentOptimizer(0.2)
    start = circuit(w)
    for _ in range(30):
        w = opt.step(circuit, w)
    assert circuit(w) < start - 0.1


def test_torch_interface_and_torchlayer():
    torch = pytest.importorskip("torch")
    t = qrmt.cue((2, 3), interface="torch", seed=1)
    assert isinstance(t, torch.Tensor) and t.dtype == torch.float64 and t.requires_grad

    dev = qml.device("default.qubit", wires=2)

    @qml.qnode(dev, interface="torch")
    def qnode(inputs, weights):
        qml.AngleEmbedding(inputs, wires=range(2))
        qml.StronglyEntanglingLayers(weights, wires=range(2))
        return [qml.expval(qml.PauliZ(i)) for i in range(2)]

    init = qrmt.initializer("gue", template="StronglyEntanglingLayers", seed=9)
    layer = qml.qnn.TorchLayer(qnode, {"weights": (3, 2, 3)}, init_method=init.torch_)
    expected = qrmt.initializer("gue", template="StronglyEntanglingLayers", seed=9)((3, 2, 3))
    np.testing.assert_allclose(layer.weights.detach().numpy(), expected, rtol=1e-6)
    out = layer(torch.tensor([[0.1, 0.2]]))
    assert out.shape == (1, 2)
    out.sum().backward()
    assert layer.weights.grad is not None


def test_jax_interface():
    jnp = pytest.importorskip("jax.numpy")
    out = qrmt.gue((2, 2), interface="jax", seed=0)
    assert isinstance(out, jnp.ndarray)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: qrmt.initializer("gu"), ValueError, r"unknown strategy 'gu'.*did you mean 'gue'"),
        (lambda: qrmt.gue((0, 3)), ValueError, r"target dimension 0 must be a positive int; got 0"),
        (lambda: qrmt.gue((2, -3)), ValueError, r"target dimension 1 must be a positive int; got -3"),
        (lambda: qrmt.gue((2.5, 3)), TypeError, r"target dimension 0 must be a positive int"),
        (lambda: qrmt.gue(()), ValueError, r"at least one dimension"),
        (lambda: qrmt.gue((2, 3), budget=float("nan")), ValueError, r"budget must be .*got nan"),
        (lambda: qrmt.gue((2, 3), budget=-1.0), ValueError, r"budget must be .*got -1.0"),
        (lambda: qrmt.gue((2, 3), budgte=1.0), TypeError, r"unknown option 'budgte'"),
        (lambda: qrmt.gue((2, 3), chart="polar"), ValueError, r"unknown chart 'polar'"),
        (lambda: qrmt.gue((2, 3), interface="tf"), ValueError, r"unknown interface 'tf'"),
        (lambda: qrmt.gue((2, 3), template="SEL"), ValueError, r"unknown template 'SEL'"),
        (lambda: qrmt.gue((2, 3, 2), template="StronglyEntanglingLayers"), ValueError,
         r"shape \(2, 3, 2\) does not fit template StronglyEntanglingLayers"),
        (lambda: qrmt.gue("abc"), TypeError, r"target must be a weight shape"),
        (lambda: qrmt.gue((2, 3), seed=-1), ValueError, r"seed must be a non-negative int"),
        (lambda: qrmt.gue((2, 3), seed=1.5), TypeError, r"seed must be an int"),
        (lambda: qrmt.draw("gaussian", (2, 3), locality=0), ValueError, r"locality must be"),
    ],
)
def test_bad_input_messages(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


shapes = st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(STRATEGY_NAMES),
    shape=shapes,
    budget=st.floats(0, 50, allow_nan=False),
    seed=st.integers(0, 2**32),
    chart=st.sampled_from(["exact", "tangent"]),
)
def test_property_fallback_shapes_are_finite(name, shape, budget, seed, chart):
    options = {"budget": budget, "chart": chart} if name in ("gue", "goe") else {}
    out = qrmt.draw(name, shape, seed=seed, **options)
    assert out.shape == shape and out.dtype == np.float64
    assert np.all(np.isfinite(out))


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(STRATEGY_NAMES),
    layers=st.integers(1, 4),
    wires=st.integers(1, 5),
    seed=st.integers(0, 2**32),
)
def test_property_templates_are_finite(name, layers, wires, seed):
    shape = qml.StronglyEntanglingLayers.shape(layers, wires)
    out = qrmt.draw(name, shape, template="StronglyEntanglingLayers", seed=seed)
    assert out.shape == shape and np.all(np.isfinite(out))


@settings(max_examples=60, deadline=None)
@given(target=st.one_of(st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=3),
                        st.lists(st.one_of(st.integers(-2, 4), st.floats()), max_size=3)))
def test_property_bad_targets_raise_only_value_or_type_errors(target):
    try:
        out = qrmt.gue(target, seed=0)
    except (ValueError, TypeError) as err:
        assert str(err)
    else:
        assert np.all(np.isfinite(out))
        assert not math.isnan(float(np.sum(out)))
