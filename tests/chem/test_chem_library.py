"""Built-in molecules and lookup by name."""

from __future__ import annotations

import pytest

from qrmt.chem import builtin_molecules, get_molecule

# qubit counts required by the benchmark issue (2 x active orbitals)
EXPECTED_QUBITS = {"H2": 4, "HeH+": 4, "H3+": 6, "LiH": 10, "BeH2": 8, "H2O": 8, "H4": 8,
                   "N2": 12, "OH": 8}


def test_builtins_and_their_sizes():
    mols = builtin_molecules()
    assert set(mols) == set(EXPECTED_QUBITS)
    assert {n: m.n_qubits for n, m in mols.items()} == EXPECTED_QUBITS
    assert mols["HeH+"].charge == 1 and mols["OH"].multiplicity == 2
    assert mols["N2"].active_space() == (4, 6, 6)
    mols.pop("H2")
    assert "H2" in builtin_molecules()  # a fresh dict every call


@pytest.mark.parametrize("name", ["lih", "LIH", " LiH ", "heh+"])
def test_lookup_is_case_insensitive(name):
    assert get_molecule(name).name.lower() == name.strip().lower()


def test_unknown_name_lists_and_suggests():
    with pytest.raises(ValueError, match=r"unknown molecule 'LiH2'; expected one of \[.*'N2'.*\]"
                                         r".*did you mean 'LiH'"):
        get_molecule("LiH2")
    with pytest.raises(TypeError, match="molecule must be a str"):
        get_molecule(2)  # type: ignore[arg-type]
