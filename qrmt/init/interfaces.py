"""Hand the drawn parameters to the user's framework: numpy, autograd, torch or jax."""

from __future__ import annotations

from typing import Any

import numpy as np

from qrmt._optional import require
from qrmt._validation import check_choice

__all__ = ["INTERFACES", "check_interface", "to_interface"]

INTERFACES = ("numpy", "autograd", "torch", "jax")


def check_interface(interface: object) -> str:
    """Validate ``interface``; return it."""
    return check_choice("interface", interface, INTERFACES)


def to_interface(values: np.ndarray, interface: str) -> Any:
    """Convert a float64 array to the requested framework's array type.

    * ``"numpy"``: the float64 array itself.
    * ``"autograd"``: a ``pennylane.numpy.tensor`` with ``requires_grad=True``.
    * ``"torch"``: a float64 ``torch.Tensor`` with ``requires_grad=True``.
    * ``"jax"``: a ``jax.numpy`` array (float64 when JAX's x64 mode is on, else float32 — JAX's
      own rule).
    """
    if interface == "numpy":
        return values
    if interface == "autograd":
        from pennylane import numpy as pnp

        return pnp.array(values, requires_grad=True)
    if interface == "torch":
        torch = require("torch", "torch", "interface='torch'")
        return torch.tensor(values, dtype=torch.float64, requires_grad=True)
    jnp = require("jax.numpy", "jax", "interface='jax'")
    return jnp.asarray(values)
