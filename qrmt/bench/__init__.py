"""VQE benchmark sweeps: plan, execution (local processes or Dask), SQLite store, reports.

* :mod:`qrmt.bench.plan`: the sweep as tasks with deterministic keys and spawned seeds.
* :mod:`qrmt.bench.store`: :class:`ResultStore`, SQLite (WAL), one row per finished run.
* :mod:`qrmt.bench.executor`: :func:`execute` on spawned local workers or a Dask cluster.
* :mod:`qrmt.bench.sweep`: :func:`run_sweep`, skip stored runs and store each as it arrives.
* :mod:`qrmt.bench.runner`: :func:`vqe_task`, the worker-side VQE run and its record.
* :mod:`qrmt.bench.suite`: validation of a request into molecules and run configurations.
* :mod:`qrmt.bench.report` / :mod:`qrmt.bench.plots`: summaries (Wilson intervals), tables,
  PNG plots; :mod:`qrmt.bench.gradvar`: the gradient-variance (barren-plateau) scan.
* :mod:`qrmt.bench.outputs`: option parsing, early ``--db``/``--out`` checks and the output
  files shared by ``qrmt bench`` and ``qrmt report``.

The command line is ``qrmt bench`` / ``qrmt report`` / ``qrmt molecules``; see
``docs/benchmarks.md``.
"""

from __future__ import annotations

from qrmt.bench.executor import default_workers, execute
from qrmt.bench.plan import RunTask, make_plan, run_key, run_seed
from qrmt.bench.report import format_table, summarize, to_json, wilson_interval
from qrmt.bench.runner import STRICT_ACCURACY, vqe_task
from qrmt.bench.store import ResultStore, default_db_path
from qrmt.bench.sweep import SweepOutcome, run_sweep

__all__ = [
    "STRICT_ACCURACY",
    "ResultStore",
    "RunTask",
    "SweepOutcome",
    "default_db_path",
    "default_workers",
    "execute",
    "format_table",
    "make_plan",
    "run_key",
    "run_seed",
    "run_sweep",
    "summarize",
    "to_json",
    "vqe_task",
    "wilson_interval",
]
