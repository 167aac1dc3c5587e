"""Validate a benchmark request into molecules and run configurations, before any run.

Molecules, ansätze, layers, inits and run options become validated ``Molecule`` and
``RunConfig`` objects here — every check runs before any worker starts.

The quick default suite (``qrmt bench`` with no options) is :data:`DEFAULT_SUITE`: H2 with
``hea`` and ``uccsd``, the three RMT strategies (gue, cue, goe), both framework defaults
(``uniform`` = PennyLane's U[0, 2π), ``uniform_symmetric`` = qiskit-algorithms' U[−2π, 2π])
and, for ``uccsd``, the Hartree–Fock start; 5 seeds on ``lightning`` with Adam.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_SUITE", "SweepRequest", "build_configs", "compatible_pairs",
           "prepare_problems", "resolve_molecules"]

#: The quick default suite of ``qrmt bench``.
DEFAULT_SUITE: dict[str, Any] = {
    "molecules": ("H2",),
    "ansatze": ("hea", "uccsd"),
    "inits": ("gue", "cue", "goe", "uniform", "uniform_symmetric", "hf"),
    "seeds": 5,
    "max_iter": 100,
}

_SINGLE_LAYER_ANSATZE = ("uccsd",)


@dataclass
class SweepRequest:
    """Validated pieces of a sweep.

    Attributes:
        molecules: ``qrmt.chem.Molecule`` objects.
        configs: ``qrmt.vqe.RunConfig`` objects (validated, deduplicated).
        notes: human notes about combinations that were skipped.
    """

    molecules: list[Any]
    configs: list[Any]
    notes: list[str] = field(default_factory=list)


def resolve_molecules(names: Sequence[str] = (), geometry: str | None = None,
                      geometry_options: Mapping[str, Any] | None = None) -> list[Any]:
    """Return the molecules named (built-ins) plus the one given by geometry text or XYZ file.

    Args:
        names: built-in molecule names (case-insensitive).
        geometry: ``"He 0 0 0; H 0 0 0.772"`` (Å) or the path of an XYZ file.
        geometry_options: charge, multiplicity, basis, active_electrons, active_orbitals,
            name for the geometry molecule.

    Returns:
        list of ``Molecule``, duplicates removed.

    Raises:
        ValueError: unknown name (with the closest), malformed geometry, inconsistent
            charge/multiplicity, impossible active space.
    """
    from pathlib import Path

    from qrmt.chem import get_molecule, molecule_from_geometry, read_xyz

    mols = [get_molecule(n) for n in names]
    if geometry is not None:
        opts = {k: v for k, v in dict(geometry_options or {}).items() if v is not None}
        path = Path(geometry).expanduser()
        if ";" not in geometry and "\n" not in geometry and path.suffix.lower() == ".xyz":
            if not path.is_file():
                raise FileNotFoundError(f"XYZ file {geometry!r} not found")
            mols.append(read_xyz(path, **opts))
        else:
            mols.append(molecule_from_geometry(geometry, **opts))
    out: list[Any] = []
    for m in mols:
        if m.name in {o.name for o in out}:
            if m not in out:
                raise ValueError(f"two different molecules are named {m.name!r}; use --name")
            continue
        out.append(m)
    if not out:
        raise ValueError("no molecule given")
    return out


def build_configs(ansatze: Sequence[str], inits: Sequence[str], layers: Sequence[int | None],
                  *, explicit_inits: bool = True, **options: Any) -> SweepRequest:
    """Return the validated ``RunConfig`` product ansätze × layers × inits.

    Chemistry inits (``hf``, ``mp2``) apply only to ``uccsd`` and ``kupccgsd``; for other
    ansätze they are skipped with a note (silently when ``explicit_inits`` is False, as in
    the default suite). ``uccsd`` has a single layer: its ``layers`` is always 1.

    Args:
        ansatze: ansatz names.
        inits: strategy names.
        layers: depths (None: the ``RunConfig`` default).
        explicit_inits: the user listed the inits (notes are then shown).
        **options: other ``RunConfig`` fields (backend, optimizer, max_iter, stepsize, shots,
            noise_backend).

    Returns:
        :class:`SweepRequest` with empty ``molecules``.

    Raises:
        ValueError, TypeError: a bad name or value (the first one found), or no valid
            combination.
    """
    from qrmt._validation import check_choice
    from qrmt.vqe.config import ANSATZE, CHEMISTRY_INITS, RunConfig, init_choices

    for a in ansatze:
        check_choice("ansatz", a, ANSATZE)
    valid_inits = init_choices()
    for i in inits:
        check_choice("init", i, valid_inits)
    opts = {k: v for k, v in options.items() if v is not None}
    configs: list[Any] = []
    notes: list[str] = []
    for a in dict.fromkeys(ansatze):
        for depth in dict.fromkeys(layers):
            for init in dict.fromkeys(inits):
                if init in CHEMISTRY_INITS and a not in ("uccsd", "kupccgsd"):
                    note = f"init {init!r} applies only to uccsd/kupccgsd: skipped for {a}"
                    if explicit_inits and note not in notes:
                        notes.append(note)
                    continue
                kw = dict(opts)
                if a in _SINGLE_LAYER_ANSATZE:
                    kw["layers"] = 1
                elif depth is not None:
                    kw["layers"] = depth
                cfg = RunConfig(ansatz=a, init=init, **kw).resolved()
                cfg.validate()
                if cfg not in configs:
                    configs.append(cfg)
    if not configs:
        raise ValueError(f"no valid (ansatz, init) combination among ansatz {list(ansatze)} "
                         f"and init {list(inits)}")
    return SweepRequest([], configs, notes)


def prepare_problems(molecules: Iterable[Any], limit_bytes: int | None = None) -> dict[str, Any]:
    """Check each molecule fits a state vector, then build (or load) its problem.

    Runs in the parent before the sweep starts, so a too-large or broken problem is refused
    up front and the workers find every Hamiltonian in the on-disk cache.

    Returns:
        problems by molecule name.

    Raises:
        ValueError: a problem too large for a state vector (with the memory estimate).
    """
    from qrmt.bench.runner import load_problem
    from qrmt.chem import check_fits_statevector

    mols = list(molecules)
    for m in mols:
        if m.n_qubits is not None:
            check_fits_statevector(m.n_qubits, limit_bytes)
    out = {}
    for m in mols:
        problem = load_problem(m.to_dict())
        check_fits_statevector(problem.n_qubits, limit_bytes)
        out[m.name] = problem
    return out


def compatible_pairs(problems: Mapping[str, Any], configs: Sequence[Any],
                     ) -> tuple[list[tuple[str, Any]], list[str]]:
    """Draw one initial point per (molecule, config) in this process to find the pairs that run.

    Some strategies apply only to some circuits (``identity_blocks`` needs mirrored blocks,
    Grant et al. 2019); drawing an initial point is cheap and raises exactly where the worker
    would, so the sweep refuses or skips those pairs before any worker starts.

    Args:
        problems: problems by molecule name (:func:`prepare_problems`).
        configs: validated ``RunConfig`` objects.

    Returns:
        ``(pairs, notes)``: the runnable ``(molecule name, config)`` pairs in input order and
        one note per skipped (ansatz, init) with the reason.

    Raises:
        ValueError: an unknown ``noise_backend`` of an ``aer-noisy`` config (with the closest
            name) or a problem with more qubits than that fake device; no pair can run (the
            first reason is given).
    """
    from qrmt.vqe import initial_parameters

    _check_noise_backends(problems, configs)
    pairs: list[tuple[str, Any]] = []
    notes: list[str] = []
    first_error: str | None = None
    for name, problem in problems.items():
        for cfg in configs:
            try:
                initial_parameters(problem, cfg, seed=0)
            except (ValueError, TypeError) as exc:
                first_error = first_error or str(exc)
                note = f"init {cfg.init!r} cannot start ansatz {cfg.ansatz!r}: skipped ({exc})"
                if note not in notes:
                    notes.append(note)
                continue
            pairs.append((name, cfg))
    if not pairs:
        raise ValueError(f"no runnable (molecule, ansatz, init) combination: {first_error}")
    return pairs, notes


def _check_noise_backends(problems: Mapping[str, Any], configs: Sequence[Any]) -> None:
    """Refuse an unknown fake backend or one too small for a problem, in the parent."""
    from qrmt.vqe.backends import _fake_backend

    sizes: dict[str, int] = {}
    for cfg in configs:
        if cfg.backend != "aer-noisy":
            continue
        name = cfg.effective_noise_backend
        if name not in sizes:
            sizes[name] = int(_fake_backend(name).num_qubits)  # ValueError: unknown name
        for mol, problem in problems.items():
            if problem.n_qubits > sizes[name]:
                raise ValueError(f"--noise-backend {name!r} has {sizes[name]} qubits; "
                                 f"molecule {mol!r} needs {problem.n_qubits}")
