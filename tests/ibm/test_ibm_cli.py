"""``qrmt ibm`` end to end on the local channel: contract, crash recovery, token hygiene."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qrmt.cli import main

SENTINEL = "qrmt-sentinel-XYZ"
H2 = ["--molecule", "H2", "--seed", "7", "--precision", "0.05"]


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Isolated QRMT_HOME and HOME (no saved account), fast retries."""
    home = tmp_path / "home"
    home.mkdir()
    for var in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_CHANNEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    from qiskit_ibm_runtime.accounts import management

    monkeypatch.setattr(management, "_DEFAULT_ACCOUNT_CONFIG_JSON_FILE",
                        str(home / ".qiskit" / "qiskit-ibm.json"))
    monkeypatch.setenv("QRMT_HOME", str(tmp_path / "qrmt"))
    monkeypatch.setenv("QRMT_IBM_RETRIES", "2")
    monkeypatch.setenv("QRMT_IBM_BACKOFF", "0")
    return tmp_path


def _run(capfd, *argv):
    code = main(["ibm", *argv])
    out, err = capfd.readouterr()
    return code, out, err


def test_submit_status_result_jobs(env, capfd):
    code, out, err = _run(capfd, "submit", "--backend", "fake_manila", *H2, "--json")
    assert code == 0, err
    assert "using the local testing channel" in err  # no account: local, and said so
    job = json.loads(out)["job_id"]

    code, out, _ = _run(capfd, "status", job, "--json")
    assert code == 0 and json.loads(out)["status"] == "DONE"
    code, out, _ = _run(capfd, "status", job)
    assert out.strip() == "DONE"

    code, out, _ = _run(capfd, "result", job, "--json")
    res = json.loads(out)
    assert code == 0
    assert {"energy", "std", "ideal_energy", "exact_energy"} <= set(res)
    assert res["exact_energy"] == pytest.approx(-1.137306, abs=1e-5)

    code, out, _ = _run(capfd, "jobs", "--json")
    (row,) = json.loads(out)
    assert row["job_id"] == job and row["backend"] == "fake_manila"
    assert row["channel"] == "local" and row["status"] == "DONE"
    assert row["submitted_at"] and "H2" in row["description"]

    code, out, err = _run(capfd, "cancel", job)
    assert code == 2 and "already DONE" in err


def test_unknown_backend_message(env, capfd):
    code, out, err = _run(capfd, "submit", "--backend", "fake_manilla", *H2, "--channel", "local")
    assert code == 2 and out == ""
    assert "unknown backend 'fake_manilla'" in err and "did you mean: fake_manila" in err
    assert "Traceback" not in err
    code, _, err = _run(capfd, "status", "no-such-job")
    assert code == 2 and "not in the ledger" in err and "Traceback" not in err


def test_vqe_and_resume_via_cli(env, capfd):
    code, out, err = _run(capfd, "vqe", "--backend", "fake_belem", *H2, "--max-iter", "2",
                          "--resilience-level", "0", "--channel", "local", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["mode"] == "session" and len(first["iterations"]) == 2
    code, out, err = _run(capfd, "vqe", "--resume", first["run_id"], "--max-iter", "3")
    assert code == 0, err
    assert out.count("iteration ") == 1 and "3 iterations" in out  # only the new one ran


def _subprocess_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QISKIT_IBM")}
    env.update(HOME=str(tmp / "home"), QRMT_HOME=str(tmp / "qrmt"), QRMT_IBM_RETRIES="2",
               QRMT_IBM_BACKOFF="0", **extra)
    return env


def test_crash_after_submit_then_result_from_a_fresh_process(env, capfd):
    # A process submits, prints the job id and is SIGKILLed before anyone asks for the
    # result; a fresh process gets it from the ledger.
    script = textwrap.dedent("""
        import os, signal, sys
        from qrmt.cli import main
        main(["ibm", "submit", "--backend", "fake_manila", "--molecule", "H2", "--seed", "7",
              "--precision", "0.05", "--channel", "local", "--json"])
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=_subprocess_env(env), timeout=300)
    assert proc.returncode == -signal.SIGKILL
    job = json.loads(proc.stdout)["job_id"]
    code, out, err = _run(capfd, "result", job, "--json")
    assert code == 0, err
    assert json.loads(out)["job_id"] == job


def test_crash_between_intent_and_job_id_is_resolved_not_resubmitted(env, capfd):
    # The intent is written, then the process dies before the job id is recorded: local
    # jobs die with their process, so the intent is settled as LOST, never left pending.
    script = textwrap.dedent("""
        import os, signal
        from qrmt.ibm.ledger import Ledger
        i = Ledger().claim_intent(channel="local", backend="fake_manila", mode="job",
                                  description="H2 crash test", workload={"molecule": "H2"})
        print(i, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=_subprocess_env(env), timeout=120)
    assert proc.returncode == -signal.SIGKILL
    intent = proc.stdout.strip()
    code, out, _ = _run(capfd, "status", intent, "--json")
    st = json.loads(out)
    assert code == 0 and st["status"] == "LOST" and st["job_id"] is None
    assert "cannot be recovered" in st["error"]
    code, out, _ = _run(capfd, "jobs", "--json")
    assert [r["status"] for r in json.loads(out)] == ["LOST"]
    code, _, err = _run(capfd, "result", intent)
    assert code == 2 and "LOST" in err


def test_crash_while_job_runs_is_reported_lost(env, capfd):
    script = textwrap.dedent("""
        from qrmt.cli import main
        main(["ibm", "submit", "--backend", "fake_manila", "--molecule", "H2", "--seed", "7",
              "--shots", "400000", "--resilience-level", "0", "--channel", "local"])
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env=_subprocess_env(env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    from qrmt.ibm.ledger import Ledger

    ledger_file = Path(env / "qrmt" / "ibm_ledger.sqlite")
    deadline = time.monotonic() + 240
    row = None
    while time.monotonic() < deadline and proc.poll() is None:
        if ledger_file.exists():
            rows = Ledger(ledger_file).entries()
            if rows and rows[0]["job_id"] and rows[0]["status"] == "SUBMITTED":
                row = rows[0]
                break
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    if row is None:
        pytest.skip("the job finished before the process could be killed")
    code, out, _ = _run(capfd, "status", row["job_id"], "--json")
    assert code == 0 and json.loads(out)["status"] == "LOST"


def test_token_sentinel_never_leaks(env, capfd, monkeypatch):
    monkeypatch.setenv("QISKIT_IBM_TOKEN", SENTINEL)
    monkeypatch.setenv("QISKIT_IBM_INSTANCE",
                       "crn:v1:bluemix:public:quantum-computing:us-east:a/0123456789:abcdef::")
    seen = []
    t0 = time.perf_counter()
    for argv in (
        ["backends"],  # token present -> cloud channel by default -> offline failure
        ["backends", "--channel", "ibm_quantum_platform", "--json"],
        ["submit", "--backend", "ibm_brisbane", *H2, "--channel", "ibm_cloud"],
        ["status", "d4f00000000000000000", "--channel", "ibm_quantum_platform"],
    ):
        code, out, err = _run(capfd, *argv)
        assert code == 2, (argv, out, err)
        assert "Traceback" not in err
        seen.append(out + err)
    assert time.perf_counter() - t0 < 60  # offline is detected fast, no long hangs
    assert any(w in s for s in seen for w in ("unreachable", "does not resolve", "credential"))
    assert any("--channel local" in s for s in seen)
    code, out, err = _run(capfd, "submit", "--backend", "fake_manila", *H2, "--channel",
                          "local", "--json")
    assert code == 0, err
    seen.append(out + err)
    job = json.loads(out)
    code, out, err = _run(capfd, "jobs", "--json")
    seen.append(out + err)
    code, out, err = _run(capfd, "result", job["job_id"])
    seen.append(out + err)
    assert code == 0
    for text in seen:
        assert SENTINEL not in text
    files = [p for p in (env / "qrmt").rglob("*") if p.is_file()]
    assert files  # the ledger (and WAL) exist
    for path in files:
        assert SENTINEL.encode() not in path.read_bytes(), path


def test_corrupt_ledger_is_a_one_line_error(env, capsys):
    path = env / "qrmt" / "ibm_ledger.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"\x00garbage, not SQLite\xff" * 300)
    code = main(["ibm", "jobs"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("qrmt: error: cannot open the job ledger") and str(path) in err
    assert "Traceback" not in err and err.count("\n") == 1
