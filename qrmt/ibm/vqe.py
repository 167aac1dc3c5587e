"""A VQE loop on a Runtime backend: SPSA inside a Session, checkpointed, resumable.

Optimizer: SPSA (Spall 1998), because it needs two energies per step whatever the number
of parameters and tolerates shot noise. Iteration ``k`` draws ``Δ_k ∈ {±1}^P`` and sends
**one** Estimator job whose PUB carries three parameter sets, ``θ_k + c_k Δ_k``,
``θ_k − c_k Δ_k`` and ``θ_k``; then

    g_k = (E₊ − E₋) / (2 c_k) · Δ_k,        θ_{k+1} = θ_k − a_k g_k,

with ``a_k = a / (k + 1 + A)^0.602`` and ``c_k = c / (k + 1)^0.101`` (Spall's gains,
``A = 0.1 · max_iter`` of the run's first invocation, kept when a resume extends the
budget). ``E(θ_k)`` is the iteration's reported energy.

Every finished iteration is checkpointed in the ledger: job id, ``θ_k``, ``E(θ_k)``, its
standard error and ``θ_{k+1}``. ``Δ_k`` and the local simulator seed of iteration ``k``
come from child ``k`` of the run's seed sequence, so a resumed run draws exactly what the
uninterrupted one would have. Each iteration's job goes through a ledger intent
``<run>-it<k>``: a resume first reuses that job (its stored result, or on a cloud channel
the job itself, which kept running on IBM's side) and submits only when no job exists.
A job recorded as failed or cancelled (or that IBM reports so) is marked ``ERROR`` /
``CANCELLED`` and the iteration is submitted again as intent ``<run>-it<k>-r<n>``, with the
same parameters and simulator seed.

Runs in a ``Session`` (dedicated QPU access between iterations); when the plan refuses
sessions (IBM's Open plan) it falls back to a ``Batch`` and says so in ``mode``.

References:
    J. C. Spall, "Implementation of the simultaneous perturbation algorithm for stochastic
    optimization", IEEE Trans. Aerosp. Electron. Syst. 34, 817 (1998).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from qrmt._rng import SeedLike, as_seed_sequence
from qrmt._validation import check_positive_float, check_positive_int
from qrmt.ibm.errors import IBMRuntimeError, LedgerConflictError
from qrmt.ibm.ledger import Ledger, owner_alive
from qrmt.ibm.service import LOCAL, get_backend, get_service, with_retries
from qrmt.ibm.submit import (
    EstimateOptions,
    execution_mode,
    intent_tag,
    make_estimator,
    parse_result,
    run_with_intent,
    status_name,
)
from qrmt.ibm.workload import Workload, build_workload, ideal_energy, to_isa
from qrmt.vqe.optimizers import spsa_gains

__all__ = ["run_vqe_on_backend", "spsa_gains"]

_FAILED = frozenset({"ERROR", "CANCELLED"})


def _iteration_rng(cfg: dict[str, Any], k: int) -> np.random.Generator:
    """Generator of iteration ``k``: child ``k`` of the run's seed sequence."""
    key = (*[int(x) for x in cfg["spawn_key"]], k)
    return np.random.default_rng(np.random.SeedSequence(cfg["entropy"], spawn_key=key))


class _Runner:
    """One VQE run's state: backend, ISA circuit, ledger and execution mode."""

    def __init__(self, ledger: Ledger, run: dict[str, Any], workload: Workload) -> None:
        self.ledger, self.run, self.workload = ledger, run, workload
        cfg = run["config"]
        self.channel, self.cfg = run["channel"], cfg
        self.options = EstimateOptions(**cfg["options"])
        self.service = get_service(self.channel)
        self.backend = get_backend(self.service, run["backend"])
        self.isa, self.isa_obs = to_isa(workload.circuit, workload.observable, self.backend,
                                        optimization_level=self.options.optimization_level)

    def _stored(self, row: dict[str, Any]) -> dict[str, Any] | None:
        """A usable result of an existing intent row, or None if it must be redone.

        A row recorded as failed (``ERROR``/``CANCELLED``), or a cloud job that reports
        such a status, yields None: :meth:`evaluate` then submits the ``-r<attempt>`` retry
        instead of fetching the failed job again on every resume.
        """
        if row.get("result"):
            return dict(row["result"])
        if row["status"] in _FAILED:
            return None
        if row["job_id"] is not None and self.channel != LOCAL:
            job = with_retries(lambda: self.service.job(row["job_id"]), what="retrieve job")
            if self._failed(row["intent_id"], job) is not None:
                return None
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    parsed = parse_result(with_retries(job.result, what="fetch the result"))
            except Exception as exc:  # failed while we waited: retry it; else report
                if self._failed(row["intent_id"], job, f"{type(exc).__name__}: {exc}"):
                    return None
                raise
            parsed["job_id"] = row["job_id"]
            self.ledger.set_result(row["job_id"], parsed)
            return parsed
        if row["job_id"] is None and self.channel != LOCAL:
            tag = intent_tag(row["intent_id"])
            found = with_retries(lambda: list(self.service.jobs(job_tags=[tag], limit=1)),
                                 what="look the job up by its tag")
            if found:
                self.ledger.set_job_id(row["intent_id"], found[0].job_id())
                return self._stored(self.ledger.get(row["intent_id"]) or row)
        if owner_alive(row["owner"]) is True and row["status"] in ("SUBMITTING", "SUBMITTED"):
            from qrmt.ibm.ledger import current_owner

            if row["owner"] != current_owner():
                raise LedgerConflictError(
                    f"iteration intent {row['intent_id']} is held by live process {row['owner']}"
                )
        self.ledger.set_status(row["intent_id"], "LOST" if self.channel == LOCAL else "ABANDONED")
        return None

    def _failed(self, intent: str, job: Any, error: str | None = None) -> str | None:
        """Record and return the job's failure status (``ERROR``/``CANCELLED``), else None.

        A cloud job's status comes from the service; a local job that failed is gone with
        it (it ran in this process), so it counts as ``ERROR``.
        """
        if self.channel == LOCAL:
            status = "ERROR"
        else:
            try:
                status = status_name(with_retries(job.status, what="get the job status"))
            except IBMRuntimeError:  # unknown: leave the row for the next resume to check
                return None
            if status not in _FAILED:
                return None
        self.ledger.set_status(intent, status,
                               error=error or f"iteration job {job.job_id()} ended {status}")
        return status

    def evaluate(self, k: int, mode: Any, values: np.ndarray, seed_sim: int) -> dict[str, Any]:
        """Energies of the rows of ``values`` for iteration ``k``, reusing any earlier job."""
        base = f"{self.run['run_id']}-it{k}"
        for attempt in range(100):
            intent = base if attempt == 0 else f"{base}-r{attempt}"
            row = self.ledger.get(intent)
            if row is not None:
                stored = self._stored(row)
                if stored is not None:
                    return stored
                continue
            return self._submit(intent, k, mode, values, seed_sim)
        raise IBMRuntimeError(f"iteration {k} failed 100 times; giving up")  # pragma: no cover

    def _submit(self, intent: str, k: int, mode: Any, values: np.ndarray,
                seed_sim: int) -> dict[str, Any]:
        opts = EstimateOptions(**{**self.options.to_json(), "seed_simulator": seed_sim})
        self.ledger.claim_intent(
            intent_id=intent, channel=self.channel, backend=self.backend.name,
            mode=self.run.get("mode") or "session",
            description=f"VQE {self.run['run_id']} iteration {k}: {self.workload.summary}",
            workload={**self.workload.description, "params": values[-1].tolist()},
            run_id=self.run["run_id"], iteration=k,
        )
        est = make_estimator(mode, opts, [intent_tag(intent), "qrmt", self.run["run_id"]])
        job = run_with_intent(self.ledger, intent, est, (self.isa, self.isa_obs, values),
                               opts.precision)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = parse_result(with_retries(job.result, what="fetch the iteration result"))
        except Exception as exc:
            # a failed job is recorded so a resume retries it; a cloud job that may still
            # run (network trouble, status unknown) stays SUBMITTED and is fetched again
            self._failed(intent, job, error=f"{type(exc).__name__}: {exc}")
            raise
        parsed["job_id"] = job.job_id()
        self.ledger.set_result(intent, parsed)
        return parsed


def _config(workload: Workload, spec: dict[str, Any] | None, options: EstimateOptions,
            a: float, c: float, seed: SeedLike) -> dict[str, Any]:
    ss = as_seed_sequence(seed)
    raw: Any = ss.entropy
    entropy = raw if isinstance(raw, int) else [int(e) for e in raw]
    return {
        "spec": spec, "options": options.to_json(), "a": a, "c": c,
        "entropy": entropy, "spawn_key": [int(x) for x in (ss.spawn_key or ())],
        "params0": workload.params.tolist(), "n_params": int(workload.params.size),
        "description": workload.description, "summary": workload.summary,
    }


def run_vqe_on_backend(
    backend: str | None = None,
    *,
    workload: Workload | None = None,
    spec: dict[str, Any] | None = None,
    channel: str = LOCAL,
    max_iter: int = 20,
    resume: str | None = None,
    shots: int | None = None,
    precision: float | None = None,
    resilience_level: int = 1,
    optimization_level: int = 1,
    learning_rate: float = 0.2,
    perturbation: float = 0.1,
    seed: SeedLike = None,
    mode: str = "session",
    ledger: Ledger | None = None,
    callback: Callable[[dict[str, Any]], None] | None = None,
    on_start: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run (or resume) SPSA-VQE on a backend, one checkpointed job per iteration.

    Args:
        backend: backend name (not needed with ``resume``).
        workload: what to optimise, or
        spec: keyword arguments of :func:`~qrmt.ibm.workload.build_workload`; stored so a
            resume can rebuild the workload (a hand-made ``workload`` must be passed again).
        channel: Runtime channel.
        max_iter: total iteration budget (a resume runs up to this count).
        resume: run id to continue; finished iterations are not repeated.
        shots: shots per parameter set (exclusive with ``precision``).
        precision: target standard error per energy.
        resilience_level: Estimator resilience level 0, 1 or 2.
        optimization_level: transpiler preset level.
        learning_rate: SPSA gain ``a``.
        perturbation: SPSA perturbation ``c``.
        seed: seed of the perturbations and of the local simulator.
        mode: ``"session"`` (falls back to batch if refused), ``"batch"`` or ``"job"``.
        ledger: default the one under ``QRMT_HOME``.
        callback: called with each iteration's record after it is checkpointed.
        on_start: called once the run is recorded and its session is open, with
            ``run_id``, ``mode``, ``backend`` and ``done`` (iterations already finished).

    Returns:
        ``run_id``, ``mode``, ``status``, ``iterations`` (``iteration``, ``job_id``,
        ``energy``, ``std``), ``energy`` (last evaluated), ``best_energy``, ``params``
        (``θ_K``), ``ideal_energy`` (noise-free energy of ``θ_K``), ``exact_energy``.

    Raises:
        ValueError: bad arguments, unknown run id, or a workload that does not match it.
    """
    check_positive_int("max_iter", max_iter)
    check_positive_float("learning_rate", learning_rate)
    check_positive_float("perturbation", perturbation)
    ledger = ledger or Ledger()
    if resume is not None:
        run = ledger.get_run(resume)
        if run is None:
            raise ValueError(f"resume: no VQE run {resume!r} in the ledger ({ledger.path})")
        if workload is None:
            if not run["config"]["spec"]:
                raise ValueError(f"run {resume} was made from a custom workload; pass it again")
            workload = build_workload(**run["config"]["spec"])
        if workload.params.size != run["config"]["n_params"]:
            raise ValueError(
                f"the workload has {workload.params.size} parameters but run {resume} has "
                f"{run['config']['n_params']}"
            )
    else:
        if backend is None:
            raise ValueError("backend is required to start a VQE run")
        if workload is None:
            if spec is None:
                raise ValueError("give workload= or spec= (molecule options)")
            workload = build_workload(**spec)
        options = EstimateOptions(shots, precision, resilience_level, optimization_level)
        cfg = _config(workload, spec, options, learning_rate, perturbation, seed)
        cfg["big_a"] = 0.1 * max_iter  # fixed at creation: a longer resume keeps the gains
        service = get_service(channel)
        be_name = get_backend(service, backend).name  # validate before recording the run
        run_id = ledger.create_run(channel=channel, backend=be_name, config=cfg)
        run = ledger.get_run(run_id)
        assert run is not None
    return _loop(ledger, run, workload, max_iter, mode, callback, on_start)


def _loop(ledger: Ledger, run: dict[str, Any], workload: Workload, max_iter: int,
          mode: str, callback: Callable[[dict[str, Any]], None] | None,
          on_start: Callable[[dict[str, Any]], None] | None) -> dict[str, Any]:
    runner = _Runner(ledger, run, workload)
    cfg = run["config"]
    done = ledger.iterations(run["run_id"])
    theta = np.asarray(done[-1]["next_params"] if done else cfg["params0"], dtype=np.float64)
    big_a = float(cfg.get("big_a", 0.1 * max_iter))
    effective = run.get("mode") or mode
    try:
        with execution_mode(runner.backend, mode) as (primitive_mode, effective):
            ledger.set_run(run["run_id"], status="RUNNING", mode=effective)
            if on_start is not None:
                on_start({"run_id": run["run_id"], "mode": effective,
                          "backend": runner.backend.name, "done": len(done)})
            for k in range(len(done), max_iter):
                rng = _iteration_rng(cfg, k)
                delta = rng.choice(np.array([-1.0, 1.0]), size=theta.size)
                seed_sim = int(rng.integers(2**31 - 1))
                a_k, c_k = spsa_gains(k, a=cfg["a"], c=cfg["c"], big_a=big_a)
                values = np.stack([theta + c_k * delta, theta - c_k * delta, theta])
                res = runner.evaluate(k, primitive_mode, values, seed_sim)
                e_plus, e_minus, energy = res["energies"]
                new = theta - a_k * (e_plus - e_minus) / (2.0 * c_k) * delta
                record = {"iteration": k, "job_id": res["job_id"], "energy": energy,
                          "std": res["stds"][2]}
                ledger.add_iteration(run["run_id"], k, job_id=res["job_id"],
                                     params=theta.tolist(), energy=energy, std=res["stds"][2],
                                     next_params=new.tolist())
                theta = new
                if callback is not None:
                    callback(record)
    except BaseException:
        ledger.set_run(run["run_id"], status="INTERRUPTED")
        raise
    ledger.set_run(run["run_id"], status="DONE")
    return _summary(ledger, run["run_id"], workload, theta, effective)


def _summary(ledger: Ledger, run_id: str, workload: Workload, theta: np.ndarray,
             mode: str) -> dict[str, Any]:
    its = ledger.iterations(run_id)
    energies = [it["energy"] for it in its]
    return {
        "run_id": run_id,
        "mode": mode,
        "status": "DONE",
        "iterations": [{"iteration": it["iteration"], "job_id": it["job_id"],
                        "energy": it["energy"], "std": it["std"]} for it in its],
        "energy": energies[-1] if energies else None,
        "best_energy": min(energies) if energies else None,
        "params": theta.tolist(),
        "ideal_energy": ideal_energy(workload.circuit, workload.observable, theta),
        "exact_energy": workload.exact_energy,
        "hf_energy": workload.hf_energy,
    }
