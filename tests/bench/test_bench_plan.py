import numpy as np
import pytest

from qrmt._rng import spawn
from qrmt.bench.plan import canonical_json, make_plan, run_key, run_seed

H2 = {"name": "H2", "symbols": ["H", "H"], "coordinates": [[0, 0, 0], [0, 0, 0.735]]}
LIH = {"name": "LiH", "symbols": ["Li", "H"], "coordinates": [[0, 0, 0], [0, 0, 1.6]]}


def cfg(init="gue", **kw):
    base = {"ansatz": "hea", "layers": 2, "init": init, "init_options": {}, "backend": "lightning",
            "optimizer": "adam", "max_iter": 10}
    base.update(kw)
    return base


def test_key_is_deterministic_and_sensitive_to_every_part():
    k = run_key(H2, cfg(), 0, 7)
    assert k == run_key(dict(reversed(list(H2.items()))), cfg(), 0, 7)  # key order irrelevant
    others = {run_key(LIH, cfg(), 0, 7), run_key(H2, cfg("cue"), 0, 7),
              run_key(H2, cfg(max_iter=11), 0, 7), run_key(H2, cfg(), 1, 7),
              run_key(H2, cfg(), 0, 8)}
    assert k not in others and len(others) == 5
    assert len(k) == 64 and int(k, 16) >= 0


def test_seed_descends_from_the_spawned_child_of_the_seed_index():
    ss = run_seed(H2, cfg(), 3, 11)
    child = spawn(11, 4)[3]
    assert ss.entropy == child.entropy
    assert tuple(ss.spawn_key[:1]) == tuple(child.spawn_key) == (3,)


def test_each_init_gets_its_own_stream_but_optimizer_and_budget_share_it():
    a = run_seed(H2, cfg("gue"), 0, 1).generate_state(4)
    b = run_seed(H2, cfg("cue"), 0, 1).generate_state(4)
    c = run_seed(H2, cfg("gue", optimizer="spsa", max_iter=99, backend="default"), 0, 1)
    assert not np.array_equal(a, b)
    assert np.array_equal(a, c.generate_state(4))


def test_streams_of_two_inits_are_uncorrelated_over_seed_indices():
    n = 400
    x = np.array([np.random.default_rng(run_seed(H2, cfg("gue"), i, 5)).random() for i in range(n)])
    y = np.array([np.random.default_rng(run_seed(H2, cfg("goe"), i, 5)).random() for i in range(n)])
    # Pearson r of independent uniforms has standard error 1/sqrt(n); allow 5 SE.
    assert abs(np.corrcoef(x, y)[0, 1]) < 5 / np.sqrt(n)


def test_plan_is_the_product_and_independent_of_sweep_composition():
    configs = [cfg("gue"), cfg("cue"), cfg("uniform")]
    small = make_plan([H2], configs, 2, 3)
    big = make_plan([H2, LIH], configs, 4, 3)
    assert len(small) == 1 * 3 * 2 and len(big) == 2 * 3 * 4
    assert len({t.key for t in big}) == len(big)
    by_key = {t.key: t for t in big}
    for t in small:
        assert by_key[t.key] == t
        assert np.array_equal(t.seed_sequence().generate_state(2),
                              run_seed(H2, t.config, t.seed_index, 3).generate_state(2))


def test_plan_rejects_duplicates_and_bad_counts():
    with pytest.raises(ValueError, match="same run twice"):
        make_plan([H2], [cfg(), cfg()], 1, 0)
    with pytest.raises(ValueError, match="n_seeds must be a positive int; got 0"):
        make_plan([H2], [cfg()], 0, 0)
    with pytest.raises(ValueError, match="root_seed must be a non-negative int; got -1"):
        make_plan([H2], [cfg()], 1, -1)


def test_canonical_json_sorts_and_handles_numpy():
    assert canonical_json({"b": np.int64(1), "a": np.arange(2)}) == '{"a":[0,1],"b":1}'
