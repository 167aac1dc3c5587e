"""Seeds, batch shapes and dtypes of every sampler (same seed, same bits; never squeezed)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qrmt import ensembles as ens

SAMPLERS: dict[str, tuple[Callable[..., object], tuple[int, ...], type]] = {
    # name: (call taking size/seed, shape of one sample, dtype)
    "gaussian1": (lambda **kw: ens.gaussian(4, 1, **kw), (4, 4), np.float64),
    "gaussian2": (lambda **kw: ens.gaussian(4, 2, **kw), (4, 4), np.complex128),
    "gaussian4": (lambda **kw: ens.gaussian(4, 4, **kw), (8, 8), np.complex128),
    "gaussian_eigvals": (lambda **kw: ens.gaussian_eigvals(6, 1.7, **kw), (6,), np.float64),
    "laguerre": (lambda **kw: ens.laguerre(3, 5, 1, **kw), (3, 3), np.float64),
    "laguerre_eigvals": (lambda **kw: ens.laguerre_eigvals(3, 5.5, 0.3, **kw), (3,), np.float64),
    "jacobi": (lambda **kw: ens.jacobi(3, 4, 5, 2, **kw), (3, 3), np.complex128),
    "jacobi_eigvals": (lambda **kw: ens.jacobi_eigvals(3, 4, 5, 5.0, **kw), (3,), np.float64),
    "circular": (lambda **kw: ens.circular(3, 4, **kw), (6, 6), np.complex128),
    "circular_eigphases": (lambda **kw: ens.circular_eigphases(5, 0.5, **kw), (5,), np.float64),
    "haar_U": (lambda **kw: ens.haar(3, "U", **kw), (3, 3), np.complex128),
    "haar_SO": (lambda **kw: ens.haar(3, "SO", **kw), (3, 3), np.float64),
    "haar_Sp": (lambda **kw: ens.haar(3, "Sp", **kw), (6, 6), np.complex128),
    "heavy_tailed": (lambda **kw: ens.heavy_tailed(4, 0.8, **kw), (4, 4), np.float64),
    "dyson_h": (lambda **kw: ens.dyson_brownian(3, 1, [0.5, 1.0], **kw), (2, 3), np.float64),
    "dyson_c": (
        lambda **kw: ens.dyson_brownian(3, 2, [0.1], kind="circular", **kw),
        (1, 3),
        np.float64,
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_shapes_never_squeezed(name: str) -> None:
    call, shape, dtype = SAMPLERS[name]
    one = np.asarray(call(seed=1))
    assert one.shape == shape and one.dtype == dtype
    assert np.asarray(call(size=1, seed=1)).shape == (1, *shape)
    assert np.asarray(call(size=3, seed=1)).shape == (3, *shape)


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_same_seed_same_bits(name: str) -> None:
    call, _, _ = SAMPLERS[name]
    a = np.asarray(call(size=2, seed=123))
    np.testing.assert_array_equal(a, np.asarray(call(size=2, seed=123)))
    np.testing.assert_array_equal(a, np.asarray(call(size=2, seed=np.random.SeedSequence(123))))
    np.testing.assert_array_equal(a, np.asarray(call(size=2, seed=np.random.default_rng(123))))
    assert not np.array_equal(a, np.asarray(call(size=2, seed=124)))


def test_generator_stream_advances() -> None:
    rng = np.random.default_rng(0)
    a, b = ens.gaussian_eigvals(5, seed=rng), ens.gaussian_eigvals(5, seed=rng)
    assert not np.array_equal(a, b)


def test_edge_scalar_and_batch() -> None:
    assert isinstance(ens.gaussian_edge(100, seed=1), float)
    assert ens.gaussian_edge(100, size=1, seed=1).shape == (1,)
    assert ens.gaussian_edge(100, size=1, seed=1)[0] == ens.gaussian_edge(100, seed=1)


@pytest.mark.parametrize("seed", [-1, 1.5, "7"])
def test_bad_seed(seed: object) -> None:
    with pytest.raises((TypeError, ValueError), match="seed"):
        ens.gaussian(3, seed=seed)  # type: ignore[arg-type]


def test_public_names() -> None:
    assert sorted(ens.__all__) == sorted(
        [
            "circular",
            "circular_eigphases",
            "dyson_brownian",
            "gaussian",
            "gaussian_edge",
            "gaussian_eigvals",
            "haar",
            "heavy_tailed",
            "jacobi",
            "jacobi_eigvals",
            "laguerre",
            "laguerre_eigvals",
        ]
    )


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 6), beta=st.sampled_from([1, 2, 4]), seed=st.integers(0, 2**32))
def test_invariants_hypothesis(n: int, beta: int, seed: int) -> None:
    h = ens.gaussian(n, beta, seed=seed)
    np.testing.assert_array_equal(h, np.conj(h.T))
    u = ens.circular(n, beta, seed=seed)
    np.testing.assert_allclose(u @ np.conj(u.T), np.eye(u.shape[0]), atol=1e-12)
    j = ens.jacobi(n, n + 1, n + 2, beta, seed=seed)
    ev = np.linalg.eigvalsh(j)
    assert np.all((ev > -1e-10) & (ev < 1 + 1e-10))
    for x in (
        ens.gaussian_eigvals(n, beta * 0.7, seed=seed),
        ens.laguerre_eigvals(n, n + 0.5, beta, seed=seed),
        ens.jacobi_eigvals(n, n, n + 0.3, beta, seed=seed),
        ens.circular_eigphases(n, beta * 1.3, seed=seed),
    ):
        assert x.shape == (n,) and np.all(np.diff(x) >= 0) and np.all(np.isfinite(x))
