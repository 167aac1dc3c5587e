"""``qrmt spectrum``: sample a random-matrix ensemble and compare it with its limiting laws.

Three comparisons, each reported as Kolmogorov–Smirnov and 1-Wasserstein distances:

* **bulk** — all eigenvalues pooled, rescaled, against the limiting density
  (semicircle, Marchenko–Pastur, Wachter or the uniform circle);
* **spacing ratio** — ``r̃ = min(r, 1/r)`` of consecutive spacings against the surmise of
  Atas et al. for the ensemble's β (plus the mean of ``r̃`` and the large-n reference);
* **edge** — the largest eigenvalue, centred and scaled, against Tracy–Widom (Gaussian
  and Wishart ensembles with β ∈ {1, 2, 4}; β = 4 in the Hermite convention
  ``tracy_widom(4, convention="hermite")``, which is the one of qrmt's β-ensembles).

Ensembles: ``goe``/``gue``/``gse`` (dense matrices, ``eigvalsh``), ``gaussian`` (any β,
tridiagonal model), ``wishart`` (``--m``, any β, bidiagonal model when m > n − 1, dense
otherwise), ``jacobi`` (``--m1 --m2``, any β), ``coe``/``cue``/``cse`` (dense unitary
matrices) and ``circular`` (any β, CMV model).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENSEMBLES", "register", "run_spectrum"]

#: Ensemble name -> (fixed beta or None, description).
ENSEMBLES: dict[str, tuple[float | None, str]] = {
    "goe": (1.0, "dense GOE, eigvalsh"),
    "gue": (2.0, "dense GUE, eigvalsh"),
    "gse": (4.0, "dense GSE (2n x 2n), one eigenvalue per Kramers pair"),
    "gaussian": (None, "Gaussian beta-ensemble, Dumitriu-Edelman tridiagonal model"),
    "wishart": (None, "Laguerre/Wishart X X^*/m, X n x m (--m)"),
    "jacobi": (None, "Jacobi/MANOVA (A+B)^-1/2 A (A+B)^-1/2 (--m1, --m2)"),
    "coe": (1.0, "dense COE, eigenphases"),
    "cue": (2.0, "dense CUE (Haar unitary), eigenphases"),
    "cse": (4.0, "dense CSE (2n x 2n), one eigenphase per Kramers pair"),
    "circular": (None, "circular beta-ensemble, Killip-Nenciu CMV model"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``spectrum`` subcommand."""
    names = ", ".join(f"{k} ({v[1]})" for k, v in ENSEMBLES.items())
    p = subparsers.add_parser(
        "spectrum",
        help="sample an ensemble and compare it with its limiting laws",
        description=(
            "Sample a random-matrix ensemble and print KS / Wasserstein distances of the "
            "bulk density, the spacing ratios and the largest eigenvalue to their laws. "
            f"Ensembles: {names}."
        ),
    )
    p.add_argument("ensemble", metavar="ENSEMBLE", help="one of " + ", ".join(ENSEMBLES))
    p.add_argument("--n", type=int, required=True, help="matrix size (quaternion size for β=4)")
    p.add_argument(
        "--beta",
        type=float,
        default=None,
        help="Dyson index (gaussian, wishart, "
        "jacobi, circular; default 2); fixed for goe/gue/gse/coe/cue/cse",
    )
    p.add_argument("--m", type=float, default=None, help="wishart: columns of X (default 2n)")
    p.add_argument("--m1", type=float, default=None, help="jacobi: dof of A (default 2n)")
    p.add_argument("--m2", type=float, default=None, help="jacobi: dof of B (default 3n)")
    p.add_argument("--samples", type=int, default=100, help="number of matrices (default 100)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--plot", metavar="FILE", default=None, help="save a three-panel PNG")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_handle)


@dataclass
class _Setup:
    ensemble: str
    n: int
    beta: float
    samples: int
    seed: int
    m: float | None = None
    m1: float | None = None
    m2: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _validate(args: argparse.Namespace) -> _Setup:
    from qrmt._validation import check_choice, check_nonnegative_int, check_positive_int

    name = check_choice("ensemble", args.ensemble, ENSEMBLES)
    n = check_positive_int("--n", args.n)
    if n < 3:
        raise ValueError(f"--n must be >= 3 (spacing ratios need 3 levels); got {n}")
    samples = check_positive_int("--samples", args.samples)
    seed = check_nonnegative_int("--seed", args.seed)
    fixed = ENSEMBLES[name][0]
    if fixed is not None:
        if args.beta is not None and float(args.beta) != fixed:
            raise ValueError(f"--beta for {name} is fixed to {fixed:g}; got {args.beta:g}")
        beta = fixed
    else:
        beta = 2.0 if args.beta is None else float(args.beta)
        if not (beta > 0 and math.isfinite(beta)):
            raise ValueError(f"--beta must be a finite number > 0; got {args.beta}")
    setup = _Setup(name, n, beta, samples, seed)
    for opt in ("m", "m1", "m2"):
        if getattr(args, opt) is not None and not (
            (name == "wishart" and opt == "m") or (name == "jacobi" and opt in ("m1", "m2"))
        ):
            raise ValueError(f"--{opt} does not apply to ensemble {name!r}")
    if name == "wishart":
        setup.m = float(2 * n if args.m is None else args.m)
        if not setup.m > 0:
            raise ValueError(f"--m must be > 0; got {args.m}")
        if setup.m <= n - 1 and (beta not in (1.0, 2.0, 4.0) or setup.m != int(setup.m)):
            raise ValueError(
                f"--m <= n - 1 needs an integer m and beta in {{1, 2, 4}} (dense Wishart); "
                f"got m={args.m}, beta={beta:g}"
            )
    if name == "jacobi":
        setup.m1 = float(2 * n if args.m1 is None else args.m1)
        setup.m2 = float(3 * n if args.m2 is None else args.m2)
        for opt, val in (("--m1", setup.m1), ("--m2", setup.m2)):
            if not val > n - 1:
                raise ValueError(f"{opt} must be > n - 1 = {n - 1}; got {val:g}")
    return setup


def _sample(setup: _Setup) -> Any:
    """Return eigenvalues (or eigenphases), shape (samples, n), ascending."""
    import numpy as np

    from qrmt import ensembles as ens
    from qrmt.laws import wrap_phase

    n, b, k, seed = setup.n, setup.beta, setup.samples, setup.seed
    name = setup.ensemble
    if name in ("goe", "gue", "gse"):
        ev = np.linalg.eigvalsh(ens.gaussian(n, int(b), size=k, seed=seed))
        return ev[:, ::2] if name == "gse" else ev
    if name == "gaussian":
        return ens.gaussian_eigvals(n, b, size=k, seed=seed)
    if name == "wishart":
        assert setup.m is not None
        if setup.m > n - 1:
            return ens.laguerre_eigvals(n, setup.m, b, scale="mp", size=k, seed=seed)
        w = ens.laguerre(n, int(setup.m), int(b), scale="mp", size=k, seed=seed)
        ev = np.clip(np.linalg.eigvalsh(w), 0.0, None)
        return ev[:, ::2] if b == 4 else ev
    if name == "jacobi":
        assert setup.m1 is not None and setup.m2 is not None
        return ens.jacobi_eigvals(n, setup.m1, setup.m2, b, size=k, seed=seed)
    if name == "circular":
        return np.sort(ens.circular_eigphases(n, b, size=k, seed=seed), axis=-1)
    u = ens.circular(n, int(b), size=k, seed=seed)
    th = np.sort(wrap_phase(np.angle(np.linalg.eigvals(u))), axis=-1)
    return th[:, ::2] if name == "cse" else th


def _bulk(setup: _Setup, ev: Any) -> tuple[Any, Any, str]:
    """Return (rescaled pooled sample, law, description of the rescaling)."""
    import numpy as np

    from qrmt import laws

    n, name = setup.n, setup.ensemble
    if name in ("goe", "gue", "gse", "gaussian"):
        return ev.ravel() / np.sqrt(n), laws.semicircle(2.0), "eigenvalues / sqrt(n)"
    if name == "wishart":
        assert setup.m is not None
        return ev.ravel(), laws.marchenko_pastur(n / setup.m), "eigenvalues of X X^*/m"
    if name == "jacobi":
        assert setup.m1 is not None and setup.m2 is not None
        return ev.ravel(), laws.wachter(n, setup.m1, setup.m2), "eigenvalues"
    return ev.ravel(), laws.uniform_circle(), "eigenphases in [-pi, pi)"


def _tw(beta: float) -> Any:
    """Tracy-Widom law in the convention of qrmt's beta-ensembles (Hermite for beta = 4)."""
    from qrmt import laws

    return laws.tracy_widom(int(beta), convention="hermite")


def _edge(setup: _Setup, ev: Any) -> tuple[Any, Any, str] | None:
    """Return (scaled largest eigenvalues, Tracy-Widom law, scaling) when it applies."""
    import numpy as np

    if setup.beta not in (1.0, 2.0, 4.0):
        return None
    n, top = setup.n, ev[:, -1]
    if setup.ensemble in ("goe", "gue", "gse", "gaussian"):
        x = (top - 2.0 * np.sqrt(n)) * n ** (1.0 / 6.0)
        return x, _tw(setup.beta), "(lambda_max - 2 sqrt n) n^(1/6)"
    if setup.ensemble == "wishart":
        assert setup.m is not None
        m = setup.m
        # Johnstone (2001) centring and scaling; for real data (β = 1) the n−½, m−½ shift
        # removes the leading finite-size bias
        nn, mm = (n - 0.5, m - 0.5) if setup.beta == 1 else (n, m)
        mu = (np.sqrt(nn) + np.sqrt(mm)) ** 2
        sigma = (np.sqrt(nn) + np.sqrt(mm)) * (1.0 / np.sqrt(nn) + 1.0 / np.sqrt(mm)) ** (1.0 / 3.0)
        x = (top * m - mu) / sigma
        return x, _tw(setup.beta), "(m lambda_max - mu_nm) / sigma_nm"
    return None


def _distances(sample: Any, law: Any) -> dict[str, Any]:
    from qrmt import laws

    return {
        "law": repr(law),
        "count": int(sample.size),
        "ks": laws.ks_distance(sample, law),
        "wasserstein": laws.wasserstein_distance(sample, law),
        "ks_critical_1pct_iid": laws.ks_critical_value(int(sample.size), 0.01),
    }


def run_spectrum(setup: _Setup) -> tuple[dict[str, Any], dict[str, Any]]:
    """Sample and compare; return (JSON-able report, raw data for plotting)."""
    import numpy as np

    from qrmt import laws

    ev = _sample(setup)
    bulk_x, bulk_law, bulk_how = _bulk(setup, ev)
    levels = ev
    if setup.ensemble == "wishart" and setup.m is not None and setup.m < setup.n:
        levels = ev[:, setup.n - int(setup.m) :]  # drop the n - m zero eigenvalues
    ratios = laws.spacing_ratios(levels).ravel()
    ratios = ratios[np.isfinite(ratios)]
    ratio_law = laws.spacing_ratio(setup.beta)
    key = int(setup.beta) if setup.beta in (1.0, 2.0, 4.0) else None
    report: dict[str, Any] = {
        "ensemble": setup.ensemble,
        "n": setup.n,
        "beta": setup.beta,
        "samples": setup.samples,
        "seed": setup.seed,
    }
    if setup.m is not None:
        report["m"] = setup.m
    if setup.m1 is not None:
        report.update(m1=setup.m1, m2=setup.m2)
    report["bulk"] = {"scaling": bulk_how, **_distances(bulk_x, bulk_law)}
    report["spacing_ratio"] = {
        **_distances(ratios, ratio_law),
        "mean": float(ratios.mean()),
        "mean_stderr": float(ratios.std(ddof=1) / np.sqrt(ratios.size)),
        "mean_surmise": ratio_law.mean(),
        "mean_large_n": laws.LARGE_N_MEAN_RTILDE.get(key) if key else None,
    }
    edge = _edge(setup, ev)
    if edge is None:
        report["edge"] = None
    else:
        report["edge"] = {
            "scaling": edge[2],
            **_distances(edge[0], edge[1]),
            "mean": float(edge[0].mean()),
            "mean_tracy_widom": edge[1].mean(),
        }
    data = {"bulk": (bulk_x, bulk_law), "ratio": (ratios, ratio_law), "edge": edge}
    return report, data


def _print_table(report: dict[str, Any], out: Any) -> None:
    head = f"qrmt spectrum {report['ensemble']}: n={report['n']}, beta={report['beta']:g}, "
    head += f"samples={report['samples']}, seed={report['seed']}"
    print(head, file=out)
    cols = f"{'statistic':<14} {'law':<44} {'count':>8} {'KS':>8} {'W1':>9} {'KS crit':>8}"
    print(cols, file=out)
    print("-" * len(cols), file=out)
    for key in ("bulk", "spacing_ratio", "edge"):
        row = report[key]
        if row is None:
            print(f"{key:<14} {'(no edge law for this ensemble)':<44}", file=out)
            continue
        print(
            f"{key:<14} {row['law']:<44} {row['count']:>8d} {row['ks']:>8.4f} "
            f"{row['wasserstein']:>9.4f} {row['ks_critical_1pct_iid']:>8.4f}",
            file=out,
        )
    sr = report["spacing_ratio"]
    ref = "n/a" if sr["mean_large_n"] is None else f"{sr['mean_large_n']:.4f}"
    print(
        f"mean r~ = {sr['mean']:.4f} ± {sr['mean_stderr']:.4f}  "
        f"(surmise {sr['mean_surmise']:.4f}, large-n {ref})",
        file=out,
    )
    if report["edge"] is not None:
        e = report["edge"]
        print(f"edge mean = {e['mean']:.4f}  (Tracy-Widom {e['mean_tracy_widom']:.4f})", file=out)
    print("KS crit: 1% critical value for i.i.d. samples (eigenvalues are more rigid).", file=out)


def _plot(report: dict[str, Any], data: dict[str, Any], path: str) -> None:
    import numpy as np

    from qrmt._optional import require

    mpl = require("matplotlib", "plot", "qrmt spectrum --plot")
    mpl.use("Agg")
    plt = require("matplotlib.pyplot", "plot", "qrmt spectrum --plot")
    panels = 3 if data["edge"] is not None else 2
    fig, axes = plt.subplots(1, panels, figsize=(4.2 * panels, 3.6))
    x, law = data["bulk"]
    lo, hi = np.min(x), np.max(x)
    axes[0].hist(x, bins=60, density=True, alpha=0.55, label="sample")
    grid = np.linspace(lo, hi, 400)
    scale = sum(m for _, m in law.atoms())
    axes[0].plot(grid, law.pdf(grid), "k-", lw=1.5, label=f"{type(law).__name__}")
    if scale:
        axes[0].set_ylim(0, 1.3 * float(np.max(law.pdf(grid))))
    axes[0].set_title(f"bulk: {report['bulk']['scaling']}", fontsize=9)
    r, rlaw = data["ratio"]
    axes[1].hist(r, bins=40, range=(0, 1), density=True, alpha=0.55, label="sample")
    rg = np.linspace(0, 1, 300)
    axes[1].plot(rg, rlaw.pdf(rg), "k-", lw=1.5, label=f"surmise β={report['beta']:g}")
    axes[1].plot(rg, 2.0 / (1.0 + rg) ** 2, "k:", lw=1, label="Poisson")
    axes[1].set_title("spacing ratio r~ = min(r, 1/r)", fontsize=9)
    if data["edge"] is not None:
        e, tw, _ = data["edge"]
        axes[2].hist(e, bins=30, density=True, alpha=0.55, label="sample")
        eg = np.linspace(min(e.min(), -6.0), max(e.max(), 3.0), 300)
        axes[2].plot(eg, tw.pdf(eg), "k-", lw=1.5, label=f"TW β={int(report['beta'])}")
        axes[2].set_title(f"edge: {report['edge']['scaling']}", fontsize=9)
    for ax in axes:
        ax.legend(fontsize=8)
    fig.suptitle(
        f"qrmt spectrum {report['ensemble']}  n={report['n']}  β={report['beta']:g}  "
        f"samples={report['samples']}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _handle(args: argparse.Namespace) -> int:
    setup = _validate(args)
    report, data = run_spectrum(setup)
    if args.plot:
        _plot(report, data, args.plot)
        report["plot"] = args.plot
    if args.json:
        print(json.dumps(report))
    else:
        _print_table(report, sys.stdout)
        if args.plot:
            print(f"figure saved to {args.plot}")
    return 0
