"""Checkpointed SPSA-VQE in a local Runtime session; interruption and resume."""

from __future__ import annotations

import numpy as np
import pytest

import qrmt.ibm as ib
from qrmt.ibm.vqe import spsa_gains

SPEC = {"molecule": "H2", "ansatz": "hea", "layers": 1, "init": "gaussian", "seed": 3}
RUN = {"precision": 0.05, "resilience_level": 0, "seed": 11, "learning_rate": 0.2,
       "perturbation": 0.1}


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("QRMT_HOME", str(tmp_path))
    return tmp_path


def test_spsa_gains_follow_spall():
    a_k, c_k = spsa_gains(4, a=0.2, c=0.1, big_a=1.0)
    assert a_k == pytest.approx(0.2 / 6**0.602)
    assert c_k == pytest.approx(0.1 / 5**0.101)


def test_three_iterations_in_a_session_then_interrupted_run_resumes_identically(home):
    ledger = ib.Ledger()
    full = ib.run_vqe_on_backend("fake_manila", spec=SPEC, max_iter=3, **RUN)
    assert full["mode"] == "session" and full["status"] == "DONE"
    its = full["iterations"]
    assert [it["iteration"] for it in its] == [0, 1, 2]
    assert len({it["job_id"] for it in its}) == 3
    assert all(0 < it["std"] < 0.2 for it in its)
    # each iteration is one job in the ledger, tagged with the run and the iteration
    jobs = ledger.entries(run_id=full["run_id"])
    assert [(j["iteration"], j["job_id"], j["status"]) for j in jobs] == [
        (it["iteration"], it["job_id"], "DONE") for it in its]
    # checkpoints chain: the parameters of iteration k+1 are the update of iteration k
    cps = ledger.iterations(full["run_id"])
    for k in range(2):
        assert cps[k + 1]["params"] == cps[k]["next_params"]
    assert full["params"] == cps[-1]["next_params"]
    assert full["exact_energy"] == pytest.approx(-1.137306, abs=1e-5)

    # the same run, stopped by the user after its first iteration
    seen: list[int] = []

    def stop_after_first(rec):
        seen.append(rec["iteration"])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ib.run_vqe_on_backend("fake_manila", spec=SPEC, max_iter=3, callback=stop_after_first,
                              **RUN)
    runs = {j["run_id"] for j in ledger.entries()} - {full["run_id"]}
    (partial_id,) = runs
    assert ledger.get_run(partial_id)["status"] == "INTERRUPTED"
    first = ledger.iterations(partial_id)
    assert len(first) == 1 and seen == [0]

    resumed = ib.run_vqe_on_backend(resume=partial_id, max_iter=3)
    assert resumed["run_id"] == partial_id and resumed["status"] == "DONE"
    r_its = resumed["iterations"]
    assert [it["iteration"] for it in r_its] == [0, 1, 2]
    assert r_its[0]["job_id"] == first[0]["job_id"]  # not repeated
    assert len(ledger.entries(run_id=partial_id)) == 3  # three jobs, not four
    # same seed -> same perturbations and simulator seeds: the resumed trajectory is the
    # uninterrupted one
    assert [it["energy"] for it in r_its] == [it["energy"] for it in its]
    np.testing.assert_allclose(resumed["params"], full["params"], rtol=0, atol=1e-12)

    # resuming a finished run does nothing new
    again = ib.run_vqe_on_backend(resume=partial_id, max_iter=3)
    assert [it["job_id"] for it in again["iterations"]] == [it["job_id"] for it in r_its]


def test_resume_unknown_run(home):
    with pytest.raises(ValueError, match="no VQE run 'vqe-nope'"):
        ib.run_vqe_on_backend(resume="vqe-nope", max_iter=2)


def test_bad_budget_rejected(home):
    with pytest.raises(ValueError, match="max_iter"):
        ib.run_vqe_on_backend("fake_manila", spec=SPEC, max_iter=0)


def _stop_after_first(rec):
    raise KeyboardInterrupt


def test_resume_retries_an_iteration_whose_job_failed(home):
    """A failed iteration job is recorded and retried on resume, not fetched forever."""
    ledger = ib.Ledger()
    with pytest.raises(KeyboardInterrupt):
        ib.run_vqe_on_backend("fake_manila", spec=SPEC, max_iter=2, callback=_stop_after_first,
                              **RUN)
    (run_id,) = {j["run_id"] for j in ledger.entries()}
    # iteration 1's job was submitted and then failed on the backend: the ledger row the
    # submission protocol leaves (intent -> job id -> ERROR)
    intent = f"{run_id}-it1"
    ledger.claim_intent(intent_id=intent, channel="local", backend="fake_manila",
                        mode="session", description="failed iteration", workload={},
                        run_id=run_id, iteration=1)
    ledger.set_job_id(intent, "job-that-failed")
    ledger.set_status(intent, "ERROR", error="simulated backend failure")

    resumed = ib.run_vqe_on_backend(resume=run_id, max_iter=2)
    assert resumed["status"] == "DONE"
    assert [it["iteration"] for it in resumed["iterations"]] == [0, 1]
    retry = ledger.get(f"{intent}-r1")
    assert retry is not None and retry["status"] == "DONE" and retry["iteration"] == 1
    assert resumed["iterations"][1]["job_id"] == retry["job_id"] != "job-that-failed"
    failed = ledger.get(intent)  # the failure stays on record as it was
    assert failed["status"] == "ERROR" and failed["error"] == "simulated backend failure"
    assert ledger.get_run(run_id)["status"] == "DONE"


@pytest.mark.parametrize("status", ["ERROR", "CANCELLED"])
def test_failed_cloud_iteration_row_is_not_fetched_again(home, status):
    """Cloud path, ledger-level: a row recorded as failed is redone without asking IBM.

    The IBM service cannot run here; the runner is built on the local channel, then set to
    a cloud channel with no service at all, so any attempt to fetch the job would fail.
    """
    from qrmt.ibm.submit import EstimateOptions
    from qrmt.ibm.vqe import _config, _Runner

    ledger = ib.Ledger()
    workload = ib.build_workload(**SPEC)
    cfg = _config(workload, SPEC, EstimateOptions(precision=0.05), 0.2, 0.1, 11)
    run_id = ledger.create_run(channel="local", backend="fake_manila", config=cfg)
    runner = _Runner(ledger, ledger.get_run(run_id), workload)
    runner.channel, runner.service = "ibm_quantum_platform", None
    intent = f"{run_id}-it0"
    ledger.claim_intent(intent_id=intent, channel="ibm_quantum_platform",
                        backend="ibm_brisbane", mode="session", description="d", workload={},
                        run_id=run_id, iteration=0)
    ledger.set_job_id(intent, "d4fcloudjob0")
    ledger.set_status(intent, status, error="failed on IBM's side")
    assert runner._stored(ledger.get(intent)) is None
    assert ledger.get(intent)["status"] == status


def test_iteration_job_that_fails_is_recorded_and_resume_submits_a_retry(home):
    """A real local job failure: precision 1e-12 asks Aer for 1e24 shots, which it rejects
    inside the job thread, so ``run`` succeeds and ``result()`` raises."""
    ledger = ib.Ledger()
    bad = {**RUN, "precision": 1e-12}
    with pytest.raises(ib.IBMRuntimeError, match="fetch the iteration result"):
        ib.run_vqe_on_backend("fake_manila", spec=SPEC, max_iter=2, **bad)
    (row,) = ledger.entries()
    run_id = row["run_id"]
    assert row["intent_id"] == f"{run_id}-it0" and row["job_id"] is not None
    assert row["status"] == "ERROR" and row["error"]  # not left SUBMITTED
    assert ledger.get_run(run_id)["status"] == "INTERRUPTED"
    # the resume does not fetch the failed job again: it submits the retry intent
    with pytest.raises(ib.IBMRuntimeError, match="fetch the iteration result"):
        ib.run_vqe_on_backend(resume=run_id, max_iter=2)
    rows = ledger.entries(run_id=run_id)
    assert [r["intent_id"] for r in rows] == [f"{run_id}-it0", f"{run_id}-it0-r1"]
    assert [r["status"] for r in rows] == ["ERROR", "ERROR"]
    assert rows[0]["job_id"] != rows[1]["job_id"]
