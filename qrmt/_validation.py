"""Argument checks shared by the whole package.

Each check raises before any work starts, with a message that names the parameter,
the bad value and what was expected (``"n_layers must be a positive int; got -2"``):
``TypeError`` for a wrong type, ``ValueError`` for a wrong value.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable

__all__ = [
    "check_choice",
    "check_nonnegative_float",
    "check_nonnegative_int",
    "check_positive_float",
    "check_positive_int",
    "check_probability",
    "closest",
]


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_positive_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer >= 1, else raise naming ``name``."""
    if not _is_int(value):
        raise TypeError(f"{name} must be a positive int; got {value!r} of type {type(value).__name__}")
    if int(value) < 1:  # type: ignore[call-overload]
        raise ValueError(f"{name} must be a positive int; got {value}")
    return int(value)  # type: ignore[call-overload]


def check_nonnegative_int(name: str, value: object) -> int:
    """Return ``value`` as an int if it is an integer >= 0, else raise naming ``name``."""
    if not _is_int(value):
        raise TypeError(
            f"{name} must be a non-negative int; got {value!r} of type {type(value).__name__}"
        )
    if int(value) < 0:  # type: ignore[call-overload]
        raise ValueError(f"{name} must be a non-negative int; got {value}")
    return int(value)  # type: ignore[call-overload]


def _as_real(name: str, value: object, expected: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}; got {value!r} of type {type(value).__name__}")
    out = float(value)
    if math.isnan(out):
        raise ValueError(f"{name} must be {expected}; got nan")
    return out


def check_positive_float(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise naming ``name``."""
    out = _as_real(name, value, "a finite number > 0")
    if not (0.0 < out < math.inf):
        raise ValueError(f"{name} must be a finite number > 0; got {value}")
    return out


def check_nonnegative_float(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise naming ``name``."""
    out = _as_real(name, value, "a finite number >= 0")
    if not (0.0 <= out < math.inf):
        raise ValueError(f"{name} must be a finite number >= 0; got {value}")
    return out


def check_probability(name: str, value: object) -> float:
    """Return ``value`` as a float if it lies in [0, 1], else raise naming ``name``."""
    out = _as_real(name, value, "a number in [0, 1]")
    if not 0.0 <= out <= 1.0:
        raise ValueError(f"{name} must be a number in [0, 1]; got {value}")
    return out


def closest(value: str, choices: Iterable[str]) -> list[str]:
    """Return up to three names from ``choices`` close to ``value`` (for "did you mean")."""
    return difflib.get_close_matches(str(value), list(choices), n=3, cutoff=0.5)


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; else raise listing them and the closest.

    Raises:
        TypeError: ``value`` is not a str.
        ValueError: ``value`` is not among ``choices``; the message lists the valid names
            and suggests the closest.
    """
    options = sorted(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, one of {options}; got {value!r}")
    if value not in options:
        near = closest(value, options)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise ValueError(f"unknown {name} {value!r}; expected one of {options}{hint}")
    return value
