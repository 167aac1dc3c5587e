"""The `qrmt bench`, `qrmt report` and `qrmt molecules` commands on real runs (H2, lightning)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qrmt.cli import main

# H2 at 0.735 Å in STO-3G, published in qiskit-nature's ground-state tutorial (PySCF driver):
# total ground-state energy -1.137306035753 Ha, Hartree-Fock energy -1.116998996754 Ha.
H2_FCI = -1.137306035753
H2_HF = -1.116998996754
RUN_KEYS = {"molecule", "ansatz", "layers", "init", "seed", "backend", "optimizer", "n_qubits",
            "n_params", "hf_energy", "exact_energy", "initial_energy", "final_energy",
            "final_error", "iterations", "iterations_to_chemical_accuracy", "success",
            "below_reference", "wall_s", "strict_success", "sector_weight", "energies"}
SUMMARY_KEYS = {"molecule", "ansatz", "init", "runs", "success_rate",
                "median_iterations_to_chemical_accuracy", "median_final_error",
                "success_ci_low", "success_ci_high", "strict_success_rate"}
TINY = ["bench", "--molecule", "H2", "--ansatz", "hea", "--init", "gue,uniform", "--seeds", "2",
        "--max-iter", "6", "--seed", "3"]


@pytest.fixture(scope="module", autouse=True)
def qrmt_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("qrmt_home")
    old = os.environ.get("QRMT_HOME")
    os.environ["QRMT_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("QRMT_HOME")
    else:
        os.environ["QRMT_HOME"] = old


def run_cli(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def strip(run):
    return {k: v for k, v in run.items() if k not in ("wall_s", "key")}


def test_bench_json_contract_rerun_workers_and_outputs(capsys, tmp_path):
    db = str(tmp_path / "b.sqlite")
    code, out, err = run_cli(capsys, [*TINY, "--workers", "1", "--db", db, "--json"])
    assert code == 0, err
    doc = json.loads(out)  # stdout holds the JSON object and nothing else
    assert set(doc) == {"runs", "summary"} and len(doc["runs"]) == 4
    for r in doc["runs"]:
        assert set(r) >= RUN_KEYS
        assert (r["molecule"], r["ansatz"], r["backend"], r["optimizer"], r["n_qubits"]) == (
            "H2", "hea", "lightning", "adam", 4)
        assert r["exact_energy"] == pytest.approx(H2_FCI, abs=1e-6)
        assert r["hf_energy"] == pytest.approx(H2_HF, abs=1e-5)
        assert r["final_error"] == pytest.approx(r["final_energy"] - r["exact_energy"], abs=1e-12)
        assert r["success"] == (abs(r["final_error"]) < 1.6e-3)
        assert r["strict_success"] == (abs(r["final_error"]) < 1e-4)
        assert r["below_reference"] == (r["final_energy"] < r["exact_energy"] - 1e-6)
        assert r["energies"][0] == pytest.approx(r["initial_energy"])
        assert len(r["energies"]) == r["iterations"] + 1 and r["iterations"] <= 6
        assert r["n_params"] == 2 * 4 * 3  # StronglyEntanglingLayers: L x n x 3
    assert sorted((r["init"], r["seed"]) for r in doc["runs"]) == [
        ("gue", 0), ("gue", 1), ("uniform", 0), ("uniform", 1)]
    assert len({r["initial_energy"] for r in doc["runs"]}) == 4  # four independent starts
    assert [s["init"] for s in doc["summary"]] == ["gue", "uniform"]
    for s in doc["summary"]:
        assert set(s) >= SUMMARY_KEYS and s["runs"] == 2
    assert "4 runs done, 0 already stored" in err

    code, out2, err2 = run_cli(capsys, [*TINY, "--workers", "1", "--db", db, "--json"])
    assert code == 0 and "0 runs done, 4 already stored" in err2
    assert [strip(r) for r in json.loads(out2)["runs"]] == [strip(r) for r in doc["runs"]]

    # qrmt report DB --format json prints the same object
    code, out3, _ = run_cli(capsys, ["report", db, "--format", "json"])
    assert code == 0 and json.loads(out3) == json.loads(out2)

    # Two worker processes give bit-identical runs (traces and parameters included).
    db1, db2, one = db, str(tmp_path / "2.sqlite"), out
    code, two, err = run_cli(capsys, [*TINY, "--workers", "2", "--db", db2, "--json"])
    assert code == 0, err
    runs1 = sorted((strip(r) for r in json.loads(one)["runs"]), key=lambda r: (r["init"], r["seed"]))
    runs2 = sorted((strip(r) for r in json.loads(two)["runs"]), key=lambda r: (r["init"], r["seed"]))
    assert len(runs1) == 4 and runs1 == runs2  # bit-identical, traces and parameters included

    # Markdown table and files from the stored runs (nothing is rerun).
    code, out, err = run_cli(capsys, [*TINY, "--db", db1, "--out", str(tmp_path / "o")])
    assert code == 0 and "0 runs done, 4 already stored" in err
    assert out.startswith("### H2 · hea (layers 2, backend lightning, optimizer adam)")
    assert "| gue | 2 |" in out and "| uniform | 2 |" in out
    for name in ("summary.md", "summary.csv", "results.json", "convergence.png", "success.png"):
        assert (tmp_path / "o" / name).is_file(), name
    assert (tmp_path / "o" / "convergence.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, csv_text, _ = run_cli(capsys, ["report", db1, "--format", "csv"])
    assert code == 0 and csv_text.splitlines()[0].startswith("molecule,ansatz,layers,backend")
    assert len(csv_text.splitlines()) == 3


@pytest.mark.parametrize(("argv", "message"), [
    (["--molecule", "H3"], "unknown molecule 'H3'"),
    (["--molecule", "H3"], "did you mean 'H3+'"),
    (["--ansatz", "heaa"], "unknown ansatz 'heaa'; expected one of"),
    (["--init", "gue,cuee"], "did you mean 'cue'"),
    (["--backend", "lightnin"], "did you mean 'lightning'"),
    (["--optimizer", "adan"], "did you mean 'adam'"),
    (["--geometry", "H 0 0 0; H 0 0 x"], "atom 2 ('H 0 0 x'): z coordinate 'x' is not a number"),
    (["--geometry", "H 0 0 0; Xq 0 0 1"], "Xq"),
    (["--geometry", "H 0 0 0; H 0 0 0.7", "--multiplicity", "2"],
     "multiplicity 2 is inconsistent with charge 0"),
    (["--geometry", "H 0 0 0; H 0 0 0.7", "--active-orbitals", "5"], "has only 2"),
    (["--geometry", "O 0 0 0; O 0 0 1.2; O 0 0 2.4"], "30-qubit problem needs a state vector"),
    (["--charge", "1"], "--charge only applies with --geometry"),
    (["--ansatz", "hea", "--init", "hf"], "no valid (ansatz, init) combination"),
    (["--ansatz", "hea", "--init", "identity_blocks"], "no runnable (molecule, ansatz, init)"),
    (["--seeds", "0"], "--seeds must be a positive int; got 0"),
    (["--workers", "0"], "--workers must be a positive int; got 0"),
    (["--layers", "0"], "--layers must be positive ints; got 0"),
])
def test_bad_input_exits_2_before_any_run(capsys, tmp_path, argv, message):
    db = tmp_path / "b.sqlite"
    code, out, err = run_cli(capsys, ["bench", *argv, "--db", str(db)])
    assert code == 2 and out == ""
    assert err.startswith("qrmt: error: ") and message in err and "Traceback" not in err
    assert not db.exists()  # refused before the store was even opened


def test_molecules_table(capsys):
    code, out, _ = run_cli(capsys, ["molecules"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| name | formula | charge | multiplicity | basis | active space | qubits |"
    assert "| H2 | H2 | 0 | 1 | sto-3g | all (2e, 2o) | 4 |" in lines
    assert "| LiH | HLi | 0 | 1 | sto-3g | (2e, 5o) | 10 |" in lines
    code, js, _ = run_cli(capsys, ["molecules", "--json"])
    assert {"H2", "LiH", "BeH2", "H2O", "H4", "N2"} <= {m["name"] for m in json.loads(js)}


def test_grad_variance_scan(capsys, tmp_path):
    code, out, err = run_cli(capsys, [
        "bench", "--grad-variance", "--molecule", "H2", "H3+", "--init", "uniform,gaussian",
        "--layers", "1", "--grad-samples", "6", "--workers", "1", "--json",
        "--db", str(tmp_path / "g.sqlite"), "--out", str(tmp_path / "g")])
    assert code == 0, err
    doc = json.loads(out)
    assert {(r["init"], r["n_qubits"]) for r in doc["grad_variance"]} == {
        ("uniform", 4), ("uniform", 6), ("gaussian", 4), ("gaussian", 6)}
    assert all(r["variance"] > 0 and r["n_samples"] == 6 for r in doc["grad_variance"])
    assert {f["init"] for f in doc["fits"]} == {"uniform", "gaussian"}
    assert all(f["rate"] is not None and f["points"] == 2 for f in doc["fits"])
    assert (tmp_path / "g" / "grad_variance.png").read_bytes()[:4] == b"\x89PNG"


def _count(db):
    if not Path(db).exists():
        return 0
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def _start(argv, env):
    return subprocess.Popen([sys.executable, "-m", "qrmt", *argv], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(db, n, proc, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        c = _count(db)
        if c >= n or proc.poll() is not None:
            return c
        time.sleep(0.05)
    raise AssertionError(f"no {n} runs stored within {timeout} s")


SLOW = ["bench", "--molecule", "H2", "--ansatz", "hea", "--init", "gue,cue", "--seeds", "4",
        "--max-iter", "25", "--seed", "9", "--json"]


def test_sigkill_loses_nothing_and_rerun_repeats_nothing(tmp_path):
    db = str(tmp_path / "k.sqlite")
    env = dict(os.environ)
    proc = _start([*SLOW, "--workers", "1", "--db", db], env)
    got = _wait_for(db, 2, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    kept = _count(db)
    assert 2 <= kept < 8 and kept >= got
    con = sqlite3.connect(db)
    before = con.execute("SELECT key, id, finished, final_energy FROM runs").fetchall()
    con.close()
    rerun = subprocess.run([sys.executable, "-m", "qrmt", *SLOW, "--workers", "1", "--db", db],
                           env=env, text=True, capture_output=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{8 - kept} runs done, {kept} already stored" in rerun.stderr
    con = sqlite3.connect(db)
    total, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM runs").fetchone()
    after = {r[0]: r for r in con.execute("SELECT key, id, finished, final_energy FROM runs")}
    con.close()
    assert total == distinct == 8
    assert all(after[r[0]] == r for r in before)  # the first runs were not redone
    assert len(json.loads(rerun.stdout)["runs"]) == 8


def test_sigint_stops_cleanly_keeping_finished_runs(tmp_path):
    db = str(tmp_path / "i.sqlite")
    proc = _start([*SLOW, "--workers", "2", "--db", db], dict(os.environ))
    _wait_for(db, 1, proc, timeout=90)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:  # the sweep finished before the signal arrived
        pytest.skip("sweep finished before SIGINT")
    assert proc.returncode == 130, err
    assert out == "" and "Traceback" not in err
    stored = _count(db)
    assert f"interrupted; {stored} of 8 runs of this sweep are stored in {db}" in err


def test_xyz_geometry_errors_name_the_line(capsys, tmp_path):
    xyz = tmp_path / "bad.xyz"
    xyz.write_text("2\ncomment\nH 0 0 0\nH 0 0 zz\n")
    code, out, err = run_cli(capsys, ["bench", "--geometry", str(xyz), "--db",
                                      str(tmp_path / "b.sqlite")])
    assert code == 2 and out == "" and "line 4" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, ["bench", "--geometry", str(tmp_path / "missing.xyz")])
    assert code == 2 and "not found" in err


def test_bench_on_a_dask_local_cluster_matches_local_workers(capsys, tmp_path):
    """Real VQE runs through `--dask-scheduler` on a real LocalCluster: same results as local."""
    distributed = pytest.importorskip("distributed")
    local_db, dask_db = str(tmp_path / "local.sqlite"), str(tmp_path / "dask.sqlite")
    code, out, err = run_cli(capsys, [*TINY, "--workers", "1", "--db", local_db, "--json"])
    assert code == 0, err
    local = {(r["init"], r["seed"]): strip(r) for r in json.loads(out)["runs"]}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        code, out, err = run_cli(capsys, [*TINY, "--dask-scheduler", cluster.scheduler_address,
                                          "--db", dask_db, "--json"])
    assert code == 0, err
    remote = {(r["init"], r["seed"]): strip(r) for r in json.loads(out)["runs"]}
    assert remote.keys() == local.keys() and len(remote) == 4
    for key, run in local.items():
        assert remote[key]["energies"] == pytest.approx(run["energies"], abs=1e-10)
        assert remote[key]["final_energy"] == pytest.approx(run["final_energy"], abs=1e-10)


def test_sweeps_differing_only_in_max_iter_are_two_summary_rows(capsys, tmp_path):
    db = str(tmp_path / "b.sqlite")
    base = ["bench", "--molecule", "H2", "--ansatz", "uccsd", "--init", "hf", "--seeds", "1",
            "--workers", "1", "--db", db]
    for k in ("2", "3"):
        code, _, err = run_cli(capsys, [*base, "--max-iter", k])
        assert code == 0, err
    code, out, _ = run_cli(capsys, ["report", db, "--format", "json"])
    summary = json.loads(out)["summary"]
    assert code == 0 and [(s["max_iter"], s["runs"]) for s in summary] == [(2, 1), (3, 1)]
    code, md, _ = run_cli(capsys, ["report", db])
    assert "| max_iter | init | runs |" in md and "| 2 | hf | 1 |" in md


def test_unknown_noise_backend_is_refused_before_any_run(capsys, tmp_path):
    db = tmp_path / "b.sqlite"
    code, out, err = run_cli(capsys, ["bench", "--molecule", "H2", "--ansatz", "hea", "--init",
                                      "gue", "--seeds", "1", "--backend", "aer-noisy",
                                      "--noise-backend", "fake_manilla", "--db", str(db)])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "'fake_manilla'" in err and "did you mean 'fake_manila'" in err
    assert not db.exists()  # nothing ran, nothing stored


@pytest.mark.parametrize("where", ["out", "db"])
def test_bench_path_problems_are_errors_before_any_run(capsys, tmp_path, where):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    db, out = tmp_path / "b.sqlite", tmp_path / "o"
    if where == "out":
        out, message = blocker, "--out must be a directory"
    else:
        db, message = blocker / "x.sqlite", "is a file, not a directory"
    t0 = time.perf_counter()
    code, _, err = run_cli(capsys, [*TINY, "--workers", "1", "--db", str(db), "--out", str(out)])
    assert code == 2 and err.startswith("qrmt: error: ") and message in err
    assert "Traceback" not in err and str(blocker) in err
    assert not (tmp_path / "b.sqlite").exists()  # refused before the store was opened
    assert time.perf_counter() - t0 < 20


def test_report_out_on_a_file_is_an_error(capsys, tmp_path):
    db = tmp_path / "b.sqlite"
    sqlite3.connect(db).close()  # an empty SQLite file becomes an empty results database
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    code, out, err = run_cli(capsys, ["report", str(db), "--out", str(blocker)])
    assert code == 2 and out == "" and "--out must be a directory" in err
    assert blocker.read_text() == "x"
