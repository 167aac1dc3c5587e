"""Sweep plans: the product molecules × ansätze × layers × inits × seeds, as run tasks.

Every run of a sweep is a :class:`RunTask`: plain data (dicts, ints, strings), so it pickles
to a local worker process or a Dask worker unchanged. Two properties make sweeps resumable
and reproducible:

* **Key.** :func:`run_key` is the SHA-256 of the canonical JSON of
  ``(molecule.to_dict(), config.to_dict(), seed index, root seed)``. The store keeps one row
  per key, so rerunning a command skips every run already finished.
* **Seed.** A run's random stream is a child of the root seed chosen by content, never by
  position in the sweep or by worker: first ``qrmt._rng.spawn(root, i + 1)[i]`` for the seed
  index ``i``, then one more level whose spawn key is a hash of the *starting-point cell*
  ``(molecule, ansatz, layers, init, init options)``. Consequences:

  - the same run gets the same bits with 1 or N workers, locally or on Dask, and whatever
    else the sweep contains (adding a molecule changes no other run);
  - each init has its own independent stream at each seed index (no init is handed
    another's random numbers, so strategies are compared on independent samples);
  - the optimizer, backend, iteration budget and shots are *not* part of the stream's
    identity: at a given seed index the same (molecule, ansatz, layers, init) starts from the
    same parameters under every optimizer and backend — a paired comparison across them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qrmt._rng import spawn
from qrmt._validation import check_nonnegative_int, check_positive_int

__all__ = ["RunTask", "canonical_json", "make_plan", "run_key", "run_seed"]

_KEY_VERSION = 1


def canonical_json(obj: Any) -> str:
    """Return the canonical JSON text of ``obj`` (sorted keys, no spaces, tuples as lists)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=_json_default)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"cannot serialise {type(obj).__name__} to JSON")


def run_key(molecule: Mapping[str, Any], config: Mapping[str, Any], seed_index: int,
            root_seed: int) -> str:
    """Return the deterministic key (64 hex digits) of one run.

    Args:
        molecule: ``Molecule.to_dict()``.
        config: ``RunConfig.to_dict()``.
        seed_index: index of the seed in ``0 .. n_seeds - 1``.
        root_seed: the sweep's root seed.

    Returns:
        SHA-256 hex digest of the canonical JSON of the four, with a format version.

    Example:
        >>> len(run_key({"name": "H2"}, {"ansatz": "hea"}, 0, 7))
        64
    """
    payload = canonical_json({"v": _KEY_VERSION, "molecule": molecule, "config": config,
                              "seed_index": int(seed_index), "root_seed": int(root_seed)})
    return hashlib.sha256(payload.encode()).hexdigest()


def _cell_words(molecule: Mapping[str, Any], config: Mapping[str, Any]) -> tuple[int, ...]:
    cell = {"molecule": molecule, "ansatz": config.get("ansatz"), "layers": config.get("layers"),
            "init": config.get("init"), "init_options": config.get("init_options")}
    digest = hashlib.sha256(canonical_json(cell).encode()).digest()
    return tuple(int.from_bytes(digest[i:i + 4], "little") for i in range(0, 16, 4))


def run_seed(molecule: Mapping[str, Any], config: Mapping[str, Any], seed_index: int,
             root_seed: int) -> np.random.SeedSequence:
    """Return the SeedSequence of one run (see the module docstring for the scheme).

    Args:
        molecule: ``Molecule.to_dict()``.
        config: ``RunConfig.to_dict()``; only ansatz, layers, init and init options count.
        seed_index: index of the seed.
        root_seed: the sweep's root seed.

    Returns:
        ``SeedSequence(root, spawn_key=(seed_index, *cell_hash_words))``: a descendant of
        ``spawn(root_seed, seed_index + 1)[seed_index]``.
    """
    i = check_nonnegative_int("seed_index", seed_index)
    child = spawn(root_seed, i + 1)[i]
    return np.random.SeedSequence(child.entropy,
                                  spawn_key=tuple(child.spawn_key) + _cell_words(molecule, config))


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep, as plain picklable data.

    Attributes:
        key: :func:`run_key` of the run.
        molecule: ``Molecule.to_dict()``.
        config: ``RunConfig.to_dict()``.
        seed_index: index of the seed (the ``seed`` field of the results).
        root_seed: the sweep's root seed.
        entropy: root entropy of the run's SeedSequence.
        spawn_key: spawn key of the run's SeedSequence.
    """

    key: str
    molecule: dict[str, Any]
    config: dict[str, Any]
    seed_index: int
    root_seed: int
    entropy: int
    spawn_key: tuple[int, ...] = field(default_factory=tuple)

    @property
    def molecule_name(self) -> str:
        """The molecule's name (label of results)."""
        return str(self.molecule.get("name", "?"))

    def seed_sequence(self) -> np.random.SeedSequence:
        """Return the run's SeedSequence (the one to hand to ``run_vqe(seed=...)``)."""
        return np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)

    def label(self) -> str:
        """Short human label, e.g. ``H2/hea/L2/gue/s3``."""
        c = self.config
        return f"{self.molecule_name}/{c.get('ansatz')}/L{c.get('layers')}/{c.get('init')}/s{self.seed_index}"


def make_plan(molecules: Sequence[Mapping[str, Any]], configs: Iterable[Mapping[str, Any]],
              n_seeds: int, root_seed: int) -> list[RunTask]:
    """Return the sweep's tasks: every molecule × config × seed index, in a stable order.

    Args:
        molecules: ``Molecule.to_dict()`` of each molecule.
        configs: ``RunConfig.to_dict()`` of each (ansatz, layers, init, ...) combination.
        n_seeds: number of seeds per cell (positive).
        root_seed: root seed (non-negative int).

    Returns:
        list of :class:`RunTask`, ordered molecule-major then config then seed index.

    Raises:
        ValueError: duplicate runs (the same molecule and config given twice).
    """
    n = check_positive_int("n_seeds", n_seeds)
    root = check_nonnegative_int("root_seed", root_seed)
    tasks: list[RunTask] = []
    seen: set[str] = set()
    for mol, cfg in itertools.product(list(molecules), list(configs)):
        m, c = dict(mol), dict(cfg)
        for i in range(n):
            key = run_key(m, c, i, root)
            if key in seen:
                raise ValueError(f"the sweep lists the same run twice: {m.get('name')} {c}")
            seen.add(key)
            ss = run_seed(m, c, i, root)
            tasks.append(RunTask(key, m, c, i, root, int(ss.entropy),  # type: ignore[arg-type]
                                 tuple(int(w) for w in ss.spawn_key)))
    return tasks
