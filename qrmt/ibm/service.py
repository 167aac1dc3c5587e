"""Channel and credentials, the Runtime service, backend lookup and bounded retries.

Channels are the ones ``qiskit-ibm-runtime`` knows: ``"local"`` (local testing mode: the
fake backends of :mod:`qiskit_ibm_runtime.fake_provider`, simulated by Aer with each
device's noise model, offline), ``"ibm_quantum_platform"`` and ``"ibm_cloud"`` (the same
IBM Quantum Platform; ``ibm_cloud`` is the legacy name). Credentials come from a saved
account (``QiskitRuntimeService.save_account``) or from ``QISKIT_IBM_TOKEN`` and
``QISKIT_IBM_INSTANCE``; qrmt never reads, prints or stores the token itself.

Transient failures (connection errors, timeouts, HTTP 5xx) are retried with exponential
backoff, bounded by :class:`RetryPolicy` (``QRMT_IBM_RETRIES`` attempts, base delay
``QRMT_IBM_BACKOFF`` seconds); a host name that does not resolve (offline) and every
other error are reported at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from qrmt._optional import require
from qrmt._validation import check_choice
from qrmt.ibm.errors import (
    CredentialError,
    IBMRuntimeError,
    NetworkError,
    UnknownBackendError,
    install_log_redaction,
    is_auth_error,
    is_network_error,
    is_offline_error,
    network_cause,
    redact,
)

__all__ = [
    "CHANNELS",
    "LOCAL",
    "RetryPolicy",
    "default_channel",
    "get_backend",
    "get_service",
    "has_credentials",
    "list_backends",
    "with_retries",
]

LOCAL = "local"
CHANNELS = ("local", "ibm_quantum_platform", "ibm_cloud")
T = TypeVar("T")

_WHAT_TO_DO = (
    "save an account once with QiskitRuntimeService.save_account(channel="
    '"ibm_quantum_platform", token=..., instance=..., set_as_default=True) or set '
    "QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE; to work offline use --channel local"
)


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff for transient errors.

    Attempt ``k`` (0-based) that fails transiently waits ``min(base_delay * 2**k,
    max_delay)`` seconds before the next one; after ``attempts`` attempts the error is
    reported.

    Attributes:
        attempts: total attempts (>= 1).
        base_delay: first wait in seconds.
        max_delay: cap on one wait in seconds.
    """

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """Read ``QRMT_IBM_RETRIES`` and ``QRMT_IBM_BACKOFF`` (defaults 4 and 1.0 s)."""
        attempts = int(os.environ.get("QRMT_IBM_RETRIES", cls.attempts))
        base = float(os.environ.get("QRMT_IBM_BACKOFF", cls.base_delay))
        return cls(attempts=max(1, attempts), base_delay=max(0.0, base))

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt`` (0-based)."""
        return float(min(self.base_delay * 2.0**attempt, self.max_delay))


def with_retries(
    fn: Callable[[], T],
    *,
    what: str,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    hint: str = "",
) -> T:
    """Call ``fn``; retry transient network errors with backoff; wrap every failure.

    Args:
        fn: the call to make.
        what: what the call does, for the message (``"list backends"``).
        policy: retry policy; default :meth:`RetryPolicy.from_env`.
        sleep: the wait function (tests pass a recorder).
        hint: what to do, appended to the message of a permanent error.

    Returns:
        What ``fn`` returns.

    Raises:
        NetworkError: still unreachable after ``policy.attempts`` attempts.
        CredentialError: the credential is missing or rejected.
        IBMRuntimeError: any other service error (message redacted).
    """
    policy = policy or RetryPolicy.from_env()
    for attempt in range(policy.attempts):
        try:
            return fn()
        except IBMRuntimeError:
            raise
        except Exception as exc:
            if is_network_error(exc):
                if is_offline_error(exc):
                    raise NetworkError(
                        f"could not {what}: the IBM Quantum host name does not resolve "
                        "(this machine looks offline); check the network or proxy, or work "
                        "offline with --channel local"
                    ) from None
                if attempt + 1 < policy.attempts:
                    sleep(policy.delay(attempt))
                    continue
                raise NetworkError(
                    f"could not {what}: IBM Quantum is unreachable after {policy.attempts} "
                    f"attempt(s) ({network_cause(exc)}); check the network or proxy, or "
                    "work offline with --channel local"
                ) from None
            if is_auth_error(exc):
                raise CredentialError(
                    f"could not {what}: the IBM Quantum credential is missing or was "
                    f"rejected; {_WHAT_TO_DO}"
                ) from None
            tail = f"; {hint}" if hint else ""
            raise IBMRuntimeError(
                f"could not {what}: {type(exc).__name__}: {redact(exc)}{tail}"
            ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def has_credentials() -> bool:
    """Whether a token is available: ``QISKIT_IBM_TOKEN`` or a saved Qiskit account.

    Only the presence is checked; the token is never read into qrmt.
    """
    if os.environ.get("QISKIT_IBM_TOKEN"):
        return True
    runtime = require("qiskit_ibm_runtime", "ibm", "IBM Quantum submission")
    try:
        return bool(runtime.QiskitRuntimeService.saved_accounts())
    except Exception:
        return False


def default_channel() -> tuple[str, str | None]:
    """Return the channel to use when none is given, and a note for the user (or None).

    ``QISKIT_IBM_CHANNEL`` when set; else ``"ibm_quantum_platform"`` when credentials are
    available; else ``"local"`` with a note saying so.
    """
    env = os.environ.get("QISKIT_IBM_CHANNEL")
    if env in CHANNELS:
        return env, None
    if has_credentials():
        return "ibm_quantum_platform", None
    return LOCAL, (
        "no IBM Quantum account found (no saved account, QISKIT_IBM_TOKEN unset); "
        "using the local testing channel (fake backends simulated offline)"
    )


def get_service(channel: str, *, instance: str | None = None) -> Any:
    """Return a ``QiskitRuntimeService`` for ``channel`` (local: the local-mode service).

    Args:
        channel: one of :data:`CHANNELS`.
        instance: IBM Quantum instance (CRN or name); default from the account or
            ``QISKIT_IBM_INSTANCE``.

    Returns:
        The service object.

    Raises:
        ValueError: unknown channel.
        CredentialError: no account, or the token was rejected.
        NetworkError: IBM Quantum unreachable after retries.
    """
    check_choice("channel", channel, CHANNELS)
    runtime = require("qiskit_ibm_runtime", "ibm", "IBM Quantum submission")
    install_log_redaction()
    if channel == LOCAL:
        return runtime.QiskitRuntimeService(channel="local")
    if not has_credentials():
        raise CredentialError(f"no IBM Quantum credential found; {_WHAT_TO_DO}")
    kwargs: dict[str, Any] = {"channel": channel}
    if instance:
        kwargs["instance"] = instance

    def connect() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return runtime.QiskitRuntimeService(**kwargs)

    return with_retries(
        connect, what=f"connect to IBM Quantum ({channel})",
        hint="check the instance CRN (QISKIT_IBM_INSTANCE or the saved account) and the "
        "token; " + _WHAT_TO_DO,
    )


@functools.lru_cache(maxsize=1)
def _local_backends() -> dict[str, Any]:
    """The fake backends by name, built once per process (each build parses JSON files)."""
    from qiskit_ibm_runtime.fake_provider.local_service import QiskitRuntimeLocalService

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {b.name: b for b in QiskitRuntimeLocalService().backends()}


def _backends(service: Any) -> list[Any]:
    if getattr(service, "is_local", False):
        return list(_local_backends().values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(service.backends())


def _backend_names(service: Any) -> list[str]:
    return sorted(b.name for b in _backends(service))


def get_backend(service: Any, name: str) -> Any:
    """Return the backend ``name`` of ``service``; an unknown name lists close names.

    Raises:
        UnknownBackendError: no such backend; the message names the closest ones.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"backend must be a non-empty str; got {name!r}")
    names = with_retries(lambda: _backend_names(service), what="list backends")
    if name not in names:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        if not close:  # "manila" -> "fake_manila"
            close = [n for n in names if name.lower() in n.lower()][:3]
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        where = "local testing mode" if getattr(service, "is_local", False) else "this account"
        raise UnknownBackendError(
            f"unknown backend {name!r} in {where}{hint} (qrmt ibm backends lists them all)"
        )
    if getattr(service, "is_local", False):
        return _local_backends()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return with_retries(lambda: service.backend(name), what=f"get backend {name!r}")


def _n_qubits(backend: Any) -> int:
    """Qubit count from the configuration (building a fake backend's target is slow)."""
    try:
        return int(backend.configuration().n_qubits)
    except Exception:
        return int(backend.num_qubits)


def _describe(backend: Any, local: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"name": backend.name, "num_qubits": _n_qubits(backend)}
    if local:
        row.update(operational=True, pending_jobs=0, simulator="fake (Aer + noise model)")
        return row
    try:
        status = backend.status()
        row.update(operational=bool(status.operational), pending_jobs=int(status.pending_jobs))
    except Exception:
        row.update(operational=None, pending_jobs=None)
    row["simulator"] = "no"
    return row


def list_backends(channel: str | None = None) -> list[dict[str, Any]]:
    """List the backends of ``channel`` (default :func:`default_channel`), sorted by size.

    Returns:
        One dict per backend: ``name``, ``num_qubits``, ``operational``, ``pending_jobs``,
        ``simulator``.
    """
    channel = channel or default_channel()[0]
    service = get_service(channel)
    local = channel == LOCAL

    backends = with_retries(lambda: _backends(service), what="list backends")
    rows = [_describe(b, local) for b in backends]
    return sorted(rows, key=lambda r: (r["num_qubits"], r["name"]))
