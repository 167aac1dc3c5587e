"""Channels, credentials, retries, redaction and backend lookup (real local service)."""

from __future__ import annotations

import time

import pytest
import requests

from qrmt.ibm import errors
from qrmt.ibm.errors import (
    CredentialError,
    IBMRuntimeError,
    NetworkError,
    UnknownBackendError,
    redact,
)
from qrmt.ibm.service import (
    RetryPolicy,
    default_channel,
    get_backend,
    get_service,
    list_backends,
    with_retries,
)

SENTINEL = "qrmt-sentinel-XYZ"


@pytest.fixture
def no_account(tmp_path, monkeypatch):
    """No token in the environment and an empty home (so no saved account)."""
    for var in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_CHANNEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    from qiskit_ibm_runtime.accounts import management

    monkeypatch.setattr(management, "_DEFAULT_ACCOUNT_CONFIG_JSON_FILE",
                        str(tmp_path / ".qiskit" / "qiskit-ibm.json"))
    monkeypatch.setenv("QRMT_HOME", str(tmp_path / "qrmt"))


def test_backoff_doubles_and_is_capped():
    pol = RetryPolicy(attempts=6, base_delay=0.5, max_delay=3.0)
    assert [pol.delay(k) for k in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_policy_from_env(monkeypatch):
    monkeypatch.setenv("QRMT_IBM_RETRIES", "2")
    monkeypatch.setenv("QRMT_IBM_BACKOFF", "0.25")
    assert RetryPolicy.from_env() == RetryPolicy(attempts=2, base_delay=0.25)


def test_transient_errors_are_retried_with_backoff():
    calls, waits = [], []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise requests.exceptions.ConnectionError("connection reset")
        return "ok"

    pol = RetryPolicy(attempts=4, base_delay=0.1)
    assert with_retries(flaky, what="x", policy=pol, sleep=waits.append) == "ok"
    assert len(calls) == 3 and waits == [0.1, 0.2]


def test_retries_are_bounded():
    waits: list[float] = []

    def down():
        raise requests.exceptions.ConnectTimeout("timed out")

    with pytest.raises(NetworkError, match="unreachable after 3 attempt"):
        with_retries(down, what="x", policy=RetryPolicy(3, 1.0), sleep=waits.append)
    assert waits == [1.0, 2.0]


def test_offline_is_reported_at_once():
    import socket

    calls, waits = [], []

    def offline():
        calls.append(1)
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as exc:
            raise requests.exceptions.ConnectionError("Max retries exceeded") from exc

    with pytest.raises(NetworkError, match="does not resolve"):
        with_retries(offline, what="x", policy=RetryPolicy(4, 1.0), sleep=waits.append)
    assert calls == [1] and waits == []


def test_permanent_errors_are_not_retried_and_are_redacted(monkeypatch):
    monkeypatch.setenv("QISKIT_IBM_TOKEN", SENTINEL)
    calls = []

    def bad():
        calls.append(1)
        raise RuntimeError(f"bad request with apikey {SENTINEL}")

    with pytest.raises(IBMRuntimeError) as info:
        with_retries(bad, what="x", policy=RetryPolicy(4, 0.0), sleep=lambda s: None)
    assert len(calls) == 1
    assert SENTINEL not in str(info.value) and "<redacted>" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_redact_removes_long_keys_and_registered_secrets():
    errors.register_secret("s3cr3t-token")
    key = "Ab_9" * 11  # 44 characters, the shape of an IBM Cloud API key
    assert redact(f"token {key} and s3cr3t-token") == "token <redacted> and <redacted>"
    assert redact("job d1a2b3 done") == "job d1a2b3 done"


def test_no_account_means_local_with_a_note(no_account):
    channel, note = default_channel()
    assert channel == "local"
    assert note is not None and "local testing channel" in note


def test_token_env_means_cloud_channel(no_account, monkeypatch):
    monkeypatch.setenv("QISKIT_IBM_TOKEN", SENTINEL)
    assert default_channel() == ("ibm_quantum_platform", None)


def test_cloud_without_credential_says_what_to_do(no_account):
    with pytest.raises(CredentialError, match=r"save_account.*--channel local"):
        get_service("ibm_quantum_platform")


def test_cloud_offline_fails_fast_and_clean(no_account, monkeypatch):
    monkeypatch.setenv("QISKIT_IBM_TOKEN", SENTINEL)
    monkeypatch.setenv("QRMT_IBM_RETRIES", "2")
    monkeypatch.setenv("QRMT_IBM_BACKOFF", "0")
    t0 = time.perf_counter()
    with pytest.raises((NetworkError, CredentialError)) as info:
        get_service("ibm_quantum_platform")
    assert time.perf_counter() - t0 < 30
    assert SENTINEL not in str(info.value)
    assert "--channel local" in str(info.value)


def test_local_backends_listed_with_sizes():
    rows = list_backends("local")
    names = {r["name"] for r in rows}
    assert {"fake_manila", "fake_belem"} <= names
    manila = next(r for r in rows if r["name"] == "fake_manila")
    assert manila["num_qubits"] == 5
    assert [r["num_qubits"] for r in rows] == sorted(r["num_qubits"] for r in rows)


@pytest.mark.parametrize(("typed", "expected"), [("fake_manilla", "fake_manila"),
                                                 ("manila", "fake_manila")])
def test_unknown_backend_lists_close_names(typed, expected):
    service = get_service("local")
    with pytest.raises(UnknownBackendError, match=f"did you mean: .*{expected}"):
        get_backend(service, typed)
    assert get_backend(service, expected).name == expected


def test_unknown_channel_is_a_value_error():
    with pytest.raises(ValueError, match=r"unknown channel 'locl'.*did you mean 'local'"):
        get_service("locl")
