"""PNG plots of a sweep (matplotlib, Agg backend; the ``plot`` extra).

* ``convergence.png``: per (molecule, ansatz), the median of |E_k − E_exact| over seeds
  against iteration k for each strategy, with the interquartile band, log scale; the
  chemical-accuracy line at 1.6 mHa. Runs that stopped early hold their last energy.
* ``success.png``: success rate per strategy with its Wilson 95 % interval (filled) and the
  strict (0.1 mHa) rate (open marker).
* ``grad_variance.png``: Var[∂E/∂θ] at initialization against qubits per strategy (log
  scale) with the fitted exponential decay ``Var ∝ exp(−b n)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qrmt.vqe.config import CHEMICAL_ACCURACY

__all__ = ["plot_convergence", "plot_grad_variance", "plot_success", "write_plots"]

_FLOOR = 1e-10


def _pyplot() -> Any:
    from qrmt._optional import require

    mpl = require("matplotlib", "plot", "plots")
    mpl.use("Agg")
    return require("matplotlib.pyplot", "plot", "plots")


def _panels(keys: Sequence[tuple[Any, ...]], title: str) -> tuple[Any, Any, list[Any]]:
    plt = _pyplot()
    n = len(keys)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.9 * rows), squeeze=False)
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.set_visible(False)
    fig.suptitle(title)
    return plt, fig, flat[:n]


def _colors(records: Sequence[Mapping[str, Any]]) -> dict[Any, Any]:
    """One colour per strategy, the same in every panel (tab10, then black, gold, ...)."""
    inits = list(dict.fromkeys(r.get("init") for r in records))
    palette = [f"C{i}" for i in range(10)] + ["black", "gold", "cyan", "magenta"]
    return {init: palette[i % len(palette)] for i, init in enumerate(inits)}


def _shared_legend(fig: Any, axes: Sequence[Any]) -> None:
    seen: dict[str, Any] = {}
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(lab, h)
    fig.legend(list(seen.values()), list(seen), loc="lower center", ncol=min(len(seen), 7),
               fontsize=8, frameon=False)


_CELL = ("molecule", "ansatz", "layers", "backend", "optimizer")
#: Settings that also separate panels (runs differing in them are never drawn together).
_EXTRA = ("molecule_hash", "max_iter", "stepsize", "shots", "noise_backend")


def _field(r: Mapping[str, Any], name: str) -> Any:
    """A panel field of a run record (from its stored config) or of a summary row."""
    if name == "molecule_hash" and "molecule_spec" in r:
        from qrmt.bench.report import molecule_hash_of

        return molecule_hash_of(r.get("molecule_spec"))
    config = r.get("config")
    if isinstance(config, Mapping) and name in config:
        return config[name]
    return r.get(name)


def _panel_cells(records: Sequence[Mapping[str, Any]]) -> dict[tuple[Any, ...], list[Any]]:
    out: dict[tuple[Any, ...], list[Any]] = {}
    for r in records:
        out.setdefault(tuple(_field(r, f) for f in (*_CELL, *_EXTRA)), []).append(r)
    return out


def _titles(cells: Sequence[tuple[Any, ...]]) -> list[str]:
    """Panel titles: the cell, plus the extra settings that split one cell into panels."""
    base = len(_CELL)
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for c in cells:
        groups.setdefault(c[:base], []).append(c)
    varying = [i for i in range(len(_EXTRA))
               if any(len({c[base + i] for c in g}) > 1 for g in groups.values())]
    titles = []
    for c in cells:
        mol, ans, lay, backend, optimizer = c[:len(_CELL)]
        extra = "".join(f" · {_EXTRA[i]}={c[base + i]}" for i in varying)
        titles.append(f"{mol} · {ans} · L={lay} · {backend} · {optimizer}{extra}")
    return titles


def _by(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = {}
    for r in records:
        out.setdefault(tuple(r.get(f) for f in fields), []).append(r)
    return out


def plot_convergence(runs: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Write the convergence-curve figure; return its path."""
    cells = _panel_cells([r for r in runs if r.get("energies")])
    plt, fig, axes = _panels(list(cells), "|E − E_exact| during VQE (median, IQR band)")
    colors = _colors(runs)
    for ax, title, rs in zip(axes, _titles(list(cells)), cells.values(), strict=True):
        for init_key, group in _by(rs, ("init",)).items():
            length = max(len(r["energies"]) for r in group)
            traces = np.array([np.pad(r["energies"], (0, length - len(r["energies"])), mode="edge")
                               for r in group], dtype=float)
            exact = np.array([r["exact_energy"] for r in group], dtype=float)[:, None]
            err = np.maximum(np.abs(traces - exact), _FLOOR)
            q1, med, q3 = np.quantile(err, [0.25, 0.5, 0.75], axis=0)
            k = np.arange(length)
            color = colors[init_key[0]]
            ax.plot(k, med, color=color, label=str(init_key[0]))
            ax.fill_between(k, q1, q3, color=color, alpha=0.18, linewidth=0)
        ax.axhline(CHEMICAL_ACCURACY, color="k", ls="--", lw=0.8)
        ax.set_yscale("log")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("iteration")
        ax.set_ylabel("|E − E_exact| (Ha)")
        n_seeds = sorted({len(g) for g in _by(rs, ("init",)).values()})
        ax.text(0.98, 0.98, f"n = {'/'.join(map(str, n_seeds))} per strategy",
                transform=ax.transAxes, ha="right", va="top", fontsize=7)
    _shared_legend(fig, axes)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_success(summary: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """Write the success-rate figure (Wilson 95 % intervals); return its path."""
    cells = _panel_cells(summary)
    plt, fig, axes = _panels(list(cells), "success rate (|error| < 1.6 mHa), Wilson 95 % CI")
    for ax, title, rows in zip(axes, _titles(list(cells)), cells.values(), strict=True):
        x = np.arange(len(rows))
        rate = np.array([r["success_rate"] for r in rows])
        lo = np.maximum(rate - np.array([r["success_ci_low"] for r in rows]), 0.0)
        hi = np.maximum(np.array([r["success_ci_high"] for r in rows]) - rate, 0.0)
        ax.bar(x, rate, color="C0", alpha=0.7, label="chemical accuracy")
        ax.errorbar(x, rate, yerr=[lo, hi], fmt="none", ecolor="k", capsize=3)
        ax.plot(x, [r["strict_success_rate"] for r in rows], "o", mfc="none", color="C3",
                label="strict (0.1 mHa)")
        ax.set_xticks(x, [f"{r['init']} (n={r['runs']})" for r in rows], fontsize=7,
                      rotation=30, ha="right")
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=9)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", fontsize=8, ncol=2)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_grad_variance(records: Sequence[Mapping[str, Any]], fits: Sequence[Mapping[str, Any]],
                       path: Path) -> Path:
    """Write the gradient-variance figure; return its path."""
    cells = _by(records, ("ansatz", "layers"))
    plt, fig, axes = _panels(list(cells), "Var[∂E/∂θ] at initialization vs qubits")
    fit_by = {(f["ansatz"], f["layers"], f["init"]): f for f in fits}
    colors = _colors(sorted(records, key=lambda r: str(r["init"])))
    for ax, ((ans, lay), rs) in zip(axes, cells.items(), strict=True):
        for (init,), group in sorted(_by(rs, ("init",)).items(), key=lambda kv: str(kv[0])):
            group = sorted(group, key=lambda r: r["n_qubits"])
            n = np.array([r["n_qubits"] for r in group], dtype=float)
            v = np.array([r["variance"] for r in group], dtype=float)
            se = np.array([r.get("variance_stderr") or 0.0 for r in group], dtype=float)
            color = colors[init]
            f = fit_by.get((ans, lay, init))
            label = init if f is None or f.get("rate") is None else f"{init} (b={f['rate']:.2f})"
            ax.errorbar(n, v, yerr=se, fmt="o", color=color, label=label, capsize=2)
            if f is not None and f.get("rate") is not None:
                nn = np.linspace(n.min(), n.max(), 20)
                ax.plot(nn, np.exp(f["intercept"] - f["rate"] * nn), color=color, lw=1)
        ax.set_yscale("log")
        ax.set_xlabel("qubits")
        ax.set_ylabel("Var[∂E/∂θ]")
        ax.set_title(f"{ans} · L={lay}")
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_plots(out_dir: Path, runs: Sequence[Mapping[str, Any]],
                summary: Sequence[Mapping[str, Any]],
                grad: Sequence[Mapping[str, Any]] = ()) -> list[Path]:
    """Write every plot that has data into ``out_dir``; return the paths written."""
    out = []
    if any(r.get("energies") for r in runs):
        out.append(plot_convergence(runs, out_dir / "convergence.png"))
    if summary:
        out.append(plot_success(summary, out_dir / "success.png"))
    if grad:
        from qrmt.bench.gradvar import fit_decay

        out.append(plot_grad_variance(grad, fit_decay(grad), out_dir / "grad_variance.png"))
    return out
