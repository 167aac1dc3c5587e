import numpy as np
import pytest

from qrmt.bench.gradvar import fit_decay, format_grad_table, grad_plan


def _recs(rate, a=0.3, noise=0.0, seed=0, qubits=(4, 6, 8, 10, 12)):
    rng = np.random.default_rng(seed)
    return [{"ansatz": "hea", "layers": 2, "init": "uniform", "n_qubits": n,
             "variance": float(np.exp(a - rate * n + noise * rng.standard_normal()))}
            for n in qubits]


def test_exact_exponential_is_recovered():
    (f,) = fit_decay(_recs(0.45))
    assert f["rate"] == pytest.approx(0.45, abs=1e-12)
    assert f["intercept"] == pytest.approx(0.3, abs=1e-12)
    assert f["rate_stderr"] == pytest.approx(0.0, abs=1e-12) and f["points"] == 5


def test_noisy_fit_is_within_its_standard_error():
    # log-normal noise of sd 0.2 on 5 points: OLS slope SE = 0.2 / sqrt(sum (n - mean)^2)
    true_se = 0.2 / np.sqrt(np.sum((np.arange(4, 13, 2) - 8.0) ** 2))
    hits = 0
    for seed in range(200):
        (f,) = fit_decay(_recs(0.45, noise=0.2, seed=seed))
        hits += abs(f["rate"] - 0.45) < 2 * true_se
    # P(|Z| < 2) = 0.9545; binomial sd over 200 trials is 0.0147 -> allow 4 sd
    assert abs(hits / 200 - 0.9545) < 4 * 0.0147


def test_too_few_points_or_zero_variance_give_no_rate():
    recs = _recs(0.5, qubits=(4,)) + [{"ansatz": "hea", "layers": 2, "init": "zeros",
                                        "n_qubits": n, "variance": 0.0} for n in (4, 6)]
    fits = {f["init"]: f for f in fit_decay(recs)}
    assert fits["uniform"]["rate"] is None and fits["zeros"]["rate"] is None
    table = format_grad_table(recs, list(fits.values()))
    assert "| hea | 2 | zeros | 0.00e+00 | 0.00e+00 | - |" in table


def test_plan_has_one_task_per_cell_and_uccsd_single_layer():
    mols = [{"name": "H2"}, {"name": "H4"}]
    tasks, notes = grad_plan(mols, ["hea", "uccsd"], [1, 3], ["gue", "cue"], 10, 0)
    assert len(tasks) == 2 * (2 * 2 + 1 * 2) and notes == []
    assert {t.config["layers"] for t in tasks if t.config["ansatz"] == "uccsd"} == {1}


def test_plan_skips_chemistry_inits_on_hea_with_a_note():
    tasks, notes = grad_plan([{"name": "H2"}], ["hea", "uccsd"], [2], ["hf", "gue"], 10, 0)
    cells = {(t.config["ansatz"], t.config["init"]) for t in tasks}
    assert cells == {("hea", "gue"), ("uccsd", "hf"), ("uccsd", "gue")}
    assert notes == ["init 'hf' applies only to uccsd/kupccgsd: skipped for hea"]


def test_plan_keys_are_those_of_the_fields_the_scan_uses():
    # A stored cell is found again: the key hashes exactly these fields.
    from qrmt.bench.plan import make_plan
    from qrmt.init import strategy_options

    tasks, _ = grad_plan([{"name": "H2"}], ["hea"], [2], ["gue"], 10, 7)
    cfg = {"kind": "grad_variance", "ansatz": "hea", "layers": 2, "init": "gue",
           "init_options": strategy_options("gue"), "backend": "lightning", "n_samples": 10}
    assert [t.key for t in tasks] == [t.key for t in make_plan([{"name": "H2"}], [cfg], 1, 7)]
