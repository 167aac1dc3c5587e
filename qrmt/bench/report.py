"""Summaries and tables of stored runs: one row per cell of identical runs but the seed.

A cell is the molecule (its name *and* a short hash of its full specification, so a user
geometry named like a built-in is kept apart) and the full run configuration except the seed
(ansatz, layers, init and its options, backend, optimizer, max_iter, stepsize, shots,
noise_backend); records without their configuration fall back to (molecule, ansatz, layers,
backend, optimizer, init).

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
#: Run-configuration fields (besides those of ``_GROUP``) that also tell cells apart.
_CONFIG_EXTRAS = ("max_iter", "stepsize", "shots", "noise_backend", "init_options")
#: Fields shown as table columns when they differ within a (molecule, ansatz) table: the
#: first three when any two rows differ, the others when one init has several values.
_MAIN_VARYING = ("layers", "backend", "optimizer")
_EXTRA_VARYING = ("molecule_hash", *_CONFIG_EXTRAS)

#: Fields of a summary row, in table order.
SUMMARY_FIELDS: tuple[str, ...] = (
    *_GROUP, "runs", "successes", "success_rate", "success_ci_low", "success_ci_high",
    "strict_success_rate", "strict_ci_low", "strict_ci_high",
    "median_iterations_to_chemical_accuracy", "q1_iterations_to_chemical_accuracy",
    "q3_iterations_to_chemical_accuracy", "median_final_error", "q1_final_error",
    "q3_final_error", "below_reference_rate", "median_wall_s", *_CONFIG_EXTRAS,
    "molecule_hash",
)


def molecule_hash_of(spec: Any) -> str | None:
    """First 8 hex digits of the SHA-256 of the molecule specification's canonical JSON."""
    import hashlib

    from qrmt.bench.plan import canonical_json

    if not isinstance(spec, Mapping):
        return None
    return hashlib.sha256(canonical_json(dict(spec)).encode()).hexdigest()[:8]


def _cell_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    from qrmt.bench.plan import canonical_json

    config = r.get("config")
    if not isinstance(config, Mapping):
        return ("fields", *(r.get(k) for k in _GROUP))
    rest = {k: v for k, v in config.items() if k != "seed"}
    return ("config", r.get("molecule"), molecule_hash_of(r.get("molecule_spec")),
            canonical_json(rest))


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
    """Summarize run records per cell: molecule (name and specification) and full config.

    Args:
        records: run records (``ResultStore.runs()`` or ``qrmt bench --json`` runs).

    Returns:
        one dict per cell with :data:`SUMMARY_FIELDS`, in first-seen order;
        ``molecule_hash`` is the short hash of the molecule specification and the
        ``_CONFIG_EXTRAS`` come from the run configuration (None when not recorded).
    """
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for r in records:
        groups.setdefault(_cell_key(r), []).append(r)
    rows = []
    for runs in groups.values():
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
        first = runs[0]
        raw_config = first.get("config")
        config: Mapping[str, Any] = raw_config if isinstance(raw_config, Mapping) else {}
        row: dict[str, Any] = {k: first.get(k) for k in _GROUP}
        row.update(
            {k: config.get(k) for k in _CONFIG_EXTRAS},
            molecule_hash=molecule_hash_of(first.get("molecule_spec")))
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


def _cell(v: Any, none: str = "None") -> str:
    """Table text of a value: dicts as compact sorted JSON."""
    if v is None:
        return none
    if isinstance(v, Mapping):
        return json.dumps(dict(v), sort_keys=True, separators=(",", ":"))
    return str(v)


def _varying(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Fields that differ within one table (see ``_MAIN_VARYING``/``_EXTRA_VARYING``)."""
    out = [k for k in _MAIN_VARYING if len({_cell(r.get(k)) for r in rows}) > 1]
    inits = {r.get("init") for r in rows}
    out += [k for k in _EXTRA_VARYING
            if len({(r.get("init"), _cell(r.get(k))) for r in rows}) > len(inits)]
    return out


def _md_rows(rows: Sequence[Mapping[str, Any]], varying: Sequence[str]) -> list[list[str]]:
    out = []
    for r in rows:
        cells = [_cell(r.get(k)) for k in varying]
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

    In markdown, fields that differ between the rows of a table become columns before
    ``init``: layers, backend, optimizer when any two rows differ; the molecule hash
    (a same-named molecule of another geometry), max_iter, stepsize, shots, noise_backend and
    init_options when one init has several values. Constant layers/backend/optimizer are
    named in the heading.

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
            w.writerow({k: _cell(r.get(k), "") for k in SUMMARY_FIELDS})
        return buf.getvalue()
    sections: dict[tuple[Any, Any], list[Mapping[str, Any]]] = {}
    for r in summary:
        sections.setdefault((r["molecule"], r["ansatz"]), []).append(r)
    parts = []
    for (mol, ans), rows in sections.items():
        varying = _varying(rows)
        head = [*varying, "init", "runs", "success [95% CI]", "strict (0.1 mHa)",
                "its to chem. acc. median [Q1, Q3]", "abs. error (Ha) median [Q1, Q3]",
                "below ref."]
        const = ", ".join(f"{k} {rows[0][k]}" for k in _MAIN_VARYING if k not in varying)
        lines = [f"### {mol} · {ans} ({const})", "",
                 "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c) + " |" for c in _md_rows(rows, varying)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
