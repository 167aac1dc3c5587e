import csv
import io
import json
import math

import numpy as np
import pytest
from scipy import stats

from qrmt.bench.report import SUMMARY_FIELDS, format_table, summarize, to_json, wilson_interval


def test_wilson_closed_forms():
    z2 = 1.959963984540054 ** 2
    assert wilson_interval(0, 10) == pytest.approx((0.0, z2 / (10 + z2)))  # k = 0: upper z²/(n+z²)
    assert wilson_interval(10, 10) == pytest.approx((10 / (10 + z2), 1.0))
    lo, hi = wilson_interval(5, 10)
    assert lo + hi == pytest.approx(1.0)  # symmetric about 1/2 at p̂ = 1/2
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match="successes must be between 0 and n=3; got 4"):
        wilson_interval(4, 3)


def test_wilson_interval_always_contains_the_estimate():
    for n in range(1, 40):
        for k in range(n + 1):
            lo, hi = wilson_interval(k, n)
            assert 0.0 <= lo <= k / n <= hi <= 1.0


@pytest.mark.parametrize(("n", "p"), [(20, 0.3), (50, 0.8), (10, 0.5)])
def test_wilson_exact_coverage_is_near_95_percent(n, p):
    # Exact coverage: sum of binomial pmf over the k whose interval contains p. Brown, Cai &
    # DasGupta (2001), Fig. 5: Wilson coverage stays within about 0.93-0.98 for these n, p.
    k = np.arange(n + 1)
    covered = np.array([wilson_interval(int(i), n)[0] <= p <= wilson_interval(int(i), n)[1]
                        for i in k])
    coverage = stats.binom.pmf(k, n, p)[covered].sum()
    assert 0.92 < coverage < 0.985


def _run(init, seed, success, ita, err, below=False):
    return {"molecule": "H2", "ansatz": "hea", "layers": 2, "backend": "lightning",
            "optimizer": "adam", "init": init, "seed": seed, "success": success,
            "strict_success": abs(err) < 1e-4, "iterations_to_chemical_accuracy": ita,
            "final_error": err, "below_reference": below, "wall_s": 1.0}


def test_summary_counts_never_as_infinite_iterations():
    runs = [_run("gue", 0, True, 10, 1e-5), _run("gue", 1, True, 20, 2e-4),
            _run("gue", 2, False, None, -0.6, below=True), _run("gue", 3, True, 30, 1e-3),
            _run("cue", 0, False, None, 0.2), _run("cue", 1, False, None, 0.3),
            _run("cue", 2, True, 50, 1e-3)]
    gue, cue = summarize(runs)
    assert set(SUMMARY_FIELDS) == set(gue)
    assert (gue["init"], gue["runs"], gue["successes"]) == ("gue", 4, 3)
    assert gue["success_rate"] == 0.75 and gue["strict_success_rate"] == 0.25
    # iterations sorted: 10, 20, 30, inf -> inverted-CDF quartiles 10, 20, 30
    assert (gue["q1_iterations_to_chemical_accuracy"], gue["median_iterations_to_chemical_accuracy"],
            gue["q3_iterations_to_chemical_accuracy"]) == (10, 20, 30)
    assert gue["median_final_error"] == pytest.approx(np.median([1e-5, 2e-4, 0.6, 1e-3]))
    assert gue["below_reference_rate"] == 0.25
    # cue: 50, inf, inf -> median never reached
    assert cue["median_iterations_to_chemical_accuracy"] is None
    assert cue["q1_iterations_to_chemical_accuracy"] == 50
    assert (cue["success_ci_low"], cue["success_ci_high"]) == pytest.approx(wilson_interval(1, 3))


def test_formats():
    runs = [_run("gue", 0, True, 10, 1e-5), _run("cue", 0, False, None, 0.2)]
    summary = summarize(runs)
    md = format_table(summary, "md")
    assert md.startswith("### H2 · hea (layers 2, backend lightning, optimizer adam)")
    assert "| gue | 1 | 100% [21, 100] | 100% | 10 [10, 10] |" in md
    assert "| cue | 1 | 0% [0, 79] | 0% | never [never, never] |" in md
    rows = list(csv.DictReader(io.StringIO(format_table(summary, "csv"))))
    assert [r["init"] for r in rows] == ["gue", "cue"]
    assert rows[1]["median_iterations_to_chemical_accuracy"] == ""
    assert json.loads(format_table(summary, "json"))[0]["successes"] == 1
    both = json.loads(to_json(runs, summary))
    assert set(both) == {"runs", "summary"} and len(both["runs"]) == 2
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        format_table(summary, "xlsx")


def test_json_turns_non_finite_into_null():
    out = json.loads(to_json([{"x": math.nan, "y": math.inf, "z": 1.0}], []))
    assert out["runs"] == [{"x": None, "y": None, "z": 1.0}]


def _cfg_run(init="gue", seed=0, max_iter=100, spec=None, success=True):
    config = {"ansatz": "hea", "layers": 2, "init": init, "init_options": {"budget": 0.01},
              "backend": "lightning", "optimizer": "adam", "max_iter": max_iter,
              "stepsize": None, "shots": None, "noise_backend": None}
    return {"molecule": "H2", "ansatz": "hea", "layers": 2, "init": init, "seed": seed,
            "backend": "lightning", "optimizer": "adam", "success": success,
            "strict_success": success, "final_error": 1e-6 if success else 0.02,
            "iterations_to_chemical_accuracy": 5 if success else None, "wall_s": 1.0,
            "below_reference": False, "config": config,
            "molecule_spec": spec or {"name": "H2", "coordinates": [[0, 0, 0], [0, 0, 0.735]]}}


def test_runs_differing_in_budget_or_geometry_are_separate_cells():
    other = {"name": "H2", "coordinates": [[0, 0, 0], [0, 0, 1.5]]}
    runs = [_cfg_run(seed=0), _cfg_run(seed=1), _cfg_run(seed=0, max_iter=7, success=False),
            _cfg_run(seed=0, spec=other, success=False)]
    rows = summarize(runs)
    assert [(r["max_iter"], r["runs"], r["success_rate"]) for r in rows] == [
        (100, 2, 1.0), (7, 1, 0.0), (100, 1, 0.0)]
    assert rows[0]["molecule_hash"] == rows[1]["molecule_hash"] != rows[2]["molecule_hash"]
    head = format_table(rows, "md").splitlines()[2]
    assert head.startswith("| molecule_hash | max_iter | init | runs |")
    # One budget, one geometry: no extra columns, the heading names the constant fields.
    table = format_table(summarize(runs[:2]), "md")
    assert "### H2 · hea (layers 2, backend lightning, optimizer adam)" in table
    assert "| init | runs |" in table


def test_different_inits_with_their_own_options_do_not_make_a_column():
    a, b = _cfg_run(init="gue"), _cfg_run(init="cue")
    b["config"]["init_options"] = {"budget": 0.5}
    assert "| init | runs |" in format_table(summarize([a, b]), "md")
