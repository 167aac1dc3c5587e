"""Submit one energy estimate to a Runtime backend, through the ledger.

The primitive is the installed client-side Estimator,
:class:`qiskit_ibm_runtime.executor_estimator.Estimator` (qiskit-ibm-runtime >= 0.50; the
server-side ``EstimatorV2`` is deprecated there). One PUB ``(isa_circuit, isa_observable,
params)`` per job; ``shots`` sets ``options.default_shots``, ``precision`` is passed to
``run`` (the Estimator turns it into ``ceil(1 / precision**2)`` shots).

Local testing mode differs from the cloud in one way that matters here: a local job runs
on Aer in a thread *of the submitting process* and no server keeps it. So
:func:`submit_estimate` in local mode waits for the result and stores it in the ledger
before returning; ``qrmt ibm result JOB`` in another process then reads the ledger. A local
job whose process died before that is reported ``LOST`` (nothing can recover it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from qrmt._validation import check_choice, check_positive_float, check_positive_int
from qrmt.ibm.errors import IBMRuntimeError, NetworkError, is_network_error, redact
from qrmt.ibm.ledger import Ledger
from qrmt.ibm.service import LOCAL, get_backend, get_service
from qrmt.ibm.workload import Workload, check_level, ideal_energy, to_isa

__all__ = [
    "MODES",
    "EstimateOptions",
    "JobRecord",
    "execution_mode",
    "finish_local",
    "intent_tag",
    "make_estimator",
    "parse_result",
    "run_with_intent",
    "status_name",
    "submit_estimate",
]

MODES = ("job", "batch", "session")


@dataclasses.dataclass(frozen=True)
class EstimateOptions:
    """Estimator settings for one job.

    Attributes:
        shots: shots per PUB (exclusive with ``precision``).
        precision: target standard error per expectation value (default 0.015625 = 1/64,
            the Estimator's own default, when neither is given).
        resilience_level: 0 (none), 1 (TREX readout mitigation), 2 (TREX + ZNE).
        optimization_level: transpiler preset level.
        seed_simulator: Aer seed in local mode (ignored by real hardware).
    """

    shots: int | None = None
    precision: float | None = None
    resilience_level: int = 1
    optimization_level: int = 1
    seed_simulator: int | None = None

    def __post_init__(self) -> None:
        if self.shots is not None and self.precision is not None:
            raise ValueError("give shots or precision, not both")
        if self.shots is not None:
            check_positive_int("shots", self.shots)
        if self.precision is not None:
            check_positive_float("precision", self.precision)
        check_level("resilience_level", self.resilience_level, (0, 1, 2))
        check_level("optimization_level", self.optimization_level, (0, 1, 2, 3))

    def to_json(self) -> dict[str, Any]:
        """The options as a dict."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class JobRecord:
    """What :func:`submit_estimate` returns: the ledger's view of the new job."""

    job_id: str
    intent_id: str
    backend: str
    channel: str
    mode: str
    status: str
    description: str


def intent_tag(intent_id: str) -> str:
    """The job tag that carries a submission intent (used to find a job after a crash)."""
    return f"qrmt-intent-{intent_id}"


def status_name(status: Any) -> str:
    """Normalise a Runtime job status (enum or str) to an upper-case name."""
    return str(getattr(status, "name", status)).upper()


def make_estimator(mode: Any, options: EstimateOptions, tags: list[str]) -> Any:
    """The installed client-side Estimator with qrmt's options applied."""
    from qiskit_ibm_runtime.executor_estimator import Estimator

    est = Estimator(mode=mode)
    est.options.resilience_level = options.resilience_level
    if options.shots is not None:
        est.options.default_shots = options.shots
    if options.seed_simulator is not None:
        est.options.simulator.seed_simulator = options.seed_simulator
    est.options.environment.job_tags = list(tags)
    return est


def _is_session_refusal(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "session" in text and any(
        w in text for w in ("not allowed", "not authorized", "plan", "open", "1352")
    )


@contextlib.contextmanager
def execution_mode(backend: Any, mode: str) -> Iterator[tuple[Any, str]]:
    """Yield ``(primitive mode, effective mode name)`` for ``"job"|"batch"|"session"``.

    A session that the plan refuses (the Open plan allows only job and batch modes) falls
    back to a batch; the effective name says so (``"batch (session not allowed)"``).
    """
    from qiskit_ibm_runtime import Batch, Session

    check_choice("mode", mode, MODES)
    if mode == "job":
        yield backend, "job"
        return
    effective = mode
    try:
        ctx = Session(backend=backend) if mode == "session" else Batch(backend=backend)
    except Exception as exc:
        if mode == "session" and _is_session_refusal(exc):
            effective = "batch (session not allowed on this plan)"
            ctx = Batch(backend=backend)
        else:
            raise IBMRuntimeError(f"could not open a {mode}: {redact(exc)}") from None
    with ctx:
        yield ctx, effective


def parse_result(result: Any) -> dict[str, Any]:
    """Energies from a ``PrimitiveResult`` with one PUB: ``energy``/``std`` (+ arrays)."""
    pub = result[0]
    evs = np.asarray(pub.data.evs, dtype=float)
    stds = np.asarray(pub.data.stds, dtype=float)
    meta = getattr(result, "metadata", {}) or {}
    out: dict[str, Any] = {
        "energy": float(evs.reshape(-1)[0]),
        "std": float(stds.reshape(-1)[0]),
        "shots": meta.get("shots"),
        "target_precision": meta.get("target_precision"),
    }
    if evs.size > 1:
        out["energies"] = evs.reshape(-1).tolist()
        out["stds"] = stds.reshape(-1).tolist()
    return out


def run_with_intent(
    ledger: Ledger, intent_id: str, estimator: Any, pub: tuple[Any, ...],
    precision: float | None,
) -> Any:
    """Submit once (never retried: a lost reply may hide an accepted job); record the id."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            job = estimator.run([pub], precision=precision)
    except Exception as exc:
        if is_network_error(exc):
            # The request may have reached IBM: keep the intent open; resolve_intent finds
            # the job by its tag later, so a retry never submits twice.
            ledger.set_status(intent_id, "SUBMITTING", error="network error during submit")
            raise NetworkError(
                f"the network failed while submitting (intent {intent_id}); the job may or "
                f"may not exist: run `qrmt ibm status {intent_id}` to resolve it by its tag"
            ) from None
        ledger.set_status(intent_id, "ERROR", error=f"submission failed: {exc}")
        raise IBMRuntimeError(f"submission failed: {type(exc).__name__}: {redact(exc)}") from None
    ledger.set_job_id(intent_id, job.job_id())
    return job


def finish_local(ledger: Ledger, job: Any, extra: dict[str, Any]) -> dict[str, Any]:
    """Wait for an in-process local job, store its parsed result, return it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = parse_result(job.result())
    except Exception as exc:
        ledger.set_status(job.job_id(), "ERROR", error=f"{type(exc).__name__}: {exc}")
        raise IBMRuntimeError(f"local job {job.job_id()} failed: {redact(exc)}") from None
    parsed.update(extra)
    ledger.set_result(job.job_id(), parsed)
    return parsed


def submit_estimate(
    workload: Workload,
    backend: str,
    *,
    channel: str = LOCAL,
    shots: int | None = None,
    precision: float | None = None,
    resilience_level: int = 1,
    optimization_level: int = 1,
    mode: str = "job",
    seed_simulator: int | None = None,
    ledger: Ledger | None = None,
) -> JobRecord:
    """Transpile ``workload`` for ``backend``, submit one Estimator job, record it.

    The ledger gets the intent (status ``SUBMITTING``) before the submission, the job id
    right after it; in local mode also the result (see the module docstring).

    Args:
        workload: what to estimate.
        backend: backend name (``"fake_manila"`` in local mode).
        channel: ``"local"``, ``"ibm_quantum_platform"`` or ``"ibm_cloud"``.
        shots: shots (exclusive with ``precision``).
        precision: target standard error.
        resilience_level: 0, 1 or 2.
        optimization_level: preset pass-manager level.
        mode: ``"job"``, ``"batch"`` or ``"session"``.
        seed_simulator: Aer seed (local mode only).
        ledger: the ledger; default the one under ``QRMT_HOME``.

    Returns:
        The :class:`JobRecord`.

    Raises:
        UnknownBackendError: no such backend (message lists close names).
        CredentialError, NetworkError: cloud channel problems.
        ValueError: bad options, or the circuit does not fit the backend.
    """
    options = EstimateOptions(shots, precision, resilience_level, optimization_level,
                              seed_simulator)
    check_choice("mode", mode, MODES)
    service = get_service(channel)
    be = get_backend(service, backend)
    isa, isa_obs = to_isa(workload.circuit, workload.observable, be,
                          optimization_level=optimization_level)
    refs = {
        "ideal_energy": ideal_energy(workload.circuit, workload.observable, workload.params),
        "exact_energy": workload.exact_energy,
        "hf_energy": workload.hf_energy,
    }
    record = {**workload.description, "options": options.to_json(), "params":
              workload.params.tolist(), "n_qubits": workload.circuit.num_qubits, **refs}
    ledger = ledger or Ledger()
    intent = ledger.claim_intent(channel=channel, backend=be.name, mode=mode,
                                 description=workload.summary, workload=record)
    with execution_mode(be, mode) as (primitive_mode, effective):
        est = make_estimator(primitive_mode, options, [intent_tag(intent), "qrmt"])
        job = run_with_intent(ledger, intent, est, (isa, isa_obs, workload.params),
                               options.precision)
    status = "SUBMITTED"
    if channel == LOCAL:
        finish_local(ledger, job, refs)
        status = "DONE"
    return JobRecord(job.job_id(), intent, be.name, channel, effective, status,
                     workload.summary)
