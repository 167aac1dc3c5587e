"""The results store: SQLite (standard library), one row per finished run.

Durability model: the database runs in WAL mode with ``synchronous=FULL`` and every run is
inserted in its own transaction by the parent process the moment its result arrives, so a
sweep killed at any instant (even with SIGKILL) loses no finished run. Rows are keyed by
:func:`qrmt.bench.plan.run_key` (``UNIQUE``) and inserted with ``INSERT OR IGNORE``, so the
same command run again skips finished runs and never stores one twice.

Tables:

* ``sweeps``: one row per invocation — full configuration JSON, package versions, root seed,
  command line, creation time.
* ``runs``: one row per finished run — every field of the ``qrmt bench --json`` contract,
  plus the energy trace and the initial and final parameters as JSON.
* ``grad_variance``: gradient-variance estimates (strategy × molecule × layers).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from qrmt.bench.plan import canonical_json

__all__ = ["RUN_FIELDS", "ResultStore", "default_db_path", "package_versions"]

#: Scalar fields of a run record, in the order of ``qrmt bench --json``.
RUN_FIELDS: tuple[str, ...] = (
    "molecule", "ansatz", "layers", "init", "seed", "backend", "optimizer", "n_qubits",
    "n_params", "hf_energy", "exact_energy", "initial_energy", "final_energy", "final_error",
    "iterations", "iterations_to_chemical_accuracy", "success", "strict_success",
    "below_reference", "sector_weight", "evaluations", "wall_s", "final_energy_estimate",
)
#: Columns added to ``runs`` after its first release: (name, SQL type); databases made
#: before get them (NULL in old rows) when opened.
_ADDED_COLUMNS = (("final_energy_estimate", "REAL"),)
_JSON_FIELDS = ("energies", "initial_params", "final_params", "config", "molecule_spec")
_BOOL_FIELDS = ("success", "strict_success", "below_reference")
_TYPES = {"molecule": "TEXT", "ansatz": "TEXT", "init": "TEXT", "backend": "TEXT",
          "optimizer": "TEXT", "layers": "INTEGER", "seed": "INTEGER", "n_qubits": "INTEGER",
          "n_params": "INTEGER", "iterations": "INTEGER", "evaluations": "INTEGER",
          "iterations_to_chemical_accuracy": "INTEGER", "success": "INTEGER",
          "strict_success": "INTEGER", "below_reference": "INTEGER"}

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS sweeps (
        id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, root_seed INTEGER,
        config TEXT NOT NULL, versions TEXT NOT NULL, command TEXT)""",
    "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "key TEXT NOT NULL UNIQUE, sweep_id INTEGER REFERENCES sweeps(id), root_seed INTEGER, "
    + ", ".join(f"{f} {_TYPES.get(f, 'REAL')}" for f in RUN_FIELDS) + ", "
    + ", ".join(f"{f} TEXT" for f in _JSON_FIELDS) + ", finished TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS grad_variance (
        id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
        sweep_id INTEGER REFERENCES sweeps(id), molecule TEXT, ansatz TEXT, layers INTEGER,
        init TEXT, n_qubits INTEGER, n_params INTEGER, n_samples INTEGER, variance REAL,
        variance_stderr REAL, data TEXT, finished TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS runs_cell ON runs (molecule, ansatz, layers, init)",
)


def default_db_path() -> Path:
    """Return the default database path, ``qrmt._paths.data_home() / "bench.sqlite"``."""
    from qrmt._paths import data_home

    return data_home() / "bench.sqlite"


def package_versions() -> dict[str, str | None]:
    """Return the installed versions of qrmt and the packages results depend on."""
    from importlib import metadata

    out: dict[str, str | None] = {}
    for name in ("qrmt", "numpy", "scipy", "pennylane", "pennylane-lightning", "qiskit",
                 "qiskit-aer", "pyscf"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _dump(value: Any) -> str | None:
    return None if value is None else canonical_json(value)


class ResultStore:
    """A SQLite results database (created on first use).

    Args:
        path: database file; parent directories are created.

    Example:
        >>> import tempfile, pathlib
        >>> with ResultStore(pathlib.Path(tempfile.mkdtemp()) / "b.sqlite") as db:
        ...     db.count()
        0
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        if self.path.is_dir():
            raise ValueError(f"db must be a file path, not a directory; got {str(self.path)!r}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(str(self.path), timeout=60.0, isolation_level=None)
        self._con.row_factory = sqlite3.Row
        try:
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=FULL")
            for stmt in _SCHEMA:
                self._con.execute(stmt)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._con.close()
            raise ValueError(f"{str(self.path)!r} is not a qrmt results database: {exc}") from exc

    def _migrate(self) -> None:
        have = {r[1] for r in self._con.execute("PRAGMA table_info(runs)")}
        for name, sql_type in _ADDED_COLUMNS:
            if name not in have:
                self._con.execute(f"ALTER TABLE runs ADD COLUMN {name} {sql_type}")

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_sweep(self, config: Mapping[str, Any], root_seed: int,
                  command: Sequence[str] | None = None) -> int:
        """Record a sweep (its full configuration and package versions); return its id."""
        with self._con:
            cur = self._con.execute(
                "INSERT INTO sweeps (created, root_seed, config, versions, command) "
                "VALUES (?, ?, ?, ?, ?)",
                (_now(), int(root_seed), canonical_json(dict(config)),
                 canonical_json(package_versions()),
                 None if command is None else json.dumps(list(command))))
        return int(cur.lastrowid)  # type: ignore[arg-type]

    def sweeps(self) -> list[dict[str, Any]]:
        """Return every recorded sweep, oldest first, with config and versions decoded."""
        rows = self._con.execute("SELECT * FROM sweeps ORDER BY id").fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["config"] = json.loads(d["config"])
            d["versions"] = json.loads(d["versions"])
            d["command"] = None if d["command"] is None else json.loads(d["command"])
            out.append(d)
        return out

    def existing_keys(self, keys: Iterable[str] | None = None) -> set[str]:
        """Return the stored run keys (restricted to ``keys`` when given)."""
        stored = {r[0] for r in self._con.execute("SELECT key FROM runs")}
        return stored if keys is None else stored & set(keys)

    def insert_run(self, key: str, record: Mapping[str, Any], *, sweep_id: int | None = None,
                   root_seed: int | None = None) -> bool:
        """Insert one finished run in its own transaction; return False if already stored."""
        cols = ["key", "sweep_id", "root_seed", *RUN_FIELDS, *_JSON_FIELDS, "finished"]
        vals: list[Any] = [key, sweep_id, root_seed]
        for f in RUN_FIELDS:
            v = record.get(f)
            vals.append(None if v is None else (int(bool(v)) if f in _BOOL_FIELDS else v))
        vals += [_dump(record.get(f)) for f in _JSON_FIELDS]
        vals.append(_now())
        sql = (f"INSERT OR IGNORE INTO runs ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})")
        with self._con:
            cur = self._con.execute(sql, vals)
        return cur.rowcount == 1

    def count(self) -> int:
        """Return the number of stored runs."""
        return int(self._con.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def runs(self, keys: Iterable[str] | None = None, *, traces: bool = True) -> list[dict[str, Any]]:
        """Return stored runs as records (JSON columns decoded), in insertion order.

        Args:
            keys: only these keys (in the store's order) when given.
            traces: include the energy trace and the parameter vectors.
        """
        rows = self._con.execute("SELECT * FROM runs ORDER BY id").fetchall()
        wanted = None if keys is None else set(keys)
        out = []
        for r in rows:
            if wanted is not None and r["key"] not in wanted:
                continue
            d = {f: r[f] for f in RUN_FIELDS}
            for f in _BOOL_FIELDS:
                d[f] = None if d[f] is None else bool(d[f])
            d["key"] = r["key"]
            d["root_seed"] = r["root_seed"]
            if traces:
                for f in _JSON_FIELDS:
                    d[f] = None if r[f] is None else json.loads(r[f])
            out.append(d)
        return out

    def insert_grad_variance(self, key: str, record: Mapping[str, Any], *,
                             sweep_id: int | None = None) -> bool:
        """Insert one gradient-variance estimate; return False if the key is already stored."""
        cols = ("molecule", "ansatz", "layers", "init", "n_qubits", "n_params", "n_samples",
                "variance", "variance_stderr")
        vals = [record.get(c) for c in cols]
        with self._con:
            cur = self._con.execute(
                f"INSERT OR IGNORE INTO grad_variance (key, sweep_id, {', '.join(cols)}, data, "
                f"finished) VALUES ({', '.join('?' * (len(cols) + 4))})",
                [key, sweep_id, *vals, canonical_json(dict(record)), _now()])
        return cur.rowcount == 1

    def existing_keys_grad(self, keys: Iterable[str] | None = None) -> set[str]:
        """Return the stored gradient-variance keys (restricted to ``keys`` when given)."""
        stored = {r[0] for r in self._con.execute("SELECT key FROM grad_variance")}
        return stored if keys is None else stored & set(keys)

    def grad_variance(self, keys: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Return stored gradient-variance records (the full record of each)."""
        wanted = None if keys is None else set(keys)
        rows = self._con.execute("SELECT key, data FROM grad_variance ORDER BY id").fetchall()
        return [json.loads(r["data"]) | {"key": r["key"]} for r in rows
                if wanted is None or r["key"] in wanted]
