"""Errors of :mod:`qrmt.ibm` and the token redaction every message goes through.

qrmt never prints, logs, stores or puts into an exception the IBM Quantum token. Errors
raised by ``qiskit-ibm-runtime`` or ``requests`` can carry request details, so they are
never re-raised as they are: :func:`wrap_error` turns them into one of the classes below,
with a message that says what to do, after passing any detail through :func:`redact`.
"""

from __future__ import annotations

import logging
import os
import re

__all__ = [
    "CredentialError",
    "IBMRuntimeError",
    "JobNotFoundError",
    "LedgerConflictError",
    "NetworkError",
    "UnknownBackendError",
    "install_log_redaction",
    "is_auth_error",
    "is_network_error",
    "is_offline_error",
    "network_cause",
    "redact",
    "register_secret",
]


class IBMRuntimeError(RuntimeError):
    """Base class of qrmt's IBM Quantum errors; the message is safe to show (redacted)."""


class UnknownBackendError(IBMRuntimeError, ValueError):
    """A backend name that the channel does not offer; the message lists close names."""


class CredentialError(IBMRuntimeError):
    """No IBM Quantum credential, or a credential the service rejected."""


class NetworkError(IBMRuntimeError):
    """IBM Quantum could not be reached (after the bounded retries)."""


class JobNotFoundError(IBMRuntimeError, KeyError):
    """A job id that is neither in the ledger nor retrievable from the service."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class LedgerConflictError(IBMRuntimeError):
    """Another live process holds the submission intent that was asked for."""


_TOKEN_ENV = ("QISKIT_IBM_TOKEN",)
# IBM Cloud API keys are 44 characters of [A-Za-z0-9_-]; legacy tokens were 128 hex
# characters. Any run this long of key characters is redacted, as a second line of defence.
_LONG_SECRET = re.compile(r"[A-Za-z0-9_\-]{40,}")
_extra_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Add a string (a token given in code) to the set :func:`redact` removes."""
    if secret:
        _extra_secrets.add(secret)


def _secrets() -> list[str]:
    found = {os.environ.get(name, "") for name in _TOKEN_ENV} | _extra_secrets
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def redact(text: object) -> str:
    """Return ``str(text)`` with every known token and any long key-like string removed.

    Args:
        text: anything; converted with ``str``.

    Returns:
        The text with secrets replaced by ``<redacted>``.

    >>> redact("Authorization: apikey " + "A" * 44)
    'Authorization: apikey <redacted>'
    """
    out = str(text)
    for secret in _secrets():
        out = out.replace(secret, "<redacted>")
    return _LONG_SECRET.sub("<redacted>", out)


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not leak its raw arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


_FILTER = _RedactingFilter()


def install_log_redaction(level: int | None = None) -> None:
    """Redact every record of the ``qiskit_ibm_runtime`` loggers; optionally set their level.

    Args:
        level: when given, the level of the ``qiskit_ibm_runtime`` logger (the CLI uses
            ``logging.ERROR`` so library chatter does not reach the terminal).
    """
    logger = logging.getLogger("qiskit_ibm_runtime")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    for handler in logger.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    if level is not None:
        logger.setLevel(level)


_NETWORK_NAMES = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Timeout",
    "NameResolutionError",
    "MaxRetryError",
    "NewConnectionError",
    "ProxyError",
    "SSLError",
    "gaierror",
    "TimeoutError",
    "ConnectionRefusedError",
    "ConnectionResetError",
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 20:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def is_network_error(exc: BaseException) -> bool:
    """Whether ``exc`` (or anything in its cause chain) is a connection-level failure.

    Such failures are transient: retrying later may succeed. HTTP 5xx answers count too.
    """
    for err in _chain(exc):
        if type(err).__name__ in _NETWORK_NAMES:
            return True
        status = getattr(getattr(err, "response", None), "status_code", None)
        if isinstance(status, int) and status >= 500:
            return True
    return False


def is_offline_error(exc: BaseException) -> bool:
    """Whether ``exc``'s chain shows a failed host-name lookup (no network / no DNS).

    Retrying that within seconds does not help, so callers report it at once.
    """
    return any(type(e).__name__ in ("gaierror", "NameResolutionError") for e in _chain(exc))


def network_cause(exc: BaseException) -> str:
    """Name of the innermost connection-level error in ``exc``'s chain (for messages)."""
    names = [type(e).__name__ for e in _chain(exc) if type(e).__name__ in _NETWORK_NAMES]
    return names[-1] if names else type(exc).__name__


def is_auth_error(exc: BaseException) -> bool:
    """Whether ``exc`` (or its cause chain) says the credential is missing or rejected."""
    for err in _chain(exc):
        name = type(err).__name__
        if name in ("AccountNotFoundError", "IBMNotAuthorizedError", "InvalidAccountError"):
            return True
        status = getattr(getattr(err, "response", None), "status_code", None)
        if status in (401, 403):
            return True
    return False
