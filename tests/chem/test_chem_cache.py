"""On-disk Hamiltonian cache: location, content key, round trip, atomicity, corruption."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from qrmt.chem import build_problem, get_molecule
from qrmt.chem.cache import CACHE_VERSION, cache_key, cache_path


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("QRMT_HOME", str(tmp_path))
    return tmp_path


def test_round_trip_and_location(home):
    m = get_molecule("HeH+")
    path = cache_path(m, "pennylane")
    assert path.parent == home / "cache" / "hamiltonians"
    assert not path.exists()
    first = build_problem(m)
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left
    second = build_problem(m)
    assert second == first
    np.testing.assert_array_equal(second.two_electron, first.two_electron)
    assert second.hamiltonian_terms == first.hamiltonian_terms  # bit-identical floats
    entry = json.loads(path.read_text())
    assert entry["version"] == CACHE_VERSION and entry["build_seconds"] > 0


def test_second_call_reads_the_file(home):
    m = get_molecule("H2")
    build_problem(m)
    path = cache_path(m, "pennylane")
    entry = json.loads(path.read_text())
    entry["problem"]["exact_energy"] = -42.0  # sentinel only the cache can supply
    path.write_text(json.dumps(entry))
    assert build_problem(m).exact_energy == -42.0
    assert build_problem(m, cache=False).exact_energy == pytest.approx(-1.13731, abs=1e-5)


def test_corrupt_or_old_entries_are_rebuilt(home):
    m = get_molecule("H2")
    path = cache_path(m, "pennylane")
    path.write_text("{not json")
    assert build_problem(m).exact_energy == pytest.approx(-1.13731, abs=1e-5)
    entry = json.loads(path.read_text())  # rewritten, valid
    entry["version"] = CACHE_VERSION - 1
    entry["problem"]["exact_energy"] = -42.0
    path.write_text(json.dumps(entry))
    assert build_problem(m).exact_energy == pytest.approx(-1.13731, abs=1e-5)


def test_key_is_content_not_name():
    m = get_molecule("H2")
    assert cache_key(replace(m, name="hydrogen"), "pennylane") == cache_key(m, "pennylane")
    others = {
        cache_key(m, "pyscf"),
        cache_key(replace(m, coordinates=((0, 0, 0), (0, 0, 0.74))), "pennylane"),
        cache_key(replace(m, basis="6-31g"), "pennylane"),
        cache_key(replace(m, charge=1, multiplicity=2), "pennylane"),
    }
    assert cache_key(m, "pennylane") not in others and len(others) == 4


def test_cached_problem_keeps_the_callers_name(home):
    m = get_molecule("H2")
    build_problem(m)
    renamed = build_problem(replace(m, name="my-h2"))
    assert renamed.molecule.name == "my-h2"
    assert len(list((home / "cache" / "hamiltonians").iterdir())) == 1
