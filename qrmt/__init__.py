"""qrmt: random-matrix initializers for variational quantum circuits."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
