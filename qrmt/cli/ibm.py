"""``qrmt ibm``: IBM Quantum through Qiskit Runtime (backends, submit, status, result, ...).

Parses and prints only; the work is done by :mod:`qrmt.ibm`. Without ``--channel`` and
without an IBM Quantum account the commands use the offline local testing channel and say
so on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["register"]

_CHANNELS = ("local", "ibm_quantum_platform", "ibm_cloud")


def _channel_arg(p: argparse.ArgumentParser, help_extra: str = "") -> None:
    p.add_argument("--channel", choices=_CHANNELS, default=None,
                   help="Runtime channel (default: your saved account's, else local)" + help_extra)


def _molecule_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group(required=False)
    g.add_argument("--molecule", help="built-in molecule name, e.g. H2")
    g.add_argument("--geometry", help='geometry in Å, e.g. "H 0 0 0; H 0 0 0.735"')
    p.add_argument("--charge", type=int, default=None)
    p.add_argument("--multiplicity", type=int, default=None)
    p.add_argument("--basis", default=None)
    p.add_argument("--active-electrons", type=int, default=None)
    p.add_argument("--active-orbitals", type=int, default=None)
    p.add_argument("--ansatz", choices=("hea", "ry", "uccsd"), default="hea")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--init", default="gaussian", help="initializer strategy (default gaussian)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--backend", required=False, help="backend name, e.g. fake_manila")
    shots = p.add_mutually_exclusive_group()
    shots.add_argument("--shots", type=int, default=None)
    shots.add_argument("--precision", type=float, default=None,
                       help="target standard error per estimate (default 1/64)")
    p.add_argument("--resilience-level", type=int, choices=(0, 1, 2), default=1)
    p.add_argument("--optimization-level", type=int, choices=(0, 1, 2, 3), default=1)
    p.add_argument("--json", action="store_true", help="print JSON")


def register(subparsers: Any) -> None:
    """Add ``qrmt ibm`` and its sub-commands."""
    ibm = subparsers.add_parser(
        "ibm", help="run workloads on IBM Quantum (or offline in local testing mode)",
        description="IBM Quantum through Qiskit Runtime; --channel local works offline.")
    sub = ibm.add_subparsers(dest="ibm_command", metavar="ACTION")
    ibm.set_defaults(func=lambda args: (ibm.print_help(), 0)[1])

    p = sub.add_parser("backends", help="list the channel's backends")
    _channel_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_backends)

    p = sub.add_parser("submit", help="submit one energy estimate; prints the job id")
    _molecule_args(p)
    p.add_argument("--mode", choices=("job", "batch", "session"), default="job")
    _channel_arg(p)
    p.set_defaults(func=_submit)

    for name, fn, text in (("status", _status, "a job's status"),
                           ("result", _result, "a finished job's energy and references"),
                           ("cancel", _cancel, "cancel a queued or running job")):
        p = sub.add_parser(name, help=text)
        p.add_argument("job", metavar="JOB", help="job id (or intent id) from submit / jobs")
        _channel_arg(p, " (only for jobs not in the ledger)")
        if name != "cancel":
            p.add_argument("--json", action="store_true")
        p.set_defaults(func=fn)

    p = sub.add_parser("jobs", help="list the jobs in the ledger")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_jobs)

    p = sub.add_parser("vqe", help="run a checkpointed SPSA-VQE in a session")
    _molecule_args(p)
    p.add_argument("--max-iter", type=int, default=20, help="iteration budget (default 20)")
    p.add_argument("--resume", metavar="ID", default=None, help="continue VQE run ID")
    p.add_argument("--learning-rate", type=float, default=0.2, help="SPSA a (default 0.2)")
    p.add_argument("--perturbation", type=float, default=0.1, help="SPSA c (default 0.1)")
    _channel_arg(p)
    p.set_defaults(func=_vqe)


# -- helpers ---------------------------------------------------------------------------------


def _setup() -> None:
    import logging

    from qrmt.ibm.errors import install_log_redaction

    install_log_redaction(logging.ERROR)


def _resolve_channel(args: argparse.Namespace) -> str:
    from qrmt.ibm import default_channel

    if args.channel:
        return str(args.channel)
    channel, note = default_channel()
    if note:
        print(f"qrmt: {note}", file=sys.stderr)
    return channel


def _call(fn: Any, *a: Any, **kw: Any) -> Any:
    """Run a library call; turn qrmt.ibm errors into one-line CLI errors (redacted)."""
    from qrmt.cli import CLIError
    from qrmt.ibm import IBMRuntimeError, redact

    _setup()
    try:
        return fn(*a, **kw)
    except IBMRuntimeError as exc:
        raise CLIError(redact(exc)) from None
    except (ValueError, TypeError) as exc:
        raise CLIError(redact(exc)) from None


def _dump(obj: Any) -> None:
    print(json.dumps(obj, indent=2, default=str))


def _fmt(x: Any, digits: int = 6) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _spec(args: argparse.Namespace) -> dict[str, Any]:
    from qrmt.cli import CLIError

    if not args.molecule and not args.geometry:
        raise CLIError("give --molecule NAME or --geometry '...'")
    return {"molecule": args.molecule, "geometry": args.geometry, "charge": args.charge,
            "multiplicity": args.multiplicity, "basis": args.basis,
            "active_electrons": args.active_electrons, "active_orbitals": args.active_orbitals,
            "ansatz": args.ansatz, "layers": args.layers, "init": args.init, "seed": args.seed}


# -- handlers --------------------------------------------------------------------------------


def _backends(args: argparse.Namespace) -> int:
    from qrmt.ibm import list_backends

    rows = _call(list_backends, _resolve_channel(args))
    if args.json:
        _dump(rows)
        return 0
    print(f"{'backend':<24} {'qubits':>6}  {'pending':>7}  kind")
    for r in rows:
        pend = "-" if r["pending_jobs"] is None else r["pending_jobs"]
        print(f"{r['name']:<24} {r['num_qubits']:>6}  {pend:>7}  {r['simulator']}")
    return 0


def _submit(args: argparse.Namespace) -> int:
    from qrmt.cli import CLIError
    from qrmt.ibm import build_workload, submit_estimate

    if not args.backend:
        raise CLIError("--backend NAME is required (qrmt ibm backends lists them)")
    channel = _resolve_channel(args)
    workload = _call(build_workload, **_spec(args))
    rec = _call(submit_estimate, workload, args.backend, channel=channel, shots=args.shots,
                precision=args.precision, resilience_level=args.resilience_level,
                optimization_level=args.optimization_level, mode=args.mode)
    if args.json:
        _dump({"job_id": rec.job_id, "backend": rec.backend, "channel": rec.channel,
               "mode": rec.mode, "status": rec.status})
    else:
        print(rec.job_id)
    return 0


def _status(args: argparse.Namespace) -> int:
    from qrmt.ibm import job_status

    st = _call(job_status, args.job, channel=args.channel)
    if args.json:
        _dump(st)
    else:
        extra = f"  ({st['error']})" if st.get("error") else ""
        print(f"{st['status']}{extra}")
    return 0


def _result(args: argparse.Namespace) -> int:
    from qrmt.ibm import job_result

    r = _call(job_result, args.job, channel=args.channel)
    if args.json:
        _dump(r)
        return 0
    print(f"job           {r['job_id']} on {r['backend']} ({r['channel']})")
    print(f"energy        {_fmt(r['energy'])} ± {_fmt(r['std'])} Ha  (shots {r.get('shots')})")
    print(f"ideal_energy  {_fmt(r.get('ideal_energy'))} Ha  (same circuit, no noise)")
    print(f"exact_energy  {_fmt(r.get('exact_energy'))} Ha  (sector-correct reference)")
    if r.get("error_vs_ideal") is not None:
        print(f"noise cost    {_fmt(r['error_vs_ideal'])} Ha  (energy - ideal_energy)")
    return 0


def _jobs(args: argparse.Namespace) -> int:
    from qrmt.ibm import list_jobs

    rows = _call(list_jobs)
    if args.json:
        _dump(rows)
        return 0
    if not rows:
        print("no jobs in the ledger")
    for r in rows:
        jid = r["job_id"] or f"(intent {r['intent_id']})"
        print(f"{r['submitted_at']}  {jid}  {r['backend']}  {r['channel']}  {r['status']}  "
              f"{r['description']}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from qrmt.ibm import cancel_job

    out = _call(cancel_job, args.job, channel=args.channel)
    print(f"{out['job_id']} {out['status']}")
    return 0


def _vqe(args: argparse.Namespace) -> int:
    from qrmt.cli import CLIError
    from qrmt.ibm import run_vqe_on_backend

    kwargs: dict[str, Any] = {
        "max_iter": args.max_iter, "shots": args.shots, "precision": args.precision,
        "resilience_level": args.resilience_level,
        "optimization_level": args.optimization_level,
        "learning_rate": args.learning_rate, "perturbation": args.perturbation,
        "seed": args.seed,
    }
    if args.resume:
        from qrmt.ibm import Ledger

        run = _call(Ledger().get_run, args.resume)
        if run is None:
            raise CLIError(f"--resume: no VQE run {args.resume!r} in the ledger")
        kwargs.update(resume=args.resume, channel=run["channel"])
    else:
        if not args.backend:
            raise CLIError("--backend NAME is required (qrmt ibm backends lists them)")
        kwargs.update(backend=args.backend, spec=_spec(args), channel=_resolve_channel(args))

    def progress(rec: dict[str, Any]) -> None:
        if not args.json:
            print(f"iteration {rec['iteration']:>3}  E = {rec['energy']:.6f} ± {rec['std']:.6f}"
                  f"  job {rec['job_id']}", flush=True)

    started: dict[str, Any] = {}

    def start(info: dict[str, Any]) -> None:
        started.update(info)
        if not args.json:
            what = f"resuming after {info['done']} iterations" if info["done"] else "started"
            print(f"VQE run {info['run_id']} on {info['backend']} ({info['mode']}): {what}",
                  flush=True)

    try:
        out = _call(run_vqe_on_backend, callback=progress, on_start=start, **kwargs)
    except KeyboardInterrupt:
        if started:
            print(f"qrmt: interrupted; continue with: qrmt ibm vqe --resume {started['run_id']}"
                  f" --max-iter {args.max_iter}", file=sys.stderr)
        return 130
    if args.json:
        _dump(out)
        return 0
    print(f"run {out['run_id']} ({out['mode']}): {len(out['iterations'])} iterations")
    print(f"last energy   {_fmt(out['energy'])} Ha   best {_fmt(out['best_energy'])} Ha")
    print(f"ideal_energy  {_fmt(out['ideal_energy'])} Ha  (final parameters, no noise)")
    print(f"exact_energy  {_fmt(out['exact_energy'])} Ha")
    return 0
