"""H2 on a fake backend through Runtime local mode: transpile, submit, status, result."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from qiskit import QuantumCircuit
from qiskit.circuit import ParameterVector
from qiskit.quantum_info import SparsePauliOp, Statevector

import qrmt.ibm as ib

BACKEND = "fake_manila"
# STO-3G H2 at 0.735 Å: FCI energy (Szabo & Ostlund; PennyLane/OpenFermion reference).
H2_FCI = -1.137306


@pytest.fixture(scope="module")
def h2():
    return ib.build_workload(molecule="H2", ansatz="hea", layers=1, init="gaussian", seed=7)


@pytest.fixture(scope="module")
def backend():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ib.get_backend(ib.get_service("local"), BACKEND)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("QRMT_HOME", str(tmp_path))
    return tmp_path


def _gate_error_budget(isa, backend) -> float:
    """Σ over ISA gates of the device's error rate converted to a trace-distance bound.

    A gate with reported error r (1 − average gate fidelity) on d-dimensional qubits is, for
    the Pauli/depolarising-plus-relaxation channels Aer builds from the calibration, at
    most ε = r (d + 1) / d away from the ideal gate in (half) diamond norm; distances add
    along the circuit (subadditivity), so the noisy state is within trace distance Σ ε of
    the ideal one.
    """
    eps = 0.0
    for inst in isa.data:
        name = inst.operation.name
        qargs = tuple(isa.find_bit(q).index for q in inst.qubits)
        props = backend.target[name].get(qargs) if name in backend.target else None
        rate = props.error if props is not None and props.error is not None else 0.0
        d = 2 ** len(qargs)
        eps += rate * (d + 1) / d
    return min(eps, 1.0)


def test_h2_reference_energies(h2):
    assert h2.exact_energy == pytest.approx(H2_FCI, abs=1e-5)
    assert h2.circuit.num_qubits == 4 and h2.params.shape == (h2.circuit.num_parameters,)


def test_isa_circuit_and_laid_out_observable_keep_the_energy(h2, backend):
    # Independent check of transpile + apply_layout: exact simulation of the *physical*
    # circuit with the *physical* observable equals the logical energy.
    isa, iobs = ib.to_isa(h2.circuit, h2.observable, backend)
    assert isa.num_qubits == backend.num_qubits and iobs.num_qubits == backend.num_qubits
    ops = set(isa.count_ops())
    assert ops <= set(backend.target.operation_names)
    phys = Statevector(isa.assign_parameters(h2.params)).expectation_value(iobs).real
    logical = ib.ideal_energy(h2.circuit, h2.observable, h2.params)
    assert phys == pytest.approx(logical, abs=1e-9)


def test_submit_status_result_and_ledger(h2, backend, home):
    rec = ib.submit_estimate(h2, BACKEND, precision=0.05, resilience_level=1,
                             seed_simulator=1234)
    assert rec.channel == "local" and rec.backend == BACKEND and rec.status == "DONE"
    status = ib.job_status(rec.job_id)
    assert status["status"] == "DONE" and status["job_id"] == rec.job_id
    res = ib.job_result(rec.job_id)
    for key in ("energy", "std", "ideal_energy", "exact_energy", "shots"):
        assert res[key] is not None
    assert res["shots"] == 400  # precision 0.05 -> 1 / 0.05**2 shots
    assert res["exact_energy"] == pytest.approx(H2_FCI, abs=1e-5)
    assert res["ideal_energy"] == pytest.approx(
        ib.ideal_energy(h2.circuit, h2.observable, h2.params), abs=1e-12)
    # Tolerance: 5 reported standard errors (shot noise) + the gate-noise bound
    # |Tr(H(ρ − σ))| <= 2 ε Σ|c_i| (non-identity terms), ε from the device calibration.
    # Resilience level 1 (twirled readout + TREX) removes readout bias in expectation for
    # the independent readout errors of the fake backend's noise model.
    isa, _ = ib.to_isa(h2.circuit, h2.observable, backend)
    labels = h2.observable.paulis.to_labels()
    weight = float(sum(abs(c.real) for c, lab in zip(h2.observable.coeffs, labels, strict=True)
                       if set(lab) != {"I"}))
    allowance = 2 * _gate_error_budget(isa, backend) * weight
    assert allowance < 0.5  # the bound must be able to fail
    assert abs(res["energy"] - res["ideal_energy"]) <= 5 * res["std"] + allowance
    assert 0 < res["std"] < 0.2

    rows = ib.list_jobs()
    assert len(rows) == 1
    row = rows[0]
    assert row["job_id"] == rec.job_id and row["status"] == "DONE"
    assert row["backend"] == BACKEND and row["channel"] == "local"
    assert "H2" in row["description"] and row["submitted_at"].endswith("+00:00")


def test_shots_and_modes(home):
    theta = ParameterVector("t", 1)
    qc = QuantumCircuit(2)
    qc.ry(theta[0], 0)
    qc.cx(0, 1)
    obs = SparsePauliOp.from_list([("ZZ", 1.0), ("XX", 0.5)])
    w = ib.workload_from_circuit(qc, obs, [0.4], description={"name": "bell-ish"})
    # <ZZ> = 1, <XX> = sin(0.4) for this state: an independent closed form
    assert ib.ideal_energy(qc, obs, w.params) == pytest.approx(1 + 0.5 * np.sin(0.4))
    for mode in ("batch", "session"):
        rec = ib.submit_estimate(w, "fake_belem", shots=256, resilience_level=0, mode=mode)
        assert rec.mode == mode
        assert ib.job_result(rec.job_id)["shots"] == 256


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"shots": 100, "precision": 0.1}, ValueError, "shots or precision"),
    ({"shots": 0}, ValueError, "shots"),
    ({"resilience_level": 3}, ValueError, "resilience_level must be one of"),
    ({"mode": "dedicated"}, ValueError, "unknown mode"),
])
def test_bad_options_rejected_before_work(h2, home, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        ib.submit_estimate(h2, BACKEND, **kwargs)
    assert ib.list_jobs() == []


def test_circuit_too_large_for_backend(h2, home):
    with pytest.raises(ValueError, match="needs 4 qubits but backend 'fake_armonk' has 1"):
        ib.submit_estimate(h2, "fake_armonk", precision=0.1)
