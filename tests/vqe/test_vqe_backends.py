"""Backends agree with each other and with independent checks (finite differences, HF energy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qrmt.vqe import AerObjective, PennyLaneObjective


@pytest.mark.parametrize(
    ("backend", "ansatz"),
    [("lightning", "uccsd"), ("default", "uccsd"), ("aer", "uccsd"), ("lightning", "kupccgsd"),
     ("default", "kupccgsd")],
)
def test_zero_parameters_give_hf_energy(h2, backend, ansatz):
    obj = (AerObjective(h2, ansatz, 1, backend) if backend == "aer"
           else PennyLaneObjective(h2, ansatz, 1, backend))
    assert obj.energy(np.zeros(obj.n_params)) == pytest.approx(h2.hf_energy, abs=1e-10)


def test_uccsd_energy_and_gradient_equal_across_frameworks(h2):
    pl = PennyLaneObjective(h2, "uccsd", 1, "lightning")
    aer = AerObjective(h2, "uccsd", 1, "aer")
    rng = np.random.default_rng(11)
    for _ in range(3):
        x = rng.uniform(-np.pi, np.pi, pl.n_params)
        e_pl, g_pl = pl.energy_and_grad(x)
        e_aer, g_aer = aer.energy_and_grad(x)  # four-term parameter shift, one estimator call
        assert e_aer == pytest.approx(e_pl, abs=1e-10)
        np.testing.assert_allclose(g_aer, g_pl, atol=1e-9)


@pytest.mark.parametrize("ansatz", ["hea", "ry"])
def test_aer_parameter_shift_matches_finite_differences(h2, ansatz):
    aer = AerObjective(h2, ansatz, 1, "aer")
    x = np.random.default_rng(5).normal(0, 0.5, aer.n_params)
    _, g = aer.energy_and_grad(x)
    h = 1e-5
    rows = np.concatenate([x + h * np.eye(x.size), x - h * np.eye(x.size)])
    e = aer.energies(rows)
    fd = (e[: x.size] - e[x.size :]) / (2 * h)
    np.testing.assert_allclose(g, fd, atol=1e-6)


def test_default_qubit_equals_lightning(h2):
    a = PennyLaneObjective(h2, "hea", 2, "lightning")
    b = PennyLaneObjective(h2, "hea", 2, "default")
    x = np.random.default_rng(2).normal(0, 0.3, a.n_params)
    ea, ga = a.energy_and_grad(x)
    eb, gb = b.energy_and_grad(x)
    assert ea == pytest.approx(eb, abs=1e-10)
    np.testing.assert_allclose(ga, gb, atol=1e-9)


def test_hea_zeros_is_a_saddle_outside_the_sector(h2):
    # DESIGN: at all-zero angles SEL is a CNOT permutation of the HF determinant into another
    # electron-number sector, where every gradient component vanishes exactly.
    obj = PennyLaneObjective(h2, "hea", 2, "lightning")
    x = np.zeros(obj.n_params)
    _, g = obj.energy_and_grad(x)
    assert np.linalg.norm(g) < 1e-12
    assert h2.sector_weight(obj.statevector(x)) == pytest.approx(1.0)


def test_aer_shots_noise_has_the_requested_precision(h2):
    shots = 400
    obj = AerObjective(h2, "uccsd", 1, "aer-shots", shots=shots, seed=3)
    e = obj.energies(np.zeros((200, obj.n_params)))
    sigma = 1 / math.sqrt(shots)
    assert np.all(np.abs(e - h2.hf_energy) < 5 * sigma)
    # The mean of 200 draws is within 5 standard errors; the sample std within ~5 of its SE.
    assert abs(e.mean() - h2.hf_energy) < 5 * sigma / math.sqrt(200)
    assert abs(e.std(ddof=1) - sigma) < 5 * sigma / math.sqrt(2 * 199)
    # Each call draws fresh noise from the run's stream.
    assert obj.energy(np.zeros(3)) != obj.energy(np.zeros(3))


def test_aer_noisy_respects_fake_backend_size(h2):
    obj = AerObjective(h2, "ry", 1, "aer-noisy", noise_backend="fake_manila")
    e = obj.energy(np.zeros(obj.n_params))
    exact = AerObjective(h2, "ry", 1, "aer").energy(np.zeros(obj.n_params))
    assert e != pytest.approx(exact, abs=1e-6)  # noise moves it
    assert abs(e) <= np.sum(np.abs(h2.coefficients)) + 1e-9
    with pytest.raises(ValueError, match="unknown noise_backend 'fake_manilla'"):
        AerObjective(h2, "ry", 1, "aer-noisy", noise_backend="fake_manilla")


def test_compiled_circuits_are_reused_within_a_thread(h2):
    a = PennyLaneObjective(h2, "hea", 2, "lightning")
    b = PennyLaneObjective(h2, "hea", 2, "lightning")
    assert a._c is b._c
    assert PennyLaneObjective(h2, "hea", 3, "lightning")._c is not a._c
    assert AerObjective(h2, "ry", 1, "aer")._c is AerObjective(h2, "ry", 1, "aer")._c


def test_aer_noisy_refuses_a_problem_larger_than_the_device(h2):
    with pytest.raises(ValueError, match="'fake_armonk' has 1 qubits; the problem needs 4"):
        AerObjective(h2, "ry", 1, "aer-noisy", noise_backend="fake_armonk")


def test_compiled_objective_cache_is_thread_safe():
    # Threads that share the LRU's OrderedDict look up, insert and evict concurrently; without
    # a lock a key evicted between `in` and `move_to_end` raises KeyError.
    import sys
    import threading

    from qrmt.vqe import backends

    errors = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)

    def hammer(t):
        try:
            for i in range(3000):
                k = ("cache-test", t, i % 5)
                assert backends._cached(k, lambda k=k: k) == k
        except Exception as exc:
            errors.append(repr(exc))

    try:
        # Keys are per thread, but the dict and its evictions are shared by all threads.
        threads = [threading.Thread(target=hammer, args=(t,)) for t in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(old)
    assert not errors, errors[:3]
