"""Drive a sweep: skip what is stored, run the rest, store each result as it arrives.

The parent process owns the database: workers only compute, and :func:`run_sweep` inserts
each record in its own transaction the moment it comes back, then advances the progress
bar. An interrupt (Ctrl-C) stops the executor, keeps everything stored and is reported in
the returned :class:`SweepOutcome` instead of propagating.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qrmt.bench.executor import execute
from qrmt.bench.plan import RunTask
from qrmt.bench.progress import Progress
from qrmt.bench.store import ResultStore

__all__ = ["SweepOutcome", "run_sweep"]


@dataclass
class SweepOutcome:
    """What one invocation of a sweep did.

    Attributes:
        planned: runs in the plan.
        skipped: runs already stored before this invocation (not rerun).
        stored: runs finished and stored by this invocation.
        failed: ``(label, error message)`` of runs that raised.
        interrupted: the sweep was stopped by Ctrl-C.
        sweep_id: id of this invocation's row in the ``sweeps`` table.
    """

    planned: int
    skipped: int
    stored: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    sweep_id: int | None = None

    @property
    def missing(self) -> int:
        """Planned runs that are still not stored."""
        return self.planned - self.skipped - self.stored


def run_sweep(tasks: Sequence[RunTask], store: ResultStore, fn: Callable[[RunTask], Any], *,
              workers: int = 1, dask_scheduler: str | None = None,
              sweep_config: Mapping[str, Any] | None = None,
              command: Sequence[str] | None = None, root_seed: int = 0,
              progress: bool | None = None) -> SweepOutcome:
    """Run the tasks not yet in ``store`` and store each result as it finishes.

    Args:
        tasks: the plan (:func:`qrmt.bench.plan.make_plan`).
        store: the results database.
        fn: the task function (``qrmt.bench.runner.vqe_task`` for real sweeps).
        workers: local worker processes (1: in this process).
        dask_scheduler: Dask scheduler address, instead of local processes.
        sweep_config: the full configuration to record in the ``sweeps`` table.
        command: the command line to record.
        root_seed: the root seed to record.
        progress: show the progress bar live (None: when stderr is a TTY; False: only the
            final line).

    Returns:
        :class:`SweepOutcome`.
    """
    done = store.existing_keys(t.key for t in tasks)
    todo = [t for t in tasks if t.key not in done]
    outcome = SweepOutcome(planned=len(tasks), skipped=len(tasks) - len(todo))
    outcome.sweep_id = store.add_sweep(dict(sweep_config or {}), root_seed, command)
    bar = Progress(len(todo), skipped=outcome.skipped, live=progress)
    results = execute(fn, todo, workers=workers, dask_scheduler=dask_scheduler)
    try:
        for task, record, error in results:
            if error is None:
                outcome.stored += int(store.insert_run(task.key, record, sweep_id=outcome.sweep_id,
                                                       root_seed=task.root_seed))
            else:
                outcome.failed.append((task.label(), error))
            bar.update(ok=error is None)
    except KeyboardInterrupt:
        outcome.interrupted = True
    finally:
        results.close()
        bar.close()
    return outcome
