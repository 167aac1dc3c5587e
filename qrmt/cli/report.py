"""``qrmt report DB [--format md|csv|json] [--out DIR]``: tables and plots of stored runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    from qrmt.bench.outputs import check_paths, open_store, write_outputs
    from qrmt.bench.report import format_table, summarize, to_json

    path = Path(args.db).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"results database {str(path)!r} not found")
    check_paths(out=args.out)
    with open_store(path) as store:
        runs = store.runs()
        grad = store.grad_variance()
    summary = summarize(runs)
    if args.format == "json":
        print(to_json(runs, summary))
    else:
        print(format_table(summary, args.format), end="")
        if grad and args.format == "md":
            from qrmt.bench.gradvar import fit_decay, format_grad_table

            print("\n### Gradient variance at initialization\n")
            print(format_grad_table(grad, fit_decay(grad)), end="")
    if args.out:
        for p in write_outputs(Path(args.out), runs, summary, grad):
            print(f"qrmt: wrote {p}", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    """Add the ``report`` subcommand."""
    p = subparsers.add_parser(
        "report", help="tables and plots of a results database",
        description="Summarize a qrmt bench results database per molecule and ansatz: success "
                    "rate (Wilson 95% CI), iterations to chemical accuracy, final error.")
    p.add_argument("db", metavar="DB", help="results database (qrmt bench --db)")
    p.add_argument("--format", choices=("md", "csv", "json"), default="md",
                   help="table format (json: the same object as qrmt bench --json)")
    p.add_argument("--out", metavar="DIR", help="also write tables and PNG plots to DIR")
    p.set_defaults(func=_run)
