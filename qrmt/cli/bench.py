"""``qrmt bench``: run a VQE benchmark sweep (or a gradient-variance scan) and report it.

Contract (issue 4)::

    qrmt bench [--molecule NAME ...] | [--geometry "He 0 0 0; H 0 0 0.772" [--charge Q]
               [--multiplicity M] [--basis sto-3g] [--active-electrons N --active-orbitals M]
               [--name LABEL]] [--ansatz hea|ry|uccsd|kupccgsd ...] [--layers L]
               [--init gue,cue,goe,uniform,zeros,...] [--seeds N] [--seed ROOT]
               [--optimizer adam|gd|lbfgs|cobyla|spsa] [--max-iter K]
               [--backend lightning|default|aer|aer-shots|aer-noisy] [--shots S]
               [--noise-backend fake_manila] [--workers W] [--dask-scheduler ADDRESS]
               [--db PATH] [--out DIR] [--json]

Every input is validated (molecules, configurations, memory) before any run starts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["register"]

_DEFAULT_ROOT_SEED = 0


def _request(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """Validate the arguments into a SweepRequest and the recorded sweep configuration."""
    from qrmt.bench.outputs import parse_ints, split_list
    from qrmt.bench.suite import DEFAULT_SUITE, build_configs, resolve_molecules

    geo_opts = {"charge": args.charge, "multiplicity": args.multiplicity, "basis": args.basis,
                "active_electrons": args.active_electrons,
                "active_orbitals": args.active_orbitals, "name": args.name}
    if args.geometry is None:
        given = [f"--{k.replace('_', '-')}" for k, v in geo_opts.items() if v is not None]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise ValueError(f"{', '.join(given)} only {verb} with --geometry (built-in molecules "
                             "have their own; see `qrmt molecules`)")
    names = split_list(args.molecule)
    if not names and args.geometry is None:
        names = list(DEFAULT_SUITE["molecules"])
    molecules = resolve_molecules(names, args.geometry, geo_opts)
    ansatze = split_list(args.ansatz) or list(DEFAULT_SUITE["ansatze"])
    inits = split_list(args.init)
    layers: list[int | None] = list(parse_ints("--layers", split_list(args.layers))) or [None]
    run_options = {"backend": args.backend, "optimizer": args.optimizer,
                   "max_iter": args.max_iter if args.max_iter is not None
                   else DEFAULT_SUITE["max_iter"],
                   "stepsize": args.stepsize, "shots": args.shots,
                   "noise_backend": args.noise_backend}
    req = build_configs(ansatze, inits or list(DEFAULT_SUITE["inits"]), layers,
                        explicit_inits=bool(inits), **run_options)
    req.molecules = molecules
    config = {"molecules": [m.to_dict() for m in molecules],
              "configs": [c.to_dict() for c in req.configs],
              "seeds": args.seeds, "root_seed": args.seed,
              "arguments": {k: v for k, v in vars(args).items() if k != "func"}}
    return req, config


def _run(args: argparse.Namespace) -> int:
    from qrmt.bench.outputs import check_paths, open_store, write_outputs
    from qrmt.bench.plan import make_plan
    from qrmt.bench.report import format_table, summarize, to_json
    from qrmt.bench.runner import vqe_task
    from qrmt.bench.store import default_db_path
    from qrmt.bench.suite import compatible_pairs, prepare_problems
    from qrmt.bench.sweep import run_sweep
    from qrmt.cli import CLIError

    t0 = time.perf_counter()
    if args.workers is not None and args.workers < 1:
        raise ValueError(f"--workers must be a positive int; got {args.workers}")
    if args.seeds < 1:
        raise ValueError(f"--seeds must be a positive int; got {args.seeds}")
    if args.seed < 0:
        raise ValueError(f"--seed must be a non-negative int; got {args.seed}")
    if args.grad_variance:
        from qrmt.bench.gradvar import run_grad_variance_cli as run_grad_variance

        return run_grad_variance(args)
    req, sweep_config = _request(args)
    db_path = Path(args.db).expanduser() if args.db else default_db_path()
    check_paths(db_path, args.out)  # before any problem is built or run starts
    for note in req.notes:
        print(f"qrmt: note: {note}", file=sys.stderr)
    problems = prepare_problems(req.molecules)
    pairs, skipped = compatible_pairs(problems, req.configs)
    for note in skipped:
        print(f"qrmt: note: {note}", file=sys.stderr)
    sweep_config["skipped"] = [*req.notes, *skipped]
    tasks = []
    for m in req.molecules:
        configs = [c.to_dict() for name, c in pairs if name == m.name]
        if configs:
            tasks += make_plan([m.to_dict()], configs, args.seeds, args.seed)
    from qrmt.bench.executor import default_workers

    workers = args.workers or default_workers()
    with open_store(db_path) as store:
        outcome = run_sweep(tasks, store, vqe_task, workers=workers,
                            dask_scheduler=args.dask_scheduler, sweep_config=sweep_config,
                            command=list(sys.argv), root_seed=args.seed)
        runs = store.runs(t.key for t in tasks)
        n_total = store.count()
    order = {t.key: i for i, t in enumerate(tasks)}
    runs.sort(key=lambda r: order[r["key"]])
    if outcome.interrupted:
        print(f"qrmt: interrupted; {len(runs)} of {len(tasks)} runs of this sweep are stored in "
              f"{db_path} ({outcome.stored} new); run the same command again to finish",
              file=sys.stderr)
        return 130
    summary = summarize(runs)
    if args.json:
        print(to_json(runs, summary))
    else:
        print(format_table(summary, "md"), end="")
    if args.out:
        write_outputs(Path(args.out), runs, summary)
    print(f"qrmt: {outcome.stored} runs done, {outcome.skipped} already stored, "
          f"{len(outcome.failed)} failed; {n_total} runs in {db_path}; "
          f"wall {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if outcome.failed:
        for label, err in outcome.failed[:10]:
            print(f"qrmt: run {label} failed: {err}", file=sys.stderr)
        raise CLIError(f"{len(outcome.failed)} runs failed (not stored); see above")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``bench`` subcommand."""
    p = subparsers.add_parser(
        "bench", help="run a VQE benchmark sweep over molecules, ansätze and initializers",
        description="Run VQE from every initializer on the same seeds and report success "
                    "rate, iterations to chemical accuracy and final error. Without options: "
                    "the quick default suite (H2; hea and uccsd; gue, cue, goe, uniform, "
                    "uniform_symmetric, hf; 5 seeds).")
    m = p.add_argument_group("molecules")
    m.add_argument("--molecule", action="append", nargs="+", metavar="NAME",
                   help="built-in molecule(s) (see `qrmt molecules`); repeatable")
    m.add_argument("--geometry", metavar="TEXT|FILE.xyz",
                   help='geometry in Ångström, e.g. "He 0 0 0; H 0 0 0.772", or an XYZ file')
    m.add_argument("--charge", type=int, help="net charge of the --geometry molecule")
    m.add_argument("--multiplicity", type=int, help="spin multiplicity 2S+1 (--geometry)")
    m.add_argument("--basis", help="basis set of the --geometry molecule (default sto-3g)")
    m.add_argument("--active-electrons", type=int, help="active electrons (--geometry)")
    m.add_argument("--active-orbitals", type=int, help="active spatial orbitals (--geometry)")
    m.add_argument("--name", help="label of the --geometry molecule")
    r = p.add_argument_group("runs")
    r.add_argument("--ansatz", action="append", nargs="+", metavar="NAME",
                   help="hea, ry, uccsd, kupccgsd (repeatable or comma-separated)")
    r.add_argument("--layers", action="append", nargs="+", metavar="L",
                   help="ansatz depth(s) (default 2; uccsd has 1)")
    r.add_argument("--init", action="append", nargs="+", metavar="LIST",
                   help="initializers, comma-separated (e.g. gue,cue,goe,uniform,zeros,hf)")
    r.add_argument("--seeds", type=int, default=5, help="seeds per cell (default 5)")
    r.add_argument("--seed", type=int, default=_DEFAULT_ROOT_SEED,
                   help=f"root seed (default {_DEFAULT_ROOT_SEED})")
    r.add_argument("--optimizer", default="adam", help="adam, gd, lbfgs, cobyla, spsa")
    r.add_argument("--max-iter", type=int, help="iteration budget per run (default 100)")
    r.add_argument("--stepsize", type=float, help="optimizer step size (default per optimizer)")
    r.add_argument("--backend", default="lightning",
                   help="lightning, default, aer, aer-shots, aer-noisy")
    r.add_argument("--shots", type=int, help="shots for aer-shots (default 1024)")
    r.add_argument("--noise-backend", help="IBM fake backend for aer-noisy (default fake_manila)")
    x = p.add_argument_group("execution and output")
    x.add_argument("--workers", type=int, help="local worker processes (default: core count)")
    x.add_argument("--dask-scheduler", metavar="ADDRESS", help="run on a Dask cluster")
    x.add_argument("--db", metavar="PATH", help="results database (default: QRMT_HOME/bench.sqlite)")
    x.add_argument("--out", metavar="DIR", help="write tables (md, csv, json) and PNG plots")
    x.add_argument("--json", action="store_true",
                   help='print {"runs": [...], "summary": [...]} on stdout instead of the table')
    g = p.add_argument_group("gradient variance")
    g.add_argument("--grad-variance", action="store_true",
                   help="estimate Var[dE/dθ] at initialization per strategy over molecules "
                        "(default: linear H2, H4, H6 chains at 1.0 Å: 4, 8, 12 qubits) and "
                        "depths (--layers), and fit its exponential decay in qubits")
    g.add_argument("--grad-samples", type=int, default=50,
                   help="initial points per (strategy, molecule, depth) (default 50)")
    p.set_defaults(func=_run)
