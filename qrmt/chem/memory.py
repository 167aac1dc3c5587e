"""State-vector memory estimate and the guard the CLI uses to refuse too-large problems."""

from __future__ import annotations

import os

from qrmt._validation import check_positive_int

__all__ = ["DEFAULT_LIMIT_BYTES", "check_fits_statevector", "memory_estimate"]

#: Default ceiling for one complex128 state vector: 8 GiB (30 qubits need 16 GiB).
DEFAULT_LIMIT_BYTES = 8 * 2**30


def memory_estimate(n_qubits: int) -> int:
    """Bytes of one complex128 state vector on ``n_qubits`` qubits: ``16 * 2**n_qubits``.

    Example:
        >>> memory_estimate(20)
        16777216
    """
    return 16 * 2 ** check_positive_int("n_qubits", n_qubits)


def _format_bytes(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"


def _physical_memory() -> int | None:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def check_fits_statevector(n_qubits: int, limit_bytes: int | None = None) -> int:
    """Return the estimate if a state vector fits under ``limit_bytes``, else raise.

    Args:
        n_qubits: qubits of the problem.
        limit_bytes: ceiling in bytes; default the smaller of 8 GiB and half the machine's RAM.

    Returns:
        ``memory_estimate(n_qubits)``.

    Raises:
        ValueError: the state vector would exceed the limit; the message gives both figures.
    """
    need = memory_estimate(n_qubits)
    if limit_bytes is None:
        ram = _physical_memory()
        limit = DEFAULT_LIMIT_BYTES if ram is None else min(DEFAULT_LIMIT_BYTES, ram // 2)
    else:
        limit = check_positive_int("limit_bytes", limit_bytes)
    if need > limit:
        raise ValueError(
            f"a {n_qubits}-qubit problem needs a state vector of {_format_bytes(need)} "
            f"(16 bytes x 2**{n_qubits} complex128 amplitudes), above the limit of "
            f"{_format_bytes(limit)}; choose a smaller active space "
            "(active electrons / active orbitals) or a smaller molecule"
        )
    return need
