"""Built-in molecules: small STO-3G problems with active spaces that fit a laptop.

Geometries in Ångström. Sources: H2 0.735 Å and LiH 1.6 Å are the usual VQE benchmark
points (Kandala et al., Nature 549, 242 (2017) sweep around them); HeH+ 0.772 Å (Peruzzo et
al., Nat. Commun. 5, 4213 (2014) use 0.75-0.9 Å; 0.772 Å is the equilibrium bond length);
H3+ equilateral with 0.874 Å sides (equilibrium, Kutzelnigg); H2O, BeH2, N2 and OH at their
experimental equilibrium geometries (NIST CCCBDB); the H4 chain at 1.0 Å spacing is a
standard strongly correlated test.
"""

from __future__ import annotations

import math

from qrmt._validation import closest
from qrmt.chem.molecule import Molecule

__all__ = ["builtin_molecules", "get_molecule"]

_S3 = math.sqrt(3.0) / 2.0


def _make() -> dict[str, Molecule]:
    mols = [
        Molecule("H2", ("H", "H"), ((0.0, 0.0, 0.0), (0.0, 0.0, 0.735))),
        Molecule("HeH+", ("He", "H"), ((0.0, 0.0, 0.0), (0.0, 0.0, 0.772)), charge=1),
        Molecule(
            "H3+",
            ("H", "H", "H"),
            ((0.0, 0.0, 0.0), (0.874, 0.0, 0.0), (0.437, 0.874 * _S3, 0.0)),
            charge=1,
        ),
        Molecule(
            "LiH",
            ("Li", "H"),
            ((0.0, 0.0, 0.0), (0.0, 0.0, 1.6)),
            active_electrons=2,
            active_orbitals=5,
        ),
        Molecule(
            "BeH2",
            ("H", "Be", "H"),
            ((0.0, 0.0, -1.3264), (0.0, 0.0, 0.0), (0.0, 0.0, 1.3264)),
            active_electrons=4,
            active_orbitals=4,
        ),
        Molecule(
            "H2O",
            ("O", "H", "H"),
            ((0.0, 0.0, 0.1173), (0.0, 0.7572, -0.4692), (0.0, -0.7572, -0.4692)),
            active_electrons=4,
            active_orbitals=4,
        ),
        Molecule(
            "H4",
            ("H", "H", "H", "H"),
            ((0.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 0.0, 2.0), (0.0, 0.0, 3.0)),
        ),
        Molecule(
            "N2",
            ("N", "N"),
            ((0.0, 0.0, 0.0), (0.0, 0.0, 1.098)),
            active_electrons=6,
            active_orbitals=6,
        ),
        Molecule(
            "OH",
            ("O", "H"),
            ((0.0, 0.0, 0.0), (0.0, 0.0, 0.9697)),
            multiplicity=2,
            active_electrons=5,
            active_orbitals=4,
        ),
    ]
    return {m.name: m for m in mols}


def builtin_molecules() -> dict[str, Molecule]:
    """Return the built-in molecules by name (a fresh dict; the molecules are immutable).

    ========  ======  ====  =============  ======  =====================================
    name      charge  2S+1  active space   qubits  geometry (Å)
    ========  ======  ====  =============  ======  =====================================
    H2        0       1     all (2e, 2o)   4       H-H 0.735
    HeH+      +1      1     all (2e, 2o)   4       He-H 0.772
    H3+       +1      1     all (2e, 3o)   6       equilateral, side 0.874
    LiH       0       1     (2e, 5o)       10      Li-H 1.6
    BeH2      0       1     (4e, 4o)       8       linear, Be-H 1.3264
    H2O       0       1     (4e, 4o)       8       O-H 0.9578, angle 104.48 deg
    H4        0       1     all (4e, 4o)   8       linear chain, spacing 1.0
    N2        0       1     (6e, 6o)       12      N-N 1.098
    OH        0       2     (5e, 4o)       8       O-H 0.9697 (radical, needs PySCF)
    ========  ======  ====  =============  ======  =====================================

    Example:
        >>> sorted(builtin_molecules())[:3]
        ['BeH2', 'H2', 'H2O']
    """
    return dict(_BUILTIN)


def get_molecule(name: str) -> Molecule:
    """Return the built-in molecule ``name`` (case-insensitive).

    Raises:
        TypeError: ``name`` is not a str.
        ValueError: unknown name; the message lists the built-ins and suggests the closest.

    Example:
        >>> get_molecule("lih").active_space()
        (1, 2, 5)
    """
    if not isinstance(name, str):
        raise TypeError(f"molecule must be a str, one of {sorted(_BUILTIN)}; got {name!r}")
    by_lower = {k.lower(): k for k in _BUILTIN}
    key = by_lower.get(name.strip().lower())
    if key is None:
        near = [by_lower[k] for k in closest(name.strip().lower(), by_lower)]
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise ValueError(
            f"unknown molecule {name!r}; expected one of {sorted(_BUILTIN)} (case-insensitive), "
            f"or give a geometry{hint}"
        )
    return _BUILTIN[key]


_BUILTIN = _make()
