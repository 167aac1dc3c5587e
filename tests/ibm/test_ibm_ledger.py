"""The SQLite job ledger: protocol, crash states, and concurrent processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from qrmt.ibm.errors import LedgerConflictError
from qrmt.ibm.ledger import Ledger, current_owner, ledger_path, owner_alive


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    monkeypatch.setenv("QRMT_HOME", str(tmp_path))
    return Ledger()


def _claim(led: Ledger, **kw):
    base = dict(channel="local", backend="fake_manila", mode="job", description="d",
                workload={"molecule": "H2"})
    base.update(kw)
    return led.claim_intent(**base)


def test_path_is_under_qrmt_home_and_wal(ledger, tmp_path):
    assert ledger.path == tmp_path / "ibm_ledger.sqlite" == ledger_path()
    con = sqlite3.connect(ledger.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_intent_then_job_id_then_result(ledger):
    intent = _claim(ledger)
    row = ledger.get(intent)
    assert row["status"] == "SUBMITTING" and row["job_id"] is None
    assert row["owner"] == current_owner()
    ledger.set_job_id(intent, "job-1")
    assert ledger.get("job-1")["intent_id"] == intent
    ledger.set_result("job-1", {"energy": -1.1, "std": 0.01})
    row = ledger.get(intent)
    assert row["status"] == "DONE" and row["result"] == {"energy": -1.1, "std": 0.01}
    assert row["workload"] == {"molecule": "H2"}
    assert [r["job_id"] for r in ledger.entries()] == ["job-1"]


def test_reclaiming_a_submitted_intent_changes_nothing(ledger):
    intent = _claim(ledger)
    ledger.set_job_id(intent, "job-1")
    assert _claim(ledger, intent_id=intent) == intent
    rows = ledger.entries()
    assert len(rows) == 1 and rows[0]["job_id"] == "job-1" and rows[0]["status"] == "SUBMITTED"


def _dead_owner() -> str:
    proc = subprocess.run(
        [sys.executable, "-c", "from qrmt.ibm.ledger import current_owner; print(current_owner())"],
        capture_output=True, text=True, check=True,
    )
    return proc.stdout.strip()


def test_intent_of_dead_process_is_reclaimed_live_one_is_refused(ledger):
    intent = _claim(ledger)
    dead = _dead_owner()
    assert owner_alive(dead) is False
    with sqlite3.connect(ledger.path) as con:
        con.execute("UPDATE jobs SET owner = ? WHERE intent_id = ?", (dead, intent))
    assert _claim(ledger, intent_id=intent) == intent
    assert ledger.get(intent)["owner"] == current_owner()

    # pid 1 is alive (and not us): its intent must not be taken over
    import socket

    with sqlite3.connect(ledger.path) as con:
        con.execute("UPDATE jobs SET owner = ? WHERE intent_id = ?",
                    (f"{socket.gethostname()}:1:?", intent))
    with pytest.raises(LedgerConflictError, match="being made by process"):
        _claim(ledger, intent_id=intent)


def test_concurrent_processes_lose_no_row(ledger):
    script = textwrap.dedent(f"""
        from qrmt.ibm.ledger import Ledger
        led = Ledger({str(ledger.path)!r})
        for i in range(40):
            k = led.claim_intent(channel="local", backend="b", mode="job", description="x",
                                 workload={{"i": i}})
            led.set_job_id(k, k + "-job")
            led.set_result(k, {{"energy": float(i)}})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(4)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    rows = ledger.entries()
    assert len(rows) == 160
    assert len({r["job_id"] for r in rows}) == 160
    assert all(r["status"] == "DONE" for r in rows)


def test_vqe_checkpoints_are_idempotent(ledger):
    run = ledger.create_run(channel="local", backend="fake_manila", config={"a": 1})
    for _ in range(2):
        ledger.add_iteration(run, 0, job_id="j0", params=[0.0], energy=-1.0, std=0.1,
                             next_params=[0.1])
    its = ledger.iterations(run)
    assert len(its) == 1 and its[0]["next_params"] == [0.1]
    ledger.set_run(run, status="DONE", mode="session")
    assert ledger.get_run(run)["status"] == "DONE"


def test_commits_are_synced_fully(ledger):
    # WAL + NORMAL may drop the last commits on power loss; the ledger must use FULL (2)
    with ledger._connect() as con:
        assert con.execute("PRAGMA synchronous").fetchone()[0] == 2


@pytest.mark.parametrize("kind", ["garbage", "directory"])
def test_unusable_ledger_file_is_a_clear_value_error(tmp_path, kind):
    path = tmp_path / "ibm_ledger.sqlite"
    if kind == "garbage":
        path.write_bytes(b"not an sqlite database\n" * 200)
    else:
        path.mkdir()
    with pytest.raises(ValueError, match="cannot open the job ledger") as info:
        Ledger(path)
    assert str(path) in str(info.value) and "move it aside" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__
