"""Molecule validation, geometry parsing, XYZ reading and serialisation."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qrmt.chem import Molecule, molecule_from_geometry, parse_geometry, read_xyz


def h2(**kw) -> Molecule:
    return Molecule("H2", ("H", "H"), ((0, 0, 0), (0, 0, 0.735)), **kw)


# ---------------------------------------------------------------- geometry text
def test_parse_geometry_semicolons_newlines_commas_and_case():
    symbols, coords = parse_geometry("he 0 0 0;\n H 0, 0, 0.772 ;")
    assert symbols == ("He", "H")
    assert coords == ((0.0, 0.0, 0.0), (0.0, 0.0, 0.772))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["H", "He", "Li", "N", "O"]),
            st.tuples(*[st.floats(-50, 50, allow_nan=False)] * 3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_parse_geometry_round_trips_repr_formatted_text(atoms):
    text = "; ".join(f"{s} {x!r} {y!r} {z!r}" for s, (x, y, z) in atoms)
    symbols, coords = parse_geometry(text)
    assert symbols == tuple(s for s, _ in atoms)
    assert coords == tuple(c for _, c in atoms)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("He 0 0 0; H 0 0 0.7x2", r"atom 2 \('H 0 0 0.7x2'\): z coordinate '0.7x2' is not a number"),
        ("H 0 zero 0; H 0 0 1", r"atom 1 \('H 0 zero 0'\): y coordinate 'zero' is not a number"),
        ("H 0 0 0; H 0 0", r"atom 2 \('H 0 0'\): expected 'symbol x y z' \(4 fields\); got 3"),
        ("H 0 0 0; Xx 0 0 1", r"atom 2 \('Xx 0 0 1'\): unknown element symbol 'Xx'"),
        ("H 0 0 nan", r"atom 1 .*z coordinate 'nan' is not finite"),
        (" ; \n ", r"geometry is empty"),
    ],
)
def test_parse_geometry_errors_name_the_atom_and_number(text, pattern):
    with pytest.raises(ValueError, match=pattern):
        parse_geometry(text)


def test_parse_geometry_rejects_non_string():
    with pytest.raises(TypeError, match="geometry must be a str"):
        parse_geometry(None)  # type: ignore[arg-type]


def test_molecule_from_geometry_default_name_has_charge():
    assert molecule_from_geometry("He 0 0 0; H 0 0 0.772", charge=1).name == "HeH+"
    assert molecule_from_geometry("H 0 0 0; H 0 0 1; H 0 0 2", charge=1).name == "H3+"
    assert molecule_from_geometry("O 0 0 0; H 0 0 1", charge=-1).name == "OH-"


# ---------------------------------------------------------------- charge / spin
def test_electron_count_and_defaults():
    m = h2()
    assert m.n_electrons == 2 and m.n_orbitals == 2 and m.n_qubits == 4
    assert m.active_space() == (0, 2, 2)


@pytest.mark.parametrize(
    ("kw", "pattern"),
    [
        ({"multiplicity": 2}, r"multiplicity 2 is inconsistent with charge 0: the molecule has 2 "
                              r"electrons \(even\), which needs an odd \(1, 3, \.\.\.\) multiplicity"),
        ({"charge": 1}, r"multiplicity 1 is inconsistent with charge 1: the molecule has 1 "
                        r"electrons \(odd\), which needs an even \(2, 4, \.\.\.\) multiplicity"),
        ({"charge": 1, "multiplicity": 4}, r"multiplicity 4 needs 3 unpaired electrons but the "
                                           r"molecule has only 1"),
        ({"charge": 2}, r"charge 2 leaves 0 electrons"),
        ({"multiplicity": 0}, r"multiplicity must be a positive int; got 0"),
    ],
)
def test_charge_multiplicity_inconsistency(kw, pattern):
    with pytest.raises(ValueError, match=pattern):
        h2(**kw)


def test_cation_doublet_is_valid():
    m = h2(charge=1, multiplicity=2)
    assert m.n_electrons == 1 and m.active_space() == (0, 1, 2)


# ---------------------------------------------------------------- active space
LIH = Molecule("LiH", ("Li", "H"), ((0, 0, 0), (0, 0, 1.6)))


@pytest.mark.parametrize(
    ("ae", "ao", "pattern"),
    [
        (6, None, r"active_electrons must be between 1 and the 4 electrons of the molecule; got 6"),
        (3, 4, r"active_electrons=3 leaves 1 core electrons; the core is doubly occupied"),
        (2, 6, r"active space \(2e, 6o\) needs 1 core \+ 6 active = 7 orbitals but basis sto-3g "
               r"has only 6 for Li\+H"),
        (4, 1, r"active space \(4e, 1o\) cannot hold 2 alpha electrons"),
        (2, 0, r"active_orbitals must be a positive int; got 0"),
    ],
)
def test_impossible_active_space(ae, ao, pattern):
    with pytest.raises(ValueError, match=pattern):
        replace(LIH, active_electrons=ae, active_orbitals=ao)


def test_unpaired_electrons_must_be_active():
    # N atom quartet (3 unpaired) with only 2 active electrons
    with pytest.raises(ValueError, match=r"active_electrons=1 cannot hold the 3 unpaired"):
        Molecule("N", ("N",), ((0, 0, 0),), multiplicity=4, active_electrons=1, active_orbitals=3)


def test_active_space_resolution_matches_pennylane():
    import pennylane as qml

    core, active = qml.qchem.active_space(4, 6, active_electrons=2, active_orbitals=5)
    assert replace(LIH, active_electrons=2, active_orbitals=5).active_space() == (
        len(core), 2, len(active)
    )


@pytest.mark.parametrize(
    ("symbols", "orbitals"),
    [(("H", "H"), 2), (("Li", "H"), 6), (("O", "H", "H"), 7), (("N", "N"), 10), (("Na", "Cl"), 18)],
)
def test_sto3g_orbital_count_matches_pyscf(symbols, orbitals):
    gto = pytest.importorskip("pyscf.gto")
    mol = gto.M(atom=[[s, (0, 0, 1.5 * i)] for i, s in enumerate(symbols)], basis="sto-3g",
                spin=sum(gto.charge(s) for s in symbols) % 2, verbose=0)
    assert mol.nao_nr() == orbitals
    m = Molecule("m", symbols, tuple((0.0, 0.0, 1.5 * i) for i in range(len(symbols))),
                 multiplicity=1 + mol.spin)
    assert m.n_orbitals == orbitals


def test_bad_fields():
    with pytest.raises(ValueError, match=r"atom 1 \('Qq'\): unknown element symbol 'Qq'"):
        Molecule("x", ("H", "Qq"), ((0, 0, 0), (0, 0, 1)))
    with pytest.raises(ValueError, match=r"atom 1 \(H\) coordinate z must be a finite number"):
        Molecule("x", ("H", "H"), ((0, 0, 0), (0, 0, math.inf)))
    with pytest.raises(ValueError, match="2 symbols but 1 coordinate rows"):
        Molecule("x", ("H", "H"), ((0, 0, 0),))
    with pytest.raises(TypeError, match="charge must be an int"):
        h2(charge=0.5)


# ---------------------------------------------------------------- serialisation
def test_dict_round_trip_is_json_and_equal():
    m = Molecule("LiH", ("Li", "H"), ((0, 0, 0), (0, 0, 1.6)), active_electrons=2,
                 active_orbitals=5)
    d = json.loads(json.dumps(m.to_dict()))
    assert Molecule.from_dict(d) == m
    assert d["coordinates"] == [[0.0, 0.0, 0.0], [0.0, 0.0, 1.6]]
    with pytest.raises(ValueError, match=r"unknown Molecule fields \['spin'\]"):
        Molecule.from_dict({**d, "spin": 0})


# ---------------------------------------------------------------- XYZ
def test_read_xyz(tmp_path):
    path = tmp_path / "water.xyz"
    path.write_text(
        "3\nwater, experimental geometry\n"
        "O   0.000000   0.000000   0.117300\n"
        "H   0.000000   0.757200  -0.469200\n"
        "H   0.000000  -0.757200  -0.469200\n"
    )
    m = read_xyz(path, charge=1, multiplicity=2, basis="STO-3G")
    assert m.name == "water" and m.symbols == ("O", "H", "H")
    assert m.coordinates[1] == (0.0, 0.7572, -0.4692)
    assert (m.charge, m.multiplicity, m.basis, m.n_electrons) == (1, 2, "sto-3g", 9)
    d_oh = math.dist(m.coordinates[0], m.coordinates[1])
    assert d_oh == pytest.approx(0.9578, abs=1e-4)  # experimental O-H bond length


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("two\nc\nH 0 0 0\n", r"line 1 must be the number of atoms; got 'two'"),
        ("3\nc\nH 0 0 0\nH 0 0 1\n", r"announces 3 atoms but only 2 atom lines follow"),
        ("2\nc\nH 0 0 0\nH 0 0 1.0.1\n", r"line 4 \('H 0 0 1.0.1'\): atom 2: z coordinate "
                                         r"'1.0.1' is not a number"),
        ("", r"line 1 must be the number of atoms; the file is empty"),
    ],
)
def test_read_xyz_errors(tmp_path, text, pattern):
    path = tmp_path / "bad.xyz"
    path.write_text(text)
    with pytest.raises(ValueError, match=pattern):
        read_xyz(path)
