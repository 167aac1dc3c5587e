"""Import guards for optional dependencies, with the install hint for the matching extra."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingDependencyError", "require"]


class MissingDependencyError(ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def require(module: str, extra: str, purpose: str = "") -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` with an install hint.

    Args:
        module: dotted module name, e.g. ``"torch"``.
        extra: the qrmt extra that installs it, e.g. ``"torch"``.
        purpose: what needs it, for the message.

    Returns:
        The imported module.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        what = f" for {purpose}" if purpose else ""
        raise MissingDependencyError(
            f"{module!r} is needed{what} but is not installed; "
            f'install it with: pip install "qrmt[{extra}]"'
        ) from exc
