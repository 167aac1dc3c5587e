"""``qrmt spectrum``: run in-process (capsys) and once as a subprocess; JSON, table, plot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qrmt.cli import main


def _run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code = main(["spectrum", *args, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def _check_distances(report: dict) -> None:
    bulk = report["bulk"]
    assert bulk["ks"] < bulk["ks_critical_1pct_iid"]
    assert bulk["wasserstein"] < 0.05
    sr = report["spacing_ratio"]
    # The spacing-ratio surmise differs from the large-n law by ~0.005 in the mean.
    assert abs(sr["mean"] - sr["mean_surmise"]) < 5 * sr["mean_stderr"] + 0.012
    assert sr["ks"] < sr["ks_critical_1pct_iid"] + 0.02
    if report["edge"] is not None:
        assert report["edge"]["ks"] < report["edge"]["ks_critical_1pct_iid"]


@pytest.mark.parametrize(
    "args, beta, has_edge",
    [
        (["gue", "--n", "80"], 2.0, True),
        (["goe", "--n", "80"], 1.0, True),
        (["gse", "--n", "40"], 4.0, True),
        (["gaussian", "--n", "150", "--beta", "4"], 4.0, True),
        (["gaussian", "--n", "150", "--beta", "0.7"], 0.7, False),
        (["wishart", "--n", "80", "--m", "160"], 2.0, True),
        (["wishart", "--n", "80", "--m", "40", "--beta", "1"], 1.0, True),
        (["jacobi", "--n", "80", "--m1", "120", "--m2", "200"], 2.0, False),
        (["cue", "--n", "60"], 2.0, False),
        (["coe", "--n", "60"], 1.0, False),
        (["cse", "--n", "30"], 4.0, False),
        (["circular", "--n", "100", "--beta", "3"], 3.0, False),
    ],
)
def test_json_report_fields_and_small_distances(
    capsys: pytest.CaptureFixture[str], args: list[str], beta: float, has_edge: bool
) -> None:
    report = _run_json(capsys, *args, "--samples", "30", "--seed", "3")
    assert report["ensemble"] == args[0] and report["beta"] == beta
    assert report["samples"] == 30 and report["seed"] == 3
    n = int(args[2])
    assert report["bulk"]["count"] == 30 * n
    assert {"law", "count", "ks", "wasserstein", "ks_critical_1pct_iid"} <= set(report["bulk"])
    assert {"mean", "mean_stderr", "mean_surmise", "mean_large_n"} <= set(report["spacing_ratio"])
    assert (report["edge"] is not None) == has_edge
    _check_distances(report)


def test_seed_makes_runs_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    a = _run_json(capsys, "gue", "--n", "30", "--samples", "5", "--seed", "9")
    b = _run_json(capsys, "gue", "--n", "30", "--samples", "5", "--seed", "9")
    c = _run_json(capsys, "gue", "--n", "30", "--samples", "5", "--seed", "10")
    assert a == b and a["bulk"]["ks"] != c["bulk"]["ks"]


def test_wrong_law_would_be_detected(capsys: pytest.CaptureFixture[str]) -> None:
    # GSE edge in the Hermite convention: mean within 5 standard errors of TW4 (Hermite).
    report = _run_json(capsys, "gaussian", "--n", "400", "--beta", "4", "--samples", "400")
    edge = report["edge"]
    assert "hermite" in edge["law"]
    se = 0.6410 / 400**0.5  # TW4 (Hermite) standard deviation sqrt(0.41092)
    assert abs(edge["mean"] - edge["mean_tracy_widom"]) < 5 * se + 0.05  # + finite-n shift
    assert abs(edge["mean"] - (-2.3069)) > 5 * se  # the Tracy-Widom convention is off


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spectrum", "jacobi", "--n", "40", "--samples", "5"]) == 0
    out = capsys.readouterr().out
    assert "Wachter(n=40.0, m1=80.0, m2=120.0)" in out
    for word in ("bulk", "spacing_ratio", "edge", "KS", "W1", "mean r~"):
        assert word in out


def test_plot_writes_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "spec.png"
    assert main(["spectrum", "gue", "--n", "50", "--samples", "10", "--plot", str(path)]) == 0
    assert "figure saved to" in capsys.readouterr().out
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    cue = tmp_path / "cue.png"
    report = _run_json(capsys, "cue", "--n", "30", "--samples", "5", "--plot", str(cue))
    assert report["plot"] == str(cue) and cue.stat().st_size > 10_000


@pytest.mark.parametrize(
    "args, message",
    [
        (["gux", "--n", "10"], "unknown ensemble 'gux'.*did you mean 'gue'"),
        (["gue", "--n", "0"], "--n must be a positive int; got 0"),
        (["gue", "--n", "2"], "--n must be >= 3"),
        (["goe", "--n", "10", "--beta", "2"], "--beta for goe is fixed to 1; got 2"),
        (["gaussian", "--n", "10", "--beta", "-1"], "--beta must be a finite number > 0; got -1"),
        (["gue", "--n", "10", "--m", "5"], "--m does not apply to ensemble 'gue'"),
        (["gue", "--n", "10", "--samples", "0"], "--samples must be a positive int; got 0"),
        (["jacobi", "--n", "50", "--m1", "5"], "--m1 must be > n - 1 = 49; got 5"),
        (["wishart", "--n", "50", "--m", "10", "--beta", "2.5"], "--m <= n - 1 needs"),
        (["gue", "--n", "10", "--seed", "-4"], "--seed must be a non-negative int; got -4"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["spectrum", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qrmt: error: ")
    assert "Traceback" not in err
    import re

    assert re.search(message, err), err


def test_subprocess_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "qrmt", "spectrum", "cue", "--n", "40", "--samples", "10", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ensemble"] == "cue" and report["edge"] is None
    assert report["bulk"]["law"] == "UniformCircle()"
    bad = subprocess.run(
        [sys.executable, "-m", "qrmt", "spectrum", "gue", "--n", "-3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "--n must be a positive int; got -3" in bad.stderr
