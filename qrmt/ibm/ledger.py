"""The job ledger: an SQLite file that never loses a submitted job.

Protocol (one row per submission, keyed by an *intent id*, a uuid4):

1. :meth:`Ledger.claim_intent` writes the row with status ``"submitting"`` and the owning
   process **before** the job is submitted; the intent id goes into the job's tags
   (``qrmt-intent-<uuid>``) so a cloud job can be found again by tag.
2. :meth:`Ledger.set_job_id` writes the job id right after ``run`` returns.
3. :meth:`Ledger.set_result` stores the parsed result (energy, std, ...) when it is known.

A process that dies between 1 and 2 leaves an intent without a job id. Whoever asks for
that intent again resolves it instead of submitting blindly: on a cloud channel by asking
the service for jobs with the intent's tag; in local mode the job, if any, lived inside the
dead process (local jobs run in a thread of the submitting process), so nothing can have
survived and the intent may be submitted again. A live owner means the submission is in
progress elsewhere: :class:`~qrmt.ibm.errors.LedgerConflictError`. Hence a retry never
submits twice.

Concurrency: WAL journal, a busy timeout, and ``BEGIN IMMEDIATE`` around every
read-modify-write, so several ``qrmt`` processes can share the file. Durability:
``synchronous = FULL`` (in WAL mode ``NORMAL`` may lose the last commits on a power loss or
OS crash; writes here are few, so the extra fsync costs nothing that matters). The token is never
written here (nothing from the account is).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import socket
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qrmt._paths import data_home
from qrmt.ibm.errors import LedgerConflictError, redact

__all__ = [
    "TERMINAL",
    "Ledger",
    "current_owner",
    "ledger_path",
    "owner_alive",
    "utcnow",
]

TERMINAL = frozenset({"DONE", "ERROR", "CANCELLED", "LOST", "ABANDONED"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    intent_id    TEXT PRIMARY KEY,
    job_id       TEXT UNIQUE,
    channel      TEXT NOT NULL,
    backend      TEXT NOT NULL,
    mode         TEXT NOT NULL,
    description  TEXT NOT NULL,
    workload     TEXT NOT NULL,
    status       TEXT NOT NULL,
    owner        TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    result       TEXT,
    error        TEXT,
    run_id       TEXT,
    iteration    INTEGER
);
CREATE INDEX IF NOT EXISTS jobs_run ON jobs(run_id, iteration);
CREATE TABLE IF NOT EXISTS vqe_runs (
    run_id     TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    backend    TEXT NOT NULL,
    config     TEXT NOT NULL,
    status     TEXT NOT NULL,
    mode       TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vqe_iterations (
    run_id      TEXT NOT NULL,
    iteration   INTEGER NOT NULL,
    job_id      TEXT NOT NULL,
    params      TEXT NOT NULL,
    energy      REAL NOT NULL,
    std         REAL NOT NULL,
    next_params TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (run_id, iteration)
);
"""


def utcnow() -> str:
    """Current UTC time, ISO 8601 with seconds."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def ledger_path() -> Path:
    """``data_home() / "ibm_ledger.sqlite"`` (``$QRMT_HOME`` when set)."""
    return data_home() / "ibm_ledger.sqlite"


def _start_time(pid: int) -> str:
    try:  # Linux: field 22 of /proc/<pid>/stat, the start time in clock ticks
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return "?"


def current_owner() -> str:
    """``host:pid:start`` of this process (the start time guards against pid reuse)."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def owner_alive(owner: str) -> bool | None:
    """Whether the process ``owner`` still runs; ``None`` when it is on another host."""
    host, pid_text, start = owner.rsplit(":", 2)
    if host != socket.gethostname():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return start == "?" or _start_time(pid) == start


def _row(cur: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    out = {d[0]: v for d, v in zip(cur.description, row, strict=True)}
    for key in ("workload", "result", "config", "params", "next_params"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


class Ledger:
    """The SQLite job ledger (see the module docstring for the protocol).

    Args:
        path: database file; default :func:`ledger_path`.
        timeout: seconds to wait for a lock held by another process.

    Raises:
        ValueError: the file cannot be opened or is not an SQLite database (the message
            names the path and what to do).

    >>> import tempfile, pathlib
    >>> led = Ledger(pathlib.Path(tempfile.mkdtemp()) / "l.sqlite")
    >>> i = led.claim_intent(channel="local", backend="fake_manila", mode="job",
    ...                      description="demo", workload={})
    >>> led.set_job_id(i, "job-1"); led.get("job-1")["status"]
    'SUBMITTED'
    """

    def __init__(self, path: Path | str | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path is not None else ledger_path()
        self._timeout = timeout
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.executescript(_SCHEMA)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ValueError(
                f"cannot open the job ledger {self.path}: {exc}; if the file is damaged, "
                f"move it aside (e.g. rename it to {self.path.name}.bad) and qrmt starts a new "
                "ledger (the jobs recorded in the old one are then no longer listed), or set "
                "QRMT_HOME to another directory"
            ) from None

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
        try:
            con.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = FULL")
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # -- job rows -----------------------------------------------------------------------

    def claim_intent(
        self,
        *,
        channel: str,
        backend: str,
        mode: str,
        description: str,
        workload: dict[str, Any],
        intent_id: str | None = None,
        run_id: str | None = None,
        iteration: int | None = None,
    ) -> str:
        """Write (or re-claim) a submission intent before submitting; return its id.

        With ``intent_id`` of an existing row: a row that already has a job id is returned
        untouched (the caller must not submit); a row without one whose owner is dead is
        re-claimed by this process; a live owner raises.

        Raises:
            LedgerConflictError: the intent is held by a live process.
        """
        intent_id = intent_id or str(uuid.uuid4())
        now = utcnow()
        with self._write() as con:
            row = con.execute(
                "SELECT job_id, owner FROM jobs WHERE intent_id = ?", (intent_id,)
            ).fetchone()
            if row is None:
                con.execute(
                    "INSERT INTO jobs (intent_id, channel, backend, mode, description, workload,"
                    " status, owner, submitted_at, updated_at, run_id, iteration)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'SUBMITTING', ?, ?, ?, ?, ?)",
                    (
                        intent_id, channel, backend, mode, description,
                        json.dumps(workload), current_owner(), now, now, run_id, iteration,
                    ),
                )
            elif row[0] is None:
                if owner_alive(row[1]) is not False and row[1] != current_owner():
                    raise LedgerConflictError(
                        f"submission {intent_id} is being made by process {row[1]}; "
                        "wait for it or stop that process first"
                    )
                con.execute(
                    "UPDATE jobs SET owner = ?, status = 'SUBMITTING', updated_at = ?"
                    " WHERE intent_id = ?",
                    (current_owner(), now, intent_id),
                )
        return intent_id

    def set_job_id(self, intent_id: str, job_id: str, status: str = "SUBMITTED") -> None:
        """Record the job id of an intent, right after the submission returned."""
        with self._write() as con:
            con.execute(
                "UPDATE jobs SET job_id = ?, status = ?, updated_at = ? WHERE intent_id = ?",
                (job_id, status, utcnow(), intent_id),
            )

    def set_status(self, key: str, status: str, error: str | None = None) -> None:
        """Update the status (and error text, redacted) of the row with job or intent id."""
        with self._write() as con:
            con.execute(
                "UPDATE jobs SET status = ?, error = COALESCE(?, error), updated_at = ?"
                " WHERE job_id = ? OR intent_id = ?",
                (status, None if error is None else redact(error), utcnow(), key, key),
            )

    def set_result(self, key: str, result: dict[str, Any]) -> None:
        """Store a finished job's parsed result and mark it ``DONE``."""
        with self._write() as con:
            con.execute(
                "UPDATE jobs SET result = ?, status = 'DONE', updated_at = ?"
                " WHERE job_id = ? OR intent_id = ?",
                (json.dumps(result), utcnow(), key, key),
            )

    def get(self, key: str) -> dict[str, Any] | None:
        """The row whose job id or intent id is ``key`` (None if absent)."""
        with self._connect() as con:
            cur = con.execute("SELECT * FROM jobs WHERE job_id = ? OR intent_id = ?", (key, key))
            row = cur.fetchone()
            return None if row is None else _row(cur, row)

    def entries(self, *, run_id: str | None = None) -> list[dict[str, Any]]:
        """All job rows, oldest first (only those of VQE run ``run_id`` when given)."""
        with self._connect() as con:
            if run_id is None:
                cur = con.execute("SELECT * FROM jobs ORDER BY submitted_at, rowid")
            else:
                cur = con.execute(
                    "SELECT * FROM jobs WHERE run_id = ? ORDER BY iteration, rowid", (run_id,)
                )
            return [_row(cur, r) for r in cur.fetchall()]

    # -- VQE runs -----------------------------------------------------------------------

    def create_run(self, *, channel: str, backend: str, config: dict[str, Any]) -> str:
        """Create a VQE run row; return its id."""
        run_id = "vqe-" + uuid.uuid4().hex[:12]
        now = utcnow()
        with self._write() as con:
            con.execute(
                "INSERT INTO vqe_runs (run_id, channel, backend, config, status, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?)",
                (run_id, channel, backend, json.dumps(config), now, now),
            )
        return run_id

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        """The VQE run row (None if absent)."""
        with self._connect() as con:
            cur = con.execute("SELECT * FROM vqe_runs WHERE run_id = ?", (run_id,))
            row = cur.fetchone()
            return None if row is None else _row(cur, row)

    def set_run(self, run_id: str, *, status: str | None = None, mode: str | None = None) -> None:
        """Update a VQE run's status and/or execution mode."""
        with self._write() as con:
            con.execute(
                "UPDATE vqe_runs SET status = COALESCE(?, status), mode = COALESCE(?, mode),"
                " updated_at = ? WHERE run_id = ?",
                (status, mode, utcnow(), run_id),
            )

    def add_iteration(
        self,
        run_id: str,
        iteration: int,
        *,
        job_id: str,
        params: list[float],
        energy: float,
        std: float,
        next_params: list[float],
    ) -> None:
        """Checkpoint one finished VQE iteration (idempotent per ``(run_id, iteration)``)."""
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO vqe_iterations (run_id, iteration, job_id, params,"
                " energy, std, next_params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id, iteration, job_id, json.dumps(params), energy, std,
                    json.dumps(next_params), utcnow(),
                ),
            )

    def iterations(self, run_id: str) -> list[dict[str, Any]]:
        """The checkpointed iterations of a VQE run, in order."""
        with self._connect() as con:
            cur = con.execute(
                "SELECT * FROM vqe_iterations WHERE run_id = ? ORDER BY iteration", (run_id,)
            )
            return [_row(cur, r) for r in cur.fetchall()]
