"""``qrmt molecules``: the built-in molecules and their active spaces."""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["molecule_rows", "register"]


def _formula(symbols: tuple[str, ...], charge: int) -> str:
    """Hill-order formula (C, H, then alphabetical; alphabetical without carbon)."""
    counts: dict[str, int] = {}
    for s in symbols:
        counts[s] = counts.get(s, 0) + 1
    order = sorted(counts, key=lambda s: ((0, s) if s in "CH" else (1, s)) if "C" in counts
                   else (0, s))
    body = "".join(s + (str(counts[s]) if counts[s] > 1 else "") for s in order)
    if charge:
        sign = "+" if charge > 0 else "-"
        body += sign if abs(charge) == 1 else f"{abs(charge)}{sign}"
    return body


def molecule_rows() -> list[dict[str, Any]]:
    """Return one dict per built-in molecule.

    Keys: name, formula, charge, multiplicity, basis, active electrons and orbitals, active
    space text, qubits.
    """
    from qrmt.chem import builtin_molecules

    rows = []
    for name, m in builtin_molecules().items():
        _, ae, ao = m.active_space()
        full = m.active_electrons is None and m.active_orbitals is None
        rows.append({"name": name, "formula": _formula(m.symbols, m.charge), "charge": m.charge,
                     "multiplicity": m.multiplicity, "basis": m.basis,
                     "active_electrons": ae, "active_orbitals": ao,
                     "active_space": f"{'all ' if full else ''}({ae}e, {ao}o)",
                     "qubits": m.n_qubits})
    return rows


def _run(args: argparse.Namespace) -> int:
    rows = molecule_rows()
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    head = ["name", "formula", "charge", "multiplicity", "basis", "active space", "qubits"]
    keys = ["name", "formula", "charge", "multiplicity", "basis", "active_space", "qubits"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``molecules`` subcommand."""
    p = subparsers.add_parser(
        "molecules", help="list the built-in molecules",
        description="List the built-in molecules of the VQE benchmark (use any other with "
                    "qrmt bench --geometry).")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_run)
