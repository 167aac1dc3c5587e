import sqlite3

import numpy
import pytest

from qrmt.bench.store import RUN_FIELDS, ResultStore, default_db_path


def record(seed=0, success=True):
    r = {f: None for f in RUN_FIELDS}
    r.update(molecule="H2", ansatz="hea", layers=2, init="gue", seed=seed, backend="lightning",
             optimizer="adam", n_qubits=4, n_params=24, hf_energy=-1.1167, exact_energy=-1.1373,
             initial_energy=-0.5, final_energy=-1.137, final_error=3e-4, iterations=10,
             iterations_to_chemical_accuracy=None if not success else 7, success=success,
             strict_success=False, below_reference=False, sector_weight=0.0, evaluations=11,
             wall_s=0.25, energies=[-0.5, -1.0, -1.137], initial_params=[0.1, 0.2],
             final_params=[0.3, 0.4], config={"ansatz": "hea"}, molecule_spec={"name": "H2"})
    return r


def test_roundtrip_and_unique_keys(tmp_path):
    with ResultStore(tmp_path / "b.sqlite") as db:
        sid = db.add_sweep({"molecules": ["H2"]}, 42, ["qrmt", "bench"])
        assert db.insert_run("k0", record(0), sweep_id=sid, root_seed=42)
        assert db.insert_run("k1", record(1, success=False), sweep_id=sid, root_seed=42)
        assert not db.insert_run("k0", record(5), sweep_id=sid)  # already stored: ignored
        assert db.count() == 2
        runs = db.runs()
    assert [r["seed"] for r in runs] == [0, 1]  # the duplicate did not overwrite
    r0 = runs[0]
    for f, v in record(0).items():
        assert r0[f] == v, f
    assert runs[1]["success"] is False and runs[1]["iterations_to_chemical_accuracy"] is None
    assert r0["key"] == "k0" and r0["root_seed"] == 42


def test_sweep_row_keeps_configuration_and_versions(tmp_path):
    with ResultStore(tmp_path / "b.sqlite") as db:
        db.add_sweep({"inits": ["gue", "cue"]}, 7, ["qrmt", "bench", "--seeds", "2"])
        (sw,) = db.sweeps()
    assert sw["config"] == {"inits": ["gue", "cue"]} and sw["root_seed"] == 7
    assert sw["versions"]["numpy"] == numpy.__version__
    assert {"qrmt", "scipy", "pennylane", "qiskit", "qiskit-aer"} <= set(sw["versions"])
    assert sw["command"] == ["qrmt", "bench", "--seeds", "2"]


def test_wal_mode_and_each_insert_is_committed_at_once(tmp_path):
    path = tmp_path / "b.sqlite"
    db = ResultStore(path)
    db.insert_run("k0", record(), sweep_id=None)
    other = sqlite3.connect(path)  # an independent reader sees the row without close()
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert other.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    other.close()
    db.close()


def test_existing_keys_restricts(tmp_path):
    with ResultStore(tmp_path / "b.sqlite") as db:
        db.insert_run("a", record())
        db.insert_run("b", record())
        assert db.existing_keys() == {"a", "b"}
        assert db.existing_keys(["b", "c"]) == {"b"}


def test_grad_variance_table(tmp_path):
    with ResultStore(tmp_path / "b.sqlite") as db:
        rec = {"molecule": "H2", "ansatz": "hea", "layers": 2, "init": "gue", "n_qubits": 4,
               "n_params": 24, "n_samples": 10, "variance": 0.01, "variance_stderr": 0.002}
        assert db.insert_grad_variance("g", rec)
        assert not db.insert_grad_variance("g", rec)
        assert db.grad_variance() == [rec | {"key": "g"}]


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello, this is not sqlite" * 100)
    with pytest.raises(ValueError, match="not a qrmt results database"):
        ResultStore(bad)
    with pytest.raises(ValueError, match="not a directory"):
        ResultStore(tmp_path)


def test_default_path_is_under_qrmt_home(tmp_path, monkeypatch):
    monkeypatch.setenv("QRMT_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "bench.sqlite"


def test_database_without_the_estimate_column_is_read_and_upgraded(tmp_path):
    # A database made before `final_energy_estimate` existed: its runs read back with None
    # there, and new runs store the field.
    path = tmp_path / "old.sqlite"
    old_fields = [f for f in RUN_FIELDS if f != "final_energy_estimate"]
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE sweeps (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT "
                "NULL, root_seed INTEGER, config TEXT NOT NULL, versions TEXT NOT NULL, "
                "command TEXT)")
    con.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL "
                "UNIQUE, sweep_id INTEGER, root_seed INTEGER, "
                + ", ".join(old_fields) + ", energies TEXT, initial_params TEXT, "
                "final_params TEXT, config TEXT, molecule_spec TEXT, finished TEXT NOT NULL)")
    con.execute("INSERT INTO runs (key, molecule, final_energy, finished) "
                "VALUES ('old', 'H2', -1.1, 'then')")
    con.commit()
    con.close()
    with ResultStore(path) as db:
        new = record(1) | {"final_energy_estimate": -1.2}
        assert db.insert_run("new", new)
        runs = {r["key"]: r for r in db.runs()}
    assert runs["old"]["final_energy"] == -1.1 and runs["old"]["final_energy_estimate"] is None
    assert runs["new"]["final_energy_estimate"] == -1.2
