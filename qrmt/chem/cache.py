"""Content-addressed on-disk cache of built problems (JSON, atomic writes).

Key: sha256 of the molecule's physics (``Molecule.to_dict()`` without the name), the integral
route and :data:`CACHE_VERSION`. Files live in ``qrmt._paths.data_home() / "cache" /
"hamiltonians" / "<key>.json"``; writes go to a temporary file in the same directory and are
moved into place with ``os.replace``, so a killed process never leaves a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from qrmt._paths import data_home
from qrmt.chem.molecule import Molecule

__all__ = ["CACHE_VERSION", "cache_dir", "cache_key", "cache_path", "load", "store"]

#: Bump when the stored format or the physics conventions change.
CACHE_VERSION = 1


def cache_dir() -> Path:
    """Directory of the Hamiltonian cache (created on demand)."""
    path = data_home() / "cache" / "hamiltonians"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(molecule: Molecule, method: str) -> str:
    """sha256 hex digest of the molecule's physics, the method and the cache version."""
    physics = molecule.to_dict()
    physics.pop("name")
    blob = json.dumps(
        {"molecule": physics, "method": method, "version": CACHE_VERSION},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_path(molecule: Molecule, method: str) -> Path:
    """Path of the cache entry for ``molecule`` built with ``method``."""
    return cache_dir() / f"{cache_key(molecule, method)}.json"


def load(molecule: Molecule, method: str) -> dict[str, Any] | None:
    """Stored problem dict, or None if absent, unreadable or of another cache version."""
    path = cache_path(molecule, method)
    try:
        with path.open() as fh:
            entry = json.load(fh)
    except (OSError, ValueError):
        return None
    if entry.get("version") != CACHE_VERSION:
        return None
    problem = entry.get("problem")
    return problem if isinstance(problem, dict) else None


def store(molecule: Molecule, method: str, problem: dict[str, Any], *, build_seconds: float) -> Path:
    """Write ``problem`` atomically (temp file + ``os.replace``) and return its path."""
    path = cache_path(molecule, method)
    entry = {
        "version": CACHE_VERSION,
        "method": method,
        "build_seconds": build_seconds,
        "problem": problem,
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(entry, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
