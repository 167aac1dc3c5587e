"""Shared fixtures of the VQE tests: the H2 problem (STO-3G, 0.735 Å, 4 qubits), built once."""

from __future__ import annotations

import warnings

import pytest


@pytest.fixture(scope="session")
def h2():
    from qrmt.chem import build_problem, get_molecule

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_problem(get_molecule("H2"), cache=False)
