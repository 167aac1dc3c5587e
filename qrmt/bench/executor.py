"""Run a sweep's tasks on local processes or a Dask cluster; results come back to the parent.

:func:`execute` yields ``(task, result, error)`` as each task finishes, whatever the
backend, so the caller (the parent process) stores each result the moment it arrives.

* local (default): a :class:`concurrent.futures.ProcessPoolExecutor` of ``workers``
  processes (one included) with the *spawn* start method (forking a process that has loaded
  PennyLane/Lightning or OpenMP runtimes is not safe). Workers ignore SIGINT, so Ctrl-C
  reaches only the parent, which cancels the tasks not started, lets the started ones
  finish (their results are still yielded, so stored), then raises
  :class:`KeyboardInterrupt`; a second Ctrl-C terminates the workers at once (abandoned
  runs are simply not stored; the next invocation redoes them). Workers exit by themselves when
  the parent dies (a SIGKILLed sweep leaves no orphan computing). Each worker gets
  ``OMP_NUM_THREADS=threads_per_worker`` (default 1) so W workers do not oversubscribe W
  cores — and so results are bit-identical whatever W: Lightning's OpenMP reductions sum in
  a thread-count-dependent order, which changes the last bits of energies (measured: 1e-16
  in energies, 1e-10 in parameters after 6 Adam steps when 1 thread is compared with 2).
* ``in_process=True``: tasks run one after another in this process (no isolation, the
  thread count of this process; for tests and quick library use).
* ``dask_scheduler``: ``distributed.Client(address).submit`` per task; the task function
  must be importable on the workers (``qrmt`` installed there). Start the Dask workers with
  ``OMP_NUM_THREADS=1`` for results bit-identical with local runs.

Results are identical whichever path runs them: each task carries its own seed
(:mod:`qrmt.bench.plan`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, TypeVar

__all__ = ["default_workers", "execute"]

T = TypeVar("T")
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def default_workers() -> int:
    """Return the default number of worker processes: ``os.cpu_count()`` (at least 1)."""
    return max(1, os.cpu_count() or 1)


def _init_worker(parent: int, threads: int | None = None) -> None:
    """Set the thread count, ignore SIGINT and exit if the parent dies (e.g. SIGKILL).

    Args:
        parent: pid of the parent process.
        threads: OpenMP/BLAS threads of this worker, written to ``OMP_NUM_THREADS``,
            ``OPENBLAS_NUM_THREADS`` and ``MKL_NUM_THREADS`` here, in the worker, before any
            task imports a numerical library (None: inherit the parent's environment).
            With the *spawn* start method workers start at the first ``submit``, so the
            environment must be set in the worker itself, not around the pool's creation.
    """
    if threads is not None:
        for k in _THREAD_VARS:
            os.environ[k] = str(threads)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="qrmt-parent-watch", daemon=True).start()


def _format_error(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def execute(fn: Callable[[T], Any], tasks: Sequence[T], *, workers: int = 1,
            dask_scheduler: str | None = None, threads_per_worker: int | None = 1,
            start_method: str = "spawn", in_process: bool = False,
            ) -> Generator[tuple[T, Any, str | None], None, None]:
    """Run ``fn`` on every task; yield ``(task, result, None)`` or ``(task, None, error)``.

    Results arrive in completion order. A task that raises is reported with its error
    message and the others go on. :class:`KeyboardInterrupt` in the parent cancels what is
    pending, stops what is running and propagates.

    Args:
        fn: picklable top-level function of one task.
        tasks: the tasks (picklable).
        workers: local worker processes.
        dask_scheduler: address of a Dask scheduler (``tcp://host:8786``); overrides
            ``workers``.
        threads_per_worker: OpenMP/BLAS threads per local worker process (None: inherit).
        start_method: multiprocessing start method for local workers.
        in_process: run the tasks sequentially in this process instead.

    Yields:
        ``(task, result, error)`` with exactly one of result and error not None.

    Raises:
        ValueError: ``workers`` < 1.
        qrmt._optional.MissingDependencyError: Dask requested but not installed.
    """
    from qrmt._validation import check_positive_int

    workers = check_positive_int("workers", workers)
    if not tasks:
        return
    if dask_scheduler is not None:
        yield from _execute_dask(fn, tasks, dask_scheduler)
    elif in_process:
        for task in tasks:
            try:
                result = fn(task)
            except Exception as exc:
                yield task, None, _format_error(exc)
            else:
                yield task, result, None
    else:
        yield from _execute_pool(fn, tasks, min(workers, len(tasks)), threads_per_worker,
                                 start_method)


class _SigintCounter:
    """Count Ctrl-C presses instead of raising KeyboardInterrupt at an arbitrary point.

    An asynchronous KeyboardInterrupt can land inside ``concurrent.futures.wait`` while it
    holds the futures' locks and deadlock the pool's manager thread (observed), so the sweep
    loop polls this counter instead. Only installed from the main thread.
    """

    def __init__(self) -> None:
        self.count = 0
        self._old: Any = None

    def _handle(self, signum: int, frame: Any) -> None:
        self.count += 1

    def __enter__(self) -> _SigintCounter:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def _abandon(pool: ProcessPoolExecutor) -> None:
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _execute_pool(fn: Callable[[T], Any], tasks: Sequence[T], workers: int,
                  threads: int | None, start_method: str) -> Iterator[tuple[T, Any, str | None]]:
    ctx = multiprocessing.get_context(start_method)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(os.getpid(), threads))
    stopping = False
    try:
        with _SigintCounter() as sigint:
            futures = {pool.submit(fn, t): t for t in tasks}
            pending = set(futures)
            while pending:
                if sigint.count >= 2:
                    raise KeyboardInterrupt
                if sigint.count == 1 and not stopping:
                    stopping = True
                    # The manager thread cancels what has not started; started runs finish
                    # and are still yielded (stored).
                    pool.shutdown(wait=False, cancel_futures=True)
                    started = sum(f.running() for f in pending)
                    lead = "\n" if sys.stderr.isatty() else ""
                    print(f"{lead}qrmt: stopping: waiting for the {started} runs already handed "
                          "to the workers (Ctrl-C again to abandon them)", file=sys.stderr,
                          flush=True)
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                # A cancelled future is never "done" for wait() (CANCELLED, not notified).
                pending = {f for f in pending if not f.cancelled()}
                for fut in done:
                    if fut.cancelled():
                        continue
                    exc = fut.exception()
                    if exc is None:
                        yield futures[fut], fut.result(), None
                    else:
                        yield futures[fut], None, _format_error(exc)
    except BaseException:
        _abandon(pool)
        raise
    pool.shutdown(wait=True)
    if stopping:
        raise KeyboardInterrupt


def _execute_dask(fn: Callable[[T], Any], tasks: Sequence[T],
                  address: str) -> Iterator[tuple[T, Any, str | None]]:
    from qrmt._optional import require

    distributed = require("distributed", "dask", "--dask-scheduler")
    try:
        client = distributed.Client(address, timeout="20s")
    except OSError as exc:
        raise ValueError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc
    futures: dict[Any, T] = {}
    try:
        futures = {client.submit(fn, t, pure=False): t for t in tasks}
        for fut in distributed.as_completed(list(futures)):
            if fut.status == "finished":
                yield futures[fut], fut.result(), None
            else:
                try:
                    err = _format_error(fut.exception())
                except Exception as exc:
                    err = _format_error(exc)
                yield futures[fut], None, err
    except BaseException:
        client.cancel(list(futures))
        raise
    finally:
        client.close()
