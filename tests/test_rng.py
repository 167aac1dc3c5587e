"""qrmt._rng: seed normalisation and spawning."""

import numpy as np
import pytest

from qrmt._rng import as_generator, as_seed_sequence, spawn


def test_spawned_children_are_independent_and_reproducible():
    a = [np.random.default_rng(s).integers(1 << 30) for s in spawn(7, 4)]
    b = [np.random.default_rng(s).integers(1 << 30) for s in spawn(np.random.SeedSequence(7), 4)]
    assert a == b and len(set(a)) == 4


def test_generator_seed_yields_a_fresh_child_each_time():
    rng = np.random.default_rng(3)
    first, second = as_seed_sequence(rng), as_seed_sequence(rng)
    assert first.spawn_key != second.spawn_key


def test_generator_without_seed_sequence_still_spawns():
    legacy = np.random.Generator(np.random.MT19937(0))
    legacy.bit_generator._legacy_seeding(0)  # as RandomState does: no SeedSequence behind it
    children = spawn(legacy, 2)
    draws = [np.random.default_rng(c).integers(1 << 62) for c in children]
    assert len(children) == 2 and draws[0] != draws[1]


@pytest.mark.parametrize(("n", "exc"), [(-1, ValueError), (2.0, TypeError), (True, TypeError)])
def test_spawn_count_is_checked(n, exc):
    with pytest.raises(exc, match="n must be a non-negative int"):
        spawn(0, n)


def test_bad_seeds():
    with pytest.raises(TypeError, match="seed must be an int"):
        as_generator("1")
    with pytest.raises(ValueError, match="seed must be a non-negative int; got -3"):
        as_generator(-3)
