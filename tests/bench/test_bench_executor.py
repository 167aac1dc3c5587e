"""The executor with a real stand-in task function (deterministic in the task's seed),
real spawned processes and a real Dask LocalCluster."""

import sys
import time

import numpy as np
import pytest

from qrmt.bench.executor import execute
from qrmt.bench.plan import make_plan
from qrmt.bench.store import ResultStore
from qrmt.bench.sweep import run_sweep

H2 = {"name": "H2"}
CONFIGS = [{"ansatz": "hea", "layers": 1, "init": i} for i in ("gue", "cue", "uniform")]


def standin(task):
    """A real computation from the task's own stream: 5 gradient steps on a random quadratic."""
    rng = np.random.default_rng(task.seed_sequence())
    x = rng.standard_normal(6)
    a = rng.uniform(0.5, 2.0, 6)
    trace = []
    for _ in range(5):
        trace.append(float(0.5 * np.sum(a * x * x)))
        x = x - 0.3 * a * x
    if task.config["init"] == "boom":
        raise RuntimeError(f"stand-in failure at seed {task.seed_index}")
    time.sleep(float(task.config.get("sleep", 0.0)))
    return {"molecule": task.molecule_name, "init": task.config["init"], "seed": task.seed_index,
            "energies": trace, "final_energy": trace[-1]}


def _results(tasks, **kw):
    out = {}
    for task, rec, err in execute(standin, tasks, **kw):
        assert err is None
        out[task.key] = rec
    return out


def test_in_process_and_two_spawned_workers_give_identical_results():
    tasks = make_plan([H2], CONFIGS, 3, 17)
    serial = _results(tasks, in_process=True)
    pooled = _results(tasks, workers=2)
    assert serial == pooled and len(serial) == 9
    # Different inits and seeds really got different streams.
    assert len({r["final_energy"] for r in serial.values()}) == 9


def test_a_failing_task_is_reported_and_the_others_run():
    tasks = make_plan([H2], [*CONFIGS[:1], {"ansatz": "hea", "layers": 1, "init": "boom"}], 2, 0)
    got = list(execute(standin, tasks, workers=2))
    errors = [e for _, _, e in got if e is not None]
    assert len(got) == 4 and len(errors) == 2
    assert all("RuntimeError: stand-in failure at seed" in e for e in errors)


def test_bad_worker_count():
    with pytest.raises(ValueError, match="workers must be a positive int; got 0"):
        list(execute(standin, [], workers=0))


def test_dask_local_cluster_gives_the_same_results():
    distributed = pytest.importorskip("distributed")
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # test module not on workers
    tasks = make_plan([H2], CONFIGS, 2, 17)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = _results(tasks, dask_scheduler=cluster.scheduler_address)
    assert remote == _results(tasks, in_process=True)


def test_sweep_stores_as_it_goes_and_skips_on_rerun(tmp_path):
    tasks = make_plan([H2], CONFIGS, 2, 5)
    with ResultStore(tmp_path / "b.sqlite") as db:
        first = run_sweep(tasks[:4], db, standin, workers=2, root_seed=5, progress=False)
        assert (first.stored, first.skipped, first.missing) == (4, 0, 0)
        second = run_sweep(tasks, db, standin, workers=2, root_seed=5, progress=False)
        assert (second.stored, second.skipped, second.missing) == (2, 4, 0)
        assert db.count() == 6 and len(db.sweeps()) == 2
        assert db.existing_keys() == {t.key for t in tasks}


def thread_env(_task):
    """Return the worker's OpenMP/BLAS thread settings (a picklable module-level task)."""
    import os

    return tuple(os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                              "MKL_NUM_THREADS"))


def test_spawned_workers_get_one_thread_whatever_the_parent_has(monkeypatch):
    # Spawned workers start at submit time, after the pool's constructor returned: the
    # thread count must be set in the worker itself.
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    got = [r for _, r, e in execute(thread_env, [0, 1], workers=2)]
    assert got == [("1", "1", "1")] * 2
    got = [r for _, r, e in execute(thread_env, [0], workers=1, threads_per_worker=None)]
    assert got[0][0] == "7" and got[0][2] is None
