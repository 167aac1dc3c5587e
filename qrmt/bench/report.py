"""Summaries and tables of stored runs: per (molecule, ansatz, layers, backend, optimizer, init).

Statistics of a cell of ``n`` runs:

* ``success_rate`` = successes / n (|final error| < 1.6 mHa, chemical accuracy) with its
  Wilson score 95 % interval (Wilson 1927; Brown, Cai & DasGupta, Stat. Sci. 16, 2001),
  which stays inside [0, 1] and keeps its coverage for small n and rates near 0 or 1;
  ``strict_success_rate`` likewise at 0.1 mHa.
* ``median_iterations_to_chemical_accuracy`` and its quartiles: a run that never reached
  chemical accuracy counts as +∞, so the statistics are over *all* runs; a quantile that
  falls on such a run is reported as null ("not reached by that fraction of runs").
* ``median_final_error`` and quartiles: of |final error| in Hartree.
* ``below_reference_rate``: fraction of runs whose final energy lies under the reference
  (the state left the molecule's sector).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["SUMMARY_FIELDS", "format_table", "summarize", "to_json", "wilson_interval"]

_GROUP = ("molecule", "ansatz", "layers", "backend", "optimizer", "init")

#: Fields of a summary row, in table order.
SUMMARY_FIELDS: tuple[str, ...] = (
    *_GROUP, "runs", "successes", "success_rate", "success_ci_low", "success_ci_high",
    "strict_success_rate", "strict_ci_low", "strict_ci_high",
    "median_iterations_to_chemical_accuracy", "q1_iterations_to_chemical_accuracy",
    "q3_iterations_to_chemical_accuracy", "median_final_error", "q1_final_error",
    "q3_final_error", "below_reference_rate", "median_wall_s",
)


def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Return the Wilson score interval of a binomial proportion.

    ``(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)``.

    Args:
        successes: number of successes k (0 ≤ k ≤ n).
        n: number of trials (≥ 0; n = 0 gives (0, 1)).
        z: normal quantile (default: 95 % two-sided).

    Returns:
        (low, high).

    References:
        E. B. Wilson, J. Am. Stat. Assoc. 22, 209 (1927).

    Example:
        >>> [round(v, 4) for v in wilson_interval(5, 10)]
        [0.2366, 0.7634]
    """
    if n <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n={n}; got {successes}")
    p = successes / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def _quantiles(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """Quartiles (inverted CDF, so +inf entries stay +inf) as None when infinite/empty."""
    if not values:
        return None, None, None
    arr = np.asarray(values, dtype=float)
    qs = np.quantile(arr, [0.25, 0.5, 0.75], method="inverted_cdf")
    out = [None if not math.isfinite(q) else float(q) for q in qs]
    return out[1], out[0], out[2]


def summarize(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Summarize run records per (molecule, ansatz, layers, backend, optimizer, init).

    Args:
        records: run records (``ResultStore.runs()`` or ``qrmt bench --json`` runs).

    Returns:
        one dict per cell with :data:`SUMMARY_FIELDS`, in first-seen order.
    """
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for r in records:
        groups.setdefault(tuple(r.get(k) for k in _GROUP), []).append(r)
    rows = []
    for key, runs in groups.items():
        n = len(runs)
        k = sum(bool(r.get("success")) for r in runs)
        ks = sum(bool(r.get("strict_success")) for r in runs)
        ita = [math.inf if r.get("iterations_to_chemical_accuracy") is None
               else float(r["iterations_to_chemical_accuracy"]) for r in runs]
        err = [abs(r["final_error"]) for r in runs if r.get("final_error") is not None]
        med_i, q1_i, q3_i = _quantiles(ita)
        errs = np.asarray(err, dtype=float)
        eq = np.quantile(errs, [0.25, 0.5, 0.75]) if err else [None] * 3
        lo, hi = wilson_interval(k, n)
        slo, shi = wilson_interval(ks, n)
        walls = [float(r["wall_s"]) for r in runs if r.get("wall_s") is not None]
        row = dict(zip(_GROUP, key, strict=True))
        row.update(
            runs=n, successes=k, success_rate=k / n, success_ci_low=lo, success_ci_high=hi,
            strict_success_rate=ks / n, strict_ci_low=slo, strict_ci_high=shi,
            median_iterations_to_chemical_accuracy=med_i,
            q1_iterations_to_chemical_accuracy=q1_i, q3_iterations_to_chemical_accuracy=q3_i,
            median_final_error=None if eq[1] is None else float(eq[1]),
            q1_final_error=None if eq[0] is None else float(eq[0]),
            q3_final_error=None if eq[2] is None else float(eq[2]),
            below_reference_rate=sum(bool(r.get("below_reference")) for r in runs) / n,
            median_wall_s=float(np.median(walls)) if walls else None,
        )
        rows.append(row)
    return rows


def to_json(records: Sequence[Mapping[str, Any]], summary: Sequence[Mapping[str, Any]]) -> str:
    """Return the ``{"runs": [...], "summary": [...]}`` JSON text (NaN/inf as null)."""
    return json.dumps({"runs": [_clean(r) for r in records],
                       "summary": [_clean(r) for r in summary]})


def _clean(d: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        out[k] = None if isinstance(v, float) and not math.isfinite(v) else v
    return out


def _fmt_its(med: Any, q1: Any, q3: Any) -> str:
    def one(v: Any) -> str:
        return "never" if v is None else f"{v:.0f}"
    return f"{one(med)} [{one(q1)}, {one(q3)}]"


def _fmt_err(med: Any, q1: Any, q3: Any) -> str:
    if med is None:
        return "-"
    return f"{med:.2e} [{q1:.1e}, {q3:.1e}]"


def _md_rows(rows: Sequence[Mapping[str, Any]], varying: Sequence[str]) -> list[list[str]]:
    out = []
    for r in rows:
        cells = [str(r[k]) for k in varying]
        cells += [
            str(r["init"]), str(r["runs"]),
            f"{100 * r['success_rate']:.0f}% [{100 * r['success_ci_low']:.0f}, "
            f"{100 * r['success_ci_high']:.0f}]",
            f"{100 * r['strict_success_rate']:.0f}%",
            _fmt_its(r["median_iterations_to_chemical_accuracy"],
                     r["q1_iterations_to_chemical_accuracy"],
                     r["q3_iterations_to_chemical_accuracy"]),
            _fmt_err(r["median_final_error"], r["q1_final_error"], r["q3_final_error"]),
            f"{100 * r['below_reference_rate']:.0f}%",
        ]
        out.append(cells)
    return out


def format_table(summary: Sequence[Mapping[str, Any]], fmt: str = "md") -> str:
    """Format summary rows as markdown (one table per molecule and ansatz), CSV or JSON.

    Args:
        summary: rows of :func:`summarize`.
        fmt: ``"md"``, ``"csv"`` or ``"json"`` (the rows only).

    Returns:
        the text.
    """
    from qrmt._validation import check_choice

    check_choice("format", fmt, ("md", "csv", "json"))
    if fmt == "json":
        return json.dumps([_clean(r) for r in summary], indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(SUMMARY_FIELDS), lineterminator="\n")
        w.writeheader()
        for r in summary:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in SUMMARY_FIELDS})
        return buf.getvalue()
    sections: dict[tuple[Any, Any], list[Mapping[str, Any]]] = {}
    for r in summary:
        sections.setdefault((r["molecule"], r["ansatz"]), []).append(r)
    parts = []
    for (mol, ans), rows in sections.items():
        varying = [k for k in ("layers", "backend", "optimizer") if len({r[k] for r in rows}) > 1]
        head = [*varying, "init", "runs", "success [95% CI]", "strict (0.1 mHa)",
                "its to chem. acc. median [Q1, Q3]", "abs. error (Ha) median [Q1, Q3]",
                "below ref."]
        const = ", ".join(f"{k} {rows[0][k]}" for k in ("layers", "backend", "optimizer")
                          if k not in varying)
        lines = [f"### {mol} · {ans} ({const})", "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c) + " |" for c in _md_rows(rows, varying)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
