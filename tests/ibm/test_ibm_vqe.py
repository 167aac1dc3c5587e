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
