"""IBM Quantum through Qiskit Runtime: submit, track and fetch VQE workloads.

The offline path is Runtime's local testing mode (``channel="local"``): the fake backends
of :mod:`qiskit_ibm_runtime.fake_provider`, simulated by Aer with each device's noise
model, through the same Estimator, Session and Batch code as real hardware. Every job is
recorded in an SQLite ledger (:mod:`qrmt.ibm.ledger`) before it is submitted. See
``docs/ibm.md``.

``qiskit-ibm-runtime`` is an optional dependency (``pip install "qrmt[ibm]"``); it is
imported only when a function needs it.
"""

from qrmt.ibm.errors import (
    CredentialError,
    IBMRuntimeError,
    JobNotFoundError,
    LedgerConflictError,
    NetworkError,
    UnknownBackendError,
    redact,
)
from qrmt.ibm.jobs import cancel_job, job_result, job_status, list_jobs, resolve_intent
from qrmt.ibm.ledger import Ledger, ledger_path
from qrmt.ibm.service import (
    CHANNELS,
    RetryPolicy,
    default_channel,
    get_backend,
    get_service,
    has_credentials,
    list_backends,
)
from qrmt.ibm.submit import EstimateOptions, JobRecord, submit_estimate
from qrmt.ibm.vqe import run_vqe_on_backend
from qrmt.ibm.workload import Workload, build_workload, ideal_energy, to_isa, workload_from_circuit

__all__ = [
    "CHANNELS",
    "CredentialError",
    "EstimateOptions",
    "IBMRuntimeError",
    "JobNotFoundError",
    "JobRecord",
    "Ledger",
    "LedgerConflictError",
    "NetworkError",
    "RetryPolicy",
    "UnknownBackendError",
    "Workload",
    "build_workload",
    "cancel_job",
    "default_channel",
    "get_backend",
    "get_service",
    "has_credentials",
    "ideal_energy",
    "job_result",
    "job_status",
    "ledger_path",
    "list_backends",
    "list_jobs",
    "redact",
    "resolve_intent",
    "run_vqe_on_backend",
    "submit_estimate",
    "to_isa",
    "workload_from_circuit",
]
