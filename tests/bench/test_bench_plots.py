"""Plot panels: one per cell, never mixing runs of different settings."""

from qrmt.bench.plots import _panel_cells, _titles


def _run(max_iter, init="gue"):
    return {"molecule": "H2", "molecule_spec": {"name": "H2", "symbols": ["H", "H"]},
            "ansatz": "hea", "layers": 2, "backend": "lightning", "optimizer": "adam",
            "init": init, "config": {"ansatz": "hea", "layers": 2, "backend": "lightning",
                                     "optimizer": "adam", "init": init, "max_iter": max_iter,
                                     "stepsize": None, "shots": None, "noise_backend": None}}


def test_runs_with_different_budgets_get_their_own_panels():
    cells = _panel_cells([_run(10), _run(10, "cue"), _run(300)])
    assert len(cells) == 2
    titles = _titles(list(cells))
    assert any("max_iter=10" in t for t in titles) and any("max_iter=300" in t for t in titles)


def test_one_setting_gives_one_panel_and_a_plain_title():
    cells = _panel_cells([_run(10), _run(10, "cue")])
    assert len(cells) == 1
    assert _titles(list(cells)) == ["H2 · hea · L=2 · lightning · adam"]
