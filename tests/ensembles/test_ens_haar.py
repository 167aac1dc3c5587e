"""Haar measure on U, SU, O, SO, Sp against exact moments (Diaconis-Shahshahani)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from qrmt.ensembles import haar
from qrmt.ensembles._common import symplectic_form


def check(values: np.ndarray, target: float) -> None:
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert abs(values.mean() - target) < 5 * se + 1e-12, (values.mean(), target, se)


def traces(u: np.ndarray) -> np.ndarray:
    return np.trace(u, axis1=-2, axis2=-1)


@pytest.mark.parametrize("group", ["U", "SU", "O", "SO", "Sp"])
def test_group_membership(group: str) -> None:
    u = haar(7, group, size=5, seed=1)
    dim = 14 if group == "Sp" else 7
    assert u.shape == (5, dim, dim)
    assert u.dtype == (np.float64 if group in ("O", "SO") else np.complex128)
    eye = np.eye(dim)
    np.testing.assert_allclose(u @ np.conj(np.swapaxes(u, -1, -2)), np.broadcast_to(eye, u.shape), atol=1e-12)
    if group in ("SU", "SO"):
        np.testing.assert_allclose(np.linalg.det(u), 1.0, atol=1e-12)
    if group == "Sp":
        j = symplectic_form(7)
        np.testing.assert_allclose(np.swapaxes(u, -1, -2) @ j @ u, np.broadcast_to(j, u.shape), atol=1e-12)


@pytest.mark.parametrize("group", ["U", "SU"])
def test_unitary_trace_moments(group: str) -> None:
    # E tr U = 0, E|tr U|^2 = 1, E|tr U^2|^2 = 2 (n >= 2; Diaconis-Shahshahani 1994).
    u = haar(10, group, size=4000, seed=2)
    t = traces(u)
    check(t.real, 0.0)
    check(t.imag, 0.0)
    check(np.abs(t) ** 2, 1.0)
    check(np.abs(traces(u @ u)) ** 2, 2.0)


@pytest.mark.parametrize("group", ["O", "SO"])
def test_orthogonal_trace_moments(group: str) -> None:
    # O(n), SO(n) (n >= 3): E tr O = 0, E (tr O)^2 = 1.
    t = traces(haar(10, group, size=4000, seed=3))
    check(t, 0.0)
    check(t**2, 1.0)


def test_symplectic_trace_moments() -> None:
    # USp(2n): eigenvalues in conjugate pairs, so tr is real; E tr = 0, E tr^2 = 1.
    t = traces(haar(5, "Sp", size=4000, seed=4))
    assert np.all(np.abs(t.imag) < 1e-10)
    check(t.real, 0.0)
    check(t.real**2, 1.0)


def test_plain_qr_is_not_haar() -> None:
    # Peer defect (scikit-rmt's circular ensembles): QR of a Ginibre matrix *without* the
    # phase fix gives E|tr Q|^2 about 3 at n = 10 instead of 1; ours gives 1.
    rng = np.random.default_rng(5)
    z = rng.standard_normal((4000, 10, 10)) + 1j * rng.standard_normal((4000, 10, 10))
    plain = np.abs(traces(np.linalg.qr(z)[0])) ** 2
    se = plain.std(ddof=1) / math.sqrt(plain.size)
    assert abs(plain.mean() - 1.0) > 10 * se
    assert 2.5 < plain.mean() < 3.5  # about 3, as the issue states
    check(np.abs(traces(haar(10, "U", size=4000, seed=6))) ** 2, 1.0)


def test_small_sizes_and_seeds() -> None:
    assert haar(1, "SO", seed=1).shape == (1, 1)
    np.testing.assert_allclose(haar(1, "SO", seed=1), [[1.0]])
    np.testing.assert_array_equal(haar(4, "Sp", seed=9), haar(4, "Sp", seed=9))


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: haar(3, "GL"), ValueError, "unknown group 'GL'"),
        (lambda: haar(3, "u"), ValueError, "unknown group 'u'; expected one of"),
        (lambda: haar(3, 2), TypeError, "group must be a str"),  # type: ignore[arg-type]
        (lambda: haar(0), ValueError, "n must be a positive int; got 0"),
    ],
)
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
