"""Seed normalisation and independent random streams: the one place qrmt touches randomness.

Every random function in qrmt takes a keyword ``seed`` of type :data:`SeedLike` and turns
it into a :class:`numpy.random.Generator` with :func:`as_generator`. Independent streams
(one per run of a sweep, one per worker) come from :func:`spawn`, which uses
``SeedSequence.spawn``: never ``seed + i``. There is no global random state.
"""

from __future__ import annotations

import numbers

import numpy as np

from qrmt._validation import check_nonnegative_int

__all__ = ["SeedLike", "as_generator", "as_seed_sequence", "spawn", "spawn_generators"]

SeedLike = int | np.integer | np.random.Generator | np.random.SeedSequence | None


def _check_seed(seed: object) -> None:
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            "seed must be an int, a numpy.random.Generator, a numpy.random.SeedSequence "
            f"or None; got {seed!r} of type {type(seed).__name__}"
        )
    if int(seed) < 0:
        raise ValueError(f"seed must be a non-negative int; got {seed}")


def as_generator(seed: SeedLike = None) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for ``seed``.

    A Generator is returned as it is (so a caller's stream advances, as NumPy does);
    an int or SeedSequence seeds a fresh PCG64 generator; None draws OS entropy.

    Args:
        seed: int, Generator, SeedSequence or None.

    Returns:
        numpy.random.Generator

    Raises:
        TypeError: ``seed`` is of another type.
        ValueError: ``seed`` is a negative int.

    Example:
        >>> bool(as_generator(7).integers(10) == as_generator(7).integers(10))
        True
    """
    _check_seed(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def as_seed_sequence(seed: SeedLike = None) -> np.random.SeedSequence:
    """Return a :class:`numpy.random.SeedSequence` for ``seed``.

    A Generator contributes a child of its own seed sequence (advancing its spawn
    counter), so repeated calls give independent streams.

    Args:
        seed: int, Generator, SeedSequence or None.

    Returns:
        numpy.random.SeedSequence
    """
    _check_seed(seed)
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        seq = getattr(seed.bit_generator, "seed_seq", None)
        if isinstance(seq, np.random.SeedSequence):
            return seq.spawn(1)[0]
        # a Generator over a legacy-seeded bit generator has no SeedSequence: draw entropy
        return np.random.SeedSequence(seed.integers(0, 2**63, size=4).tolist())
    return np.random.SeedSequence(None if seed is None else int(seed))


def spawn(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """Spawn ``n`` independent child seed sequences from ``seed``.

    The i-th child is the same whatever the number of workers that later use them, so a
    sweep gives identical bits with 1 or N processes.

    Args:
        seed: root seed.
        n: number of children (non-negative).

    Returns:
        list of SeedSequence, length ``n``.

    Raises:
        TypeError: ``n`` is not an int.
        ValueError: ``n`` is negative.
    """
    count = check_nonnegative_int("n", n)
    return as_seed_sequence(seed).spawn(count)


def spawn_generators(seed: SeedLike, n: int) -> list[np.random.Generator]:
    """Return ``n`` independent Generators spawned from ``seed`` (see :func:`spawn`)."""
    return [np.random.default_rng(s) for s in spawn(seed, n)]
