"""Status, result, listing and cancellation of recorded jobs; resolving open intents.

Every function reads the ledger first. A cloud job's status and result come from the
service (with bounded retries) and are written back; a local job's result is whatever the
submitting process stored (local jobs cannot be retrieved from another process, see
:mod:`qrmt.ibm.submit`).
"""

from __future__ import annotations

import warnings
from typing import Any

from qrmt.ibm.errors import IBMRuntimeError, JobNotFoundError
from qrmt.ibm.ledger import TERMINAL, Ledger, owner_alive
from qrmt.ibm.service import LOCAL, get_service, with_retries
from qrmt.ibm.submit import intent_tag, parse_result, status_name

__all__ = ["cancel_job", "job_result", "job_status", "list_jobs", "resolve_intent"]

_LOST = (
    "local job ran inside process {owner}, which ended before the result was stored; "
    "local testing-mode jobs live only in the submitting process, so it cannot be "
    "recovered: submit it again"
)


def _row(ledger: Ledger, key: str, channel: str | None) -> dict[str, Any]:
    row = ledger.get(key)
    if row is not None:
        return row
    if channel in (None, LOCAL):
        raise JobNotFoundError(
            f"job {key!r} is not in the ledger ({ledger.path}); `qrmt ibm jobs` lists the "
            "recorded ones (a cloud job submitted elsewhere needs --channel ibm_quantum_platform)"
        )
    return {"job_id": key, "intent_id": None, "channel": channel, "status": "UNKNOWN",
            "owner": "", "result": None, "workload": {}, "backend": "?"}


def resolve_intent(key: str, *, ledger: Ledger | None = None) -> dict[str, Any]:
    """Settle an intent that has no job id (its submitter crashed or lost the network).

    Cloud: look for a job tagged with the intent (``service.jobs(job_tags=[tag])``) and
    record its id, or mark the intent ``ABANDONED`` when none exists (nothing was
    submitted; submitting again is safe). Local: if the owner process is dead the job died
    with it (``LOST``); if it is alive, the submission is still in progress.

    Returns:
        The updated ledger row.
    """
    ledger = ledger or Ledger()
    row = ledger.get(key)
    if row is None or row["job_id"] is not None or row["status"] in TERMINAL:
        return row if row is not None else _row(ledger, key, None)
    if row["channel"] == LOCAL:
        if owner_alive(row["owner"]) is False:
            ledger.set_status(key, "LOST", error=_LOST.format(owner=row["owner"]))
    else:
        service = get_service(row["channel"])
        tag = intent_tag(row["intent_id"])
        found = with_retries(lambda: list(service.jobs(job_tags=[tag], limit=5)),
                             what="look the job up by its tag")
        if found:
            ledger.set_job_id(row["intent_id"], found[0].job_id())
        elif owner_alive(row["owner"]) is not True:
            ledger.set_status(key, "ABANDONED", error="no job carries this intent's tag")
    return ledger.get(key) or row


def _local_status(ledger: Ledger, row: dict[str, Any]) -> str:
    if row["status"] in TERMINAL or row["status"] == "ABANDONED":
        return str(row["status"])
    if owner_alive(row["owner"]) is False:
        ledger.set_status(row["intent_id"], "LOST", error=_LOST.format(owner=row["owner"]))
        return "LOST"
    return str(row["status"])


def _remote_job(channel: str, job_id: str) -> Any:
    service = get_service(channel)
    return with_retries(lambda: service.job(job_id), what=f"retrieve job {job_id}")


def job_status(job_id: str, *, channel: str | None = None,
               ledger: Ledger | None = None) -> dict[str, Any]:
    """The job's status, read from the ledger and (cloud jobs) the service.

    Statuses: ``SUBMITTING``, ``SUBMITTED``, ``QUEUED``, ``RUNNING``, ``DONE``, ``ERROR``,
    ``CANCELLED``, ``LOST`` (a local job whose process died), ``ABANDONED`` (an intent that
    never became a job).

    Args:
        job_id: job id or intent id.
        channel: for a cloud job that is not in the ledger.
        ledger: default the one under ``QRMT_HOME``.

    Returns:
        ``{"job_id", "intent_id", "status", "backend", "channel", "error"}``.

    Raises:
        JobNotFoundError: unknown id.
    """
    ledger = ledger or Ledger()
    row = _row(ledger, job_id, channel)
    if row.get("intent_id") and row["job_id"] is None:
        row = resolve_intent(row["intent_id"], ledger=ledger)
    if row["channel"] == LOCAL:
        status = _local_status(ledger, row)
    elif row["status"] in TERMINAL or row["job_id"] is None:
        status = str(row["status"])
    else:
        job = _remote_job(row["channel"], row["job_id"])
        status = status_name(with_retries(job.status, what="get the job status"))
        if row.get("intent_id"):
            ledger.set_status(row["job_id"], status)
    fresh = ledger.get(job_id) or row
    return {"job_id": fresh["job_id"], "intent_id": fresh.get("intent_id"), "status": status,
            "backend": fresh["backend"], "channel": fresh["channel"],
            "error": fresh.get("error")}


def _with_refs(row: dict[str, Any], parsed: dict[str, Any]) -> dict[str, Any]:
    work = row.get("workload") or {}
    out = {"job_id": row["job_id"], "backend": row["backend"], "channel": row["channel"]}
    out.update(parsed)
    for key in ("ideal_energy", "exact_energy", "hf_energy"):
        out.setdefault(key, work.get(key))
    e, ideal, exact = out.get("energy"), out.get("ideal_energy"), out.get("exact_energy")
    out["error_vs_ideal"] = None if e is None or ideal is None else e - ideal
    out["error_vs_exact"] = None if e is None or exact is None else e - exact
    return out


def job_result(job_id: str, *, channel: str | None = None,
               ledger: Ledger | None = None) -> dict[str, Any]:
    """The job's energy estimate with its references.

    Returns:
        ``energy``, ``std`` (the Estimator's standard error), ``ideal_energy`` (noise-free
        statevector of the same bound circuit), ``exact_energy`` (sector-correct reference),
        ``error_vs_ideal``, ``error_vs_exact``, ``shots``, ``job_id``, ``backend``,
        ``channel``.

    Raises:
        JobNotFoundError: unknown id.
        IBMRuntimeError: the job failed, was cancelled, is lost, or is not finished.
    """
    ledger = ledger or Ledger()
    row = _row(ledger, job_id, channel)
    if row.get("result"):
        return _with_refs(row, row["result"])
    state = job_status(job_id, channel=channel, ledger=ledger)
    if row["channel"] == LOCAL or state["status"] in TERMINAL - {"DONE"}:
        detail = f": {state['error']}" if state.get("error") else ""
        raise IBMRuntimeError(f"job {job_id} has no result (status {state['status']}){detail}")
    if state["status"] != "DONE":
        raise IBMRuntimeError(
            f"job {job_id} is {state['status']}; try again later (`qrmt ibm status {job_id}`)"
        )
    job = _remote_job(row["channel"], state["job_id"])

    def fetch() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return job.result()

    parsed = parse_result(with_retries(fetch, what=f"fetch the result of {job_id}"))
    if row.get("intent_id"):
        ledger.set_result(state["job_id"], parsed)
    return _with_refs(row, parsed)


def list_jobs(*, ledger: Ledger | None = None) -> list[dict[str, Any]]:
    """The ledger's jobs, oldest first (local intents of dead processes are settled).

    Returns:
        Dicts with ``job_id``, ``intent_id``, ``backend``, ``channel``, ``mode``,
        ``status``, ``submitted_at``, ``description``, ``energy`` (when known), ``run_id``.
    """
    ledger = ledger or Ledger()
    out = []
    for row in ledger.entries():
        status = _local_status(ledger, row) if row["channel"] == LOCAL else row["status"]
        out.append({
            "job_id": row["job_id"], "intent_id": row["intent_id"], "backend": row["backend"],
            "channel": row["channel"], "mode": row["mode"], "status": status,
            "submitted_at": row["submitted_at"], "description": row["description"],
            "energy": (row["result"] or {}).get("energy"), "run_id": row["run_id"],
        })
    return out


def cancel_job(job_id: str, *, channel: str | None = None,
               ledger: Ledger | None = None) -> dict[str, Any]:
    """Cancel a queued or running cloud job; local jobs cannot be cancelled from outside.

    Returns:
        ``{"job_id", "status"}`` after the cancellation.

    Raises:
        IBMRuntimeError: the job is finished, or is a local job (it runs inside the
            submitting process: stop that process instead).
    """
    ledger = ledger or Ledger()
    state = job_status(job_id, channel=channel, ledger=ledger)
    if state["status"] in TERMINAL:
        raise IBMRuntimeError(f"job {job_id} is already {state['status']}; nothing to cancel")
    if state["channel"] == LOCAL:
        raise IBMRuntimeError(
            f"job {job_id} is a local testing-mode job running inside another process; "
            "it cannot be cancelled from here (stop that process)"
        )
    job = _remote_job(state["channel"], state["job_id"])
    with_retries(job.cancel, what=f"cancel job {job_id}")  # its errors come redacted
    ledger.set_status(state["job_id"], "CANCELLED")
    return {"job_id": state["job_id"], "status": "CANCELLED"}
