"""Molecule specification: geometry, charge, spin, basis and active space, validated up front.

A :class:`Molecule` is a plain, frozen, JSON-able record. Everything that can be checked
without running a quantum-chemistry code is checked in ``__post_init__`` so that a bad
``--geometry`` or an impossible active space fails before any work starts:

* element symbols are known (H to Rn), coordinates are finite numbers (Ångström);
* the electron count ``N = sum(Z) - charge`` is positive and its parity matches the
  multiplicity: ``2S + 1 = multiplicity`` needs ``N - (multiplicity - 1)`` even and
  ``multiplicity - 1 <= N`` (an odd electron count needs an even multiplicity);
* the active space fits: the core ``N - active_electrons`` is even and non-negative (core
  orbitals are doubly occupied), the unpaired electrons are active, and
  ``core orbitals + active orbitals <= spatial orbitals of the basis``.

Coordinates are in Ångström, the chemistry convention; PennyLane's qchem defaults to Bohr,
so :mod:`qrmt.chem.integrals` passes ``unit="angstrom"`` explicitly (1 Bohr = 0.529177 Å).
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qrmt._validation import check_positive_int

__all__ = [
    "ELEMENTS",
    "Molecule",
    "molecule_from_geometry",
    "parse_geometry",
    "read_xyz",
]

_ELEMENT_TEXT = (
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn "
    "Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce "
    "Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn"
)
#: Element symbols H (Z = 1) to Rn (Z = 86); the atomic number is the index + 1.
ELEMENTS: tuple[str, ...] = tuple(_ELEMENT_TEXT.split())
_Z = {sym: i + 1 for i, sym in enumerate(ELEMENTS)}
_CANONICAL = {sym.lower(): sym for sym in ELEMENTS}

Coordinates = tuple[tuple[float, float, float], ...]


def _minimal_basis_functions(z: int) -> int | None:
    """Spatial orbitals of an STO-nG minimal basis (spherical d), or None if not tabulated."""
    if z <= 2:
        return 1  # 1s
    if z <= 10:
        return 5  # 1s 2s 2p
    if z <= 18:
        return 9  # + 3s 3p
    if z <= 20:
        return 13  # + 4s 4p
    if z <= 36:
        return 18  # + 3d
    return None


@functools.lru_cache(maxsize=256)
def _n_spatial_orbitals(symbols: tuple[str, ...], basis: str) -> int | None:
    """Number of spatial orbitals of ``basis`` for the atoms, or None if it cannot be known cheaply.

    STO-nG is tabulated; other bases are counted with PySCF when it is installed (building a
    ``gto.Mole`` only reads the basis, it computes no integrals).
    """
    if basis.startswith("sto-") and basis.endswith("g"):
        counts = [_minimal_basis_functions(_Z[s]) for s in symbols]
        if all(c is not None for c in counts):
            return sum(c for c in counts if c is not None)
    try:
        from pyscf import gto
    except ImportError:
        return None
    try:
        mol = gto.M(
            atom=[[s, (0.0, 0.0, 2.0 * i)] for i, s in enumerate(symbols)],
            basis=basis,
            spin=sum(_Z[s] for s in symbols) % 2,
            verbose=0,
        )
    except Exception:  # unknown basis for this element: leave it to the builder
        return None
    return int(mol.nao_nr())


def _canonical_symbol(token: str, where: str) -> str:
    sym = _CANONICAL.get(token.strip().lower())
    if sym is None:
        raise ValueError(f"{where}: unknown element symbol {token!r}; expected one of H ... Rn")
    return sym


def _as_coordinate(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where} must be a real number; got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{where} must be a finite number; got {value!r}")
    return out


@dataclass(frozen=True)
class Molecule:
    """A molecule for a VQE problem: geometry (Å), charge, spin, basis and active space.

    Attributes:
        name: label used in tables and as part of the results key.
        symbols: element symbols, canonical capitalisation (``"He"``).
        coordinates: one ``(x, y, z)`` triple per atom, in Ångström.
        charge: net charge; the electron count is ``sum(Z) - charge``.
        multiplicity: spin multiplicity ``2S + 1``; ``S`` is also the ``S_z`` of the
            reference sector (high-spin: ``n_alpha - n_beta = multiplicity - 1``).
        basis: Gaussian basis name (lower case), e.g. ``"sto-3g"``.
        active_electrons: electrons in the active space; ``None`` = all electrons.
        active_orbitals: spatial orbitals in the active space; ``None`` = all orbitals left
            above the core. The qubit count is ``2 * active_orbitals``.

    Raises:
        ValueError: unknown element, non-finite coordinate, charge/multiplicity inconsistent
            with the electron count, impossible active space (the message says why).
        TypeError: a field of the wrong type.

    Example:
        >>> m = Molecule("HeH+", ("He", "H"), ((0.0, 0.0, 0.0), (0.0, 0.0, 0.772)), charge=1)
        >>> m.n_electrons, m.active_space()
        (2, (0, 2, 2))
    """

    name: str
    symbols: tuple[str, ...]
    coordinates: Coordinates
    charge: int = 0
    multiplicity: int = 1
    basis: str = "sto-3g"
    active_electrons: int | None = None
    active_orbitals: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"name must be a non-empty str; got {self.name!r}")
        if isinstance(self.symbols, str) or len(self.symbols) == 0:
            raise ValueError(f"symbols must be a non-empty sequence of element symbols; got {self.symbols!r}")
        symbols = tuple(
            _canonical_symbol(str(s), f"atom {i} ({s!r})") for i, s in enumerate(self.symbols)
        )
        if len(self.coordinates) != len(symbols):
            raise ValueError(
                f"coordinates must have one (x, y, z) per atom: {len(symbols)} symbols but "
                f"{len(self.coordinates)} coordinate rows"
            )
        coords = []
        for i, row in enumerate(self.coordinates):
            if len(row) != 3:
                raise ValueError(f"atom {i} ({symbols[i]}) needs 3 coordinates; got {row!r}")
            coords.append(
                tuple(_as_coordinate(v, f"atom {i} ({symbols[i]}) coordinate {'xyz'[k]}")
                      for k, v in enumerate(row))
            )
        if isinstance(self.charge, bool) or not isinstance(self.charge, numbers.Integral):
            raise TypeError(f"charge must be an int; got {self.charge!r}")
        check_positive_int("multiplicity", self.multiplicity)
        if not isinstance(self.basis, str) or not self.basis.strip():
            raise TypeError(f"basis must be a non-empty str; got {self.basis!r}")
        object.__setattr__(self, "symbols", symbols)
        object.__setattr__(self, "coordinates", tuple(coords))
        object.__setattr__(self, "charge", int(self.charge))
        object.__setattr__(self, "multiplicity", int(self.multiplicity))
        object.__setattr__(self, "basis", self.basis.strip().lower())
        self._check_spin()
        self.active_space()  # validates the active space

    # ------------------------------------------------------------------ derived quantities
    @property
    def n_electrons(self) -> int:
        """Total electron count ``sum(Z) - charge``."""
        return sum(_Z[s] for s in self.symbols) - self.charge

    @property
    def n_orbitals(self) -> int | None:
        """Spatial orbitals of the basis (None if unknown without a chemistry backend)."""
        return _n_spatial_orbitals(self.symbols, self.basis)

    @property
    def n_qubits(self) -> int | None:
        """Qubits of the Jordan–Wigner Hamiltonian, ``2 * active orbitals`` (None if unknown)."""
        n_act = self.active_space()[2]
        return None if n_act is None else 2 * n_act

    def _check_spin(self) -> None:
        n = self.n_electrons
        unpaired = self.multiplicity - 1
        if n < 1:
            raise ValueError(
                f"charge {self.charge} leaves {n} electrons for {'+'.join(self.symbols)} "
                f"(nuclear charge {n + self.charge}); need at least 1 electron"
            )
        if (n - unpaired) % 2:
            parity, needed = ("odd", "even (2, 4, ...)") if n % 2 else ("even", "odd (1, 3, ...)")
            raise ValueError(
                f"multiplicity {self.multiplicity} is inconsistent with charge {self.charge}: "
                f"the molecule has {n} electrons ({parity}), which needs an {needed} multiplicity"
            )
        if unpaired > n:
            raise ValueError(
                f"multiplicity {self.multiplicity} needs {unpaired} unpaired electrons but the "
                f"molecule has only {n} (charge {self.charge})"
            )

    def active_space(self) -> tuple[int, int, int | None]:
        """Return ``(core_orbitals, active_electrons, active_orbitals)`` after validation.

        ``active_orbitals`` is None only when the basis size is unknown and none was given.

        Raises:
            ValueError: the active space is impossible; the message says which constraint fails.
        """
        n = self.n_electrons
        unpaired = self.multiplicity - 1
        n_orb = self.n_orbitals
        ae = n if self.active_electrons is None else self.active_electrons
        if isinstance(ae, bool) or not isinstance(ae, numbers.Integral):
            raise TypeError(f"active_electrons must be an int or None; got {ae!r}")
        if not 1 <= ae <= n:
            raise ValueError(
                f"active_electrons must be between 1 and the {n} electrons of the molecule; got {ae}"
            )
        if (n - ae) % 2:
            raise ValueError(
                f"active_electrons={ae} leaves {n - ae} core electrons; the core is doubly "
                f"occupied, so {n} - active_electrons must be even"
            )
        if ae < unpaired:
            raise ValueError(
                f"active_electrons={ae} cannot hold the {unpaired} unpaired electrons of "
                f"multiplicity {self.multiplicity}"
            )
        n_core = (n - ae) // 2
        n_alpha = (ae + unpaired) // 2
        if self.active_orbitals is None:
            if n_orb is None:
                return n_core, int(ae), None
            ao = n_orb - n_core
        else:
            ao = self.active_orbitals
            if isinstance(ao, bool) or not isinstance(ao, numbers.Integral):
                raise TypeError(f"active_orbitals must be an int or None; got {ao!r}")
            if ao < 1:
                raise ValueError(f"active_orbitals must be a positive int; got {ao}")
        if n_orb is not None and n_core + ao > n_orb:
            raise ValueError(
                f"active space ({ae}e, {ao}o) needs {n_core} core + {ao} active = {n_core + ao} "
                f"orbitals but basis {self.basis} has only {n_orb} for {'+'.join(self.symbols)}"
            )
        if n_alpha > ao:
            raise ValueError(
                f"active space ({ae}e, {ao}o) cannot hold {n_alpha} alpha electrons "
                f"(multiplicity {self.multiplicity}); use more active orbitals"
            )
        return n_core, int(ae), int(ao)

    # ------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict of all fields (used as a results-database and cache key)."""
        return {
            "name": self.name,
            "symbols": list(self.symbols),
            "coordinates": [list(c) for c in self.coordinates],
            "charge": self.charge,
            "multiplicity": self.multiplicity,
            "basis": self.basis,
            "active_electrons": self.active_electrons,
            "active_orbitals": self.active_orbitals,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Molecule:
        """Inverse of :meth:`to_dict`; validates like the constructor."""
        fields = {"name", "symbols", "coordinates", "charge", "multiplicity", "basis",
                  "active_electrons", "active_orbitals"}
        unknown = set(d) - fields
        if unknown:
            raise ValueError(f"unknown Molecule fields {sorted(unknown)}; expected {sorted(fields)}")
        kw = dict(d)
        kw["symbols"] = tuple(kw["symbols"])
        kw["coordinates"] = tuple(tuple(c) for c in kw["coordinates"])
        return cls(**kw)


# ---------------------------------------------------------------------- geometry text
def parse_geometry(text: str) -> tuple[tuple[str, ...], Coordinates]:
    """Parse ``"He 0 0 0; H 0 0 0.772"`` (atoms separated by ``;`` or newlines), in Ångström.

    Args:
        text: one ``symbol x y z`` per atom; commas between numbers are allowed.

    Returns:
        ``(symbols, coordinates)``.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: empty text, unknown element, wrong number of fields or a malformed number;
            the message names the atom (1-based index and its text) and the coordinate.

    Example:
        >>> parse_geometry("He 0 0 0; H 0 0 0.772")
        (('He', 'H'), ((0.0, 0.0, 0.0), (0.0, 0.0, 0.772)))
    """
    if not isinstance(text, str):
        raise TypeError(f"geometry must be a str like 'H 0 0 0; H 0 0 0.735'; got {text!r}")
    entries = [e.strip() for e in text.replace("\n", ";").split(";")]
    entries = [e for e in entries if e]
    if not entries:
        raise ValueError("geometry is empty; expected atoms like 'H 0 0 0; H 0 0 0.735' (Å)")
    symbols: list[str] = []
    coords: list[tuple[float, float, float]] = []
    for i, entry in enumerate(entries, start=1):
        fields = entry.replace(",", " ").split()
        where = f"geometry atom {i} ({entry!r})"
        if len(fields) != 4:
            raise ValueError(f"{where}: expected 'symbol x y z' (4 fields); got {len(fields)}")
        symbols.append(_canonical_symbol(fields[0], where))
        xyz = []
        for axis, tok in zip("xyz", fields[1:], strict=True):
            try:
                val = float(tok)
            except ValueError:
                raise ValueError(f"{where}: {axis} coordinate {tok!r} is not a number") from None
            if not math.isfinite(val):
                raise ValueError(f"{where}: {axis} coordinate {tok!r} is not finite")
            xyz.append(val)
        coords.append((xyz[0], xyz[1], xyz[2]))
    return tuple(symbols), tuple(coords)


def molecule_from_geometry(
    text: str,
    *,
    charge: int = 0,
    multiplicity: int = 1,
    basis: str = "sto-3g",
    active_electrons: int | None = None,
    active_orbitals: int | None = None,
    name: str | None = None,
) -> Molecule:
    """Build a :class:`Molecule` from geometry text (Å), see :func:`parse_geometry`.

    The default name is the formula in input order with the charge, e.g. ``"HeH+"``.

    Example:
        >>> molecule_from_geometry("H 0 0 0; H 0 0 0.735", charge=1, multiplicity=2).name
        'H2+'
    """
    symbols, coords = parse_geometry(text)
    return Molecule(
        name=name or _formula(symbols, charge),
        symbols=symbols,
        coordinates=coords,
        charge=charge,
        multiplicity=multiplicity,
        basis=basis,
        active_electrons=active_electrons,
        active_orbitals=active_orbitals,
    )


def read_xyz(
    path: str | Path,
    *,
    charge: int = 0,
    multiplicity: int = 1,
    basis: str = "sto-3g",
    name: str | None = None,
    active_electrons: int | None = None,
    active_orbitals: int | None = None,
) -> Molecule:
    """Read a standard XYZ file (atom count, comment line, ``symbol x y z`` lines in Å).

    The default name is the file stem.

    Raises:
        ValueError: missing/invalid count line, fewer atom lines than announced, or a
            malformed atom line (named by its 1-based line number).
    """
    p = Path(path)
    lines = p.read_text().splitlines()
    if not lines or not lines[0].strip():
        raise ValueError(f"{p}: line 1 must be the number of atoms; the file is empty")
    try:
        n_atoms = int(lines[0].split()[0])
    except ValueError:
        raise ValueError(f"{p}: line 1 must be the number of atoms; got {lines[0]!r}") from None
    if n_atoms < 1:
        raise ValueError(f"{p}: line 1 announces {n_atoms} atoms; need at least 1")
    atom_lines = [(no, ln) for no, ln in enumerate(lines[2:], start=3) if ln.strip()]
    if len(atom_lines) < n_atoms:
        raise ValueError(
            f"{p}: line 1 announces {n_atoms} atoms but only {len(atom_lines)} atom lines follow"
        )
    symbols: list[str] = []
    coords: list[tuple[float, float, float]] = []
    for k, (line_no, line) in enumerate(atom_lines[:n_atoms]):
        fields = line.split()
        where = f"{p}: line {line_no} ({line.strip()!r})"
        if len(fields) < 4:
            raise ValueError(f"{where}: expected 'symbol x y z'")
        try:
            (s,), c = parse_geometry(" ".join(fields[:4]))
        except ValueError as exc:
            raise ValueError(f"{where}: atom {k + 1}: {str(exc).split(': ', 1)[-1]}") from None
        symbols.append(s)
        coords.append(c[0])
    return Molecule(
        name=name or p.stem,
        symbols=tuple(symbols),
        coordinates=tuple(coords),
        charge=charge,
        multiplicity=multiplicity,
        basis=basis,
        active_electrons=active_electrons,
        active_orbitals=active_orbitals,
    )


def _formula(symbols: tuple[str, ...], charge: int) -> str:
    counts: dict[str, int] = {}
    for s in symbols:
        counts[s] = counts.get(s, 0) + 1
    body = "".join(s + (str(c) if c > 1 else "") for s, c in counts.items())
    if charge == 0:
        return body
    sign = "+" if charge > 0 else "-"
    return body + (sign if abs(charge) == 1 else f"{abs(charge)}{sign}")
