"""The ``qrmt`` command: a thin shell over the library.

Each subcommand lives in its own module of this package and exposes
``register(subparsers: argparse._SubParsersAction) -> None``, which adds its parser and
sets ``func`` (a callable taking the parsed ``argparse.Namespace`` and returning an exit
code). Modules are discovered, so a new command needs no edit here. Heavy imports belong
inside the handlers, so ``qrmt --help`` stays fast.

User errors (``ValueError``, ``TypeError``, ``OSError`` such as an unwritable path,
:class:`qrmt.cli.CLIError`, a missing optional dependency) print ``qrmt: error: ...`` on
stderr and exit 2, without a traceback (set ``QRMT_DEBUG=1`` to see it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

__all__ = ["CLIError", "build_parser", "main"]


class CLIError(Exception):
    """An error to show the user as one line, without a traceback (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every discovered subcommand registered."""
    from qrmt import __version__

    parser = argparse.ArgumentParser(
        prog="qrmt",
        description="Random-matrix initializers for variational quantum circuits.",
    )
    parser.add_argument("--version", action="version", version=f"qrmt {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``qrmt`` command line; return the exit code."""
    from qrmt._optional import MissingDependencyError

    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 0
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("qrmt: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `qrmt ibm jobs --json | head`: the reader left, not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (CLIError, ValueError, TypeError, MissingDependencyError, OSError) as exc:
        if os.environ.get("QRMT_DEBUG"):
            raise
        print(f"qrmt: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
