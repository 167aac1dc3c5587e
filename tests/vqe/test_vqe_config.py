"""RunConfig validation and round trips; RunResult serialisation."""

from __future__ import annotations

import math

import pytest

from qrmt.vqe import (
    ANSATZE,
    BACKENDS,
    CHEMISTRY_INITS,
    OPTIMIZERS,
    RunConfig,
    RunResult,
    init_choices,
)


def test_public_name_tuples():
    assert ANSATZE == ("hea", "ry", "uccsd", "kupccgsd")
    assert BACKENDS == ("lightning", "default", "aer", "aer-shots", "aer-noisy")
    assert OPTIMIZERS == ("adam", "gd", "lbfgs", "cobyla", "spsa")
    assert CHEMISTRY_INITS == ("hf", "mp2")
    names = init_choices()
    for s in ("gue", "cue", "goe", "uniform", "zeros", "gaussian", "hf", "mp2"):
        assert s in names


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("ansatz", "uccds", r"unknown ansatz 'uccds'.*did you mean 'uccsd'"),
        ("backend", "lightnin", r"unknown backend 'lightnin'.*did you mean 'lightning'"),
        ("optimizer", "adma", r"unknown optimizer 'adma'.*did you mean 'adam'"),
        ("init", "guee", r"unknown init 'guee'.*did you mean 'gue'"),
        ("layers", 0, r"layers must be a positive int; got 0"),
        ("max_iter", -3, r"max_iter must be a positive int; got -3"),
        ("stepsize", -0.1, r"stepsize must be a finite number > 0; got -0.1"),
        ("shots", 0, r"shots must be a positive int; got 0"),
    ],
)
def test_bad_values_raise_clear_value_errors(field, value, match):
    with pytest.raises(ValueError, match=match):
        RunConfig(**{field: value}).validate()


def test_bad_types_raise_type_errors():
    with pytest.raises(TypeError, match="layers must be a positive int"):
        RunConfig(layers=2.5).validate()
    with pytest.raises(TypeError, match="init_options must be a tuple"):
        RunConfig(init_options={"budget": 1.0}).validate()


@pytest.mark.parametrize("init", ["hf", "mp2"])
@pytest.mark.parametrize("ansatz", ["hea", "ry"])
def test_chemistry_inits_rejected_for_hardware_efficient_ansatze(ansatz, init):
    with pytest.raises(ValueError, match=f"init '{init}' is a chemistry initial point.*'{ansatz}'"):
        RunConfig(ansatz=ansatz, init=init).validate()


def test_chemistry_inits_accepted_for_chemistry_ansatze():
    RunConfig(ansatz="uccsd", init="hf").validate()
    RunConfig(ansatz="uccsd", init="mp2").validate()
    RunConfig(ansatz="kupccgsd", init="hf").validate()
    with pytest.raises(ValueError, match="init 'mp2' is defined for ansatz 'uccsd' only"):
        RunConfig(ansatz="kupccgsd", init="mp2").validate()


def test_kupccgsd_not_on_aer():
    with pytest.raises(ValueError, match="'kupccgsd' is not available on Aer backends"):
        RunConfig(ansatz="kupccgsd", backend="aer").validate()


def test_dict_round_trip_and_defaults():
    cfg = RunConfig(ansatz="ry", layers=3, init="gue", init_options=(("budget", 0.5),),
                    backend="aer-shots", optimizer="spsa", max_iter=7, stepsize=0.2, shots=256)
    d = cfg.to_dict()
    assert d["init_options"] == {"budget": 0.5}
    assert RunConfig.from_dict(d) == cfg
    assert hash(RunConfig.from_dict(d)) == hash(cfg)
    assert RunConfig().effective_shots == 1024
    assert RunConfig().effective_noise_backend == "fake_manila"
    with pytest.raises(ValueError, match=r"unknown RunConfig fields \['colour'\]"):
        RunConfig.from_dict({"colour": 1})


def test_run_result_to_dict_maps_nan_to_none():
    r = RunResult(4, 3, 0.0, -1.0, [0.0, -1.0], 2, 1, None, 0.1, False, False, math.nan,
                  [0.0], [1.0], 0.1)
    assert r.to_dict()["sector_weight"] is None
    assert r.to_dict()["energies"] == [0.0, -1.0]


def test_bad_init_options_fail_in_validate():
    with pytest.raises((TypeError, ValueError), match="colour"):
        RunConfig(init="gue", init_options=(("colour", 1),)).validate()
    with pytest.raises(ValueError, match="init 'hf' takes no init_options"):
        RunConfig(ansatz="uccsd", init="hf", init_options=(("budget", 1.0),)).validate()
    with pytest.raises(ValueError, match="must not set 'template'"):
        RunConfig(init="gue", init_options=(("template", "X"),)).validate()
    RunConfig(init="gue", init_options=(("budget", 0.5),)).validate()


def test_resolved_config_records_the_strategy_defaults():
    from qrmt.bench.plan import run_key
    from qrmt.init import DEFAULT_BUDGET

    cfg = RunConfig(init="gue").resolved()
    assert dict(cfg.init_options) == {"budget": DEFAULT_BUDGET, "chart": "exact"}
    other = RunConfig(init="gue", init_options=(("budget", DEFAULT_BUDGET * 2),)).resolved()
    mol = {"name": "H2"}
    assert run_key(mol, cfg.to_dict(), 0, 1) != run_key(mol, other.to_dict(), 0, 1)
    assert RunConfig(ansatz="uccsd", layers=1, init="hf").resolved().init_options == ()
