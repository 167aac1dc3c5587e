"""State-vector memory estimate and the too-large guard."""

from __future__ import annotations

import numpy as np
import pytest

from qrmt.chem import check_fits_statevector, memory_estimate


@pytest.mark.parametrize("n", [1, 4, 10])
def test_estimate_is_the_size_of_a_real_statevector(n):
    assert memory_estimate(n) == np.zeros(2**n, dtype=np.complex128).nbytes


def test_estimate_values_and_errors():
    assert memory_estimate(30) == 16 * 2**30
    with pytest.raises(ValueError, match="n_qubits must be a positive int; got 0"):
        memory_estimate(0)
    with pytest.raises(TypeError, match="n_qubits must be a positive int"):
        memory_estimate(2.5)  # type: ignore[arg-type]


def test_check_fits():
    assert check_fits_statevector(12, limit_bytes=2**16) == 2**16  # exactly at the limit
    with pytest.raises(ValueError, match=r"13-qubit problem needs a state vector of 128.0 KiB .*"
                                         r"above the limit of 64.0 KiB; choose a smaller active"):
        check_fits_statevector(13, limit_bytes=2**16)
    with pytest.raises(ValueError, match=r"a 40-qubit problem needs a state vector of 16.0 TiB"):
        check_fits_statevector(40)  # default limit <= 8 GiB
    assert check_fits_statevector(20) == 16 * 2**20
