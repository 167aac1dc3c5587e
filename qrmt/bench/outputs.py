"""Option parsing and output helpers shared by ``qrmt bench`` and ``qrmt report``.

They live in the library (not in a CLI module) so both commands and the gradient-variance
scan use them without importing each other's private helpers. Path problems (an ``--out``
that is a file, a ``--db`` under a file) become ``ValueError`` with a clear message, checked
before any problem is built or any run starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["check_paths", "open_store", "parse_ints", "prepare_out_dir", "split_list", "write_outputs"]


def split_list(values: Sequence[Sequence[str]] | None) -> list[str]:
    """Flatten repeated / space-separated / comma-separated option values, keeping order.

    Example:
        >>> split_list([["gue,cue"], ["goe", "gue"]])
        ['gue', 'cue', 'goe']
    """
    out: list[str] = []
    for group in values or []:
        for v in group:
            out += [p.strip() for p in v.split(",") if p.strip()]
    return list(dict.fromkeys(out))


def parse_ints(name: str, values: Sequence[str]) -> list[int]:
    """Parse positive ints of option ``name``.

    Raises:
        ValueError: a value is not an int or is < 1 (the message names the option).

    Example:
        >>> parse_ints("--layers", ["1", "3"])
        [1, 3]
    """
    out = []
    for v in values:
        try:
            out.append(int(v))
        except ValueError:
            raise ValueError(f"{name} must be positive ints; got {v!r}") from None
        if out[-1] < 1:
            raise ValueError(f"{name} must be positive ints; got {v}")
    return out


def _check_creatable(path: Path, option: str, *, directory: bool) -> None:
    """Raise ValueError if ``path`` cannot become a directory (or a file) of ``option``."""
    if path.exists():
        if directory and not path.is_dir():
            raise ValueError(f"{option} must be a directory; {str(path)!r} is an existing file")
        if not directory and path.is_dir():
            raise ValueError(f"{option} must be a file path; {str(path)!r} is a directory")
        return
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ValueError(f"cannot create {option} {str(path)!r}: {str(parent)!r} is a file, "
                         "not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"cannot create {option} {str(path)!r}: {str(parent)!r} is not "
                         "writable")


def check_paths(db: str | Path | None = None, out: str | Path | None = None) -> None:
    """Check, without creating anything, that ``--db`` and ``--out`` can be used.

    Called before any problem is built or run starts, so a bad path fails in a second, not
    after a sweep.

    Raises:
        ValueError: ``db`` is a directory or lies under a file / an unwritable directory;
            ``out`` is an existing file or lies under a file / an unwritable directory.
    """
    if db is not None:
        _check_creatable(Path(db).expanduser(), "--db", directory=False)
    if out is not None:
        _check_creatable(Path(out).expanduser(), "--out", directory=True)


def prepare_out_dir(out: str | Path | None) -> Path | None:
    """Create the output directory ``out`` (None: no output).

    Raises:
        ValueError: ``out`` is an existing file, lies under a file, or cannot be created.
    """
    if out is None:
        return None
    path = Path(out).expanduser()
    check_paths(out=path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"cannot create the --out directory {str(path)!r}: "
                         f"{exc.strerror or exc}") from exc
    return path


def open_store(path: str | Path) -> Any:
    """Open (or create) the results database at ``path``.

    Returns:
        a :class:`qrmt.bench.store.ResultStore`.

    Raises:
        ValueError: the path cannot hold a database (a directory, under a file, not
            writable) or the file is not a qrmt results database.
    """
    import sqlite3

    from qrmt.bench.store import ResultStore

    try:
        return ResultStore(path)
    except (OSError, sqlite3.Error) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise ValueError(f"cannot open the results database {str(path)!r}: {detail}") from exc


def write_outputs(out_dir: Path, runs: Sequence[Mapping[str, Any]],
                  summary: Sequence[Mapping[str, Any]],
                  grad: Sequence[Mapping[str, Any]] | None = None) -> list[Path]:
    """Write ``summary.md``, ``summary.csv``, ``results.json`` and the PNG plots to ``out_dir``.

    Returns:
        the paths written.
    """
    from qrmt.bench.plots import write_plots
    from qrmt.bench.report import format_table, to_json

    out_dir = prepare_out_dir(out_dir) or Path(out_dir)
    written = []
    for name, text in (("summary.md", format_table(summary, "md")),
                       ("summary.csv", format_table(summary, "csv")),
                       ("results.json", to_json(runs, summary))):
        (out_dir / name).write_text(text)
        written.append(out_dir / name)
    written += write_plots(out_dir, list(runs), list(summary), list(grad or []))
    return written
